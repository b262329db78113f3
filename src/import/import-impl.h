/* import-impl.h - what the files of src/import share; nothing else
 * includes it. struct importer is one import: the header's mapping, the
 * row being checked, the rejects writer and the counts. */
#ifndef KY_IMPORT_IMPL_H
#define KY_IMPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "form/form.h"
#include "form/tree.h"
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

/* One row of a repeat's file (OUT-REPEAT.csv), its cells unneutralised. */
struct repeat_row {
	long line;
	size_t n_fields;
	char **cells;
	bool seen, ok;       /* its respondent's main row was read; stored or present */
	char *reason;        /* why its respondent was rejected, for the rejects file */
};

/* A repeat's file beside the main one (export/repeat-files.h). */
struct repeat_input {
	int rq;                              /* its begin_repeat question */
	char *path;                          /* NULL: no file, no instances */
	size_t n_cols, first_col;            /* first_col 2: a rejects file's (line, reason) */
	char **header;
	const struct form_question **q;      /* per column; NULL: respondent, parent, key */
	int c_resp, c_parent, c_key;
	struct repeat_row *rows;
	size_t n_rows, cap;
};

/* The repeat rows by respondent, for the main row's lookup. */
struct repeat_ref {
	const char *respondent;
	size_t file, row;
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
	size_t n_repeat_cols;        /* columns of questions in repeats, ignored */
	size_t first_repeat_col;

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

	/* a form with repeats: every row's answer tree, checked and stored
	 * with it (repeat.c) */
	bool trees;
	struct repeat_input *rin;            /* per form->repeats */
	struct repeat_ref *refs;
	size_t n_refs;
	size_t cur_at, cur_end;              /* the row's repeat rows: refs[cur_at..cur_end) */
	struct answer_tree tree, stored;
	struct tree_ctx tctx;

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
/* row.c: refuses the row (im->reason: "line LINE: " and the rest);
 * returns true. */
bool import_reject(struct importer *im, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Checks one answer v (never NULL) of question q in instance inst (-1: the
 * respondent's own) of the row at line: true when rejected, the reason
 * after "where" (a repeat file's "FILE:LINE: ", or ""). */
bool import_check_answer(struct importer *im, long line, const char *where, bool complete,
			 const struct form_question *q, const char *v, int inst);

/* repeat.c: the repeat files beside csv_path, read whole before the
 * transaction (a missing file: no instances of that repeat). */
int import_repeats_read(struct importer *im, const char *csv_path, const char *encoding,
			struct ky_error *err);
/* The row's tree from its main answers (im->slot_value) and its repeat
 * rows, every instance's answers checked: true when rejected. */
bool import_tree_build(struct importer *im, long line, const char *uuid, bool complete);
/* After the row's response was put: its instances stored with it (added),
 * or compared with the stored ones (present: a different tree is a
 * conflict, *result then IMPORT_ROW_REJECTED). */
int import_tree_store(struct importer *im, const char *uuid, bool added, long line,
		      enum import_row_result *result, struct ky_error *err);
/* What became of the row just read (import_rows): its repeat rows are
 * stored with it, or go to the rejects files with its reason. */
void import_repeats_note(struct importer *im, enum import_row_result result);
/* Repeat rows of respondents the main file has no row for: one warning. */
void import_repeats_orphans(struct importer *im);
/* repeat-rejects.c: with --rejects FILE, FILE-REPEAT.csv for every repeat:
 * line, reason, then each repeat row not stored (its respondent rejected
 * or missing), so that FILE imports again with its repeats. After the
 * commit, like the main rejects file. */
int import_repeats_rejects(struct importer *im, struct ky_error *err);
void import_repeats_release(struct importer *im);

/* The fixed columns' names, by kind (form_response_columns in order). */
const char *import_meta_name(enum column_kind k);
int import_by_name(const void *a, const void *b);

#endif
