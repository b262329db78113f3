/* store.c - the SQLite database (store.h): the connection, the schema and
 * its migrations, the prepared statements, transactions and forms; the
 * responses are in store-response.c.
 *
 * Choices and why:
 *
 * - One row per response with the answers in one record blob (record.h):
 *   collect writes one small UPDATE per answer, analysis scans a million
 *   rows without a join.
 * - Respondent attributes (weight, stratum, cluster...) are a flat JSON
 *   object of strings in response.attrs (attrs.h), keys sorted and empty
 *   values left out; the idempotency check compares the text. store_scan()
 *   reads the attributes it is asked for from that text in C (attrs.c).
 *   Measured on 200k rows: json_extract(attrs, ?) costs about 0.2 s per
 *   million rows per attribute, as much as reading the rows themselves,
 *   so 3 attributes would have made a 1M scan take over a second; the C
 *   reader adds a few percent. A separate attribute table would need a
 *   join or a second cursor per scan.
 * - The names of the attributes of a form are kept in form_attr, so that
 *   export and analysis list them without reading every response; an
 *   attribute empty for a respondent is absent from its object, but its
 *   column survives in form_attr. store_put_response() registers the keys
 *   it has not seen in the previous call (cheap for bulk imports, where
 *   every row has the same keys).
 * - PRAGMA synchronous=FULL in WAL mode: each commit (each answer in
 *   collect) is on disk before the call returns, even across a power cut
 *   of a terminal; NORMAL would only survive an application crash. At
 *   human answering speed the one fsync per answer costs nothing, and
 *   bulk paths commit once.
 * - Every statement is prepared once per connection, on first use, with
 *   SQLITE_PREPARE_PERSISTENT, and reset after each use.
 * - Schema migrations: PRAGMA user_version is the schema version; each
 *   migration runs in one BEGIN IMMEDIATE transaction that reads the
 *   version again under the lock (several terminals may open a new file
 *   at once) and records itself in the migration table. A database newer
 *   than this program is refused.
 * - Opening a new file from many processes at once: the busy timeout is
 *   set before any statement, the switch to WAL is retried while another
 *   connection holds the lock it needs (switch_to_wal), and the schema is
 *   created under BEGIN IMMEDIATE; tests/unit/test-store-race checks it. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "io/safe-output.h"
#include "form/xlsform.h"
#include "store/pg-conn.h"
#include "store/pg-fetch.h"
#include "store/sha256.h"
#include "store/store-impl.h"
#include "util/mem.h"

/* PRAGMA application_id: "KYSL", so `file` and we can tell our databases. */
#define STORE_APPLICATION_ID 0x4B59534C
#define STORE_BUSY_TIMEOUT_MS 10000

/* Migrations, in order: migrations[i] takes user_version i to i + 1. The
 * SQL is constant text; the PRAGMA at its end cannot take a parameter. */
