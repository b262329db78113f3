/* editions.h - the other stored versions ("editions") of the analysed
 * form, read together with the current one (the newest).
 *
 * A question of the current edition is comparable with an edition's
 * question of the same name when the type, the label (in every language
 * of the current edition) and the scoring (choice names, values and
 * scores, the don't-know choice, the knowledge domain) are the same.
 * Then the edition's answers fill the current question; otherwise they
 * are left out, and the question, when analyze estimates it (a select
 * or a number), is listed as not comparable (as are the knowledge score
 * and the domain of a scored item that is not).
 *
 * struct editions owns the parsed forms, the slot maps and the names;
 * editions_release() frees them. */
#ifndef KY_ANALYZE_EDITIONS_H
#define KY_ANALYZE_EDITIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "form/form.h"
#include "store/store.h"
#include "util/error.h"

struct edition {
	struct form *form;
	int64_t pk;
	int *from_slot;         /* [current slot]: this edition's slot, -1 = none */
};

struct editions {
	struct edition *ed;     /* oldest first */
	size_t n;
	char **not_comparable;  /* current question names, then derived
				 * knowledge variables ("knowledge", "knowledge:D") */
	size_t n_not_comparable;
	size_t questions_not_comparable;   /* of them questions */
};

/* Reads every other stored version of current's form id (current_pk is
 * the current's) and compares it with current; path names the database
 * in messages. */
int editions_load(struct store *s, const char *path, const struct form *current,
		  int64_t current_pk, struct editions *out, struct ky_error *err);
void editions_release(struct editions *e);
bool editions_not_comparable(const struct editions *e, const char *name);

#endif
