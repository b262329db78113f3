/* store.h - the SQLite database: forms, responses, answers.
 *
 * Owns the connection and every prepared statement. The database is
 * created 0600, in WAL mode with foreign keys on and a busy timeout, and
 * migrated with PRAGMA user_version. It keeps the form definition itself
 * (the canonical one-file XLSForm text), so a database alone can be
 * analysed years later.
 *
 * Tables (see store.c for the DDL):
 *   form(id, form_id, version, title, definition, sha, created)
 *   response(id, form, uuid UNIQUE, status, started, completed, lang,
 *            answers BLOB (record.h), attrs TEXT JSON object, updated)
 *   answer_log(response, slot, value, answered_at)   -- every answer given in collect
 *   screen_visit(response, question, entered_at, seconds, back)
 *            -- every screen shown in collect (store-paradata.h)
 *   erasure(erased_at, kind, respondent, cutoff, responses, log_rows)
 *            -- what kysely erase / purge removed; respondent is the SHA-256
 *               of the id, never an answer
 *
 * Durability contract: store_answer_put() commits one transaction per
 * answer; bulk paths wrap many calls in store_begin()/store_commit(). */
#ifndef KY_STORE_H
#define KY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "form/form.h"
#include "store/record.h"
#include "util/error.h"

struct store;

enum store_open_flags {
	STORE_CREATE = 1,     /* create the file (0600) when missing */
	STORE_READONLY = 2
};

int store_open(const char *path, int flags, struct store **out, struct ky_error *err);
void store_close(struct store *s);

/* Transactions for bulk work (import, merge). Nested calls are an error. */
int store_begin(struct store *s, struct ky_error *err);
int store_commit(struct store *s, struct ky_error *err);
void store_rollback(struct store *s);

/* Saves a form definition (canonical text from xlsform_canonical_text)
 * unless the same form_id+version with the same text is stored already;
 * the same form_id+version with a different text is KY_EINPUT. */
int store_put_form(struct store *s, const struct form *form, const char *definition,
		   size_t len, int64_t *form_pk, struct ky_error *err);

/* Finds a stored form: by form_id (NULL = the only form; more than one
 * is KY_EUSAGE naming them) and parses it. Caller destroys *form. */
int store_load_form(struct store *s, const char *form_id, int64_t *form_pk,
		    struct form **form, struct ky_error *err);
/* The same without the warning that older versions of the form are
 * stored (analyze reads them too: src/analyze/editions.h). */
int store_load_form_newest(struct store *s, const char *form_id, int64_t *form_pk,
			   struct form **form, struct ky_error *err);

/* Every stored form, in the order stored (for merge and listings); the
 * pointers are valid during the call only. fn returns 0 to go on,
 * non-zero to stop (that value is returned). */
struct store_form_row {
	int64_t pk;
	const char *form_id, *version, *title, *sha, *created;
	const char *definition;   /* canonical one-file XLSForm text */
	size_t definition_len;
};
typedef int (*store_forms_fn)(void *ctx, const struct store_form_row *f);
int store_forms(struct store *s, store_forms_fn fn, void *ctx, struct ky_error *err);

/* One response as it goes in and out. Strings may be NULL. */
struct store_response {
	const char *uuid, *status, *started, *completed, *lang;
	const void *answers; size_t answers_len;   /* record.h blob */
	const char *attrs_json;                    /* {"weight":"1.5",...} or NULL */
	int64_t id;                                /* the row's id (store_scan), else 0 */
	/* attrs_json: an object of strings with its keys sorted and empty
	 * values left out (import builds it so), since idempotency compares
	 * the text. */
};

/* Inserts a response; when the uuid exists with the same content nothing
 * changes and *added = false; when it exists with different content the
 * result is KY_EINPUT ("conflict") unless replace is true. */
int store_put_response(struct store *s, int64_t form_pk, const struct store_response *r,
		       bool replace, bool *added, struct ky_error *err);

