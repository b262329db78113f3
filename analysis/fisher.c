/* fisher.c - Fisher's exact test on r x c tables (R fisher.test, two-sided).
 *
 * Exact path: the tables with the observed margins are built column by
 * column, the columns in ascending order of their totals (as FEXACT). A
 * node is (stage k, the multiset of row sums still to fill); its
 * completions depend only on that multiset, so paths meeting there share
 * it. Each node keeps the distinct partial log-values ("pasts") of the
 * paths reaching it, merged on arrival by a hash and sorted once all have
 * arrived. Two bounds on what the remaining columns can add decide a past
 * at once: if even the most probable completion stays below the observed
 * probability, every completion counts (their probabilities sum in closed
 * form); if even the least probable one exceeds it, none does. The pasts
 * being sorted, the ones a column accepts are a prefix (one lookup in
 * running sums) and the undecided ones, which move on, the run after it.
 * This is Mehta and Patel's network algorithm: the bounds are the exact
 * longest and shortest paths (a memoised recursion), tightened from cheap
 * relaxations. Unlike FEXACT, pasts are merged only when they differ by
 * rounding: FEXACT merges within 3.45e-7 and so differs from the exact
 * p by up to some 1e-11 (relative) on the sample study's tables.
 *
 * Monte Carlo path: tables with fixed margins drawn uniformly, by
 * shuffling the units of a small table and by Patefield's AS 159 above
 * 1000 units, seeded gsl_rng_mt19937. */
#include "config.h"
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "analysis/tests.h"
#include "util/mem.h"

/* The tolerance on the observed table's log-probability: R's
 * fisher.test takes relErr <- 1 + 10^(-7) for a 2 x 2 table (and our
 * Monte Carlo keeps it), FEXACT adds TOL = 3.45254e-7 to the observed
 * path length of a larger table. */
#define FISHER_LOG_TOLERANCE 9.9999995e-8
#define FISHER_FEXACT_TOLERANCE 3.45254e-7
/* Pasts closer than this (log scale) are one value: ties that differ by
 * rounding only, such as the same cells in another order. A hash on the
 * value's cell of a grid this fine (2^-30) merges most of them as they
 * arrive; the ties that straddle two cells are merged when the node's
 * pasts are sorted. */
#define FISHER_MERGE_TOLERANCE 1e-9
#define FISHER_KEY_SCALE 1073741824.0
/* The work budget in units of one column vector tried from one node. A
 * past carried into a new node (a hash probe), a past sorted at its node
 * a step of the path-length recursion and a new node (per cell of the
 * table) cost these units: some 4e8
 * units a second on a 2026 machine. */
#define FISHER_COLUMN_COST 1
#define FISHER_ADD_COST 4
#define FISHER_SORT_COST 1
#define FISHER_STEP_COST 24
/* Monte Carlo shuffles the units of a table up to this total (the seeded
 * p-values of small tables stay what they were), draws Patefield's way
 * above it. */
#define FISHER_SHUFFLE_MAX_N 1000
/* a new node's relaxed bounds, per cell of the table */
#define FISHER_NODE_COST 1
/* Distinct pasts the stage being built may hold, a node counting as
 * FISHER_NODE_PASTS: each past takes 16 bytes and up to 32 of hash, and
 * again 24 when its stage is read, so some 100 MB at worst. The hardest
 * 2 x 13 table of the sample study holds 1.3e6. The path-length
 * recursion may keep a quarter as many nodes. */
#define FISHER_MAX_PASTS 1500000
#define FISHER_NODE_PASTS 4

void fisher_options_default(struct fisher_options *opt)
{
	opt->exact_max_n = 100;
	opt->max_nodes = 1000000000;
	opt->replicates = 10000;
	opt->seed = 20240601;
	opt->force_monte_carlo = 0;
}

/* The table in integers, rows <= cols (transposed when needed, Fisher's
 * test is symmetric), rows fastest, with margins and log factorials. */
struct fisher_table {
	size_t rows, cols;
	long *cell;
	long *row_sum, *col_sum;
	long total;
	double *lfact;          /* lfact[k] = log k!, k = 0..total */
};

static void fisher_table_release(struct fisher_table *t)
{
	free(t->cell);
	free(t->row_sum);
	free(t->col_sum);
	free(t->lfact);
}

/* The columns in ascending order of their totals, as FEXACT takes them:
 * the small columns first keep the early stages' pasts few. */
static void fisher_table_order_columns(struct fisher_table *t)
{
	for (size_t j = 1; j < t->cols; j++)
		for (size_t k = j; k > 0 && t->col_sum[k] < t->col_sum[k - 1]; k--) {
			long c = t->col_sum[k];
			t->col_sum[k] = t->col_sum[k - 1];
			t->col_sum[k - 1] = c;
			for (size_t i = 0; i < t->rows; i++) {
				long x = t->cell[i + k * t->rows];
				t->cell[i + k * t->rows] = t->cell[i + (k - 1) * t->rows];
				t->cell[i + (k - 1) * t->rows] = x;
			}
		}
}

