/* expr-regex.c - regex() on POSIX extended regular expressions.
 *
 * ODK patterns are Java regexes. POSIX ERE lacks the shorthand classes, so
 * \d \D \s \S \w \W become bracket expressions. glibc's regcomp also blows
 * up (exponential time and memory) on stacked quantifiers such as "a+++"
 * and on large nested bounds, and a form author's typo must not hang the
 * terminal: stacked quantifiers are merged (Java's lazy "+?" and
 * possessive "++" match the same strings for a yes/no question), and a
 * pattern whose expanded size passes a limit counts as invalid.
 *
 * Back-references (\1 to \9) are refused: glibc's matcher for them is
 * exponential and overflows its stack on some (CVE-2019-9192), which
 * would kill collect with the terminal raw. validate reports them (the
 * parser calls expr_regex_problem on a literal pattern); a pattern that
 * reaches evaluation anyway (an old stored form, a pattern taken from an
 * answer) never matches.
 *
 * Without back-references glibc tries the automaton from every start
 * position: quadratic in the text (20 s for "a+b" on 100k characters),
 * and some patterns build a new DFA state per character. Only the first
 * REGEX_MAX_SUBJECT bytes are worth matching: longer text never matches,
 * which bounds a match to about a second whatever the pattern. */
#include "config.h"
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "form/expr-impl.h"
#include "util/escape.h"
#include "util/mem.h"
#include "util/strbuf.h"

/* Bounds (x{n,m}) repeat what they follow; nested ones multiply. Patterns
 * up to this many expanded atoms compile in milliseconds. */
#define REGEX_MAX_WEIGHT 2000.0
#define REGEX_MAX_GROUPS 64
/* Patterns check codes, numbers and addresses, not essays; past this the
 * worst pattern within REGEX_MAX_WEIGHT takes seconds (measured). */
#define REGEX_MAX_SUBJECT 2048
/* A range with a non-ASCII end is listed character by character; a
 * script's block is a few hundred, past this the range stays refused. */
#define REGEX_MAX_RANGE 4096

