/* test-expr.c - the expression engine: syntax, errors, XPath values, the
 * contract's empty-value rules, every function, and robustness. */
#include "config.h"
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "form/expr.h"
#include "tap.h"

/* ---- a test environment: answers and choice columns by name ---- */

struct pair {
	const char *name, *value;
};

struct fixture {
	const struct pair *answers;
	const struct pair *columns;
	int random_calls;
};

static const char *find(const struct pair *pairs, const char *name)
{
	for (; pairs && pairs->name; pairs++)
		if (!strcmp(pairs->name, name))
			return pairs->value;
	return NULL;
}

static const char *lookup(void *ctx, const char *name)
{
	return find(((struct fixture *)ctx)->answers, name);
}

static const char *column(void *ctx, const char *word)
{
	return find(((struct fixture *)ctx)->columns, word);
}

static double fixed_random(void *ctx)
{
	((struct fixture *)ctx)->random_calls++;
	return 0.25;
}

static const struct pair default_answers[] = {
	{ "age", "34" },
	{ "empty", "" },
	{ "name", "Aino" },
	{ "fruits", "apple banana  cherry" },
	{ "district", "north" },
	{ "birth", "1990-06-15" },
	{ "a", "x" },
	{ "ten", "10" },
	{ "nine", "9" },
	{ "price", " 2.5 " },
	{ "uni", "äöå€x" },
	{ "backref", "(a)\\1" },
	{ NULL, NULL }
};

static struct fixture fx = { default_answers, NULL, 0 };
static struct expr_env env = {
	.lookup = lookup, .column = column, .random = fixed_random, .ctx = &fx,
	.dot = NULL, .now = 1714556096 /* 2024-05-01T09:34:56Z */
};

static struct expr *parse_ok(const char *src)
{
	struct expr *e = NULL;
	char err[256];

	if (expr_parse(src, &e, err, sizeof err) != 0) {
		printf("# parse of '%.80s' failed: %s\n", src, err);
		return NULL;
	}
	return e;
}

static void check_bool(const char *src, bool expected)
{
	struct expr *e = parse_ok(src);

	ok(e && expr_eval_bool(e, &env) == expected, "%s is %s", src,
	   expected ? "true" : "false");
	expr_destroy(e);
}

static void check_number(const char *src, double expected)
{
	struct expr *e = parse_ok(src);
	double actual = e ? expr_eval_number(e, &env) : -12345.678;

	if (!ok(close_enough(actual, expected, 1e-12), "%s = %.15g", src, expected))
		printf("#   actual %.15g\n", actual);
	expr_destroy(e);
}

static void check_string(const char *src, const char *expected)
{
	struct expr *e = parse_ok(src);
	char *actual = e ? expr_eval_string(e, &env) : NULL;

	if (!ok(actual && !strcmp(actual, expected), "%s -> '%s'", src, expected))
		printf("#   actual '%s'\n", actual ? actual : "(null)");
	free(actual);
	expr_destroy(e);
}

static void check_error(const char *src, const char *expected)
{
	struct expr *e = (struct expr *)&env; /* must be reset to NULL */
	char err[256] = "";
	int rc = expr_parse(src, &e, err, sizeof err);

	if (!ok(rc == -1 && e == NULL && !strcmp(err, expected), "'%s' fails with \"%s\"", src,
		expected))
		printf("#   rc %d, message \"%s\"\n", rc, err);
}

/* An XPath node path reads as a reference to its trailing names. */
static void check_path_ref(const char *src, const char *name)
{
	struct expr *e = NULL;
	char err[256] = "";
	int rc = expr_parse(src, &e, err, sizeof err);

	if (!ok(rc == 0 && e && expr_ref_count(e) == 1 && !strcmp(expr_ref_name(e, 0), name),
		"'%s' refers to ${%s}", src, name))
		printf("#   rc %d, message \"%s\"\n", rc, err);
	expr_destroy(e);
}

/* A CHT function parses with its references, is named for the reader's
 * warning, and is empty; an unprefixed unknown one stays an error. */
static void check_vendor(void)
{
	struct expr *e = NULL;
	char err[256] = "";
	int rc = expr_parse("cht:difference-in-days(${born}, today())", &e, err, sizeof err);

	ok(rc == 0 && expr_vendor_function(e) && !strcmp(expr_vendor_function(e), "cht:difference-in-days") &&
	   expr_ref_count(e) == 1 && !strcmp(expr_ref_name(e, 0), "born"),
	   "cht:difference-in-days parses, named as a vendor function, refers to ${born}");
	expr_destroy(e);
	check_string("concat('[', cht:add-date(today(), 3), ']')", "[]");
	check_bool("1 = 1", true);
	ok(expr_parse("1 = 1", &e, err, sizeof err) == 0 && !expr_vendor_function(e),
	   "an ODK expression names no vendor function");
	expr_destroy(e);
	check_error("difference-in-days(1, 2)", "unknown function 'difference-in-days' at column 1");
}

