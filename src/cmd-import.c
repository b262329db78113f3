/* cmd-import.c - `kysely import` (placeholder until its issue lands). */
#include "config.h"
#include <string.h>
#include "command.h"

static int run(int argc, char **argv, struct ky_error *err)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		command_print_usage(&cmd_import);
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "import: not available in this build yet");
}

const struct command cmd_import = {
	.name = "import",
	.summary = "(not available yet)",
	.usage = "usage: kysely import\n",
	.run = run,
};