static const char *const migrations[] = {
	/* 1: everything. */
	"PRAGMA application_id = 1264145228;\n"   /* STORE_APPLICATION_ID */
	"CREATE TABLE migration (\n"
	"  version INTEGER PRIMARY KEY,\n"
	"  applied TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE form (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  form_id TEXT NOT NULL,\n"
	"  version TEXT NOT NULL,\n"        /* '' when the form has none */
	"  title TEXT,\n"
	"  definition TEXT NOT NULL,\n"     /* canonical one-file XLSForm */
	"  sha TEXT NOT NULL,\n"            /* SHA-256 of definition */
	"  created TEXT NOT NULL,\n"
	"  UNIQUE (form_id, version)\n"
	");\n"
	"CREATE TABLE response (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  form INTEGER NOT NULL REFERENCES form(id),\n"
	"  uuid TEXT NOT NULL UNIQUE,\n"
	"  status TEXT NOT NULL CHECK (status IN ('complete', 'partial')),\n"
	"  started TEXT,\n"
	"  completed TEXT,\n"
	"  lang TEXT,\n"
	"  answers BLOB NOT NULL,\n"
	"  attrs TEXT CHECK (attrs IS NULL OR json_valid(attrs)),\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX response_form ON response(form, id);\n"
	"CREATE TABLE form_attr (\n"
	"  form INTEGER NOT NULL REFERENCES form(id),\n"
	"  name TEXT NOT NULL,\n"
	"  PRIMARY KEY (form, name)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE answer_log (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  response INTEGER NOT NULL REFERENCES response(id),\n"
	"  slot INTEGER NOT NULL,\n"
	"  value TEXT,\n"                   /* NULL: the answer was cleared */
	"  answered_at TEXT NOT NULL\n"     /* UTC, milliseconds */
	");\n"
	"CREATE INDEX answer_log_response ON answer_log(response);\n"
	"PRAGMA user_version = 1;\n",
	/* 2: the log of erasures (kysely erase, kysely purge): when, what kind,
	 * which respondent or cut-off, how many rows; never answer content. */
	"CREATE TABLE erasure (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  erased_at TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('erase', 'purge')),\n"
	"  respondent TEXT,\n"             /* erase: the respondent's id */
	"  cutoff TEXT,\n"                 /* purge: collected before this */
	"  responses INTEGER NOT NULL,\n"
	"  log_rows INTEGER NOT NULL\n"
	");\n"
	"PRAGMA user_version = 2;\n",
	/* 3: paradata (store-paradata.h): one row per screen a respondent saw
	 * in collect, written apart from the answers' transactions; removed
	 * with the response (erase, purge). */
	"CREATE TABLE screen_visit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  response INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,\n"
	"  question INTEGER NOT NULL,\n"    /* index of the question in the form */
	"  entered_at TEXT NOT NULL,\n"     /* UTC, milliseconds */
	"  seconds REAL NOT NULL,\n"        /* on the screen, monotonic clock */
	"  back INTEGER NOT NULL\n"         /* 1: reached by stepping back */
	");\n"
	"CREATE INDEX screen_visit_response ON screen_visit(response);\n"
	"PRAGMA user_version = 3;\n",
	/* 4: how far kysely sync has pushed this store to each central store
	 * (store-sync.c): the (updated, id) of the last response sent. */
	"CREATE TABLE sync_state (\n"
	"  target TEXT PRIMARY KEY,\n"      /* the central store's URI, no password */
	"  last_updated TEXT NOT NULL,\n"
	"  last_id INTEGER NOT NULL,\n"
	"  synced_at TEXT NOT NULL\n"
	");\n"
	/* sync reads what changed since its mark in this order */
	"CREATE INDEX response_updated ON response(updated, id);\n"
	"PRAGMA user_version = 4;\n",
	/* 5: the instances of a form's repeats (store-repeat.c): one row per
	 * instance with its answers as a record of the form's slots, like the
	 * response's own; removed with the response or the parent instance. */
	"CREATE TABLE repeat_instance (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  response INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,\n"
	"  parent INTEGER REFERENCES repeat_instance(id) ON DELETE CASCADE,\n"
	"  repeat TEXT NOT NULL,\n"        /* the repeat's name */
	"  position INTEGER NOT NULL CHECK (position >= 1),\n"
	"  answers BLOB NOT NULL\n"
	");\n"
	"CREATE INDEX repeat_instance_response ON repeat_instance(response, id);\n"
	"CREATE INDEX repeat_instance_parent ON repeat_instance(parent);\n"
	"PRAGMA user_version = 5;\n",
};
#define STORE_SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))
/* The oldest schema a read-only connection reads as it is. */
#define STORE_READABLE_FROM 1

int store_migrations_apply(sqlite3 *db, int64_t version)
{
	int i, rc = SQLITE_OK;
	for (i = 0; i < STORE_SCHEMA_VERSION && i < version && rc == SQLITE_OK; i++)
		rc = sqlite3_exec(db, migrations[i], NULL, NULL, NULL);
	return rc;
}

