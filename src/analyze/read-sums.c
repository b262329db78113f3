/* read-sums.c - answers summed while reading; cells as rows (load-impl.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/load-impl.h"
#include "analyze/read-answers.h"
#include "analyze/stream.h"
#include "util/mem.h"

static void sum_answer(struct load_ctx *c, const struct avar *a, size_t cell, double w,
		       const struct record_view *v)
{
	struct stream *s = c->stream;
	/* a block of the threaded scan sums into its own stream's variable:
	 * an offset in bytes, since a pointer difference divides */
	struct stream_var *acc = (struct stream_var *)((char *)a->acc + c->acc_shift);

	if (!v->ptr)
		return;
	if (a->kind == AV_NUMERIC) {
		double y = load_parse_number(v->ptr, v->len);
		if (!isnan(y))
			stream_add_number(s, acc, cell, y, w);
		return;
	}
	if (a->kind == AV_CATEGORICAL) {
		int k = load_find_choice(a, v->ptr, v->len, c->record_end);
		if (k < 0) {
			load_note_unknown(c, a, v->ptr, v->len);
			return;
		}
		/* answered: the sum of its levels, at stream_finish */
		stream_add_level(s, acc, cell, (size_t)k, w);
		return;
	}
	bool any;
	if (a->n_words > c->words_cap) {
		c->words = ky_reallocarray(c->words, a->n_words, sizeof *c->words);
		c->words_cap = a->n_words;
	}
	load_choice_bits(c, a, v, c->words, &any);
	if (!any)
		return;
	stream_add_answered(s, acc, cell, w);
	for (size_t j = 0; j < a->n_words; j++)
		for (uint64_t bits = c->words[j]; bits; bits &= bits - 1)
			stream_add_level(s, acc, cell, j * 64 + (size_t)__builtin_ctzll(bits), w);
}

static const char *row_text(const struct load_ctx *c, const struct store_response *r,
			    const char *const *attr_values, const struct text_source *src,
			    size_t *len)
{
	const char *value = NULL;

	if (src->slot >= 0) {
		*len = c->views[src->slot].len;
		return c->views[src->slot].ptr;
	}
	if (src->attr >= 0) {
		value = load_metadata_value(r, src->name);
		if (!value || !*value)
			value = attr_values[src->attr];
	}
	if (!value || !*value)
		return NULL;
	*len = strlen(value);
	return value;
}

/* The cell of a row: its --by, strata and cluster texts, each as a length
 * (UINT32_MAX: none) and the bytes. */
static size_t row_cell(struct load_ctx *c, const struct store_response *r,
		       const char *const *attr_values, size_t row)
{
	size_t at = 0;

	for (size_t k = 0; k < c->n_key_src; k++) {
		size_t len = 0;
		const char *text = row_text(c, r, attr_values, &c->key_src[k], &len);
		uint32_t mark = text ? (uint32_t)len : UINT32_MAX;
		if (at + sizeof mark + len > c->key_cap) {
			c->key_cap = (at + sizeof mark + len) * 2;
			c->key = ky_realloc(c->key, c->key_cap);
		}
		memcpy(c->key + at, &mark, sizeof mark);
		at += sizeof mark;
		if (text)
			memcpy(c->key + at, text, len);
		at += text ? len : 0;
	}
	return stream_cell(c->stream, c->key ? c->key : "", at, row);
}

/* The weight of a row; NaN when missing or not a number (the design
 * setup then names the respondent). */
static double row_weight(const struct load_ctx *c, const struct store_response *r,
			 const char *const *attr_values)
{
	size_t len = 0;
	const char *text = row_text(c, r, attr_values, &c->weight_src, &len);
	return text ? load_parse_number(text, len) : NAN;
}

/* Cells as rows: the first respondent of a cell stands for it in
 * messages, unless a later one has a weight the design will refuse. The
 * first respondent in the file without a numeric weight, else the first
 * with one that is not positive, then stands for its cell: the checks
 * over the cells give the message the checks over respondents would. */
static void note_stand_in(struct load_ctx *c, const struct store_response *r,
			  const char *const *attr_values, size_t cell, double w)
{
	struct stream *s = c->stream;
	bool weighted = s->weighted && c->run->opt->weight;
	int bad = !weighted ? 0 : isnan(w) ? 2 : w > 0 ? 0 : 1;

	if (bad <= c->bad_weight)
		bad = 0;
	if (s->cell_id[cell] && !bad)
		return;
	/* the weight's text only when the stand-in changes: once a cell */
	size_t len = 0;
	const char *text = weighted ? row_text(c, r, attr_values, &c->weight_src, &len) : NULL;
	char *weight = text ? ky_strndup(text, len) : NULL;
	if (bad)
		c->bad_weight = bad;
	if (bad && c->block) {
		/* a block keeps its cell's first row; the merge decides whether
		 * this row, after the blocks before, still raises the rule */
		struct load_raiser *rs = &c->raiser[c->n_raisers++];
		*rs = (struct load_raiser){ cell, bad, ky_strdup(r->uuid ? r->uuid : "?"),
					    weight ? ky_strdup(weight) : NULL };
	}
	if (!s->cell_id[cell] || !c->block)
		stream_cell_stand_in(s, cell, r->uuid, weight);
	free(weight);
}

