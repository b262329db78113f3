/* cmd-sync.c - `kysely sync`: pushes a terminal's store to the central
 * PostgreSQL store (store/pg-sync.h has the how, store/pg-schema.c the
 * server's rules). A conflict is reported and counted, the central copy
 * kept, and the exit status is 1, as with merge. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "command.h"
#include <libpq-fe.h>
#include "store/pg-conn.h"
#include "store/pg-sync.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/mem.h"

#define DEFAULT_BATCH 1000

struct sync_options {
	const char *db, *to;
	long batch;
	bool init;
};

#define SO struct sync_options
static const struct cmdline_option sync_option_rows[] = {
	CMDLINE_OPT_STRING(0, "db", SO, db, "LOCAL.db", "the terminal's database"),
	CMDLINE_OPT_STRING(0, "to", SO, to, "URI", "the central store"),
	CMDLINE_OPT_LONG(0, "batch", SO, batch, 1, 1000000, "N",
			 "respondents per transaction (default 1000)"),
	CMDLINE_OPT_FLAG(0, "init", SO, init,
			 "only create or upgrade the central schema and the roles\n"
			 "kysely_sync and kysely_read (run once, as the owner)"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const sync_tables[] = { sync_option_rows, NULL };

static int check_options(const struct sync_options *o, struct ky_error *err)
{
	if (!o->to)
		return ky_error_set(err, KY_EUSAGE, "sync: name the central store with --to URI");
	if (!pg_is_uri(o->to))
		return ky_error_set(err, KY_EUSAGE, "sync: --to takes a postgresql:// URI");
	if (!o->db && !o->init)
		return ky_error_set(err, KY_EUSAGE, "sync: name the terminal's database with --db");
	if (o->db && pg_is_uri(o->db))
		return ky_error_set(err, KY_EUSAGE, "sync: --db is the terminal's SQLite file");
	return KY_OK;
}

/* -1 when the usage was asked for (and printed). */
static int parse_options(int argc, char **argv, struct sync_options *o, struct ky_error *err)
{
	void *const bases[] = { o };
	struct cmdline cl;
	int rc = command_parse(&cmd_sync, bases, &cl, argc, argv, err);

	if (!rc && cl.help)
		rc = -1;
	else if (!rc && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "sync: unexpected argument '%s'", cl.args[0]);
	cmdline_release(&cl);
	return rc ? rc : check_options(o, err);
}

/* --init: the schema only, as its owner, before terminals push. */
static int init_only(const char *uri, struct ky_error *err)
{
	char *display = pg_display_uri(uri);
	PGconn *conn = NULL;
	int rc = pg_connect(uri, &conn, err);

	if (!rc)
		rc = pg_schema_migrate(conn, display, err);
	if (!rc)
		ky_say("kysely: sync: %s: the central store is ready", display);
	PQfinish(conn);
	free(display);
	return rc;
}

static void print_summary(const char *uri, const struct pg_sync_counts *c)
{
	char *display = pg_display_uri(uri);
	ky_say("kysely: sync: %s: %ld added, %ld already present, %ld replaced, %ld conflict%s",
	       display, c->added, c->present, c->replaced, c->conflicts,
	       c->conflicts == 1 ? "" : "s");
	free(display);
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct sync_options o = { NULL, NULL, DEFAULT_BATCH, false };
	struct pg_sync_counts counts = { 0, 0, 0, 0, 0 };
	struct store *local = NULL;
	int rc;

	if ((rc = parse_options(argc, argv, &o, err)))
		return rc < 0 ? KY_OK : rc;
	if (o.init && !o.db)
		rc = init_only(o.to, err);
	else if (!(rc = store_open(o.db, 0, &local, err)))
		rc = pg_sync(local, o.db, o.to, o.batch, &counts, err);
	store_close(local);
	if (rc == KY_OK && o.db)
		print_summary(o.to, &counts);
	if (rc == KY_OK && counts.conflicts)
		rc = ky_error_set(err, KY_EINPUT, "%ld conflict%s reported above; the rest is "
				  "synced", counts.conflicts, counts.conflicts == 1 ? "" : "s");
	if (rc)
		ky_error_prefix(err, "sync");
	return rc;
}

const struct command cmd_sync = {
	.name = "sync",
	.summary = "push a terminal's responses to the central PostgreSQL store",
	.usage =
	"usage: kysely sync --db LOCAL.db --to postgresql://[USER@]HOST[:PORT]/DBNAME[?...]\n"
	"                   [--batch N]\n"
	"       kysely sync --to URI --init\n"
	"\n"
	"Sends the forms and the respondents of LOCAL.db that are new or changed\n"
	"since its last sync to URI with merge's rules: a respondent id the central\n"
	"store lacks is added; an identical copy adds nothing, so syncing twice\n"
	"changes nothing; a copy with different answers is a conflict: it is\n"
	"reported, the central copy is kept (and the conflict recorded there), the\n"
	"rest is synced and the exit status is 1. A central copy that is partial\n"
	"is replaced by one that is complete or was answered later. The answer\n"
	"log of each respondent added or replaced comes along.\n"
	"\n"
	"Each batch is one transaction on the server; LOCAL.db remembers how far\n"
	"the server has committed, so a sync cut off (network, power, kill) is\n"
	"simply run again. Many terminals may sync at once. The central schema is\n"
	"created or upgraded when needed (which takes its owner's rights).\n"
	"\n"
	"URI is libpq's: the password comes from ~/.pgpass (PGPASSFILE) or a\n"
	"service file (PGSERVICE, ?service=NAME), TLS from ?sslmode=verify-full.\n"
	"A URI holding a password is refused.\n",
	.options = sync_tables,
	.notes =
	"A summary goes to stderr: 120 added, 5 already present, 0 replaced,\n"
	"1 conflict\n"
	"\n"
	"Example:\n"
	"  kysely sync --db terminal.db --to 'postgresql://oulu@study.example.org/study?sslmode=verify-full'\n",
	.run = run,
};
