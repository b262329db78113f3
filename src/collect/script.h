/* script.h - scripted collection without a terminal (load tests, demos).
 *
 * Reads lines from in:
 *   name=value   answer question `name` (its name or response column);
 *                the value is taken as typed (select_multiple: names
 *                separated by spaces), checked like a respondent's
 *   submit       submit the response; the next answer starts a new one
 *   # ...        a comment; blank lines are skipped
 * Every answer goes through the same session layer and store calls as
 * the terminal, so each is committed when read; with batch > 0, the
 * answers of `batch` submitted responses share one transaction (one sync
 * to disk), and what is open when input ends or fails is committed then.
 * For every response it prints "UUID complete" once committed or, when
 * input ends before `submit`, "UUID partial" on out. A refused answer or submit is KY_EINPUT naming
 * the line ("NAME:LINE: 'age': Type a whole number..."); the response
 * stays partial. */
#ifndef KY_COLLECT_SCRIPT_H
#define KY_COLLECT_SCRIPT_H

#include <stdint.h>
#include <stdio.h>
#include "form/form.h"
#include "store/store.h"
#include "util/error.h"

struct collect_script_opts {
	struct store *store;
	int64_t form_pk;
	const struct form *form;
	int lang;                  /* form language index */
	const char *resume_uuid;   /* the first response continues this one; may be NULL */
	long batch;                /* responses per transaction; 0: every answer its own */
	const char *attrs_json;    /* every new response's attributes (--set); may be NULL */
};

int collect_script_run(const struct collect_script_opts *o, FILE *in, const char *in_name,
		       FILE *out, struct ky_error *err);

#endif
