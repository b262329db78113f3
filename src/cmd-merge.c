/* cmd-merge.c - `kysely merge --db CENTRAL SITE.db...`: options, the one
 * transaction over every site (checked first, then merged) and the
 * summary; the work per site is src/merge/ (merge.h says what is kept,
 * refused and why). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "command.h"
#include "merge/merge.h"
#include "store/store.h"
#include "util/mem.h"

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
	struct merge_options opt = { NULL, false, MERGE_DEFAULT_SITE_TIMEOUT };
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
