/* cmdline.h - every subcommand's options: one table, one parser.
 *
 * A command describes its options as rows of `struct cmdline_option`
 * (name, short letter, kind, where the value goes, range, help text) and
 * hands the tables to cmdline_parse(), in the manner of git's
 * parse-options and tmux's args. The parser owns what every command does
 * alike: -h/--help, "unknown option", "needs a value", whole numbers and
 * numbers checked against their range, "at most N", required options,
 * the positional arguments in order. Every message is one line naming
 * the option, and every such error is KY_EUSAGE (exit 2). --help's
 * option list is printed from the same rows (cmdline_print_options), so
 * adding an option is adding one row (and its entry in kysely.1).
 *
 * A row's value lands at `offset` in the struct the caller pairs with
 * the table (offsetof of a field): one table can serve several commands
 * (src/analyze/options.c: the analysis options of analyze, report and
 * model). */
#ifndef KY_CMDLINE_H
#define KY_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "util/error.h"

enum cmdline_kind {
	CMDLINE_FLAG,     /* bool set to true; takes no value */
	CMDLINE_STRING,   /* const char *, the last one given wins */
	CMDLINE_LIST,     /* const char *[max], repeatable; size_t count at count_offset */
	CMDLINE_LONG,     /* long in [min, max] */
	CMDLINE_INT,      /* int in [min, max] */
	CMDLINE_DOUBLE,   /* finite double in [min, max] */
	CMDLINE_CALL,     /* call(base, value, err); value NULL when arg is NULL */
};

struct cmdline_option {
	const char *name;        /* long name without "--", or NULL for -X only */
	int short_name;          /* 'o' for -o, or 0; a row of neither ends a table */
	enum cmdline_kind kind;
	size_t offset;           /* of the field in the paired struct */
	size_t count_offset;     /* CMDLINE_LIST: of its size_t count */
	double min, max;         /* the range; CMDLINE_LIST: max = most values */
	int (*call)(void *base, const char *value, struct ky_error *err);
	bool required;           /* "--NAME is required" when absent */
	const char *arg;         /* the value's name in --help ("FILE"); NULL: a flag */
	const char *help;        /* --help text; '\n' continues on the next line */
};

/* One row per option; FIELD is a member of TYPE, the struct paired with the table. */
#define CMDLINE_OPT_FLAG(S, NAME, TYPE, FIELD, HELP) \
	{ NAME, S, CMDLINE_FLAG, offsetof(TYPE, FIELD), 0, 0, 0, NULL, false, NULL, HELP }
#define CMDLINE_OPT_STRING(S, NAME, TYPE, FIELD, ARG, HELP) \
	{ NAME, S, CMDLINE_STRING, offsetof(TYPE, FIELD), 0, 0, 0, NULL, false, ARG, HELP }
#define CMDLINE_OPT_REQUIRED(S, NAME, TYPE, FIELD, ARG, HELP) \
	{ NAME, S, CMDLINE_STRING, offsetof(TYPE, FIELD), 0, 0, 0, NULL, true, ARG, HELP }
#define CMDLINE_OPT_LIST(NAME, TYPE, FIELD, COUNT, MAX, ARG, HELP) \
	{ NAME, 0, CMDLINE_LIST, offsetof(TYPE, FIELD), offsetof(TYPE, COUNT), 0, MAX, NULL, false, ARG, HELP }
#define CMDLINE_OPT_LONG(S, NAME, TYPE, FIELD, MIN, MAX, ARG, HELP) \
	{ NAME, S, CMDLINE_LONG, offsetof(TYPE, FIELD), 0, MIN, MAX, NULL, false, ARG, HELP }
#define CMDLINE_OPT_INT(S, NAME, TYPE, FIELD, MIN, MAX, ARG, HELP) \
	{ NAME, S, CMDLINE_INT, offsetof(TYPE, FIELD), 0, MIN, MAX, NULL, false, ARG, HELP }
#define CMDLINE_OPT_DOUBLE(S, NAME, TYPE, FIELD, MIN, MAX, ARG, HELP) \
	{ NAME, S, CMDLINE_DOUBLE, offsetof(TYPE, FIELD), 0, MIN, MAX, NULL, false, ARG, HELP }
#define CMDLINE_OPT_CALL(S, NAME, FN, ARG, HELP) \
	{ NAME, S, CMDLINE_CALL, 0, 0, 0, 0, FN, false, ARG, HELP }
#define CMDLINE_OPT_END { NULL, 0, CMDLINE_FLAG, 0, 0, 0, 0, NULL, false, NULL, NULL }

/* A table and the struct its rows' offsets point into. */
struct cmdline_table {
	const struct cmdline_option *options;
	void *base;
};

struct cmdline {
	bool help;               /* -h or --help was given: print usage, run nothing */
	char **args;             /* the positional arguments, in order */
	int n_args;
	bool *given;             /* per row, in table order (cmdline_given) */
	struct cmdline_table *tables;     /* a copy of those parsed with */
	size_t n_tables;
};

/* Parses argv[1 .. argc - 1] (argv[0] is the command's name) into the
 * tables' structs, which the caller has filled with defaults. Stops at
 * -h/--help with cl->help set. Returns 0 or KY_EUSAGE with err naming
 * cmd and the option. Release cl whatever the result. */
int cmdline_parse(struct cmdline *cl, const char *cmd, const struct cmdline_table *tables,
		  size_t n_tables, int argc, char **argv, struct ky_error *err);
/* True when the option called name was given. */
bool cmdline_given(const struct cmdline *cl, const char *name);
void cmdline_release(struct cmdline *cl);

/* Prints the rows of a NULL-terminated list of tables as --help's option lines. */
void cmdline_print_options(FILE *out, const struct cmdline_option *const *tables);

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