/* The expression parses, and expr_problem() says expected (NULL: nothing). */
static void check_problem(const char *src, const char *expected)
{
	struct expr *e = parse_ok(src);
	const char *problem = expr_problem(e);

	if (!ok(e && (expected ? problem && !strcmp(problem, expected) : !problem),
		"%s has problem \"%s\"", src, expected ? expected : "(none)"))
		printf("#   problem \"%s\"\n", problem ? problem : "(none)");
	expr_destroy(e);
}

/* ---- the groups of checks ---- */

/* Back-references never reach glibc (exponential, and a stack overflow
 * on some: CVE-2019-9192): a literal pattern with one is reported (an
 * error for validate) and, like one from an answer, never matches. Text past 2048 bytes is never matched (glibc's
 * search is quadratic in it). */
static void test_regex_limits(void)
{
	static char text[2050];

	check_problem("regex(., '(|)(\\1\\1)*')",
		      "back-references (\\1 to \\9) are not supported in regex() at column 15");
	check_problem("regex(${a}, 'x') or regex(${a}, concat('a', 'b')) or regex(., '(a)\\9')",
		      "back-references (\\1 to \\9) are not supported in regex() at column 67");
	check_problem("regex(., '^(a|b)[\\1]\\\\1$')", NULL);
	check_bool("regex('aa', '(a)\\1')", false);       /* parsed, never matched */
	check_bool("regex('1', '^[\\1]$')", true);       /* in brackets: the characters */
	check_bool("regex('a\\1', '\\\\1')", true);       /* an escaped backslash, then 1 */
	check_bool("regex('aa', ${backref})", false);     /* glibc would say true */
	check_bool("regex('aa', concat('(a)', '\\1'))", false);
	memset(text, 'a', 2048);
	text[2048] = '\0';
	env.dot = text;
	check_bool("regex(., '^a+$')", true);
	text[2048] = 'a';
	check_bool("regex(., '^a+$')", false);
	env.dot = NULL;
}

/* Java ranges over code points: "_-é" holds '~', 'Ç' and 'é' (a name
 * check of real Portuguese forms), which glibc refuses in a UTF-8 locale. */
static void test_regex_wide_ranges(void)
{
	const char *name_check = "^[a-zA-Z0-9. _-éáíóãõúçâê]{1,25}$";
	char e[160];

	if (!ok(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "the C.UTF-8 locale (glibc's own)"))
		return;
	snprintf(e, sizeof e, "regex('Good topic', '%s')", name_check);
	check_bool(e, true);
	snprintf(e, sizeof e, "regex('João Ç~', '%s')", name_check);
	check_bool(e, true);
	snprintf(e, sizeof e, "regex('a!', '%s')", name_check);
	check_bool(e, false);        /* '!' is below '_' */
	snprintf(e, sizeof e, "regex('ÿ', '%s')", name_check);
	check_bool(e, false);        /* U+00FF is past 'é' */
	check_bool("regex('ж', '^[а-я]$') and not(regex('z', '^[а-я]$'))", true);
	check_bool("regex('x', '^[a-􏿿]$')", false);   /* too wide: refused */
	setlocale(LC_CTYPE, "C");
}

/* The tables the form reader attaches: a choice list (instance(),
 * jr:choice-name) and a CSV beside the form (pulldata). */
static const struct expr_table *test_table(void *ctx, const char *function, const char *arg)
{
	static char *header[] = { "name", "label", "region", "label::sv" };
	static char *cells[] = { "hki", "Helsinki", "south", "Helsingfors",
				 "oulu", "Oulu", "north", "Uleåborg",
				 "x", "Aino's town", "north", "" };
	static const struct expr_table t = { header, 4, cells, 3 };
	(void)ctx;
	(void)function;
	return arg ? &t : NULL;
}

static void check_table(const char *src, const char *expected)
{
	struct expr *e = parse_ok(src);
	char *actual;

	expr_attach_tables(e, test_table, NULL);
	actual = e ? expr_eval_string(e, &env) : NULL;
	if (!ok(actual && !strcmp(actual, expected), "%s -> '%s' (with a table)", src, expected))
		printf("#   actual '%s'\n", actual ? actual : "(null)");
	free(actual);
	expr_destroy(e);
}

