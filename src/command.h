/* command.h - the subcommand table entry.
 *
 * Adding a command: write src/cmd-NAME.c exporting `const struct command
 * cmd_NAME`, add it to src/local.mk and to the table in src/kysely.c, give
 * it --help with an example, document it in kysely.1 and README.md, and add
 * tests/cli/NAME-*.sh. run() returns 0 or a KY_E* code with err filled;
 * main maps the code to the exit status (0, 1 input, 2 usage, 3 I/O). */
#ifndef KY_COMMAND_H
#define KY_COMMAND_H

#include "util/error.h"

struct command {
	const char *name;
	const char *summary;  /* one line for `kysely help` */
	const char *usage;    /* full --help text, with an example */
	int (*run)(int argc, char **argv, struct ky_error *err);
};

extern const struct command cmd_validate, cmd_collect, cmd_import,
	cmd_export, cmd_analyze, cmd_simulate, cmd_merge, cmd_report,
	cmd_erase, cmd_purge, cmd_model;
extern const struct command cmd_sync;

/* Prints cmd->usage to stdout; used by every command for --help. */
void command_print_usage(const struct command *cmd);

#endif