static const char *const stmt_sql[ST_COUNT_] = {
	/* IMMEDIATE: take the write lock up front, so that a writer never
	 * has to upgrade a read lock (which could only fail with BUSY). */
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* one statement, so the three values come from one snapshot: a terminal
	 * creating the schema at the same moment cannot be seen half done */
	[ST_TABLE_COUNT] = "SELECT count(*), (SELECT application_id FROM pragma_application_id),"
			   " (SELECT user_version FROM pragma_user_version) FROM sqlite_schema",
	[ST_MIGRATION_LOG] = "INSERT INTO migration(version, applied) VALUES (?1, ?2)",
	[ST_FORM_FIND] = "SELECT id, definition FROM form WHERE form_id = ?1 AND version = ?2",
	[ST_FORM_INSERT] = "INSERT INTO form(form_id, version, title, definition, sha, created) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_FORM_LIST] = "SELECT id, form_id, version, definition FROM form ORDER BY id",
	[ST_FORM_ROWS] = "SELECT id, form_id, version, title, sha, created, definition "
			 "FROM form ORDER BY id",
	[ST_RESP_INSERT] = "INSERT INTO response(form, uuid, status, started, completed, lang, "
			   "answers, attrs, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
			   "ON CONFLICT (uuid) DO NOTHING",
	[ST_RESP_SAME] = "SELECT form = ?1 AND status IS ?3 AND started IS ?4 AND completed IS ?5 "
			 "AND lang IS ?6 AND answers = ?7 AND attrs IS ?8 FROM response WHERE uuid = ?2",
	[ST_RESP_REPLACE] = "UPDATE response SET form = ?1, status = ?3, started = ?4, "
			    "completed = ?5, lang = ?6, answers = ?7, attrs = ?8, updated = ?9 "
			    "WHERE uuid = ?2",
	[ST_ATTR_ADD] = "INSERT OR IGNORE INTO form_attr(form, name) VALUES (?1, ?2)",
	[ST_RESP_START] = "INSERT INTO response(form, uuid, status, started, lang, answers, updated, "
			  "attrs) VALUES (?1, ?2, 'partial', ?3, ?4, x'', ?5, ?6)",
	[ST_RESP_ANSWERS] = "SELECT answers FROM response WHERE id = ?1",
	[ST_RESP_SET_ANSWERS] = "UPDATE response SET answers = ?2, updated = ?3 WHERE id = ?1",
	[ST_LOG_INSERT] = "INSERT INTO answer_log(response, slot, value, answered_at) "
			  "VALUES (?1, ?2, ?3, ?4)",
	[ST_RESP_SET_LANG] = "UPDATE response SET lang = ?2, updated = ?3 WHERE id = ?1",
	[ST_RESP_FINISH] = "UPDATE response SET status = 'complete', completed = ?2, updated = ?3 "
			   "WHERE id = ?1",
	[ST_RESP_GET] = "SELECT id, uuid, status, started, completed, lang, answers, attrs "
			"FROM response WHERE uuid = ?1",
	[ST_LIST_PARTIAL] = "SELECT uuid FROM response WHERE form = ?1 AND status = 'partial' "
			    "ORDER BY updated DESC, id DESC",
	/* +form: read the table in id order rather than through the index,
	 * which would cost a second b-tree lookup per row. */
	[ST_SCAN] = "SELECT uuid, status, started, completed, lang, answers, attrs, id "
		    "FROM response WHERE +form = ?1 ORDER BY id",
	/* one block of analyze's threaded scan (store_scan_range): a range of
	 * the table's own ids, found by its b-tree */
	[ST_SCAN_RANGE] = "SELECT uuid, status, started, completed, lang, answers, attrs, id "
			  "FROM response WHERE +form = ?1 AND id >= ?2 AND id < ?3 ORDER BY id",
	/* one aggregate a subquery: min(id), max(id) together would walk the
	 * whole index rather than look at its two ends */
	[ST_ID_RANGE] = "SELECT (SELECT min(id) FROM response WHERE form = ?1), "
			"(SELECT max(id) FROM response WHERE form = ?1)",
	[ST_ATTR_NAMES] = "SELECT name FROM form_attr WHERE form = ?1 ORDER BY name",
	[ST_COUNT] = "SELECT count(*) FROM response WHERE form = ?1",
	[ST_UUID_OF] = "SELECT uuid FROM response WHERE id = ?1",
	/* the dates as store_summary's comment says; min and max of text
	 * compare bytes, as strcmp */
	[ST_SUMMARY] = "SELECT count(*), count(CASE WHEN status = 'complete' THEN 1 END), "
		       "min(nullif(substr(started, 1, 10), '')), "
		       "max(nullif(substr(CASE WHEN completed <> '' THEN completed "
		       "ELSE started END, 1, 10), '')) FROM response WHERE form = ?1",
	[ST_LOG_SCAN] = "SELECT l.slot, l.value, l.answered_at FROM answer_log AS l "
			"JOIN response AS r ON r.id = l.response WHERE r.uuid = ?1 ORDER BY l.id",
	/* Idempotent without a schema change: an exact copy of a row already
	 * logged for the respondent is not added again (the lookup uses the
	 * answer_log_response index). */
	[ST_LOG_PUT] = "INSERT INTO answer_log(response, slot, value, answered_at) "
		       "SELECT r.id, ?2, ?3, ?4 FROM response AS r WHERE r.uuid = ?1 "
		       "AND NOT EXISTS (SELECT 1 FROM answer_log AS l WHERE l.response = r.id "
		       "AND l.slot = ?2 AND l.value IS ?3 AND l.answered_at = ?4)",
	/* The TEMP table of store-import.c, which creates it before first use.
	 * The WHERE before ON CONFLICT is what SQLite needs to parse an
	 * upsert of a SELECT. */
	/* by the response's id: store-import.c looks the uuid up once */
	[ST_SEEN_ID] = "SELECT id FROM main.response WHERE uuid = ?1",
	[ST_SEEN_ADD] = "INSERT INTO temp.import_seen(response, line) VALUES (?1, ?2) "
			"ON CONFLICT (response) DO NOTHING",
	[ST_SEEN_LINE] = "SELECT line FROM temp.import_seen WHERE response = ?1",
	[ST_INST_ADD] = "INSERT INTO repeat_instance(response, parent, repeat, position, answers) "
			"VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_INST_ANSWERS] = "SELECT answers, response FROM repeat_instance WHERE id = ?1",
	[ST_INST_SET_ANSWERS] = "UPDATE repeat_instance SET answers = ?2 WHERE id = ?1",
	[ST_INST_PLACE] = "SELECT response, parent, repeat, position FROM repeat_instance WHERE id = ?1",
	[ST_INST_DELETE] = "DELETE FROM repeat_instance WHERE id = ?1",
	[ST_INST_SHIFT] = "UPDATE repeat_instance SET position = position - 1 WHERE response = ?1 "
			  "AND parent IS ?2 AND repeat = ?3 AND position > ?4",
	[ST_INST_LIST] = "SELECT id, parent, repeat, position, answers FROM repeat_instance "
			 "WHERE response = ?1 ORDER BY id",
	[ST_INST_CLEAR] = "DELETE FROM repeat_instance WHERE response = ?1",
	[ST_INST_TOUCH] = "UPDATE response SET updated = ?2 WHERE id = ?1",
	/* every instance of a form's responses, a response's together and in
	 * id order (parents first): response_form gives the responses in id
	 * order, repeat_instance_response their instances in id order, so no
	 * sort (ordering by i.response would sort every blob in a temp b-tree) */
	[ST_INST_SCAN] = "SELECT i.response, i.id, i.parent, i.repeat, i.position, i.answers "
			 "FROM response AS r JOIN repeat_instance AS i ON i.response = r.id "
			 "WHERE r.form = ?1 ORDER BY r.id, i.id",
};