static void test_tables(void)
{
	check_string("instance('cities')/root/item[name = 'oulu']/label", "");   /* no table */
	check_table("instance('cities')/root/item[name = 'oulu']/label", "Oulu");
	check_table("instance('cities')/root/item[region = 'north' and name != 'oulu']/label",
		    "Aino's town");
	check_table("instance('cities')/root/item[label = 'Helsinki']/region", "south");
	check_table("instance('cities')/root/item/name", "hki");
	check_table("instance('cities')/root/item[name = ${a}]/label", "Aino's town");
	check_table("instance('cities')/root/item[name = current()/../a]/label", "Aino's town");
	check_table("instance('cities')/root/item[name = 'none']/label", "");
	check_table("jr:choice-name('oulu', '${city}')", "Oulu");
	check_table("jr:choice-name(${a}, '${city}')", "Aino's town");
	check_table("pulldata('cities', 'region', 'label', 'Oulu')", "north");
	/* in the respondent's language where the list has a label in it */
	env.lang = "sv";
	check_table("jr:choice-name('oulu', '${city}')", "Uleåborg");
	check_table("instance('cities')/root/item[name = 'hki']/label", "Helsingfors");
	check_table("jr:choice-name('x', '${city}')", "Aino's town");   /* none in sv */
	env.lang = "fi";
	check_table("jr:choice-name('oulu', '${city}')", "Oulu");
	env.lang = NULL;
	check_table("pulldata(${a}, 'region', 'label', 'Oulu')", "");   /* computed file name */
	check_error("instance('c')/root/x", "only instance('LIST')/root/item[...]/FIELD is supported at column 14");
	check_error("instance('c')/root/item[name = 'a']",
		    "instance('LIST')/root/item[...] must end in /FIELD (name, label...) at column 36");
	check_error("instance('c')/root/item[name = 'a'/label", "unexpected '/label' at column 35");
}

static void test_precedence(void)
{
	check_bool("1 + 2 * 3 = 7", true);
	check_number("1 + 2 * 3", 7);
	check_number("(1 + 2) * 3", 9);
	check_bool("not(1 = 2) and 2 > 1", true);
	check_bool("10 div 4 = 2.5", true);
	check_number("7 mod 3", 1);
	check_number("-7 mod 3", -1);
	check_number("10 - 4 - 3", 3);
	check_number("100 div 10 div 2", 5);
	check_number("-2 * 3", -6);
	check_number("- - 4", 4);
	check_number("2 - -3", 5);
	check_bool("1 = 1 or 1 = 2 and 1 = 2", true); /* and binds tighter */
	check_bool("(1 = 1 or 1 = 2) and 1 = 2", false);
	check_bool("1 < 2 = true()", true);             /* (1 < 2) = true() */
	check_number(".5 + 3.5", 4);
	check_bool("1 div 0 > 1000000000", true);
	check_string("1 div 0", "Infinity");
	check_string("0 div 0", "NaN");
	check_number("5 * 2 mod 3", 1);                 /* left to right: 10 mod 3 */
	check_number("${age}-4", 30);
	check_number("${age} * 2 + ${ten}", 78);
	check_number("count-selected(${fruits})-1", 2);
}

static void test_values(void)
{
	check_string("1 + 1", "2");
	check_string("0.1 + 0.2", "0.3");
	check_string("-0.5", "-0.5");
	check_string("10 div 4", "2.5");
	check_string("1 div 3", "0.333333333333333");
	check_string("0.00001 * 1.5", "0.000015");
	check_string("1000000 * 1000000 * 1000000", "1000000000000000000");
	check_string("0 * -1", "0");
	check_string("1 = 1", "true");
	check_string("'a' = 'b'", "false");
	check_string("\"it's\"", "it's");               /* no escapes: the other quote */
	check_string("${name}", "Aino");
	check_string("${nobody}", "");
	check_number("number(${price})", 2.5);
	check_number("number('')", NAN);
	check_number("number('12abc')", NAN);
	check_number("number('1e5')", NAN);
	check_number("number('-3.')", -3);
	check_number("number(true())", 1);
	check_bool("'false'", true);                    /* boolean() of a string */
	check_bool("''", false);
	check_bool("0", false);
	check_bool("0 div 0", false);
	check_bool("-1", true);
	ok(expr_string_truthy("true") && expr_string_truthy("yes") && expr_string_truthy("2") &&
	   expr_string_truthy(" x "), "stored text, non-zero numbers are truthy");
	ok(!expr_string_truthy("") && !expr_string_truthy("false") && !expr_string_truthy("0") &&
	   !expr_string_truthy(" 0.0 ") && !expr_string_truthy(NULL) &&
	   !expr_string_truthy("FALSE"), "empty, false and zero are not");
}

/* interfaces.md section 2: the unanswered question is "". */
static void test_empty_values(void)
{
	check_bool("${empty} = 5", false);
	check_bool("${empty} != 5", true);
	check_bool("${empty} = ''", true);
	check_bool("${empty} != ''", false);
	check_bool("${nobody} = ''", true);
	check_bool("${empty} < 5", false);
	check_bool("${empty} > 5", false);
	check_bool("${empty} <= 5", false);
	check_bool("${empty} >= 5", false);
	check_bool("5 > ${empty}", false);
	check_bool("${empty} < 'b'", false);
	check_number("${empty} + 1", NAN);
	check_number("${empty} * 0", NAN);
	check_number("-${empty}", NAN);
	check_bool("${empty} + 1 = ${empty} + 1", false);   /* NaN never equals */
	check_bool("${empty} + 1 != 1", true);
	check_bool("${empty}", false);
	check_bool("not(${empty})", true);
	check_bool("${age} = 34", true);
	check_bool("${age} != 34", false);
	check_bool("${age} >= 18 and ${age} < 65", true);
}

