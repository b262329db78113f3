/* number.c - the decimal number grammar (number.h). */
#include "config.h"
#include <locale.h>
#include <math.h>
#include <stdint.h>
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

/* Clinger's fast path: a decimal without an exponent whose digits make
 * an integer m < 2^53 with f <= 22 digits after the point is m / 10^f,
 * both exact in a double, so one IEEE division rounds correctly: the
 * same double strtod gives, without its general machinery (analyze
 * converts millions of short answers). false: take the long way. */
static bool fast_decimal(const char *s, double *out)
{
	static const double power[23] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	const uint64_t limit = (uint64_t)1 << 53;
	const char *p = s + (*s == '-' || *s == '+');
	uint64_t m = 0;
	int frac = -1;
	for (; *p; p++) {
		if (*p == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (!is_digit(*p))
			return false;
		m = m * 10 + (uint64_t)(*p - '0');
		if (m >= limit)
			return false;
		if (frac >= 0 && ++frac > 22)
			return false;
	}
	double v = (double)m / power[frac < 0 ? 0 : frac];
	*out = *s == '-' ? -v : v;
	return true;
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
	if (fast_decimal(s, out))
		return true;
	if (!c_locale)
		c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	*out = c_locale ? strtod_l(s, &end, c_locale) : strtod(s, &end);
	return *end == '\0' && isfinite(*out);
}
