/* collect-ui.c - the respondent's screens and keys on top of the session layer. */
#include "config.h"
#include <ctype.h>
#include <curses.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>
#include "collect/respondent.h"
#include "tui/collect-ui.h"
#include "tui/debrief-ui.h"
#include "tui/editor.h"
#include "tui/term.h"
#include "tui/text.h"
#include "util/mem.h"

#define MIN_ROWS 10
#define MIN_COLS 40
#define OPERATOR_SECONDS 30
#define IDLE_WARN_MAX 30
#define THANKS_SECONDS 20
#define MAX_PICK 200
#define SHORT_LIST 9     /* up to nine choices a digit picks at once */
#define MAX_TYPED 32

enum ui_screen { SCR_WELCOME, SCR_CODE, SCR_QUESTION, SCR_REVIEW, SCR_THANKS, SCR_PICK };

struct ui {
	const struct tui_collect_opts *o;
	struct tui_collect_result *res;
	struct respondent *resp;
	enum ui_screen screen;
	int lang;              /* form language before a respondent exists */
	int qi;                /* question on screen */
	bool from_review;      /* Enter returns to the review screen */
	int highlight;         /* choice, review row or picked response; -1 none */
	int scroll;
	struct tui_editor ed;
	char *work;            /* select_multiple / rank / acknowledge value being edited */
	char msg[512];
	bool skip_asked;       /* msg asks whether to skip the question on screen */
	size_t *choice_idx, n_choice;
	/* type-ahead on a list: the digits of a choice number (long lists)
	 * or the start of a label typed so far, and the highlight before */
	wchar_t typed[MAX_TYPED];
	size_t n_typed;
	bool typed_number;
	int typed_from;
	char **partials;       /* welcome screen: unfinished responses */
	size_t n_partials;
	bool operator_mode;
	bool idle_warned;      /* kiosk: "still there?" is on screen */
	time_t operator_deadline, thanks_since, last_key;
	char operator_buf[KIOSK_SECRET_MAX + MB_LEN_MAX + 1];   /* never drawn */
	size_t operator_len;
	struct linkage_code code;   /* the code screen: the parts hashed so far */
	bool quit;
};

/* ---- small drawing helpers ---- */

/* Draws n wide characters at y,x clipped to cols columns; pads with
 * spaces to cols when pad. Returns the columns used. */
static int put_wide(int y, int x, int cols, const wchar_t *w, size_t n, unsigned int attr, bool pad)
{
	size_t fit;
	int used;
	if (cols <= 0)
		return 0;
	fit = tui_text_fit(w, n, cols);
	used = tui_text_width(w, fit);
	attron((int)attr);
	if (fit)
		mvaddnwstr(y, x, w, (int)fit);
	else
		move(y, x);
	if (pad)
		for (; used < cols; used++)
			addch(' ');
	attroff((int)attr);
	return used;
}

static int put_text(int y, int x, int cols, const char *utf8, unsigned int attr, bool pad)
{
	size_t n;
	wchar_t *w = tui_text_widen(utf8, &n);
	int used = put_wide(y, x, cols, w, n, attr, pad);
	free(w);
	return used;
}

static int text_width(const char *utf8)
{
	size_t n;
	wchar_t *w = tui_text_widen(utf8, &n);
	int cols = tui_text_width(w, n);
	free(w);
	return cols;
}

/* Wrapped text from row y on, at most max_rows rows; returns rows used. */
static int put_wrapped(int y, int x, int cols, int max_rows, const char *utf8, unsigned int attr)
{
	struct tui_lines l;
	int i;
	if (!*utf8 || max_rows <= 0)
		return 0;
	tui_text_wrap(utf8, cols, &l);
	for (i = 0; i < (int)l.n && i < max_rows; i++)
		put_wide(y + i, x, cols, l.line[i], wcslen(l.line[i]), attr, false);
	if ((int)l.n > max_rows && max_rows > 0)
		mvaddstr(y + max_rows - 1, x + cols - 1, "…");
	tui_lines_release(&l);
	return i;
}

/* Like put_wrapped, from line *first on (clamped so that the last page
 * is full), with arrows in the right margin when more is above or below:
 * how a note longer than the screen is read. */
static int put_wrapped_scrolled(int y, int x, int cols, int max_rows, const char *utf8,
				unsigned int attr, int *first)
{
	struct tui_lines l;
	int i;
	if (!*utf8 || max_rows <= 0)
		return 0;
	tui_text_wrap(utf8, cols - 2, &l);
	if (*first > (int)l.n - max_rows)
		*first = (int)l.n - max_rows;
	if (*first < 0)
		*first = 0;
	for (i = 0; *first + i < (int)l.n && i < max_rows; i++)
		put_wide(y + i, x, cols - 2, l.line[*first + i], wcslen(l.line[*first + i]), attr, false);
	if (*first > 0)
		mvaddstr(y, x + cols - 1, "↑");
	if (*first + max_rows < (int)l.n)
		mvaddstr(y + max_rows - 1, x + cols - 1, "↓");
	tui_lines_release(&l);
	return i;
}

static int wrapped_rows(const char *utf8, int cols)
{
	struct tui_lines l;
	int n;
	if (!*utf8)
		return 0;
	tui_text_wrap(utf8, cols, &l);
	n = (int)l.n;
	tui_lines_release(&l);
	return n;
}

/* ---- state ---- */

static const struct form *ui_form(const struct ui *u)
{
	return u->o->form;
}

static int ui_lang_index(const struct ui *u)
{
	return u->resp ? session_lang(u->resp->session) : u->lang;
}

static enum ui_lang ui_words(const struct ui *u)
{
	const struct form *f = ui_form(u);
	int l = ui_lang_index(u);
	if (l < 0 || (size_t)l >= f->n_langs)
		return UI_EN;
	return ui_lang_from_code(f->langs[l].code);
}

static const char *W(const struct ui *u, enum ui_word w)
{
	return ui_text(ui_words(u), w);
}

static const struct form_question *cur_q(const struct ui *u)
{
	return &ui_form(u)->questions[u->qi];
}

static bool is_likert(const struct form_question *q)
{
	return q->appearance && strstr(q->appearance, "likert");
}

static bool is_list(const struct form_question *q)
{
	return q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE || q->type == FQ_RANK;
}

static bool is_entry(const struct form_question *q)
{
	switch (q->type) {
	case FQ_INTEGER: case FQ_DECIMAL: case FQ_RANGE: case FQ_TEXT:
	case FQ_DATE: case FQ_TIME: case FQ_DATETIME:
		return true;
	default:
		return false;
	}
}

