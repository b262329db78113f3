/* test-estimate.c - intervals and design estimates against values checked
 * by hand or with R (see ../shared/spec/statistics.md). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "analysis/design.h"
#include "analysis/interval.h"
#include "tap.h"

static void test_srs_intervals(void)
{
	struct ky_error err;
	double lo, hi;

	interval_srs_proportion(IM_WILSON, 7, 20, 0.95, &lo, &hi, &err);
	ok_near(lo, 0.1811918241, 1e-9, "wilson 7/20 low");
	ok_near(hi, 0.5671457233, 1e-9, "wilson 7/20 high");
	interval_srs_proportion(IM_CLOPPER_PEARSON, 7, 20, 0.95, &lo, &hi, &err);
	ok_near(lo, 0.1539092048, 1e-9, "clopper-pearson 7/20 low");
	ok_near(hi, 0.5921885345, 1e-9, "clopper-pearson 7/20 high");
	interval_srs_proportion(IM_WILSON, 0, 20, 0.95, &lo, &hi, &err);
	ok(lo == 0, "wilson 0/20 low is 0");
	ok_near(hi, 0.1611251581, 1e-9, "wilson 0/20 high");
	interval_srs_proportion(IM_WILSON, 20, 20, 0.95, &lo, &hi, &err);
	ok(hi == 1 && fabs(lo - (1 - 0.1611251581)) < 1e-9, "wilson 20/20 mirrors 0/20");
	interval_srs_proportion(IM_CLOPPER_PEARSON, 0, 20, 0.95, &lo, &hi, &err);
	ok(lo == 0 && fabs(hi - (1 - pow(0.025, 1.0 / 20))) < 1e-12, "clopper-pearson 0/20 is [0, 1-(a/2)^(1/n)]");
	interval_srs_proportion(IM_JEFFREYS, 0, 1, 0.95, &lo, &hi, &err);
	ok(lo == 0 && hi > 0 && hi < 1, "jeffreys 0/1 defined, lower 0");
	interval_srs_proportion(IM_JEFFREYS, 1, 1, 0.95, &lo, &hi, &err);
	ok(hi == 1 && lo > 0 && lo < 1, "jeffreys 1/1 defined, upper 1");
	interval_srs_proportion(IM_WALD, 0, 5, 0.95, &lo, &hi, &err);
	ok(lo == 0 && hi == 0, "wald 0/5 is [0, 0]");
	interval_srs_proportion(IM_AGRESTI_COULL, 0, 5, 0.95, &lo, &hi, &err);
	ok(lo == 0 && hi > 0 && !isnan(hi), "agresti-coull 0/5 clipped at 0");
	interval_srs_proportion(IM_WILSON, 0, 0, 0.95, &lo, &hi, &err);
	ok(isnan(lo) && isnan(hi), "empty base: not defined");
	ok(interval_srs_proportion(IM_LOGIT, 1, 2, 0.95, &lo, &hi, &err) == KY_EUSAGE,
	   "logit is not an SRS method");
	ok(interval_srs_proportion(IM_WILSON, 3, 2, 0.95, &lo, &hi, &err) == KY_EINPUT,
	   "x > n is refused");
	ok_near(interval_beta_quantile(0.975, 4, 999997), 8.76724778815e-06, 1e-9,
		"beta quantile where GSL gives NaN (Brent fallback)");
}

static void test_design_intervals(void)
{
	struct ky_error err;
	double lo, hi;

	interval_design_proportion(IM_LOGIT, 0, 0, 5, 0, 10, 10, 0.95, &lo, &hi, &err);
	ok(lo == 0 && hi == 0, "logit at p = 0 is [0, 0]");
	interval_design_proportion(IM_LOGIT, 0.3, 0, 5, 3, 10, 10, 0.95, &lo, &hi, &err);
	ok(lo == 0.3 && hi == 0.3, "variance 0 gives [p, p]");
	interval_design_proportion(IM_LOGIT, 0.3, 0.1, 0, 3, 10, 10, 0.95, &lo, &hi, &err);
	ok(isnan(lo) && isnan(hi), "df < 1: no interval");
	interval_design_proportion(IM_LOGIT, 0.3, 0.1, 9, 3, 10, 10, 0.95, &lo, &hi, &err);
	{
		double t = 2.262157162798205, c = log(0.3 / 0.7), h = t * 0.1 / 0.21;
		ok_near(lo, 1 / (1 + exp(-(c - h))), 1e-9, "logit low closed form");
		ok_near(hi, 1 / (1 + exp(-(c + h))), 1e-9, "logit high closed form");
	}
	interval_design_proportion(IM_WALD, 0.1, 0.1, 9, 1, 10, 10, 0.95, &lo, &hi, &err);
	ok(lo == 0 && fabs(hi - (0.1 + 2.262157162798205 * 0.1)) < 1e-9, "design wald clipped at 0");
	interval_design_proportion(IM_KORN_GRAUBARD, 0, 0, 9, 0, 10, 10, 0.95, &lo, &hi, &err);
	ok(lo == 0 && fabs(hi - (1 - pow(0.025, 0.1))) < 1e-9, "korn-graubard at 0 uses n* = base");
	/* with n* = p q / V = n and df = n - 1 it is Clopper-Pearson */
	double p = 0.35, se = sqrt(p * (1 - p) / 20), clo, chi;
	interval_design_proportion(IM_KORN_GRAUBARD, p, se, 19, 7, 20, 20, 0.95, &lo, &hi, &err);
	interval_srs_proportion(IM_CLOPPER_PEARSON, 7, 20, 0.95, &clo, &chi, &err);
	ok_near(lo, clo, 1e-9, "korn-graubard with SRS variance = clopper-pearson (low)");
	ok_near(hi, chi, 1e-9, "korn-graubard with SRS variance = clopper-pearson (high)");
	ok(interval_design_proportion(IM_WILSON, p, se, 19, 7, 20, 20, 0.95, &lo, &hi, &err) == KY_EUSAGE,
	   "wilson is not a design method");
}

