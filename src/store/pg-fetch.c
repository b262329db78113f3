/* pg-fetch.c - the central store copied into a temporary SQLite store
 * (pg-fetch.h).
 *
 * Binary COPY: a header (signature, flags, extension), then per row a
 * 16-bit field count and per field a 32-bit length (-1 = NULL) and the
 * bytes (big-endian integers, text as UTF-8, bytea raw). Each row is
 * bound to a prepared INSERT with the server's ids, so respondents keep
 * their order. The temporary store is written without a journal or sync:
 * a crash only loses a copy. */
#include "config.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libpq-fe.h>
#include "store/pg-conn.h"
#include "store/pg-fetch.h"
#include "store/store-impl.h"
#include "util/mem.h"

/* One table's copy: the server's query, and the kind of each column:
 * 8 = int8, 4 = int4, t = text, b = bytea; its local insert is the same
 * entry of copy_insert. */
struct table_copy {
	const char *select, *kinds;
	int since;   /* the central schema version that has the table */
};

static const struct table_copy tables[] = {
	{ "COPY (SELECT id, form_id, version, title, definition, sha, created FROM kysely.form "
	  "ORDER BY id) TO STDOUT (FORMAT binary)", "8tttttt", 1 },
	{ "COPY (SELECT form, name FROM kysely.form_attr ORDER BY form, name) "
	  "TO STDOUT (FORMAT binary)", "8t", 1 },
	/* no ORDER BY: the server would sort the whole table; SQLite keys
	 * the rows by id whatever their order, and readers read in id order */
	{ "COPY kysely.response (id, form, uuid, status, started, completed, lang, answers, attrs, "
	  "updated) TO STDOUT (FORMAT binary)", "88tttttbtt", 1 },
	{ "COPY kysely.answer_log (id, response, slot, value, answered_at) TO STDOUT (FORMAT binary)",
	  "884tt", 1 },
	{ "COPY kysely.repeat_instance (id, response, parent, repeat, position, answers) "
	  "TO STDOUT (FORMAT binary)", "888t4b", 2 },
};

