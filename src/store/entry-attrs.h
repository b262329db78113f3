/* entry-attrs.h - respondent attributes given at entry: `--set
 * NAME=VALUE` of import and collect (interfaces.md section 5), which
 * every response the command stores carries, as if its row had a column
 * NAME holding VALUE.
 *
 * Names and values are checked as import checks an attribute column and
 * its cells: no control or invisible character and valid UTF-8, no '"'
 * in a name, a value not empty; a name may not be given twice, nor be a
 * question of the form or a fixed response column. Refusals are
 * KY_EUSAGE and never quote a value. The attributes are kept sorted by
 * name, the order a response's attrs object (attrs.h) wants its keys.
 * The struct owns its strings; entry_attrs_release() frees them. */
#ifndef KY_ENTRY_ATTRS_H
#define KY_ENTRY_ATTRS_H

#include <stddef.h>
#include "form/form.h"
#include "store/attrs.h"
#include "util/error.h"

struct entry_attrs {
	char **names, **values;   /* sorted by name (strcmp) */
	size_t n;
};

void entry_attrs_init(struct entry_attrs *a);
void entry_attrs_release(struct entry_attrs *a);

/* Adds one command-line argument "NAME=VALUE" of `command` (for the
 * message). */
int entry_attrs_add(struct entry_attrs *a, const char *command, const char *arg,
		    struct ky_error *err);

/* Refuses a name that is a question (name or response column) of form
 * or one of the fixed response columns. */
int entry_attrs_check_form(const struct entry_attrs *a, const char *command,
			   const struct form *form, struct ky_error *err);

/* Index of name, or -1. */
int entry_attrs_find(const struct entry_attrs *a, const char *name);

/* Adds to b, in order, the attributes whose name sorts before `before`
 * (NULL: all that are left), starting at *next and moving it on: called
 * before each of a row's own attributes (sorted), then with NULL, it
 * merges both into one sorted object. */
void entry_attrs_merge(const struct entry_attrs *a, size_t *next, const char *before,
		       struct attrs_builder *b);

#endif
