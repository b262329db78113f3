/* read-plan.c - how analyze reads the store: the one place it is chosen (load-impl.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/load-impl.h"
#include "analyze/stream.h"
#include "util/mem.h"

static struct text_source text_source_of(const struct analyze_run *run, const char *name)
{
	struct text_source src = { .name = name, .slot = -1, .attr = -1 };

	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		if (a->q && (!strcmp(a->name, name) || !strcmp(a->q->name, name))) {
			src.slot = a->q->slot;
			return src;
		}
	}
	src.attr = load_attr_index(run, name);
	return src;
}

static bool names_var(const struct avar *a, const char *const *names, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(names[k], a->name) || !strcmp(names[k], a->q->name))
			return true;
	return false;
}

/* The one-pass path takes every question that no derived statistic
 * (derived.c) and no design or grouping option reads row by row; numbers
 * too unless a first pass found too many distinct values. */
static bool var_streams(const struct analyze_run *run, const struct avar *a, bool numbers,
			const char *const *extra_names, size_t n_extra)
{
	return a->q && (a->kind != AV_NUMERIC || numbers) && !analyze_derived_uses(a->q)
		&& (run->cells_as_rows || !names_var(a, extra_names, n_extra));
}

/* Cells as rows needs every question summed: numbers too, no derived
 * statistic, and an --fpc that is one number (a column could differ
 * within a cell). */
static bool cells_can_be_rows(const struct analyze_run *run, bool numbers)
{
	const char *fpc = run->opt->fpc;
	double constant;

	if (!numbers)
		return false;
	if (fpc && !form_parse_number(fpc, &constant))
		return false;
	for (size_t v = 0; v < run->n_vars; v++)
		if (run->vars[v].q && analyze_derived_uses(run->vars[v].q))
			return false;
	return true;
}

void load_plan_choose(struct analyze_run *run, struct load_ctx *c, bool numbers,
		      const char *const *extra_names, size_t n_extra)
{
	const struct analyze_options *opt = run->opt;
	size_t *levels = ky_calloc(run->n_vars + 1, sizeof *levels), n = 0;

	if ((opt->columns && !opt->named_only) || opt->poststratify || opt->n_rake ||
	    opt->plan_kind == PLAN_COLUMNS)
		goto out;
	/* columns (kysely model): a row per respondent, the named variables
	 * as columns, the questions nothing reads summed */
	run->cells_as_rows = !opt->columns && cells_can_be_rows(run, numbers)
			     && opt->plan_kind != PLAN_SUMS;
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (var_streams(run, a, numbers, extra_names, n_extra))
			levels[n++] = a->kind == AV_NUMERIC ? SIZE_MAX : a->n_levels;
	}
	if (!n) {
		run->cells_as_rows = false;
		goto out;
	}
	run->stream = c->stream = stream_create(n, levels, run->weighted, opt->plan_max_cells,
						opt->plan_max_values);
	for (size_t v = 0, at = 0; v < run->n_vars && at < n; v++) {
		struct avar *a = &run->vars[v];
		if (!var_streams(run, a, numbers, extra_names, n_extra))
			continue;
		a->acc = &run->stream->var[at++];
		a->acc->one_level = a->kind != AV_MULTIPLE;
		free(a->code);
		free(a->bits);
		free(a->answered);
		free(a->num);
		a->code = NULL;
		a->bits = NULL;
		a->answered = NULL;
		a->num = NULL;
	}
	for (size_t b = 0; b < opt->n_by; b++)
		c->key_src[c->n_key_src++] = text_source_of(run, opt->by[b]);
	if (run->weighted) {
		if (opt->strata)
			c->key_src[c->n_key_src++] = text_source_of(run, opt->strata);
		if (opt->cluster)
			c->key_src[c->n_key_src++] = text_source_of(run, opt->cluster);
		if (opt->weight)
			c->weight_src = text_source_of(run, opt->weight);
	}
out:
	free(levels);
}

