/* store-erase.c - erasure and retention: one respondent (kysely erase) or
 * everyone collected before a date (kysely purge) removed with their
 * answer log, in one transaction that also records the removal in the
 * erasure table: when, what kind, the SHA-256 of the respondent's id or
 * the cut-off, and how many rows; never an answer.
 *
 * A row deleted from SQLite stays readable in the free pages of the file
 * and in the write-ahead log until both are overwritten. An erasure has to
 * remove the answers, not just hide them: the connection deletes with
 * secure_delete on (freed content is zeroed) and then checkpoints and
 * truncates the WAL, so that neither file keeps a copy. */
#include "config.h"
#include <string.h>
#include "store/sha256.h"
#include "store/store-impl.h"

enum erase_sql {
	COUNT_ERASE, COUNT_PURGE, LOG_ERASE, LOG_PURGE, RESP_ERASE, RESP_PURGE, RECORD
};

/* Constant text, every value bound (?1 the respondent's id or the cut-off). */
static const char *const erase_sql[] = {
	[COUNT_ERASE] = "SELECT count(*), (SELECT count(*) FROM answer_log WHERE response IN "
			"(SELECT id FROM response WHERE uuid = ?1)) FROM response WHERE uuid = ?1",
	[COUNT_PURGE] = "SELECT count(*), (SELECT count(*) FROM answer_log WHERE response IN "
			"(SELECT id FROM response WHERE coalesce(completed, started, updated) < ?1)) "
			"FROM response WHERE coalesce(completed, started, updated) < ?1",
	[LOG_ERASE] = "DELETE FROM answer_log WHERE response IN "
		      "(SELECT id FROM response WHERE uuid = ?1)",
	[LOG_PURGE] = "DELETE FROM answer_log WHERE response IN "
		      "(SELECT id FROM response WHERE coalesce(completed, started, updated) < ?1)",
	[RESP_ERASE] = "DELETE FROM response WHERE uuid = ?1",
	[RESP_PURGE] = "DELETE FROM response WHERE coalesce(completed, started, updated) < ?1",
	[RECORD] = "INSERT INTO erasure(erased_at, kind, respondent, cutoff, responses, log_rows) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

/* One removal: the statements that count and delete the rows key selects,
 * and how the erasure log names it. */
struct removal {
	const char *kind;           /* "erase" or "purge" */
	const char *key;            /* the respondent's id, or the cut-off */
	enum erase_sql count_sql, log_sql, resp_sql;
};

/* Runs one constant statement with ?1 bound to key; with counts, reads
 * its one row of two integers into them. */
static int run_keyed(struct store *s, enum erase_sql sql, const char *key, int64_t counts[2],
		     const char *what, struct ky_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, erase_sql[sql], -1, &st, NULL) != SQLITE_OK)
		return store_db_error(s, err, what);
	if (store_bind_text(st, 1, key) != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_db_error(s, err, what);
	}
	rc = sqlite3_step(st);
	if (counts && rc == SQLITE_ROW) {
		counts[0] = sqlite3_column_int64(st, 0);
		counts[1] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(s, err, what);
	return KY_OK;
}

