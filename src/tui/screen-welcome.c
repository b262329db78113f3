/* screen-welcome.c - the welcome screen (the form's languages, Enter to
 * start) and the operator's pick of an unfinished response to continue
 * (F4 on the welcome screen, never in kiosk mode). */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include "tui/screens.h"
#include "tui/term.h"

void cui_enter_welcome(struct ui *u)
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
int cui_load_partials(struct ui *u, struct ky_error *err)
{
	if (u->o->kiosk)
		return KY_OK;
	return store_list_partial(u->o->store, u->o->form_pk, &u->partials, &u->n_partials, err);
}

int cui_start_new_welcome(struct ui *u, struct ky_error *err)
{
	cui_enter_welcome(u);
	return cui_load_partials(u, err);
}

void cui_draw_welcome(struct ui *u, int rows, int cols)
{
	const struct form *f = cui_form(u);
	const struct tui_style *st = tui_term_style();
	int y = 3;
	size_t i;
	y += cui_put_wrapped(y, 4, cols - 8, 4, f->title ? f->title : "", A_BOLD) + 1;
	cui_put_text(y++, 4, cols - 8, cui_word(u, UW_WELCOME), A_NORMAL, false);
	y++;
	for (i = 0; i < f->n_langs && y < rows - 5; i++, y++) {
		char line[256];
		snprintf(line, sizeof line, "%s %s", (int)i == u->lang ? "▸" : " ", f->langs[i].name);
		cui_put_text(y, 6, cols - 10, line, (int)i == u->lang ? st->selected : A_NORMAL, false);
	}
	y++;
	cui_put_text(y++, 4, cols - 8, cui_word(u, UW_START), A_BOLD, false);
	if (u->n_partials && y < rows - 2) {
		char line[256];
		snprintf(line, sizeof line, cui_word(u, UW_RESUME_KEY), (int)u->n_partials);
		cui_put_text(y + 1, 4, cols - 8, line, st->hint, false);
	}
	cui_draw_help(u, rows, cols, cui_word(u, UW_HELP_WELCOME));
}

int cui_welcome_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	if (k.action == TK_ENTER && cui_form(u)->linkage_code) {
		cui_enter_code(u);
		return KY_OK;
	}
	if (k.action == TK_ENTER)
		return cui_start_respondent(u, NULL, err);
	if (k.action == TK_RESUME && u->n_partials) {
		u->screen = SCR_PICK;
		u->highlight = 0;
		u->scroll = 0;
	}
	return KY_OK;
}

void cui_draw_pick(struct ui *u, int rows, int cols)
{
	const struct tui_style *st = tui_term_style();
	int top = 4, bottom = rows - 2, i, y;
	cui_put_text(2, 2, cols - 4, cui_word(u, UW_RESUME_TITLE), A_BOLD, false);
	if (u->scroll > u->highlight)
		u->scroll = u->highlight;
	while (u->highlight - u->scroll >= bottom - top)
		u->scroll++;
	for (i = u->scroll, y = top; i < (int)u->n_partials && i < MAX_PICK && y < bottom; i++, y++)
		cui_put_text(y, 3, cols - 6, u->partials[i],
			     i == u->highlight ? st->highlight : A_NORMAL, true);
	cui_draw_help(u, rows, cols, cui_word(u, UW_RESUME_HELP));
}

int cui_pick_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	int n = (int)(u->n_partials < MAX_PICK ? u->n_partials : MAX_PICK);
	if (k.action == TK_UP && u->highlight > 0)
		u->highlight--;
	else if (k.action == TK_DOWN && u->highlight < n - 1)
		u->highlight++;
	else if (k.action == TK_ESCAPE)
		u->screen = SCR_WELCOME;
	else if (k.action == TK_ENTER && u->highlight >= 0 && u->highlight < n)
		return cui_start_respondent(u, u->partials[u->highlight], err);
	return KY_OK;
}
