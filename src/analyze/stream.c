/* stream.c - sums per provisional cell, then per group and unit (see stream.h). */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/stream.h"
#include "util/mem.h"

/* Cells in STREAM_MAX_BYTES of sums: each costs rows (and sw, sw2) per
 * variable and hits (and swy, sw2y) per level. */
static size_t cells_in_budget(const struct stream *s)
{
	size_t per_cell = 64, per_sum = sizeof(double) * (s->weighted ? 3 : 1);
	for (size_t v = 0; v < s->n_vars; v++)
		per_cell += per_sum * (1 + s->var[v].K);
	size_t cells = STREAM_MAX_BYTES / per_cell;
	return cells < 1024 ? 1024 : cells;
}

struct stream *stream_create(size_t n_vars, const size_t *levels, bool weighted,
			     size_t max_cells, size_t max_values)
{
	struct stream *s = ky_calloc(1, sizeof *s);

	s->weighted = weighted;
	s->max_entries = max_values ? max_values : STREAM_MAX_ENTRIES;
	s->n_vars = n_vars;
	s->var = ky_calloc(n_vars + 1, sizeof *s->var);
	for (size_t v = 0; v < n_vars; v++) {
		struct stream_var *var = &s->var[v];
		var->numeric = levels[v] == SIZE_MAX;
		var->K = var->numeric ? 0 : levels[v];
		if (var->numeric) {
			var->value_mask = 15;
			var->value_slot = ky_calloc(16, sizeof *var->value_slot);
		}
	}
	s->n_slots = 64;
	s->slot = ky_calloc(s->n_slots, sizeof *s->slot);
	s->max_cells = max_cells ? max_cells : cells_in_budget(s);
	return s;
}

static void free_values(struct stream_var *v)
{
	for (size_t k = 0; k < v->K && v->vhits; k++) {
		free(v->vhits[k]);
		free(v->vswy ? v->vswy[k] : NULL);
		free(v->vsw2y ? v->vsw2y[k] : NULL);
	}
	free(v->vhits);
	free(v->vswy);
	free(v->vsw2y);
	free(v->value);
	free(v->value_slot);
	v->vhits = v->vswy = v->vsw2y = NULL;
	v->value = NULL;
	v->value_slot = NULL;
}

