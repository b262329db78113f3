/* xlsform-media.c - the CSV files beside a form that pulldata() reads
 * (xlsform-impl.h). ODK ships them as the form's media: pulldata('hh',
 * 'name', 'hh_id', ${id}) looks up hh.csv. Each file is read once, whole,
 * into the form (form->media), and the expression's call points at it.
 * A choice list read as a secondary instance (instance('LIST')/root/item,
 * jr:choice-name) is kept there as a table too. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "form/xlsform-impl.h"
#include "io/csvread.h"
#include "util/mem.h"

/* A file name that stays in the form's folder: no path, no dot first. */
static bool plain_file_name(const char *file)
{
	return *file && *file != '.' && !strchr(file, '/') && !strchr(file, '\\');
}

static void table_add_row(struct expr_table *t, const struct csvread_record *rec,
			  size_t *cap)
{
	size_t c;

	if ((t->n_rows + 1) * t->n_cols > *cap) {
		*cap = ky_grow_cap(*cap, (t->n_rows + 1) * t->n_cols, 64);
		t->cells = ky_reallocarray(t->cells, *cap, sizeof *t->cells);
	}
	for (c = 0; c < t->n_cols; c++)
		t->cells[t->n_rows * t->n_cols + c] = ky_strdup(c < rec->n_fields ? rec->fields[c] : "");
	t->n_rows++;
}

/* Reads path whole; NULL with err set when it cannot be read. */
static struct expr_table *read_table(const char *path, struct ky_error *err)
{
	struct expr_table *t = ky_calloc(1, sizeof *t);
	const struct csvread_record *rec;
	struct csvread *r;
	size_t c, cap = 0;
	int got;

	if (csvread_open(path, NULL, &r, err) != KY_OK) {
		free(t);
		return NULL;
	}
	while ((got = csvread_next(r, &rec, err)) == 1) {
		if (t->header) {
			table_add_row(t, rec, &cap);
			continue;
		}
		t->n_cols = rec->n_fields;
		t->header = ky_calloc(t->n_cols + 1, sizeof *t->header);
		for (c = 0; c < t->n_cols; c++)
			t->header[c] = ky_strdup(rec->fields[c]);
	}
	csvread_close(r);
	if (got < 0) {
		expr_table_free(t);
		return NULL;
	}
	return t;
}

const struct expr_table *xlsform_media_table(struct form *f, const char *folder,
					     const char *file, struct ky_error *err)
{
	struct expr_table *t;
	struct stat st;
	char *path;
	size_t i;

	for (i = 0; i < f->n_media; i++)
		if (!strcmp(f->media[i].file, file)) {
			if (!f->media[i].table)
				ky_error_set(err, KY_EINPUT, "'%s.csv' is missing or unreadable (above)",
					     file);
			return f->media[i].table;
		}
	if (!folder || !plain_file_name(file)) {
		ky_error_set(err, KY_EINPUT, "'%s.csv' is not a file name in the form's folder", file);
		return NULL;
	}
	path = ky_asprintf("%s/%s.csv", folder, file);
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			ky_error_set(err, KY_EINPUT, "'%s.csv' is not beside the form", file);
		else
			ky_error_set(err, KY_EINPUT, "'%s.csv' cannot be read (%s)", file,
				     strerror(errno));
		t = NULL;
	} else {
		t = read_table(path, err);
	}
	free(path);
	f->media = ky_reallocarray(f->media, f->n_media + 1, sizeof *f->media);
	f->media[f->n_media].file = ky_strdup(file);
	f->media[f->n_media++].table = t;
	return t;
}

/* The list as a table: name, label (the default language), the extra
 * columns of its first choice, then label::CODE in every language of a
 * form of several (expr.h). */
static struct expr_table *list_table(const struct form *f, const struct form_list *l)
{
	struct expr_table *t = ky_calloc(1, sizeof *t);
	size_t extra = l->n_choices ? l->choices[0].n_extra : 0, r, c;
	size_t langs = f->n_langs > 1 ? f->n_langs : 0, first_lang = 2 + extra;

	t->n_cols = 2 + extra + langs;
	t->header = ky_calloc(t->n_cols, sizeof *t->header);
	t->header[0] = ky_strdup("name");
	t->header[1] = ky_strdup("label");
	for (c = 0; c < extra; c++)
		t->header[2 + c] = ky_strdup(l->choices[0].extra_names[c]);
	for (c = 0; c < langs; c++)
		t->header[first_lang + c] = ky_asprintf("label::%s", f->langs[c].code);
	t->n_rows = l->n_choices;
	t->cells = ky_calloc(t->n_rows * t->n_cols + 1, sizeof *t->cells);
	for (r = 0; r < l->n_choices; r++) {
		const struct form_choice *ch = &l->choices[r];
		t->cells[r * t->n_cols] = ky_strdup(ch->name);
		t->cells[r * t->n_cols + 1] =
			ky_strdup(form_text_get(f, &ch->label, f->default_lang_index));
		for (c = 0; c < extra; c++)
			t->cells[r * t->n_cols + 2 + c] =
				ky_strdup(c < ch->n_extra ? ch->extra_values[c] : "");
		for (c = 0; c < langs; c++)
			t->cells[r * t->n_cols + first_lang + c] =
				ky_strdup(ch->label.by_lang[c] ? ch->label.by_lang[c] : "");
	}
	return t;
}