/* "DB: what failed: sqlite's message" */
int store_db_error(struct store *s, struct ky_error *err, const char *what)
{
	return ky_error_set(err, KY_EIO, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

/* The statement, prepared on first use; NULL with err filled on failure. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id, struct ky_error *err)
{
	if (!s->stmt[id] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
			       &s->stmt[id], NULL) != SQLITE_OK) {
		store_db_error(s, err, "cannot prepare a statement");
		s->stmt[id] = NULL;
	}
	return s->stmt[id];
}

void store_stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Binding helpers: they return the first failure so that a chain of
 * binds can be checked once. */
int store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int store_bind_blob(sqlite3_stmt *st, int i, const void *data, size_t len)
{
	/* A zero-length blob, not NULL: the column is NOT NULL. */
	return sqlite3_bind_blob64(st, i, data ? data : "", len, SQLITE_STATIC);
}

/* Runs a statement that returns no rows (or whose rows are not wanted). */
int store_stmt_run(struct store *s, sqlite3_stmt *st, const char *what, struct ky_error *err)
{
	int rc = sqlite3_step(st);
	store_stmt_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_error(s, err, what);
	return KY_OK;
}

static int run_simple(struct store *s, enum stmt_id id, const char *what, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, id, err);
	return st ? store_stmt_run(s, st, what, err) : KY_EIO;
}

/* Steps st (bound already) to its one row: KY_OK with the row current,
 * NO_ROW when there is none, or KY_EIO; st is reset unless KY_OK. */
int store_step_to_row(struct store *s, sqlite3_stmt *st, const char *what, struct ky_error *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return KY_OK;
	store_stmt_done(st);
	return rc == SQLITE_DONE ? NO_ROW : store_db_error(s, err, what);
}

/* UTC now: "2024-06-01T12:34:56Z", or with milliseconds when millis. */
void store_utc_now(char *buf, size_t len, bool millis)
{
	/* the seconds' text is made once a second: an answer a few
	 * microseconds long should not pay for gmtime and strftime */
	static __thread time_t cached_sec = -1;
	static __thread char cached[32];
	static __thread size_t cached_len;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != cached_sec) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		cached_len = strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
		cached_sec = ts.tv_sec;
	}
	if (len < cached_len + 6) {
		snprintf(buf, len, "%s", cached);
		return;
	}
	memcpy(buf, cached, cached_len);
	char *p = buf + cached_len;
	if (millis) {
		long ms = ts.tv_nsec / 1000000;
		*p++ = '.';
		*p++ = (char)('0' + ms / 100);
		*p++ = (char)('0' + ms / 10 % 10);
		*p++ = (char)('0' + ms % 10);
	}
	*p++ = 'Z';
	*p = '\0';
}

int store_tx_begin(struct store *s, struct ky_error *err)
{
	return run_simple(s, ST_BEGIN, "cannot begin a transaction", err);
}

int store_tx_commit(struct store *s, struct ky_error *err)
{
	return run_simple(s, ST_COMMIT, "cannot commit", err);
}

void store_tx_rollback(struct store *s)
{
	sqlite3_stmt *st;
	struct ky_error ignored;
	/* ROLLBACK fails harmlessly when SQLite already rolled back. */
	attrs_builder_reset(&s->keys_seen);
	store_import_forget(s);
	if (sqlite3_get_autocommit(s->db))
		return;
	st = store_stmt(s, ST_ROLLBACK, &ignored);
	if (st) {
		sqlite3_step(st);
		store_stmt_done(st);
	}
}

/* ---- opening and migrating ---- */

/* The schema's state, read in one statement (one snapshot). */
struct schema_state {
	int64_t n_tables, app_id, version;
};

static int read_schema_state(struct store *s, struct schema_state *out, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_TABLE_COUNT, err);
	int rc;
	if (!st)
		return KY_EIO;
	if ((rc = store_step_to_row(s, st, "cannot read the schema", err)))
		return rc != NO_ROW ? rc : store_db_error(s, err, "cannot read the schema");
	out->n_tables = sqlite3_column_int64(st, 0);
	out->app_id = sqlite3_column_int64(st, 1);
	out->version = sqlite3_column_int64(st, 2);
	store_stmt_done(st);
	return KY_OK;
}

/* KY_OK when the file is ours (or empty) at a version we know. */
static int judge_schema(struct store *s, const struct schema_state *st, struct ky_error *err)
{
	if (st->app_id != STORE_APPLICATION_ID && (st->app_id != 0 || st->n_tables != 0))
		return ky_error_set(err, KY_EINPUT, "%s: not a kysely database", s->path);
	if (st->version > STORE_SCHEMA_VERSION)
		return ky_error_set(err, KY_EIO,
				    "%s: database schema %lld is newer than this kysely knows (%d); "
				    "use a newer kysely", s->path, (long long)st->version,
				    STORE_SCHEMA_VERSION);
	return KY_OK;
}