static void test_medians(void)
{
	double v[] = { 5, 1, 4, 2, 3, 6 }, est, lo, hi;

	ok(interval_median_rank(4, 0.875) == 1, "level 0.875, n = 4: k = 1 (exact coverage tie)");
	ok(interval_median_rank(5, 0.95) == 0, "n = 5 at 95%%: no interval");
	ok(interval_median_rank(6, 0.95) == 1, "n = 6 at 95%%: k = 1");
	ok(interval_median_rank(20, 0.95) == 6, "n = 20 at 95%%: k = 6 (qbinom(0.025, 20, 0.5))");
	design_srs_median(v, 6, 0.95, &est, &lo, &hi);
	ok(est == 3.5 && lo == 1 && hi == 6, "even n: mean of the middle two; [x(1), x(6)]");
	/* selection against sorting, with many ties and odd and even sizes */
	int agree = 1;
	unsigned long seed = 99;
	for (size_t n = 1; n < 120; n++) {
		double a[120], b[120];
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			a[i] = b[i] = (double)((seed >> 33) % (n % 3 ? 7 : 1000));
		}
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && b[j - 1] > b[j]; j--) {
				double t = b[j]; b[j] = b[j - 1]; b[j - 1] = t;
			}
		design_srs_median(a, n, 0.95, &est, &lo, &hi);
		size_t k = interval_median_rank(n, 0.95);
		double want = n % 2 ? b[n / 2] : (b[n / 2 - 1] + b[n / 2]) / 2;
		agree &= est == want && (k ? lo == b[k - 1] && hi == b[n - k] : isnan(lo) && isnan(hi));
	}
	ok(agree, "median by selection = median of the sorted answers (n = 1..119)");
	design_srs_median(v, 5, 0.95, &est, &lo, &hi);
	ok(est == 3 && isnan(lo) && isnan(hi), "n = 5: median, no interval");
}