static void refresh_choices(struct ui *u)
{
	const struct form_question *q = cur_q(u);
	free(u->choice_idx);
	u->choice_idx = NULL;
	u->n_choice = 0;
	if (!q->list)
		return;
	u->choice_idx = ky_calloc(q->list->n_choices + 1, sizeof *u->choice_idx);
	u->n_choice = session_choices(u->resp->session, u->qi, u->choice_idx);
}

static const struct form_choice *nth_choice(const struct ui *u, int i)
{
	if (i < 0 || (size_t)i >= u->n_choice)
		return NULL;
	return &cur_q(u)->list->choices[u->choice_idx[i]];
}

static void enter_question(struct ui *u, int qi)
{
	const char *initial;
	const struct form_question *q;
	size_t i;
	u->screen = SCR_QUESTION;
	u->qi = qi;
	respondent_show(u->resp, qi);
	u->msg[0] = '\0';
	u->skip_asked = false;   /* coming back to a question asks again */
	u->scroll = 0;
	u->highlight = -1;
	u->n_typed = 0;
	q = cur_q(u);
	initial = session_initial_value(u->resp->session, qi);
	free(u->work);
	u->work = ky_strdup(initial);
	tui_editor_set(&u->ed, initial);
	refresh_choices(u);
	if (q->type == FQ_SELECT_ONE) {
		for (i = 0; i < u->n_choice; i++)
			if (!strcmp(nth_choice(u, (int)i)->name, initial))
				u->highlight = (int)i;
	} else if (q->type == FQ_SELECT_MULTIPLE || q->type == FQ_RANK) {
		u->highlight = u->n_choice ? 0 : -1;
	}
}

/* The answer as the widgets hold it now. Caller frees. */
static char *current_value(const struct ui *u)
{
	const struct form_question *q = cur_q(u);
	const struct form_choice *c;
	if (is_entry(q))
		return tui_editor_text(&u->ed);
	if (q->type == FQ_SELECT_ONE) {
		c = nth_choice(u, u->highlight);
		return ky_strdup(c ? c->name : "");
	}
	return ky_strdup(u->work ? u->work : "");
}

static void enter_review(struct ui *u)
{
	respondent_show(u->resp, -1);
	u->screen = SCR_REVIEW;
	u->highlight = 0;
	u->scroll = 0;
	u->from_review = false;
	u->msg[0] = '\0';
}

static void enter_welcome(struct ui *u)
{
	size_t i;
	u->screen = SCR_WELCOME;
	u->lang = u->o->lang;
	u->msg[0] = '\0';
	for (i = 0; i < u->n_partials; i++)
		free(u->partials[i]);
	free(u->partials);
	u->partials = NULL;
	u->n_partials = 0;
}

/* Reads the unfinished responses for the operator (never in kiosk mode). */
static int load_partials(struct ui *u, struct ky_error *err)
{
	if (u->o->kiosk)
		return KY_OK;
	return store_list_partial(u->o->store, u->o->form_pk, &u->partials, &u->n_partials, err);
}

/* A new respondent starts at the top (an introductory note included); a
 * resumed one where the answers stop. */
static void go_first(struct ui *u, bool resumed)
{
	int qi = resumed ? session_first_unanswered(u->resp->session) : -1;
	if (qi < 0)
		qi = session_first(u->resp->session);
	if (qi < 0)
		enter_review(u);
	else
		enter_question(u, qi);
}

/* A new response with the linkage code typed on the code screen. */
static int start_linked(struct ui *u, struct ky_error *err)
{
	char value[LINKAGE_VALUE_MAX + 1];
	struct attrs_builder b;
	int rc;
	linkage_code_value(&u->code, value);
	sodium_memzero(&u->code, sizeof u->code);
	attrs_builder_init(&b);
	rc = respondent_start(u->o->store, u->o->form_pk, u->o->form, u->lang,
			      linkage_attrs_json(u->o->set, value, &b), &u->resp, err);
	attrs_builder_release(&b);
	return rc;
}

static void wipe_editor(struct ui *u)
{
	if (u->ed.buf)
		sodium_memzero(u->ed.buf, u->ed.cap * sizeof *u->ed.buf);
	tui_editor_set(&u->ed, "");
}

static void enter_code(struct ui *u)
{
	sodium_memzero(&u->code, sizeof u->code);
	wipe_editor(u);
	u->screen = SCR_CODE;
	u->msg[0] = '\0';
}

static int start_respondent(struct ui *u, const char *resume_uuid, struct ky_error *err)
{
	int rc;
	if (resume_uuid)
		rc = respondent_resume(u->o->store, u->o->form_pk, u->o->form, resume_uuid,
				       &u->resp, err);
	else if (!ui_form(u)->linkage_code)
		rc = respondent_start(u->o->store, u->o->form_pk, u->o->form, u->lang,
				      u->o->attrs_json, &u->resp, err);
	else
		rc = start_linked(u, err);
	if (rc)
		return rc;
	snprintf(u->res->partial_uuid, sizeof u->res->partial_uuid, "%s", u->resp->uuid);
	go_first(u, resume_uuid != NULL);
	return KY_OK;
}

/* ---- drawing ---- */

static void draw_header(const struct ui *u, int cols)
{
	const struct tui_style *st = tui_term_style();
	const struct form *f = ui_form(u);
	int l = ui_lang_index(u);
	char right[200];
	int rw;
	snprintf(right, sizeof right, " %s ",
		 (l >= 0 && (size_t)l < f->n_langs) ? f->langs[l].name : "");
	rw = text_width(right);
	move(0, 0);
	put_text(0, 0, cols, "", st->title, true);
	put_text(0, 1, cols - rw - 2, f->title ? f->title : (f->form_id ? f->form_id : ""),
		 st->title, false);
	if (rw < cols - 10)
		put_text(0, cols - rw, rw, right, st->title, false);
}

static void draw_help(const struct ui *u, int rows, int cols, const char *help)
{
	const struct tui_style *st = tui_term_style();
	if (u->operator_mode) {
		/* the typed secret is never drawn, not even as stars: its length is a hint too */
		char line[128];
		snprintf(line, sizeof line, " %s", W(u, UW_OPERATOR_PROMPT));
		put_text(rows - 1, 0, cols, line, st->help, true);
		return;
	}
	put_text(rows - 1, 0, cols, "", st->help, true);
	put_text(rows - 1, 1, cols - 1, help, st->help, false);
}

/* The progress line shows no total of questions: skip logic changes that
 * total while the respondent answers (53, then 57, then 58). It names the
 * section instead, a top-level group i of n counted over the whole form
 * whether or not skip logic will show it (session_section), and how many
 * questions hold an answer. The bar fills by sections: those before the
 * current one, and all of them on the review screen. A form without
 * groups shows the answered count alone. */
