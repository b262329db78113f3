/* test-csvread.c - records, physical line numbers, BOM, CRLF, encodings,
 * located errors and big fields of the streaming CSV reader. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "io/csvread.h"
#include "util/mem.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test-csvread-XXXXXX";

static char *write_file(const char *name, const char *data, size_t len)
{
	char *path = ky_asprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	return path;
}

/* Reads everything; returns the record count or -1 on error (err filled).
 * Lines and first fields of the first 8 records are kept. */
struct result {
	int n;
	long lines[8];
	char first[8][64];
	size_t n_fields[8];
	char last_field[8][64];
};

static int read_all(struct csvread *r, struct result *res, struct ky_error *err)
{
	const struct csvread_record *rec;
	int ret;

	memset(res, 0, sizeof *res);
	while ((ret = csvread_next(r, &rec, err)) == 1) {
		if (res->n < 8) {
			res->lines[res->n] = rec->line;
			res->n_fields[res->n] = rec->n_fields;
			snprintf(res->first[res->n], 64, "%s", rec->fields[0]);
			snprintf(res->last_field[res->n], 64, "%s", rec->fields[rec->n_fields - 1]);
		}
		res->n++;
	}
	csvread_close(r);
	return ret == 0 ? res->n : -1;
}

static int read_buffer(const char *text, struct result *res, struct ky_error *err)
{
	struct csvread *r;
	if (csvread_open_buffer(text, strlen(text), "mem.csv", &r, err))
		return -1;
	return read_all(r, res, err);
}

static int read_path(const char *path, const char *enc, struct result *res, struct ky_error *err)
{
	struct csvread *r;
	if (csvread_open(path, enc, &r, err))
		return -1;
	return read_all(r, res, err);
}

static void test_lines(void)
{
	struct result res;
	struct ky_error err;
	const char *text =
		"a,b,c\n"
		"1,\"two\nlines\",3\n"
		"\n"
		"x,\"say \"\"hi\"\"\",z\n"
		"\"\nstarts with newline\",q,\n"
		"last,no,newline";
	int n = read_buffer(text, &res, &err);

	ok(n == 5, "five records (blank line skipped): %d", n);
	ok(res.lines[0] == 1 && res.lines[1] == 2 && res.lines[2] == 5 &&
	   res.lines[3] == 6 && res.lines[4] == 8,
	   "record start lines 1 2 5 6 8: %ld %ld %ld %ld %ld",
	   res.lines[0], res.lines[1], res.lines[2], res.lines[3], res.lines[4]);
	ok(!strcmp(res.last_field[2], "z") && res.n_fields[2] == 3, "quoted quotes parsed");
	ok(res.n_fields[3] == 3 && res.last_field[3][0] == '\0', "trailing empty field kept");
	ok(!strcmp(res.first[3], "\nstarts with newline"), "field starting with a newline");
	ok(!strcmp(res.last_field[4], "newline"), "last record without line break");
}

/* Lines without a quote are split apart from libcsv: the same fields,
 * and a quote-free line inside a quoted field stays in that field. */
static void test_plain_lines(void)
{
	struct result res;
	struct ky_error err;
	const char *text =
		"a,b,c\n"
		"1,\"two\nplain, middle\nend\",3\n"
		",\n"
		"single\n"
		"x, y ,\n";
	int n = read_buffer(text, &res, &err);

	ok(n == 5, "five records: %d", n);
	ok(res.n_fields[0] == 3 && !strcmp(res.last_field[0], "c"), "a plain line: 3 fields");
	ok(res.n_fields[1] == 3 && !strcmp(res.last_field[1], "3") && res.lines[2] == 5,
	   "a quote-free line inside a quoted field is part of it (next record at line %ld)",
	   res.lines[2]);
	ok(res.n_fields[2] == 2 && !res.first[2][0] && !res.last_field[2][0], "',' is two empty fields");
	ok(res.n_fields[3] == 1 && !strcmp(res.first[3], "single"), "one field");
	ok(res.n_fields[4] == 3 && !res.last_field[4][0] && res.lines[4] == 7,
	   "blanks kept, empty last field");
}

static void test_bom_crlf(void)
{
	struct result res;
	struct ky_error err;
	int n = read_buffer("\xEF\xBB\xBFtype,name\r\n\"a\r\nb\",c\r\n\r\nd, e \r\n", &res, &err);

	ok(n == 3, "CRLF: three records: %d", n);
	ok(!strcmp(res.first[0], "type"), "BOM stripped: '%s'", res.first[0]);
	ok(res.lines[1] == 2 && res.lines[2] == 5, "CRLF lines 2 5: %ld %ld", res.lines[1], res.lines[2]);
	ok(!strcmp(res.first[1], "a\r\nb"), "CRLF inside quotes kept");
	ok(!strcmp(res.last_field[2], " e "), "blanks around a field kept: '%s'", res.last_field[2]);
}

static void test_lone_cr(void)
{
	struct result res;
	struct ky_error err;
	int n = read_buffer("a,b\r\"c\rd\",e\r\rf,g\r\n\nh\r", &res, &err);

	ok(n == 4 && res.lines[0] == 1 && res.lines[1] == 2 && res.lines[2] == 5 && res.lines[3] == 7,
	   "lone CR ends lines too: %d records at %ld %ld %ld %ld", n,
	   res.lines[0], res.lines[1], res.lines[2], res.lines[3]);
}

