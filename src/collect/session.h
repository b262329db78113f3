/* session.h - one respondent going through a form, without any terminal.
 *
 * Owns the current answers (an answer tree, form/tree.h: the
 * respondent's own record and one per repeat instance), which questions
 * are relevant, and the checks an answer must pass (type, required,
 * constraint, choice_filter). It knows nothing of curses or SQLite:
 * every value it stores or clears, and every instance it adds or
 * removes, is handed to a sink, which the caller wires to the store
 * (collect/respondent.h) or to a test.
 *
 * Which question is on screen is the caller's business: it walks with
 * session_walk_first()/_next()/_prev() over places (a question in an
 * instance, a repeat's own screen; see "repeats" below) that are shown
 * and relevant now, and tells the session the instance on screen
 * (session_set_instance), in whose context the per-question functions
 * work; qi -1 past the end means the review screen. (The older
 * session_first()/session_next()/session_prev() walk the respondent's
 * own record only.) The repeats' rules (counts, instances kept or
 * removed, calculates per instance) are in session-repeat.c.
 *
 * Rules kept here, so that every front end behaves the same:
 * - relevance is re-evaluated after every accepted answer; a question
 *   that turns irrelevant (itself or an enclosing group) loses its
 *   stored answer (handed to the sink as "");
 * - calculate runs silently after every answer, in form order, in the
 *   respondent's record and every instance, until nothing changes
 *   (bounded), and its result is stored like an answer;
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
#include <stdint.h>
#include <time.h>
#include "form/form.h"
#include "form/tree.h"
#include "collect/i18n.h"
#include "util/error.h"

struct session;

/* Where stored values go. put() gets "" for a cleared value; it returns
 * 0 or a KY_E* code with err filled. put may be NULL (nothing stored).
 * The instance callbacks (each may be NULL) store a repeat's instances:
 * instance_add an empty one of repeat (its name) at position under the
 * instance parent_id (0: none), giving its id (ids are the sink's own;
 * the session only hands them back); instance_put one of its answers;
 * instance_remove one with every instance inside it (the later siblings
 * move up one position, as the session's do). */
struct session_sink {
	int (*put)(void *ctx, int slot, const char *value, struct ky_error *err);
	void *ctx;
	int (*instance_add)(void *ctx, int64_t parent_id, const char *repeat, int position,
			    int64_t *id, struct ky_error *err);
	int (*instance_put)(void *ctx, int64_t id, int slot, const char *value,
			    struct ky_error *err);
	int (*instance_remove)(void *ctx, int64_t id, struct ky_error *err);
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

/* Walking over shown and relevant questions of the respondent's own
 * record (never into a repeat: a form with repeats is walked with
 * session_walk_* below); -1 when there is none. */
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

/* ---- repeats ----
 * A place in the walk is a question and the instance it is asked in
 * (-1: the respondent's own record); the walk goes through a repeat's
 * instances in order, each instance's questions in form order, nested
 * repeats inside their parent instance. A place whose qi is a
 * begin_repeat row is the repeat's own screen (its instances, and for
 * an open-ended repeat "add another / done"), inst then being the
 * instance the repeat sits in: an open-ended repeat has it after its
 * instances; a repeat_count repeat only while its instances are not the
 * count asked. qi -1 is the review. */
struct session_pos {
	int qi;
	int inst;
};

/* The per-question functions below (value, label, check, accept...)
 * work in the context of this instance: the one on screen. */
void session_set_instance(struct session *s, int inst);
int session_instance(const struct session *s);
const struct answer_tree *session_tree(const struct session *s);
/* For loading stored instances (store_tree_load) before session_begin. */
struct answer_tree *session_tree_edit(struct session *s);
/* True when p is a repeat's own screen. */
bool session_pos_is_repeat(const struct session *s, struct session_pos p);

/* Every place of the walk in order, until fn returns true. */
typedef bool (*session_walk_fn)(void *ctx, struct session_pos p);
void session_walk(const struct session *s, session_walk_fn fn, void *ctx);
/* The first place; the place after *p. A repeat_count repeat reached on
 * the way gets its count of instances then: empty ones are added (each
 * stored at once) or, when the count went down, removed from the end
 * while they hold no answer; instances with answers are kept, and the
 * repeat's screen then stands in the walk until the respondent removes
 * some (or changes the count). */
int session_walk_first(struct session *s, struct session_pos *p, struct ky_error *err);
int session_walk_next(struct session *s, struct session_pos *p, struct ky_error *err);
/* The place before p (p.qi -1: the last place); qi -1 when none. */
struct session_pos session_walk_prev(const struct session *s, struct session_pos p);
/* The first place inside instance inst; qi -1 when it has none. */
struct session_pos session_instance_first(const struct session *s, int inst);
/* The first question with a slot and no answer (resume), else the first
 * open-ended repeat's screen with no instance; qi -1 when none. */
struct session_pos session_first_unanswered_pos(const struct session *s);
/* As session_first_blocking, over every instance; a repeat_count repeat
 * whose instances are not the count blocks at its screen. qi -1: none. */
struct session_pos session_first_blocking_pos(const struct session *s, char *msg, size_t msglen);
/* Every repeat_count repeat the walk reaches given its count, as
 * session_walk_next does, and the instances of repeats that skip logic
 * hides (their answers cleared already) removed (before submitting). */
int session_sync_repeats(struct session *s, struct ky_error *err);

/* The count repeat rq asks for under instance parent now (its
 * repeat_count), -1 for an open-ended repeat. */
int session_repeat_want(const struct session *s, int rq, int parent);
/* A new empty instance of repeat rq after the last one under parent,
 * stored at once; *inst its index in the tree. */
int session_repeat_add(struct session *s, int rq, int parent, int *inst, struct ky_error *err);
/* Removes instance inst with everything in it, from the store too. */
int session_repeat_remove(struct session *s, int inst, struct ky_error *err);
/* True when no question shown in inst (or an instance in it) is answered. */
bool session_instance_empty(const struct session *s, int inst);
/* A repeat's label seen from instance inst (-1: top); "Child 2" or, with
 * with_count, "Child 2 of 3" for instance inst; the first answer in inst
 * as a respondent reads it ("" when none). malloc'd. */
char *session_repeat_label(const struct session *s, int rq, int inst);
char *session_instance_title(const struct session *s, int inst, bool with_count);
char *session_instance_summary(const struct session *s, int inst);
/* "Child 2 › Clinic visit of Aino 1": inst's title after its parents'. */
char *session_instance_path(const struct session *s, int inst);

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

/* Progress over shown relevant questions that hold a value, in every
 * instance. */
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