static void draw_progress(const struct ui *u, int y, int cols)
{
	const struct tui_style *st = tui_term_style();
	bool review = u->screen == SCR_REVIEW;
	int done, total, section, sections, barw, filled, i;
	char text[128];
	session_progress(u->resp->session, &done, &total);
	session_section(u->resp->session, review ? -1 : u->qi, &section, &sections);
	if (sections && !review)
		snprintf(text, sizeof text, W(u, UW_PROGRESS_SECTION), section, sections, done);
	else
		snprintf(text, sizeof text, W(u, UW_PROGRESS_ANSWERED), done);
	barw = cols - 6 - text_width(text);
	if (barw > 40)
		barw = 40;
	if (barw < 5 || !sections)
		barw = 0;
	filled = review ? barw : (sections ? barw * (section - 1) / sections : 0);
	move(y, 2);
	for (i = 0; i < barw; i++) {
		attron((int)(i < filled ? st->progress_done : st->progress_todo));
		addstr(i < filled ? "█" : "░");
		attroff((int)(i < filled ? st->progress_done : st->progress_todo));
	}
	put_text(y, 2 + barw + (barw ? 2 : 0), cols - barw - 4, text, A_NORMAL, false);
}

/* More than nine choices: digits are typed and Enter picks, instead of
 * a digit picking at once. */
static bool is_long_list(const struct ui *u)
{
	return is_list(cur_q(u)) && u->n_choice > SHORT_LIST;
}

static const char *help_for(const struct ui *u)
{
	const struct form_question *q = cur_q(u);
	bool lng = is_long_list(u);
	switch (q->type) {
	case FQ_SELECT_ONE:
		if (is_likert(q))
			return W(u, UW_HELP_LIKERT);
		return W(u, lng ? UW_HELP_LONG_ONE : UW_HELP_SELECT_ONE);
	case FQ_SELECT_MULTIPLE:
		return W(u, lng ? UW_HELP_LONG_MULTIPLE : UW_HELP_SELECT_MULTIPLE);
	case FQ_RANK:
		return W(u, lng ? UW_HELP_LONG_RANK : UW_HELP_RANK);
	case FQ_NOTE:
		return W(u, UW_HELP_NOTE);
	case FQ_ACKNOWLEDGE:
		return W(u, UW_HELP_ACK);
	default:
		return W(u, UW_HELP_FIELD);
	}
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
	const struct form_question *q = cur_q(u);
	const struct form_choice *c = nth_choice(u, i);
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
	return wrapped_rows(session_choice_label(u->resp->session, nth_choice(u, i)),
			    cols - text_width(prefix));
}

static void draw_list(struct ui *u, int top, int bottom, int cols)
{
	const struct tui_style *st = tui_term_style();
	int x = list_x(u), width = cols - 3 - x, y, i, rows_needed, focus;
	if (!u->n_choice)
		return;
	focus = u->highlight < 0 ? 0 : u->highlight;
	if (u->scroll > focus)
		u->scroll = focus;
	for (;;) {
		rows_needed = 0;
		for (i = u->scroll; i <= focus; i++)
			rows_needed += choice_rows(u, i, width);
		if (rows_needed <= bottom - top || u->scroll >= focus)
			break;
		u->scroll++;
	}
	y = top;
	for (i = u->scroll; i < (int)u->n_choice && y < bottom; i++) {
		char prefix[48];
		struct tui_lines l;
		int pw, k;
		unsigned int attr;
		const struct form_choice *c = nth_choice(u, i);
		bool ticked = cur_q(u)->type == FQ_SELECT_ONE ? i == u->highlight
			: session_multi_has(u->work, c->name);
		choice_prefix(u, i, prefix, sizeof prefix);
		pw = text_width(prefix);
		attr = i == u->highlight ? st->highlight : (ticked ? st->selected : A_NORMAL);
		tui_text_wrap(session_choice_label(u->resp->session, c), width - pw, &l);
		for (k = 0; k < (int)l.n && y < bottom; k++, y++) {
			if (i == u->highlight)
				put_text(y, x, width, "", attr, true);
			if (k == 0)
				put_text(y, x, pw, prefix, attr, false);
			put_wide(y, x + pw, width - pw, l.line[k], wcslen(l.line[k]), attr, false);
		}
		tui_lines_release(&l);
	}
	if (u->scroll > 0)
		mvaddstr(top, cols - 2, "↑");
	if (i < (int)u->n_choice || y > bottom)
		mvaddstr(bottom - 1, cols - 2, "↓");
}

/* A Likert scale on one row; when the labels do not fit, numbered cells
 * with the highlighted label spelled out below. */
static void draw_likert(struct ui *u, int top, int bottom, int cols)
{
	const struct tui_style *st = tui_term_style();
	int i, total = 0, x = 3, n = (int)u->n_choice;
	char *legend;
	bool full;
	for (i = 0; i < n; i++)
		total += text_width(session_choice_label(u->resp->session, nth_choice(u, i))) + 6;
	full = total <= cols - 6;
	for (i = 0; i < n && top < bottom; i++) {
		char cell[256];
		unsigned int attr = i == u->highlight ? st->highlight : A_NORMAL;
		if (full)
			snprintf(cell, sizeof cell, "(%s) %s", i == u->highlight ? "•" : " ",
				 session_choice_label(u->resp->session, nth_choice(u, i)));
		else
			snprintf(cell, sizeof cell, "(%s) %d", i == u->highlight ? "•" : " ", i + 1);
		x += put_text(top, x, cols - x - 1, cell, attr, false) + (full ? 2 : 3);
	}
	if (full || top + 2 >= bottom)
		return;
	/* the picked point spelled out, then a legend of every point */
	top += 2;
	if (u->highlight >= 0) {
		top += put_wrapped(top, 3, cols - 6, bottom - top,
				   session_choice_label(u->resp->session, nth_choice(u, u->highlight)),
				   st->selected) + 1;
	}
	legend = ky_strdup("");
	for (i = 0; i < n; i++) {
		char *next = ky_asprintf("%s%s%d = %s", legend, i ? "   " : "", i + 1,
					 session_choice_label(u->resp->session, nth_choice(u, i)));
		free(legend);
		legend = next;
	}
	if (top < bottom)
		put_wrapped(top, 3, cols - 6, bottom - top, legend, st->hint);
	free(legend);
}

