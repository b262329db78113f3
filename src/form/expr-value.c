/* expr-value.c - XPath 1.0 values (string, number, boolean) and the
 * conversions between them, with XPath's rules: number("") and number of
 * junk are NaN; string() of a number has no exponent and no ".0";
 * boolean() of a string is "non-empty", of a number "non-zero, not NaN". */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "form/expr-impl.h"
#include "util/mem.h"

struct expr_value expr_value_string(char *owned)
{
	struct expr_value v = { .type = EXPR_T_STRING, .string = owned };
	return v;
}

struct expr_value expr_value_copy_string(const char *s)
{
	return expr_value_string(ky_strdup(s ? s : ""));
}

struct expr_value expr_value_number(double x)
{
	struct expr_value v = { .type = EXPR_T_NUMBER, .number = x };
	return v;
}

struct expr_value expr_value_boolean(bool b)
{
	struct expr_value v = { .type = EXPR_T_BOOLEAN, .boolean = b };
	return v;
}

void expr_value_release(struct expr_value *v)
{
	free(v->string);
	v->string = NULL;
}

static bool is_xpath_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

double expr_number_from_string(const char *s)
{
	const char *p, *start;
	size_t digits = 0;

	if (!s)
		return NAN;
	for (p = s; is_xpath_space(*p); p++)
		;
	start = p;
	if (*p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits == 0)
		return NAN;
	while (is_xpath_space(*p))
		p++;
	if (*p)
		return NAN;
	/* The text is now known to be [-]digits[.digits]: strtod reads just
	 * that (main keeps LC_NUMERIC at "C"). */
	return strtod(start, NULL);
}

static void trim_fraction_zeros(char *s)
{
	char *end;

	if (!strchr(s, '.'))
		return;
	end = s + strlen(s);
	while (end > s && end[-1] == '0')
		*--end = '\0';
	if (end > s && end[-1] == '.')
		end[-1] = '\0';
}

char *expr_number_to_string(double x)
{
	char buf[512];
	int exponent;

	if (isnan(x))
		return ky_strdup("NaN");
	if (isinf(x))
		return ky_strdup(x > 0 ? "Infinity" : "-Infinity");
	if (x == 0)
		return ky_strdup("0"); /* also -0 */
	if (x == trunc(x) && fabs(x) < 1e300) {
		snprintf(buf, sizeof buf, "%.0f", x);
		return ky_strdup(buf);
	}
	snprintf(buf, sizeof buf, "%.15g", x);
	if (strchr(buf, 'e')) {
		/* XPath writes no exponent: the same 15 significant digits in
		 * fixed notation. */
		exponent = (int)floor(log10(fabs(x)));
		snprintf(buf, sizeof buf, "%.*f", exponent < 14 ? 14 - exponent : 0, x);
		trim_fraction_zeros(buf);
	}
	return ky_strdup(buf);
}

double expr_value_to_number(const struct expr_value *v)
{
	switch (v->type) {
	case EXPR_T_NUMBER:
		return v->number;
	case EXPR_T_BOOLEAN:
		return v->boolean ? 1 : 0;
	case EXPR_T_STRING:
		break;
	}
	return expr_number_from_string(v->string);
}

bool expr_value_to_boolean(const struct expr_value *v)
{
	switch (v->type) {
	case EXPR_T_NUMBER:
		return v->number != 0 && !isnan(v->number);
	case EXPR_T_BOOLEAN:
		return v->boolean;
	case EXPR_T_STRING:
		break;
	}
	return v->string && v->string[0];
}

char *expr_value_take_string(struct expr_value *v)
{
	char *s;

	switch (v->type) {
	case EXPR_T_NUMBER:
		return expr_number_to_string(v->number);
	case EXPR_T_BOOLEAN:
		return ky_strdup(v->boolean ? "true" : "false");
	case EXPR_T_STRING:
		break;
	}
	s = v->string ? v->string : ky_strdup("");
	v->string = NULL;
	return s;
}

bool expr_string_truthy(const char *s)
{
	double x;
	size_t len;

	if (!s)
		return false;
	while (is_xpath_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_xpath_space(s[len - 1]))
		len--;
	if (len == 0 || (len == 5 && !strncasecmp(s, "false", 5)))
		return false;
	x = expr_number_from_string(s);
	if (!isnan(x))
		return x != 0;
	return true;
}
