/* design.c - survey design, calibration and domain estimates (see design.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/design.h"
#include "analysis/interval.h"
#include "util/mem.h"

enum calibration { CAL_NONE, CAL_POSTSTRAT, CAL_RAKE };

struct cal_margin {
	size_t *group;       /* per row */
	size_t n_groups;
	double *psw;         /* weights right after this margin's step (rake), or final weights */
	double *count;       /* rows per group (the rake back-fitting mean is unweighted) */
};

struct design {
	size_t n;
	bool moments;             /* every respondent its own PSU (no clusters,
				   * or clusters of one): sums per stratum */
	double *w;
	size_t *psu;              /* per row */
	size_t n_psu;
	size_t *psu_stratum;      /* per PSU */
	size_t n_strata;
	double *stratum_factor;   /* (1 - f_h) n_h / (n_h - 1); 0 for a removed lonely PSU */
	size_t *stratum_npsu;     /* n_h in the whole sample */
	bool *stratum_adjust;     /* lonely PSU centred on the grand mean */
	enum calibration calibration;
	struct cal_margin *margins;
	size_t n_margins;
};

struct design_work {
	double *z;             /* n */
	double *y;             /* n, indicator scratch */
	double *psu_sum;       /* n_psu */
	double *stratum_sum;   /* n_strata */
	unsigned char *psu_mark, *stratum_mark;
	double *group_sum, *group_sum2;   /* largest margin */
	size_t *order;         /* n */
	double *cum;           /* n */
};

static const char *stratum_label(const struct design_input *in, size_t h, char *buf, size_t len)
{
	if (in->stratum_names && in->stratum_names[h])
		return in->stratum_names[h];
	snprintf(buf, len, "%zu", h + 1);
	return buf;
}

static const char *row_label(const struct design_input *in, size_t i, char *buf, size_t len)
{
	if (in->row_names && in->row_names[i])
		return in->row_names[i];
	snprintf(buf, len, "row %zu", i + 1);
	return buf;
}

static const size_t *sort_keys_a, *sort_keys_b;