static int run_migration(struct store *s, int64_t version, struct ky_error *err)
{
	char now[TIMESTAMP_LEN];
	sqlite3_stmt *st;
	char *msg = NULL;
	int rc;

	if (sqlite3_exec(s->db, migrations[version], NULL, NULL, &msg) != SQLITE_OK) {
		rc = ky_error_set(err, KY_EIO, "%s: migration to schema %d failed: %s",
				  s->path, (int)version + 1, msg ? msg : "?");
		sqlite3_free(msg);
		return rc;
	}
	if (!(st = store_stmt(s, ST_MIGRATION_LOG, err)))
		return KY_EIO;
	store_utc_now(now, sizeof now, true);
	if (sqlite3_bind_int64(st, 1, version + 1) || store_bind_text(st, 2, now)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return store_stmt_run(s, st, "cannot record a migration", err);
}

/* Under the write lock (BEGIN IMMEDIATE waits for it through the busy
 * handler), the state is read and judged again: another terminal may
 * have created or migrated the file since we looked, and then there is
 * nothing left to do. */
static int migrate(struct store *s, struct ky_error *err)
{
	struct schema_state state;
	int64_t version;
	int rc;

	if ((rc = store_tx_begin(s, err)))
		return rc;
	if ((rc = read_schema_state(s, &state, err)) || (rc = judge_schema(s, &state, err)))
		goto fail;
	for (version = state.version; version < STORE_SCHEMA_VERSION; version++)
		if ((rc = run_migration(s, version, err)))
			goto fail;
	return store_tx_commit(s, err);
fail:
	store_tx_rollback(s);
	return rc;
}

/* Checks that the file is ours and at a version we know; migrates an
 * older (or new, empty) one unless read-only. */
static int check_schema(struct store *s, struct ky_error *err)
{
	struct schema_state state;
	int rc;

	if ((rc = read_schema_state(s, &state, err)) || (rc = judge_schema(s, &state, err)))
		return rc;
	if (state.version == STORE_SCHEMA_VERSION)
		return KY_OK;
	/* Every migration since the first only adds tables that readers do
	 * not read, so a reader need not upgrade a schema it can read. */
	if (s->readonly && state.version >= STORE_READABLE_FROM)
		return KY_OK;
	if (s->readonly)
		return ky_error_set(err, KY_EIO, state.version == 0 ?
				    "%s: empty database (nothing stored yet)" :
				    "%s: database needs an upgrade; open it once for writing "
				    "(e.g. kysely import)", s->path);
	return migrate(s, err);
}

static int exec_pragma(struct store *s, const char *sql, struct ky_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ky_error_set(err, KY_EIO, "%s: cannot open the database: %s", s->path,
			     msg ? msg : sql);
		sqlite3_free(msg);
		return KY_EIO;
	}
	return KY_OK;
}

/* Creates path 0600 when it does not exist: the database holds answers. */
static int create_private_file(const char *path, struct ky_error *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return KY_OK;
		return ky_error_set(err, KY_EIO, "%s: cannot create: %s", path, strerror(errno));
	}
	if (close(fd) != 0)
		return ky_error_set(err, KY_EIO, "%s: cannot create: %s", path, strerror(errno));
	return KY_OK;
}

/* KYSELY_BUSY_TIMEOUT_MS overrides the wait for another process's lock,
 * so that tests of a locked database need not wait ten seconds. */
