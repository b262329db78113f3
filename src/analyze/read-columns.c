/* read-columns.c - a row per respondent, answers as columns (load-impl.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/load-impl.h"
#include "analyze/read-answers.h"
#include "analyze/stream.h"
#include "util/mem.h"

void load_grow(struct load_ctx *c)
{
	struct analyze_run *run = c->run;
	size_t cap = ky_grow_cap(c->cap, c->cap + 1, 1024);

	if (c->keep_ids)
		run->respondent = ky_reallocarray(run->respondent, cap, sizeof *run->respondent);
	else
		run->row_id = ky_reallocarray(run->row_id, cap, sizeof *run->row_id);
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (a->code)
			a->code = ky_reallocarray(a->code, cap, sizeof *a->code);
		if (a->bits) {
			a->bits = ky_reallocarray(a->bits, cap * a->n_words, sizeof *a->bits);
			a->answered = ky_reallocarray(a->answered, cap, 1);
		}
		if (a->num)
			a->num = ky_reallocarray(a->num, cap, sizeof *a->num);
	}
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k] = ky_reallocarray(run->attr_values[k], cap, sizeof(char *));
	c->cap = cap;
}

void load_fill_var(struct load_ctx *c, struct avar *a, size_t i, const struct record_view *v)
{
	if (a->kind == AV_NUMERIC) {
		a->num[i] = v->ptr ? load_parse_number(v->ptr, v->len) : NAN;
		return;
	}
	if (a->kind == AV_CATEGORICAL) {
		int k = v->ptr ? load_find_choice(a, v->ptr, v->len, c->record_end) : -1;
		if (v->ptr && k < 0)
			load_note_unknown(c, a, v->ptr, v->len);
		a->code[i] = k;
		if (a->num)
			a->num[i] = k >= 0 ? a->q->list->choices[k].value : NAN;
		return;
	}
	bool any;
	load_choice_bits(c, a, v, a->bits + i * a->n_words, &any);
	a->answered[i] = any;
}

/* ---- a block of the threaded scan (read-blocks.c) ---- */

void load_columns_block_start(struct analyze_run *block, const struct analyze_run *run)
{
	*block = *run;
	block->n = 0;
	block->text = (struct ky_strpool){ 0 };
	block->respondent = NULL;
	block->row_id = NULL;
	block->attr_values = ky_calloc(run->n_attrs + 1, sizeof *block->attr_values);
	block->vars = ky_calloc(run->n_vars + 1, sizeof *block->vars);
	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		struct avar *b = &block->vars[v];
		*b = *a;
		/* load_grow grows the columns a variable has: one row to start */
		if (a->code)
			b->code = ky_malloc(sizeof *b->code);
		if (a->bits) {
			b->bits = ky_reallocarray(NULL, a->n_words, sizeof *b->bits);
			b->answered = ky_malloc(1);
		}
		if (a->num)
			b->num = ky_malloc(sizeof *b->num);
	}
}

void load_columns_block_free(struct analyze_run *block)
{
	for (size_t v = 0; v < block->n_vars; v++) {
		free(block->vars[v].code);
		free(block->vars[v].bits);
		free(block->vars[v].answered);
		free(block->vars[v].num);
	}
	free(block->vars);
	for (size_t k = 0; k < block->n_attrs; k++)
		free(block->attr_values[k]);
	free(block->attr_values);
	free(block->respondent);
	free(block->row_id);
	ky_strpool_release(&block->text);
}

#define APPEND(dst, src, at, n) memcpy((dst) + (at), (src), (n) * sizeof *(src))

void load_columns_append(struct load_ctx *c, struct analyze_run *block)
{
	struct analyze_run *run = c->run;
	size_t at = run->n, n = block->n;

	while (c->cap < at + n)
		load_grow(c);
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		const struct avar *b = &block->vars[v];
		if (a->code)
			APPEND(a->code, b->code, at, n);
		if (a->bits) {
			APPEND(a->bits, b->bits, at * a->n_words, n * a->n_words);
			APPEND(a->answered, b->answered, at, n);
		}
		if (a->num)
			APPEND(a->num, b->num, at, n);
	}
	if (c->keep_ids)
		APPEND(run->respondent, block->respondent, at, n);
	else
		APPEND(run->row_id, block->row_id, at, n);
	for (size_t k = 0; k < run->n_attrs; k++)
		APPEND(run->attr_values[k], block->attr_values[k], at, n);
	ky_strpool_adopt(&run->text, &block->text);
	run->n += n;
}
