/* expr-func.c - the function library: names, arities and ODK semantics.
 *
 * Each function evaluates its own arguments (if() must not evaluate the
 * branch it does not take). Text functions count characters, not bytes.
 * Beyond the contract's list: ends-with, substring (XPath, 1-based),
 * string, boolean, floor, ceiling, translate, normalize-space, join, date,
 * date-time, decimal-date-time, format-date, format-date-time, sqrt, exp,
 * exp10, log, log10, sin, cos, tan, asin, acos, atan, atan2, pi. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "form/expr-impl.h"
#include "util/mem.h"
#include "util/uuid.h"

/* ---- helpers ---- */

static size_t arg_count(const struct expr_node *call)
{
	return call->nkids;
}

/* The string of argument i, or of '.' when the call has no arguments
 * (XPath's context node for string(), string-length() ...). */
static char *arg_string_or_dot(struct expr_eval *ev, const struct expr_node *call)
{
	return arg_count(call) ? expr_arg_string(ev, call, 0) : ky_strdup(expr_eval_dot(ev));
}

static size_t utf8_char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		n = 2;
	else if ((c & 0xF0) == 0xE0)
		n = 3;
	else if ((c & 0xF8) == 0xF0)
		n = 4;
	else
		return 1;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

static size_t utf8_length(const char *s)
{
	size_t count = 0;

	for (; *s; s += utf8_char_len(s))
		count++;
	return count;
}

/* Byte offset of character n (clamped to the end). */
static size_t utf8_offset(const char *s, size_t n)
{
	size_t pos = 0;

	while (n-- > 0 && s[pos])
		pos += utf8_char_len(s + pos);
	return pos;
}

static bool is_list_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Next space-separated item of a select_multiple answer: sets *start and
 * *len, returns the position after it, or NULL when there is none. */
static const char *next_item(const char *s, const char **start, size_t *len)
{
	while (is_list_space(*s))
		s++;
	if (!*s)
		return NULL;
	*start = s;
	while (*s && !is_list_space(*s))
		s++;
	*len = (size_t)(s - *start);
	return s;
}

static char *trimmed_copy(const char *s)
{
	size_t len;

	while (is_list_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_list_space(s[len - 1]))
		len--;
	return ky_strndup(s, len);
}

/* Bytes for uuid(): from the environment's generator when it has one, so a
 * seeded simulation computes the same uuid() every run (4 bytes per draw,
 * 32 of the 53 bits a [0, 1) double carries); from the kernel otherwise. */
static void random_bytes(struct expr_eval *ev, unsigned char *buf, size_t len)
{
	uint32_t draw = 0;
	size_t i;

	if (ev->env->random == NULL && getrandom(buf, len, 0) == (ssize_t)len)
		return;
	for (i = 0; i < len; i++) {
		if (i % 4 == 0)
			draw = (uint32_t)(expr_eval_random(ev) * 4294967296.0);
		buf[i] = (unsigned char)(draw >> (8 * (i % 4)));
	}
}

/* ---- select_multiple answers ---- */

static void fn_selected(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	char *list = expr_arg_string(ev, call, 0), *choice_raw = expr_arg_string(ev, call, 1);
	char *choice = trimmed_copy(choice_raw);
	const char *p = list, *item;
	size_t len, choice_len = strlen(choice);
	bool found = false;

	while (!found && choice_len && (p = next_item(p, &item, &len)))
		found = len == choice_len && !memcmp(item, choice, len);
	*out = expr_value_boolean(found);
	free(list);
	free(choice_raw);
	free(choice);
}

static void fn_count_selected(struct expr_eval *ev, const struct expr_node *call,
			      struct expr_value *out)
{
	char *list = expr_arg_string(ev, call, 0);
	const char *p = list, *item;
	size_t len, count = 0;

	while ((p = next_item(p, &item, &len)))
		count++;
	*out = expr_value_number((double)count);
	free(list);
}

static void fn_selected_at(struct expr_eval *ev, const struct expr_node *call,
			   struct expr_value *out)
{
	char *list = expr_arg_string(ev, call, 0);
	double index = expr_arg_number(ev, call, 1);
	const char *p = list, *item;
	char *found = NULL;
	size_t len;
	double i;

