/* screen-review.c - the review of the answers, submitting them, the
 * respondent's debrief and the kiosk's thank-you screen. */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include "tui/debrief-ui.h"
#include "tui/screens.h"
#include "tui/term.h"
#include "util/mem.h"

void cui_enter_review(struct ui *u)
{
	respondent_show(u->resp, -1);
	u->screen = SCR_REVIEW;
	u->highlight = 0;
	u->scroll = 0;
	u->from_review = false;
	u->msg[0] = '\0';
}

/* Review rows after the submit button: the shown relevant questions
 * that hold an answer, in the walk's order, each instance's under a
 * heading row of its own (qi its repeat, inst the instance). */
struct review_row {
	int qi, inst;
	bool heading;
};

struct rows {
	const struct session *s;
	struct review_row *row;
	int n, cap, last_inst;
};

static void add_row(struct rows *r, int qi, int inst, bool heading)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->row = ky_reallocarray(r->row, (size_t)r->cap, sizeof *r->row);
	}
	r->row[r->n].qi = qi;
	r->row[r->n].inst = inst;
	r->row[r->n++].heading = heading;
}

static bool collect_row(void *ctx, struct session_pos p)
{
	struct rows *r = ctx;
	const struct form *f = session_form(r->s);
	if (session_pos_is_repeat(r->s, p) || f->questions[p.qi].slot < 0)
		return false;
	if (p.inst >= 0 && p.inst != r->last_inst)
		add_row(r, session_tree(r->s)->inst[p.inst].repeat, p.inst, true);
	r->last_inst = p.inst;
	add_row(r, p.qi, p.inst, false);
	return false;
}

/* The rows; caller frees. */
static struct review_row *review_rows(const struct ui *u, int *n)
{
	struct rows r = { u->resp->session, NULL, 0, 0, -1 };
	session_walk(u->resp->session, collect_row, &r);
	*n = r.n;
	return r.row;
}

/* Review row y: a question's label and its answer (or "unanswered"),
 * indented under its instance's heading. */
static void draw_answer(const struct ui *u, int y, struct review_row row, unsigned int attr,
			int cols)
{
	const struct tui_style *st = tui_term_style();
	int labelw = cols / 2, x = row.inst >= 0 ? 5 : 3;
	char *label, *value;
	session_set_instance(u->resp->session, row.inst);
	if (row.heading) {
		label = session_instance_path(u->resp->session, row.inst);
		cui_put_text(y, 3, cols - 6, "", attr, true);
		cui_put_text(y, 3, cols - 6, label, attr | A_BOLD, false);
		free(label);
		return;
	}
	label = session_label(u->resp->session, row.qi);
	value = session_display_value(u->resp->session, row.qi);
	cui_put_text(y, 3, cols - 6, "", attr, true);
	cui_put_text(y, x, labelw - x - 1, label, attr, false);
	cui_put_text(y, labelw, cols - labelw - 3, *value ? value : cui_word(u, UW_UNANSWERED),
		     *value ? attr : (attr | st->hint), false);
	free(label);
	free(value);
}

void cui_draw_review(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	int nq, top, bottom = rows - 3, i, y;
	struct review_row *r = review_rows(u, &nq);

	cui_draw_progress(u, 1, cols);
	cui_put_text(2, 2, cols - 4, cui_word(u, UW_REVIEW_TITLE), A_BOLD, false);
	top = 4 + cui_put_wrapped(3, 2, cols - 4, 2, cui_word(u, UW_REVIEW_INTRO), st->hint);
	if (u->highlight > nq)
		u->highlight = nq;
	if (u->scroll > u->highlight)
		u->scroll = u->highlight;
	while (u->highlight - u->scroll >= bottom - top)
		u->scroll++;
	for (i = u->scroll, y = top; i <= nq && y < bottom; i++, y++) {
		const char *submit = cui_word(u, UW_SUBMIT);
		if (i == 0)
			cui_put_text(y, 3, cui_text_width(submit), submit,
				     i == u->highlight ? st->highlight : A_BOLD, false);
		else
			draw_answer(u, y, r[i - 1], i == u->highlight ? st->highlight : A_NORMAL, cols);
	}
	session_set_instance(u->resp->session, -1);
	if (u->scroll > 0)
		mvaddstr(top, cols - 2, "↑");
	if (i <= nq)
		mvaddstr(bottom - 1, cols - 2, "↓");
	if (*u->msg)
		cui_put_wrapped(rows - 3, 2, cols - 4, 2, u->msg, st->error);
	cui_draw_help(u, rows, cols, cui_word(u, UW_HELP_REVIEW));
	free(r);
}

