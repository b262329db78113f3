/* xlsform-sheet.c - the two CSV layouts of an XLSForm, in and out.
 *
 * Folder layout: survey.csv, choices.csv, settings.csv and
 * external_choices.csv (names matched
 * case-insensitively), each a sheet whose first non-blank row is the
 * header.
 *
 * One-file layout, as pyxform's csv_to_dict reads it: a row whose first
 * cell is not blank starts the sheet it names; if the rest of that row
 * has any text it is the sheet's header, otherwise the next row is; the
 * sheet's other rows have a blank first cell. pyxform's own examples
 * (tests/example_xls/group.csv) put the sheet name alone on its row and
 * the header below it, which is also what sheets_to_text() writes:
 *
 *     survey
 *     ,type,name,label
 *     ,integer,age,How old are you?
 *     settings
 *     ,form_id
 *     ,demo
 *
 * Rows whose cells are all blank are skipped in both layouts. */
#include "config.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "form/xlsform-impl.h"
#include "io/csvread.h"
#include "util/mem.h"
#include "util/strbuf.h"

const char *const sheet_names[N_SHEETS] = { "survey", "choices", "settings", "external_choices" };

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return !*s;
}

static char *trimmed(const char *s)
{
	size_t n;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return ky_strndup(s, n);
}

char *sheet_key(const char *header)
{
	char *k = trimmed(header), *p;
	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!strcmp(k, "list name"))
		k[4] = '_';
	return k;
}

static bool record_blank(const struct csvread_record *rec, size_t from)
{
	size_t i;
	for (i = from; i < rec->n_fields; i++)
		if (!blank(rec->fields[i]))
			return false;
	return true;
}

static void sheet_start(struct sheet *sh, const char *path)
{
	sh->present = true;
	sh->path = ky_strdup(path);
}

static void sheet_set_header(struct sheet *sh, const struct csvread_record *rec,
			     size_t from)
{
	size_t i;

	/* trailing blank header cells are spreadsheet noise, not columns */
	sh->n_cols = sh->header_width = rec->n_fields - from;
	while (sh->n_cols && blank(rec->fields[from + sh->n_cols - 1]))
		sh->n_cols--;
	sh->headers = ky_calloc(sh->n_cols ? sh->n_cols : 1, sizeof *sh->headers);
	for (i = 0; i < sh->n_cols; i++)
		sh->headers[i] = trimmed(rec->fields[from + i]);
	sh->header_line = rec->line;
}

static void sheet_add_row(struct sheet *sh, const struct csvread_record *rec,
			  size_t from, size_t *cap, struct diag_list *diag)
{
	struct sheet_row *row;
	size_t i;

	/* under a blank header cell: a spreadsheet column nobody named;
	 * past the header row: usually an unquoted comma in an expression */
	for (i = from + sh->n_cols; i < rec->n_fields; i++) {
		if (blank(rec->fields[i]))
			continue;
		if (i < from + sh->header_width)
			diag_add(diag, sh->path, rec->line, false,
				 "column %zu has no header: its text is ignored ('%s')",
				 i - from + 1, rec->fields[i]);
		else
			diag_add(diag, sh->path, rec->line, false,
				 "text beyond the last column ignored ('%s'; a comma not in quotes?)",
				 rec->fields[i]);
		break;
	}

	KY_GROW(sh->rows, sh->n_rows, *cap, 64);
	row = &sh->rows[sh->n_rows++];
	row->line = rec->line;
	row->cells = ky_calloc(sh->n_cols ? sh->n_cols : 1, sizeof *row->cells);
	for (i = 0; i < sh->n_cols; i++)
		row->cells[i] = ky_strdup(from + i < rec->n_fields ? rec->fields[from + i] : "");
}

/* Hands a csvread failure on: a problem of the text becomes a located
 * error of the form, a failure to read stops everything. */
static int read_failed(struct csvread *r, struct diag_list *diag, struct ky_error *rerr,
		       struct ky_error *err)
{
	if (rerr->code == KY_EINPUT) {
		diag_add_located(diag, csvread_name(r), rerr->msg);
		return KY_OK;
	}
	*err = *rerr;
	return rerr->code;
}

static int read_one_sheet(struct sheet *sh, struct csvread *r, struct diag_list *diag,
			  struct ky_error *err)
{
	const struct csvread_record *rec;
	struct ky_error rerr;
	size_t cap = 0;
	int ret;

