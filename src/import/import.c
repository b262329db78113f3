/* import.c - one import as a transaction (import.h): the form, the
 * header, every row, the rejects file, the counts. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "form/xlsform.h"
#include "import/import-impl.h"
#include "io/safe-output.h"
#include "util/cmdline.h"
#include "util/mem.h"

/* Reasons printed on stderr when there is no rejects file. */
#define MAX_REASONS_SHOWN 20

/* The rejects file may be the input itself (fix the rows, import the file
 * again): it is written to a temporary file that replaces the input only
 * after the whole input was read and the good rows committed. */
static int open_rejects(struct importer *im, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	size_t c;
	int rc;

	if (!im->rejects_path)
		return KY_OK;
	safe_output_guard_add(&guard, im->db_path, "the database");
	safe_output_guard_add_form(&guard, im->form_path);
	/* a repeat's file is input too (its own rejects go beside FILE) */
	for (c = 0; im->trees && c < im->form->n_repeats; c++)
		safe_output_guard_add(&guard, im->rin[c].path, "a repeat's file of the input");
	rc = csvwrite_open(&im->rejects, im->rejects_path, &guard, 0, err);
	safe_output_guard_release(&guard);
	if (rc)
		return rc;
	im->has_rejects = true;
	csvwrite_text(&im->rejects, "line");
	csvwrite_text(&im->rejects, "reason");
	for (c = im->first_col; c < im->n_cols; c++)
		csvwrite_text(&im->rejects, im->header[c]);
	csvwrite_end_row(&im->rejects);
	return KY_OK;
}

static void note_reject(struct importer *im, const struct csvread_record *rec)
{
	size_t c;

	im->counts.rejected++;
	if (!im->has_rejects) {
		if (im->counts.rejected <= MAX_REASONS_SHOWN)
			ky_say("kysely: %s: %s", im->in_name, im->reason);
		else if (im->counts.rejected == MAX_REASONS_SHOWN + 1)
			ky_say("kysely: %s: more rows rejected (use --rejects FILE to "
			       "keep them all)", im->in_name);
		return;
	}
	csvwrite_int(&im->rejects, rec->line);
	csvwrite_text(&im->rejects, im->reason);
	for (c = im->first_col; c < rec->n_fields; c++)
		csvwrite_textn(&im->rejects, rec->fields[c], rec->lens[c]);
	csvwrite_end_row(&im->rejects);
}

static void show_progress(struct importer *im, time_t *last, bool force)
{
	time_t now = time(NULL);
	if (!force && now == *last)
		return;
	*last = now;
	ky_progress("importing: %ld rows, %ld rejected", im->counts.imported + im->counts.present, im->counts.rejected);
}

static int import_rows(struct importer *im, struct csvread *in, struct ky_error *err)
{
	const struct csvread_record *rec;
	bool progress = cmdline_progress_ok();
	time_t last = time(NULL);
	long rows = 0;
	int rc;

	while ((rc = csvread_next(in, &rec, err)) == 1) {
		enum import_row_result result;
		if ((rc = import_row(im, rec, &result, err)))
			return rc;
		if (im->trees)
			import_repeats_note(im, result);
		if (result == IMPORT_ROW_REJECTED)
			note_reject(im, rec);
		else if (result == IMPORT_ROW_STORED)
			im->counts.imported++;
		else
			im->counts.present++;
		if (progress && (++rows & 1023) == 0)
			show_progress(im, &last, false);
	}
	if (progress && rows >= 1024)
		ky_progress_clear();
	return rc < 0 ? err->code : KY_OK;
}

static void importer_release(struct importer *im)
{
	size_t c;
	for (c = 0; c < im->n_cols; c++) {
		free(im->header[c]);
		if (im->unmarked)
			free(im->unmarked[c]);
	}
	free(im->unmarked);
	free(im->header);
	free(im->cols);
	free(im->attr_cols);
	free(im->slot_value);
	free(im->names);
	free(im->repeated);
	record_builder_release(&im->record);
	attrs_builder_release(&im->attrs);
	entry_attrs_release(&im->set);
	import_repeats_release(im);
}

static int read_form(const char *path, const char *encoding, struct form **form,
		     char **canonical, size_t *canonical_len, struct ky_error *err)
{
	int rc = xlsform_read_reported("import", path, encoding, form, err);
	if (rc)
		return rc;
	return xlsform_canonical_text(path, encoding, canonical, canonical_len, err);
}

