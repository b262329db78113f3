/* cmd-simulate.c - `kysely simulate` (placeholder until its issue lands). */
#include "config.h"
#include <string.h>
#include "command.h"

static int run(int argc, char **argv, struct ky_error *err)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		command_print_usage(&cmd_simulate);
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "simulate: not available in this build yet");
}

const struct command cmd_simulate = {
	.name = "simulate",
	.summary = "(not available yet)",
	.usage = "usage: kysely simulate\n",
	.run = run,
};
