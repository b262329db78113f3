/* options.h - the analysis options, defined once: the rows that analyze,
 * report and model hand to the one parser (util/cmdline.h), paired with
 * a struct analyze_options (analyze.h).
 *
 * A command takes the groups it needs: analyze all of them, model the
 * output, design and common ones, report all but the output group and
 * analyze's own (it names its own --db and -o/--output). A new analysis option is one row
 * in the group it belongs to (options.c), a field of analyze_options and
 * its entry in kysely.1; every command that takes the group takes it. */
#ifndef KY_ANALYZE_OPTIONS_H
#define KY_ANALYZE_OPTIONS_H

#include "analyze/analyze.h"
#include "util/cmdline.h"

/* --db and --out (both required) */
extern const struct cmdline_option analyze_output_options[];
/* what the tables are: --by, --method, --min-cell, --published, --adjust */
extern const struct cmdline_option analyze_table_options[];
/* the survey design: --weight, --strata, --cluster, --fpc, --lonely-psu,
 * --poststratify, --rake */
extern const struct cmdline_option analyze_design_options[];
/* --form, --level, --lang, --digits, --pass-mark, --complete-only */
extern const struct cmdline_option analyze_common_options[];
/* analyze's own: --excel, --xlsx, --exclude-flagged (tables that only
 * analyze writes) */
extern const struct cmdline_option analyze_only_options[];
/* --compare, --paired, --link: analyze's and report's (its change section) */
extern const struct cmdline_option analyze_change_options[];

/* The defaults: level 0.95, 6 digits, no pass mark, everything else off. */
void analyze_options_init(struct analyze_options *o);

/* The rules between options, after parsing: --published sets --min-cell 5
 * unless it was given, --poststratify and --rake exclude each other,
 * --paired needs --link and a VAR=PRE:POST. */
int analyze_options_check(struct analyze_options *o, const struct cmdline *cl,
			  const char *cmd, struct ky_error *err);

#endif