	sheet_start(sh, csvread_name(r));
	while ((ret = csvread_next(r, &rec, &rerr)) == 1) {
		if (record_blank(rec, 0))
			continue;
		if (!sh->headers)
			sheet_set_header(sh, rec, 0);
		else
			sheet_add_row(sh, rec, 0, &cap, diag);
	}
	if (ret < 0)
		return read_failed(r, diag, &rerr, err);
	return KY_OK;
}

static int read_one_file(struct sheets *s, struct csvread *r, struct diag_list *diag,
			 struct ky_error *err)
{
	const struct csvread_record *rec;
	struct ky_error rerr;
	struct sheet *cur = NULL;
	size_t caps[N_SHEETS] = { 0 };
	bool skipping = false;
	int ret, i;

	while ((ret = csvread_next(r, &rec, &rerr)) == 1) {
		if (record_blank(rec, 0))
			continue;
		if (!blank(rec->fields[0])) {
			char *name = sheet_key(rec->fields[0]);
			cur = NULL;
			skipping = false;
			for (i = 0; i < N_SHEETS; i++)
				if (!strcmp(name, sheet_names[i]))
					cur = &s->sheet[i];
			if (!cur) {
				diag_add(diag, csvread_name(r), rec->line, false,
					 "unknown sheet '%s' ignored", name);
				skipping = true;
			} else if (cur->present) {
				diag_add(diag, csvread_name(r), rec->line, true,
					 "sheet '%s' appears twice", name);
				cur = NULL;
				skipping = true;
			} else {
				sheet_start(cur, csvread_name(r));
				if (!record_blank(rec, 1))
					sheet_set_header(cur, rec, 1);
			}
			free(name);
			continue;
		}
		if (skipping)
			continue;
		if (!cur) {
			diag_add(diag, csvread_name(r), rec->line, true,
				 "row outside any sheet (the first column names the sheet: survey, choices or settings)");
			skipping = true;
			continue;
		}
		if (!cur->headers)
			sheet_set_header(cur, rec, 1);
		else
			sheet_add_row(cur, rec, 1, &caps[cur - s->sheet], diag);
	}
	if (ret < 0)
		return read_failed(r, diag, &rerr, err);
	return KY_OK;
}

static char *base_name(const char *path)
{
	size_t n = strlen(path), start;
	while (n > 1 && path[n - 1] == '/')
		n--;
	start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (n - start > 4 && !strncasecmp(path + n - 4, ".csv", 4))
		n -= 4;
	return ky_strndup(path + start, n - start);
}

static int read_folder(struct sheets *s, const char *path, const char *encoding,
		       struct diag_list *diag, struct ky_error *err)
{
	char *files[N_SHEETS] = { NULL };
	struct dirent *de;
	DIR *dir = opendir(path);
	int i, ret = KY_OK;
	size_t plen = strlen(path);

	if (!dir)
		return ky_error_set(err, KY_EIO, "%s: cannot open folder: %s", path, strerror(errno));
	while ((de = readdir(dir)))
		for (i = 0; i < N_SHEETS; i++) {
			char want[32];
			snprintf(want, sizeof want, "%s.csv", sheet_names[i]);
			if (!strcasecmp(de->d_name, want) && !files[i])
				files[i] = ky_asprintf("%s%s%s", path,
						       plen && path[plen - 1] == '/' ? "" : "/",
						       de->d_name);
		}
	closedir(dir);
	if (!files[SHEET_SURVEY])
		diag_add(diag, path, 0, true, "no survey.csv in this folder (the survey sheet is missing)");
	for (i = 0; i < N_SHEETS && ret == KY_OK; i++) {
		struct csvread *r;
		if (!files[i])
			continue;
		ret = csvread_open(files[i], encoding, &r, err);
		if (ret == KY_OK) {
			ret = read_one_sheet(&s->sheet[i], r, diag, err);
			csvread_close(r);
		}
	}
	for (i = 0; i < N_SHEETS; i++)
		free(files[i]);
	return ret;
}

static int read_one_file_and_close(struct sheets *s, struct csvread *r,
				   struct diag_list *diag, struct ky_error *err)
{
	int ret = read_one_file(s, r, diag, err);

	if (ret == KY_OK && !s->sheet[SHEET_SURVEY].present)
		diag_add(diag, csvread_name(r), 0, true,
			 "no 'survey' sheet (its first row names it in the first column)");
	csvread_close(r);
	return ret;
}

