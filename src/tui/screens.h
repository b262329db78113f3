/* screens.h - what collect's screens share; internal to src/tui.
 *
 * One struct ui holds the run (tui_collect_run in collect-ui.c); each
 * screen lives in its own file with its enter/draw/key functions:
 *   screen-welcome.c   the welcome screen and the operator's pick of
 *                      unfinished responses
 *   screen-code.c      the linkage code parts
 *   screen-question.c  one question: fields, notes, acknowledge, Enter/back
 *   screen-list.c      the widgets of select_one/multiple/rank and Likert,
 *                      with type-ahead
 *   screen-review.c    the review, submitting, the debrief, thank-you
 *   screen-repeat.c    a repeat's own screen: its instances (open one,
 *                      remove one), add another / done
 *   kiosk.c            the operator prompt and the idle respondent
 *   draw.c             drawing helpers, the title, progress and help lines
 * Keys arrive as named actions (tui/keys.h). */
#ifndef KY_TUI_SCREENS_H
#define KY_TUI_SCREENS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>
#include "collect/i18n.h"
#include "collect/kiosk-secret.h"
#include "collect/linkage.h"
#include "collect/respondent.h"
#include "tui/collect-ui.h"
#include "tui/editor.h"
#include "tui/keys.h"

#define SHORT_LIST 9     /* up to nine choices a digit picks at once */
#define MAX_TYPED 32
#define MAX_PICK 200

enum ui_screen { SCR_WELCOME, SCR_CODE, SCR_QUESTION, SCR_REVIEW, SCR_THANKS, SCR_PICK,
		 SCR_REPEAT };

struct ui {
	const struct tui_collect_opts *o;
	struct tui_collect_result *res;
	struct respondent *resp;
	enum ui_screen screen;
	int lang;              /* form language before a respondent exists */
	int qi;                /* question on screen (the repeat's, on its screen) */
	int inst;              /* its instance (the instance the repeat is in), -1: none */
	int remove_row;        /* repeat screen: the instance asked about removing, -1 none */
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
	int operator_failures;       /* wrong secrets since the last right one */
	time_t operator_locked_until;   /* no secret is tried before this */
	char operator_buf[KIOSK_SECRET_MAX + MB_LEN_MAX + 1];   /* never drawn */
	size_t operator_len;
	struct linkage_code code;   /* the code screen: the parts hashed so far */
	bool quit;
};

/* ---- the run (collect-ui.c) ---- */
const struct form *cui_form(const struct ui *u);
int cui_lang_index(const struct ui *u);
/* The interface language: the form language's, English when unknown. */
enum ui_lang cui_lang(const struct ui *u);
const char *cui_word(const struct ui *u, enum ui_word w);
const struct form_question *cui_question(const struct ui *u);
/* resume_uuid NULL: a new respondent (the linkage code typed, if any). */
int cui_start_respondent(struct ui *u, const char *resume_uuid, struct ky_error *err);
/* Moves the highlight by delta, stopping at the first and the last row. */
void cui_move_highlight(struct ui *u, int delta, int n);
/* Rows a Page Down moves, the same on lists, notes and the review. */
int cui_page_lines(void);
/* Page Up or Shift-Tab: back one question. */
bool cui_is_back(struct tui_key k);

/* ---- drawing (draw.c) ---- */
int cui_put_wide(int y, int x, int cols, const wchar_t *w, size_t n, unsigned int attr, bool pad);
int cui_put_text(int y, int x, int cols, const char *utf8, unsigned int attr, bool pad);
int cui_text_width(const char *utf8);
int cui_put_wrapped(int y, int x, int cols, int max_rows, const char *utf8, unsigned int attr);
int cui_put_wrapped_scrolled(int y, int x, int cols, int max_rows, const char *utf8,
			     unsigned int attr, int *first);
int cui_wrapped_rows(const char *utf8, int cols);
void cui_draw_header(const struct ui *u, int cols);
void cui_draw_help(const struct ui *u, int rows, int cols, const char *help);
void cui_draw_progress(const struct ui *u, int y, int cols);
/* A field of fieldw columns at y with the editor's text; returns the
 * cursor's column in it. */
