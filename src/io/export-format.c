/* export-format.c - the typed export formats, whole files (export-format.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "io/codebook.h"
#include "io/csvwrite.h"
#include "io/export-format.h"
#include "io/export-sqlite.h"
#include "io/export-stat.h"
#include "io/export-table.h"
#include "io/safe-output.h"
#include "util/mem.h"

char *export_repeat_path(const char *main_path, const char *name)
{
	const char *base = strrchr(main_path, '/'), *dot;

	base = base ? base + 1 : main_path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		return ky_asprintf("%s-%s", main_path, name);
	return ky_asprintf("%.*s-%s%s", (int)(dot - main_path), main_path, name, dot);
}

bool export_format_parse(const char *word, enum export_format *out)
{
	static const char *const names[] = { "sav", "dta", "sqlite" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(word, names[i])) {
			*out = (enum export_format)i;
			return true;
		}
	return false;
}

static const struct export_names *names_of(enum export_format f)
{
	return f == EXPORT_FORMAT_SAV ? &export_names_sav
	       : f == EXPORT_FORMAT_DTA ? &export_names_dta : &export_names_sql;
}

static int build_table(const struct export_request *req, struct export_table **out,
		       struct ky_error *err)
{
	struct export_table *t = export_table_create(req->form, req->lang,
						     (const char *const *)req->attr_names,
						     req->n_attrs, names_of(req->format));
	int rc;

	t->coarsen = req->coarsen;
	for (size_t i = 0; i < req->n_derived; i++) {
		const struct export_derived_col *d = &req->derived[i];
		export_table_add_derived(t, d->name, d->label, d->scale ? XM_SCALE : XM_NOMINAL,
					 d->values, d->codes, d->labels, d->n_codes, d->set_name);
	}
	rc = export_table_measure_all(t, req->store, req->form_pk,
				      (const char *const *)req->attr_names, req->n_attrs,
				      req->db_path, err);
	/* derived rows come from analyze's own pass over the same store */
	if (!rc && req->n_derived && t->n_rows != req->derived_rows)
		rc = ky_error_set(err, KY_EIO, "%s: the responses changed while exporting; run it again",
				  req->db_path);
	if (rc) {
		export_table_destroy(t);
		return rc;
	}
	*out = t;
	return KY_OK;
}

static int open_codebook(const struct export_request *req, struct csvwrite *cb,
			 struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	int rc;

	safe_output_guard_add(&guard, req->db_path, "the database");
	safe_output_guard_add(&guard, req->out_path, "the data export (-o)");
	rc = csvwrite_open(cb, req->codebook_path, &guard, 15, err);
	safe_output_guard_release(&guard);
	return rc;
}

static int write_data(const struct export_request *req, struct export_table *t,
		      struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct safe_output o;
	int rc;

	if (req->format == EXPORT_FORMAT_SQLITE && safe_output_is_stdout(req->out_path))
		return ky_error_set(err, KY_EUSAGE, "export: '--format sqlite' needs '-o FILE'");
	safe_output_guard_add(&guard, req->db_path, "the database");
	safe_output_guard_add(&guard, req->codebook_path, "the codebook");
	rc = safe_output_open(&o, req->out_path, &guard, err);
	safe_output_guard_release(&guard);
	if (rc)
		return rc;
	if (req->format == EXPORT_FORMAT_SQLITE)
		rc = export_sqlite_write(t, o.tmp ? o.tmp : req->out_path, req->store, req->form_pk,
					 (const char *const *)req->attr_names, req->n_attrs,
					 req->db_path, req->out_path, err);
	else
		rc = export_stat_write(t, req->format == EXPORT_FORMAT_SAV ? EXPORT_SAV : EXPORT_DTA,
				       o.fp, req->store, req->form_pk,
				       (const char *const *)req->attr_names, req->n_attrs,
				       req->db_path, req->out_path, err);
	if (rc) {
		safe_output_discard(&o);
		return rc;
	}
	return safe_output_commit(&o, err);
}

/* sav and dta: a file per repeat beside the main one (OUT-REPEAT.sav),
 * its variables typed and labelled as the responses' are; sqlite has a
 * table per repeat in the one file instead. */
static int write_repeats(const struct export_request *req, struct ky_error *err)
{
	const struct form *f = req->form;
	int rc = KY_OK;

	if (req->format == EXPORT_FORMAT_SQLITE)
		return KY_OK;
	for (size_t i = 0; i < f->n_repeats && !rc; i++) {
		struct export_request one = *req;
		struct export_table *t = export_table_create_repeat(f, f->repeats[i], req->lang,
								    names_of(req->format));
		char *path = export_repeat_path(req->out_path, f->questions[f->repeats[i]].name);

		t->coarsen = req->coarsen;
		one.out_path = path;
		one.attr_names = NULL;
		one.n_attrs = 0;
		rc = export_table_measure_all(t, req->store, req->form_pk, NULL, 0, req->db_path, err);
		if (!rc)
			rc = write_data(&one, t, err);
		export_table_destroy(t);
		free(path);
	}
	return rc;
}

int export_format_write(const struct export_request *req, struct ky_error *err)
{
	struct export_table *t = NULL;
	struct csvwrite cb = { 0 };
	int rc;

	if (req->codebook_path && (rc = open_codebook(req, &cb, err)))
		return rc;
	rc = build_table(req, &t, err);
	if (!rc)
		rc = write_data(req, t, err);
	if (!rc)
		rc = write_repeats(req, err);
	if (req->codebook_path) {
		if (rc) {
			csvwrite_discard(&cb);
		} else {
			codebook_write_table(&cb, req->form, req->lang,
					     (const char *const *)req->attr_names, req->n_attrs, t);
			rc = csvwrite_close(&cb, req->codebook_path, err);
		}
	}
	export_table_destroy(t);
	return rc;
}