static void test_comparisons(void)
{
	check_bool("'10' = 10.0", true);
	check_bool("${ten} = 10", true);
	check_bool("${ten} = '10.0'", false);            /* two strings: as text */
	check_bool("${a} = 'x'", true);
	check_bool("${a} != 'x'", false);
	check_bool("${a} = 'X'", false);
	check_bool("${ten} > ${nine}", true);            /* numeric strings: as numbers */
	check_bool("'abc' < 5", false);                  /* NaN */
	check_bool("${birth} < '2000-01-01'", true);     /* ISO dates: as text */
	check_bool("${birth} >= '1990-06-15'", true);
	check_bool("${birth} > today()", false);
	check_bool("'b' > 'a'", true);
	check_bool("${birth} < decimal-date-time('2000-01-01')", true); /* in days */
	check_bool("${birth} > 7000 and ${birth} < 7500", true);   /* day 7470 */
	check_bool("true() = 'x'", true);                /* boolean wins: 'x' is true */
	check_bool("false() = ''", true);
	check_bool("true() = 1", true);
	check_bool("false() != 0", false);
	check_bool("1 = 1 = 1", true);                   /* (1 = 1) = 1: true = true */
}

static void test_dot(void)
{
	struct expr *e = parse_ok(". >= 0 and . <= 60");

	env.dot = "42";
	ok(e && expr_eval_bool(e, &env), "'. >= 0 and . <= 60' holds for 42");
	env.dot = "61";
	ok(e && !expr_eval_bool(e, &env), "and fails for 61");
	env.dot = "-1";
	ok(e && !expr_eval_bool(e, &env), "and for -1");
	env.dot = "";
	ok(e && !expr_eval_bool(e, &env), "an empty answer compares false");
	env.dot = NULL;
	ok(e && !expr_eval_bool(e, &env), "no dot is the empty answer");
	expr_destroy(e);

	env.dot = "hello";
	check_number("string-length()", 5);
	check_number("string-length(.)", 5);
	check_string("string()", "hello");
	check_bool("regex(., '^h.*o$')", true);
	env.dot = " 7 ";
	check_number("number()", 7);
	env.dot = NULL;
}

static void test_select(void)
{
	check_bool("selected(${fruits}, 'banana')", true);
	check_bool("selected(${fruits}, 'cherry')", true);
	check_bool("selected(${fruits}, ' apple ')", true);
	check_bool("selected(${fruits}, 'ban')", false);
	check_bool("selected(${fruits}, '')", false);
	check_bool("selected(${empty}, 'apple')", false);
	check_bool("selected('a b', 'a b')", false);
	check_number("count-selected(${fruits})", 3);
	check_number("count-selected(${empty})", 0);
	check_number("count-selected('  one ')", 1);
	check_string("selected-at(${fruits}, 0)", "apple");
	check_string("selected-at(${fruits}, 2)", "cherry");
	check_string("selected-at(${fruits}, 3)", "");
	check_string("selected-at(${fruits}, -1)", "");
	check_string("selected-at(${fruits}, 0.5)", "");
	check_string("selected-at(${empty}, 0)", "");
}

static void test_choice_filter(void)
{
	static const struct pair north[] = {
		{ "name", "oulu" }, { "district", "north" }, { "label", "Oulu" }, { NULL, NULL }
	};
	static const struct pair south[] = {
		{ "name", "turku" }, { "district", "south" }, { "label", "Turku" }, { NULL, NULL }
	};
	struct expr *e = parse_ok("district = ${district}");
	struct expr *f = parse_ok("name != 'oulu' or starts-with(label, 'O')");

	fx.columns = north;
	ok(e && expr_eval_bool(e, &env), "bare word 'district' matches the candidate in north");
	fx.columns = south;
	ok(e && !expr_eval_bool(e, &env), "and not the one in south");
	ok(f && expr_eval_bool(f, &env), "'name' is a column, not the ${name} answer");
	fx.columns = north;
	ok(f && expr_eval_bool(f, &env), "columns in functions");
	fx.columns = NULL;
	ok(e && !expr_eval_bool(e, &env), "an unknown column is empty");
	ok(e && expr_word_count(e) == 1 && !strcmp(expr_word_name(e, 0), "district") &&
	   expr_ref_count(e) == 1 && !strcmp(expr_ref_name(e, 0), "district"),
	   "the bare word and the reference are listed apart");
	ok(f && expr_word_count(f) == 2 && !strcmp(expr_word_name(f, 1), "label") &&
	   expr_ref_count(f) == 0, "words in order, no references");
	expr_destroy(e);
	expr_destroy(f);
}

