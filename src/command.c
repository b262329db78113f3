/* command.c - what every command shares: --help from its table, and
 * parsing with it (command.h). In libkysely.a, so that the fuzz target
 * can run a command without main. */
#include "config.h"
#include <stdio.h>
#include "command.h"

void command_print_usage(const struct command *cmd)
{
	fputs(cmd->usage, stdout);
	if (cmd->options) {
		fputs("\n", stdout);
		cmdline_print_options(stdout, cmd->options);
	}
	if (cmd->notes) {
		fputs("\n", stdout);
		fputs(cmd->notes, stdout);
	}
}

int command_parse(const struct command *cmd, void *const *bases, struct cmdline *cl,
		  int argc, char **argv, struct ky_error *err)
{
	struct cmdline_table tables[COMMAND_MAX_TABLES];
	size_t n = 0;
	int rc;

	for (; cmd->options && cmd->options[n] && n < COMMAND_MAX_TABLES; n++) {
		tables[n].options = cmd->options[n];
		tables[n].base = bases[n];
	}
	rc = cmdline_parse(cl, cmd->name, tables, n, argc, argv, err);
	if (cl->help)
		command_print_usage(cmd);
	return rc;
}
