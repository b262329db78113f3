/* import.h - wide response CSV into the store: the work of `kysely import`.
 *
 * Every row is checked against the form (type and choices, constraint,
 * required answers of complete rows); good rows land in one transaction
 * (an interrupted import leaves the database as it was), bad rows go to
 * the rejects file with the line and the reason, so that they can be
 * fixed and imported again. Re-importing rows adds nothing: a response is
 * identified by its `respondent` id.
 *
 * Decisions:
 * - An answer to a question whose `relevant` is false for its row is kept
 *   (real exports have them, e.g. after a form change) and counted in a
 *   warning; analysis treats it like any answer.
 * - A `complete` row is rejected when a required, relevant question that
 *   has a column is empty. Calculated and automatic (start, end...)
 *   questions are never "required".
 * - An empty `status` is `complete`; an empty respondent id is rejected
 *   (a made-up id would make re-import add the row again).
 * - A cell that starts with the apostrophe kysely's CSV writer adds (see
 *   io/csvwrite.h for the one rule) loses that one apostrophe, so exports
 *   and rejects files round-trip exactly ("'abc" was written "''abc").
 * - Reasons name the line, the column and the kind of error, never a
 *   value: stderr reaches logs (SECURITY.md, promise 6). Respondent ids,
 *   attributes and lang carry no control or invisible characters; lang is
 *   one of the form's codes; timestamps are real instants.
 * - A rejects file can be imported as it is: when the header starts with
 *   `line,reason` and has a `respondent` column, those two are skipped.
 * - Other columns are respondent attributes, kept as text. `--set NAME=VALUE`
 *   gives every row one more (store/entry-attrs.h); a column of that name
 *   is refused rather than silently overridden or overriding.
 *
 * The module: header.c classifies the columns, row.c checks and stores
 * one row (its outcome an enum import_row_result, never an error code),
 * import.c runs the transaction and writes the rejects file. */
#ifndef KY_IMPORT_H
#define KY_IMPORT_H

#include "store/entry-attrs.h"
#include "util/error.h"

struct import_request {
	const char *form_path, *csv_path, *db_path;
	const char *encoding;         /* of the form and the CSV; NULL: UTF-8 */
	const char *rejects_path;     /* NULL: reasons on stderr (the first 20) */
	struct entry_attrs set;       /* --set NAME=VALUE; import_file releases it */
};

struct import_counts {
	long imported, rejected, present;
	long irrelevant_kept;         /* answers to questions not relevant for their row */
};

/* Imports req->csv_path into req->db_path (created when missing) in one
 * transaction, counting what happened. Rejected rows are not a failure:
 * they are counted (and written to the rejects file). Returns 0 or a
 * KY_E* code with err filled; on failure the database is as it was and
 * the rejects file untouched. Releases req->set. */
int import_file(struct import_request *req, struct import_counts *counts, struct ky_error *err);

#endif
