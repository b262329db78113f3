/* store-guard.c - a database file is input, and may be hostile (a site
 * database received for merge, a study db handed over).
 *
 * SQLite runs SQL that the file itself holds: triggers fire on our
 * INSERTs, a view can stand where a table was, a CHECK or an index on an
 * expression calls functions. So every connection is opened DEFENSIVE
 * (no writes to the schema through PRAGMA writable_schema, no
 * journal_mode=OFF tricks) and with trusted_schema OFF (functions with
 * side effects cannot run from the schema), and after open (and
 * migration) the schema must be exactly what kysely's migrations create:
 * same objects, same types, same SQL text. Anything else (a trigger, a
 * view, a table redefined as a view, an extra index) refuses the file
 * before any of it runs on our behalf.
 *
 * The expected schema is not written out twice: the migrations are run
 * once per process on an in-memory database and its sqlite_schema is the
 * reference. The check reads a dozen rows through one statement, so it
 * costs nothing next to a scan.
 *
 * Our own schema calls json_valid() in a CHECK on response.attrs, and
 * SQLite 3.40's JSON functions are not marked innocuous, so an untrusted
 * schema could not even be parsed: the connection gets its own
 * json_valid, innocuous, which accepts what the store writes there (a
 * flat object, attrs.h) and nothing else.
 *
 * store_set_time_limit() bounds the time a connection spends inside
 * SQLite (merge reads site databases it has not made). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store/attrs.h"
#include "store/site-check.h"
#include "store/store-impl.h"
#include "util/mem.h"

/* Views and triggers first: the message names what would have run. */
static const char *const schema_query[] = {
	"SELECT type, name, tbl_name, sql FROM sqlite_schema "
	"ORDER BY type IN ('table', 'index'), name"
};

struct schema_object {
	char *type, *name, *tbl_name, *sql;
};

/* Tables SQLite itself adds when someone runs ANALYZE: data, no code. */
static const struct schema_object sqlite_own[] = {
	{ "table", "sqlite_stat1", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)" },
	{ "table", "sqlite_stat4", "sqlite_stat4",
	  "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)" },
};

/* The reference schema of each version a database may be at (a reader
 * leaves an older one as it is: store.c, STORE_READABLE_FROM), made once. */
#define GUARD_VERSIONS 16
static struct schema_reference {
	struct schema_object *object;
	size_t n;
	bool loaded;
} reference[GUARD_VERSIONS];

static void ignore_key(void *ctx, const char *key)
{
	(void)ctx;
	(void)key;
}

static void attrs_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct attrs_reader *reader = sqlite3_user_data(ctx);
	const char *json = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (!json) {
		sqlite3_result_null(ctx);
		return;
	}
	/* A NUL inside the text would hide what follows it from the reader. */
	sqlite3_result_int(ctx, strlen(json) == (size_t)sqlite3_value_bytes(argv[0]) &&
				attrs_each_key(reader, json, ignore_key, NULL) == 0);
}

static void reader_destroy(void *p)
{
	attrs_reader_release(p);
	free(p);
}

int store_guard_connection(struct store *s, struct ky_error *err)
{
	struct attrs_reader *reader = ky_malloc(sizeof *reader);
	int on;

	attrs_reader_init(reader);
	/* On failure SQLite calls reader_destroy itself. */
	if (sqlite3_create_function_v2(s->db, "json_valid", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				       reader, attrs_valid, NULL, NULL, reader_destroy) != SQLITE_OK)
		return store_db_error(s, err, "cannot define json_valid");

	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK || !on)
		return store_db_error(s, err, "cannot turn on defensive mode");
	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &on) != SQLITE_OK || on)
		return store_db_error(s, err, "cannot turn off trusted_schema");
	return KY_OK;
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const char *text = (const char *)sqlite3_column_text(st, i);
	return text ? ky_strdup(text) : NULL;
}

/* The reference schema at version: the migrations up to it run on an
 * in-memory database. */
