/* merge.c - one site into the central database, in two passes (merge.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "form/xlsform.h"
#include "form/tree.h"
#include "store/site-check.h"
#include "store/store-repeat.h"
#include "store/store.h"
#include "util/mem.h"
#include "merge/merge.h"

/* What a scan of one site form's responses needs. central is NULL in
 * the checking pass, which reports bad records; the merging pass skips
 * them and counts them. */
struct merge_scan {
	struct store *central, *site;
	int64_t central_pk;
	const struct form *form;
	const char *site_path;
	struct merge_counts *counts;
	struct site_check *check;
	struct ky_error *err;
	/* a form with repeats: the respondent's instances go along (trees) */
	bool trees;
	struct answer_tree site_tree, central_tree;
};

static void trees_begin(struct merge_scan *m, const struct form *form)
{
	m->trees = form->n_repeats > 0;
	if (!m->trees)
		return;
	tree_init(&m->site_tree, form);
	tree_init(&m->central_tree, form);
}

static void trees_end(struct merge_scan *m)
{
	if (m->trees) {
		tree_release(&m->site_tree);
		tree_release(&m->central_tree);
	}
	m->trees = false;
}

/* One stored form of a site, as its form table holds it. */
struct site_form {
	int64_t pk;
	char *form_id, *version, *definition;
	size_t len;
};

/* The forms of one site, copied out of store_forms() so that the site's
 * responses can be scanned while they are merged. */
struct site_forms {
	struct site_form *forms;
	size_t n;
};

static void site_forms_release(struct site_forms *list)
{
	size_t i;
	for (i = 0; i < list->n; i++) {
		free(list->forms[i].form_id);
		free(list->forms[i].version);
		free(list->forms[i].definition);
	}
	free(list->forms);
}

static int collect_form(void *ctx, const struct store_form_row *f)
{
	struct site_forms *list = ctx;
	struct site_form *sf;

	list->forms = ky_reallocarray(list->forms, list->n + 1, sizeof *list->forms);
	sf = &list->forms[list->n++];
	sf->pk = f->pk;
	sf->form_id = ky_strdup(f->form_id ? f->form_id : "");
	sf->version = ky_strdup(f->version ? f->version : "");
	sf->definition = ky_malloc(f->definition_len + 1);
	if (f->definition_len)
		memcpy(sf->definition, f->definition, f->definition_len);
	sf->definition[f->definition_len] = '\0';
	sf->len = f->definition_len;
	return 0;
}

/* True when CENTRAL's copy of the respondent is partial and the site's is
 * complete: the terminal finished the response after an earlier merge,
 * so the site's copy supersedes it. */
static bool finished_later(struct store *central, const struct store_response *r)
{
	struct store_response cur;
	struct ky_error ignored;
	int64_t pk;
	bool later;

	if (!r->status || strcmp(r->status, "complete"))
		return false;
	memset(&cur, 0, sizeof cur);
	if (store_response_get(central, r->uuid, &pk, &cur, &ignored))
		return false;
	later = cur.status && !strcmp(cur.status, "partial");
	store_response_free(&cur);
	return later;
}

static int put_log_row(void *ctx, const struct store_log_row *row)
{
	struct merge_scan *m = ctx;
	/* The respondent's log was checked before its put; a row that turned
	 * bad since then (the file changed) is left out. */
	if (!site_check_log_row(m->check, m->form, row))
		return 0;
	return store_log_put(m->central, row, NULL, m->err);
}

/* check_respondent(): the record is left out. Not a KY_E* code. */
#define REFUSED (-1)

/* Stops a log scan at its first bad row. */
static int check_log_row(void *ctx, const struct store_log_row *row)
{
	struct merge_scan *m = ctx;
	return site_check_log_row(m->check, m->form, row) ? 0 : REFUSED;
}

/* 0 when the record and its answer log may be merged, REFUSED when not
 * (and, in the checking pass, reported), or a KY_E* failure reading the
 * site. */
