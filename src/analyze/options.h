/* options.h - the analysis options, defined once: `analyze`, `report`
 * (and the commands to come) parse them through this one table, so a
 * command that "takes analyze's options" cannot drift from analyze.
 *
 * A command puts its own options (getopt values below
 * ANALYZE_OPTION_FIRST) before the table (analyze_options_merge), hands
 * every value the loop returns that analyze_option_is() to
 * analyze_option_apply(), and calls analyze_options_check() after it. */
#ifndef KY_ANALYZE_OPTIONS_H
#define KY_ANALYZE_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include "analyze/analyze.h"

#define ANALYZE_OPTION_FIRST 1000

/* Defaults (95 %, 6 digits, no pass mark); command names the messages. */
void analyze_options_init(struct analyze_options *o, const char *command);
bool analyze_option_is(int c);
/* One option of the table, checked (ranges, counts) with a one-line error. */
int analyze_option_apply(struct analyze_options *o, int c, const char *arg, struct ky_error *err);
/* After the loop: --published's --min-cell, --db given, no
 * --poststratify with --rake. */
int analyze_options_check(struct analyze_options *o, struct ky_error *err);
/* own (terminated by a NULL name) then the analysis options, terminated:
 * a new array the caller frees. */
struct option *analyze_options_merge(const struct option *own);

#endif
