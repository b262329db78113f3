/* screen-list.c - the widgets of a list question (select_one,
 * select_multiple, rank, a Likert scale) and their keys, type-ahead
 * included. */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include "tui/screens.h"
#include "tui/term.h"
#include "tui/text.h"
#include "util/mem.h"

bool cui_is_likert(const struct form_question *q)
{
	return q->appearance && strstr(q->appearance, "likert");
}

bool cui_is_list(const struct form_question *q)
{
	return q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE || q->type == FQ_RANK;
}

void cui_refresh_choices(struct ui *u)
{
	const struct form_question *q = cui_question(u);
	free(u->choice_idx);
	u->choice_idx = NULL;
	u->n_choice = 0;
	if (!q->list)
		return;
	u->choice_idx = ky_calloc(q->list->n_choices + 1, sizeof *u->choice_idx);
	u->n_choice = session_choices(u->resp->session, u->qi, u->choice_idx);
}

const struct form_choice *cui_nth_choice(const struct ui *u, int i)
{
	if (i < 0 || (size_t)i >= u->n_choice)
		return NULL;
	return &cui_question(u)->list->choices[u->choice_idx[i]];
}

/* More than nine choices: digits are typed and Enter picks, instead of
 * a digit picking at once. */
bool cui_is_long_list(const struct ui *u)
{
	return cui_is_list(cui_question(u)) && u->n_choice > SHORT_LIST;
}

static const char *label_of(const struct ui *u, int i)
{
	return session_choice_label(u->resp->session, cui_nth_choice(u, i));
}

static int digits(size_t n)
{
	int w = 1;
	for (; n >= 10; n /= 10)
		w++;
	return w;
}

/* Digits of the highest choice number. */
static int number_width(const struct ui *u)
{
	return digits(u->n_choice);
}

/* Numbers are right-aligned; a list whose numbers need more than one
 * digit starts that many columns further left, so that every label
 * starts in the same column whatever the length of the list. */
static int list_x(const struct ui *u)
{
	int x = 4 - number_width(u);
	return x < 0 ? 0 : x;
}

/* The text in front of a choice: its number and its tick mark. */
static void choice_prefix(const struct ui *u, int i, char *buf, size_t len)
{
	const struct form_question *q = cui_question(u);
	const struct form_choice *c = cui_nth_choice(u, i);
	char num[20];
	snprintf(num, sizeof num, "%.*s%d. ", number_width(u) - digits((size_t)i + 1), "      ",
		 i + 1);
	if (q->type == FQ_SELECT_ONE) {
		snprintf(buf, len, "%s(%s) ", num, i == u->highlight ? "•" : " ");
	} else if (q->type == FQ_RANK) {
		int pos = session_multi_position(u->work, c->name);
		char mark[16] = " ";
		if (pos)
			snprintf(mark, sizeof mark, "%d", pos);
		snprintf(buf, len, "%s[%s] ", num, mark);
	} else {
		snprintf(buf, len, "%s[%s] ", num, session_multi_has(u->work, c->name) ? "x" : " ");
	}
}

static int choice_rows(const struct ui *u, int i, int cols)
{
	char prefix[48];
	choice_prefix(u, i, prefix, sizeof prefix);
	return cui_wrapped_rows(label_of(u, i), cols - cui_text_width(prefix));
}

/* Scrolls so that the highlighted choice, wrapped, fits between top and bottom. */
static void scroll_to_focus(struct ui *u, int rows, int width)
{
	int focus = u->highlight < 0 ? 0 : u->highlight, rows_needed, i;
	if (u->scroll > focus)
		u->scroll = focus;
	for (;;) {
		rows_needed = 0;
		for (i = u->scroll; i <= focus; i++)
			rows_needed += choice_rows(u, i, width);
		if (rows_needed <= rows || u->scroll >= focus)
			break;
		u->scroll++;
	}
}

