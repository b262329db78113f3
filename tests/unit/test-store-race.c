/* test-store-race.c - many processes open one new database at the same
 * moment (as terminals started together do): every one of them creates or
 * finds the schema, switches to WAL, stores the form once and its own
 * respondent, and none reports "database is locked". Also: openers wait
 * (the busy timeout) for a lock another connection holds on the new file.
 *
 * KYSELY_RACE_ROUNDS sets the number of rounds (default 12). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include "form/xlsform.h"
#include "store/store.h"
#include "tap.h"

#define N_PROCS 24

static char dir[] = "/tmp/test-store-race-XXXXXX";

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

/* What `kysely collect` does first: open (creating), store the form in a
 * transaction, start a respondent. */
static int open_and_start(const char *path, int i)
{
	const char def[] = "survey,type,name\n,text,q1\n";
	struct form f;
	struct ky_error err;
	struct store *s;
	char uuid[32];
	int64_t form_pk, resp;

	memset(&f, 0, sizeof f);
	f.form_id = (char *)"race_form";
	f.version = (char *)"1";
	snprintf(uuid, sizeof uuid, "race-%d", i);
	if (store_open(path, STORE_CREATE, &s, &err))
		goto fail;
	if (store_begin(s, &err) || store_put_form(s, &f, def, sizeof def - 1, &form_pk, &err) ||
	    store_commit(s, &err) || store_response_start(s, form_pk, uuid, "en", &resp, &err)) {
		store_close(s);
		goto fail;
	}
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "process %d: %s\n", i, err.msg);
	return 1;
}

/* A child that holds an exclusive lock on path for hold_ms: it writes a
 * byte to ready once it has the lock. Not the parent itself: the children
 * forked later would inherit its SQLite's notion of the lock. */
static pid_t hold_lock(const char *path, int hold_ms, int ready)
{
	pid_t pid = fork();
	sqlite3 *db;
	if (pid != 0)
		return pid;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK ||
	    write(ready, "x", 1) != 1)
		_exit(1);
	usleep((useconds_t)hold_ms * 1000);   /* how long the lock is held, not a wait */
	_exit(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	      sqlite3_close(db) != SQLITE_OK);
}

static int reap(pid_t pid)
{
	int status;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

/* N_PROCS children wait at a barrier (a pipe closed by the parent), then
 * all open path at once; returns how many failed. hold_ms > 0: another
 * process holds an exclusive lock on the new file that long, taken
 * before the barrier opens, so the openers have to wait for it. */
static int race(const char *path, int hold_ms)
{
	int barrier[2], ready[2], i, failures = 0;
	pid_t pids[N_PROCS], locker = 0;
	char c;

	if (pipe(barrier) || pipe(ready))
		return N_PROCS;
	fflush(stdout);
	if (hold_ms) {
		locker = hold_lock(path, hold_ms, ready[1]);
		if (locker < 0 || read(ready[0], &c, 1) != 1)
			failures++;
	}
	close(ready[0]);
	close(ready[1]);
	for (i = 0; i < N_PROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(barrier[1]);
			/* returns 0 (end of file) when the parent closes its end */
			if (read(barrier[0], &c, 1) != 0)
				_exit(2);
			_exit(open_and_start(path, i));
		}
	}
	close(barrier[0]);
	close(barrier[1]);
	for (i = 0; i < N_PROCS; i++)
		failures += !reap(pids[i]);
	if (hold_ms && !reap(locker)) {
		printf("# the process holding the lock failed\n");
		failures++;
	}
	return failures;
}

static void remove_db(const char path[static 1])
{
	char side[320];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static int check_db(const char *path)
{
	char want[16];
	snprintf(want, sizeof want, "%d", N_PROCS);
	return sql_is(path, "SELECT count(*) FROM form", "1") &&
	       sql_is(path, "SELECT count(*) FROM response", want) &&
	       /* every migration ran once, up to the current schema (5) */
	       sql_is(path, "SELECT count(*) = (SELECT user_version FROM pragma_user_version) "
			    "AND count(DISTINCT version) = count(*) FROM migration", "1") &&
	       sql_is(path, "PRAGMA user_version", "5") &&
	       sql_is(path, "PRAGMA application_id", "1264145228") &&
	       sql_is(path, "PRAGMA journal_mode", "wal");
}

int main(void)
{
	const char *env = getenv("KYSELY_RACE_ROUNDS");
	int rounds = env && atoi(env) > 0 ? atoi(env) : 12, r, failed, bad_rounds = 0;
	char path[300];

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/new.db", dir);
	for (r = 0; r < rounds; r++) {
		remove_db(path);
		failed = race(path, 0);
		if (failed || !check_db(path)) {
			printf("# round %d: %d of %d openers failed\n", r + 1, failed, N_PROCS);
			bad_rounds++;
		}
	}
	ok(bad_rounds == 0, "%d rounds of %d processes opening one new database at once: "
	   "%d rounds failed", rounds, N_PROCS, bad_rounds);

	/* The file exists but is locked by another connection, as when a
	 * terminal is creating it: the openers wait instead of failing. */
	remove_db(path);
	failed = race(path, 400);
	ok(failed == 0 && check_db(path),
	   "%d openers wait for a lock held on the new file: %d failed", N_PROCS, failed);

	remove_db(path);
	rmdir(dir);
	return tap_done();
}
