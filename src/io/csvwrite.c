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
#include "io/table.h"
#include "util/mem.h"

#define DEFAULT_DIGITS 10

/* A writer owns its stream (csvwrite.h): once a command has started
 * threads (analyze --threads), glibc locks the stream on every putc and
 * fwrite, a tenth of the time of a large table's cells. The unlocked
 * calls spare that; elsewhere the locked ones do the same. */
#ifdef HAVE_FWRITE_UNLOCKED
#define write_bytes(s, len, fp) fwrite_unlocked((s), 1, (len), (fp))
#else
#define write_bytes(s, len, fp) fwrite((s), 1, (len), (fp))
#endif
#define write_char(c, fp) putc_unlocked((c), (fp))

void csvwrite_init(struct csvwrite *w, FILE *fp, int digits)
{
	w->fp = fp;
	w->at_line_start = true;
	w->digits = digits > 0 ? digits : DEFAULT_DIGITS;
	w->neutralise = true;
	w->failed = false;
	w->owns_file = false;
	w->excel = false;
	w->table = NULL;
}

void csvwrite_excel(struct csvwrite *w)
{
	static const char bom[] = "\xEF\xBB\xBF";

	w->excel = true;
	if (w->table)
		return;   /* a table in memory: the CSV written from it marks itself */
	if (fwrite(bom, 1, sizeof bom - 1, w->fp) != sizeof bom - 1)
		w->failed = true;
}

void csvwrite_init_table(struct csvwrite *w, struct table *t, int digits)
{
	csvwrite_init(w, NULL, digits);
	w->table = t;
}

static void put_separator(struct csvwrite *w)
{
	if (w->table) {
		table_add_cell(w->table, "", 0);   /* filled by write_cell */
		w->at_line_start = false;
		return;
	}
	if (!w->at_line_start && write_char(w->excel ? ';' : ',', w->fp) == EOF)
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

/* Where a reader splitting at ';', TAB or a line end starts a new cell. */
static bool is_boundary(char c)
{
	return c == ';' || c == '\t' || c == '\r' || c == '\n';
}

/* The one rule (csvwrite.h): does the cell s[0..len) need an apostrophe
 * at i, i being its start or just after a boundary? It looks no further
 * than the first character that is not a blank, so that inserting or
 * removing apostrophes elsewhere never changes its answer. */
static bool mark_at(const char *s, size_t len, size_t i, bool start)
{
	if (i < len && s[i] == '\'')
		return true;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len)
		return false;
	if (start)
		return is_formula_start(s[i]);
	return s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@';
}

/* s with an apostrophe wherever mark_at() asks for one; NULL when none
 * does (or s is a plain number, which a spreadsheet reads as a value). */
static char *neutralised(const char *s, size_t len, size_t *out_len)
{
	size_t i, n = 0;
	char *out;

	if (!len || csvwrite_is_number(s, len))
		return NULL;
	for (i = 0; i < len; i++)
		if ((i == 0 || is_boundary(s[i - 1])) && mark_at(s, len, i, i == 0))
			n++;
	if (!n)
		return NULL;
	out = ky_malloc(len + n + 1);
	for (i = 0, n = 0; i < len; i++) {
		if ((i == 0 || is_boundary(s[i - 1])) && mark_at(s, len, i, i == 0))
			out[n++] = '\'';
		out[n++] = s[i];
	}
	out[n] = '\0';
	*out_len = n;
	return out;
}

/* A plain number with its decimal point made a comma (Excel mode); it
 * needs no quotes, since ',' is not the separator there. */
static bool write_decimal_comma(struct csvwrite *w, const char *s, size_t len)
{
	const char *dot = memchr(s, '.', len);
	size_t head;

	if (!dot || !csvwrite_is_number(s, len))
		return false;
	head = (size_t)(dot - s);
	if ((head && write_bytes(s, head, w->fp) != head) || write_char(',', w->fp) == EOF ||
	    (len - head - 1 && write_bytes(dot + 1, len - head - 1, w->fp) != len - head - 1))
		w->failed = true;
	return true;
}

static void write_cell(struct csvwrite *w, const char *s, size_t len)
{
	if (w->table) {
		table_set_last(w->table, s, len);
		return;
	}
	if (w->excel && write_decimal_comma(w, s, len))
		return;
	if (!needs_quotes(s, len)) {
		if (len && write_bytes(s, len, w->fp) != len)
			w->failed = true;
	} else if (csv_fwrite(w->fp, s, len) != 0) {
		w->failed = true;
	}
}

/* A cell that needs neither quotes nor a mark: no separator, quote, line
 * end or TAB (the boundaries of mark_at are among them), no blank at
 * either end, and a first character that starts no formula. Most cells
 * of a large table are so (quality.csv's ids at 1M); one pass tells. */
