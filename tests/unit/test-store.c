/* test-store.c - the SQLite store: creation, schema, idempotency,
 * per-answer transactions, scans, read-only use, concurrent writers. */
#include "config.h"
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include "form/xlsform.h"
#include "store/attrs.h"
#include "store/store.h"
#include "tap.h"

static char dir[] = "/tmp/test-store-XXXXXX";

static char *in_dir(const char *name)
{
	static char buf[8][256];
	static int next;
	char *p = buf[next++ % 8];
	snprintf(p, sizeof buf[0], "%s/%s", dir, name);
	return p;
}

static int file_mode(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* A query's first column as text, through a separate connection. */
static char *sql_text(const char *db_path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *out = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			out = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return out ? out : strdup("(none)");
}

static int sql_is(const char *db_path, const char *sql, const char *expected)
{
	char *got = sql_text(db_path, sql);
	int same = !strcmp(got, expected);
	if (!same)
		printf("# %s -> '%s', expected '%s'\n", sql, got, expected);
	free(got);
	return same;
}

static int matches(const char *text, const char *pattern)
{
	regex_t re;
	int m;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return 0;
	m = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

static void sql_exec(const char *db_path, const char *sql)
{
	sqlite3 *db;
	if (sqlite3_open(db_path, &db) == SQLITE_OK)
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
}

struct scan_seen {
	int rows;
	char text[512];
};

static int collect_rows(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct scan_seen *seen = ctx;
	struct record_view v[2];
	size_t n = strlen(seen->text);
	if (record_decode(r->answers, r->answers_len, v, 2) != 0)
		return 99;
	snprintf(seen->text + n, sizeof seen->text - n, "%s|%s|%.*s|%s|%s|%s;", r->uuid, r->status,
		 (int)v[0].len, v[0].ptr ? v[0].ptr : "", attrs[0] ? attrs[0] : "NULL",
		 attrs[1] ? attrs[1] : "NULL", attrs[2] ? attrs[2] : "NULL");
	seen->rows++;
	return 0;
}

static int stop_at_first(void *ctx, const struct store_response *r, const char *const *attrs)
{
	(void)ctx; (void)r; (void)attrs;
	return 7;
}

static int list_form(void *ctx, const struct store_form_row *f)
{
	char *out = ctx;
	size_t n = strlen(out);
	snprintf(out + n, 256 - n, "%lld:%s:%s:%zu:%.8s;", (long long)f->pk, f->form_id, f->version,
		 f->definition_len, f->sha);
	return 0;
}

static struct form test_form(const char *version)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.form_id = (char *)"unit_form";
	f.version = (char *)version;
	f.title = (char *)"Unit test form";
	return f;
}

/* Several processes answer their own responses in one database at once. */
static int concurrent_writers(const char *path, int64_t form_pk, int n_proc, int n_answers)
{
	int i, failures = 0, status;
	for (i = 0; i < n_proc; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct ky_error err;
			struct store *s;
			char uuid[32], value[16];
			int64_t resp;
			int j;
			snprintf(uuid, sizeof uuid, "proc-%d", i);
			if (store_open(path, 0, &s, &err) ||
			    store_response_start(s, form_pk, uuid, "en", &resp, &err))
				_exit(1);
			for (j = 0; j < n_answers; j++) {
				snprintf(value, sizeof value, "%d", j);
				if (store_answer_put(s, resp, 2, j % 2, value, &err)) {
					fprintf(stderr, "# child %d: %s\n", i, err.msg);
					_exit(1);
				}
			}
			store_close(s);
			_exit(0);
		}
	}
	for (i = 0; i < n_proc; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			failures++;
	return failures;
}

static void join_key(void *ctx, const char *key)
{
	strcat(ctx, key);
	strcat(ctx, "|");
}

/* The attribute object: escapes round-trip, lookups, malformed input. */
static void test_attrs(void)
{
	const char *names[] = { "weight", "note", "missing", "w\"q" };
	const char *values[4];
	struct attrs_builder b;
	struct attrs_reader r;
	char keys[128] = "";
	const char *json;

	attrs_builder_init(&b);
	attrs_reader_init(&r);
	ok(attrs_builder_end(&b) == NULL, "no pairs: no object");
	attrs_builder_add(&b, "note", "say \"hi\"\n\tä\\\x01", 14);
	attrs_builder_add(&b, "w\"q", "x", 1);
	attrs_builder_add(&b, "weight", "1.5", 3);
	json = attrs_builder_end(&b);
	ok(json && !strcmp(json, "{\"note\":\"say \\\"hi\\\"\\n\\tä\\\\\\u0001\",\"w\\\"q\":\"x\",\"weight\":\"1.5\"}"),
	   "builder escapes: %s", json);
	ok(attrs_read(&r, json, names, 4, values) == 0 && values[0] && !strcmp(values[0], "1.5") &&
	   values[1] && !strcmp(values[1], "say \"hi\"\n\tä\\\x01") && values[2] == NULL &&
	   values[3] && !strcmp(values[3], "x"), "reader finds and unescapes values");
	ok(attrs_each_key(&r, json, join_key, keys) == 0 && !strcmp(keys, "note|w\"q|weight|"),
	   "each key in order: %s", keys);
	ok(attrs_read(&r, "{ \"weight\" : 2 , \"note\": null, \"missing\":\"\\u00e4\\ud83d\\ude00\"}",
		      names, 3, values) == 0 && !strcmp(values[0], "2") && values[1] == NULL &&
	   !strcmp(values[2], "ä\xf0\x9f\x98\x80"), "bare numbers, null and \\u escapes");
	ok(attrs_read(&r, NULL, names, 2, values) == 0 && !values[0] && !values[1], "NULL is empty");
	ok(attrs_read(&r, "{}", names, 2, values) == 0 && !values[0], "{} is empty");
	ok(attrs_read(&r, "{\"a\":{\"b\":1}}", names, 1, values) == -1 &&
	   attrs_read(&r, "{\"a\":\"x\"", names, 1, values) == -1 &&
	   attrs_read(&r, "[1]", names, 1, values) == -1 &&
	   attrs_read(&r, "{\"a\":\"x\\q\"}", names, 1, values) == -1 &&
	   attrs_read(&r, "{\"a\":\"x\"} junk", names, 1, values) == -1,
	   "nested, unterminated, non-object, bad escape and trailing junk are malformed");
	attrs_builder_release(&b);
	attrs_reader_release(&r);
}

/* Many wanted names take the hashed path: every one found, a name wanted
 * twice filled twice, absent ones NULL; the same reader then serves a
 * short list again. */
static void test_attrs_many(void)
{
	enum { N = 5000 };
	static char name_text[N][16];
	const char *names[N + 1], *values[N + 1], *few[2] = { "a16", "zz" };
	struct attrs_builder b;
	struct attrs_reader r;
	const char *json;
	size_t i, found = 0;

	attrs_builder_init(&b);
	attrs_reader_init(&r);
	for (i = 0; i < N; i++) {
		snprintf(name_text[i], sizeof name_text[i], "a%zu", i);
		names[i] = name_text[i];
		if (i % 2 == 0)
			attrs_builder_add(&b, name_text[i], name_text[i], strlen(name_text[i]));
	}
	names[N] = "a4";   /* wanted twice */
	json = attrs_builder_end(&b);
	ok(attrs_read(&r, json, names, N + 1, values) == 0, "%d wanted names read", N + 1);
	for (i = 0; i < N; i++)
		found += (i % 2 == 0) ? (values[i] && !strcmp(values[i], names[i])) : !values[i];
	ok(found == N, "each of %d names found or absent as stored (%zu right)", N, found);
	ok(values[N] && !strcmp(values[N], "a4"), "a name wanted twice is filled twice");
	ok(attrs_read(&r, json, few, 2, values) == 0 && values[0] && !strcmp(values[0], "a16") &&
	   !values[1], "a short list after a long one");
	attrs_builder_release(&b);
	attrs_reader_release(&r);
}

/* Stores a response with id uuid (empty answers) and records it as seen
 * at line: what `kysely import` does for each row; the first line, 0 when
 * new, or -1 on failure. */
static long put_seen(struct store *s, int64_t form_pk, const char *uuid, long line)
{
	struct store_response r;
	struct ky_error err;
	long first = -1;
	bool added;
	int rc;

	memset(&r, 0, sizeof r);
	r.uuid = uuid;
	rc = store_put_response(s, form_pk, &r, false, &added, &err);
	if (rc && rc != KY_EINPUT)
		return -1;
	return store_import_seen(s, uuid, line, &first, &err) == KY_OK ? first : -1;
}

/* Ids added on lines two apart make a run each: past the runs kept in
 * memory they go to the table, and both still give the first line. */
static void test_seen_runs(struct store *s, int64_t pk)
{
	struct ky_error err;
	char uuid[32];
	long i, bad = 0, n = 70000;

	if (!ok(store_begin(s, &err) == KY_OK, "begin %ld ids", n))
		return;
	for (i = 0; i < n; i++) {
		snprintf(uuid, sizeof uuid, "run-%ld", i);
		bad += put_seen(s, pk, uuid, 100 + 2 * i) != 0;
	}
	ok(!bad, "%ld ids on every other line, all new (%ld not)", n, bad);
	ok(put_seen(s, pk, "run-5", 1000000) == 110, "an early one again: its line");
	ok(put_seen(s, pk, "run-69999", 1000001) == 100 + 2 * 69999, "a late one again: its line");
	ok(put_seen(s, pk, "id-a", 1000002) == 9, "an id stored before: its line in this import");
	store_rollback(s);
}

/* The ids an import has seen: the first line of an id given again, a
 * rollback forgets, a new begin empties, nothing reaches the file. */
static void test_seen(const char *path)
{
	struct form f = test_form("1");
	struct ky_error err;
	struct store *s;
	int64_t pk;
	long first;

	if (!ok(store_open(path, STORE_CREATE, &s, &err) == KY_OK &&
		store_put_form(s, &f, "x", 1, &pk, &err) == KY_OK, "open for the ids seen"))
		return;
	ok(store_import_begin(s, &err) == KY_OK, "begin the ids seen");
	ok(put_seen(s, pk, "id-a", 2) == 0 && put_seen(s, pk, "id-b", 3) == 0, "new ids: 0");
	first = put_seen(s, pk, "id-a", 4);
	ok(first == 2, "an id again: its first line (%ld)", first);
	ok(put_seen(s, pk, "id-a", 5) == 2, "and again: still the first line");
	ok(store_import_seen(s, "id-none", 6, &first, &err) == KY_EIO,
	   "an id not stored is an error: %s", err.msg);
	ok(store_begin(s, &err) == KY_OK && put_seen(s, pk, "id-c", 7) == 0,
	   "an id inside a transaction");
	ok(store_import_begin(s, &err) == KY_EIO, "no begin inside a transaction: %s", err.msg);
	store_rollback(s);
	ok(put_seen(s, pk, "id-c", 8) == 0, "a rollback forgets it");
	ok(store_import_begin(s, &err) == KY_OK && put_seen(s, pk, "id-a", 9) == 0,
	   "a new begin starts empty, the stored id too");
	ok(put_seen(s, pk, "id-a", 10) == 9, "and then sees it at its new line");
	test_seen_runs(s, pk);
	store_close(s);
	ok(sql_is(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'import_seen'", "0"),
	   "the ids seen are not in the database file");
}

int main(void)
{
	const char def1[] = "survey,type,name\n,text,q1\n";
	const char def2[] = "survey,type,name\n,text,q2\n";
	const char *vals1[] = { "first", NULL };
	const char *vals2[] = { "changed", NULL };
	const char *attr_names[] = { "stratum", "weight", "cluster" };
	struct store_response r, got;
	struct scan_seen seen;
	struct record_view v[3];
	struct ky_error err;
	struct store *s, *ro;
	struct form f = test_form("1");
	int64_t pk, pk2, resp;
	char **list;
	size_t n, len1, len2;
	void *blob1, *blob2;
	char *db, *ts;
	bool added;
	int rc;

	test_attrs();
	test_attrs_many();
	if (!mkdtemp(dir))
		return 1;
	db = in_dir("t.db");

	ok(store_open(db, 0, &s, &err) == KY_EIO && strstr(err.msg, db),
	   "a missing database without STORE_CREATE is an error naming it: %s", err.msg);
	umask(022);
	ok(store_open(db, STORE_CREATE, &s, &err) == KY_OK, "create a database");
	ok(file_mode(db) == 0600, "database file is 0600 (%o)", file_mode(db));

	ok(store_put_form(s, &f, def1, strlen(def1), &pk, &err) == KY_OK, "store a form");
	ok(file_mode(in_dir("t.db-wal")) == 0600, "WAL file is 0600 (%o)", file_mode(in_dir("t.db-wal")));
	ok(file_mode(in_dir("t.db-shm")) == 0600, "shm file is 0600 (%o)", file_mode(in_dir("t.db-shm")));
	ok(sql_is(db, "PRAGMA user_version", "5"), "user_version is 5");
	ok(sql_is(db, "PRAGMA application_id", "1264145228"), "application_id is kysely's");
	ok(sql_is(db, "PRAGMA journal_mode", "wal"), "WAL mode");
	ok(sql_is(db, "SELECT group_concat(version) FROM migration", "1,2,3,4,5"),
	   "migrations 1 to 5 recorded");
	ok(sql_is(db, "SELECT sha FROM form",
		  "7961826727793955481ad65ebda074cdb6045b7832aaf6e999da0a76646639e1"),
	   "form sha is the SHA-256 of the definition");
	ok(store_put_form(s, &f, def1, strlen(def1), &pk2, &err) == KY_OK && pk2 == pk,
	   "the same form again is the same row");
	ok(store_put_form(s, &f, def2, strlen(def2), &pk2, &err) == KY_EINPUT &&
	   strstr(err.msg, "different definition"), "same version, other text: %s", err.msg);
	{
		struct form f2 = test_form("2");
		ok(store_put_form(s, &f2, def2, strlen(def2), &pk2, &err) == KY_OK && pk2 != pk,
		   "a new version is a new row");
	}

	{
		char forms[256] = "";
		ok(store_forms(s, list_form, forms, &err) == KY_OK &&
		   !strcmp(forms, "1:unit_form:1:26:79618267;2:unit_form:2:26:bb781606;"),
		   "store_forms lists both versions: %s", forms);
	}

	/* Idempotent responses. */
	blob1 = record_encode(vals1, 2, &len1);
	blob2 = record_encode(vals2, 2, &len2);
	memset(&r, 0, sizeof r);
	r.uuid = "r-1";
	r.status = "complete";
	r.started = "2024-01-01T10:00:00Z";
	r.answers = blob1;
	r.answers_len = len1;
	r.attrs_json = "{\"stratum\":\"north\",\"weight\":\"1.5\"}";
	ok(store_put_response(s, pk, &r, false, &added, &err) == KY_OK && added, "insert a response");
	ok(store_put_response(s, pk, &r, false, &added, &err) == KY_OK && !added,
	   "the same response again adds nothing");
	r.answers = blob2;
	r.answers_len = len2;
	ok(store_put_response(s, pk, &r, false, &added, &err) == KY_EINPUT && !added &&
	   strstr(err.msg, "'r-1'") && strstr(err.msg, "conflict"), "different content: %s", err.msg);
	r.answers = blob1;
	r.answers_len = len1;
	r.attrs_json = "{\"stratum\":\"south\",\"weight\":\"1.5\"}";
	ok(store_put_response(s, pk, &r, false, &added, &err) == KY_EINPUT,
	   "a different attribute is a conflict too");
	ok(store_put_response(s, pk, &r, true, &added, &err) == KY_OK && added,
	   "replace overwrites");
	ok(store_count_responses(s, pk) == 1, "still one response");

	/* A bulk transaction that is rolled back leaves nothing. */
	ok(store_begin(s, &err) == KY_OK, "begin");
	ok(store_begin(s, &err) == KY_EIO, "nested begin is an error");
	r.uuid = "r-rolled-back";
	ok(store_put_response(s, pk, &r, false, &added, &err) == KY_OK && added, "insert in transaction");
	store_rollback(s);
	ok(store_count_responses(s, pk) == 1, "rollback discards it");
	ok(store_begin(s, &err) == KY_OK, "begin again");
	r.uuid = "r-2";
	r.status = "partial";
	r.attrs_json = "{\"weight\":\"2\"}";
	ok(store_put_response(s, pk, &r, false, &added, &err) == KY_OK && added, "insert r-2");
	ok(store_commit(s, &err) == KY_OK && store_count_responses(s, pk) == 2, "commit keeps it");
	ok(store_commit(s, &err) == KY_EIO, "commit without begin is an error");

	/* Collection: one transaction per answer, logged with a timestamp. */
	ok(store_response_start(s, pk, "c-1", "fi", &resp, &err) == KY_OK, "start a response");
	ok(store_response_start(s, pk, "c-1", "fi", &resp, &err) == KY_EINPUT,
	   "starting the same uuid twice is refused: %s", err.msg);
	ok(store_answer_put(s, resp, 3, 1, "yes", &err) == KY_OK, "answer slot 1");
	ok(store_answer_put(s, resp, 3, 0, "12", &err) == KY_OK, "answer slot 0");
	ok(store_answer_put(s, resp, 3, 1, "", &err) == KY_OK, "clear slot 1");
	ok(store_answer_put(s, resp, 3, 2, "no", &err) == KY_OK, "answer slot 2");
	ok(store_answer_put(s, resp, 3, 3, "x", &err) == KY_EIO, "slot out of range: %s", err.msg);
	ok(sql_is(db, "SELECT count(*) FROM answer_log", "4"), "four answers logged");
	ok(sql_is(db, "SELECT group_concat(coalesce(value, 'NULL'), ',') FROM answer_log", "yes,12,NULL,no"),
	   "log keeps every value in order, a cleared one as NULL");
	ts = sql_text(db, "SELECT answered_at FROM answer_log ORDER BY id DESC LIMIT 1");
	ok(matches(ts, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"),
	   "answered_at is UTC ISO 8601 with milliseconds: %s", ts);
	free(ts);
	ts = sql_text(db, "SELECT updated FROM response WHERE uuid = 'c-1'");
	ok(matches(ts, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{3}Z$"), "updated to the millisecond: %s", ts);
	free(ts);
	ok(store_response_set_lang(s, resp, "en", &err) == KY_OK, "set language");

	ok(store_list_partial(s, pk, &list, &n, &err) == KY_OK && n == 2, "two partial responses");
	if (n == 2)
		ok(!strcmp(list[0], "c-1") && !strcmp(list[1], "r-2"), "newest first");
	while (n)
		free(list[--n]);
	free(list);

	ok(store_response_finish(s, resp, &err) == KY_OK, "finish");
	ok(store_response_get(s, "c-1", &pk2, &got, &err) == KY_OK && pk2 == resp, "get by uuid");
	ok(!strcmp(got.status, "complete") && got.completed && !strcmp(got.lang, "en") &&
	   got.started && got.attrs_json == NULL, "status, completed, lang, started stored");
	ok(matches(got.started, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$") &&
	   matches(got.completed, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"),
	   "started and completed are UTC to the second: %s %s", got.started, got.completed);
	ok(record_decode(got.answers, got.answers_len, v, 3) == 0 && v[0].len == 2 &&
	   !memcmp(v[0].ptr, "12", 2) && v[1].ptr == NULL && v[2].len == 2,
	   "answers: 12, cleared, no");
	store_response_free(&got);
	ok(store_response_get(s, "nobody", NULL, &got, &err) == KY_EINPUT, "unknown uuid: %s", err.msg);

	/* Scans and attributes. */
	ok(store_register_attrs(s, pk, (const char *const[]){ "cluster" }, 1, &err) == KY_OK,
	   "register an attribute no response has");
	ok(store_attr_names(s, pk, &list, &n, &err) == KY_OK && n == 3 &&
	   !strcmp(list[0], "cluster") && !strcmp(list[1], "stratum") && !strcmp(list[2], "weight"),
	   "attribute names sorted");
	while (n)
		free(list[--n]);
	free(list);
	memset(&seen, 0, sizeof seen);
	ok(store_scan(s, pk, attr_names, 3, collect_rows, &seen, &err) == KY_OK && seen.rows == 3,
	   "scan sees 3 responses");
	ok(!strcmp(seen.text, "r-1|complete|first|south|1.5|NULL;r-2|partial|first|NULL|2|NULL;"
		   "c-1|complete|12|NULL|NULL|NULL;"), "scan rows in id order with attributes: %s", seen.text);
	ok(store_scan(s, pk, attr_names, 3, stop_at_first, NULL, &err) == 7, "callback stops a scan");
	ok(store_scan(s, pk2 + 1000, NULL, 0, collect_rows, &seen, &err) == KY_OK, "empty scan");
	store_close(s);

	/* Read-only use. */
	ok(store_open(db, STORE_READONLY, &ro, &err) == KY_OK, "open read-only");
	if (ro) {
		r.uuid = "r-ro";
		rc = store_put_response(ro, pk, &r, false, &added, &err);
		ok(rc == KY_EIO && strstr(err.msg, "readonly"), "read-only refuses writes: %s", err.msg);
		ok(store_count_responses(ro, pk) == 3, "read-only reads");
		store_close(ro);
	}

	/* Several processes at once. */
	ok(store_open(db, 0, &s, &err) == KY_OK, "reopen");
	ok(concurrent_writers(db, pk, 4, 60) == 0, "4 processes x 60 answers, no failure");
	ok(sql_is(db, "SELECT count(*) FROM answer_log", "244"), "every concurrent answer logged");
	ok(sql_is(db, "SELECT count(*) FROM response WHERE uuid LIKE 'proc-%'", "4"), "4 responses");
	store_close(s);

	test_seen(in_dir("seen.db"));

	/* Foreign databases and newer schemas are refused. */
	sql_exec(in_dir("other.db"), "CREATE TABLE t(x)");
	ok(store_open(in_dir("other.db"), 0, &s, &err) == KY_EINPUT && strstr(err.msg, "not a kysely"),
	   "a foreign database is refused: %s", err.msg);
	sql_exec(db, "PRAGMA user_version = 99");
	ok(store_open(db, 0, &s, &err) == KY_EIO && strstr(err.msg, "newer"),
	   "a newer schema is refused: %s", err.msg);
	ok(store_open(in_dir("none.db"), STORE_READONLY | STORE_CREATE, &s, &err) == KY_EIO,
	   "read-only never creates");
	ok(access(in_dir("none.db"), F_OK) != 0, "and leaves no file");

	free(blob1);
	free(blob2);
	{
		char *cmd = NULL;
		if (asprintf(&cmd, "rm -rf '%s'", dir) > 0)
			rc = system(cmd);
		free(cmd);
	}
	return tap_done();
}