const struct expr_table *xlsform_list_table(struct form *f, const char *list)
{
	const struct form_list *l = form_find_list(f, list);
	char *key = ky_asprintf("instance('%s')", list);
	size_t i;

	for (i = 0; i < f->n_media; i++)
		if (!strcmp(f->media[i].file, key)) {
			free(key);
			return f->media[i].table;
		}
	if (!l) {
		free(key);
		return NULL;
	}
	f->media = ky_reallocarray(f->media, f->n_media + 1, sizeof *f->media);
	f->media[f->n_media].file = key;
	f->media[f->n_media++].table = list_table(f, l);
	return f->media[f->n_media - 1].table;
}

/* The column of sh whose header reads key (sheet_key), or -1. */
static int sheet_column(const struct sheet *sh, const char *key)
{
	size_t c;
	int found = -1;

	for (c = 0; c < sh->n_cols && found < 0; c++) {
		char *k = sheet_key(sh->headers[c]);
		if (!strcmp(k, key))
			found = (int)c;
		free(k);
	}
	return found;
}

/* A new column headed header, "" in every row so far. */
static int sheet_add_column(struct sheet *sh, const char *header)
{
	size_t r;

	sh->headers = ky_reallocarray(sh->headers, sh->n_cols + 1, sizeof *sh->headers);
	sh->headers[sh->n_cols] = ky_strdup(header);
	for (r = 0; r < sh->n_rows; r++) {
		sh->rows[r].cells = ky_reallocarray(sh->rows[r].cells, sh->n_cols + 1,
						    sizeof *sh->rows[r].cells);
		sh->rows[r].cells[sh->n_cols] = ky_strdup("");
	}
	return (int)sh->n_cols++;
}

/* The rows of t as choices of list lname; the label in every label
 * column of the sheet. */
static void sheet_add_choices(struct sheet *sh, const char *lname, const struct expr_table *t)
{
	int lcol = sheet_column(sh, "list_name"), *to = ky_calloc(t->n_cols + 1, sizeof *to);
	size_t c, r, k;

	if (lcol < 0)
		lcol = sheet_add_column(sh, "list_name");
	for (c = 0; c < t->n_cols; c++)
		if ((to[c] = sheet_column(sh, t->header[c])) < 0)
			to[c] = sheet_add_column(sh, t->header[c]);
	for (r = 0; r < t->n_rows; r++) {
		struct sheet_row *row;
		sh->rows = ky_reallocarray(sh->rows, sh->n_rows + 1, sizeof *sh->rows);
		row = &sh->rows[sh->n_rows++];
		row->line = 0;
		row->cells = ky_calloc(sh->n_cols, sizeof *row->cells);
		for (k = 0; k < sh->n_cols; k++) {
			char *key = sheet_key(sh->headers[k]);
			const char *v = "";
			if ((int)k == lcol)
				v = lname;
			for (c = 0; c < t->n_cols && (int)k != lcol; c++)
				if (to[c] == (int)k || (!strcmp(t->header[c], "label") &&
							!strncmp(key, "label:", 6)))
					v = t->cells[r * t->n_cols + c];
			row->cells[k] = ky_strdup(v);
			free(key);
		}
	}
	free(to);
}

/* "select_one_from_file F.csv" (or select_multiple_): F.csv, else NULL. */
static char *file_list_of(const char *type)
{
	static const char *const prefixes[] = { "select_one_from_file ",
						"select_multiple_from_file " };
	size_t i, n;

	while (*type == ' ')
		type++;
	for (i = 0; i < 2; i++) {
		if (strncmp(type, prefixes[i], strlen(prefixes[i])))
			continue;
		type += strlen(prefixes[i]);
		while (*type == ' ')
			type++;
		n = strcspn(type, " ");
		if (n > 4 && !strncmp(type + n - 4, ".csv", 4))
			return ky_strndup(type, n);
	}
	return NULL;
}

void xlsform_embed_file_lists(struct sheets *s, const char *folder)
{
	struct sheet *survey = &s->sheet[SHEET_SURVEY], *choices = &s->sheet[SHEET_CHOICES];
	int tcol = sheet_column(survey, "type");
	size_t r, done = 0;
	char **seen = NULL;

	for (r = 0; tcol >= 0 && r < survey->n_rows; r++) {
		char *lname = file_list_of(survey->rows[r].cells[tcol]), *path;
		struct ky_error err = { 0 };
		struct expr_table *t;
		size_t k;

		for (k = 0; lname && k < done; k++)
			if (!strcmp(seen[k], lname))
				break;
		if (!lname || k < done) {
			free(lname);
			continue;
		}
		path = ky_asprintf("%s/%s", folder, lname);
		t = plain_file_name(lname) ? read_table(path, &err) : NULL;
		free(path);
		if (t) {
			if (!choices->present) {
				choices->present = true;
				choices->path = ky_strdup(lname);
			}
			sheet_add_choices(choices, lname, t);
			expr_table_free(t);
		}
		seen = ky_reallocarray(seen, done + 1, sizeof *seen);
		seen[done++] = lname;
	}
	for (r = 0; r < done; r++)
		free(seen[r]);
	free(seen);
}