static int record_removal(struct store *s, const struct removal *r,
			  const struct store_erasure *done, struct ky_error *err)
{
	char now[TIMESTAMP_LEN], sha[SHA256_HEX_LEN + 1];
	bool erase = strcmp(r->kind, "erase") == 0;
	sqlite3_stmt *st = NULL;
	int rc;

	if (erase)
		sha256_hex(r->key, strlen(r->key), sha);
	store_utc_now(now, sizeof now, false);
	if (sqlite3_prepare_v2(s->db, erase_sql[RECORD], -1, &st, NULL) != SQLITE_OK)
		return store_db_error(s, err, "cannot log the erasure");
	if (store_bind_text(st, 1, now) || store_bind_text(st, 2, r->kind) ||
	    store_bind_text(st, 3, erase ? sha : NULL) ||
	    store_bind_text(st, 4, erase ? NULL : r->key) ||
	    sqlite3_bind_int64(st, 5, done->responses) ||
	    sqlite3_bind_int64(st, 6, done->log_rows)) {
		sqlite3_finalize(st);
		return store_db_error(s, err, "cannot log the erasure");
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? KY_OK : store_db_error(s, err, "cannot log the erasure");
}

static int set_secure_delete(struct store *s, bool on, struct ky_error *err)
{
	int rc = on ? sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL)
		    : sqlite3_exec(s->db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
	return rc == SQLITE_OK ? KY_OK : store_db_error(s, err, "cannot set secure_delete");
}

/* Copies the WAL into the database and truncates it. A reader holding an
 * old snapshot keeps the WAL alive: that is reported, not hidden. */
static int truncate_wal(struct store *s, bool *complete, struct ky_error *err)
{
	int log_frames = 0, done_frames = 0;
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
					   &log_frames, &done_frames);
	*complete = rc == SQLITE_OK;
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return store_db_error(s, err, "cannot checkpoint the write-ahead log");
	return KY_OK;
}

static int remove_rows(struct store *s, const struct removal *r, bool dry_run,
		       struct store_erasure *out, struct ky_error *err)
{
	int64_t counts[2] = { 0, 0 };
	struct ky_error ignored;
	int rc;

	memset(out, 0, sizeof *out);
	if (s->readonly || s->in_transaction)
		return ky_error_set(err, KY_EIO, "%s: cannot erase on this connection", s->path);
	if ((rc = set_secure_delete(s, true, err)))
		return rc;
	if ((rc = store_tx_begin(s, err)))
		goto out;
	if ((rc = run_keyed(s, r->count_sql, r->key, counts, "cannot count the rows", err)))
		goto rollback;
	out->responses = counts[0];
	out->log_rows = counts[1];
	if (dry_run || out->responses == 0)
		goto rollback;
	if ((rc = run_keyed(s, r->log_sql, r->key, NULL, "cannot delete the answer log", err)) ||
	    (rc = run_keyed(s, r->resp_sql, r->key, NULL, "cannot delete the responses", err)) ||
	    (rc = record_removal(s, r, out, err)))
		goto rollback;
	if ((rc = store_tx_commit(s, err)))
		goto rollback;
	rc = truncate_wal(s, &out->wal_truncated, err);
	goto out;
rollback:
	store_tx_rollback(s);
out:
	if (!rc)
		return set_secure_delete(s, false, err);
	ky_error_clear(&ignored);
	set_secure_delete(s, false, &ignored);   /* the first failure is the one to report */
	return rc;
}

int store_erase_respondent(struct store *s, const char *uuid, bool dry_run,
			   struct store_erasure *out, struct ky_error *err)
{
	const struct removal r = { "erase", uuid, COUNT_ERASE, LOG_ERASE, RESP_ERASE };
	return remove_rows(s, &r, dry_run, out, err);
}

int store_purge_before(struct store *s, const char *cutoff, bool dry_run,
		       struct store_erasure *out, struct ky_error *err)
{
	const struct removal r = { "purge", cutoff, COUNT_PURGE, LOG_PURGE, RESP_PURGE };
	return remove_rows(s, &r, dry_run, out, err);
}

/* Reads every row of a check pragma: "ok" (or no row for the foreign key
 * check) is a sound database; anything else names the first problem. */
static int run_check(struct store *s, const char *sql, bool ok_row, struct ky_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_db_error(s, err, "cannot check the database");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && !(ok_row && strcmp((const char *)sqlite3_column_text(st, 0)
						   ? (const char *)sqlite3_column_text(st, 0) : "",
						   "ok") == 0)) {
		ky_error_set(err, KY_EIO, "%s: integrity check failed: %s", s->path,
			     ok_row ? "page or index damage" : "a row refers to a missing row");
		sqlite3_finalize(st);
		return KY_EIO;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot check the database");
	return KY_OK;
}

int store_check_integrity(struct store *s, struct ky_error *err)
{
	int rc = run_check(s, "PRAGMA integrity_check", true, err);
	return rc ? rc : run_check(s, "PRAGMA foreign_key_check", false, err);
}
