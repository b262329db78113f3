/* safe-output.c - private temporary file + rename; see safe-output.h */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/safe-output.h"
#include "util/mem.h"

bool safe_output_is_stdout(const char *path)
{
	return !path || !strcmp(path, "-");
}

/* The folder part of path ("." when it has none) and the name part. */
static char *split_path(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		*base = path;
		return ky_strdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return ky_strdup("/");
	return ky_strndup(path, (size_t)(slash - path));
}

/* The real folder and the name: two spellings of one place compare equal
 * even before the file exists ("x.csv" and "./x.csv"). */
static char *location(const char *path)
{
	const char *base;
	char *dir = split_path(path, &base);
	char *real = realpath(dir, NULL);
	char *loc = real ? ky_asprintf("%s/%s", real, base) : ky_strdup(path);

	free(real);
	free(dir);
	return loc;
}

void safe_output_guard_add(struct safe_output_guard *g, const char *path, const char *what)
{
	struct safe_output_guarded *it;
	struct stat st;

	if (safe_output_is_stdout(path))
		return;
	g->item = ky_reallocarray(g->item, g->n + 1, sizeof *g->item);
	it = &g->item[g->n++];
	memset(it, 0, sizeof *it);
	if (stat(path, &st) == 0) {
		it->exists = true;
		it->dev = st.st_dev;
		it->ino = st.st_ino;
	}
	it->where = location(path);
	it->name = ky_strdup(path);
	it->what = what;
}

void safe_output_guard_add_form(struct safe_output_guard *g, const char *path)
{
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (safe_output_is_stdout(path) || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		safe_output_guard_add(g, path, "the form");
		return;
	}
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *file = ky_asprintf("%s/%s", path, e->d_name);
		safe_output_guard_add(g, file, "a file of the form");
		free(file);
	}
	closedir(d);
}

void safe_output_guard_release(struct safe_output_guard *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->item[i].where);
		free(g->item[i].name);
	}
	free(g->item);
	g->item = NULL;
	g->n = 0;
}

static int check_guard(const char *path, const struct stat *st, const struct safe_output_guard *g,
		       struct ky_error *err)
{
	char *where;

	if (!g || !g->n)
		return KY_OK;
	where = location(path);
	for (size_t i = 0; i < g->n; i++) {
		const struct safe_output_guarded *it = &g->item[i];
		bool same = (st && it->exists && st->st_dev == it->dev && st->st_ino == it->ino) ||
			!strcmp(where, it->where);
		if (same) {
			bool as_named = !strcmp(path, it->name);
			free(where);
			return ky_error_set(err, KY_EUSAGE, "%s: is %s%s%s%s; refusing to write "
					    "over it", path, it->what, as_named ? "" : " ('",
					    as_named ? "" : it->name, as_named ? "" : "')");
		}
	}
	free(where);
	return KY_OK;
}

static const char *kind_of(mode_t mode)
{
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

static bool is_dev_null(const struct stat *st)
{
	struct stat null_st;
	return S_ISCHR(st->st_mode) && stat("/dev/null", &null_st) == 0 &&
		null_st.st_rdev == st->st_rdev;
}

static int open_dev_null(struct safe_output *o, const char *path, struct ky_error *err)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0 || !is_dev_null(&st) || !(o->fp = fdopen(fd, "w"))) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return ky_error_set(err, KY_EIO, "%s: cannot open: %s", path,
				    saved ? strerror(saved) : "not /dev/null");
	}
	o->path = ky_strdup(path);
	return KY_OK;
}

/* mkostemp's O_EXCL creates a new 0600 file: nothing planted there is
 * followed, and nobody else can read what is written. */
static int create_temporary(struct safe_output *o, const char *path, struct ky_error *err)
{
	const char *base;
	char *dir = split_path(path, &base);
	int fd;

	o->tmp = ky_asprintf("%s/.%s.XXXXXX", dir, base);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0 && errno == ENAMETOOLONG) {
		free(o->tmp);
		o->tmp = ky_asprintf("%s/.kysely-XXXXXX", dir);
		fd = mkostemp(o->tmp, O_CLOEXEC);
	}
	free(dir);
	if (fd < 0 || fchmod(fd, 0600) != 0 || !(o->fp = fdopen(fd, "w"))) {
		int saved = errno;
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return ky_error_set(err, KY_EIO, "%s: cannot create: %s", path, strerror(saved));
	}
	o->path = ky_strdup(path);
	return KY_OK;
}