static int fisher_table_init(struct fisher_table *t, const double *counts,
			     size_t rows, const size_t *keep_row, size_t nr,
			     const size_t *keep_col, size_t nc,
			     struct ky_error *err)
{
	int transpose = nr > nc;
	size_t i, j;
	long k;

	memset(t, 0, sizeof *t);
	t->rows = transpose ? nc : nr;
	t->cols = transpose ? nr : nc;
	t->cell = ky_calloc(nr * nc, sizeof *t->cell);
	t->row_sum = ky_calloc(t->rows, sizeof *t->row_sum);
	t->col_sum = ky_calloc(t->cols, sizeof *t->col_sum);
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++) {
			double x = counts[keep_row[i] + keep_col[j] * rows];
			size_t r = transpose ? j : i, c = transpose ? i : j;
			if (x != floor(x) || x > 1e9) {
				fisher_table_release(t);
				return ky_error_set(err, KY_EINPUT,
						    "fisher: cell %zu x %zu is %g, not a whole count",
						    keep_row[i] + 1, keep_col[j] + 1, x);
			}
			t->cell[r + c * t->rows] = (long)x;
			t->row_sum[r] += (long)x;
			t->col_sum[c] += (long)x;
			t->total += (long)x;
		}
	t->lfact = ky_calloc((size_t)t->total + 1, sizeof *t->lfact);
	/* lgamma to the last bit: a running sum of logs drifts by ~1e-6 at a
	 * million respondents, and p compares sums of these */
	for (k = 1; k <= t->total; k++)
		t->lfact[k] = lgamma((double)k + 1.0);
	return KY_OK;
}

/* log of the probability of the table without its constant part */
static double fisher_table_score(const struct fisher_table *t, const long *cell)
{
	double s = 0;
	size_t i;

	for (i = 0; i < t->rows * t->cols; i++)
		s -= t->lfact[cell[i]];
	return s;
}

/* ---- 2 x 2: the hypergeometric support, exactly as R ---- */

static double fisher_2x2(const struct fisher_table *t)
{
	long m = t->col_sum[0], n = t->col_sum[1], k = t->row_sum[0];
	long x = t->cell[0], lo = k - n > 0 ? k - n : 0, hi = k < m ? k : m, s;
	double max = -INFINITY, observed, total = 0, below = 0;
	const double *lf = t->lfact;

	for (s = lo; s <= hi; s++) {
		double d = -lf[s] - lf[m - s] - lf[k - s] - lf[n - k + s];
		if (d > max)
			max = d;
	}
	observed = exp(-lf[x] - lf[m - x] - lf[k - x] - lf[n - k + x] - max);
	for (s = lo; s <= hi; s++) {
		double d = exp(-lf[s] - lf[m - s] - lf[k - s] - lf[n - k + s] - max);
		total += d;
		if (d <= observed * (1 + 1e-7))
			below += d;
	}
	return below / total;
}

/* ---- the exact enumeration ---- */

struct fisher_past {
	double value;   /* sum of -log x! over the columns filled so far */
	double weight;  /* number of paths with this value */
};

/* A slot of a node's hash of pasts: the low bits of the value's cell of
 * the grid beside the index, so that a probe reads one cache line (the
 * whole cell is checked on the past itself). */
struct fisher_past_slot {
	uint32_t key;
	uint32_t index;        /* past index + 1, 0 empty */
};

struct fisher_node {
	long *rest;            /* remaining row sums, sorted descending */
	double most, least;    /* bounds on what the remaining columns add */
	double completions;    /* log of the sum over completions of prod 1/x! */
	struct fisher_past *past;
	size_t npast, past_alloc;
	struct fisher_past_slot *slot;   /* while paths arrive: the pasts' hash */
	size_t nslot;
	double *below;         /* once done: below[i] = sum over k < i of
				  weight_k exp(value_k - ref) */
	double ref;            /* the largest past value (below's reference) */
};

/* The nodes of one stage, found by their row sums through a hash. */
struct fisher_stage {
	struct fisher_node *node;
	size_t nnode, node_alloc;
	size_t *slot;          /* hash slots: node index + 1, 0 empty */
	size_t nslot;
};

