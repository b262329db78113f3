/* export-table.h - the wide responses as typed, labelled columns, for the
 * formats that need a schema before the first row (SPSS .sav, Stata .dta,
 * the plain SQLite copy).
 *
 * Owns the columns' description: one column per metadata field, question
 * and attribute in the order of the wide CSV, except that a
 * select_multiple becomes one 0/1 column per option; each column's type
 * (number, category code, option, text), measurement level, variable
 * label, value codes of its choice list, and its name made legal and
 * unique under a format's naming rules (export_names). Derived columns
 * (export --derived) are appended by the caller as arrays over the rows.
 *
 * Two passes over the store: export_table_measure() sees every row once
 * (row count, longest text of each text column, whether every value of an
 * attribute or calculation is a number); then export_table_cell() reads
 * one cell of the row being written. The table owns everything it
 * allocates (export_table_destroy); it points into the form, which must
 * outlive it. */
#ifndef KY_EXPORT_TABLE_H
#define KY_EXPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include "form/form.h"
#include "io/coarsen.h"
#include "store/record.h"
#include "store/store.h"

enum xcol_kind {
	XC_TEXT,       /* UTF-8 text, as the wide CSV has it */
	XC_NUMBER,     /* a number; empty = missing */
	XC_CODE,       /* a select_one's choice as its code (choice_code) */
	XC_OPTION,     /* one option of a select_multiple: 1 chosen, 0 not, missing unanswered */
	XC_DERIVED,    /* a number from the caller's array (value labels optional) */
	XC_DATE        /* a date question: *num = days since 1970-01-01 */
};

enum xcol_measure { XM_NOMINAL, XM_ORDINAL, XM_SCALE };

enum xcol_source { XS_META, XS_SLOT, XS_ATTR, XS_DERIVED };

struct xcol {
	char *name;                  /* legal in the format, unique */
	char *source_name;           /* the wide CSV's column (or derived name) */
	char *label;                 /* variable label; never NULL */
	enum xcol_kind kind;
	enum xcol_measure measure;
	enum xcol_source source;
	size_t index;                /* meta field, slot, attribute or derived column */
	const struct form_question *q;  /* XS_SLOT */
	const struct form_choice *option;  /* XC_OPTION: its choice */
	size_t width;                /* XC_TEXT: longest value in bytes (at least 1) */
	bool all_numbers;            /* measure pass: every non-empty value a number */
	/* XC_CODE and XC_DERIVED: value labels (n_codes of them) */
	double *codes;
	char **code_labels;
	size_t n_codes;
	const double *derived;       /* XC_DERIVED: [row], NaN = missing */
	size_t *choice_len;          /* XC_CODE, XC_OPTION: strlen of each choice name */
	size_t choice_index;         /* XC_OPTION: its choice's index in the list */
	char *code_set;              /* a name for the value-label set (legal) */
};

/* How a format names variables. */
struct export_names {
	size_t max_bytes;            /* SPSS 64, Stata 32, SQLite 0 = no limit */
	bool case_insensitive;       /* SPSS: AGE and age are one name */
	bool allow_dot;              /* SPSS allows '.', '@', '#', '$' after the first */
	const char *const *reserved; /* NULL-terminated, compared as case_insensitive says */
};

extern const struct export_names export_names_sav, export_names_dta, export_names_sql;

struct export_table {
	const struct form *form;
	int repeat;                  /* -1: the responses; else a repeat's instances (below) */
	int lang;                    /* index into form->langs for labels */
	struct xcol *col;
	size_t n_cols;
	size_t n_rows;               /* counted by the measure pass */
	const struct export_names *names;
	char *num_buf;               /* scratch for a number's text */
	size_t num_cap;
	/* the options chosen in the select_multiple answer last read, so that
	 * its option columns split the answer once per row */
	size_t chosen_row, chosen_slot;
	unsigned char *chosen;
	size_t chosen_cap;
	enum coarsen_times coarsen;  /* --coarsen-times: applied to every timestamp cell */
	char coarse[COARSEN_OUT_SIZE];
};

/* The columns of the form's wide layout (attributes in attr_names order).
 * lang < 0: the form's default language. */
struct export_table *export_table_create(const struct form *form, int lang,
					 const char *const *attr_names, size_t n_attrs,
					 const struct export_names *names);
/* The table of repeat rq's instances (export --format sqlite): respondent,
 * parent and key (repeat-files.h's), then the questions directly in the
 * repeat. Its rows are read like the responses', with attrs = { respondent,
 * parent, key } and views = the instance's answers. */
struct export_table *export_table_create_repeat(const struct form *form, int rq, int lang,
						const struct export_names *names);
void export_table_destroy(struct export_table *t);

/* Appends a derived column over n_rows rows (values NaN = missing; codes
 * and labels, when given, are copied; set_name names their value-label
 * set, shared by columns that give the same name). Call before export_table_finish. */
void export_table_add_derived(struct export_table *t, const char *name, const char *label,
			      enum xcol_measure measure, const double *values,
			      const double *codes, const char *const *labels, size_t n_codes,
			      const char *set_name);

/* The measure pass, once per stored row (views decoded by the caller). */
void export_table_measure(struct export_table *t, const struct store_response *r,
			  const char *const *attrs, const struct record_view *views);
/* After the measure pass: settles types (an attribute or calculation whose
 * values are all numbers becomes a number) and makes the names legal and
 * unique. */
void export_table_finish(struct export_table *t);

/* One cell of the row: *text (not NUL-terminated, *len bytes) for XC_TEXT
 * (NULL: empty), else *num (NaN: missing). row: the row's index, for
 * derived columns. */
void export_table_cell(struct export_table *t, size_t c, size_t row, const struct store_response *r,
		       const char *const *attrs, const struct record_view *views,
		       const char **text, size_t *len, double *num);

/* Both passes over the store: export_table_measure_all() runs the measure
 * pass and export_table_finish(); export_table_scan() calls row_fn for
 * every stored row with its decoded answers (row counts from 0); for a
 * repeat's table, every instance of the repeat in respondent then
 * document order (attr_names are not used). A
 * damaged record is KY_EIO naming db_path; row_fn's non-zero return
 * stops the scan and is returned. */
typedef int (*export_row_fn)(void *ctx, size_t row, const struct store_response *r,
			     const char *const *attrs, const struct record_view *views);
int export_table_measure_all(struct export_table *t, struct store *s, int64_t form_pk,
			     const char *const *attr_names, size_t n_attrs, const char *db_path,
			     struct ky_error *err);
int export_table_scan(struct export_table *t, struct store *s, int64_t form_pk,
		      const char *const *attr_names, size_t n_attrs, const char *db_path,
		      export_row_fn row_fn, void *ctx, struct ky_error *err);

/* The column's text as the wide CSV has it (a select_one's choice name),
 * NULL when empty; not NUL-terminated, *len bytes. */
const char *export_table_raw(const struct export_table *t, size_t c, const struct store_response *r,
			     const char *const *attrs, const struct record_view *views, size_t *len);

/* The value-label text of code v of column c, NULL when it has none. */
const char *export_table_code_label(const struct xcol *c, double v);

#endif