	/* 0-based as ODK; a fractional, negative or NaN index selects nothing. */
	if (index >= 0 && index == floor(index))
		for (i = 0; !found && (p = next_item(p, &item, &len)); i++)
			if (i == index)
				found = ky_strndup(item, len);
	*out = expr_value_string(found ? found : ky_strdup(""));
	free(list);
}

/* ---- logic ---- */

static void fn_if(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	expr_eval_node(ev, call->kids[expr_arg_boolean(ev, call, 0) ? 1 : 2], out);
}

static void fn_coalesce(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	struct expr_value first;
	char *text;

	expr_eval_node(ev, call->kids[0], &first);
	text = expr_value_take_string(&first);
	if (text[0])
		*out = expr_value_string(text);
	else {
		free(text);
		expr_eval_node(ev, call->kids[1], out);
	}
}

static void fn_not(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	*out = expr_value_boolean(!expr_arg_boolean(ev, call, 0));
}

static void fn_true(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	(void)ev;
	(void)call;
	*out = expr_value_boolean(true);
}

static void fn_false(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	(void)ev;
	(void)call;
	*out = expr_value_boolean(false);
}

static void fn_boolean(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	*out = expr_value_boolean(expr_arg_boolean(ev, call, 0));
}

static void fn_boolean_from_string(struct expr_eval *ev, const struct expr_node *call,
				   struct expr_value *out)
{
	char *s = expr_arg_string(ev, call, 0);

	*out = expr_value_boolean(!strcmp(s, "true") || !strcmp(s, "1"));
	free(s);
}

/* once(x) is x: keeping the first value is the caller's business (it only
 * evaluates a calculation with once() while the answer is still empty). */
static void fn_once(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	expr_eval_node(ev, call->kids[0], out);
}

/* ---- text ---- */

static void fn_string(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	*out = expr_value_string(arg_string_or_dot(ev, call));
}

static void fn_concat(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	size_t i, len = 0, n;
	char *result = ky_strdup(""), *part;

	for (i = 0; i < arg_count(call); i++) {
		part = expr_arg_string(ev, call, i);
		n = strlen(part);
		if (!expr_eval_string_fits(ev, len + n)) {
			free(part);
			result[0] = '\0';
			break;
		}
		result = ky_realloc(result, len + n + 1);
		memcpy(result + len, part, n + 1);
		len += n;
		free(part);
	}
	*out = expr_value_string(result);
}

/* join(separator, a, b, ...): the values joined, empty ones included. */
/* Appends part to the join result; false when it would grow too long. */
static bool join_part(struct expr_eval *ev, char **result, size_t *len, const char *separator,
		      size_t sep_len, const char *part)
{
	size_t n = strlen(part), sep = sep_len;
	if (!expr_eval_string_fits(ev, *len + sep + n))
		return false;
	*result = ky_realloc(*result, *len + sep + n + 1);
	memcpy(*result + *len, separator, sep);
	memcpy(*result + *len + sep, part, n + 1);
	*len += sep + n;
	return true;
}

/* join(separator, a, b, ...): a nodeset argument gives each of its values. */
static void fn_join(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	char *separator = expr_arg_string(ev, call, 0), *result = ky_strdup(""), *part;
	const char *const *values;
	size_t i, k, n, len = 0, sep_len = strlen(separator);
	bool fits = true, first = true;

	for (i = 1; fits && i < arg_count(call); i++) {
		if (expr_arg_nodeset(ev, call, i, &values, &n)) {
			for (k = 0; fits && k < n; k++, first = false)
				fits = join_part(ev, &result, &len, separator, first ? 0 : sep_len, values[k]);
			continue;
		}
		part = expr_arg_string(ev, call, i);
		fits = join_part(ev, &result, &len, separator, first ? 0 : sep_len, part);
		first = false;
		free(part);
	}
	if (!fits)
		result[0] = '\0';
	free(separator);
	*out = expr_value_string(result);
}

