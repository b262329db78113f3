/* cmd-export.c - `kysely export` (placeholder until its issue lands). */
#include "config.h"
#include <string.h>
#include "command.h"

static int run(int argc, char **argv, struct ky_error *err)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		command_print_usage(&cmd_export);
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "export: not available in this build yet");
}

const struct command cmd_export = {
	.name = "export",
	.summary = "(not available yet)",
	.usage = "usage: kysely export\n",
	.run = run,
};