static void test_errors(void)
{
	struct result res;
	struct ky_error err;
	int n;

	n = read_buffer("a,b\nc,d\ne,caf\xE9\n", &res, &err);
	ok(n == -1 && !strcmp(err.msg, "mem.csv:3: invalid UTF-8 (use --encoding to name the source encoding)"),
	   "invalid UTF-8 located: %s", err.msg);
	n = read_buffer("a,\"b\nc\xC0\xAF\"\n", &res, &err);
	ok(n == -1 && strstr(err.msg, "mem.csv:2: invalid UTF-8"), "overlong form refused at its line: %s", err.msg);
	n = read_buffer("a,b\nc,\"open\n\nmore\n", &res, &err);
	ok(n == -1 && !strcmp(err.msg, "mem.csv:2: quoted field not closed"), "unclosed quote: %s", err.msg);
	n = read_buffer("a,b\nc,d\"e\n", &res, &err);
	ok(n == -1 && strstr(err.msg, "mem.csv:2: malformed CSV"), "stray quote: %s", err.msg);

	{
		static const char nul[] = "a,b\n\nc,d\0e\n";
		struct csvread *r;
		csvread_open_buffer(nul, sizeof nul - 1, "nul.csv", &r, &err);
		n = read_all(r, &res, &err);
		ok(n == -1 && !strcmp(err.msg, "nul.csv:3: NUL byte in text"), "NUL located: %s", err.msg);
	}
	n = read_path("/nonexistent/x.csv", NULL, &res, &err);
	ok(n == -1 && err.code == KY_EIO, "missing file is KY_EIO: %s", err.msg);
}

static void test_encoding(void)
{
	struct result res;
	struct ky_error err;
	static const char cp[] = "name,label\nq1,\x93" "Caf\xE9\x94 \x80 5\n";
	char *path = write_file("cp1252.csv", cp, sizeof cp - 1);
	int n;

	n = read_path(path, NULL, &res, &err);
	ok(n == -1 && strstr(err.msg, "cp1252.csv:2: invalid UTF-8 (use --encoding"),
	   "cp1252 read as UTF-8 fails at line 2: %s", err.msg);
	n = read_path(path, "cp1252", &res, &err);
	ok(n == 2 && !strcmp(res.last_field[1], "\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D \xE2\x82\xAC 5"),
	   "cp1252 converted: %s", n == 2 ? res.last_field[1] : err.msg);
	n = read_path(path, "no-such-encoding", &res, &err);
	ok(n == -1 && err.code == KY_EUSAGE, "unknown encoding refused: %s", err.msg);
	unlink(path);
	free(path);
}

/* A file far larger than one chunk: lines stay right across chunk ends,
 * and a 1 MB field survives. */
static void test_big(void)
{
	size_t big = 1024 * 1024, cap = 4 * big, len = 0;
	char *data = ky_malloc(cap);
	struct csvread *r;
	const struct csvread_record *rec;
	struct ky_error err;
	char *path;
	int i, ret, n = 0, lines_ok = 1, big_ok = 0;

	for (i = 0; i < 20000; i++)
		len += (size_t)sprintf(data + len, "%d,\"row\n%d\"\n", i, i);
	len += (size_t)sprintf(data + len, "big,\"");
	memset(data + len, 'x', big);
	len += big;
	len += (size_t)sprintf(data + len, "\"\nend,1\n");
	path = write_file("big.csv", data, len);

	if (csvread_open(path, NULL, &r, &err) == 0) {
		while ((ret = csvread_next(r, &rec, &err)) == 1) {
			if (n < 20000 && rec->line != 2L * n + 1)
				lines_ok = 0;
			if (n == 20000)
				big_ok = rec->n_fields == 2 && rec->lens[1] == big &&
					 rec->fields[1][big - 1] == 'x' && rec->line == 40001;
			n++;
		}
		csvread_close(r);
		ok(ret == 0, "big file read to the end");
	} else
		ok(0, "open big file: %s", err.msg);
	ok(n == 20002, "20002 records: %d", n);
	ok(lines_ok, "line numbers right across chunks");
	ok(big_ok, "1 MB field read whole at line 40001");

	/* the same through iconv */
	if (csvread_open(path, "latin1", &r, &err) == 0) {
		n = 0;
		lines_ok = 1;
		while ((ret = csvread_next(r, &rec, &err)) == 1) {
			if (n < 20000 && rec->line != 2L * n + 1)
				lines_ok = 0;
			n++;
		}
		csvread_close(r);
		ok(ret == 0 && n == 20002 && lines_ok, "converted big file: %d records", n);
	} else
		ok(0, "open big file latin1: %s", err.msg);
	unlink(path);
	free(path);
	free(data);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_lines();
	test_plain_lines();
	test_bom_crlf();
	test_lone_cr();
	test_errors();
	test_encoding();
	test_big();
	rmdir(tmpdir);
	return tap_done();
}
