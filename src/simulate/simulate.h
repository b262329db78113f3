/* simulate.h - synthetic respondents for any valid form.
 *
 * A struct sim walks a form's questions in order once per respondent, the
 * way a respondent at a terminal would: relevance (of the question and of
 * its groups) decides whether a question is asked, choice_filter narrows a
 * list, a value is drawn for the type and redrawn until the constraint
 * holds, calculations are evaluated, metadata filled in. Answers live in
 * per-slot buffers reused between respondents, so memory stays constant
 * however many respondents are written.
 *
 * Everything random comes from one GSL Mersenne Twister seeded with
 * options.seed (expressions' random() and today() included), so the same
 * form, options and seed give the same bytes on every run and machine.
 *
 * Structure (options.structure, on by default) gives the analysis
 * something to find; the knobs are documented in the man page:
 *   - a latent "knowledge" per respondent: normal, shifted by profession
 *     (a select_one named like "profession") and rising with years of
 *     experience (an integer named like "experience" or "years");
 *   - scored items (choices with a `score`): the best-scoring choice is
 *     more likely the higher the knowledge;
 *   - ordinal items (every choice has a numeric value): items of one
 *     `scale` share a per-respondent trait (so Cronbach's alpha is
 *     positive), reverse items flip; importance items of need pairs sit
 *     high, competence items lower and rising with knowledge;
 *   - respondents are unevenly spread over professions (nurses most);
 *     free text asked of everyone is left empty by 70 %.
 * With structure off every choice is equally likely. */
#ifndef KY_SIMULATE_H
#define KY_SIMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include "form/form.h"
#include "io/csvwrite.h"
#include "util/error.h"

struct sim_lang_share {
	char *code;
	double share;
};

struct sim_options {
	unsigned long seed;
	double missing;      /* item non-response of non-required questions, [0, 1] */
	double partial;      /* share of respondents who stop early, [0, 1] */
	bool structure;      /* latent knowledge and correlated items */
	struct sim_lang_share *langs;   /* NULL: derived from the form's languages */
	size_t n_langs;
	double start_day;    /* first day of field work, days since 1970-01-01 */
	double span_days;    /* field work lasts this many days */
};

/* Defaults: seed 1, 5 % missing, 5 % partial, structure on, languages
 * from the form, field work 30 days from 2015-03-02. */
void sim_options_init(struct sim_options *opt);

/* Parses "fi=0.7,sv=0.2,en=0.1" into a fresh array (shares need not sum
 * to 1; they are normalised). Caller frees with sim_lang_shares_free(). */
int sim_parse_lang_mix(const char *text, struct sim_lang_share **out, size_t *n,
		       struct ky_error *err);
void sim_lang_shares_free(struct sim_lang_share *langs, size_t n);

struct sim;

/* The form must outlive the sim; opt is copied (langs included). */
int sim_create(const struct form *form, const struct sim_options *opt, struct sim **out,
	       struct ky_error *err);
void sim_destroy(struct sim *sim);

/* Draws the next respondent; its values stay readable until the next call. */
void sim_next(struct sim *sim);

/* The current respondent. A value is "" when unanswered. */
const char *sim_value(const struct sim *sim, size_t slot);
const char *sim_uuid(const struct sim *sim);
const char *sim_status(const struct sim *sim);   /* "complete" or "partial" */
const char *sim_started(const struct sim *sim);
const char *sim_completed(const struct sim *sim); /* "" when partial */
const char *sim_lang(const struct sim *sim);      /* "" when the form has no language code */

/* The wide CSV of interfaces.md section 3: the header row, then one row
 * per call of sim_write_respondent() (which calls sim_next()). A form
 * with repeats has there only the questions outside every repeat. */
void sim_write_header(const struct sim *sim, struct csvwrite *w);
void sim_write_respondent(struct sim *sim, struct csvwrite *w);
bool sim_slot_top_level(const struct sim *sim, size_t slot);

/* Repeats. Each respondent is drawn as an answer tree: a repeat with a
 * repeat_count gets that many instances (evaluated in its parent's
 * context, 0 to 50, 0 when not a number), an open-ended one 0 to 3 at
 * random; every instance's questions follow the rules above, evaluated
 * in that instance. The CSV of repeat rq (its begin_repeat question
 * index; interfaces.md section 5): `respondent, parent, key`, then its
 * own questions' columns; sim_write_instances writes the current
 * respondent's instances of rq, after sim_write_respondent. */
void sim_write_repeat_header(const struct sim *sim, size_t rq, struct csvwrite *w);
void sim_write_instances(const struct sim *sim, size_t rq, struct csvwrite *w);

#endif