/* Choice i from row *y on, wrapped to width, at most to bottom. */
static void draw_choice(struct ui *u, int i, int *y, int bottom, int x, int width)
{
	const struct tui_style *st = tui_term_style();
	const struct form_choice *c = cui_nth_choice(u, i);
	bool ticked = cui_question(u)->type == FQ_SELECT_ONE ? i == u->highlight
		: session_multi_has(u->work, c->name);
	unsigned int attr = i == u->highlight ? st->highlight : (ticked ? st->selected : A_NORMAL);
	char prefix[48];
	struct tui_lines l;
	int pw, k;
	choice_prefix(u, i, prefix, sizeof prefix);
	pw = cui_text_width(prefix);
	tui_text_wrap(session_choice_label(u->resp->session, c), width - pw, &l);
	for (k = 0; k < (int)l.n && *y < bottom; k++, (*y)++) {
		if (i == u->highlight)
			cui_put_text(*y, x, width, "", attr, true);
		if (k == 0)
			cui_put_text(*y, x, pw, prefix, attr, false);
		cui_put_wide(*y, x + pw, width - pw, l.line[k], wcslen(l.line[k]), attr, false);
	}
	tui_lines_release(&l);
}

void cui_draw_list(struct ui *u, int top, int bottom, int cols)
{
	int x = list_x(u), width = cols - 3 - x, y, i;
	if (!u->n_choice)
		return;
	scroll_to_focus(u, bottom - top, width);
	y = top;
	for (i = u->scroll; i < (int)u->n_choice && y < bottom; i++)
		draw_choice(u, i, &y, bottom, x, width);
	if (u->scroll > 0)
		mvaddstr(top, cols - 2, "↑");
	if (i < (int)u->n_choice || y > bottom)
		mvaddstr(bottom - 1, cols - 2, "↓");
}

/* Under a Likert scale drawn as numbers: the picked point spelled out,
 * then a legend of every point. */
static void draw_likert_legend(struct ui *u, int top, int bottom, int cols)
{
	const struct tui_style *st = tui_term_style();
	char *legend;
	int i;
	if (u->highlight >= 0)
		top += cui_put_wrapped(top, 3, cols - 6, bottom - top, label_of(u, u->highlight),
				       st->selected) + 1;
	legend = ky_strdup("");
	for (i = 0; i < (int)u->n_choice; i++) {
		char *next = ky_asprintf("%s%s%d = %s", legend, i ? "   " : "", i + 1,
					 label_of(u, i));
		free(legend);
		legend = next;
	}
	if (top < bottom)
		cui_put_wrapped(top, 3, cols - 6, bottom - top, legend, st->hint);
	free(legend);
}

/* A Likert scale on one row; when the labels do not fit, numbered cells
 * with the highlighted label spelled out below. */
void cui_draw_likert(struct ui *u, int top, int bottom, int cols)
{
	const struct tui_style *st = tui_term_style();
	int i, total = 0, x = 3, n = (int)u->n_choice;
	bool full;
	for (i = 0; i < n; i++)
		total += cui_text_width(label_of(u, i)) + 6;
	full = total <= cols - 6;
	for (i = 0; i < n && top < bottom; i++) {
		char cell[256];
		unsigned int attr = i == u->highlight ? st->highlight : A_NORMAL;
		if (full)
			snprintf(cell, sizeof cell, "(%s) %s", i == u->highlight ? "•" : " ",
				 label_of(u, i));
		else
			snprintf(cell, sizeof cell, "(%s) %d", i == u->highlight ? "•" : " ", i + 1);
		x += cui_put_text(top, x, cols - x - 1, cell, attr, false) + (full ? 2 : 3);
	}
	if (full || top + 2 >= bottom)
		return;
	draw_likert_legend(u, top + 2, bottom, cols);
}

/* Under a list: the number or the start of a label typed so far, or on
 * a long list, how to type one (unless a message holds the place). */
void cui_draw_typed(const struct ui *u, int y, int cols)
{
	const struct tui_style *st = tui_term_style();
	char line[256];
	if (u->n_typed) {
		char *typed = tui_text_narrow(u->typed, u->n_typed);
		snprintf(line, sizeof line,
			 cui_word(u, u->typed_number ? UW_TYPED_NUMBER : UW_TYPED_LABEL), typed);
		free(typed);
		cui_put_text(y, 2, cols - 4, line, st->selected, false);
	} else if (cui_is_long_list(u) && !*u->msg) {
		cui_put_text(y, 2, cols - 4,
			     cui_word(u, cui_question(u)->type == FQ_SELECT_ONE ? UW_LONG_ONE_HINT
				      : UW_LONG_MULTIPLE_HINT), st->hint, false);
	}
}

static void toggle_work(struct ui *u, int i)
{
	const struct form_choice *c = cui_nth_choice(u, i);
	char *next;
	if (!c)
		return;
	next = session_multi_toggle(u->work, c->name);
	free(u->work);
	u->work = next;
}

/* ---- type-ahead ---- */

