/* csvwrite.c - CSV output that is safe to open in a spreadsheet (csvwrite.h).
 *
 * Cells are quoted only when they must be (a comma, quote, line break, or
 * leading/trailing blank that a reader would trim), so that plain data
 * stays readable and diffs stay small; the quoting itself is libcsv's
 * csv_fwrite. Rows end with "\n", as R and pandas write them. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <csv.h>
#include "io/csvwrite.h"
#include "util/mem.h"

#define DEFAULT_DIGITS 10

void csvwrite_init(struct csvwrite *w, FILE *fp, int digits)
{
	w->fp = fp;
	w->at_line_start = true;
	w->digits = digits > 0 ? digits : DEFAULT_DIGITS;
	w->neutralise = true;
	w->failed = false;
}

static void put_separator(struct csvwrite *w)
{
	if (!w->at_line_start && putc(',', w->fp) == EOF)
		w->failed = true;
	w->at_line_start = false;
}

static bool is_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' ||
	       c == '\t' || c == '\r' || c == '\n';
}

static bool all_digits(const char **p, const char *end)
{
	const char *start = *p;
	while (*p < end && **p >= '0' && **p <= '9')
		(*p)++;
	return *p > start;
}

/* A plain decimal number ("-0.05", "+3", "1e-7"): a spreadsheet reads it
 * as a value, never as a formula, so it is left as it is. */
bool csvwrite_is_number(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	bool int_part, frac_part = false;

	if (p < end && (*p == '-' || *p == '+'))
		p++;
	int_part = all_digits(&p, end);
	if (p < end && *p == '.') {
		p++;
		frac_part = all_digits(&p, end);
	}
	if (!int_part && !frac_part)
		return false;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			p++;
		if (!all_digits(&p, end))
			return false;
	}
	return p == end;
}

static bool needs_quotes(const char *s, size_t len)
{
	size_t i;
	if (len == 0)
		return false;
	/* libcsv (and many readers) trim unquoted surrounding blanks. */
	if (s[0] == ' ' || s[len - 1] == ' ')
		return true;
	/* ';' is the separator of Excel in Finnish and Swedish, TAB that of a
	 * paste: quoted, the cell stays one cell there too. */
	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r' || s[i] == ';' ||
		    s[i] == '\t')
			return true;
	return false;
}

/* Does the text from s on, after blanks, start with a formula character? */
static bool formula_after_blanks(const char *s, const char *end)
{
	while (s < end && *s == ' ')
		s++;
	return s < end && is_formula_start(*s);
}

/* The one rule (csvwrite.h): a cell a spreadsheet could run, or one that
 * starts with an apostrophe of its own, gets an apostrophe in front. */
static bool needs_neutraliser(const char *s, size_t len)
{
	const char *end = s + len, *p;

	if (!len || csvwrite_is_number(s, len))
		return false;
	if (s[0] == '\'' || formula_after_blanks(s, end))
		return true;
	/* a reader splitting at ';' or TAB sees a new cell after each */
	for (p = s; p < end; p++)
		if ((*p == ';' || *p == '\t') && formula_after_blanks(p + 1, end))
			return true;
	return false;
}

static void write_cell(struct csvwrite *w, const char *s, size_t len)
{
	if (!needs_quotes(s, len)) {
		if (len && fwrite(s, 1, len, w->fp) != len)
			w->failed = true;
	} else if (csv_fwrite(w->fp, s, len) != 0) {
		w->failed = true;
	}
}

void csvwrite_textn(struct csvwrite *w, const char *s, size_t len)
{
	put_separator(w);
	if (!s)
		return;
	if (w->neutralise && needs_neutraliser(s, len)) {
		/* The apostrophe is how spreadsheets mark "text, not formula". */
		char *prefixed = ky_malloc(len + 1);
		prefixed[0] = '\'';
		memcpy(prefixed + 1, s, len);
		write_cell(w, prefixed, len + 1);
		free(prefixed);
		return;
	}
	write_cell(w, s, len);
}

void csvwrite_text(struct csvwrite *w, const char *s)
{
	csvwrite_textn(w, s, s ? strlen(s) : 0);
}

void csvwrite_number(struct csvwrite *w, double v)
{
	char buf[64];
	int n;

	put_separator(w);
	if (!isfinite(v))
		return;
	if (v == 0)
		v = 0;   /* no "-0" */
	if (v == floor(v) && fabs(v) < 1e15)
		n = snprintf(buf, sizeof buf, "%.0f", v);
	else
		n = snprintf(buf, sizeof buf, "%.*g", w->digits, v);
	if (n < 0 || (size_t)n >= sizeof buf || fwrite(buf, 1, (size_t)n, w->fp) != (size_t)n)
		w->failed = true;
}

void csvwrite_int(struct csvwrite *w, long long v)
{
	put_separator(w);
	if (fprintf(w->fp, "%lld", v) < 0)
		w->failed = true;
}

void csvwrite_empty(struct csvwrite *w)
{
	put_separator(w);
}

void csvwrite_end_row(struct csvwrite *w)
{
	if (putc('\n', w->fp) == EOF)
		w->failed = true;
	w->at_line_start = true;
}

static int write_failed(const char *path, int saved_errno, struct ky_error *err)
{
	const char *name = (path && strcmp(path, "-")) ? path : "standard output";
	return ky_error_set(err, KY_EIO, "%s: write failed: %s", name,
			    saved_errno ? strerror(saved_errno) : "output error");
}

int csvwrite_finish(struct csvwrite *w, const char *path, struct ky_error *err)
{
	errno = 0;
	if (fflush(w->fp) != 0 || ferror(w->fp))
		w->failed = true;
	if (w->failed)
		return write_failed(path, errno, err);
	return KY_OK;
}

int csvwrite_close(struct csvwrite *w, const char *path, struct ky_error *err)
{
	int rc = csvwrite_finish(w, path, err);
	struct stat st;
	bool regular = false;

	if (w->fp && w->fp != stdout) {
		regular = fstat(fileno(w->fp), &st) == 0 && S_ISREG(st.st_mode);
		errno = 0;
		if (fclose(w->fp) != 0 && rc == KY_OK)
			rc = write_failed(path, errno, err);
	}
	/* A file cut short by a full disk must not pass for the whole data. */
	if (rc != KY_OK && regular)
		unlink(path);
	w->fp = NULL;
	return rc;
}

size_t csvwrite_neutraliser_len(const char *s, size_t len)
{
	return len >= 2 && s[0] == '\'' && needs_neutraliser(s + 1, len - 1) ? 1 : 0;
}

FILE *csvwrite_open(const char *path, struct ky_error *err)
{
	struct stat st;
	FILE *fp;
	int fd;

	if (!path || !strcmp(path, "-"))
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		ky_error_set(err, KY_EIO, "%s: cannot create: %s", path, strerror(errno));
		return NULL;
	}
	/* An older file of that name may be readable by others; the answers
	 * about to go in are not for them (devices such as /dev/null stay). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) &&
	    fchmod(fd, 0600) != 0) {
		ky_error_set(err, KY_EIO, "%s: cannot make it private: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		ky_error_set(err, KY_EIO, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	return fp;
}
