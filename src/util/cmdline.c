#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/cmdline.h"

int cmdline_bad_option(struct ky_error *err, const char *cmd, int argc,
		       char **argv, int ret)
{
	/* getopt_long advanced optind past the offending word already. */
	const char *word = (optind > 0 && optind <= argc) ? argv[optind - 1] : "?";
	if (ret == ':')
		return ky_error_set(err, KY_EUSAGE, "%s: option '%s' needs a value",
				    cmd, word);
	if (optopt && !(word[0] == '-' && word[1] == '-'))
		return ky_error_set(err, KY_EUSAGE, "%s: unknown option '-%c'",
				    cmd, optopt);
	return ky_error_set(err, KY_EUSAGE, "%s: unknown option '%s'", cmd, word);
}

int cmdline_long(struct ky_error *err, const char *cmd, const char *option,
		 const char *text, long min, long max, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max)
		return ky_error_set(err, KY_EUSAGE,
				    "%s: '%s' takes a whole number from %ld to %ld, not '%s'",
				    cmd, option, min, max, text);
	*out = v;
	return KY_OK;
}

int cmdline_double(struct ky_error *err, const char *cmd, const char *option,
		   const char *text, double min, double max, double *out)
{
	char *end;
	double v;
	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < min || v > max)
		return ky_error_set(err, KY_EUSAGE,
				    "%s: '%s' takes a number from %g to %g, not '%s'",
				    cmd, option, min, max, text);
	*out = v;
	return KY_OK;
}

bool cmdline_color_ok(int fd)
{
	const char *no = getenv("NO_COLOR");
	return isatty(fd) && !(no && *no);
}

bool cmdline_progress_ok(void)
{
	return isatty(STDERR_FILENO);
}
