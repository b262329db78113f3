/* export-format.h - `kysely export --format sav|dta|sqlite`: the typed
 * formats, from the store to a whole file.
 *
 * Owns the order of the work: the output (and the codebook) opened under
 * safe-output's rules before anything is read, the export table measured
 * in a first pass over the store, derived columns added, the file written
 * in a second pass, and the codebook with each variable's name and codes
 * in the file. */
#ifndef KY_EXPORT_FORMAT_H
#define KY_EXPORT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "form/form.h"
#include "io/coarsen.h"
#include "store/store.h"
#include "util/error.h"

enum export_format { EXPORT_FORMAT_SAV, EXPORT_FORMAT_DTA, EXPORT_FORMAT_SQLITE };

/* Derived columns to append (export --derived): n_rows values each, NaN
 * missing; codes/labels optional; owned by the caller. */
struct export_derived_col {
	const char *name, *label;
	bool scale;                 /* a measurement (else a category) */
	const double *values;
	const double *codes;
	const char *const *labels;
	size_t n_codes;
	const char *set_name;       /* value-label set shared by equal names */
};

struct export_request {
	enum export_format format;
	const struct form *form;
	struct store *store;
	int64_t form_pk;
	const char *db_path, *out_path, *codebook_path;
	char *const *attr_names;
	size_t n_attrs;
	int lang;                   /* -1: the form's default; codebook: -1 = every language */
	enum coarsen_times coarsen;  /* --coarsen-times */
	const struct export_derived_col *derived;
	size_t n_derived, derived_rows;
};

/* The file of repeat NAME beside an export (or an import's input):
 * "OUT.csv" -> "OUT-NAME.csv", -NAME before the extension of the file's
 * name, or at its end when it has none (interfaces.md section 5).
 * malloc'd. */
char *export_repeat_path(const char *main_path, const char *name);

/* Parses "sav", "dta" or "sqlite"; false for anything else. */
bool export_format_parse(const char *word, enum export_format *out);

int export_format_write(const struct export_request *req, struct ky_error *err);

#endif