static void fn_string_length(struct expr_eval *ev, const struct expr_node *call,
			     struct expr_value *out)
{
	char *s = arg_string_or_dot(ev, call);

	*out = expr_value_number((double)utf8_length(s));
	free(s);
}

enum match_kind { MATCH_CONTAINS, MATCH_STARTS, MATCH_ENDS };

static void match(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out,
		  enum match_kind kind)
{
	char *s = expr_arg_string(ev, call, 0), *part = expr_arg_string(ev, call, 1);
	size_t len = strlen(s), part_len = strlen(part);
	bool found;

	if (kind == MATCH_CONTAINS)
		found = strstr(s, part) != NULL;
	else if (kind == MATCH_STARTS)
		found = !strncmp(s, part, part_len);
	else
		found = part_len <= len && !strcmp(s + len - part_len, part);
	*out = expr_value_boolean(found);
	free(s);
	free(part);
}

static void fn_contains(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	match(ev, call, out, MATCH_CONTAINS);
}

static void fn_starts_with(struct expr_eval *ev, const struct expr_node *call,
			   struct expr_value *out)
{
	match(ev, call, out, MATCH_STARTS);
}

static void fn_ends_with(struct expr_eval *ev, const struct expr_node *call,
			 struct expr_value *out)
{
	match(ev, call, out, MATCH_ENDS);
}

/* Characters [start, end) of s, clamped; fresh string. */
static char *char_range(const char *s, double start, double end)
{
	size_t from, to;

	if (!(start < end))
		return ky_strdup("");
	from = utf8_offset(s, start > 0 ? (size_t)fmin(start, (double)SIZE_MAX / 2) : 0);
	to = utf8_offset(s, end > 0 ? (size_t)fmin(end, (double)SIZE_MAX / 2) : 0);
	return ky_strndup(s + from, to > from ? to - from : 0);
}

/* ODK substr(s, start[, end]): 0-based, end exclusive, negative counts
 * from the end (as JavaRosa). */
static void fn_substr(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	char *s = expr_arg_string(ev, call, 0);
	double len = (double)utf8_length(s);
	double start = trunc(expr_arg_number(ev, call, 1));
	double end = arg_count(call) > 2 ? trunc(expr_arg_number(ev, call, 2)) : len;

	if (isnan(start))
		start = 0;
	if (isnan(end))
		end = len;
	if (start < 0)
		start += len;
	if (end < 0)
		end += len;
	*out = expr_value_string(char_range(s, start, fmin(end, len)));
	free(s);
}

/* XPath substring(s, start[, length]): 1-based, positions rounded. */
static void fn_substring(struct expr_eval *ev, const struct expr_node *call,
			 struct expr_value *out)
{
	char *s = expr_arg_string(ev, call, 0);
	double start = round(expr_arg_number(ev, call, 1));
	double end = arg_count(call) > 2 ? start + round(expr_arg_number(ev, call, 2)) : INFINITY;

	if (isnan(start) || isnan(end))
		*out = expr_value_copy_string("");
	else
		*out = expr_value_string(char_range(s, fmax(start, 1) - 1,
						    fmin(end - 1, (double)utf8_length(s))));
	free(s);
}

static void fn_normalize_space(struct expr_eval *ev, const struct expr_node *call,
			       struct expr_value *out)
{
	char *s = arg_string_or_dot(ev, call), *result = ky_malloc(strlen(s) + 1);
	const char *p = s, *item;
	size_t len, used = 0;

	while ((p = next_item(p, &item, &len))) {
		if (used)
			result[used++] = ' ';
		memcpy(result + used, item, len);
		used += len;
	}
	result[used] = '\0';
	free(s);
	*out = expr_value_string(result);
}

/* translate(s, from, to): each character of from becomes the character at
 * the same place in to, or disappears when to is shorter. */
static void fn_translate(struct expr_eval *ev, const struct expr_node *call,
			 struct expr_value *out)
{
	char *s = expr_arg_string(ev, call, 0), *from = expr_arg_string(ev, call, 1);
	char *to = expr_arg_string(ev, call, 2), *result = ky_malloc(strlen(s) * 4 + 1);
	size_t used = 0, n, fn, index, t;
	const char *p, *f;

