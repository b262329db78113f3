/* items.h - items.csv of `kysely analyze`: the item analysis of a
 * knowledge test (items.c). */
#ifndef KY_ANALYZE_ITEMS_H
#define KY_ANALYZE_ITEMS_H

#include <stdbool.h>
#include <stdio.h>
#include "analyze/analyze.h"

/* Whether the form has scored items (then items.csv is written). */
bool analyze_has_items(const struct analyze_run *run);
/* The rows of items.csv into out (an empty table the caller owns). */
int analyze_items_table(struct analyze_run *run, struct table *out, struct ky_error *err);

#endif
