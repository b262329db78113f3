/* test-csvwrite.c - quoting, formula neutralisation, numbers, file mode. */
#include "config.h"
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/csvwrite.h"
#include "io/table.h"
#include "tap.h"

/* Writes one row through fn into memory and returns the text (static). */
static const char *row_of(void (*fn)(struct csvwrite *w), bool neutralise)
{
	static char buf[4096];
	struct csvwrite w;
	struct ky_error err;
	FILE *fp = fmemopen(buf, sizeof buf, "w");

	csvwrite_init(&w, fp, 6);
	w.neutralise = neutralise;
	fn(&w);
	csvwrite_end_row(&w);
	if (csvwrite_finish(&w, "mem", &err) != KY_OK)
		return "(write failed)";
	fclose(fp);
	return buf;
}

static void plain_cells(struct csvwrite *w)
{
	csvwrite_text(w, "abc");
	csvwrite_empty(w);
	csvwrite_text(w, "a,b");
	csvwrite_text(w, "say \"hi\"");
	csvwrite_text(w, "two\nlines");
	csvwrite_text(w, " padded");
	csvwrite_text(w, "Sairaanhoitaja ä");
}

static void formula_cells(struct csvwrite *w)
{
	csvwrite_text(w, "=1+1");
	csvwrite_text(w, "+cmd");
	csvwrite_text(w, "-x");
	csvwrite_text(w, "@SUM(A1)");
	csvwrite_text(w, "\tTAB");
	csvwrite_text(w, "\rCR");
	csvwrite_text(w, "=a,b");
}

static void number_cells(struct csvwrite *w)
{
	csvwrite_number(w, -0.05);
	csvwrite_text(w, "-0.05");
	csvwrite_text(w, "+3");
	csvwrite_text(w, "-1e-7");
	csvwrite_number(w, 123456789012.0);
	csvwrite_number(w, 1.0 / 3.0);
	csvwrite_number(w, NAN);
	csvwrite_number(w, INFINITY);
	csvwrite_number(w, -0.0);
	csvwrite_int(w, -42);
	csvwrite_text(w, "-1+2");
}

static void semicolon_cells(struct csvwrite *w)
{
	csvwrite_text(w, "a;=cmd|' /C calc'!A0");
	csvwrite_text(w, "r1;=1+1");
	csvwrite_text(w, "a;b");
	csvwrite_text(w, "x\t=1");
	csvwrite_text(w, "x\ty");
	csvwrite_text(w, " =1+1");
	csvwrite_text(w, "'abc");
	csvwrite_text(w, "'=x");
	csvwrite_text(w, "b; @SUM(1)");
}

/* A written cell read back as kysely's readers do: unquoted, then one
 * neutralising apostrophe removed. */
static char *read_back(const char *line)
{
	size_t len = strlen(line), i, n = 0;
	char *out = malloc(len + 1), *plain;

	if (len && line[len - 1] == '\n')
		len--;
	if (len >= 2 && line[0] == '"') {
		for (i = 1; i + 1 < len; i++) {
			out[n++] = line[i];
			if (line[i] == '"')
				i++;
		}
	} else {
		memcpy(out, line, len);
		n = len;
	}
	out[n] = '\0';
	plain = csvwrite_unneutralise(out, n);
	if (plain) {
		free(out);
		out = plain;
	}
	return out;
}

static bool unmarks(const char *written, const char *value)
{
	char *plain = csvwrite_unneutralise(written, strlen(written));
	bool same = !strcmp(plain ? plain : written, value);
	free(plain);
	return same;
}

static void round_trips(void)
{
	static const char *const texts[] = {
		"'=x", "'abc", "=x", "a;=1+1", "x\t=1", "''", "'", "'-5", "-5", " 'a", "''=y",
		"plain", "a;b", " =1", "@", "'+", "+1", "=a,\"b\"", "a;'=1", "a;;=1", "x\n=1",
		"\t\t=1", " \t'", "a\r\n@b", "-5;-5", "a; ", ";", "'\n'",
	};
	char buf[256];
	size_t i;
	bool all = true;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct csvwrite w;
		struct ky_error err;
		FILE *fp = fmemopen(buf, sizeof buf, "w");
		char *back;
		csvwrite_init(&w, fp, 0);
		csvwrite_text(&w, texts[i]);
		csvwrite_end_row(&w);
		csvwrite_finish(&w, "mem", &err);
		fclose(fp);
		back = read_back(buf);
		if (strcmp(back, texts[i])) {
			printf("# '%s' came back as '%s' (written %s)\n", texts[i], back, buf);
			all = false;
		}
		free(back);
	}
	ok(all, "every text round-trips through writer and reader exactly");
}

