/* args.h - the options of `kysely collect` (the rows its --help lists)
 * and the rules between them, and the linkage code's set-up: what
 * cmd-collect.c reads before it opens the form and the store. */
#ifndef KY_COLLECT_ARGS_H
#define KY_COLLECT_ARGS_H

#include <stdbool.h>
#include "collect/linkage.h"
#include "form/form.h"
#include "store/entry-attrs.h"
#include "util/cmdline.h"
#include "util/error.h"

struct collect_args {
	const char *form_path, *db, *lang, *resume, *script, *secret_file, *study_key_file;
	const char *sync_to;
	bool kiosk, list_partial, plain;
	long idle_seconds, batch;
	struct entry_attrs set;    /* --set NAME=VALUE: every new response's */
};

extern const struct cmdline_option collect_options[];
/* --kiosk refused in plain mode: lines of text stay in the scrollback */
extern const char kiosk_not_plain[];

/* The rules between options, once they are read: KY_EUSAGE with err
 * filled when two do not go together. */
int collect_args_check(const struct collect_args *a, struct ky_error *err);

/* A form with a linkage code: the study key (its environment copy wiped
 * in any case), no scripted answers (the respondent types the code) and
 * no --set of the code itself; a form without one: no key. */
int collect_linkage_setup(const struct collect_args *a, const struct form *form,
			  struct linkage_key *key, struct ky_error *err);

#endif