static const char *const copy_insert[] = {
	"INSERT INTO form(id, form_id, version, title, definition, sha, created) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"INSERT INTO form_attr(form, name) VALUES (?1, ?2)",
	"INSERT INTO response(id, form, uuid, status, started, completed, lang, answers, attrs, "
	"updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	"INSERT INTO answer_log(id, response, slot, value, answered_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5)",
	"INSERT INTO repeat_instance(id, response, parent, repeat, position, answers) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};
#define N_TABLES (sizeof tables / sizeof tables[0])

static const char copy_signature[11] = "PGCOPY\n\377\r\n";

/* The one copy of this process. */
static char *copy_uri, *copy_dir, *copy_path;

static void remove_copy(void)
{
	static const char *const suffixes[] = { "", "-journal", "-wal", "-shm" };
	size_t i;
	if (!copy_path)
		return;
	for (i = 0; i < 4; i++) {
		char *f = ky_asprintf("%s%s", copy_path, suffixes[i]);
		unlink(f);
		free(f);
	}
	rmdir(copy_dir);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Binds one field; false when the field does not fit its kind. */
static bool bind_field(sqlite3_stmt *st, int i, char kind, const unsigned char *p, int32_t len)
{
	if (len < 0)
		return sqlite3_bind_null(st, i) == SQLITE_OK;
	switch (kind) {
	case '8':
		return len == 8 && sqlite3_bind_int64(st, i, (int64_t)be64(p)) == SQLITE_OK;
	case '4':
		return len == 4 && sqlite3_bind_int64(st, i, (int32_t)be32(p)) == SQLITE_OK;
	case 'b':
		return sqlite3_bind_blob(st, i, len ? (const void *)p : "", len,
					 SQLITE_STATIC) == SQLITE_OK;
	default:
		return sqlite3_bind_text(st, i, (const char *)p, len, SQLITE_STATIC) == SQLITE_OK;
	}
}

/* One row of COPY data (the header skipped before it on the first row):
 * 1 stored, 0 the trailer, -1 malformed or refused by SQLite. */
static int store_row(sqlite3_stmt *st, const char *kinds, const unsigned char *p,
		     const unsigned char *end)
{
	int16_t nf;
	int i, n = (int)strlen(kinds);

	if (end - p < 2)
		return -1;
	nf = (int16_t)(p[0] << 8 | p[1]);
	p += 2;
	if (nf == -1)
		return 0;
	if (nf != n)
		return -1;
	for (i = 0; i < n; i++) {
		int32_t len;
		if (end - p < 4)
			return -1;
		len = (int32_t)be32(p);
		p += 4;
		if (len > end - p || !bind_field(st, i + 1, kinds[i], p, len))
			return -1;
		if (len > 0)
			p += len;
	}
	i = sqlite3_step(st);
	sqlite3_reset(st);
	return i == SQLITE_DONE ? 1 : -1;
}

/* The header's length at the start of the first row, or -1. */
static long header_length(const unsigned char *p, int len)
{
	if (len < 19 || memcmp(p, copy_signature, 11))
		return -1;
	return 19 + (long)be32(p + 15);
}

struct fetch {
	PGconn *conn;
	sqlite3 *db;
	const char *display;
	struct ky_error *err;
	int version;   /* the central schema's */
};

/* Reads every row of one COPY into its table. */
static int read_copy(struct fetch *f, const struct table_copy *t, sqlite3_stmt *st)
{
	char *row = NULL;
	bool first = true;
	int len, rc = KY_OK;

	while ((len = PQgetCopyData(f->conn, &row, 0)) > 0) {
		const unsigned char *p = (const unsigned char *)row;
		long skip = first ? header_length(p, len) : 0;
		first = false;
		if (rc == KY_OK && (skip < 0 || skip > len ||
				    store_row(st, t->kinds, p + skip, p + len) < 0))
			rc = ky_error_set(f->err, KY_EIO, "%s: cannot copy the central store: %s",
					  f->display, sqlite3_errmsg(f->db));
		PQfreemem(row);
	}
	if (len == -2)
		rc = pg_error(f->conn, NULL, f->display, "cannot read the central store", f->err);
	PGresult *res = PQgetResult(f->conn);
	if (rc == KY_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(f->conn, res, f->display, "cannot read the central store", f->err);
	PQclear(res);
	while ((res = PQgetResult(f->conn)))
		PQclear(res);
	return rc;
}

static int copy_table(struct fetch *f, size_t i)
{
	const struct table_copy *t = &tables[i];
	sqlite3_stmt *st = NULL;
	PGresult *res;
	int rc;

	if (sqlite3_prepare_v2(f->db, copy_insert[i], -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return ky_error_set(f->err, KY_EIO, "%s: cannot prepare the copy: %s", f->display,
				    sqlite3_errmsg(f->db));
	}
	res = PQexecParams(f->conn, t->select, 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_COPY_OUT) {
		rc = pg_error(f->conn, res, f->display, "cannot read the central store", f->err);
		PQclear(res);
		sqlite3_finalize(st);
		return rc;
	}
	PQclear(res);
	rc = read_copy(f, t, st);
	sqlite3_finalize(st);
	return rc;
}

static int exec_local(struct fetch *f, const char *sql)
{
	if (sqlite3_exec(f->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return KY_OK;
	return ky_error_set(f->err, KY_EIO, "%s: cannot make the local copy: %s", f->display,
			    sqlite3_errmsg(f->db));
}

/* Every table, in one snapshot of the server. */
static int copy_all(struct fetch *f)
{
	size_t i;
	int rc;

	if ((rc = pg_exec(f->conn, f->display, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
			  f->err)) ||
	    (rc = exec_local(f, "PRAGMA page_size = 65536")) ||
	    (rc = exec_local(f, "PRAGMA journal_mode = OFF")) ||
	    (rc = exec_local(f, "PRAGMA synchronous = OFF")) ||
	    (rc = exec_local(f, "PRAGMA locking_mode = EXCLUSIVE")) ||
	    (rc = exec_local(f, "PRAGMA cache_size = -131072")))
		return rc;
	if (store_migrations_apply(f->db, INT64_MAX) != SQLITE_OK)
		return ky_error_set(f->err, KY_EIO, "%s: cannot make the local copy: %s",
				    f->display, sqlite3_errmsg(f->db));
	/* The response table's secondary indexes are built after the load,
	 * by one sort each, rather than row by row (the uuid index, part of
	 * the table's definition, cannot wait). The text is store.c's
	 * migrations' to the letter: the schema guard compares it when the
	 * copy is opened. */
	if ((rc = exec_local(f, "BEGIN")) ||
	    (rc = exec_local(f, "DROP INDEX response_form; DROP INDEX response_updated")))
		return rc;
	for (i = 0; i < N_TABLES && rc == KY_OK; i++)
		if (tables[i].since <= f->version)
			rc = copy_table(f, i);
	if (rc == KY_OK &&
	    (rc = exec_local(f, "CREATE INDEX response_form ON response(form, id);\n"
			     "CREATE INDEX response_updated ON response(updated, id);")) == KY_OK)
		rc = exec_local(f, "COMMIT");
	if (rc == KY_OK)
		rc = pg_exec(f->conn, f->display, "COMMIT", f->err);
	return rc;
}

/* A private folder and file name for the copy. */
static int make_place(const char *display, struct ky_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = ky_asprintf("%s/kysely-central-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (!mkdtemp(dir)) {
		int rc = ky_error_set(err, KY_EIO, "%s: cannot make a temporary folder in %s: %s",
				      display, tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(dir);
		return rc;
	}
	copy_dir = dir;
	copy_path = ky_asprintf("%s/central.db", dir);
	return KY_OK;
}

static int make_copy(const char *uri, const char *display, struct ky_error *err)
{
	struct fetch f = { NULL, NULL, display, err, 0 };
	mode_t old_umask;
	int rc;

	if ((rc = pg_connect(uri, &f.conn, err)) ||
	    (rc = pg_schema_check(f.conn, display, &f.version, err)) ||
	    (rc = make_place(display, err))) {
		PQfinish(f.conn);
		return rc;
	}
	old_umask = umask(077);
	if (sqlite3_open_v2(copy_path, &f.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		rc = ky_error_set(err, KY_EIO, "%s: cannot make the local copy: %s", display,
				  f.db ? sqlite3_errmsg(f.db) : "out of memory");
	umask(old_umask);
	if (rc == KY_OK)
		rc = copy_all(&f);
	sqlite3_close(f.db);
	PQfinish(f.conn);
	if (rc == KY_OK)
		copy_uri = ky_strdup(uri);
	return rc;
}

int pg_store_open(const char *uri, int flags, struct store **out, struct ky_error *err)
{
	char *display = pg_display_uri(uri);
	int rc = KY_OK;

	*out = NULL;
	if (!(flags & STORE_READONLY))
		rc = ky_error_set(err, KY_EUSAGE, "%s: the central store takes responses only "
				  "through kysely sync", display);
	else if (copy_uri && strcmp(copy_uri, uri))
		rc = ky_error_set(err, KY_EUSAGE, "%s: one central store per command", display);
	else if (!copy_uri) {
		if (!copy_path)
			atexit(remove_copy);
		remove_copy();
		rc = make_copy(uri, display, err);
	}
	if (rc == KY_OK && (rc = store_open(copy_path, STORE_READONLY, out, err)) == KY_OK) {
		free((*out)->path);
		(*out)->path = display;
		return KY_OK;
	}
	free(display);
	return rc;
}
