/* repeat-rejects.c - the repeat rows an import did not store, beside its
 * rejects file (import-impl.h): FILE-REPEAT.csv with line and reason
 * before the repeat's columns, which import reads back as it reads the
 * main rejects file. */
#include "config.h"
#include <stdlib.h>
#include "export/repeat-files.h"
#include "import/import-impl.h"
#include "io/export-format.h"
#include "io/safe-output.h"
#include "util/mem.h"

static void write_rows(struct csvwrite *w, const struct repeat_input *in, const char *missing)
{
	size_t r, c;

	for (r = 0; r < in->n_rows; r++) {
		const struct repeat_row *row = &in->rows[r];
		if (row->ok)
			continue;
		csvwrite_int(w, row->line);
		csvwrite_text(w, row->reason ? row->reason : missing);
		for (c = in->first_col; c < row->n_fields; c++)
			csvwrite_text(w, row->cells[c]);
		csvwrite_end_row(w);
	}
}

static int write_one(struct importer *im, const struct repeat_input *in,
		     const struct safe_output_guard *guard, const char *missing,
		     struct ky_error *err)
{
	char *path = export_repeat_path(im->rejects_path, im->form->questions[in->rq].name);
	struct csvwrite w;
	size_t c;
	int rc;

	if (!(rc = csvwrite_open(&w, path, guard, 0, err))) {
		csvwrite_text(&w, "line");
		csvwrite_text(&w, "reason");
		if (in->header) {
			for (c = in->first_col; c < in->n_cols; c++)
				csvwrite_text(&w, in->header[c]);
			csvwrite_end_row(&w);
		} else {
			repeat_files_header(&w, im->form, in->rq);
		}
		write_rows(&w, in, missing);
		rc = csvwrite_close(&w, path, err);
	}
	free(path);
	return rc;
}

int import_repeats_rejects(struct importer *im, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	char *missing;
	size_t i;
	int rc = KY_OK;

	if (!im->trees || !im->rejects_path)
		return KY_OK;
	missing = ky_asprintf("its respondent has no row in %s that was read", im->in_name);
	safe_output_guard_add(&guard, im->db_path, "the database");
	safe_output_guard_add_form(&guard, im->form_path);
	for (i = 0; i < im->form->n_repeats && !rc; i++)
		rc = write_one(im, &im->rin[i], &guard, missing, err);
	safe_output_guard_release(&guard);
	free(missing);
	return rc;
}