	for (p = s; *p; p += n) {
		n = utf8_char_len(p);
		for (f = from, index = 0; *f; f += fn, index++) {
			fn = utf8_char_len(f);
			if (fn == n && !memcmp(f, p, n))
				break;
		}
		if (!*f) {
			memcpy(result + used, p, n);
			used += n;
			continue;
		}
		t = utf8_offset(to, index);
		if (to[t]) {
			memcpy(result + used, to + t, utf8_char_len(to + t));
			used += utf8_char_len(to + t);
		}
	}
	result[used] = '\0';
	free(s);
	free(from);
	free(to);
	*out = expr_value_string(result);
}

/* regex(s, pattern): whether the pattern matches somewhere in s (anchors
 * are the author's); an invalid pattern never matches. */
static void fn_regex(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	char *s = expr_arg_string(ev, call, 0), *pattern = expr_arg_string(ev, call, 1);

	*out = expr_value_boolean(expr_regex_match(s, pattern));
	free(s);
	free(pattern);
}

static size_t table_column(const struct expr_table *t, const char *name)
{
	size_t c;
	for (c = 0; t && c < t->n_cols; c++)
		if (!strcmp(t->header[c], name))
			return c;
	return SIZE_MAX;
}

/* Cell (r, c) of a list's table; for its label, the label in the
 * respondent's language (env->lang, column "label::CODE") when the list
 * has one there. */
static const char *table_cell(const struct expr_eval *ev, const struct expr_table *t, size_t r,
			      size_t c)
{
	const char *cell = t->cells[r * t->n_cols + c];
	if (ev->env->lang && !strcmp(t->header[c], "label")) {
		char *name = ky_asprintf("label::%s", ev->env->lang);
		size_t own = table_column(t, name);
		free(name);
		if (own != SIZE_MAX && *t->cells[r * t->n_cols + own])
			cell = t->cells[r * t->n_cols + own];
	}
	return cell;
}

/* pulldata('FILE', 'COLUMN', 'KEY_COLUMN', key): COLUMN of the first row
 * of FILE.csv whose KEY_COLUMN is key, as ODK's media lookup; "" without
 * the file (the reader attached none and warned), column or row. */
static void fn_pulldata(struct expr_eval *ev, const struct expr_node *call,
			struct expr_value *out)
{
	const struct expr_table *t = call->table;
	char *column = expr_arg_string(ev, call, 1), *key_column = expr_arg_string(ev, call, 2);
	char *key = expr_arg_string(ev, call, 3);
	const char *found = "";
	size_t k = table_column(t, key_column), v = table_column(t, column), r;

	if (t && k != SIZE_MAX && v != SIZE_MAX && *key)
		for (r = 0; r < t->n_rows; r++)
			if (!strcmp(t->cells[r * t->n_cols + k], key)) {
				found = t->cells[r * t->n_cols + v];
				break;
			}
	*out = expr_value_copy_string(found);
	free(column);
	free(key_column);
	free(key);
}

/* instance('LIST')/root/item[PREDICATE]/FIELD: FIELD of the first choice
 * of LIST for which PREDICATE holds, its bare words read from the choice
 * (name, label, the list's other columns). */
static void fn_item(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	const struct expr_table *t = call->table, *outer = ev->item;
	size_t v = table_column(t, call->kids[1]->text), r, outer_row = ev->item_row;
	bool hit = false;

	*out = expr_value_copy_string("");
	for (r = 0; t && v != SIZE_MAX && r < t->n_rows && !hit; r++) {
		ev->item = t;
		ev->item_row = r;
		hit = call->nkids < 3 || expr_arg_boolean(ev, call, 2);
		ev->item = outer;
		ev->item_row = outer_row;
		if (hit) {
			expr_value_release(out);
			*out = expr_value_copy_string(table_cell(ev, t, r, v));
		}
	}
}

const struct expr_function expr_item_lookup = { "instance", 1, 3, fn_item };

