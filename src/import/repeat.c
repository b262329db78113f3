/* repeat.c - the repeats of an import (import-impl.h): the files beside
 * the main one (OUT-REPEAT.csv, export/repeat-files.h) read whole before
 * the transaction, each main row's answer tree built from its repeat
 * rows and checked in the instances' own context, then stored with the
 * response or compared with the stored tree. A respondent with a bad
 * repeat row is rejected whole, its reason naming the repeat file's line
 * and column. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "io/export-format.h"
#include "import/import-impl.h"
#include "store/store-repeat.h"
#include "util/mem.h"

static int read_header(struct importer *im, struct repeat_input *in,
		       const struct csvread_record *rec, struct ky_error *err)
{
	const struct form *f = im->form;
	size_t c, k;

	in->n_cols = rec->n_fields;
	in->q = ky_calloc(in->n_cols + 1, sizeof *in->q);
	in->header = ky_calloc(in->n_cols + 1, sizeof *in->header);
	for (c = 0; c < in->n_cols; c++)
		in->header[c] = ky_strdup(rec->fields[c]);
	in->c_resp = in->c_parent = in->c_key = -1;
	/* a rejects file: "line,reason," before the repeat's columns */
	if (in->n_cols > 2 && !strcmp(in->header[0], "line") && !strcmp(in->header[1], "reason"))
		in->first_col = 2;
	for (c = in->first_col; c < in->n_cols; c++) {
		const char *name = rec->fields[c];
		int *meta = !strcmp(name, "respondent") ? &in->c_resp
			    : !strcmp(name, "parent") ? &in->c_parent
			    : !strcmp(name, "key") ? &in->c_key : NULL;
		const struct form_question *q;

		if (meta && *meta < 0) {
			*meta = (int)c;
			continue;
		}
		q = form_find_question(f, name);
		if (!q || q->slot < 0 || q->repeat != in->rq)
			return ky_error_set(err, KY_EINPUT, "%s:1: column '%s' is not a question of "
					    "repeat '%s'", in->path, name, f->questions[in->rq].name);
		for (k = in->first_col; k < c; k++)
			if (in->q[k] == q)
				return ky_error_set(err, KY_EINPUT, "%s:1: column '%s' appears twice",
						    in->path, name);
		in->q[c] = q;
	}
	if (in->c_resp < 0 || in->c_parent < 0 || in->c_key < 0)
		return ky_error_set(err, KY_EINPUT, "%s:1: no '%s' column", in->path,
				    in->c_resp < 0 ? "respondent" : in->c_parent < 0 ? "parent" : "key");
	return KY_OK;
}

static void add_row(struct repeat_input *in, const struct csvread_record *rec)
{
	struct repeat_row *row;
	size_t c;

	KY_GROW(in->rows, in->n_rows, in->cap, 64);
	row = &in->rows[in->n_rows++];
	memset(row, 0, sizeof *row);
	row->line = rec->line;
	row->n_fields = rec->n_fields;
	row->cells = ky_calloc(rec->n_fields + 1, sizeof *row->cells);
	for (c = 0; c < rec->n_fields; c++) {
		row->cells[c] = csvwrite_unneutralise(rec->fields[c], rec->lens[c]);
		if (!row->cells[c])
			row->cells[c] = ky_strndup(rec->fields[c], rec->lens[c]);
	}
}

/* One repeat's file, when it is there. */
static int read_file(struct importer *im, struct repeat_input *in, const char *csv_path,
		     const char *encoding, struct ky_error *err)
{
	const struct csvread_record *rec;
	struct csvread *r = NULL;
	struct stat st;
	int rc;

	in->path = export_repeat_path(csv_path, im->form->questions[in->rq].name);
	if (stat(in->path, &st) && errno == ENOENT) {
		free(in->path);
		in->path = NULL;   /* no file: no instances of this repeat */
		return KY_OK;
	}
	if ((rc = csvread_open(in->path, encoding, &r, err)))
		return rc;
	rc = csvread_next(r, &rec, err);
	if (rc == 0)
		rc = ky_error_set(err, KY_EINPUT, "%s: empty file (no header)", in->path);
	else if (rc < 0)
		rc = err->code;
	else if (!(rc = read_header(im, in, rec, err))) {
		while ((rc = csvread_next(r, &rec, err)) == 1)
			add_row(in, rec);
		rc = rc < 0 ? err->code : KY_OK;
	}
	csvread_close(r);
	return rc;
}