int sheets_read_path(struct sheets *s, const char *path, const char *encoding,
		     struct diag_list *diag, struct ky_error *err)
{
	struct stat st;
	struct csvread *r;
	int ret;

	memset(s, 0, sizeof *s);
	s->source = ky_strdup(path);
	s->default_id = base_name(path);
	if (stat(path, &st) != 0)
		return ky_error_set(err, KY_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return read_folder(s, path, encoding, diag, err);
	if ((ret = csvread_open(path, encoding, &r, err)) != KY_OK)
		return ret;
	return read_one_file_and_close(s, r, diag, err);
}

int sheets_read_buffer(struct sheets *s, const char *text, size_t len, const char *name,
		       struct diag_list *diag, struct ky_error *err)
{
	struct csvread *r;
	int ret;

	memset(s, 0, sizeof *s);
	s->source = ky_strdup(name);
	s->default_id = base_name(name);
	if ((ret = csvread_open_buffer(text, len, name, &r, err)) != KY_OK)
		return ret;
	return read_one_file_and_close(s, r, diag, err);
}

void sheets_release(struct sheets *s)
{
	size_t i, r, c;

	for (i = 0; i < N_SHEETS; i++) {
		struct sheet *sh = &s->sheet[i];
		for (r = 0; r < sh->n_rows; r++) {
			for (c = 0; c < sh->n_cols; c++)
				free(sh->rows[r].cells[c]);
			free(sh->rows[r].cells);
		}
		free(sh->rows);
		for (c = 0; c < sh->n_cols; c++)
			free(sh->headers[c]);
		free(sh->headers);
		free(sh->path);
	}
	free(s->source);
	free(s->default_id);
	memset(s, 0, sizeof *s);
}

/* ---- writing the one-file layout ---- */

static void sb_cell(struct ky_strbuf *b, const char *cell)
{
	const char *p;

	ky_strbuf_add(b, ",", 1);
	if (!strpbrk(cell, ",\"\r\n")) {
		ky_strbuf_add(b, cell, strlen(cell));
		return;
	}
	ky_strbuf_add(b, "\"", 1);
	for (p = cell; *p; p++) {
		if (*p == '"')
			ky_strbuf_add(b, "\"", 1);
		ky_strbuf_add(b, p, 1);
	}
	ky_strbuf_add(b, "\"", 1);
}

static const char *settings_form_id(const struct sheet *st)
{
	size_t c;
	if (!st->present || !st->n_rows)
		return NULL;
	for (c = 0; c < st->n_cols; c++) {
		char *k = sheet_key(st->headers[c]);
		bool id = !strcmp(k, "form_id") || !strcmp(k, "id_string");
		free(k);
		if (id && !blank(st->rows[0].cells[c]))
			return st->rows[0].cells[c];
	}
	return NULL;
}

char *sheets_to_text(const struct sheets *s, size_t *len)
{
	struct ky_strbuf b = { 0 };
	const struct sheet *st = &s->sheet[SHEET_SETTINGS];
	/* the name of the file is no longer there to default form_id */
	bool add_id = !settings_form_id(st);
	size_t i, r, c;

	for (i = 0; i < N_SHEETS; i++) {
		const struct sheet *sh = &s->sheet[i];
		bool settings = i == SHEET_SETTINGS;

		if (!sh->present && !(settings && add_id))
			continue;
		ky_strbuf_add(&b, sheet_names[i], strlen(sheet_names[i]));
		ky_strbuf_add(&b, "\n", 1);
		for (c = 0; c < sh->n_cols; c++)
			sb_cell(&b, sh->headers[c]);
		if (settings && add_id)
			sb_cell(&b, "form_id");
		ky_strbuf_add(&b, "\n", 1);
		for (r = 0; r < sh->n_rows || (settings && add_id && r == 0); r++) {
			for (c = 0; c < sh->n_cols; c++)
				sb_cell(&b, r < sh->n_rows ? sh->rows[r].cells[c] : "");
			if (settings && add_id)
				sb_cell(&b, r == 0 ? s->default_id : "");
			ky_strbuf_add(&b, "\n", 1);
		}
	}
	if (!b.s)
		ky_strbuf_add(&b, "", 0);
	*len = b.len;
	return b.s;
}