/* instance('LIST') alone: a node set kysely does not hold. */
static void fn_instance(struct expr_eval *ev, const struct expr_node *call,
			struct expr_value *out)
{
	(void)ev;
	(void)call;
	*out = expr_value_copy_string("");
}

/* jr:choice-name(value, '${q}'): the label of choice value in q's list. */
static void fn_choice_name(struct expr_eval *ev, const struct expr_node *call,
			   struct expr_value *out)
{
	const struct expr_table *t = call->table;
	char *value = expr_arg_string(ev, call, 0);
	size_t k = table_column(t, "name"), v = table_column(t, "label"), r;
	const char *found = "";

	for (r = 0; t && k != SIZE_MAX && v != SIZE_MAX && r < t->n_rows; r++)
		if (!strcmp(t->cells[r * t->n_cols + k], value)) {
			found = table_cell(ev, t, r, v);
			if (!*found)
				found = value;
			break;
		}
	*out = expr_value_copy_string(found);
	free(value);
}

/* ---- numbers ---- */

static void fn_number(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	*out = expr_value_number(arg_count(call) ? expr_arg_number(ev, call, 0)
						 : expr_number_from_string(expr_eval_dot(ev)));
}

static void fn_int(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	*out = expr_value_number(trunc(expr_arg_number(ev, call, 0)));
}

/* round(x[, digits]): half away from zero. x * 10^digits is first cleaned
 * to 15 significant digits so that round(2.675, 2) is 2.68 as written,
 * not 2.67 as the binary value 2.67499999... would give. */
static void fn_round(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	double x = expr_arg_number(ev, call, 0);
	double digits = arg_count(call) > 1 ? trunc(expr_arg_number(ev, call, 1)) : 0;
	double scale, scaled;
	char buf[64];

	if (isnan(digits) || !isfinite(x)) {
		*out = expr_value_number(isnan(digits) ? NAN : x);
		return;
	}
	digits = fmax(-300, fmin(300, digits));
	scale = pow(10, digits);
	snprintf(buf, sizeof buf, "%.15g", x * scale);
	scaled = strtod(buf, NULL);
	*out = expr_value_number(isfinite(scaled) ? round(scaled) / scale : x);
}

/* min()/max() of the arguments; NaN when any is empty or not a number. */
static void extreme(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out,
		    bool want_max)
{
	double best = NAN, x;
	const char *const *values;
	size_t i, n;

	if (arg_count(call) == 1 && expr_arg_nodeset(ev, call, 0, &values, &n)) {
		for (i = 0; i < n; i++) {
			x = expr_number_from_string(values[i]);
			if (isnan(x))
				continue;   /* ODK's max() passes over an empty instance */
			if (isnan(best) || (want_max ? x > best : x < best))
				best = x;
		}
		*out = expr_value_number(best);
		return;
	}
	for (i = 0; i < arg_count(call); i++) {
		x = expr_arg_number(ev, call, i);
		if (isnan(x)) {
			best = NAN;
			break;
		}
		if (i == 0 || (want_max ? x > best : x < best))
			best = x;
	}
	*out = expr_value_number(best);
}

static void fn_min(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	extreme(ev, call, out, false);
}

static void fn_max(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	extreme(ev, call, out, true);
}

/* sum(list): the space-separated numbers of its argument added up; an
 * empty list sums to 0, any item that is not a number gives NaN. */
static void fn_sum(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	char *list, *text;
	const char *p, *item, *const *values;
	size_t len, n;
	double total = 0;

	if (expr_arg_nodeset(ev, call, 0, &values, &n)) {
		for (len = 0; len < n; len++)
			total += expr_number_from_string(values[len]);
		*out = expr_value_number(total);
		return;
	}
	list = expr_arg_string(ev, call, 0);
	p = list;
	while ((p = next_item(p, &item, &len))) {
		text = ky_strndup(item, len);
		total += expr_number_from_string(text);
		free(text);
	}
	*out = expr_value_number(total);
	free(list);
}

static void fn_pow(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	double base = expr_arg_number(ev, call, 0);

	*out = expr_value_number(pow(base, expr_arg_number(ev, call, 1)));
}

