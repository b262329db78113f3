/* test-coarsen.c - timestamps cut to the day or hour (io/coarsen.h). */
#include "config.h"
#include <string.h>
#include "io/coarsen.h"
#include "tap.h"

static void expect(const char *in, enum coarsen_times level, const char *want)
{
	char out[COARSEN_OUT_SIZE];
	size_t n = coarsen_time(in, strlen(in), level, out, sizeof out);
	const char *got = n ? out : in;
	ok(!strcmp(got, want) && (!n || n == strlen(out)), "%s (%d) -> %s (got %s)", in, (int)level, want, got);
}

int main(void)
{
	enum coarsen_times c;
	expect("2015-03-12T07:06:16Z", COARSEN_DAY, "2015-03-12");
	expect("2015-03-12T07:06:16Z", COARSEN_HOUR, "2015-03-12T07:00:00Z");
	expect("2015-03-12T07:06:16Z", COARSEN_NONE, "2015-03-12T07:06:16Z");
	expect("2015-03-12T23:59:59.123+02:00", COARSEN_HOUR, "2015-03-12T23:00:00+02:00");
	expect("2015-03-12T23:59:59.123+02:00", COARSEN_DAY, "2015-03-12");
	expect("2015-03-12 07:06", COARSEN_HOUR, "2015-03-12 07:00:00");
	expect("2015-03-12", COARSEN_HOUR, "2015-03-12");
	expect("", COARSEN_DAY, "");
	expect("yesterday", COARSEN_DAY, "yesterday");
	expect("2015-3-12T07:06:16Z", COARSEN_DAY, "2015-3-12T07:06:16Z");
	ok(coarsen_parse("day", &c) && c == COARSEN_DAY && coarsen_parse("hour", &c) && c == COARSEN_HOUR &&
	   coarsen_parse("none", &c) && c == COARSEN_NONE && !coarsen_parse("minute", &c),
	   "the three levels by name, nothing else");
	return tap_done();
}