static uint64_t fisher_hash(const long *rest, size_t rows)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < rows; i++) {
		h ^= (uint64_t)rest[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void fisher_stage_release(struct fisher_stage *st)
{
	size_t i;

	for (i = 0; i < st->nnode; i++) {
		free(st->node[i].rest);
		free(st->node[i].past);
		free(st->node[i].slot);
		free(st->node[i].below);
	}
	free(st->node);
	free(st->slot);
	memset(st, 0, sizeof *st);
}

static void fisher_stage_rehash(struct fisher_stage *st, size_t rows)
{
	size_t i;

	free(st->slot);
	st->nslot = st->nslot ? st->nslot * 2 : 64;
	st->slot = ky_calloc(st->nslot, sizeof *st->slot);
	for (i = 0; i < st->nnode; i++) {
		size_t s = fisher_hash(st->node[i].rest, rows) & (st->nslot - 1);
		while (st->slot[s])
			s = (s + 1) & (st->nslot - 1);
		st->slot[s] = i + 1;
	}
}

/* The largest sum of -log x! one column of total c can reach with
 * x_i <= cap_i (cap sorted descending): the most even filling (-log x! is
 * concave). The smallest caps are filled whole while they are at most an
 * even share of what is left, the other rows share the rest evenly:
 * O(rows) whatever c, so that a column of a million costs no more than
 * one of ten. */
static double fisher_column_most(const long *cap_sorted_desc, size_t n, long c,
				 const double *lf)
{
	double s = 0;
	size_t k = n;

	while (k > 0 && cap_sorted_desc[k - 1] * (long)k <= c) {
		s -= lf[cap_sorted_desc[k - 1]];
		c -= cap_sorted_desc[k - 1];
		k--;
	}
	if (k > 0) {
		long share = c / (long)k, extra = c % (long)k;
		s -= (double)((long)k - extra) * lf[share] + (double)extra * lf[share + 1];
	}
	return s;
}

/* The smallest: fill the largest caps first (-log x! is concave, so the
 * minimum sits at a vertex that concentrates the column). */
static double fisher_column_least(const long *cap_sorted_desc, size_t n,
				  long c, const double *lf)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n && c > 0; i++) {
		long x = cap_sorted_desc[i] < c ? cap_sorted_desc[i] : c;
		s -= lf[x];
		c -= x;
	}
	return s;
}

/* Row sums in descending order: a handful of them, so insertion sort
 * (qsort's call per comparison cost a tenth of the enumeration). */
static void sort_descending(long *x, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		long v = x[i];
		size_t j = i;
		for (; j > 0 && x[j - 1] < v; j--)
			x[j] = x[j - 1];
		x[j] = v;
	}
}

