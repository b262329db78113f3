/* export-stat.c - .sav and .dta through ReadStat (export-stat.h). */
#include "config.h"
#include <math.h>
#include <readstat.h>
#include <stdlib.h>
#include <string.h>
#include "io/export-stat.h"
#include "util/mem.h"

#define DTA_STR_MAX 2045
#define DTA_LABEL_CHARS 80    /* Stata's limit for a variable label, in characters */
#define SAV_STR_MAX 32767

struct stat_writer {
	struct export_table *t;
	enum export_stat_format format;
	readstat_writer_t *w;
	readstat_variable_t **var;        /* [column] */
	FILE *fp;
	bool write_failed;
	readstat_error_t e;               /* the writer's first error */
	char *buf;                        /* a text cell, NUL-terminated */
	size_t buf_cap;
};

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
	struct stat_writer *sw = ctx;

	if (fwrite(data, 1, len, sw->fp) != len) {
		sw->write_failed = true;
		return -1;
	}
	return (ssize_t)len;
}

/* Whole-number codes are Stata integers (Stata labels only those). */
static bool coded(const struct xcol *c)
{
	return c->kind == XC_CODE || c->kind == XC_OPTION || (c->kind == XC_DERIVED && c->n_codes);
}

static readstat_measure_t measure_of(const struct xcol *c)
{
	return c->measure == XM_SCALE ? READSTAT_MEASURE_SCALE
	       : c->measure == XM_ORDINAL ? READSTAT_MEASURE_ORDINAL : READSTAT_MEASURE_NOMINAL;
}

static const char *const option_labels[][2] = {
	{ "not chosen", "chosen" }, { "ei valittu", "valittu" }, { "inte vald", "vald" }
};

/* The option variables' 0/1 labels in the labels' language. */
static const char *const *option_label_pair(const struct export_table *t)
{
	const char *code = t->form->n_langs ? t->form->langs[t->lang].code : "";
	return option_labels[!strcmp(code, "fi") ? 1 : !strcmp(code, "sv") ? 2 : 0];
}

static readstat_label_set_t *label_set_for(struct stat_writer *sw, size_t i,
					   readstat_label_set_t **sets)
{
	struct export_table *t = sw->t;
	const struct xcol *c = &t->col[i];
	readstat_type_t type = sw->format == EXPORT_DTA ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE;

	/* the first column with the same set shares it */
	for (size_t j = 0; j < i; j++) {
		const struct xcol *d = &t->col[j];
		bool same = c->kind == XC_OPTION ? d->kind == XC_OPTION
			: d->kind == c->kind && d->code_set && !strcmp(d->code_set, c->code_set);
		if (same && sets[j])
			return sets[j];
	}
	readstat_label_set_t *set = readstat_add_label_set(sw->w, type, c->name);
	if (!set)
		return NULL;
	if (c->kind == XC_OPTION) {
		const char *const *pair = option_label_pair(t);
		for (int v = 0; v < 2; v++) {
			if (type == READSTAT_TYPE_INT32)
				readstat_label_int32_value(set, v, pair[v]);
			else
				readstat_label_double_value(set, v, pair[v]);
		}
		return set;
	}
	for (size_t k = 0; k < c->n_codes; k++) {
		if (type == READSTAT_TYPE_INT32)
			readstat_label_int32_value(set, (int32_t)c->codes[k], c->code_labels[k]);
		else
			readstat_label_double_value(set, c->codes[k], c->code_labels[k]);
	}
	return set;
}

/* label cut to n UTF-8 characters (a copy the caller frees). */
static char *cut_label(const char *label, size_t n)
{
	const unsigned char *p = (const unsigned char *)label;
	size_t chars = 0;

	for (; *p; p++)
		if ((*p & 0xC0) != 0x80 && chars++ == n)
			break;
	while (*p && p > (const unsigned char *)label && p[-1] == ' ')
		p--;   /* a cut label does not end in a blank */
	return ky_asprintf("%.*s", (int)(p - (const unsigned char *)label), label);
}

static void set_label(struct stat_writer *sw, readstat_variable_t *v, const char *label)
{
	char *cut = cut_label(label, sw->format == EXPORT_DTA ? DTA_LABEL_CHARS : SIZE_MAX);
	readstat_variable_set_label(v, cut);
	free(cut);
}