static int cmp_pair(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	if (sort_keys_a[a] != sort_keys_a[b])
		return sort_keys_a[a] < sort_keys_a[b] ? -1 : 1;
	if (sort_keys_b[a] != sort_keys_b[b])
		return sort_keys_b[a] < sort_keys_b[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* A row's PSU and a PSU's stratum. Without clusters every row is its own
 * PSU and no array says so (psu NULL: 8 bytes a respondent saved), and
 * with neither clusters nor strata psu_stratum is NULL too. */
static inline size_t psu_of(const struct design *d, size_t i)
{
	return d->psu ? d->psu[i] : i;
}

static inline size_t stratum_of(const struct design *d, size_t j)
{
	return d->psu_stratum ? d->psu_stratum[j] : 0;
}

/* PSU = (stratum, cluster) pair, numbered in order of first appearance
 * after sorting; every row its own PSU without clusters. */
static void assign_psus(struct design *d, const size_t *stratum, const size_t *cluster)
{
	size_t n = d->n;
	if (!cluster) {
		if (stratum) {
			d->psu_stratum = ky_reallocarray(NULL, n ? n : 1, sizeof(size_t));
			memcpy(d->psu_stratum, stratum, n * sizeof(size_t));
		}
		d->n_psu = n;
		return;
	}
	d->psu = ky_reallocarray(NULL, n ? n : 1, sizeof *d->psu);
	size_t *order = ky_reallocarray(NULL, n ? n : 1, sizeof *order);
	size_t *zeros = ky_calloc(n ? n : 1, sizeof *zeros);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_keys_a = stratum ? stratum : zeros;
	sort_keys_b = cluster;
	qsort(order, n, sizeof *order, cmp_pair);
	d->psu_stratum = ky_reallocarray(NULL, n ? n : 1, sizeof(size_t));
	size_t k = 0;
	for (size_t r = 0; r < n; r++) {
		size_t i = order[r];
		if (r > 0) {
			size_t p = order[r - 1];
			if (sort_keys_a[p] != sort_keys_a[i] || cluster[p] != cluster[i])
				k++;
		}
		d->psu[i] = k;
		d->psu_stratum[k] = sort_keys_a[i];
	}
	d->n_psu = n ? k + 1 : 0;
	free(order);
	free(zeros);
}

/* R's survey.lonely.psu = "average": a lonely stratum's contribution is
 * unknown, and the sum over the others is scaled by H / H_ok (strata in
 * the sample over those whose contribution is known). */
static void average_lonely(struct design *d, const size_t *count, size_t unknown)
{
	size_t present = 0;

	for (size_t h = 0; h < d->n_strata; h++)
		present += count[h] > 0;
	double scale = present > unknown ? (double)present / (double)(present - unknown) : NAN;
	for (size_t h = 0; h < d->n_strata; h++)
		d->stratum_factor[h] *= scale;
}

/* The fpc of each stratum (one value for all its rows) into fpc_value. */
static int read_fpc(const struct design *d, const struct design_input *in, double *fpc_value,
		    struct ky_error *err)
{
	char buf[32];

	for (size_t h = 0; h < d->n_strata; h++)
		fpc_value[h] = NAN;
	for (size_t i = 0; i < d->n; i++) {
		size_t h = in->stratum ? in->stratum[i] : 0;
		double v = in->fpc[i];
		if (!(isfinite(v) && v > 0))
			return ky_error_set(err, KY_EINPUT, "%s: fpc %g is not a population size (>= 1) or a sampling fraction (0..1)",
					    row_label(in, i, buf, sizeof buf), v);
		if (isnan(fpc_value[h]))
			fpc_value[h] = v;
		else if (fpc_value[h] != v)
			return ky_error_set(err, KY_EINPUT, "%s: fpc %g differs from %g elsewhere in stratum '%s'",
					    row_label(in, i, buf, sizeof buf), v, fpc_value[h],
					    stratum_label(in, h, buf, sizeof buf));
	}
	return KY_OK;
}

static int set_strata(struct design *d, const struct design_input *in, struct ky_error *err)
{
	size_t *count = ky_calloc(d->n_strata, sizeof *count), unknown = 0;
	double *fpc_value = NULL;
	char buf[32];
	int rc = KY_OK;

	/* n_h: PSUs, or respondents when each is its own PSU */
	for (size_t j = 0; j < d->n_psu; j++)
		count[stratum_of(d, j)] += !in->cluster && in->row_count ? (size_t)in->row_count[j] : 1;
	if (in->fpc) {
		fpc_value = ky_reallocarray(NULL, d->n_strata, sizeof *fpc_value);
		if ((rc = read_fpc(d, in, fpc_value, err)))
			goto out;
	}
	for (size_t h = 0; h < d->n_strata; h++) {
		double nh = (double)count[h], f = 0;
		if (count[h] == 0) {
			d->stratum_factor[h] = 0;
			continue;
		}
		if (fpc_value) {
			double v = fpc_value[h];
			if (v >= 1) {
				if (v < nh) {
					rc = ky_error_set(err, KY_EINPUT, "stratum '%s': fpc says %g population PSUs but the sample has %zu",
							  stratum_label(in, h, buf, sizeof buf), v, count[h]);
					goto out;
				}
				f = nh / v;
			} else {
				f = v;
			}
		}
		if (count[h] == 1) {
			switch (in->lonely_psu) {
			case DESIGN_LONELY_FAIL:
				rc = ky_error_set(err, KY_EINPUT,
						  "stratum '%s' has only one PSU: its variance cannot be estimated "
						  "(merge strata, or choose as R's survey.lonely.psu: certainty, remove, adjust, average)",
						  stratum_label(in, h, buf, sizeof buf));
				goto out;
			case DESIGN_LONELY_REMOVE:
			case DESIGN_LONELY_CERTAINTY:
				d->stratum_factor[h] = 0;
				break;
			case DESIGN_LONELY_ADJUST:
				d->stratum_factor[h] = 1 - f;
				d->stratum_adjust[h] = true;
				break;
			case DESIGN_LONELY_AVERAGE:
				/* sampled in full, its contribution is known: 0 */
				d->stratum_factor[h] = 0;
				unknown += 1 - f >= 1e-7;
				break;
			}
			continue;
		}
		d->stratum_factor[h] = (1 - f) * nh / (nh - 1);
	}
	if (unknown)
		average_lonely(d, count, unknown);
out:
	d->stratum_npsu = count;
	free(fpc_value);
	return rc;
}

int design_create(const struct design_input *in, struct design **out, struct ky_error *err)
{
	struct design *d = ky_calloc(1, sizeof *d);
	char buf[32];
	int rc;

	*out = NULL;
	d->n = in->n;
	d->n_strata = in->stratum ? in->n_strata : 1;
	d->w = in->own_weight ? in->own_weight : ky_reallocarray(NULL, d->n ? d->n : 1, sizeof *d->w);
	const double *weight = in->own_weight ? in->own_weight : in->weight;
	for (size_t i = 0; i < d->n; i++) {
		double wi = weight ? weight[i] : 1.0;
		if (!(isfinite(wi) && wi > 0)) {
			rc = ky_error_set(err, KY_EINPUT, "%s: weight %g is not a positive number",
					  row_label(in, i, buf, sizeof buf), wi);
			goto fail;
		}
		if (in->stratum && in->stratum[i] >= in->n_strata) {
			rc = ky_error_set(err, KY_EINPUT, "%s: stratum code out of range",
					  row_label(in, i, buf, sizeof buf));
			goto fail;
		}
		d->w[i] = wi;
	}
	if (d->n_strata == 0)
		d->n_strata = 1;
	assign_psus(d, in->stratum, in->cluster);
	d->moments = !in->cluster || (!in->row_count && d->n_psu == d->n);
	d->stratum_factor = ky_calloc(d->n_strata, sizeof *d->stratum_factor);
	d->stratum_adjust = ky_calloc(d->n_strata, sizeof *d->stratum_adjust);
	rc = set_strata(d, in, err);
	if (rc)
		goto fail;
	*out = d;
	return KY_OK;
fail:
	design_destroy(d);
	return rc;
}

static void free_margins(struct design *d)
{
	for (size_t m = 0; m < d->n_margins; m++) {
		free(d->margins[m].group);
		free(d->margins[m].psw);
		free(d->margins[m].count);
	}
	free(d->margins);
	d->margins = NULL;
	d->n_margins = 0;
}

void design_destroy(struct design *d)
{
	if (!d)
		return;
	free_margins(d);
	free(d->w);
	free(d->psu);
	free(d->psu_stratum);
	free(d->stratum_factor);
	free(d->stratum_adjust);
	free(d->stratum_npsu);
	free(d);
}

size_t design_rows(const struct design *d)
{
	return d->n;
}

const double *design_weights(const struct design *d)
{
	return d->w;
}

void design_psus(const struct design *d, const size_t **psu, size_t *n_psu,
		 const size_t **psu_stratum, size_t *n_strata)
{
	/* the arrays a design without clusters does without, made on first
	 * use (the design is otherwise read-only: not while threads read it) */
	struct design *m = (struct design *)d;
	if (!m->psu) {
		m->psu = ky_reallocarray(NULL, d->n ? d->n : 1, sizeof *m->psu);
		for (size_t i = 0; i < d->n; i++)
			m->psu[i] = i;
	}
	if (!m->psu_stratum)
		m->psu_stratum = ky_calloc(d->n_psu ? d->n_psu : 1, sizeof *m->psu_stratum);
	*psu = d->psu;
	*n_psu = d->n_psu;
	*psu_stratum = d->psu_stratum;
	*n_strata = d->n_strata ? d->n_strata : 1;
}

bool design_calibrated(const struct design *d)
{
	return d->calibration != CAL_NONE;
}

/* Checks a margin against the data and returns the weight totals of its
 * groups in sums (n_groups). */
static int margin_check(const struct design *d, const struct design_margin_input *m,
			double *sums, struct ky_error *err)
{
	for (size_t g = 0; g < m->n_groups; g++)
		sums[g] = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (m->group[i] >= m->n_groups)
			return ky_error_set(err, KY_EINPUT, "row %zu: no category of '%s'", i + 1, m->var);
		sums[m->group[i]] += d->w[i];
	}
	for (size_t g = 0; g < m->n_groups; g++) {
		const char *name = m->group_names ? m->group_names[g] : "?";
		if (sums[g] > 0 && !(isfinite(m->population[g]) && m->population[g] > 0))
			return ky_error_set(err, KY_EINPUT,
					    "'%s' category '%s' occurs in the data but has no positive population total",
					    m->var, name);
		if (sums[g] == 0 && isfinite(m->population[g]) && m->population[g] > 0)
			return ky_error_set(err, KY_EINPUT,
					    "'%s' category '%s' has a population total but no respondents",
					    m->var, name);
	}
	return KY_OK;
}

static void margin_apply(double *w, size_t n, const struct design_margin_input *m, double *sums)
{
	for (size_t g = 0; g < m->n_groups; g++)
		sums[g] = 0;
	for (size_t i = 0; i < n; i++)
		sums[m->group[i]] += w[i];
	for (size_t i = 0; i < n; i++)
		w[i] = w[i] * m->population[m->group[i]] / sums[m->group[i]];
}

static void add_margin(struct design *d, const struct design_margin_input *m)
{
	struct cal_margin *c;
	d->margins = ky_reallocarray(d->margins, d->n_margins + 1, sizeof *d->margins);
	c = &d->margins[d->n_margins++];
	c->n_groups = m->n_groups;
	c->group = ky_reallocarray(NULL, d->n ? d->n : 1, sizeof *c->group);
	memcpy(c->group, m->group, d->n * sizeof *c->group);
	c->psw = ky_reallocarray(NULL, d->n ? d->n : 1, sizeof *c->psw);
	c->count = ky_calloc(m->n_groups ? m->n_groups : 1, sizeof *c->count);
	for (size_t i = 0; i < d->n; i++)
		c->count[m->group[i]] += 1;
}

int design_poststratify(struct design *d, const size_t *group, size_t n_groups,
			const double *population, const char *var,
			const char *const *group_names, struct ky_error *err)
{
	struct design_margin_input m = { group, n_groups, population, var, group_names };
	double *sums = ky_calloc(n_groups ? n_groups : 1, sizeof *sums);
	int rc;

	if (d->calibration != CAL_NONE) {
		free(sums);
		return ky_error_set(err, KY_EUSAGE, "a design can be post-stratified or raked only once");
	}
	rc = margin_check(d, &m, sums, err);
	if (!rc) {
		margin_apply(d->w, d->n, &m, sums);
		add_margin(d, &m);
		memcpy(d->margins[0].psw, d->w, d->n * sizeof *d->w);
		d->calibration = CAL_POSTSTRAT;
	}
	free(sums);
	return rc;
}

int design_rake(struct design *d, const struct design_margin_input *margins, size_t n_margins,
		int *sweeps, bool *converged, struct ky_error *err)
{
	size_t max_groups = 1, n_cells = 1, *cell;
	double *sums, *before, *after;
	int rc = KY_OK;

	*sweeps = 0;
	*converged = false;
	if (d->calibration != CAL_NONE)
		return ky_error_set(err, KY_EUSAGE, "a design can be post-stratified or raked only once");
	if (n_margins == 0)
		return ky_error_set(err, KY_EUSAGE, "raking needs at least one margin");
	for (size_t m = 0; m < n_margins; m++) {
		if (margins[m].n_groups > max_groups)
			max_groups = margins[m].n_groups;
		if (margins[m].n_groups && n_cells > SIZE_MAX / 64 / margins[m].n_groups)
			return ky_error_set(err, KY_EINPUT, "too many raking cells");
		n_cells *= margins[m].n_groups ? margins[m].n_groups : 1;
	}
	if (n_cells > ((size_t)1 << 26))
		return ky_error_set(err, KY_EINPUT, "too many cells in the cross-classification of the raking margins");
	sums = ky_calloc(max_groups, sizeof *sums);
	for (size_t m = 0; m < n_margins; m++) {
		rc = margin_check(d, &margins[m], sums, err);
		if (rc) {
			free(sums);
			return rc;
		}
	}
	/* the cross-classification cell of each row, mixed radix */
	cell = ky_reallocarray(NULL, d->n ? d->n : 1, sizeof *cell);
	for (size_t i = 0; i < d->n; i++) {
		size_t c = 0;
		for (size_t m = 0; m < n_margins; m++)
			c = c * margins[m].n_groups + margins[m].group[i];
		cell[i] = c;
	}
	before = ky_calloc(n_cells, sizeof *before);
	after = ky_calloc(n_cells, sizeof *after);
	for (size_t i = 0; i < d->n; i++)
		before[cell[i]] += d->w[i];
	for (size_t m = 0; m < n_margins; m++)
		add_margin(d, &margins[m]);
	for (int sweep = 1; sweep <= 10; sweep++) {
		double largest = 0;
		for (size_t m = 0; m < n_margins; m++) {
			margin_apply(d->w, d->n, &margins[m], sums);
			memcpy(d->margins[m].psw, d->w, d->n * sizeof *d->w);
		}
		memset(after, 0, n_cells * sizeof *after);
		for (size_t i = 0; i < d->n; i++)
			after[cell[i]] += d->w[i];
		for (size_t c = 0; c < n_cells; c++) {
			double change = fabs(after[c] - before[c]);
			if (change > largest)
				largest = change;
		}
		*sweeps = sweep;
		if (largest < 1) {
			*converged = true;
			break;
		}
		memcpy(before, after, n_cells * sizeof *before);
	}
	d->calibration = CAL_RAKE;
	free(cell);
	free(before);
	free(after);
	free(sums);
	return KY_OK;
}

struct design_work *design_work_create(const struct design *d)
{
	struct design_work *w = ky_calloc(1, sizeof *w);
	size_t n = d->n ? d->n : 1, max_groups = 1;

	for (size_t m = 0; m < d->n_margins; m++)
		if (d->margins[m].n_groups > max_groups)
			max_groups = d->margins[m].n_groups;
	(void)n;
	w->stratum_sum = ky_calloc(d->n_strata, sizeof *w->stratum_sum);
	w->stratum_mark = ky_calloc(d->n_strata, 1);
	w->group_sum = ky_calloc(max_groups, sizeof *w->group_sum);
	w->group_sum2 = ky_calloc(max_groups, sizeof *w->group_sum2);
	return w;
}

/* The workspace a pass over the rows needs, made on first use: estimates
 * from sums never touch it, and it costs 41 bytes a row. */
static void work_rows(const struct design *d, struct design_work *w)
{
	size_t n = d->n ? d->n : 1;
	if (w->z)
		return;
	w->z = ky_calloc(n, sizeof *w->z);
	w->y = ky_calloc(n, sizeof *w->y);
	w->order = ky_calloc(n, sizeof *w->order);
	w->cum = ky_calloc(n, sizeof *w->cum);
	w->psu_mark = ky_calloc(d->n_psu ? d->n_psu : 1, 1);
}

/* PSU totals: as many as PSUs, one per row without clusters. */
static void work_psus(const struct design *d, struct design_work *w)
{
	if (!w->psu_sum)
		w->psu_sum = ky_calloc(d->n_psu ? d->n_psu : 1, sizeof *w->psu_sum);
}

void design_work_destroy(struct design_work *w)
{
	if (!w)
		return;
	free(w->z);
	free(w->y);
	free(w->psu_sum);
	free(w->psu_mark);
	free(w->stratum_sum);
	free(w->stratum_mark);
	free(w->group_sum);
	free(w->group_sum2);
	free(w->order);
	free(w->cum);
	free(w);
}

/* Applies the calibration to influence values z (n, stride 1), in place:
 * post-stratification projects on the post-strata; raking back-fits on the
 * margins in exactly 10 passes, as R's svyrecvar. */
static void calibrate_z(const struct design *d, struct design_work *w, double *z)
{
	if (d->calibration == CAL_POSTSTRAT) {
		const struct cal_margin *m = &d->margins[0];
		for (size_t g = 0; g < m->n_groups; g++)
			w->group_sum[g] = w->group_sum2[g] = 0;
		for (size_t i = 0; i < d->n; i++) {
			w->group_sum[m->group[i]] += z[i];
			w->group_sum2[m->group[i]] += m->psw[i];
		}
		for (size_t i = 0; i < d->n; i++)
			z[i] -= m->psw[i] * w->group_sum[m->group[i]] / w->group_sum2[m->group[i]];
	} else if (d->calibration == CAL_RAKE) {
		for (int pass = 0; pass < 10; pass++) {
			for (size_t k = 0; k < d->n_margins; k++) {
				const struct cal_margin *m = &d->margins[k];
				for (size_t g = 0; g < m->n_groups; g++)
					w->group_sum[g] = 0;
				for (size_t i = 0; i < d->n; i++)
					w->group_sum[m->group[i]] += z[i] / m->psw[i];
				for (size_t i = 0; i < d->n; i++)
					z[i] -= m->psw[i] * (w->group_sum[m->group[i]] / m->count[m->group[i]]);
			}
		}
	}
}

/* V = sum_h factor_h sum_c (Z_hc - Zbar_h)^2 from per-PSU totals. A
 * lonely PSU under "adjust" is centred on the mean of all PSUs. */
static double psu_variance(const struct design *d, struct design_work *w, const double *psu_sum)
{
	double grand = 0, v = 0;
	size_t *count = NULL;

	for (size_t h = 0; h < d->n_strata; h++)
		w->stratum_sum[h] = 0;
	for (size_t j = 0; j < d->n_psu; j++) {
		w->stratum_sum[stratum_of(d, j)] += psu_sum[j];
		grand += psu_sum[j];
	}
	grand /= d->n_psu ? (double)d->n_psu : 1;
	count = ky_calloc(d->n_strata, sizeof *count);
	for (size_t j = 0; j < d->n_psu; j++)
		count[stratum_of(d, j)]++;
	for (size_t j = 0; j < d->n_psu; j++) {
		size_t h = stratum_of(d, j);
		double centre = d->stratum_adjust[h] ? grand : w->stratum_sum[h] / (double)count[h];
		double dev = psu_sum[j] - centre;
		v += d->stratum_factor[h] * dev * dev;
	}
	free(count);
	return v;
}

static double variance_of_z(const struct design *d, struct design_work *w, double *z)
{
	work_psus(d, w);
	calibrate_z(d, w, z);
	for (size_t j = 0; j < d->n_psu; j++)
		w->psu_sum[j] = 0;
	for (size_t i = 0; i < d->n; i++)
		w->psu_sum[psu_of(d, i)] += z[i];
	return psu_variance(d, w, w->psu_sum);
}

double design_domain_df(const struct design *d, struct design_work *w, const unsigned char *in_domain)
{
	size_t psus = 0, strata = 0;
	work_rows(d, w);
	memset(w->psu_mark, 0, d->n_psu);
	memset(w->stratum_mark, 0, d->n_strata);
	for (size_t i = 0; i < d->n; i++) {
		if (in_domain && !in_domain[i])
			continue;
		size_t j = psu_of(d, i), h = stratum_of(d, j);
		if (!w->psu_mark[j]) {
			w->psu_mark[j] = 1;
			psus++;
		}
		if (!w->stratum_mark[h]) {
			w->stratum_mark[h] = 1;
			strata++;
		}
	}
	return (double)psus - (double)strata;
}

/* The domain of y: in_domain and y not NaN, as a mask in w->order's
 * storage reused as bytes would alias; a separate mask is clearer. */
int design_mean(const struct design *d, struct design_work *w, const double *y,
		const unsigned char *in_domain, struct design_estimate *out,
		struct ky_error *err)
{
	double W = 0, Wy = 0, W2 = 0, mean, ss = 0;
	size_t base = 0;
	unsigned char *mask = ky_calloc(d->n ? d->n : 1, 1);

	(void)err;
	work_rows(d, w);
	for (size_t i = 0; i < d->n; i++) {
		if ((in_domain && !in_domain[i]) || isnan(y[i]))
			continue;
		mask[i] = 1;
		base++;
		W += d->w[i];
		Wy += d->w[i] * y[i];
		W2 += d->w[i] * d->w[i];
	}
	out->base = base;
	out->weight_total = W;
	if (base == 0) {
		out->estimate = out->variance = out->std_error = out->df = NAN;
		out->deff = out->n_eff_kish = NAN;
		free(mask);
		return KY_OK;
	}
	mean = Wy / W;
	for (size_t i = 0; i < d->n; i++) {
		if (mask[i]) {
			double dev = y[i] - mean;
			w->z[i] = d->w[i] * dev / W;
			ss += d->w[i] * dev * dev;
		} else {
			w->z[i] = 0;
		}
	}
	out->estimate = mean;
	out->variance = variance_of_z(d, w, w->z);
	out->std_error = sqrt(out->variance);
	out->df = design_domain_df(d, w, mask);
	out->n_eff_kish = W * W / W2;
	out->deff = NAN;
	if (base > 1) {
		double nb = (double)base, s2 = nb / (nb - 1) * ss / W;
		double v_srs = s2 * (W - nb) / (W * nb);
		if (v_srs > 0)
			out->deff = out->variance / v_srs;
	}
	free(mask);
	return KY_OK;
}

/* Domain weight total and mean of y over the rows of mask that answered. */
static void domain_mean(const struct design *d, const double *y, const unsigned char *mask,
			double *W, double *mean, size_t *base)
{
	double Wy = 0;

	*W = 0;
	*base = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (!mask[i] || isnan(y[i]))
			continue;
		(*base)++;
		*W += d->w[i];
		Wy += d->w[i] * y[i];
	}
	*mean = *base ? Wy / *W : NAN;
}

