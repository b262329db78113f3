/* screen-code.c - the linkage code screen (collect/linkage.h): the parts
 * of the code one at a time, each hashed and wiped on Enter and never
 * drawn again. */
#include "config.h"
#include <curses.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/screens.h"
#include "tui/term.h"

void cui_wipe_editor(struct ui *u)
{
	if (u->ed.buf)
		sodium_memzero(u->ed.buf, u->ed.cap * sizeof *u->ed.buf);
	tui_editor_set(&u->ed, "");
}

void cui_enter_code(struct ui *u)
{
	sodium_memzero(&u->code, sizeof u->code);
	cui_wipe_editor(u);
	u->screen = SCR_CODE;
	u->msg[0] = '\0';
}

/* A new response with the linkage code typed on the code screen. */
int cui_start_linked(struct ui *u, struct ky_error *err)
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

void cui_draw_code(struct ui *u, int rows, int cols)
{
	enum ui_lang ui = cui_lang(u);
	char line[512];
	int y = 3, fieldw = cols - 10 > 24 ? 24 : cols - 10, cursor_col;
	y += cui_put_wrapped(y, 3, cols - 6, rows / 3, linkage_intro(ui), A_NORMAL) + 1;
	snprintf(line, sizeof line, "%zu/%d  %s", u->code.parts + 1, LINKAGE_PARTS,
		 linkage_prompt(ui, u->code.parts));
	y += cui_put_wrapped(y, 3, cols - 6, 3, line, A_BOLD) + 1;
	if (*u->msg)
		cui_put_wrapped(y + 2, 3, cols - 6, 2, u->msg, tui_term_style()->error);
	cui_draw_help(u, rows, cols, cui_word(u, UW_HELP_FIELD));
	cursor_col = cui_draw_field(u, y, fieldw);
	move(y, 5 + cursor_col);
	curs_set(1);
}

/* Enter hashes the part typed (or says what to type). */
static int accept_part(struct ui *u, struct ky_error *err)
{
	char *typed = tui_editor_text(&u->ed);
	const char *msg = NULL;
	bool ok = linkage_code_accept(u->o->linkage, &u->code, typed, cui_lang(u), &msg);
	sodium_memzero(typed, strlen(typed));
	free(typed);
	cui_wipe_editor(u);
	snprintf(u->msg, sizeof u->msg, "%s", ok ? "" : msg ? msg : "?");
	if (ok && linkage_code_complete(&u->code))
		return cui_start_respondent(u, NULL, err);
	return KY_OK;
}

/* Back returns to the part before, or to the welcome screen. */
int cui_code_key(struct ui *u, struct tui_key k, struct ky_error *err)
{
	if (k.action == TK_ENTER)
		return accept_part(u, err);
	if (cui_is_back(k) || k.action == TK_ESCAPE) {
		cui_wipe_editor(u);
		u->msg[0] = '\0';
		if (u->code.parts == 0) {
			u->screen = SCR_WELCOME;
		} else {
			u->code.parts--;
			sodium_memzero(u->code.hex[u->code.parts], sizeof u->code.hex[u->code.parts]);
		}
		return KY_OK;
	}
	cui_edit_key(u, k);
	return KY_OK;
}