static void draw_entry(struct ui *u, int top, int cols)
{
	const struct form_question *q = cur_q(u);
	char after[128] = "";
	char a[32], b[32];
	int fieldw = cols - 10, cursor_col;
	switch (q->type) {
	case FQ_RANGE:
		snprintf(a, sizeof a, "%g", q->range_start);
		snprintf(b, sizeof b, "%g", q->range_end);
		snprintf(after, sizeof after, W(u, UW_RANGE_BOUNDS), a, b);
		break;
	case FQ_DATE:
		snprintf(after, sizeof after, "%s", W(u, UW_DATE_FORMAT));
		break;
	case FQ_TIME:
		snprintf(after, sizeof after, "%s", W(u, UW_TIME_FORMAT));
		break;
	case FQ_DATETIME:
		snprintf(after, sizeof after, "%s", W(u, UW_DATETIME_FORMAT));
		break;
	default:
		break;
	}
	if (q->type != FQ_TEXT && fieldw > 24)
		fieldw = 24;
	else if (fieldw > 60)
		fieldw = 60;
	mvaddstr(top, 3, "> ");
	cursor_col = tui_editor_view(&u->ed, fieldw);
	put_wide(top, 5, fieldw, u->ed.buf + u->ed.scroll, u->ed.len - u->ed.scroll,
		 A_UNDERLINE, true);
	if (*after)
		put_text(top, 5 + fieldw + 2, cols - fieldw - 8, after, tui_term_style()->hint, false);
	move(top, 5 + cursor_col);
}

/* Under a list: the number or the start of a label typed so far, or on
 * a long list, how to type one (unless a message holds the place). */
static void draw_typed(const struct ui *u, int y, int cols)
{
	const struct tui_style *st = tui_term_style();
	char line[256];
	if (u->n_typed) {
		char *typed = tui_text_narrow(u->typed, u->n_typed);
		snprintf(line, sizeof line, W(u, u->typed_number ? UW_TYPED_NUMBER : UW_TYPED_LABEL),
			 typed);
		free(typed);
		put_text(y, 2, cols - 4, line, st->selected, false);
	} else if (is_long_list(u) && !*u->msg) {
		put_text(y, 2, cols - 4, W(u, cur_q(u)->type == FQ_SELECT_ONE ? UW_LONG_ONE_HINT
					  : UW_LONG_MULTIPLE_HINT), st->hint, false);
	}
}

static void draw_question(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	const struct form_question *q = cur_q(u);
	char *group = session_group_title(u->resp->session, u->qi);
	char *label = session_label(u->resp->session, u->qi);
	char *hint = session_hint(u->resp->session, u->qi);
	int y = 3, bottom = rows - 3, max_text;

	draw_progress(u, 1, cols);
	if (*group)
		put_text(2, 2, cols - 4, group, st->title & ~A_REVERSE, false);
	/* leave the widget a few rows; a note has none and may use them all */
	max_text = bottom - y - (q->type == FQ_NOTE ? 0 : 4);
	if (q->type == FQ_NOTE)
		y += put_wrapped_scrolled(y, 2, cols - 4, max_text, label, A_BOLD, &u->scroll);
	else
		y += put_wrapped(y, 2, cols - 4, max_text, label, A_BOLD);
	if (*hint)
		y += put_wrapped(y, 2, cols - 4, bottom - y - 3, hint, st->hint);
	y++;
	curs_set(0);
	if (is_list(q)) {
		if (q->type == FQ_SELECT_ONE && is_likert(q))
			draw_likert(u, y, bottom, cols);
		else
			draw_list(u, y, bottom, cols);
	} else if (q->type == FQ_ACKNOWLEDGE) {
		char line[64];
		snprintf(line, sizeof line, "[%s] %s", *u->work ? "x" : " ", W(u, UW_OK));
		put_text(y, 3, cols - 6, line, st->highlight, false);
	}
	/* a refused typed answer is explained right under its field */
	if (*u->msg)
		put_wrapped(is_entry(q) || q->type == FQ_ACKNOWLEDGE ? y + 2 : rows - 3, 2, cols - 4,
			    is_list(q) && u->n_typed ? 1 : 2, u->msg,
			    u->skip_asked ? st->selected : st->error);
	if (is_list(q))
		draw_typed(u, rows - 2, cols);
	draw_help(u, rows, cols, help_for(u));
	if (is_entry(q)) {
		draw_entry(u, y, cols);
		curs_set(1);
	}
	free(group);
	free(label);
	free(hint);
}

/* Review rows: 0 is the submit button, then the shown relevant questions
 * that hold an answer, in form order. */
static int review_rows(const struct ui *u, int *qis, int max)
{
	const struct session *s = u->resp->session;
	int n = 0, qi;
	for (qi = session_first(s); qi >= 0 && n < max; qi = session_next(s, qi))
		if (ui_form(u)->questions[qi].slot >= 0)
			qis[n++] = qi;
	return n;
}

static void draw_review(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	int n = (int)ui_form(u)->n_questions, *qis = ky_calloc((size_t)n + 1, sizeof *qis);
	int nq = review_rows(u, qis, n), top, bottom = rows - 3, i, y;
	int labelw = cols / 2;

	draw_progress(u, 1, cols);
	put_text(2, 2, cols - 4, W(u, UW_REVIEW_TITLE), A_BOLD, false);
	top = 4 + put_wrapped(3, 2, cols - 4, 2, W(u, UW_REVIEW_INTRO), st->hint);
	if (u->highlight > nq)
		u->highlight = nq;
	if (u->scroll > u->highlight)
		u->scroll = u->highlight;
	while (u->highlight - u->scroll >= bottom - top)
		u->scroll++;
	for (i = u->scroll, y = top; i <= nq && y < bottom; i++, y++) {
		unsigned int attr = i == u->highlight ? st->highlight : A_NORMAL;
		if (i == 0) {
			put_text(y, 3, text_width(W(u, UW_SUBMIT)), W(u, UW_SUBMIT),
				 i == u->highlight ? st->highlight : A_BOLD, false);
			continue;
		} else {
			char *label = session_label(u->resp->session, qis[i - 1]);
			char *value = session_display_value(u->resp->session, qis[i - 1]);
			put_text(y, 3, cols - 6, "", attr, true);
			put_text(y, 3, labelw - 4, label, attr, false);
			put_text(y, labelw, cols - labelw - 3, *value ? value : W(u, UW_UNANSWERED),
				 *value ? attr : (attr | st->hint), false);
			free(label);
			free(value);
		}
	}
	if (u->scroll > 0)
		mvaddstr(top, cols - 2, "↑");
	if (i <= nq)
		mvaddstr(bottom - 1, cols - 2, "↓");
	if (*u->msg)
		put_wrapped(rows - 3, 2, cols - 4, 2, u->msg, st->error);
	draw_help(u, rows, cols, W(u, UW_HELP_REVIEW));
	free(qis);
}