/* Excel mode: the byte-order mark first, then the cells of several rules. */
static void excel_cells(struct csvwrite *w)
{
	csvwrite_excel(w);
	csvwrite_number(w, -0.05);
	csvwrite_text(w, "2.5");
	csvwrite_number(w, 3);
	csvwrite_text(w, "Sairaanhoitaja ä");
	csvwrite_text(w, "a,b");
	csvwrite_text(w, "a;=1");
	csvwrite_text(w, "=SUM(A1)");
	csvwrite_text(w, "1.2.3");
	csvwrite_number(w, NAN);
	csvwrite_number(w, 1e-7);
}

static void nan_only(struct csvwrite *w)
{
	csvwrite_number(w, NAN);
	csvwrite_number(w, -INFINITY);
}

static void header_cells(struct csvwrite *w)
{
	char name[8];
	for (int i = 0; i < 11; i++) {   /* the cells of number_cells */
		snprintf(name, sizeof name, "h%d", i);
		csvwrite_text(w, name);
	}
	csvwrite_end_row(w);
}

/* A table (io/table.h) holds the text of each cell as given and the
 * numbers as the file has them: written out, the same bytes. */
static void table_sink(void)
{
	struct table t = { 0 };
	struct csvwrite w;
	struct ky_error err;
	char buf[512], direct[512];
	FILE *fp;

	csvwrite_init_table(&w, &t, 4);
	header_cells(&w);
	number_cells(&w);
	csvwrite_end_row(&w);
	ok(t.n_rows == 1 && t.n_cols == 11 && !strcmp(table_cell(&t, 0, table_col(&t, "h0")), "-0.05") &&
	   !strcmp(t.rows[0][2], "+3") && !strcmp(t.rows[0][10], "-1+2") && !strcmp(t.rows[0][6], ""),
	   "a table sink keeps the header and the cells as given");
	fp = fmemopen(buf, sizeof buf, "w");
	table_write_csv(&t, fp, "mem", false, &err);
	fclose(fp);
	fp = fmemopen(direct, sizeof direct, "w");
	csvwrite_init(&w, fp, 4);
	header_cells(&w);
	number_cells(&w);
	csvwrite_end_row(&w);
	csvwrite_finish(&w, "mem", &err);
	fclose(fp);
	ok(!strcmp(buf, direct),
	   "the table's CSV has the direct writer's bytes: %s", buf);
	char num[CSVWRITE_NUMBER_MAX];
	ok(csvwrite_format_number(num, sizeof num, 1.0 / 3, 4) == 6 && !strcmp(num, "0.3333") &&
	   csvwrite_format_number(num, sizeof num, -0.0, 4) == 1 && !strcmp(num, "0") &&
	   csvwrite_format_number(num, sizeof num, NAN, 4) == 0,
	   "one number format: digits, no -0, nothing for NaN");
	table_release(&t);
}

