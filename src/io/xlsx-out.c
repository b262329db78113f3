/* xlsx-out.c - Excel workbooks from kysely's CSV tables (xlsx-out.h). */
#include "config.h"   /* _GNU_SOURCE: fopencookie */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <csv.h>
#include <xlsxwriter.h>
#include "io/csvwrite.h"
#include "io/xlsx-out.h"
#include "util/mem.h"

struct xlsx_out {
	struct safe_output file;
	lxw_workbook *wb;
	lxw_format *bold, *percent, *grey, *grey_percent;
	lxw_error failure;     /* the first failure of libxlsxwriter, else LXW_NO_ERROR */
	char *tmpdir;          /* lent to libxlsxwriter until the workbook is closed */
};

/* One sheet being fed CSV text: a row is gathered whole, then written. */
struct sheet_feed {
	struct xlsx_out *x;
	lxw_worksheet *ws;
	struct csv_parser parser;
	enum xlsx_table kind;
	bool excel, failed;
	bool *numeric;          /* per column, XLSX_DATA */
	size_t n_numeric;
	char **cells, **header;
	size_t n_cells, cap, n_header;
	lxw_row_t row;
	int statistic_col, suppressed_col;   /* -1: no such column */
};

static void note(struct xlsx_out *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->failure == LXW_NO_ERROR)
		x->failure = e;
}

/* Columns of the analysis tables that name or label things: never numbers
 * ("01" as a level stays "01"). */
static bool is_text_column(const char *name)
{
	static const char *const text[] = {
		"form", "variable", "variable_label", "by", "group", "level", "level_label",
		"statistic", "method", "test", "adjust_method", "item", "item_label", "domain",
		"flags", "key", "compare", "group_a", "group_b", "model", "outcome", "family",
		"term", "respondent", "question", "status", "time_source", "repeat", NULL
	};
	for (size_t i = 0; text[i]; i++)
		if (!strcmp(name, text[i]))
			return true;
	return false;
}

static const char *human_label(const char *name)
{
	static const char *const map[][2] = {
		{ "form", "Form" }, { "variable", "Variable" }, { "variable_label", "Question" },
		{ "by", "Grouped by" }, { "group", "Group" }, { "level", "Level" },
		{ "level_label", "Level label" }, { "statistic", "Statistic" },
		{ "n", "n" }, { "base", "Base" }, { "estimate", "Estimate" },
		{ "std_error", "Standard error" }, { "conf_low", "CI lower" },
		{ "conf_high", "CI upper" }, { "conf_level", "Confidence level" },
		{ "method", "Method" }, { "suppressed", "Suppressed" }, { "test", "Test" },
		{ "df", "df" }, { "df2", "df (denominator)" }, { "p_value", "p-value" },
		{ "p_adjusted", "p-value (adjusted)" }, { "adjust_method", "Adjustment" },
		{ "min_expected", "Smallest expected count" }, { "item", "Item" },
		{ "item_label", "Item label" }, { "domain", "Domain" }, { "correct", "Correct" },
		{ "incorrect", "Incorrect" }, { "dont_know", "Don't know" },
		{ "missing", "Missing" }, { "p_correct", "Share correct" },
		{ "p_correct_low", "Share correct, CI lower" },
		{ "p_correct_high", "Share correct, CI upper" },
		{ "p_incorrect", "Share incorrect" }, { "p_dont_know", "Share don't know" },
		{ "p_missing", "Share missing" }, { "item_rest_r", "Item-rest correlation" },
		{ "discrimination", "Discrimination" }, { "alpha_if_deleted", "Alpha if deleted" },
		{ "flags", "Flags" }, { "deff", "Design effect" }, { "n_eff", "Effective n" },
		{ "n_kish", "Kish effective n" }, { "key", "Setting" }, { "value", "Value" },
		{ "respondent", "Respondent" }, { "speeder", "Speeder" },
		{ "straightliner", "Straight-liner" }, { "seconds", "Seconds" },
		{ "repeat", "Repeat" }, { "respondents", "Respondents" },
		{ NULL, NULL }
	};
	for (size_t i = 0; map[i][0]; i++)
		if (!strcmp(name, map[i][0]))
			return map[i][1];
	return name;
}

static bool is_share_statistic(const char *s)
{
	return !strcmp(s, "proportion") || !strcmp(s, "top2") || !strcmp(s, "pass_rate") ||
	       !strncmp(s, "share_", 6);
}

static bool is_percent_cell(const struct sheet_feed *f, const char *name)
{
	static const char *const share_cols[] = { "estimate", "std_error", "conf_low", "conf_high",
						  "estimate_a", "estimate_b", "difference",
						  "estimate_pre", "estimate_post", NULL };
	const char *stat;

	if (!strncmp(name, "p_", 2) && strcmp(name, "p_value") && strcmp(name, "p_adjusted"))
		return true;
	if (f->statistic_col < 0 || (size_t)f->statistic_col >= f->n_cells)
		return false;
	stat = f->cells[f->statistic_col];
	if (!is_share_statistic(stat))
		return false;
	for (size_t i = 0; share_cols[i]; i++)
		if (!strcmp(name, share_cols[i]))
			return true;
	return false;
}

