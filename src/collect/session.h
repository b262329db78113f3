/* session.h - one respondent going through a form, without any terminal.
 *
 * Owns the current answers (one string per slot of the form), which
 * questions are relevant, and the checks an answer must pass (type,
 * required, constraint, choice_filter). It knows nothing of curses or
 * SQLite: every value it stores or clears is handed to a sink, which the
 * caller wires to the store (collect/respondent.h) or to a test.
 *
 * Which question is on screen is the caller's business: it walks with
 * session_first()/session_next()/session_prev() over the questions that
 * are shown (session_shown()) and relevant now; -1 past the end means the
 * review screen.
 *
 * Rules kept here, so that every front end behaves the same:
 * - relevance is re-evaluated after every accepted answer; a question
 *   that turns irrelevant (itself or an enclosing group) loses its
 *   stored answer (handed to the sink as "");
 * - calculate runs silently after every answer, in form order, until
 *   nothing changes (bounded), and its result is stored like an answer;
 * - `default` is the value an unanswered question starts with on screen
 *   (session_initial_value); it is stored only when accepted; hidden
 *   questions store their default at session_begin();
 * - metadata start/today/deviceid are filled at session_begin(), end at
 *   session_finish();
 * - `${name}` in labels and hints is replaced with the current answer (a
 *   choice's label in the current language for selects).
 * - messages returned for a refused answer are in the form's
 *   constraint/required message in the current language, or the
 *   interface's default (collect/i18n.h). */
#ifndef KY_COLLECT_SESSION_H
#define KY_COLLECT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "form/form.h"
#include "collect/i18n.h"
#include "util/error.h"

struct session;

/* Where stored values go. put() gets "" for a cleared value; it returns
 * 0 or a KY_E* code with err filled. put may be NULL (nothing stored). */
struct session_sink {
	int (*put)(void *ctx, int slot, const char *value, struct ky_error *err);
	void *ctx;
};

/* The session keeps a pointer to form (which must outlive it) and a copy
 * of sink. lang is an index into form->langs (clamped). Never fails. */
struct session *session_create(const struct form *form, int lang,
			       const struct session_sink *sink);
void session_destroy(struct session *s);

/* Loads stored values, one per slot (values[i] NULL or "" = unanswered),
 * as when resuming; nothing is handed to the sink. */
void session_load(struct session *s, const char *const *values, size_t n_values);

/* Starts a respondent: metadata start/today/deviceid (now and device_id;
 * device_id may be NULL), hidden defaults, calculates. Values already
 * present (a resumed response) are kept. */
int session_begin(struct session *s, time_t now, const char *device_id,
		  struct ky_error *err);
/* Fills metadata `end` (at now) and recomputes calculates: call just
 * before the response is marked complete. */
int session_finish(struct session *s, time_t now, struct ky_error *err);

const struct form *session_form(const struct session *s);
int session_lang(const struct session *s);
void session_set_lang(struct session *s, int lang);
/* The next language in form order, wrapping (F2). */
void session_cycle_lang(struct session *s);
/* Interface language matching the current form language. */
enum ui_lang session_ui_lang(const struct session *s);
/* Code of the current form language ("fi"), or "" when the form has none. */
const char *session_lang_code(const struct session *s);

/* True when the question type is put on a screen (selects, rank, entry
 * fields, range, note, acknowledge); false for groups, calculate,
 * hidden, metadata and unsupported types. */
bool session_shown(const struct form *form, int qi);
/* True when the question and every enclosing group are relevant now. */
bool session_relevant(const struct session *s, int qi);

/* Walking over shown and relevant questions; -1 when there is none. */
int session_first(const struct session *s);
int session_next(const struct session *s, int qi);
int session_prev(const struct session *s, int qi);
/* First shown relevant question with a slot and no answer (resume); -1
 * when every one is answered. */
int session_first_unanswered(const struct session *s);
/* First relevant question whose answer is required and missing, or whose
 * stored answer fails its checks; -1 when the response can be submitted.
 * msg receives the reason. */
int session_first_blocking(const struct session *s, char *msg, size_t msglen);

/* Current value of a slot-holding question ("" when unanswered or when
 * the question has no slot). */
const char *session_value(const struct session *s, int qi);
/* The value an entry screen starts with: the answer, else the default. */
const char *session_initial_value(const struct session *s, int qi);
/* Value for a ${name} reference (name or column), "" when unknown. */
const char *session_lookup(const struct session *s, const char *name);

/* Checks value for question qi against its type, the visible choices,
 * required and constraint, without storing. Returns true when it may be
 * stored; otherwise msg gets the message to show beside the field. */
bool session_check(const struct session *s, int qi, const char *value,
		   char *msg, size_t msglen);
/* Checks and stores value (trimmed of surrounding spaces for numbers and
 * dates), hands it to the sink, then re-runs calculates and relevance.
 * Returns 0; KY_EINPUT when the answer is refused (msg filled, err too,
 * nothing stored); KY_EIO when the sink failed (err filled). For a note
 * (no slot) it only checks nothing and returns 0. */
int session_accept(struct session *s, int qi, const char *value,
		   char *msg, size_t msglen, struct ky_error *err);

/* Indices into q->list->choices of the choices that pass the question's
 * choice_filter now, in list order; idx must hold list->n_choices.
 * Returns their count (0 for a question without a list). */
size_t session_choices(const struct session *s, int qi, size_t *idx);

/* Label and hint of a question in the current language with ${name}
 * replaced; malloc'd, caller frees. */
char *session_label(const struct session *s, int qi);
char *session_hint(const struct session *s, int qi);
/* Label of a choice in the current language (never NULL; the name when no label). */
const char *session_choice_label(const struct session *s, const struct form_choice *c);
/* The answer as a respondent reads it: choice labels joined with ", "
 * for selects, the text otherwise; malloc'd, "" when unanswered. */
char *session_display_value(const struct session *s, int qi);
/* Title of the innermost enclosing group of qi in the current language,
 * with the outer groups' titles before it ("A › B"); malloc'd, "" at top level. */
char *session_group_title(const struct session *s, int qi);

/* Progress over shown relevant questions that hold a value. */
void session_progress(const struct session *s, int *answered, int *total);
/* The section of question qi for the progress line. Sections are the
 * form's top-level groups holding a shown question, counted whether or
 * not skip logic shows them, so that the count stays the same while a
 * respondent answers (a total of relevant questions grows as skip logic
 * opens questions). A question outside every group belongs to the
 * section before it, or to the first one when no group precedes it.
 * *index is 1-based, qi < 0 (the review) gives the last section; both
 * are 0 when the form has no group. */
void session_section(const struct session *s, int qi, int *index, int *count);

/* Helpers shared by front ends. Whether a select_multiple / rank value
 * (space-separated names) contains name; a new value with name toggled
 * (appended at the end when added); malloc'd. */
bool session_multi_has(const char *value, const char *name);
char *session_multi_toggle(const char *value, const char *name);
/* 1-based position of name in a rank value, 0 when absent. */
int session_multi_position(const char *value, const char *name);

#endif