/* Collection, one committed transaction per call. */
int store_response_start(struct store *s, int64_t form_pk, const char *uuid,
			 const char *lang, int64_t *resp_pk, struct ky_error *err);
/* The same with respondent attributes (attrs_json as in store_response,
 * NULL for none; collect --set), stored and their names registered in
 * the transaction that creates the response. */
int store_response_start_attrs(struct store *s, int64_t form_pk, const char *uuid,
			       const char *lang, const char *attrs_json, int64_t *resp_pk,
			       struct ky_error *err);
int store_answer_put(struct store *s, int64_t resp_pk, size_t n_slots, int slot,
		     const char *value, struct ky_error *err);
int store_response_set_lang(struct store *s, int64_t resp_pk, const char *lang, struct ky_error *err);
int store_response_finish(struct store *s, int64_t resp_pk, struct ky_error *err);
/* Loads one response by uuid (for resume); the caller frees the strings
 * and the answers blob in *r with store_response_free(). */
int store_response_get(struct store *s, const char *uuid, int64_t *resp_pk,
		       struct store_response *r, struct ky_error *err);
void store_response_free(struct store_response *r);
/* Partial responses of a form, newest first: uuids malloc'd, caller frees. */
int store_list_partial(struct store *s, int64_t form_pk, char ***uuids, size_t *n,
		       struct ky_error *err);

/* Scans every response of a form in id order, calling fn for each; the
 * pointers in r are valid during the call only. fn returns 0 to go on,
 * non-zero to stop (that value is returned). attr_names (may be NULL)
 * lists attributes to extract: attr_values[i] is their text or NULL. */
typedef int (*store_scan_fn)(void *ctx, const struct store_response *r,
			     const char *const *attr_values);
int store_scan(struct store *s, int64_t form_pk, const char *const *attr_names,
	       size_t n_attrs, store_scan_fn fn, void *ctx, struct ky_error *err);
/* The same over the rows with from_id <= id < to_id (analyze's blocks,
 * each on its own connection, store_open_reader). */
int store_scan_range(struct store *s, int64_t form_pk, int64_t from_id, int64_t to_id,
		     const char *const *attr_names, size_t n_attrs, store_scan_fn fn, void *ctx,
		     struct ky_error *err);
/* The lowest and highest id of the form's responses; max < min when it
 * has none. */
int store_id_range(struct store *s, int64_t form_pk, int64_t *min_id, int64_t *max_id,
		   struct ky_error *err);
/* A second read-only connection to s's database, for another thread;
 * *out NULL (and KY_OK) when the store cannot be opened twice (the
 * central store's private copy): the caller reads on s alone. */
int store_open_reader(const struct store *s, struct store **out, struct ky_error *err);

/* Records attribute names for a form even when no response has a value
 * for them (import registers every attribute column of its file), so
 * that export keeps the column. store_put_response() registers the keys
 * of attrs_json by itself. */
int store_register_attrs(struct store *s, int64_t form_pk, const char *const *names,
			 size_t n, struct ky_error *err);

/* Names of every respondent attribute stored for a form, sorted
 * (byte order, as strcmp). */
int store_attr_names(struct store *s, int64_t form_pk, char ***names, size_t *n,
		     struct ky_error *err);
int64_t store_count_responses(struct store *s, int64_t form_pk);
/* The respondent id (uuid) of the response with row id `id` (as
 * store_scan gives it) into buf; KY_EINPUT when there is none. */
int store_response_uuid(struct store *s, int64_t id, char *buf, size_t len,
			struct ky_error *err);

/* Who answered and when, without decoding a record: responses of the
 * form version, the complete ones, and the dates (YYYY-MM-DD, "" when
 * none) of the first start and of the last completion (a partial
 * response's start counts as its last moment). */
