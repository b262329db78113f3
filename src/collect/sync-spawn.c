/* sync-spawn.c - the background sync of collect (sync-spawn.h).
 * Nothing here may fail the collection: every failure is the child's to
 * log, or at worst a sync that did not start and the next one catches up. */
#include "config.h"
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "collect/sync-spawn.h"
#include "util/mem.h"

static const char *spawn_db, *spawn_uri;
static pid_t running;
static bool submitted;

void sync_spawn_configure(const char *db, const char *uri)
{
	spawn_db = db;
	spawn_uri = uri;
}

/* In the child: detach from the terminal, redirect, become kysely sync. */
static void become_sync(void)
{
	char *log = ky_asprintf("%s-sync.log", spawn_db);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	char *argv[] = { (char *)"kysely", (char *)"sync", (char *)"--db", (char *)spawn_db,
			 (char *)"--to", (char *)spawn_uri, NULL };

	setsid();
	signal(SIGINT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(fd >= 0 ? fd : null, 2) < 0)
		_exit(127);
	execv("/proc/self/exe", argv);
	_exit(127);
}

static bool still_running(void)
{
	if (running > 0 && waitpid(running, NULL, WNOHANG) != 0)
		running = 0;
	return running > 0;
}

void sync_spawn_kick(void)
{
	pid_t pid;

	if (!spawn_uri)
		return;
	submitted = true;
	if (still_running())
		return;
	pid = fork();
	if (pid == 0)
		become_sync();
	if (pid > 0)
		running = pid;
}

void sync_spawn_finish(void)
{
	pid_t pid;

	/* A sync may be running, or may have started before the last batch
	 * was committed (--script --batch): one more sends what is left. Two
	 * at once are safe (pushing is idempotent); collect does not wait. */
	if (!spawn_uri || !submitted)
		return;
	pid = fork();
	if (pid == 0)
		become_sync();
}
