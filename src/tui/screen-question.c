/* screen-question.c - one question on the screen: its label and hint,
 * the field of a typed answer, a note, the acknowledge toggle (the list
 * widgets are screen-list.c), and Enter, back and the skip question. */
#include "config.h"
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/screens.h"
#include "tui/term.h"
#include "util/mem.h"

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

void cui_enter_question(struct ui *u, int qi, int inst)
{
	const char *initial;
	const struct form_question *q;
	size_t i;
	u->screen = SCR_QUESTION;
	u->qi = qi;
	u->inst = inst;
	session_set_instance(u->resp->session, inst);
	respondent_show(u->resp, qi);
	u->msg[0] = '\0';
	u->skip_asked = false;   /* coming back to a question asks again */
	u->scroll = 0;
	u->highlight = -1;
	u->n_typed = 0;
	q = cui_question(u);
	initial = session_initial_value(u->resp->session, qi);
	free(u->work);
	u->work = ky_strdup(initial);
	tui_editor_set(&u->ed, initial);
	cui_refresh_choices(u);
	if (q->type == FQ_SELECT_ONE) {
		for (i = 0; i < u->n_choice; i++)
			if (!strcmp(cui_nth_choice(u, (int)i)->name, initial))
				u->highlight = (int)i;
	} else if (q->type == FQ_SELECT_MULTIPLE || q->type == FQ_RANK) {
		u->highlight = u->n_choice ? 0 : -1;
	}
}

/* The answer as the widgets hold it now. Caller frees. */
static char *current_value(const struct ui *u)
{
	const struct form_question *q = cui_question(u);
	const struct form_choice *c;
	if (is_entry(q))
		return tui_editor_text(&u->ed);
	if (q->type == FQ_SELECT_ONE) {
		c = cui_nth_choice(u, u->highlight);
		return ky_strdup(c ? c->name : "");
	}
	return ky_strdup(u->work ? u->work : "");
}

/* ---- drawing ---- */

static const char *help_for(const struct ui *u)
{
	const struct form_question *q = cui_question(u);
	bool lng = cui_is_long_list(u);
	switch (q->type) {
	case FQ_SELECT_ONE:
		if (cui_is_likert(q))
			return cui_word(u, UW_HELP_LIKERT);
		return cui_word(u, lng ? UW_HELP_LONG_ONE : UW_HELP_SELECT_ONE);
	case FQ_SELECT_MULTIPLE:
		return cui_word(u, lng ? UW_HELP_LONG_MULTIPLE : UW_HELP_SELECT_MULTIPLE);
	case FQ_RANK:
		return cui_word(u, lng ? UW_HELP_LONG_RANK : UW_HELP_RANK);
	case FQ_NOTE:
		return cui_word(u, UW_HELP_NOTE);
	case FQ_ACKNOWLEDGE:
		return cui_word(u, UW_HELP_ACK);
	default:
		return cui_word(u, UW_HELP_FIELD);
	}
}

/* The hint beside a typed field: the range's bounds or the date format. */
static void field_hint(const struct ui *u, const struct form_question *q, char *after, size_t len)
{
	char a[32], b[32];
	switch (q->type) {
	case FQ_RANGE:
		snprintf(a, sizeof a, "%g", q->range_start);
		snprintf(b, sizeof b, "%g", q->range_end);
		snprintf(after, len, cui_word(u, UW_RANGE_BOUNDS), a, b);
		break;
	case FQ_DATE:
		snprintf(after, len, "%s", cui_word(u, UW_DATE_FORMAT));
		break;
	case FQ_TIME:
		snprintf(after, len, "%s", cui_word(u, UW_TIME_FORMAT));
		break;
	case FQ_DATETIME:
		snprintf(after, len, "%s", cui_word(u, UW_DATETIME_FORMAT));
		break;
	default:
		break;
	}
}

static void draw_entry(struct ui *u, int top, int cols)
{
	const struct form_question *q = cui_question(u);
	char after[128] = "";
	int fieldw = cols - 10, cursor_col;
	field_hint(u, q, after, sizeof after);
	if (q->type != FQ_TEXT && fieldw > 24)
		fieldw = 24;
	else if (fieldw > 60)
		fieldw = 60;
	cursor_col = cui_draw_field(u, top, fieldw);
	if (*after)
		cui_put_text(top, 5 + fieldw + 2, cols - fieldw - 8, after, tui_term_style()->hint,
			     false);
	move(top, 5 + cursor_col);
}

/* The group title, the label and the hint; returns the row under them. */
static int draw_texts(struct ui *u, int bottom, int cols)
{
	const struct tui_style *st = tui_term_style();
	const struct form_question *q = cui_question(u);
	char *group = session_group_title(u->resp->session, u->qi);
	char *label = session_label(u->resp->session, u->qi);
	char *hint = session_hint(u->resp->session, u->qi);
	int y = 3, max_text;
	if (*group)
		cui_put_text(2, 2, cols - 4, group, st->title & ~A_REVERSE, false);
	/* leave the widget a few rows; a note has none and may use them all */
	max_text = bottom - y - (q->type == FQ_NOTE ? 0 : 4);
	if (q->type == FQ_NOTE)
		y += cui_put_wrapped_scrolled(y, 2, cols - 4, max_text, label, A_BOLD, &u->scroll);
	else
		y += cui_put_wrapped(y, 2, cols - 4, max_text, label, A_BOLD);
	if (*hint)
		y += cui_put_wrapped(y, 2, cols - 4, bottom - y - 3, hint, st->hint);
	free(group);
	free(label);
	free(hint);
	return y + 1;
}