int design_mean_difference(const struct design *d, struct design_work *w, const double *y,
			   const unsigned char *in_a, const unsigned char *in_b,
			   struct design_estimate *out, struct ky_error *err)
{
	double Wa, Wb, ma, mb;
	size_t na, nb;

	(void)err;
	work_rows(d, w);
	domain_mean(d, y, in_a, &Wa, &ma, &na);
	domain_mean(d, y, in_b, &Wb, &mb, &nb);
	out->base = na + nb;
	out->weight_total = Wa + Wb;
	out->deff = out->n_eff_kish = NAN;
	if (!na || !nb) {
		out->estimate = out->variance = out->std_error = out->df = NAN;
		return KY_OK;
	}
	unsigned char *both = ky_calloc(d->n ? d->n : 1, 1);
	for (size_t i = 0; i < d->n; i++) {
		both[i] = in_a[i] || in_b[i];
		w->z[i] = 0;
		if (isnan(y[i]))
			continue;
		if (in_b[i])
			w->z[i] = d->w[i] * (y[i] - mb) / Wb;
		else if (in_a[i])
			w->z[i] = -d->w[i] * (y[i] - ma) / Wa;
	}
	out->estimate = mb - ma;
	out->variance = variance_of_z(d, w, w->z);
	out->std_error = sqrt(out->variance);
	out->df = design_domain_df(d, w, both);
	free(both);
	return KY_OK;
}