static void draw_welcome(struct ui *u, int rows, int cols)
{
	const struct form *f = ui_form(u);
	const struct tui_style *st = tui_term_style();
	int y = 3;
	size_t i;
	y += put_wrapped(y, 4, cols - 8, 4, f->title ? f->title : "", A_BOLD) + 1;
	put_text(y++, 4, cols - 8, W(u, UW_WELCOME), A_NORMAL, false);
	y++;
	for (i = 0; i < f->n_langs && y < rows - 5; i++, y++) {
		char line[256];
		snprintf(line, sizeof line, "%s %s", (int)i == u->lang ? "▸" : " ", f->langs[i].name);
		put_text(y, 6, cols - 10, line, (int)i == u->lang ? st->selected : A_NORMAL, false);
	}
	y++;
	put_text(y++, 4, cols - 8, W(u, UW_START), A_BOLD, false);
	if (u->n_partials && y < rows - 2) {
		char line[256];
		snprintf(line, sizeof line, W(u, UW_RESUME_KEY), (int)u->n_partials);
		put_text(y + 1, 4, cols - 8, line, st->hint, false);
	}
	draw_help(u, rows, cols, W(u, UW_HELP_WELCOME));
}

static void draw_code(struct ui *u, int rows, int cols)
{
	enum ui_lang ui = ui_words(u);
	char line[512];
	int y = 3, fieldw = cols - 10 > 24 ? 24 : cols - 10, cursor_col;
	y += put_wrapped(y, 3, cols - 6, rows / 3, linkage_intro(ui), A_NORMAL) + 1;
	snprintf(line, sizeof line, "%zu/%d  %s", u->code.parts + 1, LINKAGE_PARTS,
		 linkage_prompt(ui, u->code.parts));
	y += put_wrapped(y, 3, cols - 6, 3, line, A_BOLD) + 1;
	if (*u->msg)
		put_wrapped(y + 2, 3, cols - 6, 2, u->msg, tui_term_style()->error);
	draw_help(u, rows, cols, W(u, UW_HELP_FIELD));
	mvaddstr(y, 3, "> ");
	cursor_col = tui_editor_view(&u->ed, fieldw);
	put_wide(y, 5, fieldw, u->ed.buf + u->ed.scroll, u->ed.len - u->ed.scroll, A_UNDERLINE,
		 true);
	move(y, 5 + cursor_col);
	curs_set(1);
}

static void draw_pick(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	int top = 4, bottom = rows - 2, i, y;
	put_text(2, 2, cols - 4, W(u, UW_RESUME_TITLE), A_BOLD, false);
	if (u->scroll > u->highlight)
		u->scroll = u->highlight;
	while (u->highlight - u->scroll >= bottom - top)
		u->scroll++;
	for (i = u->scroll, y = top; i < (int)u->n_partials && i < MAX_PICK && y < bottom; i++, y++)
		put_text(y, 3, cols - 6, u->partials[i], i == u->highlight ? st->highlight : A_NORMAL,
			 true);
	draw_help(u, rows, cols, W(u, UW_RESUME_HELP));
}

static void draw_thanks(struct ui *u, int rows, int cols)
{
	put_text(rows / 2 - 2, 4, cols - 8, W(u, UW_THANKS_TITLE), A_BOLD, false);
	put_text(rows / 2, 4, cols - 8, W(u, UW_THANKS_TEXT), A_NORMAL, false);
	draw_help(u, rows, cols, W(u, UW_HELP_THANKS));
}

static void draw(struct ui *u)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	curs_set(0);
	if (rows < MIN_ROWS || cols < MIN_COLS) {
		put_wrapped(0, 0, cols, rows, W(u, UW_TOO_SMALL), A_BOLD);
		refresh();
		return;
	}
	draw_header(u, cols);
	switch (u->screen) {
	case SCR_WELCOME: draw_welcome(u, rows, cols); break;
	case SCR_CODE: draw_code(u, rows, cols); break;
	case SCR_QUESTION: draw_question(u, rows, cols); break;
	case SCR_REVIEW: draw_review(u, rows, cols); break;
	case SCR_THANKS: draw_thanks(u, rows, cols); break;
	case SCR_PICK: draw_pick(u, rows, cols); break;
	}
	if (u->idle_warned) {
		put_text(rows - 3, 0, cols, "", tui_term_style()->error, true);
		put_text(rows - 2, 0, cols, "", tui_term_style()->error, true);
		put_wrapped(rows - 3, 2, cols - 4, 2, W(u, UW_STILL_THERE), tui_term_style()->error);
	}
	refresh();
}

/* ---- keys ---- */

static bool is_enter(bool fn, wint_t k)
{
	return fn ? k == KEY_ENTER : (k == L'\n' || k == L'\r');
}

static bool is_back(bool fn, wint_t k)
{
	return fn && (k == KEY_PPAGE || k == KEY_BTAB);
}

static int advance(struct ui *u)
{
	int next;
	if (u->from_review) {
		enter_review(u);
		return KY_OK;
	}
	next = session_next(u->resp->session, u->qi);
	if (next < 0)
		enter_review(u);
	else
		enter_question(u, next);
	return KY_OK;
}

static int accept_current(struct ui *u, struct ky_error *err)
{
	char *v = current_value(u);
	int rc = session_accept(u->resp->session, u->qi, v, u->msg, sizeof u->msg, err);
	free(v);
	if (rc == KY_EINPUT) {
		ky_error_clear(err);
		return KY_OK;   /* the message stays beside the field */
	}
	if (rc)
		return rc;
	return advance(u);
}

/* A valid answer typed but not yet confirmed is not thrown away. */
static int keep_typed_answer(struct ui *u, struct ky_error *err)
{
	char *v, msg[512];
	int rc = KY_OK;
	if (u->screen != SCR_QUESTION || cur_q(u)->read_only)
		return KY_OK;
	v = current_value(u);
	if (strcmp(v, session_value(u->resp->session, u->qi)) &&
	    session_check(u->resp->session, u->qi, v, msg, sizeof msg)) {
		rc = session_accept(u->resp->session, u->qi, v, msg, sizeof msg, err);
		if (rc == KY_EINPUT) {
			ky_error_clear(err);
			rc = KY_OK;
		}
	}
	free(v);
	return rc;
}

static int go_back(struct ui *u, struct ky_error *err)
{
	int prev, rc;
	if (u->screen == SCR_QUESTION) {
		if ((rc = keep_typed_answer(u, err)))
			return rc;
		prev = session_prev(u->resp->session, u->qi);
	} else {
		prev = session_prev(u->resp->session, -1);
	}
	u->from_review = false;
	if (prev >= 0)
		enter_question(u, prev);
	return KY_OK;
}

static int switch_lang(struct ui *u, struct ky_error *err)
{
	const struct form *f = ui_form(u);
	if (f->n_langs < 2)
		return KY_OK;
	if (!u->resp) {
		u->lang = (u->lang + 1) % (int)f->n_langs;
		u->msg[0] = '\0';   /* the code screen's message was in the other language */
		return KY_OK;
	}
	u->msg[0] = '\0';
	u->skip_asked = false;
	return respondent_set_lang(u->resp, (session_lang(u->resp->session) + 1) % (int)f->n_langs,
				   err);
}