static const char *shorthand_class(char letter, bool in_bracket)
{
	static const struct {
		char letter;
		const char *outside, *inside;
	} classes[] = {
		{ 'd', "[0-9]", "0-9" }, { 'D', "[^0-9]", NULL },
		{ 's', "[[:space:]]", "[:space:]" }, { 'S', "[^[:space:]]", NULL },
		{ 'w', "[[:alnum:]_]", "[:alnum:]_" }, { 'W', "[^[:alnum:]_]", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (classes[i].letter == letter)
			return in_bracket ? classes[i].inside : classes[i].outside;
	return NULL;
}

/* The ']' closing the bracket expression opened at p, or the pattern's
 * last character when it is not closed. */
static const char *bracket_end(const char *p)
{
	const char *q = p + 1, *close;
	char terminator[3] = { 0, ']', '\0' };

	if (*q == '^')
		q++;
	if (*q == ']')
		q++;
	while (*q && *q != ']') {
		if (*q == '[' && (q[1] == ':' || q[1] == '.' || q[1] == '=')) {
			terminator[0] = q[1];
			close = strstr(q + 2, terminator);
			if (close) {
				q = close + 2;
				continue;
			}
		}
		q++;
	}
	return *q ? q : q - 1;
}

/* Length of a bound "{n}", "{n,}" or "{n,m}" at p (0 if it is none);
 * *max gets its largest repeat count (n + 1 for an open one). */
static size_t bound_length(const char *p, double *max)
{
	const char *q = p + 1;
	double n = 0, m;

	if (*p != '{' || *q < '0' || *q > '9')
		return 0;
	for (; *q >= '0' && *q <= '9'; q++)
		n = n * 10 + (*q - '0');
	m = n;
	if (*q == ',') {
		q++;
		if (*q >= '0' && *q <= '9')
			for (m = 0; *q >= '0' && *q <= '9'; q++)
				m = m * 10 + (*q - '0');
		else
			m = n + 1;
	}
	if (*q != '}')
		return 0;
	*max = m;
	return (size_t)(q - p) + 1;
}

/* One character of a bracket expression at p (before end): its code point
 * and length; a byte that is not UTF-8 counts as itself. */
static size_t bracket_char(const char *p, const char *end, unsigned long *cp)
{
	size_t n = ky_utf8_decode((const unsigned char *)p, (size_t)(end - p), cp);
	if (n == 0) {
		*cp = (unsigned char)*p;
		n = 1;
	}
	return n;
}

static void append_code_point(struct ky_strbuf *b, unsigned long cp)
{
	char u[4];
	ky_strbuf_add(b, u, ky_utf8_encode(cp, u));
}

/* A range with a non-ASCII end ("_-é", common in Portuguese name
 * checks): Java ranges over code points, glibc refuses it in a UTF-8
 * locale (REG_ECOLLATE) and reads bytes in the C locale. The ASCII part
 * stays a range, the rest is listed one character at a time. */
static bool append_wide_range(struct ky_strbuf *b, unsigned long lo, unsigned long hi)
{
	unsigned long cp;
	char ascii[4] = { 0, '-', 0x7F, 0 };

	if (lo > hi || hi - lo > REGEX_MAX_RANGE)
		return false;
	if (lo < 0x80) {
		ascii[0] = (char)lo;
		ky_strbuf_add(b, ascii, 3);
		lo = 0x80;
	}
	for (cp = lo; cp <= hi; cp++)
		if (cp < 0xD800 || cp > 0xDFFF)
			append_code_point(b, cp);
	return true;
}

/* Copies the bracket expression [p, end] (end at its ']'): shorthand
 * classes expanded, wide ranges listed. Returns end. */
static const char *copy_bracket(struct ky_strbuf *b, const char *p, const char *end)
{
	const char *with;
	unsigned long lo, hi;
	size_t n, m;

	ky_strbuf_add(b, p, 1);
	if (end == p)
		return end;   /* a lone '[' ending the pattern */
	for (p++; p < end;) {
		with = *p == '\\' && p + 1 < end ? shorthand_class(p[1], true) : NULL;
		if (with) {
			ky_strbuf_add(b, with, strlen(with));
			p += 2;
			continue;
		}
		n = bracket_char(p, end, &lo);
		if (p + n + 1 < end && p[n] == '-' && p[n + 1] != ']') {
			m = bracket_char(p + n + 1, end, &hi);
			if ((lo >= 0x80 || hi >= 0x80) && append_wide_range(b, lo, hi)) {
				p += n + 1 + m;
				continue;
			}
		}
		ky_strbuf_add(b, p, n);
		p += n;
	}
	ky_strbuf_add(b, end, 1);
	return end;
}

/* The pattern in POSIX ERE: shorthand classes expanded, stacked
 * quantifiers merged, wide ranges listed. Malloc'd. */
static char *posix_pattern(const char *pattern)
{
	struct ky_strbuf b = { 0 };
	size_t n;
	bool after_quantifier = false;
	const char *p, *with;
	double ignored;

	ky_strbuf_add(&b, "", 0);
	for (p = pattern; *p; p++) {
		if (*p == '[') {
			p = copy_bracket(&b, p, bracket_end(p));
			after_quantifier = false;
		} else if (*p == '\\' && p[1]) {
			with = shorthand_class(p[1], false);
			if (with)
				ky_strbuf_add(&b, with, strlen(with));
			else
				ky_strbuf_add(&b, p, 2);
			p++;
			after_quantifier = false;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			if (!after_quantifier)
				ky_strbuf_add(&b, p, 1);
			after_quantifier = true;
		} else if ((n = bound_length(p, &ignored)) > 0) {
			if (!after_quantifier)
				ky_strbuf_add(&b, p, n);
			p += n - 1;
			after_quantifier = true;
		} else {
			ky_strbuf_add(&b, p, 1);
			after_quantifier = false;
		}
	}
	return b.s;
}

/* Rough size of the automaton regcomp would build for an ERE. */
static bool pattern_too_costly(const char *p)
{
	double sum[REGEX_MAX_GROUPS + 1] = { 0 }, last = 0, max;
	int depth = 0;
	size_t n;

	for (; *p; p++) {
		if (*p == '(') {
			if (++depth > REGEX_MAX_GROUPS)
				return true;
			sum[depth] = 0;
			last = 0;
			continue;
		}
		if (*p == ')' && depth > 0) {
			last = sum[depth--];
			sum[depth] += last;
			continue;
		}
		if ((n = bound_length(p, &max)) > 0) {
			sum[depth] += last * (max - 1);
			last *= max;
			p += n - 1;
		} else if (*p != '*' && *p != '+' && *p != '?' && *p != '|') {
			if (*p == '[')
				p = bracket_end(p);
			else if (*p == '\\' && p[1])
				p++;
			last = 1;
			sum[depth] += 1;
		}
		if (sum[depth] > REGEX_MAX_WEIGHT)
			return true;
	}
	while (depth > 0) {
		sum[depth - 1] += sum[depth];
		depth--;
	}
	return sum[0] > REGEX_MAX_WEIGHT;
}

/* Offset of the first back-reference (\1 to \9 outside a bracket
 * expression) in the ODK pattern, or -1. */
static long backreference_at(const char *pattern)
{
	const char *p;

	for (p = pattern; *p; p++) {
		if (*p == '[')
			p = bracket_end(p);
		else if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return (long)(p - pattern);
		else if (*p == '\\' && p[1])
			p++;
	}
	return -1;
}

const char *expr_regex_problem(const char *pattern, size_t *offset)
{
	long at = backreference_at(pattern);

	*offset = 0;
	if (at < 0)
		return NULL;
	*offset = (size_t)at;
	return "back-references (\\1 to \\9) are not supported in regex()";
}

bool expr_regex_match(const char *s, const char *pattern)
{
	char *posix;
	regex_t re;
	bool matched = false;

	if (backreference_at(pattern) >= 0 || strlen(s) > REGEX_MAX_SUBJECT)
		return false;
	posix = posix_pattern(pattern);
	if (!pattern_too_costly(posix) && regcomp(&re, posix, REG_EXTENDED | REG_NOSUB) == 0) {
		matched = regexec(&re, s, 0, NULL, 0) == 0;
		regfree(&re);
	}
	free(posix);
	return matched;
}
