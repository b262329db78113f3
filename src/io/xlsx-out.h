/* xlsx-out.h - Excel workbooks (libxlsxwriter) made of kysely's CSV tables.
 *
 * Owns the workbook file and the rules for its sheets. Every sheet is fed
 * the CSV text that kysely's own writers produce (csvwrite.h, plain or
 * Excel mode) through a FILE, so each table has one writer and the
 * workbook shows exactly the values of the CSV files:
 *   - the first row is the header, in bold and frozen;
 *   - a cell that is a plain number (csvwrite_is_number, a decimal comma
 *     read as a point) in a column the sheet allows numbers in becomes a
 *     number; everything else a string, with the apostrophes the CSV
 *     writer added against formulas taken away again (a string cell of a
 *     workbook is never run as a formula);
 *   - XLSX_RESULTS (analysis tables): columns that hold names and labels
 *     stay text, headers get human labels, shares (proportion, top2,
 *     pass_rate, share_* rows; p_correct... of items.csv) are formatted as
 *     percentages, and the blank cells of a suppressed row (suppressed =
 *     1) are shaded grey;
 *   - XLSX_DATA (responses): numbers only in the columns the caller marks.
 * The file is written like every output (safe-output.h): libxlsxwriter
 * writes the private temporary file, which is renamed onto the target
 * when the workbook is whole. Standard output is refused (a workbook is
 * a zip archive, not text for a pipe). */
#ifndef KY_XLSX_OUT_H
#define KY_XLSX_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "io/safe-output.h"
#include "util/error.h"

struct xlsx_out;

enum xlsx_table { XLSX_RESULTS, XLSX_DATA };

/* Opens a workbook at path under the rules of safe_output_open. Large
 * tables (big) are streamed row by row (libxlsxwriter's constant_memory).
 * NULL and err filled on failure. */
struct xlsx_out *xlsx_out_open(const char *path, const struct safe_output_guard *guard,
			       bool big, struct ky_error *err);

/* A new sheet named name (at most 31 characters) fed by the CSV written
 * to the returned FILE until xlsx_out_sheet_end(); excel says the CSV is
 * in Excel mode (';', decimal comma, byte-order mark). For XLSX_DATA,
 * numeric[i] says whether column i may hold numbers (n_numeric columns;
 * the others are text). NULL and err filled on failure. */
FILE *xlsx_out_sheet(struct xlsx_out *x, const char *name, enum xlsx_table kind, bool excel,
		     const bool *numeric, size_t n_numeric, struct ky_error *err);
/* Ends the sheet of fp (closes fp). KY_EIO when the sheet failed. */
int xlsx_out_sheet_end(struct xlsx_out *x, FILE *fp, struct ky_error *err);

/* Writes the workbook and renames it into place; frees x. On failure
 * the target is left as it was. */
int xlsx_out_close(struct xlsx_out *x, struct ky_error *err);
/* Gives the workbook up (the target is left as it was); frees x. NULL ok. */
void xlsx_out_discard(struct xlsx_out *x);

#endif