int design_shares(const struct design *d, struct design_work *w, const size_t *code,
		  size_t n_codes, const unsigned char *in_domain, struct design_estimate *out,
		  struct ky_error *err)
{
	work_rows(d, w);
	for (size_t k = 0; k < n_codes; k++) {
		for (size_t i = 0; i < d->n; i++) {
			if ((in_domain && !in_domain[i]) || code[i] == SIZE_MAX)
				w->y[i] = NAN;
			else
				w->y[i] = code[i] == k;
		}
		int rc = design_mean(d, w, w->y, in_domain, &out[k], err);
		if (rc)
			return rc;
	}
	return KY_OK;
}

static const double *median_values;

static int cmp_by_value(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	if (median_values[a] != median_values[b])
		return median_values[a] < median_values[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Q(p): the smallest answer whose cumulative weight reaches p W. */
static double quantile_math(const double *y, const size_t *order, const double *cum,
			    size_t m, double p)
{
	double target = p * cum[m - 1];
	for (size_t r = 0; r < m; r++)
		if (cum[r] >= target)
			return y[order[r]];
	return y[order[m - 1]];
}

int design_median(const struct design *d, struct design_work *w, const double *y,
		  const unsigned char *in_domain, double level,
		  struct design_median_result *out, struct ky_error *err)
{
	size_t m = 0;
	struct design_estimate share;
	double q, t, lo_p, hi_p;
	int rc;

	work_rows(d, w);
	for (size_t i = 0; i < d->n; i++)
		if (!(in_domain && !in_domain[i]) && !isnan(y[i]))
			w->order[m++] = i;
	out->base = m;
	out->estimate = out->std_error = out->conf_low = out->conf_high = out->df = NAN;
	if (m == 0)
		return KY_OK;
	median_values = y;
	qsort(w->order, m, sizeof *w->order, cmp_by_value);
	double running = 0;
	for (size_t r = 0; r < m; r++) {
		running += d->w[w->order[r]];
		w->cum[r] = running;
	}
	q = quantile_math(y, w->order, w->cum, m, 0.5);
	for (size_t i = 0; i < d->n; i++)
		w->y[i] = isnan(y[i]) ? NAN : (y[i] <= q ? 1.0 : 0.0);
	rc = design_mean(d, w, w->y, in_domain, &share, err);
	if (rc)
		return rc;
	/* design_mean reused w->order? No: it only touches z, psu and strata. */
	t = interval_t(level, share.df);
	lo_p = share.estimate - t * share.std_error;
	hi_p = share.estimate + t * share.std_error;
	out->estimate = q;
	out->df = share.df;
	if (!isnan(lo_p) && lo_p >= 0)
		out->conf_low = quantile_math(y, w->order, w->cum, m, lo_p);
	if (!isnan(hi_p) && hi_p <= 1)
		out->conf_high = quantile_math(y, w->order, w->cum, m, hi_p);
	out->std_error = (out->conf_high - out->conf_low) / (2 * t);
	return KY_OK;
}

/* The covariance of k estimators from their PSU totals (n_psu x k):
 * sum_h factor_h sum_j (Z_hj - Zbar_h)(Z_hj - Zbar_h)', a lonely PSU
 * under "adjust" centred on the mean of all PSUs. */
static void psu_covariance(const struct design *d, const double *psu, size_t k, double *cov)
{
	double *centre = ky_calloc(d->n_strata * (k ? k : 1), sizeof *centre);
	size_t *count = ky_calloc(d->n_strata, sizeof *count);
	double *grand = ky_calloc(k ? k : 1, sizeof *grand);

	for (size_t j = 0; j < d->n_psu; j++) {
		size_t h = stratum_of(d, j);
		count[h]++;
		for (size_t v = 0; v < k; v++) {
			centre[h * k + v] += psu[j * k + v];
			grand[v] += psu[j * k + v];
		}
	}
	for (size_t v = 0; v < k; v++)
		grand[v] /= d->n_psu ? (double)d->n_psu : 1;
	for (size_t h = 0; h < d->n_strata; h++)
		for (size_t v = 0; v < k; v++)
			centre[h * k + v] = d->stratum_adjust[h] ? grand[v]
				: count[h] ? centre[h * k + v] / (double)count[h] : 0;
	memset(cov, 0, k * k * sizeof *cov);
	for (size_t j = 0; j < d->n_psu; j++) {
		size_t h = stratum_of(d, j);
		for (size_t a = 0; a < k; a++) {
			double da = psu[j * k + a] - centre[h * k + a];
			for (size_t b = 0; b < k; b++)
				cov[a * k + b] += d->stratum_factor[h] * da * (psu[j * k + b] - centre[h * k + b]);
		}
	}
	free(centre);
	free(count);
	free(grand);
}

int design_covariance(const struct design *d, const double *z, size_t k, double *cov,
		      struct ky_error *err)
{
	struct design_work *w = design_work_create(d);
	double *psu = ky_calloc((d->n_psu ? d->n_psu : 1) * (k ? k : 1), sizeof *psu);
	double *col = ky_calloc(d->n ? d->n : 1, sizeof *col);

	(void)err;
	for (size_t v = 0; v < k; v++) {
		for (size_t i = 0; i < d->n; i++)
			col[i] = z[i * k + v];
		calibrate_z(d, w, col);
		for (size_t i = 0; i < d->n; i++)
			psu[psu_of(d, i) * k + v] += col[i];
	}
	psu_covariance(d, psu, k, cov);
	free(psu);
	free(col);
	design_work_destroy(w);
	return KY_OK;
}

/* ---- influence values row by row (design_scores_*) ---- */

/* Post-stratified, the values are z_i - psw_i m_g(i) with m_g the
 * post-stratum g's sum of z over its sum of psw (calibrate_z): linear in
 * the sums, so they are kept as sums and the correction made at the end
 * (per PSU, or per stratum through sum psw z and sum psw^2). */
struct design_scores {
	const struct design *d;
	size_t k, groups;           /* groups: post-strata, 0 when not post-stratified */
	double *z;                  /* raked: n x k, for design_covariance */
	double *psu;                /* clusters: n_psu x k totals */
	double *s1, *s2;            /* every row its own PSU: per stratum sum z
				     * (k) and sum z z' (k x k, lower triangle) */
	double *g_sum;              /* post-strata: sum z (groups x k) */
	double *pz;                 /* post-strata, per stratum: sum psw z
				     * (n_strata x groups x k) */
	unsigned char *psu_mark, *stratum_mark;   /* PSUs and strata with rows */
	size_t psus, strata;
};

struct design_scores *design_scores_create(const struct design *d, size_t k)
{
	struct design_scores *s = ky_calloc(1, sizeof *s);
	size_t kk = k ? k : 1;

	s->d = d;
	s->k = k;
	if (d->calibration == CAL_RAKE) {
		s->z = ky_calloc((d->n ? d->n : 1) * kk, sizeof *s->z);
	} else if (d->moments) {
		s->s1 = ky_calloc(d->n_strata * kk, sizeof *s->s1);
		s->s2 = ky_calloc(d->n_strata * kk * kk, sizeof *s->s2);
	} else {
		s->psu = ky_calloc((d->n_psu ? d->n_psu : 1) * kk, sizeof *s->psu);
	}
	if (d->calibration == CAL_POSTSTRAT) {
		s->groups = d->margins[0].n_groups ? d->margins[0].n_groups : 1;
		s->g_sum = ky_calloc(s->groups * kk, sizeof *s->g_sum);
		if (d->moments)
			s->pz = ky_calloc(d->n_strata * s->groups * kk, sizeof *s->pz);
	}
	s->psu_mark = ky_calloc(d->n_psu ? d->n_psu : 1, 1);
	s->stratum_mark = ky_calloc(d->n_strata ? d->n_strata : 1, 1);
	return s;
}

void design_scores_add(struct design_scores *s, size_t i, const double *z)
{
	const struct design *d = s->d;
	size_t k = s->k, j = psu_of(d, i), h = stratum_of(d, j);

	s->psus += !s->psu_mark[j];
	s->strata += !s->stratum_mark[h];
	s->psu_mark[j] = s->stratum_mark[h] = 1;
	if (s->z) {
		memcpy(s->z + i * k, z, k * sizeof *z);
		return;
	}
	if (s->s1) {
		double *s1 = s->s1 + h * k, *s2 = s->s2 + h * k * k;
		for (size_t a = 0; a < k; a++) {
			s1[a] += z[a];
			for (size_t b = 0; b <= a; b++)
				s2[a * k + b] += z[a] * z[b];
		}
	} else {
		for (size_t a = 0; a < k; a++)
			s->psu[j * k + a] += z[a];
	}
	if (s->groups) {
		const struct cal_margin *m = &d->margins[0];
		size_t g = m->group[i];
		for (size_t a = 0; a < k; a++) {
			s->g_sum[g * k + a] += z[a];
			if (s->pz)
				s->pz[(h * s->groups + g) * k + a] += m->psw[i] * z[a];
		}
	}
}

/* Every row its own PSU: per stratum sum_j (z_j - c)(z_j - c)' =
 * S2 - c S1' - S1 c' + n_h c c' over its n_h rows (those outside the
 * domain add z = 0), c the stratum mean or, for a lonely PSU under
 * "adjust", the mean of all rows. */
static void moments_covariance(const struct design *d, size_t k, const double *all_s1,
			       const double *all_s2, double *cov)
{
	double *grand = ky_calloc(k + 1, sizeof *grand), *c = ky_calloc(k + 1, sizeof *c);

	for (size_t h = 0; h < d->n_strata; h++)
		for (size_t a = 0; a < k; a++)
			grand[a] += all_s1[h * k + a];
	for (size_t a = 0; a < k; a++)
		grand[a] /= d->n_psu ? (double)d->n_psu : 1;
	memset(cov, 0, k * k * sizeof *cov);
	for (size_t h = 0; h < d->n_strata; h++) {
		double nh = (double)d->stratum_npsu[h];
		const double *s1 = all_s1 + h * k, *s2 = all_s2 + h * k * k;
		if (nh <= 0)
			continue;
		for (size_t a = 0; a < k; a++)
			c[a] = d->stratum_adjust[h] ? grand[a] : s1[a] / nh;
		for (size_t a = 0; a < k; a++)
			for (size_t b = 0; b < k; b++)
				cov[a * k + b] += d->stratum_factor[h] *
					(s2[a >= b ? a * k + b : b * k + a] - c[a] * s1[b] - s1[a] * c[b] + nh * c[a] * c[b]);
	}
	free(grand);
	free(c);
}

/* m_g = sum z / sum psw per post-stratum (groups x k). */
static double *poststrat_means(const struct design_scores *s)
{
	const struct cal_margin *m = &s->d->margins[0];
	double *mean = ky_calloc(s->groups * s->k + 1, sizeof *mean);
	double *wsum = ky_calloc(s->groups, sizeof *wsum);

	for (size_t i = 0; i < s->d->n; i++)
		wsum[m->group[i]] += m->psw[i];
	for (size_t g = 0; g < s->groups; g++)
		for (size_t a = 0; a < s->k; a++)
			mean[g * s->k + a] = s->g_sum[g * s->k + a] / wsum[g];
	free(wsum);
	return mean;
}

/* The per-stratum sums of z - psw m_g and of its cross products (lower
 * triangle), from the raw sums, sum psw z, and sum psw, sum psw^2 per
 * stratum and post-stratum over every row of the design. */
static void poststrat_moments(const struct design_scores *s, const double *mean, double *s1,
			      double *s2)
{
	const struct design *d = s->d;
	const struct cal_margin *m = &d->margins[0];
	size_t k = s->k, G = s->groups;
	double *pw = ky_calloc(d->n_strata * G + 1, sizeof *pw), *pw2 = ky_calloc(d->n_strata * G + 1, sizeof *pw2);

	for (size_t i = 0; i < d->n; i++) {
		size_t c = stratum_of(d, psu_of(d, i)) * G + m->group[i];
		pw[c] += m->psw[i];
		pw2[c] += m->psw[i] * m->psw[i];
	}
	memcpy(s1, s->s1, d->n_strata * k * sizeof *s1);
	memcpy(s2, s->s2, d->n_strata * k * k * sizeof *s2);
	for (size_t h = 0; h < d->n_strata; h++)
		for (size_t g = 0; g < G; g++) {
			const double *mg = mean + g * k, *pz = s->pz + (h * G + g) * k;
			double p1 = pw[h * G + g], p2 = pw2[h * G + g];
			for (size_t a = 0; a < k; a++) {
				s1[h * k + a] -= p1 * mg[a];
				for (size_t b = 0; b <= a; b++)
					s2[(h * k + a) * k + b] += p2 * mg[a] * mg[b] - pz[a] * mg[b] - mg[a] * pz[b];
			}
		}
	free(pw);
	free(pw2);
}

static void poststrat_covariance(const struct design_scores *s, double *cov)
{
	const struct design *d = s->d;
	const struct cal_margin *m = &d->margins[0];
	size_t k = s->k;
	double *mean = poststrat_means(s);

	if (s->s1) {
		double *s1 = ky_calloc(d->n_strata * k + 1, sizeof *s1);
		double *s2 = ky_calloc(d->n_strata * k * k + 1, sizeof *s2);
		poststrat_moments(s, mean, s1, s2);
		moments_covariance(d, k, s1, s2, cov);
		free(s1);
		free(s2);
	} else {
		double *psu = ky_calloc((d->n_psu ? d->n_psu : 1) * (k ? k : 1), sizeof *psu);
		memcpy(psu, s->psu, d->n_psu * k * sizeof *psu);
		for (size_t i = 0; i < d->n; i++)
			for (size_t a = 0; a < k; a++)
				psu[psu_of(d, i) * k + a] -= m->psw[i] * mean[m->group[i] * k + a];
		psu_covariance(d, psu, k, cov);
		free(psu);
	}
	free(mean);
}

int design_scores_covariance(const struct design_scores *s, double *cov, double *df,
			     struct ky_error *err)
{
	*df = (double)s->psus - (double)s->strata;
	if (s->z)
		return design_covariance(s->d, s->z, s->k, cov, err);
	if (s->groups)
		poststrat_covariance(s, cov);
	else if (s->s1)
		moments_covariance(s->d, s->k, s->s1, s->s2, cov);
	else
		psu_covariance(s->d, s->psu, s->k, cov);
	return KY_OK;
}

void design_scores_destroy(struct design_scores *s)
{
	if (!s)
		return;
	free(s->z);
	free(s->psu);
	free(s->s1);
	free(s->s2);
	free(s->g_sum);
	free(s->pz);
	free(s->psu_mark);
	free(s->stratum_mark);
	free(s);
}

/* The k-th smallest (0-based) of values[lo..hi], partially reordering
 * them (Hoare selection): medians of a million answers need no sort. */
static double select_kth(double *v, size_t lo, size_t hi, size_t k)
{
	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

void design_srs_median(double *values, size_t n, double level, double *estimate,
		       double *low, double *high)
{
	*estimate = *low = *high = NAN;
	if (n == 0)
		return;
	double upper = select_kth(values, 0, n - 1, n / 2);
	*estimate = n % 2 ? upper : (select_kth(values, 0, n - 1, n / 2 - 1) + upper) / 2;
	size_t k = interval_median_rank(n, level);
	if (k >= 1) {
		*low = select_kth(values, 0, n - 1, k - 1);
		*high = select_kth(values, 0, n - 1, n - k);
	}
}

/* ---- the streaming path ---- */

/* Layout of struct design_sums: cell = g * units + u; value slot =
 * cell * K + k. Counts-only sums (no design) keep rows and swy. */
void design_sums_init(struct design_sums *s, const struct design *d, size_t K, size_t groups,
		      bool indicator)
{
	memset(s, 0, sizeof *s);
	s->K = K;
	s->groups = groups;
	s->indicator = indicator;
	s->moments = !d || d->moments;
	s->units = !d ? 1 : s->moments ? d->n_strata : d->n_psu;
	size_t gu = groups * s->units + 1, guk = groups * s->units * K + 1;
	s->rows = ky_calloc(gu, sizeof *s->rows);
	s->swy = ky_calloc(guk, sizeof *s->swy);
	if (!d)
		return;
	s->sw = ky_calloc(gu, sizeof *s->sw);
	s->sw2 = ky_calloc(gu, sizeof *s->sw2);
	s->sw2y = ky_calloc(guk, sizeof *s->sw2y);
	if (!indicator) {
		s->swy2 = ky_calloc(guk, sizeof *s->swy2);
		s->sw2y2 = ky_calloc(guk, sizeof *s->sw2y2);
	}
}

void design_sums_release(struct design_sums *s)
{
	free(s->sw);
	free(s->sw2);
	free(s->rows);
	free(s->swy);
	free(s->sw2y);
	free(s->swy2);
	free(s->sw2y2);
	memset(s, 0, sizeof *s);
}

size_t design_sums_unit_of_row(const struct design *d, const struct design_sums *s, size_t i)
{
	if (!d)
		return 0;
	return s->moments ? stratum_of(d, psu_of(d, i)) : psu_of(d, i);
}

/* Pass one for one row: weight wi into cell (g, u); value y for slot k
 * (for 0/1 values only the chosen k is touched). */
static void stream_add_row(struct design_sums *s, size_t g, size_t u, double wi)
{
	size_t cell = g * s->units + u;
	s->sw[cell] += wi;
	s->sw2[cell] += wi * wi;
	s->rows[cell] += 1;
}

static void stream_add_value(struct design_sums *s, size_t g, size_t u, size_t k, double wi, double y)
{
	size_t at = (g * s->units + u) * s->K + k;
	s->swy[at] += wi * y;
	s->sw2y[at] += wi * wi * y;
	if (!s->indicator) {
		s->swy2[at] += wi * y * y;
		s->sw2y2[at] += wi * wi * y * y;
	}
}

static double *copy_doubles(const double *src, size_t n)
{
	if (!src)
		return NULL;
	double *dst = ky_calloc(n + 1, sizeof *dst);
	memcpy(dst, src, n * sizeof *dst);
	return dst;
}

void design_sums_of_values(const struct design_sums *cat, const double *value,
			   struct design_sums *out)
{
	size_t cells = cat->groups * cat->units, K = cat->K;
	bool weighted = cat->sw != NULL;

	memset(out, 0, sizeof *out);
	out->K = 1;
	out->groups = cat->groups;
	out->units = cat->units;
	out->moments = cat->moments;
	/* every level has a value: the rows and weights are the question's */
	out->rows = copy_doubles(cat->rows, cells);
	out->sw = copy_doubles(cat->sw, cells);
	out->sw2 = copy_doubles(cat->sw2, cells);
	out->swy = ky_calloc(cells + 1, sizeof *out->swy);
	out->swy2 = ky_calloc(cells + 1, sizeof *out->swy2);
	if (weighted) {
		out->sw2y = ky_calloc(cells + 1, sizeof *out->sw2y);
		out->sw2y2 = ky_calloc(cells + 1, sizeof *out->sw2y2);
	}
	for (size_t c = 0; c < cells; c++) {
		for (size_t k = 0; k < K; k++) {
			double v = value[k], hit = cat->swy[c * K + k];
			out->swy[c] += v * hit;
			out->swy2[c] += v * v * hit;
			if (weighted) {
				out->sw2y[c] += v * cat->sw2y[c * K + k];
				out->sw2y2[c] += v * v * cat->sw2y[c * K + k];
			}
		}
	}
}

/* Pass two for value k of group g. */
void design_sums_estimate(const struct design *d, struct design_work *w,
			  const struct design_sums *s, size_t g, size_t k,
			  struct design_estimate *out)
{
	size_t U = s->units, K = s->K, psus = 0, strata = 0;
	double W = 0, W2 = 0, Wy = 0, Wy2 = 0, base = 0, mean, v = 0;

	for (size_t u = 0; u < U; u++) {
		size_t cell = g * U + u, at = cell * K + k;
		W += s->sw[cell];
		W2 += s->sw2[cell];
		base += s->rows[cell];
		Wy += s->swy[at];
		Wy2 += s->indicator ? s->swy[at] : s->swy2[at];
	}
	out->base = (size_t)base;
	out->weight_total = W;
	if (base == 0) {
		out->estimate = out->variance = out->std_error = out->df = NAN;
		out->deff = out->n_eff_kish = NAN;
		return;
	}
	mean = Wy / W;
	if (s->moments) {
		for (size_t h = 0; h < U; h++) {
			size_t cell = g * U + h, at = cell * K + k;
			if (s->rows[cell] > 0) {
				psus += (size_t)s->rows[cell];
				strata++;
			}
			double nh = (double)d->stratum_npsu[h];
			if (nh <= 0)
				continue;
			/* z_i = w_i (y_i - mean) / W in the domain, 0 elsewhere */
			double a = (s->swy[at] - mean * s->sw[cell]) / W;
			double w2y2 = s->indicator ? s->sw2y[at] : s->sw2y2[at];
			double b = (w2y2 - 2 * mean * s->sw2y[at] + mean * mean * s->sw2[cell]) / (W * W);
			double dev = d->stratum_adjust[h] ? b : b - a * a / nh;
			v += d->stratum_factor[h] * (dev > 0 ? dev : 0);
		}
	} else {
		memset(w->stratum_mark, 0, d->n_strata);
		work_psus(d, w);
		for (size_t j = 0; j < U; j++) {
			size_t cell = g * U + j;
			w->psu_sum[j] = (s->swy[cell * K + k] - mean * s->sw[cell]) / W;
			if (s->rows[cell] > 0) {
				psus++;
				if (!w->stratum_mark[stratum_of(d, j)]) {
					w->stratum_mark[stratum_of(d, j)] = 1;
					strata++;
				}
			}
		}
		v = psu_variance(d, w, w->psu_sum);
	}
	out->estimate = mean;
	out->variance = v;
	out->std_error = sqrt(v);
	out->df = (double)psus - (double)strata;
	out->n_eff_kish = W * W / W2;
	out->deff = NAN;
	if (base > 1) {
		double ss = Wy2 - 2 * mean * Wy + mean * mean * W;
		double s2 = base / (base - 1) * ss / W, v_srs = s2 * (W - base) / (W * base);
		if (v_srs > 0)
			out->deff = v / v_srs;
	}
}

int design_shares_by_group(const struct design *d, struct design_work *w,
			   const size_t *code, size_t n_codes, const int32_t *group,
			   size_t n_groups, struct design_estimate *out, struct ky_error *err)
{
	struct design_sums s;

	if (d->calibration != CAL_NONE)
		return ky_error_set(err, KY_EUSAGE, "the streaming path does not handle calibrated designs");
	design_sums_init(&s, d, n_codes, n_groups, true);
	for (size_t i = 0; i < d->n; i++) {
		if (code[i] == SIZE_MAX || (group && group[i] < 0))
			continue;
		size_t g = group ? (size_t)group[i] : 0, u = design_sums_unit_of_row(d, &s, i);
		stream_add_row(&s, g, u, d->w[i]);
		if (code[i] < n_codes)
			stream_add_value(&s, g, u, code[i], d->w[i], 1.0);
	}
	for (size_t g = 0; g < n_groups; g++)
		for (size_t k = 0; k < n_codes; k++)
			design_sums_estimate(d, w, &s, g, k, &out[g * n_codes + k]);
	design_sums_release(&s);
	return KY_OK;
}

int design_means_by_group(const struct design *d, struct design_work *w,
			  const double *y, const int32_t *group, size_t n_groups,
			  struct design_estimate *out, struct ky_error *err)
{
	struct design_sums s;

	if (d->calibration != CAL_NONE)
		return ky_error_set(err, KY_EUSAGE, "the streaming path does not handle calibrated designs");
	design_sums_init(&s, d, 1, n_groups, false);
	for (size_t i = 0; i < d->n; i++) {
		if (isnan(y[i]) || (group && group[i] < 0))
			continue;
		size_t g = group ? (size_t)group[i] : 0, u = design_sums_unit_of_row(d, &s, i);
		stream_add_row(&s, g, u, d->w[i]);
		stream_add_value(&s, g, u, 0, d->w[i], y[i]);
	}
	for (size_t g = 0; g < n_groups; g++)
		design_sums_estimate(d, w, &s, g, 0, &out[g]);
	design_sums_release(&s);
	return KY_OK;
}

/* The covariance of k cell shares from per-unit sums (S = sum w, Sc =
 * sum w 1[c]; in the moment form also T = sum w^2, Tc): the streaming part
 * of design_cell_covariance(). */
static void cell_covariance_units(const struct design *d, bool moments, size_t units,
				  const double *S, const double *Sc, const double *T,
				  const double *Tc, const double *share, size_t k, double W,
				  double *cov)
{
	double *z = ky_calloc(k + 1, sizeof *z), *zbar = ky_calloc(k * d->n_strata + 1, sizeof *zbar);

	if (moments) {
		for (size_t h = 0; h < units; h++) {
			double nh = (double)d->stratum_npsu[h], f = d->stratum_factor[h];
			if (nh <= 0 || f == 0)
				continue;
			for (size_t a = 0; a < k; a++)
				z[a] = (Sc[h * k + a] - share[a] * S[h]) / W;
			for (size_t a = 0; a < k; a++) {
				for (size_t b = 0; b < k; b++) {
					double zz = ((a == b ? Tc[h * k + a] : 0) - share[b] * Tc[h * k + a]
						     - share[a] * Tc[h * k + b] + share[a] * share[b] * T[h]) / (W * W);
					if (!d->stratum_adjust[h])
						zz -= z[a] * z[b] / nh;
					cov[a * k + b] += f * zz;
				}
			}
		}
	} else {
		size_t *count = ky_calloc(d->n_strata, sizeof *count);
		for (size_t j = 0; j < units; j++) {
			size_t h = stratum_of(d, j);
			count[h]++;
			for (size_t a = 0; a < k; a++)
				zbar[h * k + a] += (Sc[j * k + a] - share[a] * S[j]) / W;
		}
		for (size_t h = 0; h < d->n_strata; h++)
			for (size_t a = 0; a < k; a++)
				zbar[h * k + a] = d->stratum_adjust[h] ? 0 : count[h] ? zbar[h * k + a] / (double)count[h] : 0;
		for (size_t j = 0; j < units; j++) {
			size_t h = stratum_of(d, j);
			for (size_t a = 0; a < k; a++)
				z[a] = (Sc[j * k + a] - share[a] * S[j]) / W - zbar[h * k + a];
			for (size_t a = 0; a < k; a++)
				for (size_t b = 0; b < k; b++)
					cov[a * k + b] += d->stratum_factor[h] * z[a] * z[b];
		}
		free(count);
	}
	free(z);
	free(zbar);
}

int design_cell_covariance(const struct design *d, struct design_work *w, const size_t *cell,
			   size_t k, double *share, double *cov, double *df, struct ky_error *err)
{
	unsigned char *mask = ky_calloc(d->n + 1, 1);
	double W = 0;
	int rc = KY_OK;

	memset(share, 0, k * sizeof *share);
	for (size_t i = 0; i < d->n; i++) {
		if (cell[i] >= k)
			continue;
		mask[i] = 1;
		share[cell[i]] += d->w[i];
		W += d->w[i];
	}
	*df = design_domain_df(d, w, mask);
	if (W > 0)
		for (size_t c = 0; c < k; c++)
			share[c] /= W;
	memset(cov, 0, k * k * sizeof *cov);
	if (W <= 0)
		goto out;
	if (d->calibration != CAL_NONE) {
		double *z = ky_calloc(d->n * k + 1, sizeof *z);
		for (size_t i = 0; i < d->n; i++)
			if (mask[i])
				for (size_t c = 0; c < k; c++)
					z[i * k + c] = d->w[i] * ((cell[i] == c) - share[c]) / W;
		rc = design_covariance(d, z, k, cov, err);
		free(z);
		goto out;
	}
	bool moments = d->moments;
	size_t units = moments ? d->n_strata : d->n_psu;
	/* per unit: S = sum w, S_c = sum w 1[c]; moment form also T = sum w^2, T_c */
	double *S = ky_calloc(units + 1, sizeof *S), *Sc = ky_calloc(units * k + 1, sizeof *Sc);
	double *T = ky_calloc(units + 1, sizeof *T), *Tc = ky_calloc(units * k + 1, sizeof *Tc);
	for (size_t i = 0; i < d->n; i++) {
		if (!mask[i])
			continue;
		size_t u = moments ? stratum_of(d, psu_of(d, i)) : psu_of(d, i);
		S[u] += d->w[i];
		Sc[u * k + cell[i]] += d->w[i];
		T[u] += d->w[i] * d->w[i];
		Tc[u * k + cell[i]] += d->w[i] * d->w[i];
	}
	cell_covariance_units(d, moments, units, S, Sc, T, Tc, share, k, W, cov);
	free(S);
	free(Sc);
	free(T);
	free(Tc);
out:
	free(mask);
	return rc;
}

/* Pass-two counterpart of design_domain_df(): PSUs and strata holding
 * rows of groups 0..n_groups-1 in the sums. */
static double sums_domain_df(const struct design *d, const struct design_sums *s, size_t n_groups)
{
	size_t psus = 0, strata = 0;
	unsigned char *seen = ky_calloc(d->n_strata + 1, 1);

	for (size_t u = 0; u < s->units; u++) {
		double rows = 0;
		for (size_t g = 0; g < n_groups; g++)
			rows += s->rows[g * s->units + u];
		if (rows <= 0)
			continue;
		size_t h = s->moments ? u : stratum_of(d, u);
		psus += s->moments ? (size_t)rows : 1;
		if (!seen[h]) {
			seen[h] = 1;
			strata++;
		}
	}
	free(seen);
	return (double)psus - (double)strata;
}

int design_sums_cell_covariance(const struct design *d, const struct design_sums *s,
				size_t n_groups, double *share, double *cov, double *df,
				struct ky_error *err)
{
	size_t K = s->K, k = K * n_groups, units = s->units;
	double W = 0;

	if (d->calibration != CAL_NONE || !s->indicator)
		return ky_error_set(err, KY_EUSAGE, "cell covariance from sums needs an uncalibrated design and 0/1 sums");
	memset(share, 0, k * sizeof *share);
	memset(cov, 0, k * k * sizeof *cov);
	double *S = ky_calloc(units + 1, sizeof *S), *Sc = ky_calloc(units * k + 1, sizeof *Sc);
	double *T = ky_calloc(units + 1, sizeof *T), *Tc = ky_calloc(units * k + 1, sizeof *Tc);
	for (size_t u = 0; u < units; u++) {
		for (size_t g = 0; g < n_groups; g++) {
			size_t cell = g * units + u;
			S[u] += s->sw[cell];
			T[u] += s->sw2[cell];
			for (size_t lv = 0; lv < K; lv++) {
				size_t c = lv + K * g;
				Sc[u * k + c] = s->swy[cell * K + lv];
				Tc[u * k + c] = s->sw2y[cell * K + lv];
				share[c] += s->swy[cell * K + lv];
			}
		}
		W += S[u];
	}
	*df = sums_domain_df(d, s, n_groups);
	if (W > 0) {
		for (size_t c = 0; c < k; c++)
			share[c] /= W;
		cell_covariance_units(d, s->moments, units, S, Sc, T, Tc, share, k, W, cov);
	}
	free(S);
	free(Sc);
	free(T);
	free(Tc);
	return KY_OK;
}

/* The value of order statistic j (0-based) of a histogram. */
static double histogram_kth(const double *value, const double *count, size_t K, double j)
{
	double cum = 0;
	for (size_t k = 0; k < K; k++) {
		cum += count[k];
		if (cum > j)
			return value[k];
	}
	return K ? value[K - 1] : NAN;
}

void design_srs_median_of_counts(const double *value, const double *count, size_t K,
				 double level, double *estimate, double *low, double *high)
{
	double n = 0;

	for (size_t k = 0; k < K; k++)
		n += count[k];
	*estimate = *low = *high = NAN;
	if (n <= 0)
		return;
	size_t m = (size_t)n;
	double upper = histogram_kth(value, count, K, (double)(m / 2));
	*estimate = m % 2 ? upper : (histogram_kth(value, count, K, (double)(m / 2 - 1)) + upper) / 2;
	size_t k = interval_median_rank(m, level);
	if (k >= 1) {
		*low = histogram_kth(value, count, K, (double)(k - 1));
		*high = histogram_kth(value, count, K, (double)(m - k));
	}
}

/* Q(p) of a weighted histogram: the smallest value whose cumulative
 * weight reaches p W (quantile_math over the rows). */
static double histogram_quantile(const double *value, const double *cum, size_t K, double p)
{
	double target = p * cum[K - 1];
	for (size_t k = 0; k < K; k++)
		if (cum[k] >= target)
			return value[k];
	return value[K - 1];
}

int design_sums_median(const struct design *d, struct design_work *w, const struct design_sums *s,
		       const double *value, size_t g, double level,
		       struct design_median_result *out, struct ky_error *err)
{
	size_t K = s->K, U = s->units, kq = 0;
	double rows = 0, *cum = ky_calloc(K + 1, sizeof *cum);
	struct design_sums below;
	struct design_estimate share;

	(void)err;
	out->estimate = out->std_error = out->conf_low = out->conf_high = out->df = NAN;
	for (size_t u = 0; u < U; u++)
		rows += s->rows[g * U + u];
	out->base = (size_t)rows;
	if (rows <= 0 || K == 0) {
		free(cum);
		return KY_OK;
	}
	for (size_t k = 0; k < K; k++) {
		double wk = 0;
		for (size_t u = 0; u < U; u++)
			wk += s->swy[(g * U + u) * K + k];
		cum[k] = (k ? cum[k - 1] : 0) + wk;
	}
	double q = histogram_quantile(value, cum, K, 0.5);
	while (kq + 1 < K && value[kq] < q)
		kq++;
	/* the share of answers <= q, as design_mean() of the indicator */
	design_sums_init(&below, d, 1, 1, true);
	for (size_t u = 0; u < below.units; u++) {
		size_t cell = g * U + u;
		below.rows[u] = s->rows[cell];
		below.sw[u] = s->sw[cell];
		below.sw2[u] = s->sw2[cell];
		for (size_t k = 0; k <= kq; k++) {
			below.swy[u] += s->swy[cell * K + k];
			below.sw2y[u] += s->sw2y[cell * K + k];
		}
	}
	design_sums_estimate(d, w, &below, 0, 0, &share);
	design_sums_release(&below);
	double t = interval_t(level, share.df);
	double lo_p = share.estimate - t * share.std_error, hi_p = share.estimate + t * share.std_error;
	out->estimate = q;
	out->df = share.df;
	if (!isnan(lo_p) && lo_p >= 0)
		out->conf_low = histogram_quantile(value, cum, K, lo_p);
	if (!isnan(hi_p) && hi_p <= 1)
		out->conf_high = histogram_quantile(value, cum, K, hi_p);
	out->std_error = (out->conf_high - out->conf_low) / (2 * t);
	free(cum);
	return KY_OK;
}