static void fn_atan2(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	double y = expr_arg_number(ev, call, 0);

	*out = expr_value_number(atan2(y, expr_arg_number(ev, call, 1)));
}

static double exp10_of(double x)
{
	return pow(10, x);
}

#define MATH1(fname, cfunc) \
	static void fname(struct expr_eval *ev, const struct expr_node *call, \
			  struct expr_value *out) \
	{ \
		*out = expr_value_number(cfunc(expr_arg_number(ev, call, 0))); \
	}
MATH1(fn_abs, fabs)
MATH1(fn_floor, floor)
MATH1(fn_ceiling, ceil)
MATH1(fn_sqrt, sqrt)
MATH1(fn_exp, exp)
MATH1(fn_exp10, exp10_of)
MATH1(fn_log, log)
MATH1(fn_log10, log10)
MATH1(fn_sin, sin)
MATH1(fn_cos, cos)
MATH1(fn_tan, tan)
MATH1(fn_asin, asin)
MATH1(fn_acos, acos)
MATH1(fn_atan, atan)
#undef MATH1

static void fn_pi(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	(void)ev;
	(void)call;
	*out = expr_value_number(M_PI);
}

static void fn_random(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	(void)call;
	*out = expr_value_number(expr_eval_random(ev));
}

/* uuid(): a random version 4 UUID; uuid(n): n random letters and digits
 * (ODK's form of it). */
