/* cmd-report.c - `kysely report` (placeholder until its issue lands). */
#include "config.h"
#include <string.h>
#include "command.h"

static int run(int argc, char **argv, struct ky_error *err)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		command_print_usage(&cmd_report);
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "report: not available in this build yet");
}

const struct command cmd_report = {
	.name = "report",
	.summary = "(not available yet)",
	.usage = "usage: kysely report\n",
	.run = run,
};
