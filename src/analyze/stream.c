/* stream.c - sums per provisional cell, then per group and unit (see stream.h). */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/stream.h"
#include "util/mem.h"

struct stream *stream_create(size_t n_vars, const size_t *levels, bool weighted)
{
	struct stream *s = ky_calloc(1, sizeof *s);

	s->weighted = weighted;
	s->n_vars = n_vars;
	s->var = ky_calloc(n_vars + 1, sizeof *s->var);
	for (size_t v = 0; v < n_vars; v++)
		s->var[v].K = levels[v];
	s->n_slots = 64;
	s->slot = ky_calloc(s->n_slots, sizeof *s->slot);
	return s;
}

static void var_release(struct stream_var *v)
{
	free(v->rows);
	free(v->sw);
	free(v->sw2);
	free(v->hits);
	free(v->swy);
	free(v->sw2y);
	free(v->group_hits);
	design_sums_release(&v->sums);
}

void stream_destroy(struct stream *s)
{
	if (!s)
		return;
	for (size_t v = 0; v < s->n_vars; v++)
		var_release(&s->var[v]);
	free(s->var);
	for (size_t c = 0; c < s->n_cells; c++)
		free(s->key[c]);
	free(s->key);
	free(s->key_len);
	free(s->first_row);
	free(s->slot);
	free(s);
}

static uint64_t key_hash(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	return h;
}

static double *grow_zeroed(double *p, size_t old_n, size_t new_n)
{
	p = ky_reallocarray(p, new_n, sizeof *p);
	memset(p + old_n, 0, (new_n - old_n) * sizeof *p);
	return p;
}

static void grow_cells(struct stream *s)
{
	size_t old = s->cap_cells, cap = old ? old * 2 : 16;

	s->key = ky_reallocarray(s->key, cap, sizeof *s->key);
	s->key_len = ky_reallocarray(s->key_len, cap, sizeof *s->key_len);
	s->first_row = ky_reallocarray(s->first_row, cap, sizeof *s->first_row);
	for (size_t i = 0; i < s->n_vars; i++) {
		struct stream_var *v = &s->var[i];
		v->rows = grow_zeroed(v->rows, old, cap);
		v->hits = grow_zeroed(v->hits, old * v->K, cap * v->K);
		if (!s->weighted)
			continue;
		v->sw = grow_zeroed(v->sw, old, cap);
		v->sw2 = grow_zeroed(v->sw2, old, cap);
		v->swy = grow_zeroed(v->swy, old * v->K, cap * v->K);
		v->sw2y = grow_zeroed(v->sw2y, old * v->K, cap * v->K);
	}
	s->cap_cells = cap;
}

static void rehash(struct stream *s)
{
	size_t n_slots = s->n_slots * 2;
	size_t *slot = ky_calloc(n_slots, sizeof *slot);

	for (size_t c = 0; c < s->n_cells; c++) {
		size_t at = key_hash(s->key[c], s->key_len[c]) & (n_slots - 1);
		while (slot[at])
			at = (at + 1) & (n_slots - 1);
		slot[at] = c + 1;
	}
	free(s->slot);
	s->slot = slot;
	s->n_slots = n_slots;
}

size_t stream_cell(struct stream *s, const char *key, size_t len, size_t row)
{
	size_t at = key_hash(key, len) & (s->n_slots - 1);

	for (; s->slot[at]; at = (at + 1) & (s->n_slots - 1)) {
		size_t c = s->slot[at] - 1;
		if (s->key_len[c] == len && !memcmp(s->key[c], key, len))
			return c;
	}
	if (s->n_cells == s->cap_cells)
		grow_cells(s);
	size_t c = s->n_cells++;
	s->key[c] = ky_malloc(len + 1);
	memcpy(s->key[c], key, len);
	s->key_len[c] = len;
	s->first_row[c] = row;
	s->slot[at] = c + 1;
	if (2 * s->n_cells > s->n_slots)
		rehash(s);
	return c;
}

/* Adds provisional cell c of v into final cell (g, u). */
static void add_cell(struct stream_var *v, bool weighted, size_t c, size_t g, size_t u)
{
	struct design_sums *f = &v->sums;
	size_t to = g * f->units + u, K = v->K;

	f->rows[to] += v->rows[c];
	for (size_t k = 0; k < K; k++) {
		v->group_hits[g * K + k] += v->hits[c * K + k];
		f->swy[to * K + k] += weighted ? v->swy[c * K + k] : v->hits[c * K + k];
	}
	if (!weighted)
		return;
	f->sw[to] += v->sw[c];
	f->sw2[to] += v->sw2[c];
	for (size_t k = 0; k < K; k++)
		f->sw2y[to * K + k] += v->sw2y[c * K + k];
}

void stream_finish(struct stream *s, const struct analyze_run *run)
{
	size_t G = run->n_groups;
	const struct design *d = s->weighted ? run->design : NULL;

	for (size_t i = 0; i < s->n_vars; i++) {
		struct stream_var *v = &s->var[i];
		v->whole = G;
		design_sums_init(&v->sums, d, v->K, G + 1, true);
		v->group_hits = ky_calloc((G + 1) * v->K + 1, sizeof *v->group_hits);
		for (size_t c = 0; c < s->n_cells; c++) {
			size_t row = s->first_row[c];
			size_t u = design_sums_unit_of_row(d, &v->sums, row);
			if (G && run->group[row] >= 0)
				add_cell(v, s->weighted, c, (size_t)run->group[row], u);
			add_cell(v, s->weighted, c, G, u);
		}
	}
}