static int load_expected(struct schema_reference *ref, int64_t version, struct ky_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = KY_OK;

	if (ref->loaded)
		return KY_OK;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY,
			    NULL) != SQLITE_OK)
		rc = ky_error_set(err, KY_EIO, "cannot build the reference schema: %s",
				  db ? sqlite3_errmsg(db) : "out of memory");
	if (rc == KY_OK && store_migrations_apply(db, version) != SQLITE_OK)
		rc = ky_error_set(err, KY_EIO, "cannot build the reference schema: %s",
				  sqlite3_errmsg(db));
	if (rc == KY_OK && sqlite3_prepare_v2(db, schema_query[0], -1, &st, NULL) != SQLITE_OK)
		rc = ky_error_set(err, KY_EIO, "cannot read the reference schema: %s",
				  sqlite3_errmsg(db));
	while (rc == KY_OK && sqlite3_step(st) == SQLITE_ROW) {
		struct schema_object *o;
		ref->object = ky_reallocarray(ref->object, ref->n + 1, sizeof *ref->object);
		o = &ref->object[ref->n++];
		o->type = column_dup(st, 0);
		o->name = column_dup(st, 1);
		o->tbl_name = column_dup(st, 2);
		o->sql = column_dup(st, 3);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	ref->loaded = rc == KY_OK;
	return rc;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static const struct schema_object *find_object(const struct schema_object *list, size_t n,
					       const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (name && !strcmp(list[i].name, name))
			return &list[i];
	return NULL;
}

/* KY_OK when the row is one of the reference objects, as it is there;
 * *matched counts the reference objects seen. */
static int check_row(struct store *s, const struct schema_reference *ref, sqlite3_stmt *st,
		     size_t *matched, struct ky_error *err)
{
	const char *type = (const char *)sqlite3_column_text(st, 0);
	const char *name = (const char *)sqlite3_column_text(st, 1);
	const struct schema_object *want = find_object(ref->object, ref->n, name);
	char shown[SITE_SHOWN_LEN], shown_type[SITE_SHOWN_LEN];

	if (!want)
		want = find_object(sqlite_own, sizeof sqlite_own / sizeof sqlite_own[0], name);
	else
		(*matched)++;
	site_check_shown(name, shown, sizeof shown);
	site_check_shown(type, shown_type, sizeof shown_type);
	if (!want)
		return ky_error_set(err, KY_EINPUT, "%s: not a kysely database: it holds %s '%s', "
				    "which kysely does not create; refusing to use it", s->path,
				    shown_type, shown);
	if (!same_text(type, want->type))
		return ky_error_set(err, KY_EINPUT, "%s: not a kysely database: '%s' is a %s, "
				    "not a %s; refusing to use it", s->path, shown, shown_type,
				    want->type);
	if (!same_text((const char *)sqlite3_column_text(st, 2), want->tbl_name) ||
	    !same_text((const char *)sqlite3_column_text(st, 3), want->sql))
		return ky_error_set(err, KY_EINPUT, "%s: not a kysely database: %s '%s' differs "
				    "from kysely's definition; refusing to use it", s->path,
				    shown_type, shown);
	return KY_OK;
}

/* Reads the schema: KY_OK when every object is a reference one, as it
 * is there (*matched counts them); KY_EINPUT naming the first that is not. */
static int compare_schema(struct store *s, const struct schema_reference *ref, size_t *matched,
			  struct ky_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = KY_OK, step = SQLITE_DONE;

	*matched = 0;
	if (sqlite3_prepare_v2(s->db, schema_query[0], -1, &st, NULL) != SQLITE_OK)
		return store_db_error(s, err, "cannot read the schema");
	while (rc == KY_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = check_row(s, ref, st, matched, err);
	if (rc == KY_OK && step != SQLITE_DONE)
		rc = store_db_error(s, err, "cannot read the schema");
	sqlite3_finalize(st);
	return rc;
}

/* The schema version the database says it is at (checked against the
 * versions kysely knows before this runs). */
static int user_version(struct store *s, int64_t *version, struct ky_error *err)
{
	sqlite3_stmt *st = NULL;
	int step;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return store_db_error(s, err, "cannot read the schema version");
	step = sqlite3_step(st);
	*version = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (*version < 0 || *version >= GUARD_VERSIONS)
		return store_db_error(s, err, "cannot read the schema version");
	return KY_OK;
}

int store_check_schema(struct store *s, struct ky_error *err)
{
	struct schema_reference *ref;
	int64_t version = 0;
	size_t matched;
	int rc;

	if ((rc = user_version(s, &version, err)))
		return rc;
	ref = &reference[version];
	if (load_expected(ref, version, err))
		return KY_EIO;
	if ((rc = compare_schema(s, ref, &matched, err)))
		return rc;
	/* Names are unique in sqlite_schema: fewer matches, missing objects. */
	if (matched != ref->n)
		return ky_error_set(err, KY_EINPUT, "%s: not a kysely database: %zu of kysely's "
				    "%zu tables and indexes are missing", s->path,
				    ref->n - matched, ref->n);
	return KY_OK;
}

/* ---- time limit ---- */

static double monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int past_deadline(void *ctx)
{
	const struct store *s = ctx;
	return monotonic_now() > s->deadline;
}

/* SQLite calls the handler every this many virtual machine steps of a
 * statement: about 0.1 ms of work, so the clock is read rarely. */
#define PROGRESS_STEPS 10000

void store_set_time_limit(struct store *s, double seconds)
{
	if (seconds <= 0) {
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
		return;
	}
	s->deadline = monotonic_now() + seconds;
	sqlite3_progress_handler(s->db, PROGRESS_STEPS, past_deadline, s);
}

bool store_past_time_limit(const struct store *s)
{
	return s->deadline > 0 && monotonic_now() > s->deadline;
}
