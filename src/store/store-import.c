/* store-import.c - what `kysely import` needs of the connection to read
 * a file of any length in bounded memory (store.h, store_import_*):
 * reads without mmap, and the respondent ids the file has given so far,
 * so that an id given twice is rejected naming the line where it came
 * first.
 *
 * Owns the TEMP table import_seen of the connection and its two
 * statements (ST_SEEN_ADD, ST_SEEN_LINE in store.c). Nothing else reads
 * or writes that table; it lives until store_close().
 *
 * Why a table and not a hash in memory: a 1 GB file has 4.4 million ids,
 * and a hash of them took about 80 bytes a row (477 MiB peak RSS for the
 * whole import). The TEMP table is on disk (temp_store FILE, an unlinked
 * 0600 file of SQLite's) behind its own small page cache, so memory stays
 * the same whatever the file's length. Rows go in with the caller's
 * transaction and roll back with it.
 *
 * Why keyed by response.id and not by the id text: the ids come in
 * random order, so a table keyed by them took an insert on a random leaf
 * per row, which its cache could not hold once the table outgrew it
 * (4.4 million rows: 163 s of CPU against 114 s with the hash). The
 * response ids an import adds grow, so its rows append to the last leaf;
 * the id text is looked up in response's uuid index, on the leaf the
 * put has just read. The file stays a quarter of the size, too. Now
 * 4.4 million rows take 112 s of CPU and 83 MiB at the peak.
 *
 * Why no mmap: every page of the database read through the map counts
 * in the process's resident set, and an import into a database that
 * holds many responses reads most of the uuid index and the table
 * (re-importing 1 million rows: 424 MiB RSS, 367 MiB of it the map).
 * Through read() the pages stay in the 64 MiB page cache. Other
 * commands keep the map, which makes scans fast. */
#include "config.h"
#include <string.h>
#include <sqlite3.h>
#include "store/store-impl.h"

int store_import_begin(struct store *s, struct ky_error *err)
{
	char *msg = NULL;

	if (s->in_transaction)   /* temp_store cannot change inside one */
		return ky_error_set(err, KY_EIO, "%s: an import must start outside a "
				    "transaction", s->path);
	/* mmap off: see the top. FILE, not MEMORY, even where SQLite was built
	 * to keep TEMP tables in memory; changing temp_store drops every TEMP
	 * table, hence before the CREATE.
	 * SQLite's default TEMP page cache (2 MB) is enough for appends.
	 * Constant text: a PRAGMA cannot take a parameter. */
	if (sqlite3_exec(s->db,
			 "PRAGMA mmap_size = 0;\n"
			 "PRAGMA temp_store = FILE;\n"
			 "DROP TABLE IF EXISTS temp.import_seen;\n"
			 "CREATE TEMP TABLE import_seen (\n"
			 "  response INTEGER PRIMARY KEY,\n"   /* main.response(id) */
			 "  line INTEGER NOT NULL\n"
			 ");\n",
			 NULL, NULL, &msg) != SQLITE_OK) {
		ky_error_set(err, KY_EIO, "%s: cannot prepare the import: %s", s->path,
			     msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return KY_EIO;
	}
	return KY_OK;
}

/* The usual case: the put has just added uuid's response, so no row of
 * import_seen can name it yet, and its id is known without a second
 * descent of the uuid index (a tenth of an import's instructions). */
static int seen_new(struct store *s, long line, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_SEEN_NEW, err);

	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, s->last_added) || sqlite3_bind_int64(st, 2, line)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	s->last_added = 0;
	return store_stmt_run(s, st, "cannot record a respondent id", err);
}

int store_import_seen(struct store *s, const char *uuid, long line, long *first_line,
		      struct ky_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*first_line = 0;
	if (s->last_added > 0 && !strcmp(uuid, s->last_added_uuid))
		return seen_new(s, line, err);
	if (!(st = store_stmt(s, ST_SEEN_ADD, err)))
		return KY_EIO;
	if (store_bind_text(st, 1, uuid) || sqlite3_bind_int64(st, 2, line)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, "cannot record a respondent id", err)))
		return rc;
	if (sqlite3_changes(s->db) == 1)
		return KY_OK;

	/* Rare: the id came before (or is not stored, which the lookup tells). */
	if (!(st = store_stmt(s, ST_SEEN_LINE, err)))
		return KY_EIO;
	if (store_bind_text(st, 1, uuid)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_step_to_row(s, st, "cannot look up a respondent id", err)))
		return rc != NO_ROW ? rc : ky_error_set(err, KY_EIO, "%s: respondent id '%s' is "
							"not stored", s->path, uuid);
	*first_line = (long)sqlite3_column_int64(st, 0);
	store_stmt_done(st);
	return KY_OK;
}