static void test_refs(void)
{
	struct expr *e = parse_ok("${b} + ${a} * ${b} + if(${c} = 1, ${ a }, ${d})");

	ok(e && expr_ref_count(e) == 4, "distinct references counted once");
	ok(e && !strcmp(expr_ref_name(e, 0), "b") && !strcmp(expr_ref_name(e, 1), "a") &&
	   !strcmp(expr_ref_name(e, 2), "c") && !strcmp(expr_ref_name(e, 3), "d"),
	   "in order of first appearance (spaces in braces trimmed)");
	ok(e && expr_ref_name(e, 4) == NULL, "past the end is NULL");
	ok(e && expr_calls(e, "if") && !expr_calls(e, "once") && !expr_calls(NULL, "if"),
	   "expr_calls finds if() and not once()");
	expr_destroy(e);
	e = parse_ok("1 + (2 * -once(concat(${x}, uuid())))");
	ok(e && expr_calls(e, "once") && expr_calls(e, "uuid") && !expr_calls(e, "x"),
	   "expr_calls looks into nested calls");
	expr_destroy(e);
	e = parse_ok("${group.sub-name_2} = 1");
	ok(e && expr_ref_count(e) == 1 && !strcmp(expr_ref_name(e, 0), "group.sub-name_2"),
	   "names with dots, hyphens and underscores");
	expr_destroy(e);
}

static void test_functions(void)
{
	fx.random_calls = 0;
	check_string("if(${age} > 18, 'adult', 'minor')", "adult");
	check_number("if(${empty}, 1 div 0, 2)", 2);
	check_string("if(true(), 1, 'x')", "1");
	check_string("coalesce(${empty}, 'fallback')", "fallback");
	check_string("coalesce(${name}, 'fallback')", "Aino");
	check_string("coalesce(${nobody}, ${empty})", "");
	check_string("concat('a', 1, true(), ${name})", "a1trueAino");
	check_string("concat()", "");
	check_number("string-length('')", 0);
	check_number("string-length(${uni})", 5);
	check_number("string-length(12.50)", 4);
	check_bool("contains(${name}, 'in')", true);
	check_bool("contains(${name}, '')", true);
	check_bool("contains(${name}, 'x')", false);
	check_bool("starts-with(${name}, 'Ai')", true);
	check_bool("starts-with(${name}, 'in')", false);
	check_bool("ends-with(${name}, 'no')", true);
	check_bool("ends-with('o', 'no')", false);
	check_string("substr('abcdef', 2)", "cdef");
	check_string("substr('abcdef', 1, 3)", "bc");
	check_string("substr('abcdef', 0, 100)", "abcdef");
	check_string("substr('abcdef', -2)", "ef");
	check_string("substr('abcdef', 4, 2)", "");
	check_string("substr(${uni}, 1, 3)", "öå");
	check_string("substring('12345', 2, 3)", "234");
	check_string("substring('12345', 0)", "12345");
	check_bool("regex('0401234567', '^[0-9]{10}$')", true);
	check_bool("regex('040123456', '^[0-9]{10}$')", false);
	check_bool("regex('abc123', '[0-9]+')", true);             /* found anywhere */
	check_bool("regex('040-1234', '^\\d{3}-\\d+$')", true);    /* Java's \\d */
	check_bool("regex('a b', '^\\S+\\s\\S+$')", true);
	check_bool("regex('x', '([')", false);                     /* invalid: false */
	check_bool("regex('5', '^[\\d]$')", true);
	check_bool("regex('7', '^[[:alpha:]\\d]$') and regex('q', '^[[:alpha:]\\d]$')", true);
	check_bool("regex('-', '^[[:alpha:]\\d]$')", false);
	check_bool("regex('aaa', '^a+?$')", true);                 /* Java's lazy quantifier */
	check_bool("regex('aaa', '^a++++++++++++++++++++++++++++++++$')", true); /* stacked */
	check_bool("regex('aaaaaa', '^(a{2}){3}$')", true);
	check_bool("regex('ab', '(a|b){1,5000}')", false);         /* too big: invalid */
	check_bool("regex('a', '((((a{100}){100}){100}){100})')", false);
	check_number("number('  42 ')", 42);
	check_number("int(3.9)", 3);
	check_number("int(-3.9)", -3);
	check_number("int(${empty})", NAN);
	check_number("round(2.5)", 3);
	check_number("round(-2.5)", -3);
	check_number("round(2.4)", 2);
	check_number("round(2.675, 2)", 2.68);
	check_number("round(-1.005, 2)", -1.01);
	check_number("round(1234.5, -2)", 1200);
	check_number("abs(-4.5)", 4.5);
	check_number("min(3, 1, 2)", 1);
	check_number("max(3, 1, 2)", 3);
	check_number("max(3, ${empty}, 2)", NAN);
	check_number("min(${age})", 34);
	check_number("pow(2, 10)", 1024);
	check_number("pow(${empty}, 2)", NAN);
	check_number("sum('1 2 3.5')", 6.5);
	check_number("sum('')", 0);
	check_number("sum('1 x')", NAN);
	check_string("today()", "2024-05-01");
	check_bool("starts-with(now(), '2024-05-01T')", true);
	check_bool("regex(now(), '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.000[+-][0-9]{2}:[0-9]{2}$')", true);
	check_bool("true()", true);
	check_bool("false()", false);
	check_bool("boolean-from-string('true')", true);
	check_bool("boolean-from-string('1')", true);
	check_bool("boolean-from-string('yes')", false);
	check_bool("boolean-from-string('')", false);
	check_string("once(concat('a', 'b'))", "ab");
	check_bool("regex(uuid(), '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')", true);
	check_number("string-length(uuid(10))", 10);
	fx.random_calls = 0;
	check_number("random()", 0.25);
	ok(fx.random_calls == 1, "random() asks env->random");
	check_bool("not(true())", false);
	check_string("string(1.50)", "1.5");
	check_bool("boolean('x')", true);
	check_number("floor(-1.5)", -2);
	check_number("ceiling(1.2)", 2);
	check_string("translate('abcabc', 'ab', 'B')", "BcBc");
	check_string("translate('äbc', 'ä', 'a')", "abc");
	check_string("normalize-space('  a   b ')", "a b");
	check_string("join(', ', 'a', 'b', 'c')", "a, b, c");
	check_string("date('2024-02-29')", "2024-02-29");
	check_string("date(0)", "1970-01-01");
	check_string("date(${empty})", "");
	check_string("date(today() - 1)", "2024-04-30");
	check_number("today() - ${birth}", 12374);
	check_number("decimal-date-time('1970-01-02T12:00:00Z')", 1.5);
	check_number("decimal-date-time('2024-13-01')", NAN);
	check_string("format-date('2024-05-01', '%e %b %Y (%a)')", "1 May 2024 (Wed)");
	check_string("format-date('2024-05-01T09:05:03', '%d.%m.%y %H:%M:%S')",
		     "01.05.24 09:05:03");
	check_string("format-date('junk', '%Y')", "");
	check_number("sqrt(16) + log10(100) + exp(0)", 7);
	check_number("atan2(1, 1) * 4 div pi()", 1);
}

