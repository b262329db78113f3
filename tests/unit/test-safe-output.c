/* test-safe-output.c - temporary file and rename, guards, refusals, folders. */
#include "config.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/safe-output.h"
#include "tap.h"

static char dir[] = "/tmp/test-safe-output-XXXXXX";

static char *in_dir(const char *name)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, sizeof buf[0], "%s/%s", dir, name);
	return p;
}

static void put(const char *name, const char *text)
{
	FILE *fp = fopen(in_dir(name), "w");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static int same_text(const char *name, const char *text)
{
	char buf[256] = "";
	FILE *fp = fopen(in_dir(name), "r");
	size_t n;
	if (!fp)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return !strcmp(buf, text);
}

/* Files in dir whose name starts with a dot: temporary files left behind. */
static int hidden_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_rename(void)
{
	struct safe_output o;
	struct ky_error err;
	struct stat st;

	put("out.csv", "old\n");
	ok(safe_output_open(&o, in_dir("out.csv"), NULL, &err) == KY_OK, "open over a file");
	fputs("new\n", o.fp);
	ok(same_text("out.csv", "old\n"), "the old file stays until the commit");
	ok(hidden_files() == 1, "one temporary file beside it");
	ok(safe_output_commit(&o, &err) == KY_OK, "commit");
	ok(same_text("out.csv", "new\n"), "the commit renames the new file into place");
	ok(stat(in_dir("out.csv"), &st) == 0 && (st.st_mode & 0777) == 0600, "mode 0600");
	ok(safe_output_open(&o, in_dir("out.csv"), NULL, &err) == KY_OK, "open again");
	fputs("half", o.fp);
	safe_output_discard(&o);
	ok(same_text("out.csv", "new\n") && hidden_files() == 0,
	   "discard keeps the old file and removes the temporary one");
}

static void test_guard(void)
{
	struct safe_output_guard g = { 0 };
	struct safe_output o;
	struct ky_error err;

	put("db", "data");
	safe_output_guard_add(&g, in_dir("db"), "the database");
	safe_output_guard_add(&g, in_dir("later.csv"), "the data export (-o)");
	safe_output_guard_add(&g, "-", "standard output");
	ok(g.n == 2, "'-' is not guarded");
	ok(safe_output_open(&o, in_dir("db"), &g, &err) == KY_EUSAGE && strstr(err.msg, "the database"),
	   "the database is refused: %s", err.msg);
	ok(link(in_dir("db"), in_dir("db2")) == 0 &&
	   safe_output_open(&o, in_dir("db2"), &g, &err) == KY_EUSAGE,
	   "a hard link to it too (same inode): %s", err.msg);
	ok(safe_output_open(&o, in_dir("./later.csv"), &g, &err) == KY_EUSAGE,
	   "a file not there yet, named another way: %s", err.msg);
	ok(same_text("db", "data") && hidden_files() == 0, "nothing written");
	ok(safe_output_open(&o, in_dir("other.csv"), &g, &err) == KY_OK, "another name is fine");
	safe_output_discard(&o);
	safe_output_guard_release(&g);
	ok(g.n == 0 && g.item == NULL, "release empties the guard");
}

static void test_kinds(void)
{
	struct safe_output o;
	struct ky_error err;

	ok(symlink("db", in_dir("link")) == 0 &&
	   safe_output_open(&o, in_dir("link"), NULL, &err) == KY_EIO &&
	   strstr(err.msg, "symbolic link"), "a symbolic link is refused: %s", err.msg);
	ok(mkfifo(in_dir("fifo"), 0600) == 0 &&
	   safe_output_open(&o, in_dir("fifo"), NULL, &err) == KY_EIO && strstr(err.msg, "FIFO"),
	   "a FIFO is refused: %s", err.msg);
	ok(safe_output_open(&o, "/dev/zero", NULL, &err) == KY_EIO && strstr(err.msg, "device"),
	   "a device is refused: %s", err.msg);
	ok(safe_output_open(&o, dir, NULL, &err) == KY_EIO && strstr(err.msg, "folder"),
	   "a folder is refused: %s", err.msg);
	ok(safe_output_open(&o, "/dev/null", NULL, &err) == KY_OK && o.tmp == NULL &&
	   safe_output_commit(&o, &err) == KY_OK, "/dev/null is written directly");
	ok(safe_output_open(&o, "-", NULL, &err) == KY_OK && o.fp == stdout &&
	   safe_output_commit(&o, &err) == KY_OK, "'-' is standard output");
	ok(safe_output_is_stdout(NULL) && safe_output_is_stdout("-") && !safe_output_is_stdout("x"),
	   "safe_output_is_stdout");
}

static void test_dir(void)
{
	struct ky_error err;
	struct stat st;

	umask(0);
	ok(safe_output_dir(in_dir("new"), &err) == KY_OK && stat(in_dir("new"), &st) == 0 &&
	   (st.st_mode & 0777) == 0700, "a new folder is 0700 whatever the umask");
	ok(mkdir(in_dir("loose"), 0777) == 0 && safe_output_dir(in_dir("loose"), &err) == KY_OK &&
	   stat(in_dir("loose"), &st) == 0 && (st.st_mode & 0777) == 0700,
	   "the user's own 0777 folder is made 0700");
	ok(mkdir(in_dir("readable"), 0755) == 0 && safe_output_dir(in_dir("readable"), &err) == KY_OK &&
	   stat(in_dir("readable"), &st) == 0 && (st.st_mode & 0777) == 0755,
	   "a folder others may read but not write is left alone");
	ok(safe_output_dir(in_dir("db"), &err) == KY_EIO && strstr(err.msg, "not a folder"),
	   "a file is not a folder: %s", err.msg);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_rename();
	test_guard();
	test_kinds();
	test_dir();
	{
		static const char *const files[] = { "out.csv", "db", "db2", "link", "fifo" };
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
			unlink(in_dir(files[i]));
		rmdir(in_dir("new"));
		rmdir(in_dir("loose"));
		rmdir(in_dir("readable"));
		rmdir(dir);
	}
	return tap_done();
}