static int long_descending(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Bounds for the remaining row sums rest (sorted descending) and the
 * columns from stage on: each relaxation drops one set of margins, so it
 * bounds the true extreme; take the tighter of the column-wise and the
 * row-wise relaxation. */
static void fisher_node_bounds(const struct fisher_table *t, size_t stage,
			       struct fisher_node *nd, long *caps)
{
	size_t ncols = t->cols - stage, i, j;
	const long *cols = t->col_sum + stage;
	double most_c = 0, least_c = 0, most_r = 0, least_r = 0;
	long remaining = 0;

	for (j = 0; j < ncols; j++) {
		most_c += fisher_column_most(nd->rest, t->rows, cols[j], t->lfact);
		least_c += fisher_column_least(nd->rest, t->rows, cols[j], t->lfact);
	}
	memcpy(caps, cols, ncols * sizeof *caps);
	sort_descending(caps, ncols);
	for (i = 0; i < t->rows; i++) {
		most_r += fisher_column_most(caps, ncols, nd->rest[i], t->lfact);
		least_r += fisher_column_least(caps, ncols, nd->rest[i], t->lfact);
		remaining += nd->rest[i];
	}
	nd->most = fmin(most_c, most_r);
	nd->least = fmax(least_c, least_r);
	nd->completions = t->lfact[remaining];
	for (i = 0; i < t->rows; i++)
		nd->completions -= t->lfact[nd->rest[i]];
	for (j = 0; j < ncols; j++)
		nd->completions -= t->lfact[cols[j]];
}

/* The node of rest in st, created empty (no bounds) when new. */
static struct fisher_node *fisher_stage_lookup(struct fisher_stage *st,
					       size_t rows, const long *rest,
					       int *created)
{
	size_t s;
	struct fisher_node *nd;

	*created = 0;
	if ((st->nnode + 1) * 2 > st->nslot)
		fisher_stage_rehash(st, rows);
	s = fisher_hash(rest, rows) & (st->nslot - 1);
	while (st->slot[s]) {
		nd = &st->node[st->slot[s] - 1];
		if (memcmp(nd->rest, rest, rows * sizeof *rest) == 0)
			return nd;
		s = (s + 1) & (st->nslot - 1);
	}
	if (st->nnode == st->node_alloc) {
		st->node_alloc = st->node_alloc ? st->node_alloc * 2 : 64;
		st->node = ky_reallocarray(st->node, st->node_alloc, sizeof *st->node);
	}
	nd = &st->node[st->nnode];
	memset(nd, 0, sizeof *nd);
	nd->rest = ky_malloc(rows * sizeof *rest);
	memcpy(nd->rest, rest, rows * sizeof *rest);
	st->slot[s] = ++st->nnode;
	*created = 1;
	return nd;
}

/* Exact path lengths: the largest and smallest sum of -log x! over the
 * completions of every node, by a memoised recursion over the same graph
 * (Mehta and Patel's longest and shortest paths). They decide pasts far
 * sooner than the relaxed bounds; the relaxed ones remain the fallback
 * when this recursion would exceed its share of the work. */
struct fisher_paths {
	const struct fisher_table *t;
	struct fisher_stage *memo;     /* one map per stage */
	long *column, *child;          /* rows entries per stage */
	long *caps;                    /* for the relaxed bounds */
	size_t steps, max_steps;
	size_t nodes;                  /* memo nodes, at most FISHER_MAX_PASTS / 4 */
	int given_up;
};

static void fisher_paths_node(struct fisher_paths *p, size_t stage,
			      const long *rest, double *most, double *least);

static void fisher_paths_rows(struct fisher_paths *p, size_t stage,
			      const long *rest, size_t row, long left,
			      long capacity_after, double *most, double *least)
{
	const struct fisher_table *t = p->t;
	long *column = p->column + stage * t->rows, x, lo, hi;

	if (p->given_up)
		return;
	if (row == t->rows - 1) {
		long *child = p->child + stage * t->rows;
		double term = 0, child_most, child_least;
		size_t i;
		column[row] = left;
		for (i = 0; i < t->rows; i++) {
			child[i] = rest[i] - column[i];
			term -= t->lfact[column[i]];
		}
		sort_descending(child, t->rows);
		fisher_paths_node(p, stage + 1, child, &child_most, &child_least);
		*most = fmax(*most, term + child_most);
		*least = fmin(*least, term + child_least);
		if (++p->steps * FISHER_STEP_COST > p->max_steps)
			p->given_up = 1;
		return;
	}
	capacity_after -= rest[row];
	lo = left - capacity_after > 0 ? left - capacity_after : 0;
	hi = rest[row] < left ? rest[row] : left;
	for (x = lo; x <= hi; x++) {
		column[row] = x;
		fisher_paths_rows(p, stage, rest, row + 1, left - x, capacity_after,
				  most, least);
	}
}

static void fisher_paths_node(struct fisher_paths *p, size_t stage,
			      const long *rest, double *most, double *least)
{
	const struct fisher_table *t = p->t;
	struct fisher_node *nd;
	long capacity = 0;
	size_t i;
	int created;

	if (stage + 1 >= t->cols) {
		/* the last column is forced: it takes what is left */
		*most = 0;
		for (i = 0; stage < t->cols && i < t->rows; i++)
			*most -= t->lfact[rest[i]];
		*least = *most;
		return;
	}
	nd = fisher_stage_lookup(&p->memo[stage], t->rows, rest, &created);
	if (!created) {
		*most = nd->most;
		*least = nd->least;
		return;
	}
	/* a node the recursion gave up on keeps its relaxed bounds */
	fisher_node_bounds(t, stage, nd, p->caps);
	p->steps += FISHER_NODE_COST * t->rows * t->cols / FISHER_STEP_COST;
	if (++p->nodes > FISHER_MAX_PASTS / 4 || p->steps * FISHER_STEP_COST > p->max_steps)
		p->given_up = 1;
	if (p->given_up) {
		*most = nd->most;
		*least = nd->least;
		return;
	}
	for (i = 0; i < t->rows; i++)
		capacity += rest[i];
	*most = -INFINITY;
	*least = INFINITY;
	fisher_paths_rows(p, stage, nd->rest, 0, t->col_sum[stage], capacity,
			  most, least);
	/* the memo may have moved while deeper stages grew: look again */
	nd = fisher_stage_lookup(&p->memo[stage], t->rows, rest, &created);
	if (p->given_up) {
		*most = nd->most;
		*least = nd->least;
		return;
	}
	nd->most = *most;
	nd->least = *least;
}

/* A node of the walk: found or created with its bounds and its
 * completions' total. */
static struct fisher_node *fisher_stage_find(struct fisher_stage *st,
					     struct fisher_paths *paths,
					     size_t stage, const long *rest)
{
	const struct fisher_table *t = paths->t;
	int created;
	struct fisher_node *nd = fisher_stage_lookup(st, t->rows, rest, &created);

	if (created) {
		double most, least;
		fisher_node_bounds(t, stage, nd, paths->caps);
		fisher_paths_node(paths, stage, rest, &most, &least);
		nd->most = fmin(nd->most, most);
		nd->least = fmax(nd->least, least);
	}
	return nd;
}

static int64_t fisher_key(double value)
{
	return (int64_t)(value * FISHER_KEY_SCALE);
}

static size_t fisher_key_slot(int64_t key, size_t mask)
{
	return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
}

static void fisher_past_rehash(struct fisher_node *nd)
{
	size_t i, mask;

	free(nd->slot);
	nd->nslot = nd->nslot ? nd->nslot * 2 : 16;
	nd->slot = ky_calloc(nd->nslot, sizeof *nd->slot);
	mask = nd->nslot - 1;
	for (i = 0; i < nd->npast; i++) {
		int64_t key = fisher_key(nd->past[i].value);
		size_t s = fisher_key_slot(key, mask);
		while (nd->slot[s].index)
			s = (s + 1) & mask;
		nd->slot[s] = (struct fisher_past_slot){ (uint32_t)key, (uint32_t)(i + 1) };
	}
}

/* A path reaches nd with this value: added to the past in its cell of
 * the grid, or a new past (returns 1). Ties that straddle two cells are
 * merged when the node is finished. */
static int fisher_node_add(struct fisher_node *nd, double value, double weight)
{
	int64_t key = fisher_key(value);
	size_t s, mask;

	if ((nd->npast + 1) * 2 > nd->nslot)
		fisher_past_rehash(nd);
	mask = nd->nslot - 1;
	for (s = fisher_key_slot(key, mask); nd->slot[s].index; s = (s + 1) & mask) {
		struct fisher_past *past = &nd->past[nd->slot[s].index - 1];
		if (nd->slot[s].key == (uint32_t)key && fisher_key(past->value) == key) {
			past->weight += weight;
			return 0;
		}
	}
	if (nd->npast == nd->past_alloc) {
		nd->past_alloc = nd->past_alloc ? nd->past_alloc * 2 : 8;
		nd->past = ky_reallocarray(nd->past, nd->past_alloc, sizeof *nd->past);
	}
	nd->past[nd->npast] = (struct fisher_past){ value, weight };
	nd->slot[s] = (struct fisher_past_slot){ (uint32_t)key, (uint32_t)++nd->npast };
	return 1;
}

/* Merges the sorted runs src[a, m) and src[m, e) into dst[a, e). */
static void past_merge_runs(const struct fisher_past *src, struct fisher_past *dst,
			    size_t a, size_t m, size_t e)
{
	size_t i = a, j = m, k = a;

	while (i < m && j < e)
		dst[k++] = src[j].value < src[i].value ? src[j++] : src[i++];
	while (i < m)
		dst[k++] = src[i++];
	while (j < e)
		dst[k++] = src[j++];
}

/* Sorts past by value. The new pasts of a node arrive in sorted runs (a
 * parent's pasts are sorted and a column adds one term to each), so a
 * natural merge sort takes n log(runs) steps, not n log n. */
static void past_sort(struct fisher_past *past, size_t n)
{
	size_t *start = ky_reallocarray(NULL, n + 1, sizeof *start);
	struct fisher_past *tmp = ky_reallocarray(NULL, n, sizeof *tmp);
	struct fisher_past *src = past, *dst = tmp, *swap;
	size_t runs = 1, out, i;

	start[0] = 0;
	for (i = 1; i < n; i++)
		if (past[i].value < past[i - 1].value)
			start[runs++] = i;
	start[runs] = n;
	while (runs > 1) {
		for (i = 0, out = 0; i + 1 < runs; i += 2) {
			past_merge_runs(src, dst, start[i], start[i + 1], start[i + 2]);
			start[out++] = start[i];
		}
		if (i < runs) {
			memcpy(dst + start[i], src + start[i], (n - start[i]) * sizeof *src);
			start[out++] = start[i];
		}
		start[out] = n;
		runs = out;
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != past)
		memcpy(past, src, n * sizeof *past);
	free(start);
	free(tmp);
}

/* Every path into nd has arrived: its pasts sorted, the ties merged, and
 * the running sums of their shares weight * exp(value - ref), so that a
 * column accepting the pasts up to some value takes one lookup. */
static void fisher_node_finish(struct fisher_node *nd, size_t *work)
{
	size_t i, out = 0;

	free(nd->slot);
	nd->slot = NULL;
	nd->nslot = 0;
	*work += FISHER_SORT_COST * nd->npast;
	past_sort(nd->past, nd->npast);
	for (i = 1; i < nd->npast; i++) {
		if (nd->past[i].value - nd->past[out].value <= FISHER_MERGE_TOLERANCE)
			nd->past[out].weight += nd->past[i].weight;
		else
			nd->past[++out] = nd->past[i];
	}
	nd->npast = out + 1;
	nd->below = ky_reallocarray(NULL, nd->npast + 1, sizeof *nd->below);
	nd->ref = nd->past[nd->npast - 1].value;
	nd->below[0] = 0;
	for (i = 0; i < nd->npast; i++)
		nd->below[i + 1] = nd->below[i] + nd->past[i].weight *
			exp(nd->past[i].value - nd->ref);
}

/* The number of pasts of nd (sorted) whose value is <= limit. */
static size_t fisher_node_count_upto(const struct fisher_node *nd, double limit)
{
	size_t lo = 0, hi = nd->npast;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nd->past[mid].value <= limit)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct fisher_walk {
	const struct fisher_table *t;
	size_t stage;
	const struct fisher_node *from;
	struct fisher_stage *next;
	double threshold;      /* largest log-score that counts */
	double constant;       /* log of prod r! prod c! / n! */
	double p;              /* the probability summed so far */
	size_t work, max_work;
	long live;             /* distinct pasts held by the next stage */

	long *column, *rest;
	struct fisher_paths *paths;
};

/* One column vector x of the current stage is complete: send the pasts
 * through it. The pasts are sorted, so those that count whole (even the
 * most probable completion stays at or below the threshold) are a prefix,
 * and those that move on (the least probable one could) the next run.
 * Returns nonzero when the work limit is hit. */
static int fisher_walk_column(struct fisher_walk *w)
{
	const struct fisher_table *t = w->t;
	const struct fisher_node *from = w->from;
	struct fisher_node *child;
	double term = 0;
	size_t i, accept, keep;

	for (i = 0; i < t->rows; i++) {
		w->rest[i] = from->rest[i] - w->column[i];
		term -= t->lfact[w->column[i]];
	}
	sort_descending(w->rest, t->rows);
	size_t nodes = w->next->nnode;
	child = fisher_stage_find(w->next, w->paths, w->stage + 1, w->rest);
	if (w->next->nnode != nodes)
		w->work += FISHER_NODE_COST * t->rows * t->cols;
	accept = fisher_node_count_upto(from, w->threshold - child->most - term);
	keep = fisher_node_count_upto(from, w->threshold - child->least - term);
	if (accept > 0)
		w->p += from->below[accept] *
			exp(w->constant + from->ref + term + child->completions);
	for (i = accept; i < keep; i++)
		w->live += fisher_node_add(child, from->past[i].value + term,
					   from->past[i].weight);
	w->work += FISHER_COLUMN_COST + FISHER_ADD_COST * (keep - accept);

	return w->work + FISHER_STEP_COST * w->paths->steps > w->max_work ||
		w->live + FISHER_NODE_PASTS * (long)w->next->nnode > FISHER_MAX_PASTS;
}

/* Enumerates the columns x with x_i <= rest_i summing to left. */
static int fisher_walk_rows(struct fisher_walk *w, size_t row, long left,
			    long capacity_after)
{
	const long *rest = w->from->rest;
	long x, lo, hi;

	if (row == w->t->rows - 1) {
		w->column[row] = left;
		return fisher_walk_column(w);
	}
	/* rows below can take at most capacity_after - rest[row] */
	capacity_after -= rest[row];
	lo = left - capacity_after > 0 ? left - capacity_after : 0;
	hi = rest[row] < left ? rest[row] : left;
	for (x = lo; x <= hi; x++) {
		w->column[row] = x;
		if (fisher_walk_rows(w, row + 1, left - x, capacity_after))
			return 1;
	}
	return 0;
}

/* Returns 0 and *p, or 1 when the enumeration exceeds max_work. */
static int fisher_network(const struct fisher_table *t, size_t max_work, double *p)
{
	struct fisher_stage stage[2];
	struct fisher_walk w;
	struct fisher_node *root;
	struct fisher_paths paths;
	long *rest = ky_calloc(t->rows, sizeof *rest);
	size_t k, i, cur = 0;
	int over = 0;

	memset(stage, 0, sizeof stage);
	memset(&w, 0, sizeof w);
	w.t = t;
	w.max_work = max_work;
	w.column = ky_calloc(t->rows, sizeof *w.column);
	w.rest = ky_calloc(t->rows, sizeof *w.rest);
	memset(&paths, 0, sizeof paths);
	paths.t = t;
	paths.memo = ky_calloc(t->cols, sizeof *paths.memo);
	paths.column = ky_calloc(t->rows * t->cols, sizeof *paths.column);
	paths.child = ky_calloc(t->rows * t->cols, sizeof *paths.child);
	paths.caps = ky_calloc(t->cols, sizeof *paths.caps);
	paths.max_steps = max_work / 2;
	w.paths = &paths;
	w.threshold = fisher_table_score(t, t->cell) + FISHER_FEXACT_TOLERANCE;
	w.constant = -t->lfact[t->total];
	for (i = 0; i < t->rows; i++)
		w.constant += t->lfact[t->row_sum[i]];
	for (k = 0; k < t->cols; k++)
		w.constant += t->lfact[t->col_sum[k]];

	memcpy(rest, t->row_sum, t->rows * sizeof *rest);
	qsort(rest, t->rows, sizeof *rest, long_descending);
	root = fisher_stage_find(&stage[0], &paths, 0, rest);
	if (root->most <= w.threshold)
		w.p = 1;
	else
		fisher_node_add(root, 0, 1);
	for (k = 0; k < t->cols && !over; k++) {
		struct fisher_stage *now = &stage[cur], *next = &stage[1 - cur];
		w.stage = k;
		w.next = next;
		w.live = 0;
		for (i = 0; i < now->nnode && !over; i++) {
			struct fisher_node *nd = &now->node[i];
			long capacity = 0;
			size_t r;
			if (nd->npast == 0)
				continue;
			fisher_node_finish(nd, &w.work);
			for (r = 0; r < t->rows; r++)
				capacity += nd->rest[r];
			w.from = nd;
			over = fisher_walk_rows(&w, 0, t->col_sum[k], capacity);
		}
		fisher_stage_release(now);
		cur = 1 - cur;
	}
	fisher_stage_release(&stage[0]);
	fisher_stage_release(&stage[1]);
	free(rest);
	free(w.column);
	free(w.rest);
	for (k = 0; k < t->cols; k++)
		fisher_stage_release(&paths.memo[k]);
	free(paths.memo);
	free(paths.column);
	free(paths.child);
	free(paths.caps);
	/* rounding can push a sum of probabilities a hair above 1 */
	*p = fmin(1, w.p);
	return over;
}

/* The network walk on a copy of t with its columns in ascending order
 * (the Monte Carlo fallback deals the units to t's own columns, so that
 * its seeded draws stay what they were). */
static int fisher_exact(const struct fisher_table *t, size_t max_work, double *p)
{
	struct fisher_table ordered = *t;
	int over;

	ordered.cell = ky_reallocarray(NULL, t->rows * t->cols, sizeof *ordered.cell);
	ordered.col_sum = ky_reallocarray(NULL, t->cols, sizeof *ordered.col_sum);
	memcpy(ordered.cell, t->cell, t->rows * t->cols * sizeof *ordered.cell);
	memcpy(ordered.col_sum, t->col_sum, t->cols * sizeof *ordered.col_sum);
	fisher_table_order_columns(&ordered);
	over = fisher_network(&ordered, max_work, p);
	free(ordered.cell);
	free(ordered.col_sum);
	return over;
}

/* ---- Monte Carlo ---- */

/* A draw from the hypergeometric distribution: of `pool` units, `marked`
 * marked, `take` taken; x the marked ones among them. By inversion from
 * the mode outwards, as Patefield's AS 159: P(mode) from the log
 * factorials, its neighbours by the ratio of successive terms, one
 * uniform (another, scaled, in the rare case that rounding leaves the sum
 * of the support below it). */
static long fisher_hypergeometric(gsl_rng *rng, long pool, long marked, long take,
				  const double *lf)
{
	long other = pool - marked, lo = take - other > 0 ? take - other : 0;
	long hi = take < marked ? take : marked;
	long mode = (long)(((double)take + 1) * ((double)marked + 1) / ((double)pool + 2));
	double u = gsl_rng_uniform(rng), p_mode;

	if (lo == hi)
		return lo;
	mode = mode < lo ? lo : mode > hi ? hi : mode;
	p_mode = exp(lf[marked] - lf[mode] - lf[marked - mode] + lf[other] - lf[take - mode] -
		     lf[other - take + mode] - lf[pool] + lf[take] + lf[pool - take]);
	for (;;) {
		double up_p = p_mode, down_p = p_mode, sum = p_mode;
		long up = mode, down = mode;
		if (u < sum)
			return mode;
		while (up < hi || down > lo) {
			if (up < hi) {
				up_p *= (double)(marked - up) * (double)(take - up) /
					((double)(up + 1) * (double)(other - take + up + 1));
				up++;
				if (u < (sum += up_p))
					return up;
			}
			if (down > lo) {
				down_p *= (double)down * (double)(other - take + down) /
					((double)(marked - down + 1) * (double)(take - down + 1));
				down--;
				if (u < (sum += down_p))
					return down;
			}
		}
		u = sum * gsl_rng_uniform(rng);
	}
}

/* One table with t's margins by Patefield's sequential draws: row by
 * row, each cell from its hypergeometric distribution given the cells
 * before it; the last column and the last row take what is left. Some
 * (r - 1)(c - 1) uniforms and a few steps around each cell's mode. */
static void fisher_draw_patefield(const struct fisher_table *t, gsl_rng *rng, long *col_left,
				  long *cell)
{
	size_t rows = t->rows, cols = t->cols, i, j;
	long rows_left = t->total;      /* units of this row and the rows after it */

	memcpy(col_left, t->col_sum, cols * sizeof *col_left);
	for (i = 0; i + 1 < rows; i++) {
		long need = t->row_sum[i], pool = rows_left;
		rows_left -= t->row_sum[i];
		for (j = 0; j + 1 < cols; j++) {
			long x = need ? fisher_hypergeometric(rng, pool, col_left[j], need, t->lfact) : 0;
			pool -= col_left[j];
			cell[i + j * rows] = x;
			col_left[j] -= x;
			need -= x;
		}
		cell[i + j * rows] = need;
		col_left[j] -= need;
	}
	for (j = 0; j < cols; j++)
		cell[i + j * rows] = col_left[j];
}

/* One table by shuffling the n units (unit_row: each unit's row) and
 * dealing them to the columns in order: n random numbers, the cheaper
 * way for small tables. */
static void fisher_draw_shuffle(const struct fisher_table *t, gsl_rng *rng, long *unit_row,
				long *cell)
{
	size_t n = (size_t)t->total, j, k, u;
	/* Fisher-Yates on the units dealt so far: the last column takes what
	 * is left, whatever its order */
	size_t dealt = n - (size_t)t->col_sum[t->cols - 1];

	memset(cell, 0, t->rows * t->cols * sizeof *cell);
	for (u = 0; u < dealt; u++) {
		size_t pick = u + gsl_rng_uniform_int(rng, n - u);
		long row = unit_row[pick];
		unit_row[pick] = unit_row[u];
		unit_row[u] = row;
	}
	for (j = 0, u = 0; j < t->cols; j++)
		for (k = 0; k < (size_t)t->col_sum[j]; k++)
			cell[unit_row[u++] + (long)(j * t->rows)]++;
}

/* Monte Carlo with fixed margins: tables drawn uniformly among those with
 * t's margins as R's r2dtable does (the cells' multivariate
 * hypergeometric distribution), p = (1 + hits) / (B + 1) as R's
 * simulate.p.value. Up to FISHER_SHUFFLE_MAX_N units the units are
 * shuffled, above Patefield's draws: the same distribution, but the
 * shuffle's cost grows with n (a 3 x 3 of 300000 took 75 s). */
static int fisher_monte_carlo(const struct fisher_table *t, unsigned long b,
			      unsigned long seed, double *p, struct ky_error *err)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double threshold = fisher_table_score(t, t->cell) + FISHER_LOG_TOLERANCE;
	bool shuffle = t->total <= FISHER_SHUFFLE_MAX_N;
	unsigned long rep, hits = 0;
	long *cell, *work;
	size_t i, k, u;

	if (!rng)
		return ky_error_set(err, KY_EIO, "fisher: cannot allocate the random generator");
	gsl_rng_set(rng, seed);
	cell = ky_calloc(t->rows * t->cols, sizeof *cell);
	/* the units' rows for the shuffle, the columns' remainders for Patefield */
	work = ky_calloc((shuffle ? (size_t)t->total : t->cols) + 1, sizeof *work);
	for (i = 0, u = 0; shuffle && i < t->rows; i++)
		for (k = 0; k < (size_t)t->row_sum[i]; k++)
			work[u++] = (long)i;
	for (rep = 0; rep < b; rep++) {
		if (shuffle)
			fisher_draw_shuffle(t, rng, work, cell);
		else
			fisher_draw_patefield(t, rng, work, cell);
		if (fisher_table_score(t, cell) <= threshold)
			hits++;
	}
	free(cell);
	free(work);
	gsl_rng_free(rng);
	*p = (1.0 + (double)hits) / ((double)b + 1.0);
	return KY_OK;
}

