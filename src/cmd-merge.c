/* cmd-merge.c - `kysely merge`: folds site databases into a central one.
 *
 * Everything happens in one transaction on CENTRAL, so that a failure (or
 * a kill) leaves it as it was. Per site: every stored form is copied by
 * form_id + version (the same definition text is required), its attribute
 * names registered, and its responses put by uuid: an identical copy adds
 * nothing, a different one is a conflict that is reported and skipped
 * (central's copy is kept), or fails the whole merge with --strict. One
 * exception: a respondent partial in CENTRAL and complete in the site was
 * finished on the terminal after an earlier merge; the site's copy wins.
 * The answer log (every answer given at the terminal, with its time) of a
 * response added or replaced goes along, without rows CENTRAL has already,
 * so that merging twice adds nothing; a conflict keeps CENTRAL's log.
 *
 * A site database is input: store_open() refuses one whose schema is not
 * exactly kysely's (a trigger or a view would run SQL of its own), every
 * record is checked as import checks a row (site-check.h) and a bad one
 * is reported and left out, and SQLite's time reading a site is bounded
 * (--site-timeout). Every site is read and checked once before CENTRAL's
 * write lock is taken, so that a slow or broken site fails while
 * terminals can still write to CENTRAL; the records are checked again as
 * they are put, in case the file changed in between.
 *
 * Form versions: a site form whose form_id is in CENTRAL under another
 * version is refused, naming both versions, since the slots of the stored
 * answers follow one version's question order; merge each version into
 * its own central database, or export and re-import.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "command.h"
#include "form/xlsform.h"
#include "store/site-check.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/mem.h"

/* Seconds SQLite may spend reading one site, per pass: a terminal's day
 * of answers reads in well under a second. */
#define DEFAULT_SITE_TIMEOUT 600.0

struct merge_counts {
	long added, present, conflicts, refused;
};

struct merge_options {
	const char *central_path;
	bool strict;
	double site_timeout;   /* seconds, 0 = no limit */
};

