/* cmd-erase.c - `kysely erase` (one respondent, on request) and `kysely
 * purge` (everyone collected before a date, when the retention period
 * ends).
 *
 * Both remove responses with their answer log through store-erase.c, which
 * records each removal in the database's erasure log without content and
 * leaves no copy in free pages or the WAL; both then run SQLite's
 * integrity check. Neither prints a respondent's id: ids may be whatever
 * an import brought, and the terminal and logs are no place for them. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "command.h"
#include "form/form.h"
#include "store/store.h"
#include "util/mem.h"

struct erase_options {
	const char *db, *before;
	const char **respondents;
	size_t n_respondents;
	bool dry_run;
};

static int add_respondent(void *base, const char *value, struct ky_error *err)
{
	struct erase_options *o = base;
	(void)err;
	o->respondents = ky_reallocarray(o->respondents, o->n_respondents + 1,
					 sizeof *o->respondents);
	o->respondents[o->n_respondents++] = value;
	return KY_OK;
}

#define EO struct erase_options
static const struct cmdline_option erase_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", EO, db, "DB", "the database"),
	CMDLINE_OPT_CALL(0, "respondent", add_respondent, "ID",
			 "the respondent to remove (repeatable); with an unknown\n"
			 "id nothing is removed (exit 1)"),
	CMDLINE_OPT_FLAG(0, "dry-run", EO, dry_run, "count what would be removed, remove nothing"),
	CMDLINE_OPT_END
};

static const struct cmdline_option purge_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", EO, db, "DB", "the database"),
	CMDLINE_OPT_STRING(0, "before", EO, before, "YYYY-MM-DD",
			   "remove what was collected before this day"),
	CMDLINE_OPT_FLAG(0, "dry-run", EO, dry_run, "count what would be removed, remove nothing"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const erase_tables[] = { erase_options, NULL };
static const struct cmdline_option *const purge_tables[] = { purge_options, NULL };

static int parse(const struct command *cmd, int argc, char **argv, struct erase_options *o,
		 bool *help, struct ky_error *err)
{
	void *const bases[] = { o };
	struct cmdline cl;
	int rc = command_parse(cmd, bases, &cl, argc, argv, err);

	*help = cl.help;
	if (!rc && !cl.help && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "%s: unexpected argument '%s' (see 'kysely %s --help')",
				  cmd->name, cl.args[0], cmd->name);
	cmdline_release(&cl);
	return rc;
}

/* Today's date in UTC, YYYY-MM-DD. */
static void utc_today(char buf[11])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

static int check_cutoff(const char *before, struct ky_error *err)
{
	char today[11];

	if (!before)
		return ky_error_set(err, KY_EUSAGE, "purge: name the cut-off date with --before YYYY-MM-DD");
	if (!form_is_date(before))
		return ky_error_set(err, KY_EUSAGE, "purge: --before: not a date YYYY-MM-DD");
	utc_today(today);
	/* A retention period ends in the past: a date after today would
	 * remove what is still being collected. */
	if (strcmp(before, today) > 0)
		return ky_error_set(err, KY_EUSAGE, "purge: --before %s is after today (%s)",
				    before, today);
	return KY_OK;
}

/* The closing check, and the one line that says what happened. */
static int report(struct store *s, const char *what, const struct store_erasure *total,
		  bool dry_run, struct ky_error *err)
{
	int rc;

	if (dry_run) {
		printf("%s would remove %lld respondent%s and %lld logged answer%s (dry run: nothing removed)\n",
		       what, (long long)total->responses, total->responses == 1 ? "" : "s",
		       (long long)total->log_rows, total->log_rows == 1 ? "" : "s");
		return KY_OK;
	}
	if ((rc = store_check_integrity(s, err)))
		return rc;
	printf("%s removed %lld respondent%s and %lld logged answer%s; erasure logged; "
	       "integrity check ok\n", what, (long long)total->responses,
	       total->responses == 1 ? "" : "s", (long long)total->log_rows,
	       total->log_rows == 1 ? "" : "s");
	if (total->responses && !total->wal_truncated)
		ky_warn("%s: another connection is reading the database: the write-ahead "
			"log keeps copies of the removed rows until it closes", what);
	return KY_OK;
}

