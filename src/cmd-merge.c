/* cmd-merge.c - `kysely merge` (placeholder until its issue lands). */
#include "config.h"
#include <string.h>
#include "command.h"

static int run(int argc, char **argv, struct ky_error *err)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		command_print_usage(&cmd_merge);
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "merge: not available in this build yet");
}

const struct command cmd_merge = {
	.name = "merge",
	.summary = "(not available yet)",
	.usage = "usage: kysely merge\n",
	.run = run,
};
