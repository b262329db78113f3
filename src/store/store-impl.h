/* store-impl.h - what store.c shares with store-response.c and the rest
 * of src/store (store-sync.c, pg-fetch.c); nothing outside src/store
 * includes it.
 *
 * store.c owns the connection, the schema and its migrations, the table
 * of prepared statements, transactions and forms; store-response.c the
 * responses: bulk puts, collection's per-answer transactions, scans;
 * store-log.c the answer log; store-import.c an import's connection and
 * the ids it has seen. */
#ifndef KY_STORE_IMPL_H
#define KY_STORE_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>
#include "store/attrs.h"
#include "store/record.h"
#include "store/store.h"

#define STORE_BUSY_RETRIES 3

/* started and completed are to the second, as in exported CSV; updated
 * and answered_at to the millisecond, so that they order answers. */
#define TIMESTAMP_LEN 32

/* store_step_to_row(): the query has no row. */
#define NO_ROW (-1)

enum stmt_id {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_TABLE_COUNT, ST_MIGRATION_LOG,
	ST_FORM_FIND, ST_FORM_INSERT, ST_FORM_LIST, ST_FORM_ROWS,
	ST_RESP_INSERT, ST_RESP_SAME, ST_RESP_REPLACE, ST_ATTR_ADD,
	ST_RESP_START, ST_RESP_ANSWERS, ST_RESP_SET_ANSWERS, ST_LOG_INSERT,
	ST_RESP_SET_LANG, ST_RESP_FINISH, ST_RESP_GET, ST_LIST_PARTIAL,
	ST_SCAN, ST_SCAN_RANGE, ST_ID_RANGE, ST_ATTR_NAMES, ST_COUNT, ST_SUMMARY, ST_UUID_OF, ST_LOG_SCAN, ST_LOG_PUT,
	ST_SEEN_ID, ST_SEEN_ADD, ST_SEEN_LINE,   /* store-import.c: after store_import_begin() only */
	ST_INST_ADD, ST_INST_ANSWERS, ST_INST_SET_ANSWERS, ST_INST_PLACE, ST_INST_DELETE,
	ST_INST_SHIFT, ST_INST_LIST, ST_INST_CLEAR, ST_INST_TOUCH,  /* store-repeat.c */
	ST_INST_SCAN,                /* store-repeat.c: a form's instances (analyze) */
	ST_COUNT_
};

/* Responses first_id .. first_id + count - 1 came from lines first_line
 * .. first_line + count - 1 of the file being imported. */
struct seen_run {
	int64_t first_id;
	long first_line, count;
};

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	bool in_transaction;    /* inside store_begin()/store_commit() */
	sqlite3_stmt *stmt[ST_COUNT_];
	/* The attribute keys registered by the last store_put_response(),
	 * "\n"-joined, and for which form: rows with the same keys skip the
	 * form_attr insert. Cleared on rollback. */
	int64_t keys_form;
	struct attrs_builder keys_seen, keys_now;
	struct attrs_reader reader;
	/* The row id store_put_response() gave the response it added last,
	 * and its uuid: an import records it as seen without looking the uuid
	 * up again. 0 when the last put added nothing. */
	int64_t last_added;
	char *last_added_uuid;
	size_t last_added_cap;
	/* store-import.c: the responses the import added, as runs of
	 * consecutive ids on consecutive lines (most files: one run) */
	struct seen_run *seen_runs;
	size_t n_seen_runs, seen_runs_cap;
	/* the record being rewritten by an answer, reused between answers */
	struct record_builder answer_record;
	/* store_has_repeats(), asked once: 0 not yet, 1 yes, 2 no */
	int has_repeats;
	/* store_set_time_limit(): CLOCK_MONOTONIC seconds, 0 = none */
	double deadline;
};

/* store-import.c: the import's ids seen in memory are forgotten (the
 * rollback of its transaction). */
void store_import_forget(struct store *s);

/* "DB: what failed: sqlite's message"; returns KY_EIO. */
int store_db_error(struct store *s, struct ky_error *err, const char *what);
/* The statement, prepared on first use; NULL with err filled on failure. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id, struct ky_error *err);
/* Resets st and clears its bindings, ready for the next use. */
void store_stmt_done(sqlite3_stmt *st);
/* Bind text (NULL binds NULL) or a blob; SQLite's code, 0 = SQLITE_OK.
 * The data must outlive the statement's use (SQLITE_STATIC). */
int store_bind_text(sqlite3_stmt *st, int i, const char *text);
int store_bind_blob(sqlite3_stmt *st, int i, const void *data, size_t len);
/* Steps st once and resets it; KY_EIO naming what on failure. */
int store_stmt_run(struct store *s, sqlite3_stmt *st, const char *what, struct ky_error *err);
/* Steps st to its one row: KY_OK with the row current, NO_ROW, or KY_EIO;
 * st is reset unless KY_OK. */
int store_step_to_row(struct store *s, sqlite3_stmt *st, const char *what, struct ky_error *err);
/* UTC now as ISO 8601, to the second or to the millisecond. */
void store_utc_now(char *buf, size_t len, bool millis);
/* Runs body in its own write transaction, retrying a few times when
 * another process held the lock past the busy timeout. Inside a bulk
 * transaction the body simply joins it (store-response.c). */
typedef int (*tx_body_fn)(struct store *s, void *ctx, struct ky_error *err);
int store_in_write_tx(struct store *s, tx_body_fn body, void *ctx, struct ky_error *err);
/* store-response.c: the record of row id (read by statement read: the
 * answers in column 0, and column 1 into *extra unless NULL) with slot
 * set to value, built in s->answer_record; what names the row in
 * messages ("response"). */
int store_record_with_answer(struct store *s, enum stmt_id read, int64_t id, const char *what,
			     size_t n_slots, int slot, const char *value, int64_t *extra,
			     struct ky_error *err);
/* store-repeat.c, inside the caller's transaction: one instance with its
 * answers, and the removal of all of a response's instances. */
int store_instance_put(struct store *s, int64_t resp_pk, int64_t parent, const char *repeat,
		       int position, const void *answers, size_t answers_len, int64_t *id,
		       struct ky_error *err);
int store_instances_clear(struct store *s, int64_t resp_pk, struct ky_error *err);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK of a transaction of our own. */
int store_tx_begin(struct store *s, struct ky_error *err);
int store_tx_commit(struct store *s, struct ky_error *err);
void store_tx_rollback(struct store *s);
/* Runs the migrations up to version on db, a fresh one (store-guard.c
 * builds its reference schemas so); SQLite's result code (store.c). */
int store_migrations_apply(sqlite3 *db, int64_t version);
/* store-guard.c: DEFENSIVE on, trusted_schema off and json_valid our
 * own, right after sqlite3_open; once migrated, a check that the schema
 * is exactly kysely's (KY_EINPUT naming the first object that is not). */
int store_guard_connection(struct store *s, struct ky_error *err);
int store_check_schema(struct store *s, struct ky_error *err);

#endif
