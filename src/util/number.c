/* number.c - the decimal number grammar (number.h). */
#include "config.h"
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include "util/number.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Advances *p past digits; true when there was one. */
static bool skip_digits(const char **p)
{
	const char *start = *p;
	while (is_digit(**p))
		(*p)++;
	return *p > start;
}

bool ky_parse_decimal(const char *s, bool exponent, double *out)
{
	static locale_t c_locale;
	const char *p = s;
	char *end;
	bool digits;

	if (*p == '+' || *p == '-')
		p++;
	digits = skip_digits(&p);
	if (*p == '.') {
		p++;
		digits = skip_digits(&p) || digits;
	}
	if (!digits)
		return false;
	if ((*p == 'e' || *p == 'E') && exponent) {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!skip_digits(&p))
			return false;
	}
	if (*p)
		return false;
	if (!c_locale)
		c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	*out = c_locale ? strtod_l(s, &end, c_locale) : strtod(s, &end);
	return *end == '\0' && isfinite(*out);
}
