/* linking.c - pairs by linkage code, near misses, duplicates (linking.h). */
#include "config.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/linking.h"
#include "collect/linkage.h"
#include "util/mem.h"

#define PART_HEX (2 * LINKAGE_HASH_BYTES + 1)

struct coded {
	size_t row;
	char part[LINKAGE_PARTS][PART_HEX];
	bool unique, linked;
};

static int by_code(const void *a, const void *b)
{
	const struct coded *x = a, *y = b;
	int c = memcmp(x->part, y->part, sizeof x->part);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

static bool same_code(const struct coded *x, const struct coded *y)
{
	return !memcmp(x->part, y->part, sizeof x->part);
}

/* One phase's valid codes, sorted; the rows without one counted unlinked. */
static struct coded *phase_codes(const char *const *code, const int *phase, size_t n, int which,
				 size_t *m, struct link_result *out)
{
	struct coded *c = ky_calloc(n + 1, sizeof *c);
	*m = 0;
	for (size_t i = 0; i < n; i++) {
		if (phase[i] != which)
			continue;
		if (!code[i] || !linkage_value_parse(code[i], c[*m].part)) {
			out->unlinked++;
			continue;
		}
		c[(*m)++].row = i;
	}
	qsort(c, *m, sizeof *c, by_code);
	for (size_t i = 0; i < *m; i++) {
		bool dup = (i > 0 && same_code(&c[i], &c[i - 1])) ||
			   (i + 1 < *m && same_code(&c[i], &c[i + 1]));
		c[i].unique = !dup;
		out->duplicate += dup;
	}
	return c;
}

static void add_pair(struct link_result *out, size_t pre, size_t post)
{
	out->pre = ky_reallocarray(out->pre, out->n_pairs + 1, sizeof *out->pre);
	out->post = ky_reallocarray(out->post, out->n_pairs + 1, sizeof *out->post);
	out->pre[out->n_pairs] = pre;
	out->post[out->n_pairs++] = post;
}

/* Both lists sorted by code: one merge walk pairs the unique equal codes. */
static void match(struct coded *a, size_t na, struct coded *b, size_t nb, struct link_result *out)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		int c = memcmp(a[i].part, b[j].part, sizeof a[i].part);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			if (a[i].unique && b[j].unique) {
				a[i].linked = b[j].linked = true;
				add_pair(out, a[i].row, b[j].row);
			}
			i++;
			j++;
		}
	}
}

static size_t parts_differing(const struct coded *x, const struct coded *y)
{
	size_t d = 0;
	for (size_t k = 0; k < LINKAGE_PARTS; k++)
		d += memcmp(x->part[k], y->part[k], PART_HEX) != 0;
	return d;
}

static int by_pre_row(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The pairs in pre row order: a file that reads the same every run. */
static void sort_pairs(struct link_result *out)
{
	size_t *both = ky_calloc(2 * out->n_pairs + 1, sizeof *both);
	for (size_t k = 0; k < out->n_pairs; k++) {
		both[2 * k] = out->pre[k];
		both[2 * k + 1] = out->post[k];
	}
	qsort(both, out->n_pairs, 2 * sizeof *both, by_pre_row);
	for (size_t k = 0; k < out->n_pairs; k++) {
		out->pre[k] = both[2 * k];
		out->post[k] = both[2 * k + 1];
	}
	free(both);
}

void link_codes(const char *const *code, const int *phase, size_t n, struct link_result *out)
{
	size_t na, nb;
	memset(out, 0, sizeof *out);
	struct coded *a = phase_codes(code, phase, n, 0, &na, out);
	struct coded *b = phase_codes(code, phase, n, 1, &nb, out);
	match(a, na, b, nb, out);
	for (size_t i = 0; i < na; i++)
		out->unlinked += !a[i].linked;
	for (size_t j = 0; j < nb; j++)
		out->unlinked += !b[j].linked;
	/* a quadratic walk over the unlinked only: studies of thousands at most */
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb && !a[i].linked; j++)
			if (!b[j].linked && parts_differing(&a[i], &b[j]) == 1)
				out->near_miss++;
	sort_pairs(out);
	free(a);
	free(b);
}

void link_result_release(struct link_result *r)
{
	free(r->pre);
	free(r->post);
	memset(r, 0, sizeof *r);
}