int cui_draw_field(struct ui *u, int y, int fieldw);

/* ---- welcome and pick (screen-welcome.c) ---- */
void cui_enter_welcome(struct ui *u);
/* The welcome screen anew, with the unfinished responses reread. */
int cui_start_new_welcome(struct ui *u, struct ky_error *err);
int cui_load_partials(struct ui *u, struct ky_error *err);
void cui_draw_welcome(struct ui *u, int rows, int cols);
int cui_welcome_key(struct ui *u, struct tui_key k, struct ky_error *err);
void cui_draw_pick(struct ui *u, int rows, int cols);
int cui_pick_key(struct ui *u, struct tui_key k, struct ky_error *err);

/* ---- the linkage code (screen-code.c) ---- */
void cui_enter_code(struct ui *u);
void cui_wipe_editor(struct ui *u);
int cui_start_linked(struct ui *u, struct ky_error *err);
void cui_draw_code(struct ui *u, int rows, int cols);
int cui_code_key(struct ui *u, struct tui_key k, struct ky_error *err);

/* ---- one question (screen-question.c) ---- */
void cui_enter_question(struct ui *u, int qi, int inst);
/* The screen of a place of the walk: a question, a repeat's screen or
 * (qi -1) the review. */
void cui_enter_place(struct ui *u, struct session_pos p);
/* The next place after the one on screen (session_walk_next). */
int cui_advance(struct ui *u, struct ky_error *err);
void cui_draw_question(struct ui *u, int rows, int cols);
int cui_question_key(struct ui *u, struct tui_key k, struct ky_error *err);
/* A valid answer typed but not yet confirmed is not thrown away. */
int cui_keep_typed_answer(struct ui *u, struct ky_error *err);
int cui_go_back(struct ui *u, struct ky_error *err);
/* A key in a one-line field: editing, or a character typed. */
void cui_edit_key(struct ui *u, struct tui_key k);

/* ---- lists (screen-list.c) ---- */
bool cui_is_list(const struct form_question *q);
bool cui_is_likert(const struct form_question *q);
bool cui_is_long_list(const struct ui *u);
void cui_refresh_choices(struct ui *u);
const struct form_choice *cui_nth_choice(const struct ui *u, int i);
void cui_draw_list(struct ui *u, int top, int bottom, int cols);
void cui_draw_likert(struct ui *u, int top, int bottom, int cols);
void cui_draw_typed(const struct ui *u, int y, int cols);
/* Enter on a list: a choice typed on a checklist is ticked. */
void cui_pick_typed(struct ui *u);
void cui_list_key(struct ui *u, struct tui_key k);

/* ---- review, submit, thank-you (screen-review.c) ---- */
void cui_enter_review(struct ui *u);
void cui_draw_review(struct ui *u, int rows, int cols);
int cui_review_key(struct ui *u, struct tui_key k, struct ky_error *err);
void cui_draw_thanks(struct ui *u, int rows, int cols);
int cui_thanks_key(struct ui *u, struct tui_key k, struct ky_error *err);

/* ---- a repeat's screen (screen-repeat.c) ---- */
void cui_enter_repeat(struct ui *u, int rq, int parent);
void cui_draw_repeat(struct ui *u, int rows, int cols);
int cui_repeat_key(struct ui *u, struct tui_key k, struct ky_error *err);

/* ---- kiosk (kiosk.c) ---- */
/* F10 in kiosk mode: the operator prompt, the secret typed so far wiped. */
void cui_operator_open(struct ui *u);
/* Too many wrong secrets: the prompt tries none for a while (kiosk.c). */
bool cui_operator_locked(const struct ui *u);
void cui_operator_leave(struct ui *u);
void cui_operator_key(struct ui *u, struct tui_key k);
/* A second without a key: the operator prompt's timeout, the idle
 * respondent, the thank-you screen's end. Returns <0 (a -KY_E* code), 0
 * (nothing to do) or 1 (redraw). */
int cui_tick(struct ui *u, struct ky_error *err);

#endif
