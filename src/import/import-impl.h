/* import-impl.h - what the files of src/import share; nothing else
 * includes it. struct importer is one import: the header's mapping, the
 * row being checked, the rejects writer and the counts. */
#ifndef KY_IMPORT_IMPL_H
#define KY_IMPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "form/form.h"
#include "import/import.h"
#include "io/csvread.h"
#include "io/csvwrite.h"
#include "store/attrs.h"
#include "store/entry-attrs.h"
#include "store/record.h"
#include "store/store.h"
#include "util/error.h"

enum column_kind {
	COL_SKIP, COL_RESPONDENT, COL_STATUS, COL_STARTED, COL_COMPLETED, COL_LANG,
	COL_QUESTION, COL_ATTRIBUTE
};

struct column {
	enum column_kind kind;
	const struct form_question *q;   /* COL_QUESTION */
};

/* name or column -> slot, sorted for bsearch: expression lookups run for
 * every constrained answer of every row. */
struct name_slot {
	const char *name;
	int slot;
};

struct importer {
	const struct form *form;
	struct store *store;
	int64_t form_pk;
	const char *in_name;

	size_t n_cols;
	char **header;
	struct column *cols;
	size_t first_col;            /* 2 when re-importing a rejects file */
	int col_of[COL_ATTRIBUTE];   /* meta column index, -1 when absent */
	size_t *attr_cols;           /* attribute columns, sorted by name */
	size_t n_attrs;
	bool *repeated;              /* per column: an earlier column has its name */

	/* the row being checked: per slot, its cell (NULL = no column) */
	const char **slot_value;
	struct name_slot *names;
	size_t n_names;
	const char *dot;

	struct record_builder record;
	struct attrs_builder attrs;
	struct entry_attrs set;      /* --set NAME=VALUE */

	struct csvwrite rejects;
	const char *rejects_path;
	bool has_rejects;
	const char *db_path, *form_path;   /* never the rejects file */

	struct import_counts counts;
	char **unmarked;             /* per column: the cell unneutralised, or NULL */
	char reason[1536];
};

/* What one row came to: stored, present already, or refused (im->reason
 * says why). Apart from the KY_E* codes, so that a store failure can never
 * pass for a rejected row. */
enum import_row_result { IMPORT_ROW_STORED, IMPORT_ROW_PRESENT, IMPORT_ROW_REJECTED };

/* header.c: the name index of the form's questions, then the header row. */
void import_build_name_index(struct importer *im);
int import_read_header(struct importer *im, const struct csvread_record *rec, struct ky_error *err);
/* row.c: checks and stores one row; 0 with *result, or a KY_E* failure of
 * the database (err filled). */
int import_row(struct importer *im, const struct csvread_record *rec,
	       enum import_row_result *result, struct ky_error *err);
/* The fixed columns' names, by kind (form_response_columns in order). */
const char *import_meta_name(enum column_kind k);
int import_by_name(const void *a, const void *b);

#endif