int main(void)
{
	struct ky_error err;
	struct csvwrite w;
	struct stat st;
	char path[] = "/tmp/test-csvwrite-XXXXXX";
	char file[64];
	FILE *fp;
	int fd;

	ok(!strcmp(row_of(plain_cells, true),
		   "abc,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",Sairaanhoitaja ä\n"),
	   "quoting only where needed");
	ok(!strcmp(row_of(formula_cells, true),
		   "'=1+1,'+cmd,'-x,'@SUM(A1),\"'\tTAB\",\"'\rCR\",\"'=a,b\"\n"),
	   "formula starts are neutralised: %s", row_of(formula_cells, true));
	ok(!strcmp(row_of(formula_cells, false),
		   "=1+1,+cmd,-x,@SUM(A1),\"\tTAB\",\"\rCR\",\"=a,b\"\n"),
	   "neutralise off keeps values");
	ok(!strcmp(row_of(number_cells, true),
		   "-0.05,-0.05,+3,-1e-7,123456789012,0.333333,,,0,-42,'-1+2\n"),
	   "numbers untouched, NaN/inf empty: %s", row_of(number_cells, true));
	ok(!strcmp(row_of(nan_only, true), ",\n"), "a row of undefined numbers keeps its cells");

	ok(csvwrite_is_number("12", 2) && csvwrite_is_number(".5", 2) &&
	   csvwrite_is_number("-3.", 3) && !csvwrite_is_number("-", 1) &&
	   !csvwrite_is_number("1e", 2) && !csvwrite_is_number("inf", 3) &&
	   !csvwrite_is_number("0x1A", 4) && !csvwrite_is_number("", 0),
	   "csvwrite_is_number accepts decimals only");
	ok(unmarks("'=x", "=x") && unmarks("'abc", "'abc") && unmarks("'", "'") &&
	   unmarks("=x", "=x") && unmarks("''abc", "'abc") && unmarks("a;'=1", "a;=1") &&
	   unmarks("'a;=1", "'a;=1") && unmarks("x;'y", "x;'y"),
	   "unneutralise removes only an apostrophe the writer added");
	ok(!strcmp(row_of(semicolon_cells, true),
		   "\"a;'=cmd|' /C calc'!A0\",\"r1;'=1+1\",\"a;b\",\"x\t'=1\",\"x\ty\","
		   "' =1+1,''abc,''=x,\"b;' @SUM(1)\"\n"),
	   "';' and TAB are quoted, formulas after them and own apostrophes neutralised: %s",
	   row_of(semicolon_cells, true));
	round_trips();
	ok(!strcmp(row_of(excel_cells, true),
		   "\xEF\xBB\xBF-0,05;2,5;3;Sairaanhoitaja ä;\"a,b\";\"a;'=1\";'=SUM(A1);1.2.3;;1e-07\n"),
	   "excel: BOM, ';', decimal comma on numbers only, formulas still neutralised: %s",
	   row_of(excel_cells, true));
	table_sink();

	/* Files are created 0600 whatever the umask. */
	if (!mkdtemp(path))
		return 1;
	snprintf(file, sizeof file, "%s/out.csv", path);
	umask(022);
	ok(csvwrite_open(&w, file, NULL, 0, &err) == KY_OK, "csvwrite_open creates a file");
	if (w.fp) {
		csvwrite_number(&w, 2.5);
		csvwrite_end_row(&w);
		ok(stat(file, &st) != 0, "nothing at the name before the close");
		ok(csvwrite_close(&w, file, &err) == KY_OK, "close succeeds");
	}
	ok(stat(file, &st) == 0 && (st.st_mode & 0777) == 0600, "file mode is 0600");
	/* a discarded file leaves the older one as it was */
	ok(csvwrite_open(&w, file, NULL, 0, &err) == KY_OK, "csvwrite_open over a file");
	csvwrite_text(&w, "half");
	csvwrite_discard(&w);
	ok(stat(file, &st) == 0 && st.st_size == 4, "discard keeps the old file (size %ld)",
	   (long)st.st_size);
	unlink(file);
	snprintf(file, sizeof file, "%s/missing/out.csv", path);
	ok(csvwrite_open(&w, file, NULL, 0, &err) == KY_EIO && strstr(err.msg, "missing"),
	   "an impossible path is KY_EIO naming it: %s", err.msg);
	rmdir(path);

	/* A full device is reported, not ignored. */
	fd = open("/dev/full", O_WRONLY);
	if (fd >= 0 && (fp = fdopen(fd, "w"))) {
		int i;
		csvwrite_init(&w, fp, 0);
		for (i = 0; i < 10000; i++)
			csvwrite_text(&w, "filling the buffer");
		csvwrite_end_row(&w);
		ok(csvwrite_close(&w, "/dev/full", &err) == KY_EIO, "write error reported: %s", err.msg);
	}
	return tap_done();
}
