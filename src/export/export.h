/* export.h - responses back out (kysely export): CSV with a codebook, an
 * Excel workbook, SPSS, Stata and a plain SQLite copy (io/export-format.h),
 * the paradata, and --derived's per-respondent results.
 *
 * Wide (interfaces.md section 3): respondent, status, started, completed,
 * lang, the questions by response column in form order, then the
 * respondent attributes sorted by name. Long: respondent, question, value,
 * one row per non-empty answer in form order (the metadata and the
 * attributes are in the wide layout only, so that `question` always names
 * a question). Values are written as stored, so exporting, importing into
 * a new database and exporting again gives the same bytes. */
#ifndef KY_EXPORT_H
#define KY_EXPORT_H

#include <stdbool.h>
#include "analyze/derived-export.h"
#include "io/coarsen.h"
#include "io/export-format.h"
#include "util/error.h"

struct export_options {
	const char *db, *form_id;    /* form_id NULL: the only form in db */
	const char *output;          /* "-": standard output */
	const char *codebook;        /* NULL: none */
	const char *lang;            /* labels in one language; NULL: all */
	const char *paradata;        /* --paradata FILE; NULL: none */
	bool long_format, xlsx, excel;
	bool typed;                  /* sav, dta or sqlite: typed_format */
	enum export_format typed_format;
	bool derived;                /* --derived, shaped by dopt */
	struct derived_export_options dopt;
	enum coarsen_times coarsen;
};

/* Writes the export (and the codebook, the paradata) that req describes:
 * each file whole or not at all. Returns 0 or a KY_E* code with err
 * filled. */
int export_file(const struct export_options *req, struct ky_error *err);

#endif
