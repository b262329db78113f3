/* items.h - items.csv of `kysely analyze`: the item analysis of a
 * knowledge test (items.c). */
#ifndef KY_ANALYZE_ITEMS_H
#define KY_ANALYZE_ITEMS_H

#include <stdbool.h>
#include <stdio.h>
#include "analyze/analyze.h"

/* Whether the form has scored items (then items.csv is written). */
bool analyze_has_items(const struct analyze_run *run);
/* Writes items.csv into fp and flushes it (csvwrite_finish); the caller
 * owns fp and closes it. */
int analyze_write_items(struct analyze_run *run, FILE *fp, const char *path, struct ky_error *err);

#endif
