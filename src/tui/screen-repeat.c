/* screen-repeat.c - a repeat's own screen: "Adult: 2 added. Add
 * another?", its instances one a row ("Adult 1: Aino"), and the buttons
 * Add another and Done (an open-ended repeat), or Done alone (a
 * repeat_count repeat whose instances are not the count: the walk shows
 * the screen then, so that the respondent removes one or goes back).
 * Enter on an instance opens it; Delete (or Backspace) asks to remove
 * it, and a second Delete on the same row removes it with everything in
 * it, from the store at once; any other key takes the question back. */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include "tui/screens.h"
#include "tui/term.h"
#include "util/mem.h"

void cui_enter_repeat(struct ui *u, int rq, int parent)
{
	struct session *s = u->resp->session;
	int n = (int)tree_count(session_tree(s), rq, parent);
	respondent_show(u->resp, rq);
	u->screen = SCR_REPEAT;
	u->qi = rq;
	u->inst = parent;
	u->from_review = false;
	session_set_instance(s, parent);
	u->msg[0] = '\0';
	u->remove_row = -1;
	u->scroll = 0;
	/* open-ended: on "Add another"; a count too many: on the last one */
	u->highlight = session_repeat_want(s, rq, parent) < 0 ? n : (n > 0 ? n - 1 : 0);
}

static int n_instances(const struct ui *u)
{
	return (int)tree_count(session_tree(u->resp->session), u->qi, u->inst);
}

static bool open_ended(const struct ui *u)
{
	return session_repeat_want(u->resp->session, u->qi, u->inst) < 0;
}

/* Rows: the instances, then Add another (open-ended), then Done. */
static int n_rows(const struct ui *u)
{
	return n_instances(u) + (open_ended(u) ? 2 : 1);
}

static int instance_at(const struct ui *u, int row)
{
	return tree_child(session_tree(u->resp->session), u->qi, u->inst, row + 1);
}

/* "Adult 2: Aino" */
static char *row_text(const struct ui *u, int row)
{
	int n = n_instances(u), inst;
	char *title, *summary, *text;
	if (row == n && open_ended(u))
		return ky_asprintf("[ %s ]", cui_word(u, UW_REPEAT_ADD));
	if (row >= n)
		return ky_asprintf("[ %s ]", cui_word(u, UW_REPEAT_DONE));
	inst = instance_at(u, row);
	title = session_instance_title(u->resp->session, inst, false);
	summary = session_instance_summary(u->resp->session, inst);
	text = ky_asprintf("%s: %s", title, *summary ? summary : cui_word(u, UW_UNANSWERED));
	free(title);
	free(summary);
	return text;
}

/* The enclosing groups' titles, then "Adult: 2 added. Add another?"; the
 * row under them. */
static int draw_title(struct ui *u, int cols)
{
	struct session *s = u->resp->session;
	char *group = session_group_title(s, u->qi);
	char *label = session_repeat_label(s, u->qi, u->inst);
	char *line = ky_asprintf(cui_word(u, UW_REPEAT_ADDED), label, n_instances(u));
	char *title = open_ended(u) ? ky_asprintf("%s %s", line, cui_word(u, UW_REPEAT_ASK))
		: ky_strdup(line);
	int y = 3, want = session_repeat_want(s, u->qi, u->inst);
	if (*group)
		cui_put_text(2, 2, cols - 4, group, tui_term_style()->title & ~A_REVERSE, false);
	y += cui_put_wrapped(y, 2, cols - 4, 2, title, A_BOLD);
	if (want >= 0 && want != n_instances(u)) {
		/* a count went down below the instances that hold answers */
		free(line);
		line = ky_asprintf(cui_word(u, UW_REPEAT_COUNT), want, n_instances(u));
		y += cui_put_wrapped(y, 2, cols - 4, 3, line, tui_term_style()->error);
	}
	free(group);
	free(label);
	free(line);
	free(title);
	return y + 1;
}

void cui_draw_repeat(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	int top, bottom = rows - 3, n = n_rows(u), i, y;
	session_set_instance(u->resp->session, u->inst);
	cui_draw_progress(u, 1, cols);
	top = draw_title(u, cols);
	if (u->highlight >= n)
		u->highlight = n - 1;
	if (u->scroll > u->highlight)
		u->scroll = u->highlight;
	while (u->highlight - u->scroll >= bottom - top)
		u->scroll++;
	for (i = u->scroll, y = top; i < n && y < bottom; i++, y++) {
		char *text = row_text(u, i);
		cui_put_text(y, 3, cols - 6, text, i == u->highlight ? st->highlight : A_NORMAL,
			     false);
		free(text);
	}
	if (u->scroll > 0)
		mvaddstr(top, cols - 2, "↑");
	if (i < n)
		mvaddstr(bottom - 1, cols - 2, "↓");
	if (*u->msg)
		cui_put_wrapped(rows - 3, 2, cols - 4, 2, u->msg,
				u->remove_row >= 0 ? st->selected : st->error);
	cui_draw_help(u, rows, cols, cui_word(u, UW_HELP_REPEAT));
}

/* Done: on past the repeat, unless a count is not met. */
static int done(struct ui *u, struct ky_error *err)
{
	int want = session_repeat_want(u->resp->session, u->qi, u->inst);
	if (want >= 0 && want != n_instances(u))
		return KY_OK;   /* the screen says what to do */
	return cui_advance(u, err);
}

/* From here the walk goes on (to the review only through its end). */
static void open_instance(struct ui *u, int inst)
{
	struct session_pos p = session_instance_first(u->resp->session, inst);
	if (p.qi < 0)
		return;
	u->from_review = false;
	cui_enter_place(u, p);
}

static int enter_key(struct ui *u, struct ky_error *err)
{
	int n = n_instances(u), inst, rc;
	if (u->highlight < n) {
		open_instance(u, instance_at(u, u->highlight));
		return KY_OK;
	}
	if (u->highlight > n || !open_ended(u))
		return done(u, err);
	if ((rc = session_repeat_add(u->resp->session, u->qi, u->inst, &inst, err)))
		return rc;
	open_instance(u, inst);
	return KY_OK;
}

/* Delete: asks first, removes on the second press on the same row. */
static int remove_key(struct ui *u, struct ky_error *err)
{
	int inst, rc;
	char *title;
	if (u->highlight >= n_instances(u))
		return KY_OK;
	inst = instance_at(u, u->highlight);
	if (u->remove_row != u->highlight) {
		title = session_instance_title(u->resp->session, inst, false);
		snprintf(u->msg, sizeof u->msg, cui_word(u, UW_REPEAT_REMOVE_CONFIRM), title);
		free(title);
		u->remove_row = u->highlight;
		return KY_OK;
	}
	u->remove_row = -1;
	u->msg[0] = '\0';
	if ((rc = session_repeat_remove(u->resp->session, inst, err)))
		return rc;
	session_set_instance(u->resp->session, u->inst);
	return KY_OK;
}

int cui_repeat_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	int n = n_rows(u);
	if (k.action == TK_DELETE || k.action == TK_BACKSPACE)
		return remove_key(u, err);
	u->remove_row = -1;
	u->msg[0] = '\0';
	if (cui_is_back(k))
		return cui_go_back(u, err);
	if (k.action == TK_UP && u->highlight > 0)
		u->highlight--;
	else if (k.action == TK_DOWN && u->highlight < n - 1)
		u->highlight++;
	else if (k.action == TK_HOME)
		u->highlight = 0;
	else if (k.action == TK_END)
		u->highlight = n - 1;
	else if (k.action == TK_ENTER)
		return enter_key(u, err);
	return KY_OK;
}
