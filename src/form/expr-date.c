/* expr-date.c - ISO 8601 dates and datetimes as the expression functions
 * see them: parsed into fields, or counted in days since 1970-01-01 (ODK's
 * decimal-date-time), proleptic Gregorian, with no time zone database. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "form/expr-impl.h"
#include "form/value.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *year, int *month, int *day)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

/* Reads exactly n digits at *s; advances. */
static bool read_digits(const char **s, int n, int *value)
{
	int i;

	*value = 0;
	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return false;
		*value = *value * 10 + ((*s)[i] - '0');
	}
	*s += n;
	return true;
}

static bool parse_zone(const char *s, struct expr_datetime *dt)
{
	int sign, hours, minutes = 0;

	if (*s == 'Z')
		return dt->has_zone = true, s[1] == '\0';
	if (*s != '+' && *s != '-')
		return *s == '\0';
	sign = *s++ == '-' ? -1 : 1;
	if (!read_digits(&s, 2, &hours))
		return false;
	if (*s == ':')
		s++;
	if (*s && !read_digits(&s, 2, &minutes))
		return false;
	dt->has_zone = true;
	dt->offset_minutes = sign * (hours * 60 + minutes);
	return *s == '\0' && hours < 24 && minutes < 60;
}

static bool parse_time(const char *s, struct expr_datetime *dt)
{
	int second = 0;
	double fraction = 0, scale = 0.1;

	if (!read_digits(&s, 2, &dt->hour) || *s++ != ':' || !read_digits(&s, 2, &dt->minute))
		return false;
	if (*s == ':') {
		s++;
		if (!read_digits(&s, 2, &second))
			return false;
		if (*s == '.')
			for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
				fraction += (*s - '0') * scale;
	}
	dt->second = second + fraction;
	dt->has_time = true;
	return dt->hour < 24 && dt->minute < 60 && second < 61 && parse_zone(s, dt);
}

bool expr_datetime_parse(const char *s, struct expr_datetime *dt)
{
	memset(dt, 0, sizeof *dt);
	if (!s || !read_digits(&s, 4, &dt->year) || *s++ != '-' ||
	    !read_digits(&s, 2, &dt->month) || *s++ != '-' || !read_digits(&s, 2, &dt->day))
		return false;
	if (dt->month < 1 || dt->month > 12 || dt->day < 1 ||
	    dt->day > form_days_in_month(dt->year, dt->month))
		return false;
	if (*s == '\0')
		return true;
	if (*s != 'T' && *s != ' ')
		return false;
	return parse_time(s + 1, dt);
}

double expr_datetime_days(const struct expr_datetime *dt)
{
	double seconds = dt->hour * 3600.0 + dt->minute * 60.0 + dt->second -
			 dt->offset_minutes * 60.0;

	return (double)days_from_civil(dt->year, dt->month, dt->day) + seconds / 86400.0;
}

bool expr_datetime_from_days(double days, struct expr_datetime *dt)
{
	double whole = floor(days);
	long seconds;

	memset(dt, 0, sizeof *dt);
	if (!(fabs(days) < 1e7)) /* also NaN; keeps the longs in range */
		return false;
	seconds = lround((days - whole) * 86400.0);
	if (seconds >= 86400) {
		whole += 1;
		seconds -= 86400;
	}
	civil_from_days((long)whole, &dt->year, &dt->month, &dt->day);
	dt->hour = (int)(seconds / 3600);
	dt->minute = (int)(seconds / 60 % 60);
	dt->second = (double)(seconds % 60);
	dt->has_time = seconds != 0;
	return true;
}

bool expr_date_to_days(const char *s, double *days)
{
	struct expr_datetime dt;

	if (!expr_datetime_parse(s, &dt))
		return false;
	*days = expr_datetime_days(&dt);
	return true;
}
