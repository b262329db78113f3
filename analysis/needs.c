/* needs.c - top-two-box counts, the Borich needs model with a seeded
 * percentile bootstrap, and ranking. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "analysis/needs.h"
#include "util/mem.h"

int needs_top_two_box(const double *values, size_t n, int points,
		      size_t *chosen, size_t *answered, struct ky_error *err)
{
	size_t i;

	if (!chosen || !answered || (!values && n > 0))
		return ky_error_set(err, KY_EINPUT, "top-two-box: no data");
	if (points < 2)
		return ky_error_set(err, KY_EINPUT,
				    "top-two-box: a scale of %d points", points);
	*chosen = *answered = 0;
	for (i = 0; i < n; i++) {
		if (isnan(values[i]))
			continue;
		(*answered)++;
		if (values[i] >= points - 1)
			(*chosen)++;
	}
	return KY_OK;
}

void needs_borich_options_default(struct needs_borich_options *opt)
{
	opt->level = 0.95;
	opt->resamples = 2000;
	opt->seed = 20240601;
}

void needs_rank(const double *score, size_t n, size_t *rank)
{
	size_t a, b;

	for (a = 0; a < n; a++) {
		rank[a] = 0;
		if (isnan(score[a]))
			continue;
		rank[a] = 1;
		for (b = 0; b < n; b++)
			if (!isnan(score[b]) && score[b] > score[a])
				rank[a]++;
	}
}

/* Per-topic sums over the rows listed in pick (count rows) */
struct borich_sums {
	double importance, competence;
	size_t n;
};

static void borich_accumulate(const double *importance, const double *competence,
			      size_t topics, const size_t *pick, size_t count,
			      struct borich_sums *sums)
{
	size_t i, t;

	memset(sums, 0, topics * sizeof *sums);
	for (i = 0; i < count; i++) {
		const double *imp = importance + pick[i] * topics;
		const double *comp = competence + pick[i] * topics;
		for (t = 0; t < topics; t++) {
			if (isnan(imp[t]) || isnan(comp[t]))
				continue;
			sums[t].importance += imp[t];
			sums[t].competence += comp[t];
			sums[t].n++;
		}
	}
}

static double borich_mwds(const struct borich_sums *s)
{
	double mi, mc;

	if (s->n == 0)
		return NAN;
	mi = s->importance / (double)s->n;
	mc = s->competence / (double)s->n;
	return (mi - mc) * mi;
}

/* One distinct (importance, competence) answer pair of a topic and how
 * many respondents gave it. */
struct borich_pair {
	double importance, competence;
	unsigned int count;
};

static int pair_order(const void *pa, const void *pb)
{
	const struct borich_pair *a = pa, *b = pb;
	if (a->importance != b->importance)
		return a->importance < b->importance ? -1 : 1;
	if (a->competence != b->competence)
		return a->competence < b->competence ? -1 : 1;
	return 0;
}

/* The distinct answer pairs of a topic, counted in a hash table of the
 * pairs seen and then sorted by pair_order: a topic's answers take a few
 * values, and sorting every respondent's pair took two fifths of an
 * analysis of a million respondents. */
struct pair_table {
	struct borich_pair *pair;
	size_t n, cap;
	size_t *slot;              /* pair + 1, 0 empty */
	size_t mask;
};