static void test_design_variance(void)
{
	struct ky_error err;
	struct design *d;
	struct design_work *w;
	struct design_estimate e;
	double y4[] = { 1, 2, 3, 4 };
	struct design_input in = { .n = 4 };

	ok(design_create(&in, &d, &err) == 0, "SRS design");
	w = design_work_create(d);
	design_mean(d, w, y4, NULL, &e, &err);
	ok_near(e.estimate, 2.5, 1e-12, "mean");
	ok_near(e.variance, (5.0 / 3) / 4, 1e-12, "equal weights: variance s^2/n");
	ok(e.df == 3, "df = n - 1");
	design_work_destroy(w);
	design_destroy(d);

	/* strata A (PSUs a1 {2 rows}, a2) and B (b1, b2, b3); see the
	 * python check in the commit message */
	double y[] = { 1, 0, 1, 0, 1, 0 }, wt[] = { 1, 1, 2, 1, 1, 3 };
	size_t st[] = { 0, 0, 0, 1, 1, 1 }, cl[] = { 1, 1, 2, 1, 2, 3 };
	const char *names[] = { "A", "B" };
	struct design_input sc = { .n = 6, .weight = wt, .stratum = st, .n_strata = 2,
				   .stratum_names = names, .cluster = cl };
	ok(design_create(&sc, &d, &err) == 0, "stratified clustered design");
	w = design_work_create(d);
	design_mean(d, w, y, NULL, &e, &err);
	ok_near(e.estimate, 0.4444444444444444, 1e-12, "weighted share");
	ok_near(e.variance, 0.04541990550221003, 1e-12, "ultimate-cluster variance");
	ok(e.df == 3, "df = 5 PSUs - 2 strata");
	unsigned char dom[] = { 1, 1, 0, 1, 1, 0 };
	design_mean(d, w, y, dom, &e, &err);
	ok_near(e.estimate, 0.5, 1e-12, "domain share");
	ok_near(e.variance, 0.046875, 1e-12, "domain variance keeps the full design");
	ok(e.df == 1, "domain df = 3 PSUs - 2 strata");
	size_t code[] = { 1, 0, 1, 0, 1, SIZE_MAX };
	struct design_estimate sh[2];
	design_shares(d, w, code, 2, NULL, sh, &err);
	ok(sh[1].base == 5 && fabs(sh[0].estimate + sh[1].estimate - 1) < 1e-12,
	   "shares of one domain add up to 1");
	design_work_destroy(w);
	design_destroy(d);

	/* a lonely PSU: stratum B with one cluster */
	size_t cl1[] = { 1, 1, 2, 1, 1, 1 };
	sc.cluster = cl1;
	ok(design_create(&sc, &d, &err) == KY_EINPUT && strstr(err.msg, "'B'")
	   && strstr(err.msg, "remove"), "lonely PSU names the stratum and R's options");
	sc.lonely_psu = DESIGN_LONELY_REMOVE;
	ok(design_create(&sc, &d, &err) == 0, "lonely PSU removed on request");
	design_destroy(d);

	double bad[] = { 1, 0, 2, 1, 1, 1 };
	const char *ids[] = { "r1", "r2", "r3", "r4", "r5", "r6" };
	struct design_input bw = { .n = 6, .weight = bad, .row_names = ids };
	ok(design_create(&bw, &d, &err) == KY_EINPUT && strstr(err.msg, "r2"),
	   "non-positive weight names the respondent");

	double fpc[] = { 0.5, 0.5, 0.5, 0.5 };
	struct design_input fi = { .n = 4, .fpc = fpc };
	ok(design_create(&fi, &d, &err) == 0, "fpc as a sampling fraction");
	w = design_work_create(d);
	design_mean(d, w, y4, NULL, &e, &err);
	ok_near(e.variance, 0.5 * (5.0 / 3) / 4, 1e-12, "fpc halves the variance");
	design_work_destroy(w);
	design_destroy(d);
	double fpc8[] = { 8, 8, 8, 8 };
	fi.fpc = fpc8;
	design_create(&fi, &d, &err);
	w = design_work_create(d);
	design_mean(d, w, y4, NULL, &e, &err);
	ok_near(e.variance, 0.5 * (5.0 / 3) / 4, 1e-12, "fpc as population size 8 of 4");
	design_work_destroy(w);
	design_destroy(d);
}