static void test_errors(void)
{
	check_error("(1 + 2))", "unexpected ')' at column 8");
	check_error("${age} > 1) ", "unexpected ')' at column 11");
	check_error("foo(1)", "unknown function 'foo' at column 1");
	check_error("1 + jr:itext('x')", "unknown function 'jr:itext' at column 5");
	check_error("selected(${a})", "'selected' takes 2 arguments at column 1");
	check_error("not(1, 2)", "'not' takes 1 argument at column 1");
	check_error("today(1)", "'today' takes no arguments at column 1");
	check_error("1 + substr('a')", "'substr' takes 2 or 3 arguments at column 5");
	check_error("min()", "'min' takes at least 1 argument at column 1");
	check_error("'abc", "unterminated string at column 1");
	check_error("concat(\"a\", \"b)", "unterminated string at column 13");
	check_error("${} = 1", "empty reference '${}' at column 1");
	check_error("1 = ${  }", "empty reference '${}' at column 5");
	check_error("${age", "unterminated reference '${' at column 1");
	check_error("${a b} = 1", "invalid name in reference '${a b}' at column 1");
	check_error("1 +", "unexpected end of expression at column 4");
	check_error("(1 + 2", "missing ')' at column 7");
	check_error("concat(1, 2", "missing ')' at column 12");
	check_error("concat(1 2)", "unexpected '2' at column 10");
	check_error("1 2", "unexpected '2' at column 3");
	check_error("1 AND 2", "unexpected 'AND' (operators are lowercase) at column 3");
	check_error("and = 1", "unexpected 'and' at column 1");
	check_error("1 == 1", "unexpected '==' (use '=') at column 3");
	check_error("1 # 2", "unexpected character '#' at column 3");
	check_error("/data/ > 1", "a path step must be a name, '.' or '..' at column 7");
	check_error("../.. = 1", "a path must end in a question name (or write ${name}) at column 1");
	check_path_ref("/data/g/age > 1", "/g/age");
	check_path_ref("../g/age > 1", "g/age");
	check_path_ref("../../g/h/age > 1", "g/h/age");
	check_path_ref("/data/age > 1", "/age");
	check_path_ref("../g/../age > 1", "age");
	check_path_ref("./age = 'x'", "age");
	check_vendor();
	check_error("'ä' = #", "unexpected character '#' at column 7");
	check_error("", "empty expression");
	check_error("   ", "empty expression");
	check_error(". .", "unexpected '.' at column 3");
	check_error("f(", "unknown function 'f' at column 1");
	check_error("concat(,)", "unexpected ',' at column 8");
	check_error("*", "unexpected '*' at column 1");
	check_error("1 + 1e5", "unexpected 'e5' at column 6");
	check_error("'it''s'", "unexpected ''s'' at column 5");
	check_error("1 'two\tcolumns'", "unexpected ''two' at column 3");
	check_error("1 'ääääääääääääääääää'",    /* cut at 32 bytes, between characters */
		    "unexpected ''äääääääääääääää' at column 3");
}

