/* command.h - the subcommand table entry.
 *
 * Adding a command: write src/cmd-NAME.c exporting `const struct command
 * cmd_NAME` with its option table (util/cmdline.h) and parse it with
 * command_parse(); add it to src/local.mk and to the table in
 * src/kysely.c; end its notes with an "Example:"; document it in kysely.1
 * and README.md, and add tests/cli/NAME-*.sh. run() returns 0 or a KY_E*
 * code with err filled; main maps the code to the exit status (0, 1
 * input, 2 usage, 3 I/O). tests/cli/help.sh checks -h and --help. */
#ifndef KY_COMMAND_H
#define KY_COMMAND_H

#include "util/cmdline.h"
#include "util/error.h"

#define COMMAND_MAX_TABLES 8

struct command {
	const char *name;
	const char *summary;  /* one line for `kysely help` */
	const char *usage;    /* --help before the options: synopsis, what it does */
	/* its option tables, NULL-terminated; --help lists their rows */
	const struct cmdline_option *const *options;
	const char *notes;    /* --help after the options, ending with an example */
	int (*run)(int argc, char **argv, struct ky_error *err);
};

extern const struct command cmd_validate, cmd_collect, cmd_import,
	cmd_export, cmd_analyze, cmd_simulate, cmd_merge, cmd_report,
	cmd_erase, cmd_purge, cmd_model;
extern const struct command cmd_sync;

/* Prints --help to stdout: usage, the options' rows, notes. */
void command_print_usage(const struct command *cmd);

/* Parses argv with cmd->options, the i-th table writing into bases[i]
 * (which the caller filled with defaults); on -h/--help prints the usage
 * and sets cl->help. Release cl whatever the result. */
int command_parse(const struct command *cmd, void *const *bases, struct cmdline *cl,
		  int argc, char **argv, struct ky_error *err);

#endif
