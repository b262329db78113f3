/* export.h - responses back out as CSV, with a codebook (kysely export).
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
#include "io/coarsen.h"
#include "util/error.h"

struct export_request {
	const char *db, *form_id;    /* form_id NULL: the only form in db */
	const char *output;          /* "-": standard output */
	const char *codebook;        /* NULL: none */
	const char *lang;            /* codebook labels in one language; NULL: all */
	bool long_format;
	enum coarsen_times coarsen;
};

/* Writes the export (and the codebook) that req describes: both files
 * whole or neither. Returns 0 or a KY_E* code with err filled. */
int export_file(const struct export_request *req, struct ky_error *err);

#endif