static void test_calibration(void)
{
	struct ky_error err;
	struct design *d;
	struct design_input in = { .n = 7 };
	size_t a[] = { 0, 0, 0, 0, 1, 1, 1 }, b[] = { 0, 0, 0, 1, 0, 1, 1 };
	double na[] = { 10, 20 }, nb[] = { 12, 18 };
	const char *an[] = { "a0", "a1" }, *bn[] = { "b0", "b1" };
	struct design_margin_input m[2] = {
		{ a, 2, na, "A", an }, { b, 2, nb, "B", bn } };
	int sweeps;
	bool converged;
	double expect[] = { 2.24, 2.24, 2.24, 3.15, 5.28, 7.425, 7.425 };

	design_create(&in, &d, &err);
	ok(design_rake(d, m, 2, &sweeps, &converged, &err) == 0, "rake");
	ok(sweeps == 2 && converged, "converges after 2 sweeps (changes 13.2, 0.37)");
	int same = 1;
	for (int i = 0; i < 7; i++)
		same &= fabs(design_weights(d)[i] - expect[i]) < 1e-12;
	ok(same, "raked weights as IPF with R's rule");
	ok(design_calibrated(d), "raked design is calibrated");
	/* the raking variables' own shares are known: (almost) no variance */
	struct design_work *w = design_work_create(d);
	double ya[7];
	struct design_estimate e;
	for (int i = 0; i < 7; i++)
		ya[i] = b[i] == 1;
	design_mean(d, w, ya, NULL, &e, &err);
	if (!ok(fabs(e.estimate - 18.0 / 30) < 1e-12 && e.std_error < 1e-6, "last margin's share is met, ~0 variance")) printf("# %g %g\n", e.estimate, e.std_error);
	design_work_destroy(w);
	design_destroy(d);

	design_create(&in, &d, &err);
	double nb_missing[] = { 12, NAN };
	m[1].population = nb_missing;
	ok(design_rake(d, m, 2, &sweeps, &converged, &err) == KY_EINPUT && strstr(err.msg, "'b1'"),
	   "margin missing a data category names it");
	design_destroy(d);

	design_create(&in, &d, &err);
	ok(design_poststratify(d, a, 2, na, "A", an, &err) == 0, "poststratify");
	ok_near(design_weights(d)[0], 2.5, 1e-12, "post-stratified weight 10/4");
	w = design_work_create(d);
	for (int i = 0; i < 7; i++)
		ya[i] = a[i] == 1;
	design_mean(d, w, ya, NULL, &e, &err);
	ok(e.variance < 1e-25, "post-stratifier's share has variance 0");
	design_work_destroy(w);
	double extra[] = { 10, 20, 5 };
	const char *en[] = { "a0", "a1", "a2" };
	design_destroy(d);
	design_create(&in, &d, &err);
	ok(design_poststratify(d, a, 3, extra, "A", en, &err) == KY_EINPUT && strstr(err.msg, "'a2'"),
	   "population category without respondents is an error");
	design_destroy(d);
}