static int busy_timeout_ms(void)
{
	const char *env = getenv("KYSELY_BUSY_TIMEOUT_MS");
	char *end;
	long ms;

	if (!env || !*env)
		return STORE_BUSY_TIMEOUT_MS;
	ms = strtol(env, &end, 10);
	if (*end || ms < 0 || ms > 3600000)
		return STORE_BUSY_TIMEOUT_MS;
	return (int)ms;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* PRAGMA journal_mode = WAL on a file not yet in WAL rewrites its header:
 * SQLite reads page 1, then upgrades to a write lock. When two
 * connections do this at once, the upgrade of one fails at once with
 * SQLITE_BUSY, without the busy handler (waiting there could deadlock):
 * terminals opening a new file together collide exactly here. SQLite
 * refuses to change into WAL inside a transaction, so the switch cannot
 * be put under BEGIN IMMEDIATE; it is retried instead, until the busy
 * timeout has passed. Once one connection has switched, the others find
 * the header written and only read it. */
static int switch_to_wal(struct store *s, struct ky_error *err)
{
	int64_t deadline = monotonic_ms() + busy_timeout_ms();
	int pause_ms = 1;

	for (;;) {
		char *msg = NULL;
		int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, &msg);
		if (rc == SQLITE_OK)
			return KY_OK;
		if ((rc & 0xff) != SQLITE_BUSY || monotonic_ms() >= deadline) {
			ky_error_set(err, KY_EIO, "%s: cannot open the database: %s", s->path,
				     msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			return KY_EIO;
		}
		sqlite3_free(msg);
		sqlite3_sleep(pause_ms);
		pause_ms = pause_ms < 32 ? pause_ms * 2 : 32;
	}
}

static int open_connection(struct store *s, int flags, struct ky_error *err)
{
	int rc;

	(void)flags;
	/* NOMUTEX: a connection is used by one thread; SQLite's own locking
	 * of it would cost a mutex round trip per row of a scan. */
	if (sqlite3_open_v2(s->path, &s->db,
			    (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (!s->db)
			return ky_error_set(err, KY_EIO, "%s: cannot open: out of memory", s->path);
		return store_db_error(s, err, "cannot open");
	}
	sqlite3_extended_result_codes(s->db, 1);
	if ((rc = store_guard_connection(s, err)))
		return rc;
	if (sqlite3_busy_timeout(s->db, busy_timeout_ms()) != SQLITE_OK)
		return store_db_error(s, err, "cannot set the busy timeout");
	if ((rc = exec_pragma(s, "PRAGMA foreign_keys = ON", err)))
		return rc;
	/* A new file's pages: analyze reads a store page by page, one read()
	 * each, and at 4 KiB those calls were a tenth of a scan; 16 KiB pages
	 * cut them to a quarter (a file that has pages keeps its size: SQLite
	 * ignores this then). A commit writes whole pages to the WAL: a few
	 * times 16 KiB per answer in collect. */
	if (!s->readonly &&
	    ((rc = exec_pragma(s, "PRAGMA page_size = 16384", err)) ||
	     (rc = switch_to_wal(s, err)) ||
	     (rc = exec_pragma(s, "PRAGMA synchronous = FULL", err))))
		return rc;
	/* Writers: mmap spares a page allocation per page read. Readers
	 * (analyze, export) scan each page once, and mapped pages count in
	 * the process's memory (the whole file by the end of a scan: 370 MB
	 * for 1M respondents), while read() costs the same CPU (measured on
	 * analyze of 1M). */
	if (s->readonly)
		rc = exec_pragma(s, "PRAGMA mmap_size = 0", err);
	else
		rc = exec_pragma(s, "PRAGMA mmap_size = 4294967296", err);
	if (rc || (rc = check_schema(s, err)) || (rc = store_check_schema(s, err)))
		return rc;
	/* The page cache once the file's page size is known (a negative
	 * cache_size counts pages of the size at the time it is set, and
	 * SQLite keeps the count when it reads a larger size from the file):
	 * writers' keeps the uuid index of a large import in memory; a
	 * reader's would not be hit again in a scan. */
	if (s->readonly)
		return exec_pragma(s, "PRAGMA cache_size = -2048", err);
	return exec_pragma(s, "PRAGMA cache_size = -65536", err);
}

/* SQLite gives -wal and -shm the main file's mode, but a file left by an
 * older run (or another tool) may not be private: make sure. */
static void make_sidecars_private(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm" };
	size_t i;
	for (i = 0; i < 2; i++) {
		char *side = ky_asprintf("%s%s", path, suffixes[i]);
		chmod(side, 0600);   /* may not exist: nothing to do then */
		free(side);
	}
}

/* The database's owner and mode are checked on a descriptor of our own,
 * before SQLite writes anything: answers never go into a file another
 * user owns (and can read), and the user's own loses group and other
 * bits. A read-only open of another user's database (a site's file to
 * merge, a colleague's study) is left alone. *checked is the file's
 * identity. The descriptor is closed before SQLite opens the file: closing
 * a descriptor of a file drops every POSIX lock the process holds on it,
 * SQLite's included, and a connection without its locks lets another
 * process checkpoint and delete the WAL under it (answers committed after
 * that were lost). */
static int open_checked(const char *path, bool readonly, struct stat *checked,
			struct ky_error *err)
{
	int rc, fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return ky_error_set(err, KY_EIO, "%s: cannot open database: %s", path,
				    strerror(errno));
	rc = safe_output_check_db(fd, path, !readonly, err);
	if (!rc && fstat(fd, checked) != 0)
		rc = ky_error_set(err, KY_EIO, "%s: cannot open database: %s", path,
				  strerror(errno));
	close(fd);
	return rc;
}

/* The name still leads to the file that was checked. */
static int still_checked(const char *path, const struct stat *checked, struct ky_error *err)
{
	struct stat named;

	if (stat(path, &named) != 0 ||
	    named.st_dev != checked->st_dev || named.st_ino != checked->st_ino)
		return ky_error_set(err, KY_EIO, "%s: the database was replaced while it was "
				    "opened; refusing to use it", path);
	return KY_OK;
}

int store_open(const char *path, int flags, struct store **out, struct ky_error *err)
{
	struct store *s;
	struct stat st, checked;
	mode_t old_umask;
	int rc;

	*out = NULL;
	/* the central store: read through a private SQLite copy */
	if (pg_is_uri(path))
		return pg_store_open(path, flags, out, err);
	if (stat(path, &st) != 0) {
		if (errno != ENOENT || !(flags & STORE_CREATE) || (flags & STORE_READONLY))
			return ky_error_set(err, KY_EIO, "%s: cannot open database: %s", path,
					    strerror(errno));
		if ((rc = create_private_file(path, err)))
			return rc;
	} else if (S_ISDIR(st.st_mode)) {
		return ky_error_set(err, KY_EIO, "%s: is a directory, not a database", path);
	}
	if ((rc = open_checked(path, flags & STORE_READONLY, &checked, err)))
		return rc;

	/* SQLite's memory statistics take a global mutex on every allocation,
	 * and nothing reads them. This is only possible before SQLite starts:
	 * once it has, SQLITE_MISUSE says so and the statistics stay on,
	 * which costs speed, not correctness. */
	static bool configured;
	if (!configured) {
		int already_started = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		(void)already_started;
		configured = true;
	}
	s = ky_calloc(1, sizeof *s);
	s->path = ky_strdup(path);
	s->readonly = flags & STORE_READONLY;
	/* Whatever files SQLite creates next to the database stay private. */
	old_umask = umask(077);
	rc = open_connection(s, flags, err);
	umask(old_umask);
	if (!rc)
		rc = still_checked(path, &checked, err);
	if (rc) {
		store_close(s);
		return rc;
	}
	if (!s->readonly)
		make_sidecars_private(path);
	*out = s;
	return KY_OK;
}

int store_open_reader(const struct store *s, struct store **out, struct ky_error *err)
{
	*out = NULL;
	if (pg_is_uri(s->path))
		return KY_OK;
	return store_open(s->path, STORE_READONLY, out, err);
}

void store_close(struct store *s)
{
	size_t i;
	if (!s)
		return;
	if (s->in_transaction)
		store_tx_rollback(s);
	for (i = 0; i < ST_COUNT_; i++)
		sqlite3_finalize(s->stmt[i]);
	/* Statements are finalised, so close cannot report "busy". */
	sqlite3_close(s->db);
	attrs_builder_release(&s->keys_seen);
	attrs_builder_release(&s->keys_now);
	attrs_reader_release(&s->reader);
	record_builder_release(&s->answer_record);
	free(s->last_added_uuid);
	free(s->seen_runs);
	free(s->path);
	free(s);
}

/* ---- bulk transactions ---- */

int store_begin(struct store *s, struct ky_error *err)
{
	int rc;
	if (s->in_transaction)
		return ky_error_set(err, KY_EIO, "%s: a transaction is already open", s->path);
	if ((rc = store_tx_begin(s, err)))
		return rc;
	s->in_transaction = true;
	return KY_OK;
}

int store_commit(struct store *s, struct ky_error *err)
{
	int rc;
	if (!s->in_transaction)
		return ky_error_set(err, KY_EIO, "%s: no transaction to commit", s->path);
	rc = store_tx_commit(s, err);
	if (rc)
		store_tx_rollback(s);
	s->in_transaction = false;
	return rc;
}

void store_rollback(struct store *s)
{
	if (!s->in_transaction)
		return;
	store_tx_rollback(s);
	s->in_transaction = false;
}

/* ---- forms ---- */

int store_put_form(struct store *s, const struct form *form, const char *definition,
		   size_t len, int64_t *form_pk, struct ky_error *err)
{
	const char *version = form->version ? form->version : "";
	char sha[SHA256_HEX_LEN + 1], now[TIMESTAMP_LEN];
	sqlite3_stmt *st;
	int rc;

	if (!(st = store_stmt(s, ST_FORM_FIND, err)))
		return KY_EIO;
	if (store_bind_text(st, 1, form->form_id) || store_bind_text(st, 2, version)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *stored = sqlite3_column_blob(st, 1);
		size_t stored_len = (size_t)sqlite3_column_bytes(st, 1);
		bool same = stored_len == len && (len == 0 || !memcmp(stored, definition, len));
		*form_pk = sqlite3_column_int64(st, 0);
		store_stmt_done(st);
		if (!same)
			return ky_error_set(err, KY_EINPUT,
					    "%s: form '%s' version '%s' is already stored with a "
					    "different definition; give the changed form a new version",
					    s->path, form->form_id, version);
		return KY_OK;
	}
	store_stmt_done(st);
	if (rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot look up the form");

	sha256_hex(definition, len, sha);
	store_utc_now(now, sizeof now, false);
	if (!(st = store_stmt(s, ST_FORM_INSERT, err)))
		return KY_EIO;
	if (store_bind_text(st, 1, form->form_id) || store_bind_text(st, 2, version) ||
	    store_bind_text(st, 3, form->title) ||
	    sqlite3_bind_text64(st, 4, definition, len, SQLITE_STATIC, SQLITE_UTF8) ||
	    store_bind_text(st, 5, sha) || store_bind_text(st, 6, now)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, "cannot store the form", err)))
		return rc;
	*form_pk = sqlite3_last_insert_rowid(s->db);
	return KY_OK;
}

static int parse_definition(struct store *s, const char *text, size_t len, const char *form_id,
			    struct form **form, struct ky_error *err)
{
	struct form_diag diag;
	char *name = ky_asprintf("%s:form '%s'", s->path, form_id);
	int rc;

	memset(&diag, 0, sizeof diag);
	rc = xlsform_read_buffer(text, len, name, form, &diag, err);
	if (rc == KY_EINPUT) {
		ky_error_set(err, KY_EIO, "%s: the stored form '%s' does not parse: %s", s->path,
			     form_id, diag.n ? diag.lines[0] : "unknown error");
		rc = KY_EIO;
	}
	form_diag_release(&diag);
	free(name);
	return rc;
}

/* The other form ids a database without --form holds, for the message:
 * a few are named and the scan stops at the next one (a database of
 * 40,000 form ids listed them all, comparing each with the list). */
#define OTHERS_NAMED 8

struct other_forms {
	char *id[OTHERS_NAMED];
	size_t n;
	bool more;
};

/* Notes id; false once more ids than are named have been seen. */
static bool other_note(struct other_forms *o, const char *id)
{
	size_t i;
	for (i = 0; i < o->n; i++)
		if (!strcmp(o->id[i], id))
			return true;
	if (o->n == OTHERS_NAMED) {
		o->more = true;
		return false;
	}
	o->id[o->n++] = ky_strdup(id);
	return true;
}

/* "'a', 'b' and more"; caller frees. */
static char *other_list(const struct other_forms *o)
{
	char *list = ky_strdup(""), *next;
	size_t i;
	for (i = 0; i < o->n; i++) {
		next = ky_asprintf("%s%s'%s'", list, i ? ", " : "", o->id[i]);
		free(list);
		list = next;
	}
	next = ky_asprintf("%s%s", list, o->more ? " and more" : "");
	free(list);
	return next;
}

static void other_release(struct other_forms *o)
{
	while (o->n)
		free(o->id[--o->n]);
}

static int load_form(struct store *s, const char *form_id, int64_t *form_pk,
		     struct form **form, bool warn_older, struct ky_error *err);

int store_load_form(struct store *s, const char *form_id, int64_t *form_pk,
		    struct form **form, struct ky_error *err)
{
	return load_form(s, form_id, form_pk, form, true, err);
}

int store_load_form_newest(struct store *s, const char *form_id, int64_t *form_pk,
			   struct form **form, struct ky_error *err)
{
	return load_form(s, form_id, form_pk, form, false, err);
}

static int load_form(struct store *s, const char *form_id, int64_t *form_pk,
		     struct form **form, bool warn_older, struct ky_error *err)
{
	char *found_id = NULL, *definition = NULL, *others = NULL, *version = NULL;
	struct other_forms other = { { NULL }, 0, false };
	size_t definition_len = 0, n_older = 0;
	sqlite3_stmt *st;
	int64_t pk = 0;
	int rc;

	*form = NULL;
	if (!(st = store_stmt(s, ST_FORM_LIST, err)))
		return KY_EIO;
	/* The latest version of the form wins: ids grow with time. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1);
		if (!id || (form_id && strcmp(id, form_id)))
			continue;
		if (!form_id && found_id && strcmp(found_id, id)) {
			if (!other_note(&other, id))
				break;
			continue;
		}
		if (found_id)
			n_older++;
		free(found_id);
		free(definition);
		free(version);
		pk = sqlite3_column_int64(st, 0);
		found_id = ky_strdup(id);
		version = ky_strdup((const char *)sqlite3_column_text(st, 2));
		definition_len = (size_t)sqlite3_column_bytes(st, 3);
		definition = ky_malloc(definition_len + 1);
		memcpy(definition, sqlite3_column_blob(st, 3), definition_len);
		definition[definition_len] = '\0';
	}
	store_stmt_done(st);
	if (other.n)
		others = other_list(&other);
	other_release(&other);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		rc = store_db_error(s, err, "cannot list the forms");
	else if (!found_id && form_id)
		rc = ky_error_set(err, KY_EUSAGE, "%s: no form '%s' in the database", s->path, form_id);
	else if (!found_id)
		rc = ky_error_set(err, KY_EUSAGE, "%s: no form in the database yet", s->path);
	else if (others)
		rc = ky_error_set(err, KY_EUSAGE,
				  "%s: the database holds several forms ('%s', %s); choose one with --form",
				  s->path, found_id, others);
	else
		rc = parse_definition(s, definition, definition_len, found_id, form, err);
	if (rc == KY_OK && form_pk)
		*form_pk = pk;
	/* Records of another version have another slot layout: they are not
	 * read with this one, and the user should know. */
	if (rc == KY_OK && n_older && warn_older)
		ky_warn("%s: form '%s' has %zu older version%s stored; only the responses to "
			"version '%s' are used", s->path, found_id, n_older,
			n_older == 1 ? "" : "s", version);
	free(found_id);
	free(definition);
	free(version);
	free(others);
	return rc;
}

int store_forms(struct store *s, store_forms_fn fn, void *ctx, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_FORM_ROWS, err);
	struct store_form_row f;
	int rc, stop = 0;

	if (!st)
		return KY_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.pk = sqlite3_column_int64(st, 0);
		f.form_id = (const char *)sqlite3_column_text(st, 1);
		f.version = (const char *)sqlite3_column_text(st, 2);
		f.title = (const char *)sqlite3_column_text(st, 3);
		f.sha = (const char *)sqlite3_column_text(st, 4);
		f.created = (const char *)sqlite3_column_text(st, 5);
		f.definition = (const char *)sqlite3_column_text(st, 6);
		f.definition_len = (size_t)sqlite3_column_bytes(st, 6);
		if ((stop = fn(ctx, &f)))
			break;
	}
	store_stmt_done(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? KY_OK : store_db_error(s, err, "cannot list the forms");
}
