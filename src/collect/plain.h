/* plain.h - `kysely collect --plain`: the survey as lines of text, for
 * screen readers, braille displays and terminals that cannot move the
 * cursor.
 *
 * Each question is printed once, top to bottom (the group when it
 * changes, the label, the hint, numbered choices, the current answer and
 * what to type), then one line is read; nothing is redrawn, coloured or
 * sent as an escape sequence, and control characters of the form's texts
 * are printed as '?'. Answers go through the same session and respondent
 * calls as the full-screen mode (collect/respondent.h): each one is
 * committed when accepted, skip logic, constraints and required answers
 * are the session's. Typed commands (English words, the prompts and help
 * in the respondent's language): back, language [CODE], review, skip,
 * help, quit; on the review screen, a number opens that answer and
 * submit sends. A line starting with a backslash is an answer, never a
 * command. End of input, quit or SIGINT/SIGTERM/SIGHUP leave the
 * response partial. After submitting, the form's debrief is printed
 * (settings `debrief` = yes). No kiosk mode here.
 * A form with `linkage_code` = yes first asks a new respondent the parts
 * of the linkage code (collect/linkage.h), one line each, again until
 * valid; quit or the end of input then stores nothing. Each line read is
 * wiped once hashed.
 * A repeat's screen (session.h) is printed as lines too: the instances
 * numbered, answered with add, done, a number (open that instance) or
 * remove N (the same line twice removes it); see plain-repeat.c. */
#ifndef KY_COLLECT_PLAIN_H
#define KY_COLLECT_PLAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "collect/linkage.h"
#include "form/form.h"
#include "store/store.h"
#include "util/error.h"

struct collect_plain_opts {
	struct store *store;
	int64_t form_pk;
	const struct form *form;
	int lang;                  /* initial form language (index into form->langs) */
	const char *resume_uuid;   /* continue this partial response; may be NULL */
	const char *attrs_json;    /* --set: a new response's attributes; may be NULL */
	/* a form with `linkage_code`: the study key, and the --set attributes
	 * the code joins (linkage_attrs_json); unused otherwise */
	const struct linkage_key *linkage;
	const struct entry_attrs *set;
};

struct collect_plain_result {
	bool submitted;
	char partial_uuid[40];     /* the response left unfinished, "" when none */
};

/* Runs one respondent, reading in and writing out. Returns 0 (submitted
 * or left partial, see res), or a KY_E* code with err filled (a database
 * failure, a write error). */
int collect_plain_run(const struct collect_plain_opts *o, FILE *in, FILE *out,
		      struct collect_plain_result *res, struct ky_error *err);

#endif