/* The first choice whose label starts with what was typed: a match
 * ignoring case first, then one ignoring accents too; -1 when none. */
static int typed_label_match(const struct ui *u)
{
	int pass, i;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < (int)u->n_choice; i++)
			if (tui_text_starts_with(label_of(u, i), u->typed, u->n_typed, pass == 1))
				return i;
	return -1;
}

/* The choice the typed number or label start stands for, or -1. */
static int typed_choice(const struct ui *u)
{
	long v = 0;
	size_t i;
	if (!u->n_typed)
		return -1;
	if (!u->typed_number)
		return typed_label_match(u);
	for (i = 0; i < u->n_typed; i++)
		v = v * 10 + (u->typed[i] - L'0');
	return v >= 1 && v <= (long)u->n_choice ? (int)v - 1 : -1;
}

/* Adds a typed character and highlights the choice it leads to. When the
 * longer text stands for no choice the character starts again on its own
 * (5 then 3 on a list of twelve is 3, not 53); when that stands for none
 * either, the character is dropped. */
static void typed_add(struct ui *u, wint_t k, bool number)
{
	wchar_t before[MAX_TYPED];
	size_t n_before = u->n_typed;
	int c;
	if (u->n_typed && u->typed_number != number)
		n_before = u->n_typed = 0;
	if (!u->n_typed)
		u->typed_from = u->highlight;
	if (u->n_typed + 1 >= MAX_TYPED)
		return;
	wmemcpy(before, u->typed, n_before);
	u->typed_number = number;
	u->typed[u->n_typed++] = (wchar_t)k;
	c = typed_choice(u);
	if (c < 0 && u->n_typed > 1) {
		u->typed[0] = (wchar_t)k;
		u->n_typed = 1;
		c = typed_choice(u);
	}
	if (c < 0) {
		wmemcpy(u->typed, before, n_before);
		u->n_typed = n_before;
		return;
	}
	u->highlight = c;
}

/* Digits of a choice number (on a long list; on a short one a digit picks
 * at once) and other printable characters as the start of a label;
 * Backspace takes back the last one. Returns whether k was taken. */
static bool typed_key(struct ui *u, struct tui_key k)
{
	if (u->n_typed && k.action == TK_BACKSPACE) {
		u->n_typed--;
		u->highlight = u->n_typed ? typed_choice(u) : u->typed_from;
		return true;
	}
	if (k.action != TK_CHAR)
		return false;
	if (tui_key_digit(k) >= 0) {
		if (!cui_is_long_list(u))
			return false;
		typed_add(u, k.ch, true);
		return true;
	}
	if (!iswgraph(k.ch))
		return false;
	typed_add(u, k.ch, false);
	return true;
}

/* Enter on a checklist while a number or a label's start is typed ticks
 * that choice before going on (Space ticks it and stays); Enter never
 * takes a tick away. */
void cui_pick_typed(struct ui *u)
{
	const struct form_choice *c = cui_nth_choice(u, u->highlight);
	if (u->n_typed && c && cui_question(u)->type != FQ_SELECT_ONE &&
	    !session_multi_has(u->work, c->name))
		toggle_work(u, u->highlight);
	u->n_typed = 0;
}

void cui_list_key(struct ui *u, struct tui_key k)
{
	const struct form_question *q = cui_question(u);
	int n = (int)u->n_choice, digit = tui_key_digit(k);
	bool likert = cui_is_likert(q) && q->type == FQ_SELECT_ONE;
	if (typed_key(u, k))
		return;
	u->n_typed = 0;
	if (k.action == TK_UP || (likert && k.action == TK_LEFT))
		cui_move_highlight(u, -1, n);
	else if (k.action == TK_DOWN || (likert && k.action == TK_RIGHT))
		cui_move_highlight(u, 1, n);
	else if (k.action == TK_HOME && n)
		u->highlight = 0;
	else if (k.action == TK_END && n)
		u->highlight = n - 1;
	else if (k.action == TK_PAGE_DOWN)
		cui_move_highlight(u, cui_page_lines(), n);
	else if (digit >= 1 && digit - 1 < n) {
		u->highlight = digit - 1;
		if (q->type != FQ_SELECT_ONE)
			toggle_work(u, u->highlight);
	} else if (k.action == TK_SELECT && q->type != FQ_SELECT_ONE)
		toggle_work(u, u->highlight);
	else if (q->type == FQ_SELECT_ONE && (k.action == TK_BACKSPACE || k.action == TK_DELETE))
		u->highlight = -1;
}