static int by_ref(const void *a, const void *b)
{
	const struct repeat_ref *x = a, *y = b;
	int c = strcmp(x->respondent, y->respondent);
	if (c)
		return c;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* Every repeat row by respondent, then file (outer repeats first, so a
 * parent is added before its children), then line. */
static void index_refs(struct importer *im)
{
	size_t i, r, n = 0;

	for (i = 0; i < im->form->n_repeats; i++)
		n += im->rin[i].n_rows;
	im->refs = ky_calloc(n + 1, sizeof *im->refs);
	for (i = 0; i < im->form->n_repeats; i++) {
		const struct repeat_input *in = &im->rin[i];
		for (r = 0; r < in->n_rows; r++) {
			const struct repeat_row *row = &in->rows[r];
			im->refs[im->n_refs++] = (struct repeat_ref){
				(size_t)in->c_resp < row->n_fields ? row->cells[in->c_resp] : "", i, r };
		}
	}
	qsort(im->refs, im->n_refs, sizeof *im->refs, by_ref);
}

int import_repeats_read(struct importer *im, const char *csv_path, const char *encoding,
			struct ky_error *err)
{
	const struct form *f = im->form;
	size_t i;
	int rc = KY_OK;

	if (!f->n_repeats)
		return KY_OK;
	im->trees = true;
	tree_init(&im->tree, f);
	tree_init(&im->stored, f);
	im->rin = ky_calloc(f->n_repeats, sizeof *im->rin);
	for (i = 0; i < f->n_repeats; i++)
		im->rin[i].rq = f->repeats[i];
	for (i = 0; i < f->n_repeats && !rc; i++)
		if (strcmp(csv_path, "-"))
			rc = read_file(im, &im->rin[i], csv_path, encoding, err);
	if (!rc)
		index_refs(im);
	return rc;
}

/* The first of uuid's repeat rows (n_refs when it has none). */
static size_t first_ref(const struct importer *im, const char *uuid)
{
	size_t lo = 0, hi = im->n_refs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(im->refs[mid].respondent, uuid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The parent instance a row names: the key without its last step, which
 * must be a key of the enclosing repeat's file (-1: a top-level
 * instance; -2: rejected). rest is the key after "RESPONDENT/". */
static int parent_of(struct importer *im, long line, const char *where, int rq,
		     const char *key, const char *rest, const char *parent)
{
	const struct form *f = im->form;
	const char *slash = strrchr(rest, '/');
	size_t head = slash ? (size_t)(slash - key) : 0;
	int outer = form_repeat_parent(f, rq), p;
	char *pk;

	if (outer < 0 && (slash || *parent)) {
		import_reject(im, line, "%s'%s': repeat '%s' is in no other repeat", where,
			      slash ? "key" : "parent", f->questions[rq].name);
		return -2;
	}
	if (outer < 0)
		return -1;
	if (!slash || strncmp(parent, key, head) || parent[head]) {
		import_reject(im, line, "%s'parent': not the key without its last step", where);
		return -2;
	}
	pk = ky_strndup(rest, (size_t)(slash - rest));
	p = tree_find_key(&im->tree, pk);
	free(pk);
	if (p < 0 || im->tree.inst[p].repeat != outer) {
		import_reject(im, line, "%s'parent': no instance of repeat '%s' has that key", where,
			      f->questions[outer].name);
		return -2;
	}
	return p;
}

/* One repeat row into the tree: true when rejected. */
static bool add_instance(struct importer *im, long line, const char *uuid,
			 const struct repeat_ref *ref)
{
	const struct form *f = im->form;
	const struct repeat_input *in = &im->rin[ref->file];
	const struct repeat_row *row = &in->rows[ref->row];
	const char *rname = f->questions[in->rq].name, *key, *rest;
	size_t ulen = strlen(uuid), c;
	char *name = NULL, where[1024];
	int pos = 0, p, at;
	bool bad;

	snprintf(where, sizeof where, "%s:%ld: ", in->path, row->line);
	if (row->n_fields != in->n_cols)
		return import_reject(im, line, "%s%zu fields where the header has %zu", where,
				     row->n_fields, in->n_cols);
	key = row->cells[in->c_key];
	if (strncmp(key, uuid, ulen) || key[ulen] != '/')
		return import_reject(im, line, "%s'key': not the respondent's id, '/' and the "
				     "instance", where);
	rest = key + ulen + 1;
	bad = !tree_key_last_step(rest, &name, &pos) || strcmp(name, rname);
	free(name);
	if (bad)
		return import_reject(im, line, "%s'key': does not end in %s[N]", where, rname);
	if ((p = parent_of(im, line, where, in->rq, key, rest, row->cells[in->c_parent])) == -2)
		return true;
	if ((at = tree_add(&im->tree, in->rq, p, pos)) < 0)
		return import_reject(im, line, "%s'key': the same instance is on an earlier line",
				     where);
	for (c = 0; c < in->n_cols; c++)
		if (in->q[c])
			tree_set(&im->tree, at, (int)(in->q[c] - f->questions), row->cells[c]);
	return false;
}

/* "FILE:LINE: " of instance k of the row's tree (the k-th of its rows). */
static void where_of(const struct importer *im, size_t ref, char *buf, size_t len)
{
	const struct repeat_input *in = &im->rin[im->refs[ref].file];
	snprintf(buf, len, "%s:%ld: ", in->path, in->rows[im->refs[ref].row].line);
}

/* Positions run 1..n under each parent, and every answer passes its
 * checks in its instance's context. */
static bool check_instances(struct importer *im, long line, size_t at, bool complete)
{
	const struct answer_tree *t = &im->tree;
	char where[1024];
	size_t k, c;

	for (k = 0; k < t->n_inst; k++) {
		const struct tree_instance *in = &t->inst[k];
		if ((size_t)in->position > tree_count(t, in->repeat, in->parent)) {
			where_of(im, at + k, where, sizeof where);
			return import_reject(im, line, "%s'key': %s[%d] without every position "
					     "before it", where, im->form->questions[in->repeat].name,
					     in->position);
		}
	}
	for (k = 0; k < t->n_inst; k++) {
		const struct repeat_input *rin = &im->rin[im->refs[at + k].file];
		where_of(im, at + k, where, sizeof where);
		for (c = 0; c < rin->n_cols; c++) {
			const struct form_question *q = rin->q[c];
			if (q && import_check_answer(im, line, where, complete, q,
						     tree_get(t, (int)k, (int)(q - im->form->questions)),
						     (int)k))
				return true;
		}
	}
	return false;
}

bool import_tree_build(struct importer *im, long line, const char *uuid, bool complete)
{
	const struct form *f = im->form;
	size_t i, at = first_ref(im, uuid), end;

	tree_clear(&im->tree);
	for (i = 0; i < f->n_slots; i++)
		if (im->slot_value[i] && *im->slot_value[i])
			im->tree.values[i] = ky_strdup(im->slot_value[i]);
	for (end = at; end < im->n_refs && !strcmp(im->refs[end].respondent, uuid); end++)
		;
	im->cur_at = at;
	im->cur_end = end;
	/* instance k of the tree comes from row at + k: every row adds one */
	for (i = at; i < end; i++)
		if (add_instance(im, line, uuid, &im->refs[i]))
			return true;
	return check_instances(im, line, at, complete);
}

int import_tree_store(struct importer *im, const char *uuid, bool added, long line,
		      enum import_row_result *result, struct ky_error *err)
{
	struct store_response r;
	int64_t pk;
	int rc;

	if (added && !im->tree.n_inst)
		return KY_OK;   /* a new response has no instances to replace */
	if ((rc = store_response_get(im->store, uuid, &pk, &r, err)))
		return rc;
	store_response_free(&r);
	if (added)
		return store_tree_save(im->store, pk, &im->tree, err);
	if ((rc = store_tree_load(im->store, pk, &im->stored, err)))
		return rc;
	if (!tree_same_instances(&im->tree, &im->stored)) {
		*result = IMPORT_ROW_REJECTED;
		import_reject(im, line, "respondent '%s' is already stored with different answers "
			      "in its repeats (conflict)", uuid);
	}
	return KY_OK;
}

static struct repeat_row *ref_row(struct importer *im, size_t i)
{
	return &im->rin[im->refs[i].file].rows[im->refs[i].row];
}

void import_repeats_note(struct importer *im, enum import_row_result result)
{
	size_t i;

	for (i = im->cur_at; i < im->cur_end; i++) {
		struct repeat_row *row = ref_row(im, i);
		row->seen = true;
		if (result != IMPORT_ROW_REJECTED) {
			row->ok = true;
		} else if (!row->ok) {
			free(row->reason);
			row->reason = ky_strdup(im->reason);
		}
	}
	im->cur_at = im->cur_end = 0;
}

void import_repeats_orphans(struct importer *im)
{
	size_t i, n = 0, first = 0;

	for (i = 0; i < im->n_refs; i++)
		if (!ref_row(im, i)->seen && !n++)
			first = i;
	if (n)
		ky_warn("%s: %zu repeat row%s not imported: their respondent has no row in %s, or "
			"one rejected before its repeats were read", im->rin[im->refs[first].file].path,
			n, n == 1 ? "" : "s", im->in_name);
}

void import_repeats_release(struct importer *im)
{
	size_t i, r, c;

	for (i = 0; im->rin && i < im->form->n_repeats; i++) {
		struct repeat_input *in = &im->rin[i];
		for (r = 0; r < in->n_rows; r++) {
			for (c = 0; c < in->rows[r].n_fields; c++)
				free(in->rows[r].cells[c]);
			free(in->rows[r].cells);
			free(in->rows[r].reason);
		}
		for (c = 0; c < in->n_cols; c++)
			free(in->header[c]);
		free(in->header);
		free(in->rows);
		free(in->q);
		free(in->path);
	}
	free(im->rin);
	free(im->refs);
	if (im->trees) {
		tree_ctx_release(&im->tctx);
		tree_release(&im->tree);
		tree_release(&im->stored);
	}
}