/* The work the exact enumeration may spend on t. Its nodes are the
 * multisets of remaining row sums and each keeps the distinct partial
 * values of the paths into it, which grow fast with the total when both
 * dimensions pass 2. A 2 x c table of the sample study (n <= 242) is
 * exact within 3e7 units, one above exact_max_n gets a tenth of the
 * budget. A larger table above exact_max_n gets a thousandth, a quick try
 * of a few milliseconds: of the sample study's 3 x 13 tables of n > 200
 * one in eight finishes within it, five need 1e8 to 3e8 units (R gives
 * wrong p-values for two of them) and the rest pass 1e9; trying each for
 * seconds would cost an analysis by profession a minute. */
static size_t fisher_budget(const struct fisher_table *t, const struct fisher_options *opt)
{
	if ((double)t->total <= opt->exact_max_n)
		return opt->max_nodes;
	return t->rows == 2 ? opt->max_nodes / 10 : opt->max_nodes / 1000;
}

int fisher_test(const double *counts, size_t rows, size_t cols,
		const struct fisher_options *opt, struct tests_result *res,
		struct ky_error *err)
{
	struct fisher_options defaults;
	struct fisher_table t;
	size_t *keep_row, *keep_col;
	int rc;

	if (!res)
		return ky_error_set(err, KY_EINPUT, "fisher: no result record");
	tests_result_init(res);
	if (!opt) {
		fisher_options_default(&defaults);
		opt = &defaults;
	}
	rc = tests_table_levels(counts, rows, cols, "fisher", res, &keep_row,
				&keep_col, err);
	if (rc == KY_OK && !res->why)
		rc = fisher_table_init(&t, counts, rows, keep_row, res->rows,
				       keep_col, res->cols, err);
	free(keep_row);
	free(keep_col);
	if (rc || res->why)
		return rc;

	res->n = (double)t.total;
	if (t.rows == 2 && t.cols == 2) {
		res->p_value = fisher_2x2(&t);
	} else if (opt->force_monte_carlo ||
		   fisher_exact(&t, fisher_budget(&t, opt), &res->p_value)) {
		if (opt->replicates == 0) {
			fisher_table_release(&t);
			return ky_error_set(err, KY_EINPUT,
					    "fisher: Monte Carlo needs at least one replicate");
		}
		rc = fisher_monte_carlo(&t, opt->replicates, opt->seed,
					&res->p_value, err);
		res->replicates = opt->replicates;
	}
	fisher_table_release(&t);
	if (rc == KY_OK)
		res->defined = 1;
	return rc;
}
