/* cmd-collect.c - `kysely collect` (placeholder until its issue lands). */
#include "config.h"
#include <string.h>
#include "command.h"

static int run(int argc, char **argv, struct ky_error *err)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		command_print_usage(&cmd_collect);
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "collect: not available in this build yet");
}

const struct command cmd_collect = {
	.name = "collect",
	.summary = "(not available yet)",
	.usage = "usage: kysely collect\n",
	.run = run,
};
