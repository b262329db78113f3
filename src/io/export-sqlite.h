/* export-sqlite.h - `export --format sqlite`: a plain SQLite database of
 * one form's responses that any SQL tool reads (no packed answers).
 *
 * Tables (documented in kysely.1):
 *   FORM_ID     one row per respondent, typed columns in the wide order:
 *               respondent (primary key), status, started, completed, lang
 *               TEXT; select_one TEXT (the choice name); select_multiple
 *               one INTEGER 0/1 column per option (NAME_CHOICE, NULL when
 *               unanswered); integer INTEGER; decimal and range REAL; text,
 *               dates (YYYY-MM-DD) and times TEXT; attributes and calculations REAL
 *               when every value is a number, else TEXT; derived columns
 *               REAL (outcomes TEXT);
 *   variables   position, name (the column), source (the wide CSV
 *               column), type, list, choice (an option column's choice);
 *   variable_labels   name, lang, label;
 *   choices     list, choice, position, value, score, dont_know;
 *   choice_labels     list, choice, lang, label.
 * Identifiers come from the form, quoted through sql-build.h; values are
 * bound. */
#ifndef KY_EXPORT_SQLITE_H
#define KY_EXPORT_SQLITE_H

#include "io/export-table.h"
#include "util/error.h"

/* Writes the table (measured and finished) into a new database at
 * db_file (an empty file: safe-output's temporary file), reading the rows
 * from the store a second time. out_path names it in messages. */
int export_sqlite_write(struct export_table *t, const char *db_file, struct store *s,
			int64_t form_pk, const char *const *attr_names, size_t n_attrs,
			const char *db_path, const char *out_path, struct ky_error *err);

#endif
