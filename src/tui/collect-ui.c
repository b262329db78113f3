/* collect-ui.c - the run of collect's screens: the state they share
 * (tui/screens.h), the loop reading keys, and which screen draws and
 * takes a key. The screens themselves are the screen-*.c files. */
#include "config.h"
#include <curses.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tui/screens.h"
#include "tui/term.h"
#include "util/mem.h"

#define MIN_ROWS 10
#define MIN_COLS 40

const struct form *cui_form(const struct ui *u)
{
	return u->o->form;
}

int cui_lang_index(const struct ui *u)
{
	return u->resp ? session_lang(u->resp->session) : u->lang;
}

enum ui_lang cui_lang(const struct ui *u)
{
	const struct form *f = cui_form(u);
	int l = cui_lang_index(u);
	if (l < 0 || (size_t)l >= f->n_langs)
		return UI_EN;
	return ui_lang_from_code(f->langs[l].code);
}

const char *cui_word(const struct ui *u, enum ui_word w)
{
	return ui_text(cui_lang(u), w);
}

const struct form_question *cui_question(const struct ui *u)
{
	return &cui_form(u)->questions[u->qi];
}

bool cui_is_back(struct tui_key k)
{
	return k.action == TK_PAGE_UP || k.action == TK_BACK_TAB;
}

void cui_move_highlight(struct ui *u, int delta, int n)
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

/* Ten rows at 80x24, fewer on a smaller screen. */
int cui_page_lines(void)
{
	int rows = getmaxy(stdscr);
	return rows > 15 ? rows - 14 : 1;
}

/* A new respondent starts at the top (an introductory note included); a
 * resumed one where the answers stop. */
static int go_first(struct ui *u, bool resumed, struct ky_error *err)
{
	struct session_pos p = { -1, -1 };
	int rc = KY_OK;
	if (resumed)
		p = session_first_unanswered_pos(u->resp->session);
	if (p.qi < 0)
		rc = session_walk_first(u->resp->session, &p, err);
	if (!rc)
		cui_enter_place(u, p);
	return rc;
}

int cui_start_respondent(struct ui *u, const char *resume_uuid, struct ky_error *err)
{
	int rc;
	if (resume_uuid)
		rc = respondent_resume(u->o->store, u->o->form_pk, u->o->form, resume_uuid,
				       &u->resp, err);
	else if (!cui_form(u)->linkage_code)
		rc = respondent_start(u->o->store, u->o->form_pk, u->o->form, u->lang,
				      u->o->attrs_json, &u->resp, err);
	else
		rc = cui_start_linked(u, err);
	if (rc)
		return rc;
	snprintf(u->res->partial_uuid, sizeof u->res->partial_uuid, "%s", u->resp->uuid);
	return go_first(u, resume_uuid != NULL, err);
}

static int switch_lang(struct ui *u, struct ky_error *err)
{
	const struct form *f = cui_form(u);
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

static void draw(struct ui *u)
{
	const struct tui_style *st = tui_term_style();
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	curs_set(0);
	if (rows < MIN_ROWS || cols < MIN_COLS) {
		cui_put_wrapped(0, 0, cols, rows, cui_word(u, UW_TOO_SMALL), A_BOLD);
		refresh();
		return;
	}
	cui_draw_header(u, cols);
	switch (u->screen) {
	case SCR_WELCOME: cui_draw_welcome(u, rows, cols); break;
	case SCR_CODE: cui_draw_code(u, rows, cols); break;
	case SCR_QUESTION: cui_draw_question(u, rows, cols); break;
	case SCR_REVIEW: cui_draw_review(u, rows, cols); break;
	case SCR_THANKS: cui_draw_thanks(u, rows, cols); break;
	case SCR_PICK: cui_draw_pick(u, rows, cols); break;
	case SCR_REPEAT: cui_draw_repeat(u, rows, cols); break;
	}
	if (u->idle_warned) {
		cui_put_text(rows - 3, 0, cols, "", st->error, true);
		cui_put_text(rows - 2, 0, cols, "", st->error, true);
		cui_put_wrapped(rows - 3, 2, cols - 4, 2, cui_word(u, UW_STILL_THERE), st->error);
	}
	refresh();
}

static int screen_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	switch (u->screen) {
	case SCR_WELCOME: return cui_welcome_key(u, k, err);
	case SCR_CODE: return cui_code_key(u, k, err);
	case SCR_QUESTION: return cui_question_key(u, k, err);
	case SCR_REVIEW: return cui_review_key(u, k, err);
	case SCR_PICK: return cui_pick_key(u, k, err);
	case SCR_THANKS: return cui_thanks_key(u, k, err);
	case SCR_REPEAT: return cui_repeat_key(u, k, err);
	}
	return KY_OK;
}

/* The keys every screen shares come first; the rest go to the screen. */
static int handle_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	if (k.action == TK_RESIZE)
		return KY_OK;
	if (u->operator_mode) {
		cui_operator_key(u, k);
		return KY_OK;
	}
	if (u->idle_warned) {
		/* the key that answers "still there?" does nothing else */
		u->idle_warned = false;
		return KY_OK;
	}
	if (k.action == TK_QUIT) {
		if (!u->o->kiosk)
			u->quit = true;
		else
			cui_operator_open(u);
		return KY_OK;
	}
	if (k.action == TK_LANGUAGE)
		return switch_lang(u, err);
	/* Ctrl-C, Ctrl-Z, Ctrl-\ in kiosk (raw) mode, and function keys
	 * without a meaning here, do nothing, so that nothing surprising happens */
	if (k.action == TK_SIGNAL || k.action == TK_FUNCTION ||
	    (k.action == TK_RESUME && u->screen != SCR_WELCOME))
		return KY_OK;
	return screen_key(u, k, err);
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
			int t = cui_tick(u, err);
			if (t < 0)
				return -t;
			dirty = t > 0;
			continue;
		}
		u->last_key = time(NULL);
		rc = handle_key(u, tui_key_of(got == KEY_CODE_YES, k), err);
		if (rc)
			return rc;
		dirty = true;
	}
	return KY_OK;
}

/* Nothing typed (the secret, the code, a field) outlives the run. */
static void ui_release(struct ui *u)
{
	size_t i;
	cui_operator_leave(u);
	sodium_memzero(&u->code, sizeof u->code);
	cui_wipe_editor(u);
	respondent_destroy(u->resp);
	tui_editor_release(&u->ed);
	free(u->work);
	free(u->choice_idx);
	for (i = 0; i < u->n_partials; i++)
		free(u->partials[i]);
	free(u->partials);
}

int tui_collect_run(const struct tui_collect_opts *o, struct tui_collect_result *res,
		    struct ky_error *err)
{
	struct ui u;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&u, 0, sizeof u);
	u.o = o;
	u.res = res;
	u.lang = o->lang;
	u.last_key = time(NULL);
	tui_editor_init(&u.ed);
	u.work = ky_strdup("");
	cui_enter_welcome(&u);
	if (o->resume_uuid)
		rc = cui_start_respondent(&u, o->resume_uuid, err);
	else
		rc = cui_load_partials(&u, err);
	if (!rc)
		rc = tui_term_open(o->kiosk, err);
	if (!rc) {
		rc = loop(&u, err);
		tui_term_close();
	}
	ui_release(&u);
	return rc;
}
