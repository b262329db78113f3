/* csvwrite.h - CSV output that is safe to open in a spreadsheet.
 *
 * Quoting is libcsv's (csv_fwrite); a cell holding ';' or TAB is quoted
 * too, since Excel in Finnish and Swedish splits CSV at ';'. A text cell
 * gets a leading apostrophe (spreadsheets' "text, not formula") when it
 *   - starts with '=', '+', '-', '@', TAB, CR or LF, after any blanks,
 *   - holds ';' or TAB followed (after blanks) by one of those, or
 *   - starts with an apostrophe of its own ("'abc" is written "''abc"),
 * unless it is a plain number ("-0.05"). Readers of kysely's CSV remove
 * one leading apostrophe exactly when the rest of the cell would have
 * earned it (csvwrite_neutraliser_len), so every text round-trips.
 * Numbers written with csvwrite_number() are never altered, and NaN or
 * infinity is written as an empty cell. */
#ifndef KY_CSVWRITE_H
#define KY_CSVWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "util/error.h"

struct csvwrite {
	FILE *fp;
	bool at_line_start;
	int digits;        /* significant digits for numbers (default 10) */
	bool neutralise;   /* true unless writing data meant for re-import */
	bool failed;       /* set on a write error; checked by csvwrite_finish */
};

void csvwrite_init(struct csvwrite *w, FILE *fp, int digits);
void csvwrite_text(struct csvwrite *w, const char *s);
void csvwrite_textn(struct csvwrite *w, const char *s, size_t len);
void csvwrite_number(struct csvwrite *w, double v);
void csvwrite_int(struct csvwrite *w, long long v);
void csvwrite_empty(struct csvwrite *w);
void csvwrite_end_row(struct csvwrite *w);
/* Flushes (the file stays open); KY_EIO with err filled when anything
 * failed to write. */
int csvwrite_finish(struct csvwrite *w, const char *path, struct ky_error *err);

/* csvwrite_finish(), then closes the file unless it is stdout; KY_EIO
 * when anything failed, the close included, and then a regular file is
 * removed (never left half written). */
int csvwrite_close(struct csvwrite *w, const char *path, struct ky_error *err);

/* True when s is a plain decimal number ("-0.05", "1e-7"): such a text
 * cell is never neutralised, since a spreadsheet reads it as a value. */
bool csvwrite_is_number(const char *s, size_t len);

/* For readers of kysely's own CSV: 1 when s starts with the apostrophe
 * that neutralisation added (an apostrophe before text that the rule
 * above neutralises), else 0. Skipping it restores the value exactly. */
size_t csvwrite_neutraliser_len(const char *s, size_t len);

/* Opens path for writing, created 0600 (privacy: exports hold answers;
 * an existing file readable by others is made 0600 too);
 * "-" or NULL is stdout. */
FILE *csvwrite_open(const char *path, struct ky_error *err);

#endif