static void test_nesting(void)
{
	char *src = malloc(100 * 1000 + 16);
	struct expr *e;
	char err[256];
	size_t i, len = 0;

	/* 200 levels of parentheses are fine ... */
	for (i = 0; i < 200; i++)
		src[len++] = '(';
	src[len++] = '1';
	for (i = 0; i < 200; i++)
		src[len++] = ')';
	src[len] = '\0';
	check_number(src, 1);

	/* ... 10000 are refused, not a stack overflow. */
	for (len = 0; len < 10000; len++)
		src[len] = '(';
	strcpy(src + len, "1");
	e = (struct expr *)&env;
	ok(expr_parse(src, &e, err, sizeof err) == -1 && e == NULL &&
	   !strcmp(err, "expression nested too deeply at column 257"),
	   "10000 parentheses: \"%s\"", err);

	for (len = 0; len < 10000; len++)
		src[len] = '-';
	strcpy(src + len, "1");
	ok(expr_parse(src, &e, err, sizeof err) == -1 &&
	   !strncmp(err, "expression nested too deeply", 28), "10000 unary minus signs refused");

	len = 0;
	for (i = 0; i < 5000; i++)
		len += (size_t)sprintf(src + len, "if(1, ");
	src[len++] = '1';
	for (i = 0; i < 5000; i++)
		len += (size_t)sprintf(src + len, ", 2)");
	src[len] = '\0';
	ok(expr_parse(src, &e, err, sizeof err) == -1, "5000 nested calls refused");

	/* A 100 KB flat chain is not nesting: it parses and evaluates. */
	len = 0;
	src[len++] = '1';
	while (len + 2 < 100 * 1000) {
		src[len++] = '+';
		src[len++] = '1';
	}
	src[len] = '\0';
	e = parse_ok(src);
	ok(e && expr_eval_number(e, &env) == (double)(len + 1) / 2,
	   "100 KB of 1+1+... is %zu", (len + 1) / 2);
	expr_destroy(e);

	len = (size_t)sprintf(src, "${a} = 'x'");
	while (len + 20 < 100 * 1000)
		len += (size_t)sprintf(src + len, " and ${age} > 1");
	e = parse_ok(src);
	ok(e && expr_eval_bool(e, &env) && expr_ref_count(e) == 2, "a long 'and' chain");
	expr_destroy(e);
	free(src);
}

static uint64_t xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static double seeded_random(void *ctx)
{
	uint64_t *state = ctx;

	return (double)(xorshift(state) >> 11) * 0x1.0p-53;
}

static char *uuid_with_seed(uint64_t seed)
{
	struct expr_env seeded = { .random = seeded_random, .ctx = &seed };
	struct expr *e = parse_ok("uuid()");
	char *text = e ? expr_eval_string(e, &seeded) : NULL;

	expr_destroy(e);
	return text;
}

/* uuid() draws from env->random when there is one (so seeded simulations
 * repeat) and from the kernel when there is not. */
static void test_uuid_source(void)
{
	struct expr_env unseeded = { .random = NULL };
	char *first = uuid_with_seed(42), *again = uuid_with_seed(42), *other = uuid_with_seed(43);
	char *k1, *k2;
	struct expr *e = parse_ok("uuid()");

	ok(first && again && strcmp(first, again) == 0, "same env random, same uuid() (%s)", first);
	ok(first && other && strcmp(first, other) != 0, "another seed, another uuid()");
	ok(first && strlen(first) == 36 && first[14] == '4' && strchr("89ab", first[19]),
	   "a seeded uuid() is still version 4, RFC 4122 variant");
	k1 = expr_eval_string(e, &unseeded);
	k2 = expr_eval_string(e, &unseeded);
	ok(strcmp(k1, k2) != 0, "without env random, uuid() differs each time");
	free(k1);
	free(k2);
	expr_destroy(e);
	free(first);
	free(again);
	free(other);
}

/* A built string past EXPR_MAX_STRING becomes "" and is reported through
 * env.too_long; text taken as it is, however long, is not cut. */