/* The attribute columns' names and --set's, for the store's list. */
static int register_attrs(struct importer *im, struct ky_error *err)
{
	const char **names = ky_calloc(im->n_attrs + im->set.n + 1, sizeof *names);
	size_t i;
	int rc;

	for (i = 0; i < im->n_attrs; i++)
		names[i] = im->header[im->attr_cols[i]];
	for (i = 0; i < im->set.n; i++)
		names[im->n_attrs + i] = im->set.names[i];
	rc = store_register_attrs(im->store, im->form_pk, names, im->n_attrs + im->set.n, err);
	free(names);
	return rc;
}

/* The transaction: form, attribute names, rows. */
static int import_all(struct importer *im, struct csvread *in, const char *canonical,
		      size_t canonical_len, struct ky_error *err)
{
	const struct csvread_record *rec;
	int rc;

	rc = csvread_next(in, &rec, err);
	if (rc == 0)
		return ky_error_set(err, KY_EINPUT, "%s: empty file (no header)", im->in_name);
	if (rc < 0)
		return err->code;
	if ((rc = import_read_header(im, rec, err)) || (rc = open_rejects(im, err)))
		return rc;
	/* A file of millions of rows imports in bounded memory. */
	if ((rc = store_import_begin(im->store, err)) || (rc = store_begin(im->store, err)))
		return rc;
	rc = store_put_form(im->store, im->form, canonical, canonical_len, &im->form_pk, err);
	if (!rc)
		rc = register_attrs(im, err);
	if (!rc)
		rc = import_rows(im, in, err);
	if (!rc && im->has_rejects)
		rc = csvwrite_finish(&im->rejects, im->rejects_path, err);
	if (rc) {
		store_rollback(im->store);
		return rc;
	}
	if ((rc = store_commit(im->store, err)) || !im->has_rejects)
		return rc;
	im->has_rejects = false;   /* closed, even when that failed */
	if ((rc = csvwrite_close(&im->rejects, im->rejects_path, err)))
		return rc;
	return import_repeats_rejects(im, err);
}

struct import_args {
	const char *db, *rejects, *encoding, *form_path, *csv_path;
	struct entry_attrs set;      /* --set NAME=VALUE, handed to the importer */
};

/* The importer of req's files, once the form is read and the store open. */
static void importer_init(struct importer *im, struct import_request *req, const struct form *form,
			  struct csvread *in)
{
	memset(im, 0, sizeof *im);
	im->set = req->set;   /* the importer owns it from here */
	memset(&req->set, 0, sizeof req->set);
	im->rejects_path = req->rejects_path;
	im->form = form;
	im->db_path = req->db_path;
	im->form_path = req->form_path;
	im->in_name = csvread_name(in);
	im->slot_value = ky_calloc(form->n_slots + 1, sizeof *im->slot_value);
	import_build_name_index(im);
	record_builder_init(&im->record);
	attrs_builder_init(&im->attrs);
}

int import_file(struct import_request *req, struct import_counts *counts, struct ky_error *err)
{
	struct importer im;
	struct form *form = NULL;
	struct csvread *in = NULL;
	struct store *store = NULL;
	char *canonical = NULL;
	size_t canonical_len = 0;
	int rc;

	memset(counts, 0, sizeof *counts);
	memset(&im, 0, sizeof im);
	if ((rc = read_form(req->form_path, req->encoding, &form, &canonical, &canonical_len, err)) ||
	    (rc = entry_attrs_check_form(&req->set, "import", form, err)) ||
	    (rc = csvread_open(req->csv_path, req->encoding, &in, err)) ||
	    (rc = store_open(req->db_path, STORE_CREATE, &store, err)))
		goto out;
	importer_init(&im, req, form, in);
	im.store = store;
	if (!(rc = import_repeats_read(&im, req->csv_path, req->encoding, err)))
		rc = import_all(&im, in, canonical, canonical_len, err);
	if (!rc && im.trees)
		import_repeats_orphans(&im);
	if (rc && im.has_rejects)
		csvwrite_discard(&im.rejects);   /* the old file, maybe the input, stays */
	*counts = im.counts;
out:
	importer_release(&im);
	entry_attrs_release(&req->set);
	store_close(store);
	if (in)
		csvread_close(in);
	free(canonical);
	form_destroy(form);
	return rc;
}