int safe_output_open(struct safe_output *o, const char *path,
		     const struct safe_output_guard *guard, struct ky_error *err)
{
	struct stat st;
	bool exists;
	int rc;

	memset(o, 0, sizeof *o);
	if (safe_output_is_stdout(path)) {
		o->fp = stdout;
		return KY_OK;
	}
	exists = lstat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		return ky_error_set(err, KY_EIO, "%s: cannot create: %s", path, strerror(errno));
	if ((rc = check_guard(path, exists ? &st : NULL, guard, err)))
		return rc;
	if (exists && is_dev_null(&st))
		return open_dev_null(o, path, err);
	if (exists && !S_ISREG(st.st_mode))
		return ky_error_set(err, KY_EIO, "%s: is %s; refusing to write there "
				    "(outputs are regular files)", path, kind_of(st.st_mode));
	return create_temporary(o, path, err);
}

static void release(struct safe_output *o)
{
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

void safe_output_discard(struct safe_output *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}

static int write_failed(struct safe_output *o, const char *name, int saved,
			struct ky_error *err)
{
	ky_error_set(err, KY_EIO, "%s: write failed: %s", name,
		     saved ? strerror(saved) : "output error");
	if (o->tmp)
		unlink(o->tmp);
	release(o);
	return KY_EIO;
}

int safe_output_commit(struct safe_output *o, struct ky_error *err)
{
	FILE *fp = o->fp;
	int saved;

	if (!fp)
		return ky_error_set(err, KY_EIO, "output: not open");
	errno = 0;
	if (fp == stdout) {
		if (fflush(fp) != 0 || ferror(fp))
			return write_failed(o, "standard output", errno, err);
		release(o);
		return KY_OK;
	}
	o->fp = NULL;
	if (fflush(fp) != 0 || ferror(fp) || (o->tmp && fsync(fileno(fp)) != 0)) {
		saved = errno;
		fclose(fp);
		return write_failed(o, o->path, saved, err);
	}
	if (fclose(fp) != 0)
		return write_failed(o, o->path, errno, err);
	if (o->tmp && rename(o->tmp, o->path) != 0) {
		saved = errno;
		unlink(o->tmp);
		ky_error_set(err, KY_EIO, "%s: cannot replace: %s", o->path, strerror(saved));
		release(o);
		return KY_EIO;
	}
	release(o);
	return KY_OK;
}

/* fd is open on the folder or file: the checks and the chmod see the same
 * object, whatever happens to its name meanwhile. Any of the loose bits
 * makes it lose every group and other bit. */
static int make_private(int fd, const char *path, const char *kind, mode_t loose,
			bool refuse_foreign, struct ky_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return ky_error_set(err, KY_EIO, "%s: %s", path, strerror(errno));
	if (st.st_uid != geteuid()) {
		if (!refuse_foreign)
			return KY_OK;
		return ky_error_set(err, KY_EIO,
				    "%s: the %s belongs to another user (uid %lu), who could "
				    "read or replace what kysely writes; refusing to use it",
				    path, kind, (unsigned long)st.st_uid);
	}
	if (!(st.st_mode & loose))
		return KY_OK;
	if (fchmod(fd, st.st_mode & 0700) != 0)
		return ky_error_set(err, KY_EIO, "%s: the %s is open to other users (mode %04o) "
				    "and cannot be made private: %s", path, kind,
				    (unsigned)(st.st_mode & 07777), strerror(errno));
	ky_warn("%s: the %s was open to other users (mode %04o); made it %04o", path, kind,
		(unsigned)(st.st_mode & 07777), (unsigned)(st.st_mode & 0700));
	return KY_OK;
}

int safe_output_dir(const char *dir, struct ky_error *err)
{
	int fd, rc;

	if (mkdir(dir, 0700) == 0)
		return KY_OK;
	if (errno != EEXIST)
		return ky_error_set(err, KY_EIO, "%s: cannot create the folder: %s", dir,
				    strerror(errno));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ky_error_set(err, KY_EIO, "%s: %s", dir, errno == ENOTDIR ?
				    "not a folder" : strerror(errno));
	/* A folder others may read but not write (a home folder, 0755) is
	 * left alone: the files put in it are 0600. */
	rc = make_private(fd, dir, "folder", 022, true, err);
	close(fd);
	return rc;
}

int safe_output_check_db(int fd, const char *path, bool writable, struct ky_error *err)
{
	return make_private(fd, path, "database", 077, writable, err);
}
