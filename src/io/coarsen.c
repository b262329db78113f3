/* coarsen.c - timestamps cut to the day or the hour (coarsen.h). */
#include "config.h"
#include <ctype.h>
#include <string.h>
#include "io/coarsen.h"

#define COARSEN_MAX_STAMP 40

bool coarsen_parse(const char *word, enum coarsen_times *out)
{
	if (!strcmp(word, "none"))
		*out = COARSEN_NONE;
	else if (!strcmp(word, "hour"))
		*out = COARSEN_HOUR;
	else if (!strcmp(word, "day"))
		*out = COARSEN_DAY;
	else
		return false;
	return true;
}

/* digits at the given positions of s (len bytes) */
static bool digits_at(const char *s, size_t len, const size_t *pos, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pos[i] >= len || !isdigit((unsigned char)s[pos[i]]))
			return false;
	return true;
}

static bool starts_with_date(const char *s, size_t len)
{
	static const size_t d[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	return digits_at(s, len, d, sizeof d / sizeof d[0]) && s[4] == '-' && s[7] == '-';
}

/* The zone suffix after HH[:MM[:SS[.fff]]]: "Z", "+02:00" or "". */
static const char *zone_suffix(const char *s, size_t len, size_t *zlen)
{
	size_t i = 13;
	while (i < len && (isdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.'))
		i++;
	*zlen = len - i;
	return s + i;
}

size_t coarsen_time(const char *in, size_t len, enum coarsen_times level, char *out, size_t outlen)
{
	static const size_t hour_digits[] = { 11, 12 };
	size_t zlen;
	const char *zone;

	if (level == COARSEN_NONE || len > COARSEN_MAX_STAMP || outlen < COARSEN_OUT_SIZE ||
	    !starts_with_date(in, len) || len == 10)
		return 0;
	if (level == COARSEN_DAY || len < 13 || (in[10] != 'T' && in[10] != ' ') ||
	    !digits_at(in, len, hour_digits, 2)) {
		memcpy(out, in, 10);
		out[10] = '\0';
		return 10;
	}
	zone = zone_suffix(in, len, &zlen);
	memcpy(out, in, 13);
	memcpy(out + 13, ":00:00", 6);
	memcpy(out + 19, zone, zlen);
	out[19 + zlen] = '\0';
	return 19 + zlen;
}
