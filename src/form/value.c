/* value.c - the grammar of answer values (value.h). */
#include "config.h"
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "form/value.h"
#include "util/number.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n digits at *p into *out. */
static bool take_digits(const char **p, int n, int *out)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return false;
		v = 10 * v + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

int form_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

bool form_value_date(const char **p)
{
	int y, m, d;

	if (!take_digits(p, 4, &y) || **p != '-')
		return false;
	(*p)++;
	if (!take_digits(p, 2, &m) || **p != '-')
		return false;
	(*p)++;
	if (!take_digits(p, 2, &d) || d < 1)
		return false;
	return d <= form_days_in_month(y, m);
}

/* HH:MM(:SS(.sss)?)? then an optional zone Z, +HH, +HHMM or +HH:MM; typed:
 * HH:MM(:SS)? only. */
bool form_value_time(const char **p, enum form_value_source src)
{
	int h, m, s;

	if (!take_digits(p, 2, &h) || **p != ':')
		return false;
	(*p)++;
	if (!take_digits(p, 2, &m) || h > 23 || m > 59)
		return false;
	if (**p == ':') {
		(*p)++;
		if (!take_digits(p, 2, &s) || s > 59)
			return false;
		if (**p == '.' && src == FORM_VALUE_STORED) {
			(*p)++;
			if (!is_digit(**p))
				return false;
			while (is_digit(**p))
				(*p)++;
		}
	}
	if (src == FORM_VALUE_TYPED)
		return true;   /* a person types the time of the clock in front of them */
	if (**p == 'Z') {
		(*p)++;
	} else if (**p == '+' || **p == '-') {
		(*p)++;
		if (!take_digits(p, 2, &h) || h > 14)
			return false;
		if (**p == ':')
			(*p)++;
		if (is_digit(**p) && (!take_digits(p, 2, &m) || m > 59 || (h == 14 && m)))
			return false;
	}
	return true;
}

bool form_is_date(const char *s)
{
	return form_value_date(&s) && !*s;
}

/* collect's clock and the answers share one grammar (form_value_date,
 * form_value_time): a timestamp names a real instant, with seconds. */
bool form_parse_timestamp(const char *s)
{
	const char *p = s;
	if (!form_value_date(&p) || (*p != 'T' && *p != ' '))
		return false;
	p++;
	if (strlen(p) < 8 || p[2] != ':' || p[5] != ':')
		return false;
	return form_value_time(&p, FORM_VALUE_STORED) && !*p;
}


/* A decimal number as ODK writes it: '.' as decimal mark whatever the
 * locale, no hex, no inf/nan, finite; typed by a person, no exponent. */
bool form_value_number(const char *s, enum form_value_source src, double *out)
{
	return ky_parse_decimal(s, src == FORM_VALUE_STORED, out);
}

bool form_value_integer(const char *s)
{
	const char *p = s;
	size_t n = 0;
	if (*p == '+' || *p == '-')
		p++;
	while (is_digit(*p)) {
		p++;
		n++;
	}
	/* beyond 18 digits the value no longer fits a 64-bit integer */
	return *p == '\0' && n > 0 && n <= 18;
}

static bool all_digits_n(const char *s, int n)
{
	int i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool form_is_timestamp(const char *s)
{
	if (strlen(s) < 19 || !all_digits_n(s, 4) || s[4] != '-' || !all_digits_n(s + 5, 2) ||
	    s[7] != '-' || !all_digits_n(s + 8, 2) || (s[10] != 'T' && s[10] != ' ') ||
	    !all_digits_n(s + 11, 2) || s[13] != ':' || !all_digits_n(s + 14, 2) || s[16] != ':' ||
	    !all_digits_n(s + 17, 2))
		return false;
	s += 19;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z')
		return s[1] == '\0';
	if (*s == '+' || *s == '-')
		return all_digits_n(s + 1, 2) && s[3] == ':' && all_digits_n(s + 4, 2) && s[6] == '\0';
	return *s == '\0';
}

bool form_parse_number(const char *s, double *out)
{
	return form_value_number(s, FORM_VALUE_STORED, out);
}

bool form_value_datetime(const char *s, enum form_value_source src)
{
	const char *p = s;

	if (!form_value_date(&p))
		return false;
	if (*p != 'T' && !(src == FORM_VALUE_TYPED && *p == ' '))
		return false;
	p++;
	if (!form_value_time(&p, src))
		return false;
	if (src == FORM_VALUE_TYPED && *p == 'Z')
		p++;
	return !*p;
}

bool form_value_of_type(enum form_qtype type, const char *s, enum form_value_source src)
{
	const char *p = s;
	double d;

	switch (type) {
	case FQ_INTEGER:
		return form_value_integer(s);
	case FQ_DECIMAL:
		return form_value_number(s, src, &d);
	case FQ_DATE:
		return form_value_date(&p) && !*p;
	case FQ_TIME:
		return form_value_time(&p, src) && !*p;
	case FQ_DATETIME:
		return form_value_datetime(s, src);
	default:
		return true;
	}
}
