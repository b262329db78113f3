/* safe-output.h - every file kysely writes, written so that no data is lost
 * and nobody else can redirect or read it.
 *
 * Owns the rules for outputs (exports, codebooks, rejects, analysis files,
 * reports, charts, simulated responses), for output folders and for the
 * database file's owner and mode:
 *   - an output is written to a private (0600, O_EXCL) temporary file in
 *     the target's folder and renamed over the target only when the whole
 *     of it was written: a failure leaves the old file (or none), and two
 *     writers of one name each leave a whole file (the last one wins);
 *   - a symbolic link, FIFO, device or folder as target is refused, except
 *     "-" (standard output) and /dev/null;
 *   - an output that is the same file as an input or the database (by
 *     device and inode, or by location when it does not exist yet) is
 *     refused: the caller lists those files in a struct safe_output_guard;
 *   - an existing output folder or writable database of another user is
 *     refused; the user's own folder writable by group or others, or own
 *     database with any group or other bit, is made private (0700, 0600),
 *     with a warning on stderr.
 * Errors: KY_EUSAGE when the command line names one file twice, KY_EIO
 * for everything the file system refuses. */
#ifndef KY_SAFE_OUTPUT_H
#define KY_SAFE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "util/error.h"

struct safe_output {
	FILE *fp;      /* write here; stdout for "-" */
	char *path;    /* the target as named (NULL for stdout) */
	char *tmp;     /* renamed onto path by commit; NULL for stdout, /dev/null */
};

struct safe_output_guarded {
	bool exists;
	dev_t dev;
	ino_t ino;
	char *where;        /* the real folder and the name: for files not there yet */
	char *name;         /* as the user named it */
	const char *what;   /* "the database", "the input": a static string */
};

/* Files that no output may be. Zero-initialised is an empty guard. */
struct safe_output_guard {
	size_t n;
	struct safe_output_guarded *item;
};

/* Adds path (NULL or "-" is ignored; a file not there yet is compared by
 * location). Call it after the file is created when it may not exist. */
void safe_output_guard_add(struct safe_output_guard *g, const char *path, const char *what);
/* The form: its file, or every file in its folder (survey.csv, ...). */
void safe_output_guard_add_form(struct safe_output_guard *g, const char *path);
void safe_output_guard_release(struct safe_output_guard *g);

/* Opens path ("-" or NULL: stdout) for writing under the rules above;
 * guard may be NULL. On failure o is left empty and err filled. */
int safe_output_open(struct safe_output *o, const char *path,
		     const struct safe_output_guard *guard, struct ky_error *err);

/* Flushes, syncs and renames the temporary file onto the target. On any
 * failure the temporary file is removed and the target left as it was.
 * Always releases o. */
int safe_output_commit(struct safe_output *o, struct ky_error *err);

/* Closes and removes the temporary file: the target is left as it was. */
void safe_output_discard(struct safe_output *o);

/* "-" or NULL: standard output, which is never closed. */
bool safe_output_is_stdout(const char *path);

/* A folder for output files: created 0700 when missing; an existing one
 * must belong to the user and, when group or others may write in it, is
 * made 0700 (warning). */
int safe_output_dir(const char *dir, struct ky_error *err);

/* The database open on fd, named path: another user's is refused when
 * writable is set (answers would go where its owner can read them); the
 * user's own loses group and other bits (warning). */
int safe_output_check_db(int fd, const char *path, bool writable, struct ky_error *err);

#endif