/* Every id is looked up before anything is removed, so that a mistyped
 * id in a list leaves the database as it was. */
static int erase_all(struct store *s, const struct erase_options *o, struct store_erasure *total,
		     struct ky_error *err)
{
	struct store_erasure one;
	size_t i;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		bool dry_run = pass == 0 || o->dry_run;
		if (pass == 1 && o->dry_run)
			break;
		memset(total, 0, sizeof *total);
		for (i = 0; i < o->n_respondents; i++) {
			if ((rc = store_erase_respondent(s, o->respondents[i], dry_run, &one, err)))
				return rc;
			if (one.responses == 0)
				return ky_error_set(err, KY_EINPUT, "--respondent number %zu: no such "
						    "respondent in %s; nothing removed", i + 1, o->db);
			total->responses += one.responses;
			total->log_rows += one.log_rows;
			total->wal_truncated = one.wal_truncated;
		}
	}
	return KY_OK;
}

static int run_command(const struct command *cmd, int argc, char **argv, struct ky_error *err)
{
	struct erase_options o = { 0 };
	struct store_erasure total = { 0 };
	struct store *s = NULL;
	bool help = false;
	int rc;

	if ((rc = parse(cmd, argc, argv, &o, &help, err)) || help)
		goto out;
	if (cmd == &cmd_erase && o.n_respondents == 0) {
		rc = ky_error_set(err, KY_EUSAGE, "erase: name the respondent with --respondent ID");
		goto out;
	}
	if (cmd == &cmd_purge && (rc = check_cutoff(o.before, err)))
		goto out;
	if ((rc = store_open(o.db, 0, &s, err)))
		goto out;
	if (cmd == &cmd_erase)
		rc = erase_all(s, &o, &total, err);
	else
		rc = store_purge_before(s, o.before, o.dry_run, &total, err);
	if (!rc)
		rc = report(s, cmd->name, &total, o.dry_run, err);
out:
	store_close(s);
	free(o.respondents);
	if (rc && strncmp(err->msg, cmd->name, strlen(cmd->name)) != 0)
		ky_error_prefix(err, "%s", cmd->name);
	return rc;
}

static int run_erase(int argc, char **argv, struct ky_error *err)
{
	return run_command(&cmd_erase, argc, argv, err);
}

static int run_purge(int argc, char **argv, struct ky_error *err)
{
	return run_command(&cmd_purge, argc, argv, err);
}

const struct command cmd_erase = {
	.name = "erase",
	.summary = "remove one respondent and their answer log (a request to erase)",
	.usage =
	"usage: kysely erase --db DB --respondent ID [--respondent ID...] [--dry-run]\n"
	"\n"
	"Removes each respondent (the 'respondent' column of an export) with every\n"
	"answer they gave, their answer log and attributes, in one transaction per\n"
	"respondent. The removed rows are overwritten in the file and the write-ahead\n"
	"log is truncated, so no copy stays behind in DB. The database's erasure log\n"
	"records when and how many rows, and the SHA-256 of the id (so that an\n"
	"erasure can be shown to have happened), never an answer. SQLite's integrity\n"
	"check runs at the end. Copies elsewhere (exports, site databases, backups)\n"
	"are not touched: erase there too.\n",
	.options = erase_tables,
	.notes =
	"Example:\n"
	"  kysely erase --db study.db --respondent 6f1c2a0e-3b1d-4c55-9e0a-2f8d1b7c9a41\n",
	.run = run_erase,
};

const struct command cmd_purge = {
	.name = "purge",
	.summary = "remove every respondent collected before a date (end of retention)",
	.usage =
	"usage: kysely purge --db DB --before YYYY-MM-DD [--dry-run]\n"
	"\n"
	"Removes every respondent collected before the date (UTC): completed\n"
	"before it, or started before it when never completed. Answers, answer\n"
	"log and attributes go in one transaction; the removed rows are\n"
	"overwritten in the file and the write-ahead log is truncated. The\n"
	"erasure log records the date and the counts. A date after today is\n"
	"refused. SQLite's integrity check runs at the end.\n",
	.options = purge_tables,
	.notes =
	"Example (answers may be kept five years):\n"
	"  kysely purge --db study.db --before 2021-12-01 --dry-run\n",
	.run = run_purge,
};