static void test_weighted_median(void)
{
	struct ky_error err;
	struct design *d;
	struct design_input in = { .n = 40 };
	double y[40], top[40];
	struct design_median_result r;

	for (int i = 0; i < 40; i++) {
		y[i] = (i * 17) % 40 + 1;   /* 1..40 shuffled */
		top[i] = i < 39 ? 1 : 9;
	}
	design_create(&in, &d, &err);
	struct design_work *w = design_work_create(d);
	design_median(d, w, y, NULL, 0.95, &r, &err);
	ok(r.estimate == 20, "equal weights, even n: lower middle value (qrule math)");
	/* p = F(20) = 0.5, se = sqrt(0.25 / 40) */
	double t = interval_t(0.95, 39), half = t * sqrt(0.25 / 40);
	ok(r.df == 39 && r.conf_low == ceil((0.5 - half) * 40) && r.conf_high == ceil((0.5 + half) * 40),
	   "woodruff interval: Q(p -/+ t se)");
	ok_near(r.std_error, (r.conf_high - r.conf_low) / (2 * t), 1e-12, "std_error from the width");
	design_median(d, w, top, NULL, 0.95, &r, &err);
	ok(r.estimate == 1 && r.conf_low == 1 && isnan(r.conf_high), "p = F(1) = 0.975: upper end leaves [0, 1], empty");
	double small[] = { 1, 2, 3, 4, 5, 6 };
	struct design_input in6 = { .n = 6 };
	struct design *d6;
	design_create(&in6, &d6, &err);
	struct design_work *w6 = design_work_create(d6);
	design_median(d6, w6, small, NULL, 0.95, &r, &err);
	ok(r.estimate == 3 && isnan(r.conf_low) && isnan(r.conf_high) && isnan(r.std_error),
	   "n = 6: share interval leaves [0, 1], ends empty");
	design_work_destroy(w6);
	design_destroy(d6);
	design_work_destroy(w);
	design_destroy(d);
}

/* The streaming path against the exact one on a pseudo-random design:
 * weights only, strata only (moment form) and strata with clusters. */
static void test_streaming(void)
{
	enum { N = 500, G = 3, K = 4 };
	static double wt[N], y[N], ind[N];
	static size_t st[N], cl[N], code[N];
	static int32_t group[N];
	static unsigned char mask[N];
	struct ky_error err;
	unsigned long seed = 12345;

	for (int i = 0; i < N; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		unsigned long r = seed >> 33;
		wt[i] = 0.5 + (double)(r % 1000) / 400;
		st[i] = r % 5;
		cl[i] = (r / 5) % 7;
		code[i] = (r / 35) % 6 == 5 ? SIZE_MAX : (r / 35) % K;
		group[i] = (r / 210) % 4 == 3 ? -1 : (int32_t)((r / 210) % G);
		y[i] = (r / 840) % 9 == 0 ? NAN : (double)((r / 7) % 50);
	}
	for (int variant = 0; variant < 3; variant++) {
		struct design_input in = { .n = N, .weight = wt };
		if (variant >= 1) {
			in.stratum = st;
			in.n_strata = 5;
		}
		if (variant == 2)
			in.cluster = cl;
		struct design *d;
		design_create(&in, &d, &err);
		struct design_work *w = design_work_create(d);
		struct design_estimate fast[G * K], slow, mfast[G];
		design_shares_by_group(d, w, code, K, group, G, fast, &err);
		design_means_by_group(d, w, y, group, G, mfast, &err);
		int same = 1, same_mean = 1;
		for (int g = 0; g < G; g++) {
			for (int i = 0; i < N; i++)
				mask[i] = group[i] == g;
			for (int k = 0; k < K; k++) {
				for (int i = 0; i < N; i++)
					ind[i] = code[i] == SIZE_MAX ? NAN : code[i] == (size_t)k;
				design_mean(d, w, ind, mask, &slow, &err);
				const struct design_estimate *f = &fast[g * K + k];
				same &= close_enough(f->estimate, slow.estimate, 1e-12)
					&& close_enough(f->variance, slow.variance, 1e-9)
					&& f->df == slow.df && f->base == slow.base
					&& close_enough(f->deff, slow.deff, 1e-9);
			}
			design_mean(d, w, y, mask, &slow, &err);
			same_mean &= close_enough(mfast[g].estimate, slow.estimate, 1e-12)
				&& close_enough(mfast[g].variance, slow.variance, 1e-9)
				&& mfast[g].df == slow.df;
		}
		ok(same, "streaming shares = exact path (design %d)", variant);
		ok(same_mean, "streaming means = exact path (design %d)", variant);
		design_work_destroy(w);
		design_destroy(d);
	}
}

int main(void)
{
	gsl_set_error_handler_off();
	test_srs_intervals();
	test_design_intervals();
	test_medians();
	test_design_variance();
	test_calibration();
	test_weighted_median();
	test_streaming();
	return tap_done();
}