/* The form's debrief (settings `debrief` = yes), shown and forgotten;
 * true when it was shown. A quit signal while it shows ends the run. */
static bool show_debrief(struct ui *u)
{
	struct debrief d = { 0 };
	int quit_signal = 0;
	bool shown;
	if (!cui_form(u)->debrief)
		return false;
	debrief_build(u->resp->session, &d);
	if (d.items)
		tui_debrief_show(&d, cui_form(u)->title ? cui_form(u)->title : "",
				 u->o->kiosk ? u->o->idle_seconds : 0, &quit_signal);
	if (quit_signal) {
		u->res->quit_signal = quit_signal;
		u->quit = true;
	}
	shown = d.items > 0;
	debrief_release(&d);
	return shown;
}

static int submit(struct ui *u, struct ky_error *err)
{
	struct session_pos blocking;
	char msg[512];
	bool debriefed;
	int rc = respondent_submit(u->resp, &blocking, msg, sizeof msg, err);
	if (rc == KY_EINPUT && blocking.qi >= 0) {
		ky_error_clear(err);
		cui_enter_place(u, blocking);
		u->from_review = !session_pos_is_repeat(u->resp->session, blocking);
		snprintf(u->msg, sizeof u->msg, "%s", msg);
		return KY_OK;
	}
	if (rc)
		return rc;
	u->res->submitted++;
	u->res->partial_uuid[0] = '\0';
	debriefed = show_debrief(u);
	respondent_destroy(u->resp);
	u->resp = NULL;
	if (u->quit)
		return KY_OK;
	if (debriefed && u->o->kiosk)
		return cui_start_new_welcome(u, err);
	if (!u->o->kiosk) {
		u->quit = true;
		return KY_OK;
	}
	u->screen = SCR_THANKS;
	u->thanks_since = time(NULL);
	return KY_OK;
}

/* Enter on a review row: an answer opens its question, a heading its
 * repeat's screen. */
static void open_row(struct ui *u, struct review_row row)
{
	const struct answer_tree *t = session_tree(u->resp->session);
	if (row.heading) {
		cui_enter_repeat(u, t->inst[row.inst].repeat, t->inst[row.inst].parent);
		u->from_review = true;
		return;
	}
	cui_enter_question(u, row.qi, row.inst);
	u->from_review = true;
}

int cui_review_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	struct review_row *r;
	int nq;
	if (cui_is_back(k))
		return cui_go_back(u, err);
	r = review_rows(u, &nq);
	if (k.action == TK_UP && u->highlight > 0)
		u->highlight--;
	else if (k.action == TK_DOWN && u->highlight < nq)
		u->highlight++;
	else if (k.action == TK_HOME)
		u->highlight = 0;
	else if (k.action == TK_END)
		u->highlight = nq;
	else if (k.action == TK_PAGE_DOWN)
		u->highlight = u->highlight + cui_page_lines() > nq ? nq
			: u->highlight + cui_page_lines();
	else if (k.action == TK_ENTER) {
		if (u->highlight == 0) {
			free(r);
			return submit(u, err);
		}
		open_row(u, r[u->highlight - 1]);
	}
	free(r);
	return KY_OK;
}

void cui_draw_thanks(struct ui *u, int rows, int cols)
{
	cui_put_text(rows / 2 - 2, 4, cols - 8, cui_word(u, UW_THANKS_TITLE), A_BOLD, false);
	cui_put_text(rows / 2, 4, cols - 8, cui_word(u, UW_THANKS_TEXT), A_NORMAL, false);
	cui_draw_help(u, rows, cols, cui_word(u, UW_HELP_THANKS));
}

int cui_thanks_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	if (k.action == TK_ENTER)
		return cui_start_new_welcome(u, err);
	return KY_OK;
}
