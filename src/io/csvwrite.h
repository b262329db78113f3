/* csvwrite.h - CSV output that is safe to open in a spreadsheet.
 *
 * Quoting is libcsv's (csv_fwrite); a cell holding ';' or TAB is quoted
 * too, since Excel in Finnish and Swedish splits CSV at ';'. A text cell
 * gets an apostrophe (spreadsheets' "text, not formula") at its start when
 * it starts, after any blanks, with '=', '+', '-', '@', TAB, CR or LF, or
 * with an apostrophe of its own ("'abc" is written "''abc"); and, since a
 * reader splitting at ';' (or TAB, or a line end) sees a new cell after
 * each, just after every ';', TAB, CR or LF that is followed (after
 * blanks) by '=', '+', '-', '@' or an apostrophe ("a;=1" is written
 * "a;'=1", quoted). A plain number ("-0.05") is never altered.
 * Readers of kysely's CSV remove each apostrophe at such a place exactly
 * when what follows it would have earned it (csvwrite_unneutralise), so
 * every text round-trips byte for byte.
 * Numbers written with csvwrite_number() are never altered, and NaN or
 * infinity is written as an empty cell.
 *
 * Excel mode (csvwrite_excel, the `--excel` option): what Finnish and
 * Swedish Excel open by double-click. The file starts with the UTF-8
 * byte-order mark (without it Excel reads UTF-8 as Windows-1252), cells
 * are separated by ';' (their list separator; ',' is their decimal mark)
 * and every plain number, written as a number or as text, has a decimal
 * comma ("0,25"), since Excel there reads "0.25" as text or as a date.
 * The quoting and neutralising rules are the same: they already treat ';'
 * as a cell boundary. */
#ifndef KY_CSVWRITE_H
#define KY_CSVWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "io/safe-output.h"
#include "util/error.h"

struct table;

struct csvwrite {
	FILE *fp;
	bool at_line_start;
	int digits;        /* significant digits for numbers (default 10) */
	bool neutralise;   /* true unless writing data meant for re-import */
	bool failed;       /* set on a write error; checked by csvwrite_finish */
	bool owns_file;    /* opened by csvwrite_open: file is committed by close */
	bool excel;        /* csvwrite_excel: ';' between cells, decimal comma */
	struct safe_output file;
	struct table *table;   /* csvwrite_init_table: cells go here, not to fp */
};

/* The room a number's text needs (csvwrite_format_number). */
#define CSVWRITE_NUMBER_MAX 64

void csvwrite_init(struct csvwrite *w, FILE *fp, int digits);
/* Switches w to Excel mode (above) and writes the byte-order mark: call
 * before the first cell. */
void csvwrite_excel(struct csvwrite *w);
/* Writes rows into t (table.h) instead of a file: text as it is, numbers
 * as csvwrite_number formats them; the first row is t's header. */
void csvwrite_init_table(struct csvwrite *w, struct table *t, int digits);
/* The one number format of every writer (CSV files, the report): an
 * integral value below 1e15 as an integer, any other with `digits`
 * significant digits (%g), never "-0"; 0 (and buf "") for NaN or
 * infinity. Returns the length written into buf. */
size_t csvwrite_format_number(char *buf, size_t size, double v, int digits);
void csvwrite_text(struct csvwrite *w, const char *s);
void csvwrite_textn(struct csvwrite *w, const char *s, size_t len);
void csvwrite_number(struct csvwrite *w, double v);
void csvwrite_int(struct csvwrite *w, long long v);
void csvwrite_empty(struct csvwrite *w);
void csvwrite_end_row(struct csvwrite *w);
/* Flushes (the file stays open); KY_EIO with err filled when anything
 * failed to write. */
int csvwrite_finish(struct csvwrite *w, const char *path, struct ky_error *err);

/* csvwrite_finish(), then: for a file of csvwrite_open, commits it (the
 * temporary file renamed onto path) or, when anything failed, discards
 * it, leaving path as it was; for a FILE given to csvwrite_init, closes
 * it unless it is stdout and removes a regular file that failed (never
 * left half written). KY_EIO when anything failed. */
int csvwrite_close(struct csvwrite *w, const char *path, struct ky_error *err);

/* Gives up a file of csvwrite_open: path is left as it was. */
void csvwrite_discard(struct csvwrite *w);

/* True when s is a plain decimal number ("-0.05", "1e-7"): such a text
 * cell is never neutralised, since a spreadsheet reads it as a value. */
bool csvwrite_is_number(const char *s, size_t len);

/* For readers of kysely's own CSV: s without the apostrophes that the
 * rule above added, as a fresh malloc'd string, or NULL when s has none
 * (then s is the value as it is). */
char *csvwrite_unneutralise(const char *s, size_t len);

/* Opens path for writing through safe_output_open (safe-output.h: a
 * private 0600 temporary file renamed by csvwrite_close, no links, FIFOs
 * or devices but /dev/null, never a file in guard) and initialises w;
 * "-" or NULL is stdout. */
int csvwrite_open(struct csvwrite *w, const char *path, const struct safe_output_guard *guard,
		  int digits, struct ky_error *err);

#endif
