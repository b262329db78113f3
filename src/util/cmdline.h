/* cmdline.h - what every subcommand's option parsing shares.
 *
 * Subcommands parse with getopt_long(3) with opterr = 0 and hand an
 * unknown or incomplete option to cmdline_bad_option(), so that the message
 * reads "import: unknown option '--frob'" and the exit code is 2. */
#ifndef KY_CMDLINE_H
#define KY_CMDLINE_H

#include <stdbool.h>
#include "util/error.h"

/* Fills err (KY_EUSAGE) for the option getopt just refused: call it when
 * getopt_long returned '?' or ':'. optstring must start with ':' so that a
 * missing argument returns ':'. */
int cmdline_bad_option(struct ky_error *err, const char *cmd, int argc,
		       char **argv, int ret);

/* Parses a whole number in [min, max]; fills err naming the option. */
int cmdline_long(struct ky_error *err, const char *cmd, const char *option,
		 const char *text, long min, long max, long *out);
/* Parses a finite double in [min, max]. */
int cmdline_double(struct ky_error *err, const char *cmd, const char *option,
		   const char *text, double min, double max, double *out);

/* True when colour may be used on fd: a terminal and NO_COLOR unset or empty. */
bool cmdline_color_ok(int fd);
/* True when progress should be shown on stderr (it is a terminal). */
bool cmdline_progress_ok(void);

#endif