static int check_respondent(struct merge_scan *m, const struct store_response *r)
{
	int rc = 0;

	/* SQLite's progress handler stops a long statement; a site of many
	 * quick rows is stopped here (merge_site says why). */
	if (store_past_time_limit(m->site))
		return ky_error_set(m->err, KY_EINPUT, "%s: out of time", m->site_path);
	if (site_check_response(m->check, m->form, r))
		rc = store_log_scan(m->site, r->uuid, check_log_row, m, m->err);
	else
		rc = REFUSED;
	if (!rc && m->trees && store_tree_load(m->site, r->id, &m->site_tree, m->err)) {
		if (store_past_time_limit(m->site))
			return m->err->code;
		/* the instances do not fit the form: named like a record's fault */
		snprintf(m->check->field, sizeof m->check->field, "its repeats");
		snprintf(m->check->why, sizeof m->check->why,
			 "an instance does not fit the form, or its answers are damaged");
		ky_error_clear(m->err);
		rc = REFUSED;
	}
	if (rc != REFUSED)
		return rc;
	if (!m->central)
		ky_say("kysely: merge: %s: respondent '%s': %s: %s; not merged",
		       m->site_path, r->uuid, m->check->field, m->check->why);
	m->counts->refused++;
	return REFUSED;
}

static int check_one(void *ctx, const struct store_response *r, const char *const *attr_values)
{
	int rc;
	(void)attr_values;
	rc = check_respondent(ctx, r);
	return rc == REFUSED ? 0 : rc;
}

/* The respondent's instances (m->site_tree, loaded by the check) into
 * CENTRAL with the response just added, or compared with central's when
 * the response was there: a different tree is a conflict, kept central
 * (REFUSED, counted). */
static int put_tree(struct merge_scan *m, const struct store_response *r, bool added)
{
	struct store_response cur;
	int64_t pk;
	int rc;

	if ((rc = store_response_get(m->central, r->uuid, &pk, &cur, m->err)))
		return rc;
	store_response_free(&cur);
	if (added)
		return store_tree_save(m->central, pk, &m->site_tree, m->err);
	if ((rc = store_tree_load(m->central, pk, &m->central_tree, m->err)))
		return rc;
	if (tree_same_instances(&m->site_tree, &m->central_tree))
		return 0;
	ky_say("kysely: merge: %s: respondent %s: answers in repeats differ from the "
	       "central copy; kept central", m->site_path, r->uuid);
	m->counts->conflicts++;
	return REFUSED;
}

static int put_one(void *ctx, const struct store_response *r, const char *const *attr_values)
{
	struct merge_scan *m = ctx;
	bool added;
	int rc;

	(void)attr_values;
	if ((rc = check_respondent(m, r)))
		return rc == REFUSED ? 0 : rc;
	rc = store_put_response(m->central, m->central_pk, r, false, &added, m->err);
	if (rc == KY_EINPUT && finished_later(m->central, r))
		rc = store_put_response(m->central, m->central_pk, r, true, &added, m->err);
	if (rc == KY_EINPUT) {
		/* The store's only input error for a well-formed site row. */
		ky_say("kysely: merge: %s: respondent %s: answers differ from the "
		       "central copy; kept central", m->site_path, r->uuid);
		ky_error_clear(m->err);
		m->counts->conflicts++;
		return 0;
	}
	if (rc)
		return rc;
	if (m->trees && (rc = put_tree(m, r, added)))
		return rc == REFUSED ? 0 : rc;
	if (!added) {
		m->counts->present++;
		return 0;
	}
	m->counts->added++;
	return store_log_scan(m->site, r->uuid, put_log_row, m, m->err);
}

/* Looks for the site form's form_id among CENTRAL's forms: the same
 * version is fine (store_put_form compares the definitions), another
 * version alone is refused. */
struct version_check {
	const struct site_form *sf;
	bool same_version;
	char *other_version;    /* the first other version seen */
};

static int note_version(void *ctx, const struct store_form_row *f)
{
	struct version_check *vc = ctx;
	const char *version = f->version ? f->version : "";

	if (!f->form_id || strcmp(f->form_id, vc->sf->form_id))
		return 0;
	if (!strcmp(version, vc->sf->version))
		vc->same_version = true;
	else if (!vc->other_version)
		vc->other_version = ky_strdup(version);
	return 0;
}

static int check_version(struct store *central, const char *central_path,
			 const char *site_path, const struct site_form *sf, struct ky_error *err)
{
	struct version_check vc = { sf, false, NULL };
	int rc = store_forms(central, note_version, &vc, err);

	if (rc == KY_OK && !vc.same_version && vc.other_version)
		rc = ky_error_set(err, KY_EINPUT,
				  "%s: form '%s' is version '%s' there but version '%s' in %s; "
				  "merge databases of one form version",
				  site_path, sf->form_id, sf->version, vc.other_version, central_path);
	free(vc.other_version);
	return rc;
}

