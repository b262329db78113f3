/* store-import.c - what `kysely import` needs of the connection to read
 * a file of any length in bounded memory (store.h, store_import_*):
 * reads without mmap, and the respondent ids the file has given so far,
 * so that an id given twice is rejected naming the line where it came
 * first.
 *
 * Owns the TEMP table import_seen of the connection and its statements
 * (ST_SEEN_* in store.c), and the runs of ids in struct store. Nothing
 * else reads or writes them; they live until store_close() (the runs
 * are forgotten on a rollback, as the table's rows are).
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
#include "util/mem.h"

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
	store_import_forget(s);
	return KY_OK;
}

/* Runs kept in memory at most (24 bytes each); an import whose added
 * responses break into more runs (rows rejected or present between
 * them) records the rest in import_seen. */
#define SEEN_RUNS_MAX 65536

void store_import_forget(struct store *s)
{
	s->n_seen_runs = 0;
	s->last_added = 0;
}

/* Notes response id as added from line: false when the runs are full. */
static bool run_add(struct store *s, int64_t id, long line)
{
	struct seen_run *last = s->n_seen_runs ? &s->seen_runs[s->n_seen_runs - 1] : NULL;

	if (last && id == last->first_id + last->count && line == last->first_line + last->count) {
		last->count++;
		return true;
	}
	/* runs in id order, for the search below; row ids only grow */
	if (s->n_seen_runs == SEEN_RUNS_MAX || (last && id < last->first_id + last->count))
		return false;
	KY_GROW(s->seen_runs, s->n_seen_runs, s->seen_runs_cap, 16);
	s->seen_runs[s->n_seen_runs++] = (struct seen_run){ id, line, 1 };
	return true;
}

/* The line response id was added from, or 0 when it is in no run. */
static long run_line(const struct store *s, int64_t id)
{
	size_t lo = 0, hi = s->n_seen_runs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct seen_run *r = &s->seen_runs[mid];
		if (id < r->first_id)
			hi = mid;
		else if (id >= r->first_id + r->count)
			lo = mid + 1;
		else
			return r->first_line + (long)(id - r->first_id);
	}
	return 0;
}

/* Records id at line in import_seen, or sets *first_line to the line
 * recorded there before. */
static int table_seen(struct store *s, int64_t id, long line, long *first_line,
		      struct ky_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = store_stmt(s, ST_SEEN_ADD, err)))
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, id) || sqlite3_bind_int64(st, 2, line)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, "cannot record a respondent id", err)))
		return rc;
	if (sqlite3_changes(s->db) == 1)
		return KY_OK;
	if (!(st = store_stmt(s, ST_SEEN_LINE, err)))
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, id)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_step_to_row(s, st, "cannot look up a respondent id", err)))
		return rc != NO_ROW ? rc : ky_error_set(err, KY_EIO, "%s: respondent id %lld "
							"lost its line", s->path, (long long)id);
	*first_line = (long)sqlite3_column_int64(st, 0);
	store_stmt_done(st);
	return KY_OK;
}

/* The stored response's id of uuid; KY_EIO when there is none. */
static int stored_id(struct store *s, const char *uuid, int64_t *id, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_SEEN_ID, err);
	int rc;

	if (!st)
		return KY_EIO;
	if (store_bind_text(st, 1, uuid)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_step_to_row(s, st, "cannot look up a respondent id", err)))
		return rc != NO_ROW ? rc : ky_error_set(err, KY_EIO, "%s: respondent id '%s' is "
							"not stored", s->path, uuid);
	*id = sqlite3_column_int64(st, 0);
	store_stmt_done(st);
	return KY_OK;
}

/* The usual case is a response the put has just added: its id is known
 * without a second descent of the uuid index, no line can have given it
 * before, and it extends the last run (a statement per row was a tenth
 * of an import's instructions). */
int store_import_seen(struct store *s, const char *uuid, long line, long *first_line,
		      struct ky_error *err)
{
	int64_t id = 0;
	int rc;

	*first_line = 0;
	if (s->last_added > 0 && !strcmp(uuid, s->last_added_uuid)) {
		id = s->last_added;
		s->last_added = 0;
		return run_add(s, id, line) ? KY_OK : table_seen(s, id, line, first_line, err);
	}
	/* Rare: stored before this import, or given before in this file. */
	if ((rc = stored_id(s, uuid, &id, err)))
		return rc;
	if ((*first_line = run_line(s, id)))
		return KY_OK;
	return table_seen(s, id, line, first_line, err);
}
