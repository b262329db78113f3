/* collect-ui.h - the screens of `kysely collect`: welcome, one question
 * per screen, review, thank-you, and the operator's pick of unfinished
 * responses.
 *
 * Layout at 80x24 and larger (re-laid out on every resize): a title bar
 * with the form language, a progress line (the section, a top-level
 * group i of n counted over the whole form, and the answered count; see
 * draw_progress), the title of the enclosing
 * group(s) above each question ("Group › Subgroup"; a group is not a
 * page of its own, so that every question gets the whole screen at
 * 80x24), the wrapped label and hint, the answer widget, a message line
 * for refused answers, and a help line of keys in the interface language.
 *
 * Keys (interfaces.md section 1, plus):
 *   Enter        accept and go to the next relevant question (select_one:
 *                takes the highlighted choice; with none highlighted the
 *                question is left unanswered, if it may be)
 *   Page Up, Shift-Tab   back one question (a valid typed answer is kept)
 *   Up/Down      move the highlight; Left/Right on a Likert scale
 *   Page Down    move the highlight (a note: scroll) by the same rows on
 *                lists, notes and the review: the screen height less 14
 *   1-9          lists of up to nine: select_one: highlight (pick) the
 *                nth choice, Enter then accepts; select_multiple: toggle
 *                it; rank: add or remove it at the end of the order
 *   digits       lists of more than nine: typed (shown under the list),
 *                the highlight follows; Enter picks (a checklist ticks it,
 *                then goes on)
 *   letters      any list: the highlight goes to the first choice whose
 *                label starts with them (case, then accents, ignored)
 *   Space        toggle the highlighted choice / the acknowledge OK
 *   Backspace, Delete   the number or letters typed; on a select_one with
 *                nothing typed: clear the pick
 *   Delete       (a repeat's screen) on an instance: ask to remove it;
 *                again: remove it with everything in it
 *   F2           next language of the form
 *   F4           (welcome screen, not in kiosk) continue an unfinished response
 *   F10 (or Ctrl-X)  quit, leaving the response partial; in kiosk mode
 *                it opens the operator prompt instead: the operator
 *                secret (never shown) and Enter quit; a wrong secret,
 *                Esc or 30 seconds without a key return to the survey
 * Repeats (screen-repeat.c): a question in an instance has the instance
 * above it ("Child 2 of 3"); a repeat's own screen lists its instances
 * with Add another / Done (open-ended), or stands in the walk while a
 * repeat_count repeat holds more instances with answers than its count.
 * In kiosk mode (raw keyboard) Ctrl-C, Ctrl-Z and Ctrl-\ do nothing and
 * other function keys are ignored; after a submission a thank-you screen
 * is shown and the next respondent starts at the welcome screen; a
 * respondent who walks away mid-survey is first asked "still there?"
 * (the last third of idle_seconds, at most 30 s); unanswered, a valid
 * answer typed but not confirmed is stored, the response is left partial
 * and the welcome screen returns, so that the next person can neither see
 * nor change the answers.
 * When the form's settings say `debrief` = yes, submitting first shows the
 * respondent's own knowledge results (tui/debrief-ui.h); in kiosk mode the
 * welcome screen follows it.
 * When the form's settings say `linkage_code` = yes, Enter on the welcome
 * screen first shows the code screen: the parts of the linkage code one
 * at a time (collect/linkage.h), each checked on Enter (the message says
 * what to type), Page Up or Esc one part back (from the first: the
 * welcome screen); the response starts after the last part. A typed
 * part is hashed and wiped on Enter, never drawn again; in kiosk mode an
 * idle code screen returns to the welcome screen. */
#ifndef KY_TUI_COLLECT_UI_H
#define KY_TUI_COLLECT_UI_H

#include <stdbool.h>
#include <stdint.h>
#include "collect/kiosk-secret.h"
#include "collect/linkage.h"
#include "form/form.h"
#include "store/store.h"
#include "util/error.h"

struct tui_collect_opts {
	struct store *store;
	int64_t form_pk;
	const struct form *form;
	int lang;                  /* initial form language (index into form->langs) */
	bool kiosk;
	const char *resume_uuid;   /* continue this partial response; NULL: welcome screen */
	int idle_seconds;          /* kiosk: a respondent idle this long is left partial
				    * and the welcome screen returns (0 = never) */
	const struct kiosk_secret *secret;   /* kiosk: what the operator types to quit */
	const char *attrs_json;    /* every new response's attributes (--set); may be NULL */
	/* a form with `linkage_code`: the study key and the --set attributes
	 * the code joins (collect/linkage.h); unused otherwise */
	const struct linkage_key *linkage;
	const struct entry_attrs *set;
};

struct tui_collect_result {
	int submitted;             /* responses completed */
	char partial_uuid[40];     /* the response left unfinished on quit, "" when none */
	int quit_signal;           /* the signal that ended the run, 0 when none */
};

/* Opens the terminal, runs the screens and restores the terminal on
 * every path. Returns 0, or a KY_E* code with err filled (a database
 * failure ends collection: nothing is kept only on screen). */
int tui_collect_run(const struct tui_collect_opts *o, struct tui_collect_result *res,
		    struct ky_error *err);

#endif