static void toggle_work(struct ui *u, int i)
{
	const struct form_choice *c = nth_choice(u, i);
	char *next;
	if (!c)
		return;
	next = session_multi_toggle(u->work, c->name);
	free(u->work);
	u->work = next;
}

/* Moves by delta, stopping at the first and the last row. */
static void move_highlight(struct ui *u, int delta, int n)
{
	int to;
	if (n <= 0)
		return;
	if (u->highlight < 0) {
		u->highlight = delta > 0 ? 0 : n - 1;
		return;
	}
	to = u->highlight + delta;
	u->highlight = to < 0 ? 0 : (to >= n ? n - 1 : to);
}

/* Rows a Page Down moves, the same on lists, notes and the review
 * screen: ten at 80x24, fewer on a smaller screen. */
static int page_lines(void)
{
	int rows = getmaxy(stdscr);
	return rows > 15 ? rows - 14 : 1;
}

/* ---- type-ahead on lists ---- */

/* The first choice whose label starts with what was typed: a match
 * ignoring case first, then one ignoring accents too; -1 when none. */
static int typed_label_match(const struct ui *u)
{
	int pass, i;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < (int)u->n_choice; i++)
			if (tui_text_starts_with(session_choice_label(u->resp->session, nth_choice(u, i)),
						 u->typed, u->n_typed, pass == 1))
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
static bool typed_key(struct ui *u, bool fn, wint_t k)
{
	if (u->n_typed && tui_term_is_backspace(fn, k)) {
		u->n_typed--;
		u->highlight = u->n_typed ? typed_choice(u) : u->typed_from;
		return true;
	}
	if (fn)
		return false;
	if (k >= L'0' && k <= L'9') {
		if (!is_long_list(u))
			return false;
		typed_add(u, k, true);
		return true;
	}
	if (!iswgraph(k))
		return false;
	typed_add(u, k, false);
	return true;
}

/* Enter on a checklist while a number or a label's start is typed ticks
 * that choice before going on (Space ticks it and stays); Enter never
 * takes a tick away. */
static void pick_typed(struct ui *u)
{
	const struct form_choice *c = nth_choice(u, u->highlight);
	if (u->n_typed && c && cur_q(u)->type != FQ_SELECT_ONE && !session_multi_has(u->work, c->name))
		toggle_work(u, u->highlight);
	u->n_typed = 0;
}

static void list_key(struct ui *u, bool fn, wint_t k)
{
	const struct form_question *q = cur_q(u);
	int n = (int)u->n_choice;
	bool likert = is_likert(q) && q->type == FQ_SELECT_ONE;
	if (typed_key(u, fn, k))
		return;
	u->n_typed = 0;
	if (fn && (k == KEY_UP || (likert && k == KEY_LEFT)))
		move_highlight(u, -1, n);
	else if (fn && (k == KEY_DOWN || (likert && k == KEY_RIGHT)))
		move_highlight(u, 1, n);
	else if (fn && k == KEY_HOME && n)
		u->highlight = 0;
	else if (fn && k == KEY_END && n)
		u->highlight = n - 1;
	else if (fn && k == KEY_NPAGE)
		move_highlight(u, page_lines(), n);
	else if (!fn && k >= L'1' && k <= L'9' && (int)(k - L'1') < n) {
		u->highlight = (int)(k - L'1');
		if (q->type != FQ_SELECT_ONE)
			toggle_work(u, u->highlight);
	} else if (!fn && k == L' ' && q->type != FQ_SELECT_ONE)
		toggle_work(u, u->highlight);
	else if (q->type == FQ_SELECT_ONE && (tui_term_is_backspace(fn, k) || (fn && k == KEY_DC)))
		u->highlight = -1;
}

/* What Enter would store as no answer: nothing, or only blanks where
 * session_accept trims them (every type but text). */
static bool is_blank_answer(const struct form_question *q, const char *v)
{
	if (q->type != FQ_TEXT)
		while (isspace((unsigned char)*v))
			v++;
	return !*v;
}

/* Enter on an optional question left without an answer asks once
 * whether to skip it, so that an unanswered question is the
 * respondent's choice and not a slip; the next Enter skips. A required
 * question keeps its own message (accept_current refuses it). Returns
 * true when the question was asked. */
static bool ask_before_skip(struct ui *u)
{
	const struct form_question *q = cur_q(u);
	char *v, msg[512];
	bool ask;
	if (u->skip_asked || q->slot < 0)
		return false;
	v = current_value(u);
	ask = is_blank_answer(q, v) && session_check(u->resp->session, u->qi, "", msg, sizeof msg);
	free(v);
	if (ask) {
		u->skip_asked = true;
		snprintf(u->msg, sizeof u->msg, "%s", W(u, UW_SKIP_CONFIRM));
	}
	return ask;
}

/* Any key but Enter takes the question back. */
static void cancel_skip(struct ui *u)
{
	if (!u->skip_asked)
		return;
	u->skip_asked = false;
	u->msg[0] = '\0';
}

/* A key in a one-line field: editing, or a character typed. */
static void edit_key(struct ui *u, bool fn, wint_t k)
{
	if (fn) {
		switch (k) {
		case KEY_LEFT: tui_editor_key(&u->ed, TE_LEFT); break;
		case KEY_RIGHT: tui_editor_key(&u->ed, TE_RIGHT); break;
		case KEY_HOME: tui_editor_key(&u->ed, TE_HOME); break;
		case KEY_END: tui_editor_key(&u->ed, TE_END); break;
		case KEY_BACKSPACE: tui_editor_key(&u->ed, TE_BACKSPACE); break;
		case KEY_DC: tui_editor_key(&u->ed, TE_DELETE); break;
		default: break;
		}
	} else if (tui_term_is_backspace(fn, k)) {
		tui_editor_key(&u->ed, TE_BACKSPACE);
	} else if (k == TUI_CTRL('U')) {   /* as in a shell */
		tui_editor_key(&u->ed, TE_KILL_LINE);
	} else {
		tui_editor_insert(&u->ed, (wchar_t)k);
	}
}

/* The code screen: Enter hashes the part typed (or says what to type);
 * back returns to the part before, or to the welcome screen. */