static void var_release(struct stream_var *v)
{
	if (v->numeric)
		free_values(v);
	free(v->level_value);
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
	for (size_t c = 0; c < s->n_cells; c++) {
		free(s->key[c]);
		free(s->cell_id[c]);
		free(s->cell_weight[c]);
	}
	free(s->key);
	free(s->cell_rows);
	free(s->cell_id);
	free(s->cell_weight);
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

/* A numeric variable whose histogram would pass STREAM_MAX_ENTRIES stops
 * summing: analyze reads it again as a column. */
static void overflow(struct stream_var *v)
{
	free_values(v);
	v->overflow = true;
	v->K = 0;
}

static void grow_values(const struct stream *s, struct stream_var *v, size_t old, size_t cap)
{
	bool weighted = s->weighted;

	if (v->overflow)
		return;
	if (v->K * cap > s->max_entries) {
		overflow(v);
		return;
	}
	for (size_t k = 0; k < v->K; k++) {
		v->vhits[k] = grow_zeroed(v->vhits[k], old, cap);
		if (weighted) {
			v->vswy[k] = grow_zeroed(v->vswy[k], old, cap);
			v->vsw2y[k] = grow_zeroed(v->vsw2y[k], old, cap);
		}
	}
}

static void grow_cells(struct stream *s)
{
	size_t old = s->cap_cells, cap = old ? old * 2 : 16;

	s->key = ky_reallocarray(s->key, cap, sizeof *s->key);
	s->key_len = ky_reallocarray(s->key_len, cap, sizeof *s->key_len);
	s->first_row = ky_reallocarray(s->first_row, cap, sizeof *s->first_row);
	s->cell_rows = grow_zeroed(s->cell_rows, old, cap);
	s->cell_id = ky_reallocarray(s->cell_id, cap, sizeof *s->cell_id);
	s->cell_weight = ky_reallocarray(s->cell_weight, cap, sizeof *s->cell_weight);
	for (size_t i = 0; i < s->n_vars; i++) {
		struct stream_var *v = &s->var[i];
		v->rows = grow_zeroed(v->rows, old, cap);
		if (s->weighted) {
			v->sw = grow_zeroed(v->sw, old, cap);
			v->sw2 = grow_zeroed(v->sw2, old, cap);
		}
		if (v->numeric) {
			grow_values(s, v, old, cap);
			continue;
		}
		v->hits = grow_zeroed(v->hits, old * v->K, cap * v->K);
		if (s->weighted) {
			v->swy = grow_zeroed(v->swy, old * v->K, cap * v->K);
			v->sw2y = grow_zeroed(v->sw2y, old * v->K, cap * v->K);
		}
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

/* The cell of key, opened by row `row` when new (*opened), its rows
 * counted; SIZE_MAX (and too_many_cells) when max_cells are open. */
static size_t cell_of(struct stream *s, const char *key, size_t len, double rows, size_t row,
		      bool *opened)
{
	size_t at = key_hash(key, len) & (s->n_slots - 1);

	*opened = false;
	for (; s->slot[at]; at = (at + 1) & (s->n_slots - 1)) {
		size_t c = s->slot[at] - 1;
		if (s->key_len[c] == len && !memcmp(s->key[c], key, len)) {
			s->cell_rows[c] += rows;
			return c;
		}
	}
	if (s->n_cells == s->max_cells) {
		s->too_many_cells = true;
		return SIZE_MAX;
	}
	if (s->n_cells == s->cap_cells)
		grow_cells(s);
	size_t c = s->n_cells++;
	s->key[c] = ky_malloc(len + 1);
	memcpy(s->key[c], key, len);
	s->key_len[c] = len;
	s->first_row[c] = row;
	s->cell_rows[c] = rows;
	s->cell_id[c] = s->cell_weight[c] = NULL;
	s->slot[at] = c + 1;
	*opened = true;
	if (2 * s->n_cells > s->n_slots)
		rehash(s);
	return c;
}

size_t stream_cell(struct stream *s, const char *key, size_t len, size_t row)
{
	bool opened;
	return cell_of(s, key, len, 1, row, &opened);
}

/* Whole numbers leave a double's low 40-odd bits zero, and so the low
 * bits of a product with them: the high bits are mixed down first (as
 * quality.c's time_hash), else every whole number probed from slot 0. */
static size_t value_slot_of(const struct stream_var *v, double y)
{
	uint64_t bits;
	memcpy(&bits, &y, sizeof bits);
	bits ^= bits >> 33;
	bits *= 0xFF51AFD7ED558CCDULL;
	bits ^= bits >> 33;
	return (size_t)bits & v->value_mask;
}

/* The index of value y, added (with zero sums for every cell) when new. */
static size_t value_index(struct stream *s, struct stream_var *v, double y)
{
	if (y == 0)
		y = 0;   /* -0 is 0 */
	size_t at = value_slot_of(v, y);
	for (; v->value_slot[at]; at = (at + 1) & v->value_mask)
		if (v->value[v->value_slot[at] - 1] == y)
			return v->value_slot[at] - 1;
	if ((v->K + 1) * s->cap_cells > s->max_entries) {
		overflow(v);
		return SIZE_MAX;
	}
	if (v->K == v->cap_values) {
		v->cap_values = v->cap_values ? v->cap_values * 2 : 16;
		v->value = ky_reallocarray(v->value, v->cap_values, sizeof *v->value);
		v->vhits = ky_reallocarray(v->vhits, v->cap_values, sizeof *v->vhits);
		if (s->weighted) {
			v->vswy = ky_reallocarray(v->vswy, v->cap_values, sizeof *v->vswy);
			v->vsw2y = ky_reallocarray(v->vsw2y, v->cap_values, sizeof *v->vsw2y);
		}
	}
	size_t k = v->K++;
	v->value[k] = y;
	v->vhits[k] = ky_calloc(s->cap_cells, sizeof **v->vhits);
	if (s->weighted) {
		v->vswy[k] = ky_calloc(s->cap_cells, sizeof **v->vswy);
		v->vsw2y[k] = ky_calloc(s->cap_cells, sizeof **v->vsw2y);
	}
	v->value_slot[at] = (uint32_t)k + 1;
	if (2 * v->K > v->value_mask) {
		size_t slots = 2 * (v->value_mask + 1);
		free(v->value_slot);
		v->value_slot = ky_calloc(slots, sizeof *v->value_slot);
		v->value_mask = slots - 1;
		for (size_t j = 0; j < v->K; j++) {
			size_t to = value_slot_of(v, v->value[j]);
			while (v->value_slot[to])
				to = (to + 1) & v->value_mask;
			v->value_slot[to] = (uint32_t)j + 1;
		}
	}
	return k;
}

void stream_add_number(struct stream *s, struct stream_var *v, size_t cell, double y, double w)
{
	if (v->overflow)
		return;
	size_t k = value_index(s, v, y);
	if (k == SIZE_MAX)
		return;
	v->vhits[k][cell] += 1;
	if (s->weighted) {
		v->vswy[k][cell] += w;
		v->vsw2y[k][cell] += w * w;
	}
}

bool stream_overflowed(const struct stream *s)
{
	if (s->too_many_cells)
		return true;
	for (size_t v = 0; v < s->n_vars; v++)
		if (s->var[v].overflow)
			return true;
	return false;
}

static const double *sort_values;

static int cmp_value_index(const void *a, const void *b)
{
	double x = sort_values[*(const size_t *)a], y = sort_values[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

/* A numeric variable's histogram in the layout of a categorical one, its
 * levels the values in ascending order. */
static void values_as_levels(struct stream_var *v, bool weighted, size_t n_cells)
{
	size_t K = v->K, *order = ky_calloc(K + 1, sizeof *order);

	for (size_t k = 0; k < K; k++)
		order[k] = k;
	sort_values = v->value;
	qsort(order, K, sizeof *order, cmp_value_index);
	v->level_value = ky_calloc(K + 1, sizeof *v->level_value);
	v->hits = ky_calloc(n_cells * K + 1, sizeof *v->hits);
	if (weighted) {
		v->swy = ky_calloc(n_cells * K + 1, sizeof *v->swy);
		v->sw2y = ky_calloc(n_cells * K + 1, sizeof *v->sw2y);
	}
	for (size_t r = 0; r < K; r++) {
		size_t k = order[r];
		v->level_value[r] = v->value[k];
		for (size_t c = 0; c < n_cells; c++) {
			v->hits[c * K + r] = v->vhits[k][c];
			if (weighted) {
				v->swy[c * K + r] = v->vswy[k][c];
				v->sw2y[c * K + r] = v->vsw2y[k][c];
			}
		}
	}
	free(order);
	free_values(v);
}

void stream_cell_stand_in(struct stream *s, size_t c, const char *id, const char *weight)
{
	free(s->cell_id[c]);
	free(s->cell_weight[c]);
	s->cell_id[c] = ky_strdup(id ? id : "?");
	s->cell_weight[c] = weight ? ky_strdup(weight) : NULL;
}

/* A select_one or numeric answer has one level: its answered rows and
 * weights are its levels' sums, added here once rather than row by row
 * (three sums fewer for each answer read). */
static void answered_from_levels(struct stream_var *v, bool weighted, size_t n_cells)
{
	size_t K = v->K;

	for (size_t c = 0; c < n_cells; c++) {
		double rows = 0, sw = 0, sw2 = 0;
		for (size_t k = 0; k < K; k++) {
			rows += v->hits[c * K + k];
			if (weighted) {
				sw += v->swy[c * K + k];
				sw2 += v->sw2y[c * K + k];
			}
		}
		v->rows[c] = rows;
		if (weighted) {
			v->sw[c] = sw;
			v->sw2[c] = sw2;
		}
	}
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
		if (v->overflow)
			continue;
		if (v->numeric)
			values_as_levels(v, s->weighted, s->n_cells);
		if (v->one_level)
			answered_from_levels(v, s->weighted, s->n_cells);
		v->whole = G;
		design_sums_init(&v->sums, d, v->K, G + 1, true);
		v->group_hits = ky_calloc((G + 1) * v->K + 1, sizeof *v->group_hits);
		for (size_t c = 0; c < s->n_cells; c++) {
			size_t row = run->cells_as_rows ? c : s->first_row[c];
			size_t u = design_sums_unit_of_row(d, &v->sums, row);
			if (G && run->group[row] >= 0)
				add_cell(v, s->weighted, c, (size_t)run->group[row], u);
			add_cell(v, s->weighted, c, G, u);
		}
	}
}

/* ---- a block's sums added into the whole (stream_merge) ---- */

struct stream *stream_create_like(const struct stream *s)
{
	size_t *levels = ky_calloc(s->n_vars + 1, sizeof *levels);

	for (size_t v = 0; v < s->n_vars; v++)
		levels[v] = s->var[v].numeric ? SIZE_MAX : s->var[v].K;
	struct stream *t = stream_create(s->n_vars, levels, s->weighted, s->max_cells,
					 s->max_entries);
	for (size_t v = 0; v < s->n_vars; v++)
		t->var[v].one_level = s->var[v].one_level;
	free(levels);
	return t;
}

static void add_into(double *to, const double *from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		to[i] += from[i];
}

/* A numeric variable's values, each found (or added) in the whole's
 * dictionary: the whole overflows exactly when reading every row into it
 * would have (its values and cells are the same in the end). */
static void merge_values(struct stream *d, struct stream_var *dv, const struct stream_var *sv,
			 size_t n_cells, const size_t *map)
{
	for (size_t k = 0; k < sv->K; k++) {
		size_t to = value_index(d, dv, sv->value[k]);
		if (to == SIZE_MAX)
			return;
		for (size_t c = 0; c < n_cells; c++) {
			dv->vhits[to][map[c]] += sv->vhits[k][c];
			if (d->weighted) {
				dv->vswy[to][map[c]] += sv->vswy[k][c];
				dv->vsw2y[to][map[c]] += sv->vsw2y[k][c];
			}
		}
	}
}

static void merge_var(struct stream *d, struct stream_var *dv, const struct stream_var *sv,
		      size_t n_cells, const size_t *map)
{
	size_t K = dv->K;

	if (sv->overflow && !dv->overflow)
		overflow(dv);
	if (dv->overflow)
		return;
	for (size_t c = 0; c < n_cells; c++) {
		size_t g = map[c];
		dv->rows[g] += sv->rows[c];
		if (d->weighted) {
			dv->sw[g] += sv->sw[c];
			dv->sw2[g] += sv->sw2[c];
		}
		if (dv->numeric)
			continue;
		add_into(dv->hits + g * K, sv->hits + c * K, K);
		if (d->weighted) {
			add_into(dv->swy + g * K, sv->swy + c * K, K);
			add_into(dv->sw2y + g * K, sv->sw2y + c * K, K);
		}
	}
	if (dv->numeric)
		merge_values(d, dv, sv, n_cells, map);
}

size_t *stream_merge(struct stream *d, const struct stream *s, size_t row_offset)
{
	size_t *map = ky_calloc(s->n_cells + 1, sizeof *map);

	if (s->too_many_cells)
		d->too_many_cells = true;
	for (size_t c = 0; c < s->n_cells; c++) {
		bool opened;
		map[c] = cell_of(d, s->key[c], s->key_len[c], s->cell_rows[c],
				 s->first_row[c] + row_offset, &opened);
		if (map[c] == SIZE_MAX)
			return map;   /* too many cells: analyze reads columns instead */
		if (opened && s->cell_id[c])
			stream_cell_stand_in(d, map[c], s->cell_id[c], s->cell_weight[c]);
	}
	for (size_t v = 0; v < s->n_vars; v++)
		merge_var(d, &d->var[v], &s->var[v], s->n_cells, map);
	return map;
}