static int add_variables(struct stat_writer *sw, const char *out_path, struct ky_error *err)
{
	struct export_table *t = sw->t;
	readstat_label_set_t **sets = ky_calloc(t->n_cols + 1, sizeof *sets);
	size_t str_max = sw->format == EXPORT_DTA ? DTA_STR_MAX : SAV_STR_MAX;
	int rc = KY_OK;

	for (size_t i = 0; i < t->n_cols && !rc; i++) {
		const struct xcol *c = &t->col[i];
		readstat_type_t type = c->kind == XC_TEXT ? READSTAT_TYPE_STRING
			: sw->format == EXPORT_DTA && coded(c) ? READSTAT_TYPE_INT32
			: READSTAT_TYPE_DOUBLE;
		if (c->kind == XC_TEXT && c->width > str_max) {
			rc = ky_error_set(err, KY_EINPUT,
					  "%s: column '%s' holds a text of %zu bytes, longer than %s allows "
					  "(%zu); export it as csv or sav", out_path, c->source_name,
					  c->width, sw->format == EXPORT_DTA ? "a Stata str" : "SPSS",
					  str_max);
			break;
		}
		sw->var[i] = readstat_add_variable(sw->w, c->name, type,
						   c->kind == XC_TEXT ? c->width : 0);
		if (!sw->var[i]) {
			rc = ky_error_set(err, KY_EIO, "%s: cannot define variable '%s'", out_path, c->name);
			break;
		}
		set_label(sw, sw->var[i], c->label);
		readstat_variable_set_measure(sw->var[i], measure_of(c));
		if (c->kind == XC_DATE)
			readstat_variable_set_format(sw->var[i],
						     sw->format == EXPORT_DTA ? "%td" : "EDATE10");
		if (coded(c)) {
			sets[i] = label_set_for(sw, i, sets);
			if (sets[i])
				readstat_variable_set_label_set(sw->var[i], sets[i]);
			if (sw->format == EXPORT_SAV)
				readstat_variable_set_format(sw->var[i], "F8.0");
		}
	}
	free(sets);
	return rc;
}

static const char *text_cell(struct stat_writer *sw, const char *s, size_t len)
{
	if (len + 1 > sw->buf_cap) {
		sw->buf_cap = len + 256;
		sw->buf = ky_realloc(sw->buf, sw->buf_cap);
	}
	if (len)
		memcpy(sw->buf, s, len);
	sw->buf[len] = '\0';
	return sw->buf;
}

static readstat_error_t insert_cell(struct stat_writer *sw, size_t i, size_t row,
				    const struct store_response *r, const char *const *attrs,
				    const struct record_view *views)
{
	const struct xcol *c = &sw->t->col[i];
	const char *text;
	size_t len;
	double x;

	export_table_cell(sw->t, i, row, r, attrs, views, &text, &len, &x);
	if (c->kind == XC_TEXT)
		return readstat_insert_string_value(sw->w, sw->var[i], text_cell(sw, text, text ? len : 0));
	if (isnan(x))
		return readstat_insert_missing_value(sw->w, sw->var[i]);
	if (c->kind == XC_DATE)   /* SPSS counts seconds from 1582-10-14, Stata days from 1960 */
		x = sw->format == EXPORT_DTA ? x + 3653 : (x + 141428) * 86400;
	if (sw->format == EXPORT_DTA && coded(c))
		return readstat_insert_int32_value(sw->w, sw->var[i], (int32_t)x);
	return readstat_insert_double_value(sw->w, sw->var[i], x);
}

static int write_row(void *ctx, size_t row, const struct store_response *r,
		     const char *const *attrs, const struct record_view *views)
{
	struct stat_writer *sw = ctx;
	readstat_error_t e = readstat_begin_row(sw->w);

	for (size_t i = 0; i < sw->t->n_cols && e == READSTAT_OK; i++)
		e = insert_cell(sw, i, row, r, attrs, views);
	if (e == READSTAT_OK)
		e = readstat_end_row(sw->w);
	sw->e = e;
	return e == READSTAT_OK ? 0 : KY_EIO;
}

static int begin(struct stat_writer *sw)
{
	readstat_error_t e;

	if (sw->format == EXPORT_DTA) {
		e = readstat_writer_set_file_format_version(sw->w, 118);
		if (e == READSTAT_OK)
			e = readstat_begin_writing_dta(sw->w, sw, (long)sw->t->n_rows);
	} else {
		e = readstat_writer_set_compression(sw->w, READSTAT_COMPRESS_ROWS);
		if (e == READSTAT_OK)
			e = readstat_begin_writing_sav(sw->w, sw, (long)sw->t->n_rows);
	}
	return (int)e;
}

int export_stat_write(struct export_table *t, enum export_stat_format format, FILE *fp,
		      struct store *s, int64_t form_pk, const char *const *attr_names,
		      size_t n_attrs, const char *db_path, const char *out_path,
		      struct ky_error *err)
{
	struct stat_writer sw = { .t = t, .format = format, .fp = fp };
	int rc;

	sw.w = readstat_writer_init();
	if (!sw.w)
		return ky_error_set(err, KY_EIO, "%s: cannot start the writer", out_path);
	sw.var = ky_calloc(t->n_cols + 1, sizeof *sw.var);
	readstat_set_data_writer(sw.w, write_bytes);
	rc = add_variables(&sw, out_path, err);
	if (!rc && (sw.e = (readstat_error_t)begin(&sw)) == READSTAT_OK) {
		rc = export_table_scan(t, s, form_pk, attr_names, n_attrs, db_path, write_row, &sw, err);
		if (!rc)
			sw.e = readstat_end_writing(sw.w);
	}
	if (sw.write_failed)
		rc = ky_error_set(err, KY_EIO, "%s: write failed", out_path);
	else if (sw.e != READSTAT_OK)
		rc = ky_error_set(err, KY_EIO, "%s: %s", out_path, readstat_error_message(sw.e));
	readstat_writer_free(sw.w);
	free(sw.var);
	free(sw.buf);
	return rc;
}
