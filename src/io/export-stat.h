/* export-stat.h - SPSS (.sav) and Stata (.dta, format 118: UTF-8) files
 * of the wide responses, written through ReadStat.
 *
 * Owns the mapping of an export table (export-table.h) onto ReadStat's
 * writer: variable labels, one value-label set per choice list (and one
 * for the 0/1 option variables), measurement levels (SPSS), system
 * missing for no answer, whole-number codes stored as Stata integers, and
 * date questions as dates (SPSS EDATE10, Stata %td).
 * Text in a .dta longer than a Stata str (2045 bytes) is refused rather
 * than cut. */
#ifndef KY_EXPORT_STAT_H
#define KY_EXPORT_STAT_H

#include <stdio.h>
#include "io/export-table.h"
#include "util/error.h"

enum export_stat_format { EXPORT_SAV, EXPORT_DTA };

/* Writes the table (measured and finished) to fp, reading the rows from
 * the store a second time. out_path names the file in messages. */
int export_stat_write(struct export_table *t, enum export_stat_format format, FILE *fp,
		      struct store *s, int64_t form_pk, const char *const *attr_names,
		      size_t n_attrs, const char *db_path, const char *out_path,
		      struct ky_error *err);

#endif