/* The number a cell holds, when it is one (a decimal comma in Excel mode). */
static bool cell_number(const struct sheet_feed *f, const char *s, double *v)
{
	size_t len = strlen(s);
	char buf[64];

	if (!len || len >= sizeof buf)
		return false;
	memcpy(buf, s, len + 1);
	if (f->excel) {
		char *comma = strchr(buf, ',');
		if (comma && !strchr(buf, '.'))
			*comma = '.';
	}
	if (!csvwrite_is_number(buf, len))
		return false;
	*v = strtod(buf, NULL);
	return true;
}

static bool numbers_allowed(const struct sheet_feed *f, size_t col)
{
	if (f->kind == XLSX_DATA)
		return col < f->n_numeric && f->numeric[col];
	return col < f->n_header && !is_text_column(f->header[col]);
}

static void write_cell(struct sheet_feed *f, size_t col, bool suppressed)
{
	const char *s = f->cells[col], *name = col < f->n_header ? f->header[col] : "";
	bool allowed = numbers_allowed(f, col);
	bool percent = f->kind == XLSX_RESULTS && is_percent_cell(f, name);
	lxw_col_t c = (lxw_col_t)col;
	double v;

	if (!*s) {
		if (suppressed && allowed)
			note(f->x, worksheet_write_blank(f->ws, f->row, c,
							 percent ? f->x->grey_percent : f->x->grey));
		return;
	}
	if (allowed && cell_number(f, s, &v)) {
		note(f->x, worksheet_write_number(f->ws, f->row, c, v,
						  percent ? f->x->percent : NULL));
		return;
	}
	char *plain = csvwrite_unneutralise(s, strlen(s));
	note(f->x, worksheet_write_string(f->ws, f->row, c, plain ? plain : s, NULL));
	free(plain);
}

static int column_of(const struct sheet_feed *f, const char *name)
{
	for (size_t i = 0; i < f->n_header; i++)
		if (!strcmp(f->header[i], name))
			return (int)i;
	return -1;
}

static void write_header(struct sheet_feed *f)
{
	f->header = f->cells;
	f->n_header = f->n_cells;
	f->cells = NULL;
	f->n_cells = f->cap = 0;
	f->statistic_col = column_of(f, "statistic");
	f->suppressed_col = column_of(f, "suppressed");
	for (size_t i = 0; i < f->n_header; i++) {
		const char *label = f->kind == XLSX_RESULTS ? human_label(f->header[i]) : f->header[i];
		note(f->x, worksheet_write_string(f->ws, 0, (lxw_col_t)i, label, f->x->bold));
	}
	worksheet_freeze_panes(f->ws, 1, 0);
}

static void end_row(int c, void *data)
{
	struct sheet_feed *f = data;
	bool suppressed;

	(void)c;
	if (f->row == 0) {
		write_header(f);
	} else {
		suppressed = f->suppressed_col >= 0 && (size_t)f->suppressed_col < f->n_cells &&
			!strcmp(f->cells[f->suppressed_col], "1");
		for (size_t i = 0; i < f->n_cells; i++)
			write_cell(f, i, suppressed);
	}
	for (size_t i = 0; i < f->n_cells; i++)
		free(f->cells[i]);
	f->n_cells = 0;
	f->row++;
}

static void end_field(void *s, size_t len, void *data)
{
	struct sheet_feed *f = data;
	const char *text = s ? s : "";
	static const char bom[] = "\xEF\xBB\xBF";

	if (f->excel && f->row == 0 && f->n_cells == 0 && len >= 3 && !memcmp(text, bom, 3)) {
		text += 3;
		len -= 3;
	}
	if (f->n_cells == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->cells = ky_reallocarray(f->cells, f->cap, sizeof *f->cells);
	}
	f->cells[f->n_cells++] = ky_strndup(text, len);
}

static ssize_t feed_write(void *cookie, const char *buf, size_t size)
{
	struct sheet_feed *f = cookie;

	if (csv_parse(&f->parser, buf, size, end_field, end_row, f) != size) {
		f->failed = true;
		return -1;
	}
	return (ssize_t)size;
}

static void feed_free(struct sheet_feed *f)
{
	for (size_t i = 0; i < f->n_cells; i++)
		free(f->cells[i]);
	for (size_t i = 0; i < f->n_header; i++)
		free(f->header[i]);
	free(f->cells);
	free(f->header);
	free(f->numeric);
	csv_free(&f->parser);
	free(f);
}

static int feed_close(void *cookie)
{
	struct sheet_feed *f = cookie;
	int rc = f->failed ? -1 : 0;

	if (csv_fini(&f->parser, end_field, end_row, f) != 0)
		rc = -1;
	if (rc)
		note(f->x, LXW_ERROR_PARAMETER_VALIDATION);
	feed_free(f);
	return rc;
}