struct store_summary {
	int64_t responses, complete;
	char first[11], last[11];
};
int store_summarise(struct store *s, int64_t form_pk, struct store_summary *out,
		    struct ky_error *err);

/* The answer log of one respondent (every answer given at a terminal,
 * value NULL when it was cleared), oldest first, for merge. The pointers
 * are valid during the call only; fn returns 0 to go on, non-zero to stop
 * (that value is returned). */
struct store_log_row {
	const char *uuid;
	int slot;
	const char *value, *answered_at;
};
typedef int (*store_log_fn)(void *ctx, const struct store_log_row *row);
int store_log_scan(struct store *s, const char *uuid, store_log_fn fn, void *ctx,
		   struct ky_error *err);
/* Adds one row to the answer log of the respondent row->uuid unless the
 * same row (slot, value, answered_at) is logged already, so that merging
 * twice adds nothing; *added (may be NULL) says whether it was added. The
 * respondent must be stored (KY_EINPUT otherwise). Runs in the caller's
 * store_begin() transaction when there is one. */
int store_log_put(struct store *s, const struct store_log_row *row, bool *added,
		  struct ky_error *err);

/* Importing a file of any length in bounded memory (store-import.c).
 * store_import_begin() readies the connection: reads without mmap, and
 * an empty table of the respondent ids seen (TEMP, on disk). It must come
 * before store_begin() (SQLite cannot switch temp storage inside a
 * transaction); the table lives until store_close(), and rows added in a
 * store_begin() transaction roll back with it.
 * store_import_seen() comes after store_put_response() of the row
 * (whatever its result but KY_EIO), since it keys the id by the stored
 * response: it records uuid at line and sets *first_line to 0, or, when
 * uuid was recorded before, leaves it and sets *first_line to the line
 * recorded then. A uuid not stored is KY_EIO. When the put has just
 * added uuid's response, its row id is recorded without a lookup. */
int store_import_begin(struct store *s, struct ky_error *err);
int store_import_seen(struct store *s, const char *uuid, long line, long *first_line,
		      struct ky_error *err);

/* ---- erasure and retention (store-erase.c) ---- */

/* What an erasure or a purge removed (or would remove, on a dry run). */
struct store_erasure {
	int64_t responses;      /* respondents removed */
	int64_t log_rows;       /* rows of their answer log removed with them */
	bool wal_truncated;     /* false: a reader kept the write-ahead log open,
				   which holds copies until its next checkpoint */
};

/* Removes the respondent whose id is uuid, with their answer log, and
 * records the erasure (time, SHA-256 of the id, counts) in one
 * transaction; freed pages are zeroed and the WAL truncated. No such
 * respondent: KY_OK with out->responses = 0 and nothing changed. dry_run
 * only counts. */
int store_erase_respondent(struct store *s, const char *uuid, bool dry_run,
			   struct store_erasure *out, struct ky_error *err);
/* The same for every respondent collected before cutoff: completed, or
 * started when never completed (updated when neither is known), compared
 * as ISO 8601 text, so "2025-01-01" removes everything up to the end of
 * 2024-12-31 UTC. */
int store_purge_before(struct store *s, const char *cutoff, bool dry_run,
		       struct store_erasure *out, struct ky_error *err);
/* PRAGMA integrity_check and foreign_key_check: KY_OK, or KY_EIO saying
 * which failed. */
int store_check_integrity(struct store *s, struct ky_error *err);

/* A database file is input (store-guard.c): store_open() refuses one
 * whose schema holds anything kysely's migrations do not create (a
 * trigger, a view...), as "not a kysely database" (KY_EINPUT).
 * store_set_time_limit() makes every statement of the connection fail
 * (SQLite's "interrupted") once `seconds` from now have passed (0: no
 * limit), for reading databases from elsewhere; store_past_time_limit()
 * tells whether a failure was that. */
void store_set_time_limit(struct store *s, double seconds);
bool store_past_time_limit(const struct store *s);

#endif
