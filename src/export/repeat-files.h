/* repeat-files.h - the answers of a form's repeats beside the main
 * export (interfaces.md section 5): OUT.csv keeps the respondents'
 * own answers, OUT-REPEAT.csv one row per instance of repeat REPEAT with
 * the columns respondent, parent, key, then the questions directly in
 * that repeat (q->repeat == the repeat) in form order.
 *
 * `key` is RESPONDENT/ then the instance's tree_key ("child[2]/visit[1]"),
 * `parent` the parent instance's key ("" at the top level), as ODK
 * Central's KEY and PARENT_KEY. Rows come in respondent order (the
 * caller's scan), then in document order: a respondent's instances by
 * parent, then position. The files are written whole or not at all, like
 * the main one; `kysely import` reads them back (import/repeat.c), so an
 * export, import and export again gives the same bytes. */
#ifndef KY_EXPORT_REPEAT_FILES_H
#define KY_EXPORT_REPEAT_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include "form/form.h"
#include "form/tree.h"
#include "io/coarsen.h"
#include "io/csvwrite.h"
#include "store/store.h"
#include "util/error.h"

/* One cell of a question's answer, timestamps cut as coarsen says (the
 * start and end metadata and datetime answers). */
void export_answer_cell(struct csvwrite *w, const struct form_question *q, const char *text,
			size_t len, enum coarsen_times coarsen);

/* The header of repeat rq's file: respondent, parent, key, its questions. */
void repeat_files_header(struct csvwrite *w, const struct form *f, int rq);

struct repeat_files {
	const struct form *form;
	struct csvwrite *out;        /* per form->repeats[i]; NULL with long_out */
	char **paths;
	struct csvwrite *long_out;   /* --format long: rows into the main file */
	struct csvwrite *one;        /* repeat_files_one: only repeat `only`'s rows, here */
	int only;
	enum coarsen_times coarsen;
	struct answer_tree tree;
	const char *db_path;
};

/* Opens OUT-REPEAT for every repeat of the form (none are opened for a
 * form without repeats) beside main_path and writes their headers; guard
 * lists what no output may be. */
int repeat_files_open(struct repeat_files *rf, const struct form *form, const char *main_path,
		      const struct safe_output_guard *guard, bool excel,
		      enum coarsen_times coarsen, struct ky_error *err);
/* --format long: the instances' answers go to w as rows of the long
 * layout, `respondent` being the instance's key. */
void repeat_files_long(struct repeat_files *rf, const struct form *form, struct csvwrite *w,
		       enum coarsen_times coarsen);
/* The rows of repeat rq alone go to w (a workbook's sheet), header
 * included. */
void repeat_files_one(struct repeat_files *rf, const struct form *form, int rq,
		      struct csvwrite *w, enum coarsen_times coarsen);
/* The instances of one respondent (stored row resp_pk, id uuid). */
int repeat_files_write(struct repeat_files *rf, struct store *s, int64_t resp_pk,
		       const char *uuid, struct ky_error *err);
/* Commits every file (KY_EIO when one failed: none of the later ones is
 * committed), or gives them all up. */
int repeat_files_close(struct repeat_files *rf, struct ky_error *err);
void repeat_files_discard(struct repeat_files *rf);

#endif