static size_t pair_slot(const struct pair_table *pt, double importance, double competence)
{
	uint64_t x, y;
	memcpy(&x, &importance, sizeof x);
	memcpy(&y, &competence, sizeof y);
	size_t at = (size_t)(((x ^ (y * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL) >> 32);
	for (at &= pt->mask; pt->slot[at]; at = (at + 1) & pt->mask) {
		const struct borich_pair *p = &pt->pair[pt->slot[at] - 1];
		if (p->importance == importance && p->competence == competence)
			break;
	}
	return at;
}

static void pair_table_grow(struct pair_table *pt)
{
	free(pt->slot);
	pt->mask = pt->mask * 2 + 1;
	pt->slot = ky_calloc(pt->mask + 1, sizeof *pt->slot);
	for (size_t k = 0; k < pt->n; k++)
		pt->slot[pair_slot(pt, pt->pair[k].importance, pt->pair[k].competence)] = k + 1;
}

/* *valid gets the respondents with both answers. */
static struct borich_pair *distinct_pairs(const double *importance, const double *competence,
					  size_t respondents, size_t topics, size_t t,
					  size_t *n_pairs, size_t *valid)
{
	struct pair_table pt = { .cap = 16, .mask = 63 };

	pt.pair = ky_calloc(pt.cap, sizeof *pt.pair);
	pt.slot = ky_calloc(pt.mask + 1, sizeof *pt.slot);
	*valid = 0;
	for (size_t i = 0; i < respondents; i++) {
		/* + 0.0: -0 and 0 are one answer, as pair_order has them */
		double imp = importance[i * topics + t] + 0.0, comp = competence[i * topics + t] + 0.0;
		if (isnan(imp) || isnan(comp))
			continue;
		++*valid;
		size_t at = pair_slot(&pt, imp, comp);
		if (pt.slot[at]) {
			pt.pair[pt.slot[at] - 1].count++;
			continue;
		}
		if (pt.n == pt.cap)
			pt.pair = ky_reallocarray(pt.pair, pt.cap *= 2, sizeof *pt.pair);
		pt.pair[pt.n] = (struct borich_pair){ imp, comp, 1 };
		pt.slot[at] = ++pt.n;
		if (2 * pt.n > pt.mask)
			pair_table_grow(&pt);
	}
	free(pt.slot);
	qsort(pt.pair, pt.n, sizeof *pt.pair, pair_order);
	*n_pairs = pt.n;
	return pt.pair;
}

/* The bootstrap replicates of one topic's MWDS. Drawing n respondents with
 * replacement gives, for this topic, multinomial counts over its distinct
 * answer pairs (and "no pair"); drawing those counts directly has exactly
 * the same distribution and costs O(pairs) per resample instead of O(n)
 * (a 1-5 by 1-5 item pair has at most 25). Returns how many replicates
 * were defined (a resample with no complete pair is left out). */
static size_t borich_bootstrap_topic(const double *importance, const double *competence,
				     size_t respondents, size_t topics, size_t t,
				     size_t resamples, gsl_rng *rng, double *out)
{
	size_t k, n_pairs, valid, kept = 0, b;
	struct borich_pair *pairs = distinct_pairs(importance, competence, respondents, topics, t,
						   &n_pairs, &valid);
	double *prob;
	unsigned int *draw;

	prob = ky_calloc(n_pairs + 1, sizeof *prob);
	draw = ky_calloc(n_pairs + 1, sizeof *draw);
	for (k = 0; k < n_pairs; k++)
		prob[k] = (double)pairs[k].count;
	prob[n_pairs] = (double)(respondents - valid);   /* respondents without a pair */
	for (b = 0; b < resamples && valid > 0; b++) {
		struct borich_sums sums = {0};
		double v;
		gsl_ran_multinomial(rng, n_pairs + 1, (unsigned int)respondents, prob, draw);
		for (k = 0; k < n_pairs; k++) {
			sums.importance += draw[k] * pairs[k].importance;
			sums.competence += draw[k] * pairs[k].competence;
			sums.n += draw[k];
		}
		v = borich_mwds(&sums);
		if (!isnan(v))
			out[kept++] = v;
	}
	free(draw);
	free(prob);
	free(pairs);
	return kept;
}

int needs_borich(const double *importance, const double *competence,
		 size_t respondents, size_t topics,
		 const struct needs_borich_options *opt,
		 struct needs_borich_topic *out, struct ky_error *err)
{
	struct needs_borich_options defaults;
	struct borich_sums *sums;
	size_t *pick, *kept, *rank, i, t;
	double *boot, *mwds;
	gsl_rng *rng;

	if (!opt) {
		needs_borich_options_default(&defaults);
		opt = &defaults;
	}
	if (!out || (respondents > 0 && (!importance || !competence)))
		return ky_error_set(err, KY_EINPUT, "borich: no data");
	if (topics == 0)
		return KY_OK;
	if (!(opt->level > 0 && opt->level < 1))
		return ky_error_set(err, KY_EINPUT,
				    "borich: confidence level %g outside (0, 1)", opt->level);
	if (opt->resamples < 2)
		return ky_error_set(err, KY_EINPUT,
				    "borich: %zu bootstrap resamples are too few", opt->resamples);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		ky_out_of_memory(sizeof(gsl_rng));
	gsl_rng_set(rng, opt->seed);

	sums = ky_calloc(topics, sizeof *sums);
	pick = ky_calloc(respondents ? respondents : 1, sizeof *pick);
	for (i = 0; i < respondents; i++)
		pick[i] = i;
	borich_accumulate(importance, competence, topics, pick, respondents, sums);
	mwds = ky_calloc(topics, sizeof *mwds);
	for (t = 0; t < topics; t++) {
		out[t].n = sums[t].n;
		out[t].mean_importance = sums[t].n ? sums[t].importance / (double)sums[t].n : NAN;
		out[t].mean_competence = sums[t].n ? sums[t].competence / (double)sums[t].n : NAN;
		out[t].mean_discrepancy = out[t].mean_importance - out[t].mean_competence;
		out[t].mwds = mwds[t] = borich_mwds(&sums[t]);
		out[t].conf_low = out[t].conf_high = NAN;
	}
	rank = ky_calloc(topics, sizeof *rank);
	needs_rank(mwds, topics, rank);
	for (t = 0; t < topics; t++)
		out[t].rank = rank[t];
	free(rank);

	/* topic-major so that each topic's replicates sort in place */
	boot = ky_calloc(topics * opt->resamples, sizeof *boot);
	kept = ky_calloc(topics, sizeof *kept);
	for (t = 0; t < topics && respondents > 0; t++)
		kept[t] = borich_bootstrap_topic(importance, competence, respondents, topics, t,
						 opt->resamples, rng, boot + t * opt->resamples);
	for (t = 0; t < topics; t++) {
		double *v = boot + t * opt->resamples, tail = (1 - opt->level) / 2;
		if (out[t].n < 2 || kept[t] < 2)
			continue;
		gsl_sort(v, 1, kept[t]);
		out[t].conf_low = gsl_stats_quantile_from_sorted_data(v, 1, kept[t], tail);
		out[t].conf_high = gsl_stats_quantile_from_sorted_data(v, 1, kept[t], 1 - tail);
	}
	free(boot);
	free(kept);
	free(mwds);
	free(sums);
	free(pick);
	gsl_rng_free(rng);
	return KY_OK;
}

/* ---- under a design: PSUs resampled within strata ---- */

/* One PSU's weighted sums for a topic; identical ones of a stratum merge. */
struct borich_unit {
	size_t stratum;
	double w, wi, wc;         /* sum of w, w * importance, w * competence */
	unsigned int count;
};

static int unit_order(const void *pa, const void *pb)
{
	const struct borich_unit *a = pa, *b = pb;
	if (a->stratum != b->stratum)
		return a->stratum < b->stratum ? -1 : 1;
	if (a->w != b->w)
		return a->w < b->w ? -1 : 1;
	if (a->wi != b->wi)
		return a->wi < b->wi ? -1 : 1;
	if (a->wc != b->wc)
		return a->wc < b->wc ? -1 : 1;
	return 0;
}

static double unit_mwds(double w, double wi, double wc)
{
	if (!(w > 0))
		return NAN;
	return (wi / w - wc / w) * (wi / w);
}

/* Topic t's units: the PSUs of the rows (local codes 0..units-1 in
 * local[]), merged when equal; returns how many distinct. */
static size_t borich_units(const double *importance, const double *competence, size_t rows,
			   size_t topics, size_t t, const struct needs_design *dsg,
			   const size_t *local, size_t units, const size_t *unit_stratum,
			   struct borich_unit *u)
{
	size_t k = 0;

	for (size_t j = 0; j < units; j++)
		u[j] = (struct borich_unit){ unit_stratum[j], 0, 0, 0, 1 };
	for (size_t i = 0; i < rows; i++) {
		double imp = importance[i * topics + t], comp = competence[i * topics + t];
		if (isnan(imp) || isnan(comp))
			continue;
		struct borich_unit *x = &u[local[dsg->psu[i]]];
		x->w += dsg->weight[i];
		x->wi += dsg->weight[i] * imp;
		x->wc += dsg->weight[i] * comp;
	}
	qsort(u, units, sizeof *u, unit_order);
	for (size_t j = 0; j < units; j++) {
		if (k && !unit_order(&u[k - 1], &u[j]))
			u[k - 1].count++;
		else
			u[k++] = u[j];
	}
	return k;
}

/* One bootstrap replicate as survey's bootweights: in a stratum of n_h
 * PSUs, n_h - 1 drawn with replacement, each weighted n_h / (n_h - 1); a
 * stratum of one PSU kept as it is. */
static double borich_design_replicate(const struct borich_unit *u, size_t k, const size_t *npsu,
				      gsl_rng *rng, double *prob, unsigned int *draw)
{
	double w = 0, wi = 0, wc = 0;

	for (size_t a = 0; a < k;) {
		size_t b = a, h = u[a].stratum;
		while (b < k && u[b].stratum == h)
			b++;
		double nh = (double)npsu[h], f = nh > 1 ? nh / (nh - 1) : 1;
		for (size_t j = a; j < b; j++) {
			prob[j - a] = u[j].count;
			draw[j - a] = u[j].count;
		}
		if (nh > 1)
			gsl_ran_multinomial(rng, b - a, (unsigned int)(npsu[h] - 1), prob, draw);
		for (size_t j = a; j < b; j++) {
			w += f * draw[j - a] * u[j].w;
			wi += f * draw[j - a] * u[j].wi;
			wc += f * draw[j - a] * u[j].wc;
		}
		a = b;
	}
	return unit_mwds(w, wi, wc);
}

/* The local PSU codes of the rows and the PSUs per stratum among them. */
static size_t borich_local_psus(const struct needs_design *dsg, size_t rows, size_t *local,
				size_t *unit_stratum, size_t *npsu)
{
	size_t units = 0;

	for (size_t j = 0; j < dsg->n_psu; j++)
		local[j] = SIZE_MAX;
	for (size_t i = 0; i < rows; i++) {
		size_t p = dsg->psu[i];
		if (local[p] != SIZE_MAX)
			continue;
		local[p] = units;
		unit_stratum[units++] = dsg->psu_stratum[p];
		npsu[dsg->psu_stratum[p]]++;
	}
	return units;
}

static void borich_design_interval(const double *importance, const double *competence,
				   size_t rows, size_t topics, const struct needs_design *dsg,
				   const struct needs_borich_options *opt, gsl_rng *rng,
				   struct needs_borich_topic *out)
{
	size_t *local = ky_calloc(dsg->n_psu + 1, sizeof *local);
	size_t *unit_stratum = ky_calloc(rows + 1, sizeof *unit_stratum);
	size_t *npsu = ky_calloc(dsg->n_strata + 1, sizeof *npsu);
	size_t units = borich_local_psus(dsg, rows, local, unit_stratum, npsu);
	struct borich_unit *u = ky_calloc(units + 1, sizeof *u);
	double *prob = ky_calloc(units + 1, sizeof *prob), *v = ky_calloc(opt->resamples, sizeof *v);
	unsigned int *draw = ky_calloc(units + 1, sizeof *draw);

	for (size_t t = 0; t < topics; t++) {
		size_t k = borich_units(importance, competence, rows, topics, t, dsg, local, units,
					unit_stratum, u), kept = 0;
		for (size_t b = 0; b < opt->resamples; b++) {
			double x = borich_design_replicate(u, k, npsu, rng, prob, draw);
			if (!isnan(x))
				v[kept++] = x;
		}
		if (out[t].n < 2 || kept < 2)
			continue;
		double tail = (1 - opt->level) / 2;
		gsl_sort(v, 1, kept);
		out[t].conf_low = gsl_stats_quantile_from_sorted_data(v, 1, kept, tail);
		out[t].conf_high = gsl_stats_quantile_from_sorted_data(v, 1, kept, 1 - tail);
	}
	free(local);
	free(unit_stratum);
	free(npsu);
	free(u);
	free(prob);
	free(v);
	free(draw);
}

int needs_borich_design(const double *importance, const double *competence, size_t rows,
			size_t topics, const struct needs_design *dsg,
			const struct needs_borich_options *opt, struct needs_borich_topic *out,
			struct ky_error *err)
{
	struct needs_borich_options defaults;

	if (!opt) {
		needs_borich_options_default(&defaults);
		opt = &defaults;
	}
	if (!out || !dsg || (rows > 0 && (!importance || !competence || !dsg->weight || !dsg->psu)))
		return ky_error_set(err, KY_EINPUT, "borich: no data");
	if (!(opt->level > 0 && opt->level < 1) || opt->resamples < 2)
		return ky_error_set(err, KY_EINPUT, "borich: level %g or %zu resamples out of range",
				    opt->level, opt->resamples);
	double *mwds = ky_calloc(topics + 1, sizeof *mwds);
	size_t *rank = ky_calloc(topics + 1, sizeof *rank);
	for (size_t t = 0; t < topics; t++) {
		double w = 0, wi = 0, wc = 0;
		size_t n = 0;
		for (size_t i = 0; i < rows; i++) {
			double imp = importance[i * topics + t], comp = competence[i * topics + t];
			if (isnan(imp) || isnan(comp))
				continue;
			n++;
			w += dsg->weight[i];
			wi += dsg->weight[i] * imp;
			wc += dsg->weight[i] * comp;
		}
		out[t].n = n;
		out[t].mean_importance = n ? wi / w : NAN;
		out[t].mean_competence = n ? wc / w : NAN;
		out[t].mean_discrepancy = out[t].mean_importance - out[t].mean_competence;
		out[t].mwds = mwds[t] = n ? unit_mwds(w, wi, wc) : NAN;
		out[t].conf_low = out[t].conf_high = NAN;
	}
	needs_rank(mwds, topics, rank);
	for (size_t t = 0; t < topics; t++)
		out[t].rank = rank[t];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng) {
		free(mwds);
		free(rank);
		return ky_error_set(err, KY_EIO, "borich: cannot allocate the random generator");
	}
	gsl_rng_set(rng, opt->seed);
	if (rows > 0)
		borich_design_interval(importance, competence, rows, topics, dsg, opt, rng, out);
	gsl_rng_free(rng);
	free(mwds);
	free(rank);
	return KY_OK;
}
