/* test-util.c - the utility layer: the option parser (util/cmdline.h),
 * array growth (util/mem.h), the UUID formatter (util/uuid.h) and the
 * decimal grammar's conversion (util/number.h). */
#include "config.h"
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/tap.h"
#include "util/cmdline.h"
#include "util/mem.h"
#include "util/number.h"
#include "util/strpool.h"
#include "util/uuid.h"

struct opts {
	const char *name, *list[2];
	size_t n_list;
	long count;
	int digits;
	double level;
	bool flag;
	int calls;
};

static int count_call(void *base, const char *value, struct ky_error *err)
{
	struct opts *o = base;
	if (!strcmp(value, "bad"))
		return ky_error_set(err, KY_EUSAGE, "t: --call: bad");
	o->calls++;
	return KY_OK;
}

static const struct cmdline_option table[] = {
	CMDLINE_OPT_REQUIRED('n', "name", struct opts, name, "NAME", "a name"),
	CMDLINE_OPT_LIST("item", struct opts, list, n_list, 2, "X", "an item"),
	CMDLINE_OPT_LONG('c', NULL, struct opts, count, 0, 10, "N", "a count"),
	CMDLINE_OPT_INT(0, "digits", struct opts, digits, 1, 15, "N", "digits"),
	CMDLINE_OPT_DOUBLE(0, "level", struct opts, level, 0.5, 0.99, "L", "a level"),
	CMDLINE_OPT_FLAG(0, "flag", struct opts, flag, "a flag"),
	CMDLINE_OPT_CALL(0, "call", count_call, "V", "a call"),
	CMDLINE_OPT_END
};

/* Parses the words (argv[0] "t" added) into *o; returns the code. */
static int parse(struct opts *o, struct cmdline *cl, struct ky_error *err, int n, ...)
{
	char *argv[16] = { "t" };
	struct cmdline_table t = { table, o };
	va_list ap;

	memset(o, 0, sizeof *o);
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		argv[i + 1] = va_arg(ap, char *);
	va_end(ap);
	ky_error_clear(err);
	return cmdline_parse(cl, "t", &t, 1, n + 1, argv, err);
}

static void test_parse(void)
{
	struct opts o;
	struct cmdline cl;
	struct ky_error err;
	int rc;

	rc = parse(&o, &cl, &err, 11, "pos1", "--name", "x", "--item", "a", "-c", "7",
		   "--digits=3", "--level", "0.9", "pos2");
	ok(rc == KY_OK, "a full line parses (%s)", err.msg);
	ok(o.name && !strcmp(o.name, "x") && o.n_list == 1 && !strcmp(o.list[0], "a"),
	   "strings and lists land in their fields");
	ok(o.count == 7 && o.digits == 3 && fabs(o.level - 0.9) < 1e-15, "numbers land in their fields");
	ok(cl.n_args == 2 && !strcmp(cl.args[0], "pos1") && !strcmp(cl.args[1], "pos2"),
	   "positional arguments in order (%d)", cl.n_args);
	ok(cmdline_given(&cl, "digits") && !cmdline_given(&cl, "flag"), "cmdline_given");
	cmdline_release(&cl);

	rc = parse(&o, &cl, &err, 2, "--flag", "--digits");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: option '--digits' needs a value"),
	   "a missing value: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 1, "--flag");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: --name is required"), "required: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 3, "-n", "x", "-c11");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: '-c' takes a whole number from 0 to 10, not '11'"),
	   "a range, short only: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 3, "-n", "x", "-c 5");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: '-c' takes a whole number from 0 to 10, not ' 5'"),
	   "a whole number has no leading blank: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 3, "-n", "x", "-c+5");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: '-c' takes a whole number from 0 to 10, not '+5'"),
	   "a whole number has no plus sign: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 4, "-n", "x", "--level", "0x1p-1");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: '--level' takes a number from 0.5 to 0.99, not '0x1p-1'"),
	   "--level 0x1p-1: numbers as answers write them, no hex: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 4, "-n", "x", "--level", "1");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: '--level' takes a number from 0.5 to 0.99, not '1'"),
	   "a double's range: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 8, "-n", "x", "--item", "a", "--item", "b", "--item", "c");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: at most 2 --item"), "a list's limit: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 6, "-n", "x", "--call", "1", "--call", "bad");
	ok(rc == KY_EUSAGE && o.calls == 1 && !strcmp(err.msg, "t: --call: bad"),
	   "a call's error stops the parse: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 2, "--frob", "-h");
	ok(rc == KY_EUSAGE && !strcmp(err.msg, "t: unknown option '--frob'"), "unknown: %s", err.msg);
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 2, "-h", "--frob");
	ok(rc == KY_OK && cl.help, "-h first: help, nothing required");
	cmdline_release(&cl);
	rc = parse(&o, &cl, &err, 4, "-n", "x", "--", "--flag");
	ok(rc == KY_OK && !o.flag && cl.n_args == 1 && !strcmp(cl.args[0], "--flag"),
	   "after --, words are arguments");
	cmdline_release(&cl);
}