static int code_key(struct ui *u, bool fn, wint_t k, struct ky_error *err)
{
	if (is_enter(fn, k)) {
		char *typed = tui_editor_text(&u->ed);
		const char *msg = NULL;
		bool ok = linkage_code_accept(u->o->linkage, &u->code, typed, ui_words(u), &msg);
		sodium_memzero(typed, strlen(typed));
		free(typed);
		wipe_editor(u);
		snprintf(u->msg, sizeof u->msg, "%s", ok ? "" : msg ? msg : "?");
		if (ok && linkage_code_complete(&u->code))
			return start_respondent(u, NULL, err);
		return KY_OK;
	}
	if (is_back(fn, k) || (!fn && k == TUI_KEY_ESC)) {
		wipe_editor(u);
		u->msg[0] = '\0';
		if (u->code.parts == 0) {
			u->screen = SCR_WELCOME;
		} else {
			u->code.parts--;
			sodium_memzero(u->code.hex[u->code.parts], sizeof u->code.hex[u->code.parts]);
		}
		return KY_OK;
	}
	edit_key(u, fn, k);
	return KY_OK;
}

static int question_key(struct ui *u, bool fn, wint_t k, struct ky_error *err)
{
	const struct form_question *q = cur_q(u);
	if (q->read_only) {
		/* shown for information: its value comes from the form, never from keys */
		if (is_enter(fn, k))
			return advance(u);
		if (is_back(fn, k))
			return go_back(u, err);
		return KY_OK;
	}
	if (is_enter(fn, k)) {
		if (is_list(q))
			pick_typed(u);
		if (ask_before_skip(u))
			return KY_OK;
		return accept_current(u, err);
	}
	cancel_skip(u);
	if (is_back(fn, k))
		return go_back(u, err);
	if (is_list(q)) {
		list_key(u, fn, k);
		return KY_OK;
	}
	if (q->type == FQ_NOTE) {
		if (fn && k == KEY_DOWN)
			u->scroll++;
		else if (fn && k == KEY_NPAGE)
			u->scroll += page_lines();
		else if (fn && k == KEY_UP && u->scroll > 0)
			u->scroll--;
		return KY_OK;
	}
	if (q->type == FQ_ACKNOWLEDGE) {
		if (!fn && (k == L' ' || k == L'1')) {
			/* the new value is decided from the old one before it is freed */
			char *next = ky_strdup(*u->work ? "" : "OK");
			free(u->work);
			u->work = next;
		}
		return KY_OK;
	}
	if (is_entry(q))
		edit_key(u, fn, k);
	return KY_OK;
}

static int start_new_welcome(struct ui *u, struct ky_error *err);

/* The form's debrief (settings `debrief` = yes), shown and forgotten;
 * true when it was shown. A quit signal while it shows ends the run. */
static bool show_debrief(struct ui *u)
{
	struct debrief d = { 0 };
	int quit_signal = 0;
	if (!ui_form(u)->debrief)
		return false;
	debrief_build(u->resp->session, &d);
	if (d.items)
		tui_debrief_show(&d, ui_form(u)->title ? ui_form(u)->title : "",
				 u->o->kiosk ? u->o->idle_seconds : 0, &quit_signal);
	if (quit_signal) {
		u->res->quit_signal = quit_signal;
		u->quit = true;
	}
	bool shown = d.items > 0;
	debrief_release(&d);
	return shown;
}

static int submit(struct ui *u, struct ky_error *err)
{
	int blocking;
	char msg[512];
	int rc = respondent_submit(u->resp, &blocking, msg, sizeof msg, err);
	if (rc == KY_EINPUT && blocking >= 0) {
		ky_error_clear(err);
		enter_question(u, blocking);
		u->from_review = true;
		snprintf(u->msg, sizeof u->msg, "%s", msg);
		return KY_OK;
	}
	if (rc)
		return rc;
	u->res->submitted++;
	u->res->partial_uuid[0] = '\0';
	bool debriefed = show_debrief(u);
	respondent_destroy(u->resp);
	u->resp = NULL;
	if (u->quit)
		return KY_OK;
	if (debriefed && u->o->kiosk)
		return start_new_welcome(u, err);
	if (!u->o->kiosk) {
		u->quit = true;
		return KY_OK;
	}
	u->screen = SCR_THANKS;
	u->thanks_since = time(NULL);
	return KY_OK;
}

static int review_key(struct ui *u, bool fn, wint_t k, struct ky_error *err)
{
	int n = (int)ui_form(u)->n_questions, *qis, nq;
	if (is_back(fn, k))
		return go_back(u, err);
	qis = ky_calloc((size_t)n + 1, sizeof *qis);
	nq = review_rows(u, qis, n);
	if (fn && k == KEY_UP && u->highlight > 0)
		u->highlight--;
	else if (fn && k == KEY_DOWN && u->highlight < nq)
		u->highlight++;
	else if (fn && k == KEY_HOME)
		u->highlight = 0;
	else if (fn && k == KEY_END)
		u->highlight = nq;
	else if (fn && k == KEY_NPAGE)
		u->highlight = u->highlight + page_lines() > nq ? nq : u->highlight + page_lines();
	else if (is_enter(fn, k)) {
		if (u->highlight == 0) {
			free(qis);
			return submit(u, err);
		}
		enter_question(u, qis[u->highlight - 1]);
		u->from_review = true;
	}
	free(qis);
	return KY_OK;
}

static int welcome_key(struct ui *u, bool fn, wint_t k, struct ky_error *err)
{
	if (is_enter(fn, k) && ui_form(u)->linkage_code) {
		enter_code(u);
		return KY_OK;
	}
	if (is_enter(fn, k))
		return start_respondent(u, NULL, err);
	if (fn && k == KEY_F(4) && u->n_partials) {
		u->screen = SCR_PICK;
		u->highlight = 0;
		u->scroll = 0;
	}
	return KY_OK;
}

static int pick_key(struct ui *u, bool fn, wint_t k, struct ky_error *err)
{
	int n = (int)(u->n_partials < MAX_PICK ? u->n_partials : MAX_PICK);
	if (fn && k == KEY_UP && u->highlight > 0)
		u->highlight--;
	else if (fn && k == KEY_DOWN && u->highlight < n - 1)
		u->highlight++;
	else if (!fn && k == TUI_KEY_ESC)
		u->screen = SCR_WELCOME;
	else if (is_enter(fn, k) && u->highlight >= 0 && u->highlight < n)
		return start_respondent(u, u->partials[u->highlight], err);
	return KY_OK;
}

static int start_new_welcome(struct ui *u, struct ky_error *err)
{
	enter_welcome(u);
	return load_partials(u, err);
}

static void operator_leave(struct ui *u)
{
	volatile char *p = u->operator_buf;
	size_t i;
	for (i = 0; i < sizeof u->operator_buf; i++)
		p[i] = 0;
	u->operator_len = 0;
	u->operator_mode = false;
}

/* Appends a typed character as UTF-8; a secret longer than the longest
 * allowed simply never matches. */
static void operator_append(struct ui *u, wint_t k)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)k, &st);
	if (n == (size_t)-1 || u->operator_len + n > KIOSK_SECRET_MAX + 1)
		return;
	memcpy(u->operator_buf + u->operator_len, mb, n);
	u->operator_len += n;
}