FILE *xlsx_out_sheet(struct xlsx_out *x, const char *name, enum xlsx_table kind, bool excel,
		     const bool *numeric, size_t n_numeric, struct ky_error *err)
{
	cookie_io_functions_t io = { .write = feed_write, .close = feed_close };
	struct sheet_feed *f = ky_calloc(1, sizeof *f);
	FILE *fp;

	f->x = x;
	f->kind = kind;
	f->excel = excel;
	f->statistic_col = f->suppressed_col = -1;
	if (csv_init(&f->parser, 0) != 0 || !(f->ws = workbook_add_worksheet(x->wb, name))) {
		free(f);
		ky_error_set(err, KY_EIO, "%s: cannot add the sheet '%s'", x->file.path, name);
		return NULL;
	}
	if (excel)
		csv_set_delim(&f->parser, ';');
	if (n_numeric) {
		f->numeric = ky_calloc(n_numeric, sizeof *f->numeric);
		memcpy(f->numeric, numeric, n_numeric * sizeof *numeric);
		f->n_numeric = n_numeric;
	}
	if (kind == XLSX_RESULTS)
		worksheet_set_column(f->ws, 0, 40, 14, NULL);
	if (!(fp = fopencookie(f, "w", io))) {
		feed_free(f);
		ky_error_set(err, KY_EIO, "%s: cannot feed the sheet '%s'", x->file.path, name);
	}
	return fp;
}

int xlsx_out_sheet_end(struct xlsx_out *x, FILE *fp, struct ky_error *err)
{
	bool bad = ferror(fp) != 0;

	if (fclose(fp) != 0 || bad || x->failure != LXW_NO_ERROR)
		return ky_error_set(err, KY_EIO, "%s: cannot write the workbook: %s", x->file.path,
				    x->failure != LXW_NO_ERROR ? lxw_strerror(x->failure) :
				    "output error");
	return KY_OK;
}

static void add_formats(struct xlsx_out *x)
{
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->percent = workbook_add_format(x->wb);
	format_set_num_format(x->percent, "0.0%");
	/* a shaded blank says "withheld", not "nobody" */
	x->grey = workbook_add_format(x->wb);
	format_set_pattern(x->grey, LXW_PATTERN_SOLID);
	format_set_bg_color(x->grey, 0xD9D9D9);
	x->grey_percent = workbook_add_format(x->wb);
	format_set_pattern(x->grey_percent, LXW_PATTERN_SOLID);
	format_set_bg_color(x->grey_percent, 0xD9D9D9);
	format_set_num_format(x->grey_percent, "0.0%");
}

static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ky_strdup(".");
	return slash == path ? ky_strdup("/") : ky_strndup(path, (size_t)(slash - path));
}

struct xlsx_out *xlsx_out_open(const char *path, const struct safe_output_guard *guard,
			       bool big, struct ky_error *err)
{
	lxw_workbook_options opt = { .constant_memory = big ? LXW_TRUE : LXW_FALSE };
	struct xlsx_out *x;

	if (safe_output_is_stdout(path)) {
		ky_error_set(err, KY_EUSAGE, "an Excel workbook needs a file name (-o FILE), "
			     "not standard output");
		return NULL;
	}
	x = ky_calloc(1, sizeof *x);
	if (safe_output_open(&x->file, path, guard, err)) {
		free(x);
		return NULL;
	}
	/* libxlsxwriter opens the name itself: it is given the private
	 * temporary file safe_output made, which it rewrites in place */
	/* its own temporary files (rows of a big sheet) beside the target, not
	 * in a shared /tmp: they hold answers too (created 0600 and unlinked) */
	x->tmpdir = folder_of(path);
	opt.tmpdir = x->tmpdir;
	x->wb = workbook_new_opt(x->file.tmp ? x->file.tmp : path, &opt);
	if (!x->wb) {
		safe_output_discard(&x->file);
		free(x->tmpdir);
		free(x);
		ky_error_set(err, KY_EIO, "%s: cannot start the workbook", path);
		return NULL;
	}
	add_formats(x);
	return x;
}

int xlsx_out_close(struct xlsx_out *x, struct ky_error *err)
{
	lxw_error e = workbook_close(x->wb);
	int rc;

	x->wb = NULL;
	note(x, e);
	if (x->failure != LXW_NO_ERROR) {
		rc = ky_error_set(err, KY_EIO, "%s: cannot write the workbook: %s", x->file.path,
				  lxw_strerror(x->failure));
		safe_output_discard(&x->file);
	} else {
		rc = safe_output_commit(&x->file, err);
	}
	free(x->tmpdir);
	free(x);
	return rc;
}

void xlsx_out_discard(struct xlsx_out *x)
{
	if (!x)
		return;
	if (x->wb) {
		/* libxlsxwriter frees a workbook only by writing it: it writes the
		 * temporary file, which is then removed */
		workbook_close(x->wb);
	}
	safe_output_discard(&x->file);
	free(x->tmpdir);
	free(x);
}
