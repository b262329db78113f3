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
 * Form versions: a site form whose form_id is in CENTRAL under another
 * version is refused, naming both versions, since the slots of the stored
 * answers follow one version's question order; merge each version into
 * its own central database, or export and re-import.
 */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "command.h"
#include "form/xlsform.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/mem.h"

enum { OPT_DB = 256, OPT_STRICT, OPT_HELP };

static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

struct merge_counts {
	long added, present, conflicts;
};

/* What a scan of one site form's responses needs. */
struct merge_scan {
	struct store *central, *site;
	int64_t central_pk;
	const char *site_path;
	struct merge_counts *counts;
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
	return store_log_put(m->central, row, NULL, m->err);
}

static int put_one(void *ctx, const struct store_response *r, const char *const *attr_values)
{
	struct merge_scan *m = ctx;
	bool added;
	int rc;

	(void)attr_values;
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

static int copy_form(struct store *central, const char *central_path, struct store *site,
		     const char *site_path, const struct site_form *sf,
		     struct merge_counts *counts, struct ky_error *err)
{
	struct merge_scan scan = { central, site, 0, site_path, counts, err };
	struct form_diag diag;
	struct form *form = NULL;
	char **attrs = NULL;
	size_t n_attrs = 0, i;
	int rc;

	if ((rc = check_version(central, central_path, site_path, sf, err)))
		return rc;
	memset(&diag, 0, sizeof diag);
	rc = xlsform_read_buffer(sf->definition, sf->len, site_path, &form, &diag, err);
	if (rc == KY_EINPUT)
		rc = ky_error_set(err, KY_EIO, "%s: the stored form '%s' does not parse: %s",
				  site_path, sf->form_id, diag.n ? diag.lines[0] : "unknown error");
	form_diag_release(&diag);
	if (rc)
		return rc;
	rc = store_put_form(central, form, sf->definition, sf->len, &scan.central_pk, err);
	form_destroy(form);
	if (rc == KY_EINPUT)
		ky_error_prefix(err, "%s", site_path);
	if (rc)
		return rc;

	if ((rc = store_attr_names(site, sf->pk, &attrs, &n_attrs, err)) == KY_OK)
		rc = store_register_attrs(central, scan.central_pk, (const char *const *)attrs,
					  n_attrs, err);
	for (i = 0; i < n_attrs; i++)
		free(attrs[i]);
	free(attrs);
	if (rc)
		return rc;
	return store_scan(site, sf->pk, NULL, 0, put_one, &scan, err);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int merge_site(struct store *central, const char *central_path, const char *site_path,
		      struct merge_counts *counts, struct ky_error *err)
{
	struct site_forms list = { NULL, 0 };
	struct store *site = NULL;
	size_t i;
	int rc;

	if (same_file(central_path, site_path))
		return ky_error_set(err, KY_EUSAGE, "%s: is the central database itself", site_path);
	if ((rc = store_open(site_path, STORE_READONLY, &site, err)))
		return rc;
	rc = store_forms(site, collect_form, &list, err);
	for (i = 0; rc == KY_OK && i < list.n; i++)
		rc = copy_form(central, central_path, site, site_path, &list.forms[i], counts, err);
	site_forms_release(&list);
	store_close(site);
	return rc;
}

static void print_summary(int n_sites, const struct merge_counts *c)
{
	ky_say("merged %d site%s: %ld response%s added, %ld already present, "
		"%ld conflict%s", n_sites, n_sites == 1 ? "" : "s",
		c->added, c->added == 1 ? "" : "s", c->present,
		c->conflicts, c->conflicts == 1 ? "" : "s");
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct merge_counts counts = { 0, 0, 0 };
	const char *central_path = NULL;
	struct store *central = NULL;
	bool strict = false;
	int c, i, rc = KY_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			central_path = optarg;
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_HELP:
			command_print_usage(&cmd_merge);
			return KY_OK;
		default:
			return cmdline_bad_option(err, "merge", argc, argv, c);
		}
	}
	if (!central_path)
		return ky_error_set(err, KY_EUSAGE, "merge: name the central database with --db");
	if (optind >= argc)
		return ky_error_set(err, KY_EUSAGE, "merge: name at least one site database");

	/* Every site must open before CENTRAL is created or touched. */
	for (i = optind; i < argc; i++) {
		struct store *site;
		if ((rc = store_open(argv[i], STORE_READONLY, &site, err)))
			goto out;
		store_close(site);
	}
	if ((rc = store_open(central_path, STORE_CREATE, &central, err)) ||
	    (rc = store_begin(central, err)))
		goto out;
	for (i = optind; i < argc && rc == KY_OK; i++)
		rc = merge_site(central, central_path, argv[i], &counts, err);
	if (rc == KY_OK && strict && counts.conflicts)
		rc = ky_error_set(err, KY_EINPUT, "%ld conflict%s with --strict: nothing merged",
				  counts.conflicts, counts.conflicts == 1 ? "" : "s");
	if (rc == KY_OK)
		rc = store_commit(central, err);
	else
		store_rollback(central);
	if (rc == KY_OK) {
		print_summary(argc - optind, &counts);
		if (counts.conflicts)
			rc = ky_error_set(err, KY_EINPUT, "%ld conflict%s reported above; the rest "
					  "is merged", counts.conflicts,
					  counts.conflicts == 1 ? "" : "s");
	}
out:
	store_close(central);
	if (rc)
		ky_error_prefix(err, "merge");
	return rc;
}

const struct command cmd_merge = {
	.name = "merge",
	.summary = "fold databases collected on several terminals into one (idempotent)",
	.usage =
	"usage: kysely merge --db CENTRAL [--strict] SITE.db...\n"
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
	"  --db CENTRAL   the database to merge into\n"
	"  --strict       any conflict fails the whole merge\n"
	"\n"
	"A summary goes to stderr: merged 3 sites: 120 responses added, 5 already\n"
	"present, 1 conflict\n"
	"\n"
	"Example:\n"
	"  kysely merge --db study.db terminal1.db terminal2.db terminal3.db\n",
	.run = run,
};