#define MO struct merge_options
static const struct cmdline_option merge_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", MO, central_path, "CENTRAL", "the database to merge into"),
	CMDLINE_OPT_FLAG(0, "strict", MO, strict,
			 "any conflict or refused record fails the whole merge"),
	CMDLINE_OPT_DOUBLE(0, "site-timeout", MO, site_timeout, 0, 1000000, "SECONDS",
			   "the longest SQLite may spend reading one site, per pass\n"
			   "(default 600; 0 = no limit); a site that takes longer is\n"
			   "refused and nothing is merged"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const merge_tables[] = { merge_options, NULL };

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
};

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
	if ((rc = site_attr_names(m, sf, &attrs, &n_attrs)) == KY_OK)
		rc = store_scan(m->site, sf->pk, NULL, 0, check_one, m, m->err);
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
	if (rc == KY_OK)
		rc = store_scan(m->site, sf->pk, NULL, 0, put_one, m, m->err);
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
static int merge_site(struct store *central, const char *central_path, const char *site_path,
		      const struct merge_options *opt, struct merge_counts *counts,
		      struct ky_error *err)
{
	struct site_forms list = { NULL, 0 };
	struct site_check check;
	struct merge_scan m = { central, NULL, 0, NULL, site_path, counts, &check, err };
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

static void print_summary(int n_sites, const struct merge_counts *c)
{
	char refused[48] = "";

	if (c->refused)
		snprintf(refused, sizeof refused, ", %ld refused", c->refused);
	ky_say("merged %d site%s: %ld response%s added, %ld already present, "
		"%ld conflict%s%s", n_sites, n_sites == 1 ? "" : "s",
		c->added, c->added == 1 ? "" : "s", c->present,
		c->conflicts, c->conflicts == 1 ? "" : "s", refused);
}

/* The site databases' count, 0 when there is nothing to merge (help, or
 * an error: *rc); sites points into argv. */
static int parse_options(int argc, char **argv, struct merge_options *opt, char ***sites,
			 int *rc, struct ky_error *err)
{
	void *const bases[] = { opt };
	struct cmdline cl;
	int n = 0;

	*rc = command_parse(&cmd_merge, bases, &cl, argc, argv, err);
	if (!*rc && !cl.help && !cl.n_args)
		*rc = ky_error_set(err, KY_EUSAGE, "merge: name at least one site database");
	if (!*rc && !cl.help) {
		*sites = ky_reallocarray(NULL, (size_t)cl.n_args, sizeof **sites);
		for (n = 0; n < cl.n_args; n++)
			(*sites)[n] = cl.args[n];
	}
	cmdline_release(&cl);
	return n;
}

/* What went wrong (or was left out) that the exit status must show. */
static int outcome(const struct merge_counts *c, struct ky_error *err)
{
	if (!c->conflicts && !c->refused)
		return KY_OK;
	if (!c->refused)
		return ky_error_set(err, KY_EINPUT, "%ld conflict%s reported above; the rest "
				    "is merged", c->conflicts, c->conflicts == 1 ? "" : "s");
	if (!c->conflicts)
		return ky_error_set(err, KY_EINPUT, "%ld refused record%s reported above; the "
				    "rest is merged", c->refused, c->refused == 1 ? "" : "s");
	return ky_error_set(err, KY_EINPUT, "%ld conflict%s and %ld refused record%s reported "
			    "above; the rest is merged", c->conflicts,
			    c->conflicts == 1 ? "" : "s", c->refused, c->refused == 1 ? "" : "s");
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct merge_options opt = { NULL, false, DEFAULT_SITE_TIMEOUT };
	struct merge_counts counts = { 0, 0, 0, 0 };
	struct store *central = NULL;
	char **sites = NULL;
	int i, rc, n_sites;

	if (!(n_sites = parse_options(argc, argv, &opt, &sites, &rc, err)))
		return rc;
	/* Every site is read and checked before CENTRAL is created or locked. */
	for (i = 0; i < n_sites && rc == KY_OK; i++)
		rc = merge_site(NULL, opt.central_path, sites[i], &opt, &counts, err);
	if (rc == KY_OK && opt.strict && counts.refused)
		rc = ky_error_set(err, KY_EINPUT, "%ld refused record%s with --strict: nothing "
				  "merged", counts.refused, counts.refused == 1 ? "" : "s");
	if (rc || (rc = store_open(opt.central_path, STORE_CREATE, &central, err)) ||
	    (rc = store_begin(central, err)))
		goto out;
	counts.refused = 0;
	for (i = 0; i < n_sites && rc == KY_OK; i++)
		rc = merge_site(central, opt.central_path, sites[i], &opt, &counts, err);
	if (rc == KY_OK && opt.strict && (counts.conflicts || counts.refused))
		rc = ky_error_set(err, KY_EINPUT, "%ld conflict%s with --strict: nothing merged",
				  counts.conflicts + counts.refused,
				  counts.conflicts + counts.refused == 1 ? "" : "s");
	if (rc == KY_OK)
		rc = store_commit(central, err);
	else
		store_rollback(central);
	if (rc == KY_OK) {
		print_summary(n_sites, &counts);
		rc = outcome(&counts, err);
	}
out:
	store_close(central);
	free(sites);
	if (rc)
		ky_error_prefix(err, "merge");
	return rc;
}

const struct command cmd_merge = {
	.name = "merge",
	.summary = "fold databases collected on several terminals into one (idempotent)",
	.usage =
	"usage: kysely merge --db CENTRAL [--strict] [--site-timeout SECONDS] SITE.db...\n"
	"\n"
	"Copies the forms and responses of each SITE database into CENTRAL (created\n"
	"when missing) in one transaction: a failure leaves CENTRAL as it was.\n"
	"Respondents keep their ids; one already in CENTRAL with the same answers\n"
	"adds nothing, so merging the same site twice changes nothing. One with\n"
	"different answers is a conflict: it is reported, CENTRAL's copy is kept,\n"
	"the rest is merged and the exit status is 1 (with --strict, a conflict\n"
	"fails the merge and nothing is written). The one exception: a respondent\n"
	"partial in CENTRAL and complete in a site was finished on the terminal\n"
	"after an earlier merge, and the site's copy replaces it.\n"
	"The answer log (every answer given at a terminal, with its time) of each\n"
	"respondent added or replaced comes along, without rows CENTRAL has already.\n"
	"\n"
	"A form must have the same definition under the same form_id and version.\n"
	"A site form whose form_id CENTRAL holds only under other versions is\n"
	"refused, naming both versions (answers are stored by the question order\n"
	"of their version): merge each version into its own database.\n"
	"\n"
	"A site database is checked like an import file: one whose schema holds\n"
	"anything kysely does not create (a trigger, a view) is refused, and a\n"
	"record import would refuse (an answer that is not one of its question's,\n"
	"control characters or invalid UTF-8, a malformed record) is reported with\n"
	"its respondent id and field, left out, and the exit status is 1. Every\n"
	"site is read and checked before CENTRAL is locked.\n",
	.options = merge_tables,
	.notes =
	"A summary goes to stderr: merged 3 sites: 120 responses added, 5 already\n"
	"present, 1 conflict\n"
	"\n"
	"Example:\n"
	"  kysely merge --db study.db terminal1.db terminal2.db terminal3.db\n",
	.run = run,
};