void cui_draw_question(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	const struct form_question *q = cui_question(u);
	int bottom = rows - 3, y;

	cui_draw_progress(u, 1, cols);
	y = draw_texts(u, bottom, cols);
	curs_set(0);
	if (cui_is_list(q)) {
		if (q->type == FQ_SELECT_ONE && cui_is_likert(q))
			cui_draw_likert(u, y, bottom, cols);
		else
			cui_draw_list(u, y, bottom, cols);
	} else if (q->type == FQ_ACKNOWLEDGE) {
		char line[64];
		snprintf(line, sizeof line, "[%s] %s", *u->work ? "x" : " ", cui_word(u, UW_OK));
		cui_put_text(y, 3, cols - 6, line, st->highlight, false);
	}
	/* a refused typed answer is explained right under its field */
	if (*u->msg)
		cui_put_wrapped(is_entry(q) || q->type == FQ_ACKNOWLEDGE ? y + 2 : rows - 3, 2,
				cols - 4, cui_is_list(q) && u->n_typed ? 1 : 2, u->msg,
				u->skip_asked ? st->selected : st->error);
	if (cui_is_list(q))
		cui_draw_typed(u, rows - 2, cols);
	cui_draw_help(u, rows, cols, help_for(u));
	if (is_entry(q)) {
		draw_entry(u, y, cols);
		curs_set(1);
	}
}

/* ---- moving on and back ---- */

void cui_enter_place(struct ui *u, struct session_pos p)
{
	if (p.qi < 0)
		cui_enter_review(u);
	else if (session_pos_is_repeat(u->resp->session, p))
		cui_enter_repeat(u, p.qi, p.inst);
	else
		cui_enter_question(u, p.qi, p.inst);
}

int cui_advance(struct ui *u, struct ky_error *err)
{
	struct session_pos p = { u->qi, u->inst };
	int rc;
	if (u->from_review) {
		cui_enter_review(u);
		return KY_OK;
	}
	if ((rc = session_walk_next(u->resp->session, &p, err)))
		return rc;
	cui_enter_place(u, p);
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
	return cui_advance(u, err);
}

int cui_keep_typed_answer(struct ui *u, struct ky_error *err)
{
	char *v, msg[512];
	int rc = KY_OK;
	if (u->screen != SCR_QUESTION || cui_question(u)->read_only)
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

int cui_go_back(struct ui *u, struct ky_error *err)
{
	struct session_pos here = { -1, -1 }, prev;
	int rc;
	if (u->screen == SCR_QUESTION && (rc = cui_keep_typed_answer(u, err)))
		return rc;
	if (u->screen == SCR_QUESTION || u->screen == SCR_REPEAT) {
		here.qi = u->qi;
		here.inst = u->inst;
	}
	prev = session_walk_prev(u->resp->session, here);
	u->from_review = false;
	if (prev.qi >= 0)
		cui_enter_place(u, prev);
	return KY_OK;
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
	const struct form_question *q = cui_question(u);
	char *v, msg[512];
	bool ask;
	if (u->skip_asked || q->slot < 0)
		return false;
	v = current_value(u);
	ask = is_blank_answer(q, v) && session_check(u->resp->session, u->qi, "", msg, sizeof msg);
	free(v);
	if (ask) {
		u->skip_asked = true;
		snprintf(u->msg, sizeof u->msg, "%s", cui_word(u, UW_SKIP_CONFIRM));
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

/* ---- keys ---- */

void cui_edit_key(struct ui *u, struct tui_key k)
{
	switch (k.action) {
	case TK_LEFT: tui_editor_key(&u->ed, TE_LEFT); break;
	case TK_RIGHT: tui_editor_key(&u->ed, TE_RIGHT); break;
	case TK_HOME: tui_editor_key(&u->ed, TE_HOME); break;
	case TK_END: tui_editor_key(&u->ed, TE_END); break;
	case TK_BACKSPACE: tui_editor_key(&u->ed, TE_BACKSPACE); break;
	case TK_DELETE: tui_editor_key(&u->ed, TE_DELETE); break;
	case TK_KILL_LINE: tui_editor_key(&u->ed, TE_KILL_LINE); break;
	default:
		/* the editor refuses control characters itself */
		if (k.ch)
			tui_editor_insert(&u->ed, (wchar_t)k.ch);
		break;
	}
}

/* A note scrolls; nothing else moves on it. */
static void note_key(struct ui *u, struct tui_key k)
{
	if (k.action == TK_DOWN)
		u->scroll++;
	else if (k.action == TK_PAGE_DOWN)
		u->scroll += cui_page_lines();
	else if (k.action == TK_UP && u->scroll > 0)
		u->scroll--;
}

static void acknowledge_key(struct ui *u, struct tui_key k)
{
	if (k.action == TK_SELECT || tui_key_digit(k) == 1) {
		/* the new value is decided from the old one before it is freed */
		char *next = ky_strdup(*u->work ? "" : "OK");
		free(u->work);
		u->work = next;
	}
}

int cui_question_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	const struct form_question *q = cui_question(u);
	if (q->read_only) {
		/* shown for information: its value comes from the form, never from keys */
		if (k.action == TK_ENTER)
			return cui_advance(u, err);
		if (cui_is_back(k))
			return cui_go_back(u, err);
		return KY_OK;
	}
	if (k.action == TK_ENTER) {
		if (cui_is_list(q))
			cui_pick_typed(u);
		if (ask_before_skip(u))
			return KY_OK;
		return accept_current(u, err);
	}
	cancel_skip(u);
	if (cui_is_back(k))
		return cui_go_back(u, err);
	if (cui_is_list(q))
		cui_list_key(u, k);
	else if (q->type == FQ_NOTE)
		note_key(u, k);
	else if (q->type == FQ_ACKNOWLEDGE)
		acknowledge_key(u, k);
	else if (is_entry(q))
		cui_edit_key(u, k);
	return KY_OK;
}