/* Part `part` of a cell's key (row_cell()): its text and length, NULL
 * when the row had none. */
static const char *key_part(const char *key, size_t part, size_t *len)
{
	uint32_t mark;
	for (size_t k = 0;; k++) {
		memcpy(&mark, key, sizeof mark);
		key += sizeof mark;
		if (k == part)
			break;
		key += mark == UINT32_MAX ? 0 : mark;
	}
	*len = mark == UINT32_MAX ? 0 : mark;
	return mark == UINT32_MAX ? NULL : key;
}

/* Cells as rows: a source's text in cell i as the column its variable
 * (question or attribute) would have had over respondents. */
static void cell_column(struct analyze_run *run, const struct text_source *src, size_t i,
			const char *text, size_t len)
{
	if (src->attr >= 0) {
		char *copy = text ? ky_strndup(text, len) : NULL;
		run->attr_values[src->attr][i] = copy && *copy ? load_keep_text(run, copy) : NULL;
		free(copy);
		return;
	}
	for (size_t v = 0; v < run->n_vars && src->slot >= 0; v++) {
		struct avar *a = &run->vars[v];
		if (!a->q || a->q->slot != src->slot)
			continue;
		if (a->kind == AV_NUMERIC)
			a->num[i] = text ? load_parse_number(text, len) : NAN;
		else if (a->kind == AV_CATEGORICAL)
			a->code[i] = text ? load_find_choice(a, text, len, NULL) : -1;
	}
}

static void cell_columns_alloc(struct analyze_run *run, const struct text_source *src, size_t n)
{
	for (size_t v = 0; v < run->n_vars && src->slot >= 0; v++) {
		struct avar *a = &run->vars[v];
		if (!a->q || a->q->slot != src->slot)
			continue;
		if (a->kind == AV_NUMERIC && !a->num)
			a->num = ky_calloc(n + 1, sizeof *a->num);
		else if (a->kind == AV_CATEGORICAL && !a->code)
			a->code = ky_calloc(n + 1, sizeof *a->code);
	}
}

void load_cells_to_columns(struct analyze_run *run, struct load_ctx *c)
{
	const struct stream *s = c->stream;
	size_t n = s->n_cells;

	run->n = n;
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k] = ky_calloc(n + 1, sizeof(char *));
	for (size_t k = 0; k < c->n_key_src; k++)
		cell_columns_alloc(run, &c->key_src[k], n);
	if (c->weight_src.name)
		cell_columns_alloc(run, &c->weight_src, n);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < c->n_key_src; k++) {
			size_t len;
			const char *text = key_part(s->key[i], k, &len);
			cell_column(run, &c->key_src[k], i, text, len);
		}
		if (c->weight_src.name) {
			const char *w = s->cell_weight[i];
			cell_column(run, &c->weight_src, i, w, w ? strlen(w) : 0);
		}
	}
}

/* A row's answers: summed into its cell, or kept in its row of the
 * columns (load_fill_var). */
void load_fill_row(struct load_ctx *c, const struct store_response *r,
		     const char *const *attr_values, size_t i)
{
	struct analyze_run *run = c->run;
	size_t cell = 0;
	double w = 1;

	if (run->opt->named_only) {
		/* kysely model: the questions it does not name are neither kept
		 * nor summed (no cells either: a cluster as fine as the
		 * respondents would make the stream read the store again) */
		for (size_t v = 0; v < run->n_vars; v++)
			if (!run->vars[v].acc)
				load_fill_var(c, &run->vars[v], i, &c->views[run->vars[v].q->slot]);
		return;
	}
	if (c->stream) {
		cell = row_cell(c, r, attr_values, i);
		if (cell == SIZE_MAX)
			return;   /* too many cells: analyze reads the store again */
		if (c->stream->weighted && run->opt->weight)
			w = row_weight(c, r, attr_values);
		if (run->cells_as_rows)
			note_stand_in(c, r, attr_values, cell, w);
	}
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (a->acc)
			sum_answer(c, a, cell, w, &c->views[a->q->slot]);
		else
			load_fill_var(c, a, i, &c->views[a->q->slot]);
	}
}