static void fn_uuid(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	static const char alphabet[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned char bytes[16], *pool;
	double want;
	size_t n, i;
	char *s;

	if (arg_count(call)) {
		want = expr_arg_number(ev, call, 0);
		n = want > 0 ? (size_t)fmin(want, 4096) : 0;
		pool = ky_malloc(n + 1);
		random_bytes(ev, pool, n);
		s = ky_malloc(n + 1);
		for (i = 0; i < n; i++)
			s[i] = alphabet[pool[i] % (sizeof alphabet - 1)];
		s[n] = '\0';
		free(pool);
		*out = expr_value_string(s);
		return;
	}
	random_bytes(ev, bytes, sizeof bytes);
	s = ky_malloc(KY_UUID_LEN);
	ky_uuid_format(bytes, s);
	*out = expr_value_string(s);
}

/* ---- dates ---- */

static bool local_time(const struct expr_eval *ev, struct tm *tm)
{
	time_t t = (time_t)expr_eval_now(ev);

	return localtime_r(&t, tm) != NULL;
}

static void fn_today(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	struct tm tm;
	char buf[32];

	(void)call;
	if (!local_time(ev, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
		buf[0] = '\0';
	*out = expr_value_copy_string(buf);
}

/* now(): local time with its offset, as ODK writes it:
 * 2024-05-01T12:34:56.000+03:00. */
static void fn_now(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	struct tm tm;
	char stamp[32], zone[8];

	(void)call;
	if (!local_time(ev, &tm) || !strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm) ||
	    strftime(zone, sizeof zone, "%z", &tm) != 5) {
		*out = expr_value_copy_string("");
		return;
	}
	*out = expr_value_string(ky_asprintf("%s.000%.3s:%s", stamp, zone, zone + 3));
}

/* A value as a date: an ISO text, or a number of days since 1970-01-01
 * (what date arithmetic yields). */
static bool value_datetime(const struct expr_value *v, struct expr_datetime *dt)
{
	if (v->type == EXPR_T_STRING && expr_datetime_parse(v->string, dt))
		return true;
	return expr_datetime_from_days(expr_value_to_number(v), dt);
}

static bool arg_datetime(struct expr_eval *ev, const struct expr_node *call, size_t i,
			 struct expr_datetime *dt)
{
	struct expr_value v;
	bool ok;

	expr_eval_node(ev, call->kids[i], &v);
	ok = value_datetime(&v, dt);
	expr_value_release(&v);
	return ok;
}

static void date_value(struct expr_eval *ev, const struct expr_node *call,
		       struct expr_value *out, bool with_time)
{
	struct expr_datetime dt;
	struct expr_value v;

	expr_eval_node(ev, call->kids[0], &v);
	if (v.type == EXPR_T_STRING && !expr_datetime_parse(v.string, &dt) &&
	    isnan(expr_value_to_number(&v))) {
		*out = v; /* a text that is no date passes through: date('') is '' */
		return;
	}
	if (!value_datetime(&v, &dt))
		*out = expr_value_copy_string("");
	else if (with_time)
		*out = expr_value_string(ky_asprintf("%04d-%02d-%02dT%02d:%02d:%02d", dt.year,
						     dt.month, dt.day, dt.hour, dt.minute,
						     (int)dt.second));
	else
		*out = expr_value_string(ky_asprintf("%04d-%02d-%02d", dt.year, dt.month, dt.day));
	expr_value_release(&v);
}

static void fn_date(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	date_value(ev, call, out, false);
}

static void fn_date_time(struct expr_eval *ev, const struct expr_node *call,
			 struct expr_value *out)
{
	date_value(ev, call, out, true);
}

static void fn_decimal_date_time(struct expr_eval *ev, const struct expr_node *call,
				 struct expr_value *out)
{
	struct expr_datetime dt;

	*out = expr_value_number(arg_datetime(ev, call, 0, &dt) ? expr_datetime_days(&dt) : NAN);
}

/* format-date(date, format) with ODK's codes: %Y %y %m %n %b %d %e %H %h
 * %M %S %3 %a. An invalid date formats as "". */
static void fn_format_date(struct expr_eval *ev, const struct expr_node *call,
			   struct expr_value *out)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char *const weekdays[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	struct expr_datetime dt;
	char *format, *result, piece[32];
	const char *p;
	size_t used = 0, n;
	long day_number;

	if (!arg_datetime(ev, call, 0, &dt)) {
		*out = expr_value_copy_string("");
		return;
	}
	format = expr_arg_string(ev, call, 1);
	result = ky_malloc(strlen(format) * 16 + 1);
	day_number = (long)floor(expr_datetime_days(&dt) + dt.offset_minutes / 1440.0);
	for (p = format; *p; p++) {
		if (*p != '%' || !p[1]) {
			result[used++] = *p;
			continue;
		}
		switch (*++p) {
		case 'Y': snprintf(piece, sizeof piece, "%04d", dt.year); break;
		case 'y': snprintf(piece, sizeof piece, "%02d", dt.year % 100); break;
		case 'm': snprintf(piece, sizeof piece, "%02d", dt.month); break;
		case 'n': snprintf(piece, sizeof piece, "%d", dt.month); break;
		case 'b': snprintf(piece, sizeof piece, "%s", months[dt.month - 1]); break;
		case 'd': snprintf(piece, sizeof piece, "%02d", dt.day); break;
		case 'e': snprintf(piece, sizeof piece, "%d", dt.day); break;
		case 'H': snprintf(piece, sizeof piece, "%02d", dt.hour); break;
		case 'h': snprintf(piece, sizeof piece, "%d", dt.hour); break;
		case 'M': snprintf(piece, sizeof piece, "%02d", dt.minute); break;
		case 'S': snprintf(piece, sizeof piece, "%02d", (int)dt.second); break;
		case '3':
			snprintf(piece, sizeof piece, "%03d",
				 (int)((dt.second - floor(dt.second)) * 1000));
			break;
		case 'a':
			snprintf(piece, sizeof piece, "%s", weekdays[((day_number % 7) + 7) % 7]);
			break;
		default: snprintf(piece, sizeof piece, "%%%c", *p); break;
		}
		n = strlen(piece);
		memcpy(result + used, piece, n);
		used += n;
	}
	result[used] = '\0';
	free(format);
	*out = expr_value_string(result);
}

/* ---- the table ---- */

static const struct expr_function functions[] = {
	{ "abs", 1, 1, fn_abs },
	{ "acos", 1, 1, fn_acos },
	{ "asin", 1, 1, fn_asin },
	{ "atan", 1, 1, fn_atan },
	{ "atan2", 2, 2, fn_atan2 },
	{ "boolean", 1, 1, fn_boolean },
	{ "boolean-from-string", 1, 1, fn_boolean_from_string },
	{ "ceiling", 1, 1, fn_ceiling },
	{ "coalesce", 2, 2, fn_coalesce },
	{ "concat", 0, EXPR_ANY_ARGS, fn_concat },
	{ "contains", 2, 2, fn_contains },
	{ "cos", 1, 1, fn_cos },
	{ "count-selected", 1, 1, fn_count_selected },
	{ "date", 1, 1, fn_date },
	{ "date-time", 1, 1, fn_date_time },
	{ "decimal-date-time", 1, 1, fn_decimal_date_time },
	{ "ends-with", 2, 2, fn_ends_with },
	{ "exp", 1, 1, fn_exp },
	{ "exp10", 1, 1, fn_exp10 },
	{ "false", 0, 0, fn_false },
	{ "floor", 1, 1, fn_floor },
	{ "format-date", 2, 2, fn_format_date },
	{ "format-date-time", 2, 2, fn_format_date },
	{ "if", 3, 3, fn_if },
	{ "int", 1, 1, fn_int },
	{ "join", 1, EXPR_ANY_ARGS, fn_join },
	{ "log", 1, 1, fn_log },
	{ "log10", 1, 1, fn_log10 },
	{ "max", 1, EXPR_ANY_ARGS, fn_max },
	{ "min", 1, EXPR_ANY_ARGS, fn_min },
	{ "normalize-space", 0, 1, fn_normalize_space },
	{ "not", 1, 1, fn_not },
	{ "now", 0, 0, fn_now },
	{ "number", 0, 1, fn_number },
	{ "instance", 1, 1, fn_instance },
	{ "jr:choice-name", 2, 2, fn_choice_name },
	{ "once", 1, 1, fn_once },
	{ "pi", 0, 0, fn_pi },
	{ "pow", 2, 2, fn_pow },
	{ "pulldata", 4, 4, fn_pulldata },
	{ "random", 0, 0, fn_random },
	{ "regex", 2, 2, fn_regex },
	{ "round", 1, 2, fn_round },
	{ "selected", 2, 2, fn_selected },
	{ "selected-at", 2, 2, fn_selected_at },
	{ "sin", 1, 1, fn_sin },
	{ "sqrt", 1, 1, fn_sqrt },
	{ "starts-with", 2, 2, fn_starts_with },
	{ "string", 0, 1, fn_string },
	{ "string-length", 0, 1, fn_string_length },
	{ "substr", 2, 3, fn_substr },
	{ "substring", 2, 3, fn_substring },
	{ "sum", 1, 1, fn_sum },
	{ "tan", 1, 1, fn_tan },
	{ "today", 0, 0, fn_today },
	{ "translate", 3, 3, fn_translate },
	{ "true", 0, 0, fn_true },
	{ "uuid", 0, 1, fn_uuid },
};

/* A function of one vendor's fork (CHT's cht:*): pyxform passes it
 * through, ODK Collect does not know it; it is empty here, and the reader
 * warns (expr_vendor_function). Its arguments are not evaluated. */
static void fn_vendor(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	(void)ev;
	(void)call;
	*out = expr_value_string(ky_strdup(""));
}

static const struct expr_function vendor_function = { "cht:*", 0, EXPR_ANY_ARGS, fn_vendor };

bool expr_function_is_vendor(const struct expr_function *f)
{
	return f == &vendor_function;
}

static const struct expr_function *const repeat_functions[] = {
	&expr_fn_count, &expr_fn_position, &expr_fn_indexed_repeat
};

const struct expr_function *expr_function_find(const char *name, size_t len)
{
	size_t i;

	if (len > 4 && !memcmp(name, "cht:", 4))
		return &vendor_function;
	for (i = 0; i < sizeof repeat_functions / sizeof repeat_functions[0]; i++)
		if (strlen(repeat_functions[i]->name) == len &&
		    !memcmp(repeat_functions[i]->name, name, len))
			return repeat_functions[i];

	for (i = 0; i < sizeof functions / sizeof functions[0]; i++)
		if (strlen(functions[i].name) == len && !memcmp(functions[i].name, name, len))
			return &functions[i];
	return NULL;
}