/* Backspace removes a whole UTF-8 character. */
static void operator_backspace(struct ui *u)
{
	while (u->operator_len &&
	       ((unsigned char)u->operator_buf[--u->operator_len] & 0xC0) == 0x80)
		;
}

static void operator_key(struct ui *u, bool fn, wint_t k)
{
	u->operator_deadline = time(NULL) + OPERATOR_SECONDS;
	if (is_enter(fn, k)) {
		if (kiosk_secret_matches(u->o->secret, u->operator_buf, u->operator_len))
			u->quit = true;
		operator_leave(u);
	} else if (fn ? k == KEY_BACKSPACE : (k == 127 || k == 8)) {
		operator_backspace(u);
	} else if (!fn && k == 27) {
		operator_leave(u);
	} else if (!fn && k >= L' ' && k != 127) {
		operator_append(u, k);
	}
}

static int handle_key(struct ui *u, bool fn, wint_t k, struct ky_error *err)
{
	if (fn && k == KEY_RESIZE)
		return KY_OK;
	if (u->operator_mode) {
		operator_key(u, fn, k);
		return KY_OK;
	}
	if (u->idle_warned) {
		/* the key that answers "still there?" does nothing else */
		u->idle_warned = false;
		return KY_OK;
	}
	/* F10, or Ctrl-X where a terminal has no F10 */
	if ((fn && k == KEY_F(10)) || (!fn && k == 24)) {
		if (!u->o->kiosk) {
			u->quit = true;
		} else {
			operator_leave(u);
			u->operator_mode = true;
			u->operator_deadline = time(NULL) + OPERATOR_SECONDS;
		}
		return KY_OK;
	}
	if (fn && k == KEY_F(2))
		return switch_lang(u, err);
	/* Ctrl-C, Ctrl-Z, Ctrl-\ arrive as keys in kiosk (raw) mode: nothing */
	if (!fn && (k == 3 || k == 26 || k == 28))
		return KY_OK;
	/* other function keys do nothing, so that nothing surprising happens */
	if (fn && k >= KEY_F(0) && k <= KEY_F(63) && !(k == KEY_F(4) && u->screen == SCR_WELCOME))
		return KY_OK;
	switch (u->screen) {
	case SCR_WELCOME: return welcome_key(u, fn, k, err);
	case SCR_CODE: return code_key(u, fn, k, err);
	case SCR_QUESTION: return question_key(u, fn, k, err);
	case SCR_REVIEW: return review_key(u, fn, k, err);
	case SCR_PICK: return pick_key(u, fn, k, err);
	case SCR_THANKS:
		if (is_enter(fn, k))
			return start_new_welcome(u, err);
		return KY_OK;
	}
	return KY_OK;
}

/* Seconds of "still there?" before an idle respondent's screen is cleared. */
static int idle_warning_seconds(int idle)
{
	int w = idle / 3;
	return w > IDLE_WARN_MAX ? IDLE_WARN_MAX : w;
}

/* Kiosk: a respondent who walked away. Returns <0 (a -KY_E* code), 0
 * (nothing to do) or 1 (redraw). */
static int idle_tick(struct ui *u, time_t now, struct ky_error *err)
{
	int idle = u->o->idle_seconds, rc;
	if (u->o->kiosk && u->screen == SCR_CODE && idle > 0 && now - u->last_key >= idle) {
		/* the next person must not go on with the parts typed so far */
		sodium_memzero(&u->code, sizeof u->code);
		wipe_editor(u);
		rc = start_new_welcome(u, err);
		return rc ? -rc : 1;
	}
	if (!u->o->kiosk || !u->resp || idle <= 0)
		return 0;
	if (now - u->last_key < idle) {
		if (u->idle_warned || now - u->last_key < idle - idle_warning_seconds(idle))
			return 0;
		u->idle_warned = true;
		return 1;
	}
	/* every accepted answer is stored already; the one being typed is kept
	 * when valid, then the screen forgets the respondent */
	if ((rc = keep_typed_answer(u, err)))
		return -rc;
	respondent_destroy(u->resp);
	u->resp = NULL;
	u->res->partial_uuid[0] = '\0';
	u->idle_warned = false;
	operator_leave(u);
	rc = start_new_welcome(u, err);
	return rc ? -rc : 1;
}

static int tick(struct ui *u, struct ky_error *err)
{
	time_t now = time(NULL);
	int rc;
	if (u->operator_mode && now > u->operator_deadline) {
		operator_leave(u);
		return 1;
	}
	if ((rc = idle_tick(u, now, err)))
		return rc;
	if (u->screen == SCR_THANKS && now - u->thanks_since >= THANKS_SECONDS) {
		rc = start_new_welcome(u, err);
		return rc ? -rc : 1;
	}
	return 0;
}

static int loop(struct ui *u, struct ky_error *err)
{
	bool dirty = true;
	int rc;
	while (!u->quit) {
		enum tui_event ev = tui_term_poll();
		wint_t k;
		int got;
		if (ev == TE_QUIT) {
			u->res->quit_signal = tui_term_quit_signal();
			break;
		}
		if (ev == TE_REDRAW)
			dirty = true;
		if (dirty)
			draw(u);
		dirty = false;
		got = get_wch(&k);
		if (got == ERR) {
			int t = tick(u, err);
			if (t < 0)
				return -t;
			dirty = t > 0;
			continue;
		}
		u->last_key = time(NULL);
		rc = handle_key(u, got == KEY_CODE_YES, k, err);
		if (rc)
			return rc;
		dirty = true;
	}
	return KY_OK;
}

int tui_collect_run(const struct tui_collect_opts *o, struct tui_collect_result *res,
		    struct ky_error *err)
{
	struct ui u;
	int rc;
	size_t i;

	memset(res, 0, sizeof *res);
	memset(&u, 0, sizeof u);
	u.o = o;
	u.res = res;
	u.lang = o->lang;
	u.last_key = time(NULL);
	tui_editor_init(&u.ed);
	u.work = ky_strdup("");
	enter_welcome(&u);
	if (o->resume_uuid)
		rc = start_respondent(&u, o->resume_uuid, err);
	else
		rc = load_partials(&u, err);
	if (!rc)
		rc = tui_term_open(o->kiosk, err);
	if (!rc) {
		rc = loop(&u, err);
		tui_term_close();
	}
	operator_leave(&u);
	sodium_memzero(&u.code, sizeof u.code);
	wipe_editor(&u);
	respondent_destroy(u.resp);
	tui_editor_release(&u.ed);
	free(u.work);
	free(u.choice_idx);
	for (i = 0; i < u.n_partials; i++)
		free(u.partials[i]);
	free(u.partials);
	return rc;
}