static void test_grow(void)
{
	int *a = NULL;
	size_t n, cap = 0;

	ok(ky_grow_cap(0, 1, 16) == 16 && ky_grow_cap(16, 17, 16) == 32 && ky_grow_cap(3, 100, 8) == 192,
	   "ky_grow_cap: first, then doubling until need");
	for (n = 0; n < 1000; n++) {
		KY_GROW(a, n, cap, 4);
		a[n] = (int)n;
	}
	ok(cap == 1024 && a[999] == 999, "KY_GROW keeps room for the next element (cap %zu)", cap);
	free(a);
}

static void test_uuid(void)
{
	unsigned char b[16];
	char id[KY_UUID_LEN];

	memset(b, 0xff, sizeof b);
	ky_uuid_format(b, id);
	ok(!strcmp(id, "ffffffff-ffff-4fff-bfff-ffffffffffff"), "version and variant bits: %s", id);
	memset(b, 0, sizeof b);
	ky_uuid_format(b, id);
	ok(!strcmp(id, "00000000-0000-4000-8000-000000000000"), "from zero bytes: %s", id);
}

/* The short decimals' fast path and the long way give strtod's double,
 * bit for bit, on both sides of each of its limits. */
static void test_decimal(void)
{
	static const char *const texts[] = {
		"0", "-0", "+7", "5.", ".5", "0.1", "2.675", "-1234.5678", "100000",
		"9007199254740991", "9007199254740992", "9007199254740993",
		"123456789012345.6", "0.0000000000000000000001", "0.00000000000000000000001",
		"1.00000000000000000000000000001", "98765432109876543210",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		double got = NAN, want = strtod(texts[i], NULL);
		bool parsed = ky_parse_decimal(texts[i], false, &got);
		ok(parsed && memcmp(&got, &want, sizeof got) == 0, "decimal %s: %.17g, strtod %.17g",
		   texts[i], got, want);
	}
}

/* Pointers handed out stay valid while the pool grows past many chunks,
 * a string longer than a chunk included. */
static void test_strpool(void)
{
	struct ky_strpool pool = { 0 };
	char *kept[3000], big[100000], text[32];
	bool same = true;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (int i = 0; i < 3000; i++) {
		snprintf(text, sizeof text, "respondent-%d", i);
		kept[i] = ky_strpool_add(&pool, i == 1500 ? big : text);
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(text, sizeof text, "respondent-%d", i);
		same = same && !strcmp(kept[i], i == 1500 ? big : text);
	}
	ok(same, "3000 strings and one of 100 kB stay where they were put");
	ky_strpool_release(&pool);
	ok(pool.head == NULL, "released, the pool is empty");
}

int main(void)
{
	test_strpool();
	test_decimal();
	test_parse();
	test_grow();
	test_uuid();
	return tap_done();
}