static int parse_site_form(const char *site_path, const struct site_form *sf,
			   struct form **form, struct ky_error *err)
{
	struct form_diag diag;
	int rc;

	memset(&diag, 0, sizeof diag);
	rc = xlsform_read_buffer(sf->definition, sf->len, site_path, form, &diag, err);
	if (rc == KY_EINPUT)
		rc = ky_error_set(err, KY_EIO, "%s: the stored form '%s' does not parse: %s",
				  site_path, sf->form_id, diag.n ? diag.lines[0] : "unknown error");
	form_diag_release(&diag);
	return rc;
}

/* The site's attribute names of the form, each plain one-line text. */
static int site_attr_names(struct merge_scan *m, const struct site_form *sf, char ***attrs,
			   size_t *n_attrs)
{
	size_t i;
	int rc;

	if ((rc = store_attr_names(m->site, sf->pk, attrs, n_attrs, m->err)))
		return rc;
	for (i = 0; i < *n_attrs; i++)
		if (!site_check_attr_name(m->check, (*attrs)[i]))
			return ky_error_set(m->err, KY_EINPUT, "%s: %s: %s; nothing merged",
					    m->site_path, m->check->field, m->check->why);
	return KY_OK;
}

static void free_names(char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The checking pass over one site form: every bad record reported. */
static int check_form(struct merge_scan *m, const struct site_form *sf)
{
	struct form *form = NULL;
	char **attrs = NULL;
	size_t n_attrs = 0;
	int rc;

	if ((rc = parse_site_form(m->site_path, sf, &form, m->err)))
		return rc;
	m->form = form;
	trees_begin(m, form);
	if ((rc = site_attr_names(m, sf, &attrs, &n_attrs)) == KY_OK)
		rc = store_scan(m->site, sf->pk, NULL, 0, check_one, m, m->err);
	trees_end(m);
	free_names(attrs, n_attrs);
	form_destroy(form);
	m->form = NULL;
	return rc;
}

static int copy_form(struct merge_scan *m, const char *central_path, const struct site_form *sf)
{
	struct form *form = NULL;
	char **attrs = NULL;
	size_t n_attrs = 0;
	int rc;

	if ((rc = check_version(m->central, central_path, m->site_path, sf, m->err)) ||
	    (rc = parse_site_form(m->site_path, sf, &form, m->err)))
		return rc;
	rc = store_put_form(m->central, form, sf->definition, sf->len, &m->central_pk, m->err);
	if (rc == KY_EINPUT)
		ky_error_prefix(m->err, "%s", m->site_path);
	m->form = form;
	if (rc == KY_OK && (rc = site_attr_names(m, sf, &attrs, &n_attrs)) == KY_OK)
		rc = store_register_attrs(m->central, m->central_pk, (const char *const *)attrs,
					  n_attrs, m->err);
	free_names(attrs, n_attrs);
	trees_begin(m, form);
	if (rc == KY_OK)
		rc = store_scan(m->site, sf->pk, NULL, 0, put_one, m, m->err);
	trees_end(m);
	form_destroy(form);
	m->form = NULL;
	return rc;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* One pass over one site: checking (central NULL) or merging. */
int merge_site(struct store *central, const char *central_path, const char *site_path,
		      const struct merge_options *opt, struct merge_counts *counts,
		      struct ky_error *err)
{
	struct site_forms list = { NULL, 0 };
	struct site_check check;
	struct merge_scan m = { .central = central, .site_path = site_path, .counts = counts,
				.check = &check, .err = err };
	size_t i;
	int rc;

	if (same_file(central_path, site_path))
		return ky_error_set(err, KY_EUSAGE, "%s: is the central database itself", site_path);
	if ((rc = store_open(site_path, STORE_READONLY, &m.site, err)))
		return rc;
	site_check_init(&check);
	store_set_time_limit(m.site, opt->site_timeout);
	rc = store_forms(m.site, collect_form, &list, err);
	for (i = 0; rc == KY_OK && i < list.n; i++)
		rc = central ? copy_form(&m, central_path, &list.forms[i])
			     : check_form(&m, &list.forms[i]);
	if (rc && store_past_time_limit(m.site))
		rc = ky_error_set(err, KY_EINPUT, "%s: reading it took longer than %g s "
				  "(--site-timeout); nothing merged", site_path, opt->site_timeout);
	site_forms_release(&list);
	site_check_release(&check);
	store_close(m.site);
	return rc;
}