static void test_string_cap(void)
{
	size_t half = EXPR_MAX_STRING / 2 + 1;
	char *big = malloc(half + 1), *text;
	struct pair answers[] = { { "big", big }, { NULL, NULL } };
	struct fixture f = { answers, NULL, 0 };
	bool too_long = false;
	struct expr_env capped = { .lookup = lookup, .ctx = &f, .too_long = &too_long };
	struct expr *e;

	memset(big, 'a', half);
	big[half] = '\0';
	e = parse_ok("${big}");
	text = expr_eval_string(e, &capped);
	ok(text && strlen(text) == half && !too_long, "an answer of %zu bytes is taken whole", half);
	free(text);
	expr_destroy(e);
	e = parse_ok("concat(${big}, 'x')");
	text = expr_eval_string(e, &capped);
	ok(text && strlen(text) == half + 1 && !too_long, "concat up to the cap is kept");
	free(text);
	expr_destroy(e);
	e = parse_ok("string-length(concat(${big}, ${big}))");
	ok(expr_eval_number(e, &capped) == 0 && too_long,
	   "concat past %zu bytes gives '' and sets too_long", (size_t)EXPR_MAX_STRING);
	expr_destroy(e);
	too_long = false;
	e = parse_ok("join(' ', ${big}, ${big})");
	text = expr_eval_string(e, &capped);
	ok(text && !*text && too_long, "join past the cap gives '' and sets too_long");
	free(text);
	expr_destroy(e);
	too_long = false;
	e = parse_ok("translate(${big}, 'a', 'äää')");
	text = expr_eval_string(e, &capped);
	ok(text && !*text && too_long, "translate that doubles past the cap gives ''");
	free(text);
	expr_destroy(e);
	free(big);
}

/* Random garbage from the expression alphabet must never crash, leak or
 * hang: every input either parses and evaluates, or fails with a message. */
static void test_garbage(void)
{
	static const char *const pieces[] = {
		"(", ")", ",", "'", "\"", "${", "}", "${a}", "${fruits}", ".", "..", "1", "2.5",
		".5", "-", "+", "*", "=", "!=", "<", "<=", ">", ">=", " and ", " or ", " div ",
		" mod ", "not(", "selected(", "if(", "concat(", "substr(", "regex(", "round(",
		"today()", "uuid()", "x", " ", "\t", "\xc3\xa4", "\xff", "#", "'[('", "format-date(",
		"date(", "sum(", "translate(", "'%'", "selected-at(", "'a b'", "0 div 0", "AND",
	};
	uint64_t state = 0x5EED5EED12345678ULL;
	char src[256], err[256], *text;
	int parsed = 0, failed = 0, bad_messages = 0, round;
	size_t len, n, pick;
	struct expr *e;

	env.dot = "3";
	for (round = 0; round < 5000; round++) {
		len = 0;
		n = 1 + round % 12;
		while (n-- > 0) {
			pick = (size_t)(xorshift(&state) % (sizeof pieces / sizeof pieces[0]));
			if (len + strlen(pieces[pick]) + 1 >= sizeof src)
				break;
			strcpy(src + len, pieces[pick]);
			len += strlen(pieces[pick]);
		}
		if (expr_parse(src, &e, err, sizeof err) == 0) {
			parsed++;
			(void)expr_eval_bool(e, &env);
			(void)expr_eval_number(e, &env);
			text = expr_eval_string(e, &env);
			free(text);
			expr_destroy(e);
		} else {
			failed++;
			if (e != NULL || err[0] == '\0')
				bad_messages++;
		}
	}
	/* Raw bytes too. */
	for (round = 0; round < 3000; round++) {
		len = 1 + (size_t)round % (sizeof src - 1);
		for (n = 0; n < len; n++) {
			src[n] = (char)(1 + xorshift(&state) % 255);
		}
		src[len] = '\0';
		if (expr_parse(src, &e, err, sizeof err) == 0) {
			text = expr_eval_string(e, &env);
			free(text);
			expr_destroy(e);
		} else if (e != NULL || err[0] == '\0')
			bad_messages++;
	}
	env.dot = NULL;
	ok(parsed > 100 && failed > 100 && bad_messages == 0,
	   "5000 random inputs (%d parsed, %d refused) and 3000 random byte strings: no crash, every refusal has a message", parsed, failed);
}

int main(void)
{
	/* today() and now() in a known zone. */
	setenv("TZ", "UTC", 1);
	tzset();
	test_precedence();
	test_regex_limits();
	test_regex_wide_ranges();
	test_tables();
	test_values();
	test_empty_values();
	test_comparisons();
	test_dot();
	test_select();
	test_choice_filter();
	test_refs();
	test_functions();
	test_uuid_source();
	test_string_cap();
	test_errors();
	test_nesting();
	test_garbage();
	return tap_done();
}
