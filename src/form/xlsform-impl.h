/* xlsform-impl.h - what the XLSForm reader's files share (not a public API).
 *
 * xlsform-sheet.c turns either CSV layout into three plain sheets (header
 * names and rows of cells, each row with its physical line) and writes
 * them back as the one-file layout; xlsform-diag.c collects located
 * messages; xlsform.c builds the form model from the sheets;
 * xlsform-names.c indexes the question names; xlsform-cycles.c finds
 * reference cycles in the built model. */
#ifndef KY_XLSFORM_IMPL_H
#define KY_XLSFORM_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include "form/xlsform.h"

struct sheet_row {
	char **cells;       /* n_cols cells, "" when the record was short */
	long line;          /* physical line where the row starts */
};

struct sheet {
	bool present;
	char *path;         /* the file it came from, for messages */
	char **headers;     /* header cells as written, trimmed */
	size_t n_cols;
	size_t header_width;   /* cells of the header row, trailing blank ones too */
	long header_line;
	struct sheet_row *rows;
	size_t n_rows;
};

/* external_choices: the lists of select_one_external (pyxform's sheet) */
enum { SHEET_SURVEY, SHEET_CHOICES, SHEET_SETTINGS, SHEET_EXTERNAL, N_SHEETS };

struct sheets {
	struct sheet sheet[N_SHEETS];
	char *source;       /* the folder or file read */
	char *default_id;   /* form_id when settings has none: the file name */
};

/* Diagnostics in the making: added in any order, sorted when finished. */
struct diag_item {
	char *path;
	long line;          /* 0: the message concerns the whole file */
	bool is_error;
	char *msg;
	size_t seq;
};

struct diag_list {
	struct diag_item *items;
	size_t n, cap;
};

void diag_add(struct diag_list *d, const char *path, long line, bool is_error,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Adds a csvread message "PATH:LINE: what" as an error at that line. */
void diag_add_located(struct diag_list *d, const char *path, const char *msg);
size_t diag_error_count(const struct diag_list *d);
/* Sorts by file and line and moves the lines into out; empties d. */
void diag_finish(struct diag_list *d, struct form_diag *out);

extern const char *const sheet_names[N_SHEETS];

/* Question names (end_group rows aside) to question indexes, built once
 * the survey sheet is read (xlsform-names.c). */
struct name_index {
	int *slot;        /* open addressing: first question of a name + 1, 0 empty */
	size_t mask;
	int *next;        /* per question: the next one of the same name, -1 none */
	size_t *count;    /* per first question: how many share its name */
};

void name_index_build(struct name_index *ix, const struct form *f);
void name_index_release(struct name_index *ix);
/* The first question (in form order) called name, -1 when none. */
int name_index_first(const struct name_index *ix, const struct form *f, const char *name);
size_t name_index_count(const struct name_index *ix, const struct form *f, const char *name);
/* xlsform-media.c: the table of FILE.csv in folder (read once into
 * f->media); NULL with err set when it is missing or unreadable (also
 * remembered) or folder is NULL (a form read from a database). */
const struct expr_table *xlsform_media_table(struct form *f, const char *folder,
					     const char *file, struct ky_error *err);

/* Adds the choices of every select_*_from_file NAME.csv in folder to
 * the choices sheet as list 'NAME.csv', so that the definition a
 * database keeps (xlsform_canonical_text) holds them. */
void xlsform_embed_file_lists(struct sheets *s, const char *folder);

/* The choice list as a table (name, label, its other columns), made once
 * into f->media; NULL when the form has no such list. */
const struct expr_table *xlsform_list_table(struct form *f, const char *list);

/* The question a reference names: by name (the first of that name), or,
 * for a group path "g/x" (a resolved XPath path), the question at that
 * path; -1 when none. */
int name_index_resolve(const struct name_index *ix, const struct form *f, const char *ref);

/* Reports, as errors at the line of a question on it, every cycle of
 * references through calculation, relevant (a group's included) and
 * choice_filter: "'calculation': circular reference c1 -> c2 -> c1". For
 * a form whose names are unique and references known. */
void xlsform_check_cycles(const struct form *f, const struct name_index *names,
			  const char *path, struct diag_list *d);

/* Reads a folder or a one-file CSV. Problems in the files (encoding,
 * malformed CSV, missing survey sheet) go to diag; KY_EIO when a file
 * cannot be opened or read. */
int sheets_read_path(struct sheets *s, const char *path, const char *encoding,
		     struct diag_list *diag, struct ky_error *err);
int sheets_read_buffer(struct sheets *s, const char *text, size_t len, const char *name,
		       struct diag_list *diag, struct ky_error *err);
void sheets_release(struct sheets *s);
/* The one-file layout text of the sheets; caller frees. */
char *sheets_to_text(const struct sheets *s, size_t *len);

/* Expands pyxform's "begin loop over LIST" ... "end loop" in the survey
 * sheet into a group of one group per choice (xlsform-loops.c); a loop
 * without its "end loop" is left for the reader to refuse. */
void xlsform_expand_loops(struct sheets *s);

/* Column names compare after trimming, lowercasing and "list name" ->
 * "list_name"; returns a fresh string. */
char *sheet_key(const char *header);

#endif
