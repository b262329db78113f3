/* kysely.c - main: locale, GSL error handler, the dispatch table. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "command.h"

static const struct command *const commands[] = {
	&cmd_validate, &cmd_collect, &cmd_import, &cmd_export,
	&cmd_analyze, &cmd_simulate, &cmd_merge, &cmd_report,
	&cmd_erase, &cmd_purge, &cmd_model,
	&cmd_sync,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *out)
{
	size_t i;
	fprintf(out, "usage: kysely COMMAND [OPTIONS]\n\n"
		"Survey collection and analysis for knowledge and training-needs studies.\n\n"
		"Commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\n'kysely COMMAND --help' describes one command; 'man kysely' all of them.\n"
		"Example: kysely validate surveys/ht-needs && kysely collect surveys/ht-needs --db survey.db\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;
	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	struct ky_error err;
	int rc;

	setlocale(LC_ALL, "");
	/* Numbers are read and written with '.', whatever the user's locale. */
	setlocale(LC_NUMERIC, "C");
	gsl_set_error_handler_off();
	ky_error_clear(&err);

	if (argc < 2) {
		print_help(stderr);
		return KY_EUSAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("kysely %s\n", PACKAGE_VERSION);
		return KY_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc > 2 && (cmd = find_command(argv[2]))) {
			command_print_usage(cmd);
			return KY_OK;
		}
		print_help(stdout);
		return KY_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		ky_say("kysely: unknown command '%s' (see 'kysely help')", argv[1]);
		return KY_EUSAGE;
	}
	rc = cmd->run(argc - 1, argv + 1, &err);
	if (rc != KY_OK)
		ky_error_print(&err);
	return rc;
}