static bool plain_cell(const char *s, size_t len)
{
	static const bool special[256] = { [','] = true, ['"'] = true, ['\n'] = true,
					   ['\r'] = true, [';'] = true, ['\t'] = true };

	if (!len)
		return true;
	if (s[0] == ' ' || s[len - 1] == ' ' || s[0] == '\'' || is_formula_start(s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (special[(unsigned char)s[i]])
			return false;
	return true;
}

void csvwrite_textn(struct csvwrite *w, const char *s, size_t len)
{
	put_separator(w);
	if (!s)
		return;
	/* written as it is (Excel's cells may take a decimal comma) */
	if (!w->table && !w->excel && plain_cell(s, len)) {
		if (len && write_bytes(s, len, w->fp) != len)
			w->failed = true;
		return;
	}
	/* a table keeps the text as it is: its CSV writer neutralises it */
	if (w->neutralise && !w->table) {
		/* The apostrophe is how spreadsheets mark "text, not formula". */
		size_t n;
		char *marked = neutralised(s, len, &n);
		if (marked) {
			write_cell(w, marked, n);
			free(marked);
			return;
		}
	}
	write_cell(w, s, len);
}

void csvwrite_text(struct csvwrite *w, const char *s)
{
	csvwrite_textn(w, s, s ? strlen(s) : 0);
}

size_t csvwrite_format_number(char *buf, size_t size, double v, int digits)
{
	int n;

	if (!isfinite(v) || size == 0)
		return 0;
	if (v == 0)
		v = 0;   /* no "-0" */
	if (v == floor(v) && fabs(v) < 1e15)
		n = snprintf(buf, size, "%.0f", v);
	else
		n = snprintf(buf, size, "%.*g", digits > 0 ? digits : DEFAULT_DIGITS, v);
	if (n < 0 || (size_t)n >= size) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

void csvwrite_number(struct csvwrite *w, double v)
{
	char buf[CSVWRITE_NUMBER_MAX];
	size_t n;

	put_separator(w);
	if (!isfinite(v))
		return;
	n = csvwrite_format_number(buf, sizeof buf, v, w->digits);
	if (!n)
		w->failed = true;
	else
		write_cell(w, buf, n);
}

void csvwrite_int(struct csvwrite *w, long long v)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%lld", v);

	put_separator(w);
	if (n < 0 || (size_t)n >= sizeof buf)
		w->failed = true;
	else
		write_cell(w, buf, (size_t)n);
}

void csvwrite_empty(struct csvwrite *w)
{
	put_separator(w);
}

void csvwrite_end_row(struct csvwrite *w)
{
	if (w->table) {
		table_end_row(w->table);
		w->at_line_start = true;
		return;
	}
	if (write_char('\n', w->fp) == EOF)
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
	if (w->table)
		return w->failed ? write_failed(path, 0, err) : KY_OK;
	if (fflush(w->fp) != 0 || ferror(w->fp))
		w->failed = true;
	if (w->failed)
		return write_failed(path, errno, err);
	return KY_OK;
}

static int close_owned(struct csvwrite *w, const char *path, struct ky_error *err)
{
	int rc = csvwrite_finish(w, path, err);

	w->fp = NULL;
	w->owns_file = false;
	if (rc != KY_OK) {
		safe_output_discard(&w->file);
		return rc;
	}
	return safe_output_commit(&w->file, err);
}

int csvwrite_close(struct csvwrite *w, const char *path, struct ky_error *err)
{
	int rc;
	struct stat st;
	bool regular = false;

	if (w->owns_file)
		return close_owned(w, path, err);
	rc = csvwrite_finish(w, path, err);
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

void csvwrite_discard(struct csvwrite *w)
{
	if (w->owns_file)
		safe_output_discard(&w->file);
	w->owns_file = false;
	w->fp = NULL;
}

char *csvwrite_unneutralise(const char *s, size_t len)
{
	size_t i, n = 0;
	char *out;

	if (!memchr(s, '\'', len))
		return NULL;
	out = ky_malloc(len + 1);
	for (i = 0; i < len; i++) {
		/* an apostrophe the writer added: the rest of its cell or
		 * segment, read as written, would have earned it */
		if (s[i] == '\'' && (i == 0 || is_boundary(s[i - 1])) &&
		    mark_at(s, len, i + 1, i == 0))
			continue;
		out[n++] = s[i];
	}
	out[n] = '\0';
	if (n == len) {
		free(out);
		return NULL;
	}
	return out;
}

int csvwrite_open(struct csvwrite *w, const char *path, const struct safe_output_guard *guard,
		  int digits, struct ky_error *err)
{
	struct safe_output file;
	int rc = safe_output_open(&file, path, guard, err);

	if (rc)
		return rc;
	csvwrite_init(w, file.fp, digits);
	w->file = file;
	w->owns_file = true;
	return KY_OK;
}
