/* test-needs.c - top-two-box counts, the Borich model with its seeded
 * bootstrap, ranking, and Newcombe's difference of two proportions. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include "analysis/needs.h"
#include "analysis/newcombe.h"
#include "tests/unit/tap.h"

/* 6 respondents x 2 topics, respondent-major. R:
 * imp <- matrix(c(5,4,5,3,4,NA, 3,4,2,5,4,4), 6)
 * comp <- matrix(c(2,3,4,3,1,2, 3,2,2,4,NA,4), 6)
 * topic 1: n 5, mean(imp) 4.2, mean(d) 1.6, MWDS 6.72
 * topic 2: n 5, mean(imp) 3.6, mean(d) 0.6, MWDS 2.16 */
static const double importance[12] = {
	5, 3, 4, 4, 5, 2, 3, 5, 4, 4, NAN, 4
};
static const double competence[12] = {
	2, 3, 3, 2, 4, 2, 3, 4, 1, NAN, 2, 4
};

static void test_top_two_box(void)
{
	const double v[8] = { 5, 4, 3, NAN, 1, 4, 2, 5 };
	size_t chosen, answered;
	struct ky_error err;

	ok(needs_top_two_box(v, 8, 5, &chosen, &answered, &err) == 0 &&
	   chosen == 4 && answered == 7, "top-two-box on 5 points: 4 of 7");
	ok(needs_top_two_box(v, 8, 4, &chosen, &answered, &err) == 0 &&
	   chosen == 5 && answered == 7, "top-two-box on 4 points: 3 and up count");
	ok(needs_top_two_box(v, 8, 1, &chosen, &answered, &err) == KY_EINPUT,
	   "a 1-point scale is an error");
}

static void test_borich(void)
{
	struct needs_borich_topic out[2], again[2], narrow[2];
	struct needs_borich_options opt;
	struct ky_error err;
	/* every respondent the same: the bootstrap cannot move */
	const double flat_imp[8] = { 4, 4, 4, 4 }, flat_comp[8] = { 2, 2, 2, 2 };

	ok(needs_borich(importance, competence, 6, 2, NULL, out, &err) == 0, "borich runs");
	ok(out[0].n == 5 && out[1].n == 5, "pairs with both answers");
	ok_near(out[0].mean_importance, 4.2, 1e-12, "topic 1 mean importance");
	ok_near(out[0].mean_discrepancy, 1.6, 1e-12, "topic 1 mean discrepancy");
	ok_near(out[0].mwds, 6.72, 1e-12, "topic 1 MWDS");
	ok_near(out[1].mwds, 2.16, 1e-12, "topic 2 MWDS");
	ok(out[0].rank == 1 && out[1].rank == 2, "topic 1 ranks first");
	ok(out[0].conf_low <= out[0].mwds && out[0].mwds <= out[0].conf_high &&
	   out[0].conf_low < out[0].conf_high, "bootstrap interval around the MWDS");
	printf("# topic 1 (%g, %g), topic 2 (%g, %g)\n", out[0].conf_low,
	       out[0].conf_high, out[1].conf_low, out[1].conf_high);

	needs_borich(importance, competence, 6, 2, NULL, again, &err);
	ok(again[0].conf_low == out[0].conf_low && again[1].conf_high == out[1].conf_high,
	   "same seed, same interval");
	needs_borich_options_default(&opt);
	opt.seed = 7;
	needs_borich(importance, competence, 6, 2, &opt, again, &err);
	ok(again[0].conf_low != out[0].conf_low || again[0].conf_high != out[0].conf_high,
	   "another seed, another interval");
	needs_borich_options_default(&opt);
	opt.level = 0.80;
	needs_borich(importance, competence, 6, 2, &opt, narrow, &err);
	ok(narrow[0].conf_low >= out[0].conf_low && narrow[0].conf_high <= out[0].conf_high,
	   "80 %% interval inside the 95 %% one (same resamples)");

	ok(needs_borich(flat_imp, flat_comp, 4, 1, NULL, out, &err) == 0 &&
	   out[0].mwds == 8 && out[0].conf_low == 8 && out[0].conf_high == 8,
	   "no variation: the interval is the point");
	ok(needs_borich(flat_imp, flat_comp, 1, 1, NULL, out, &err) == 0 &&
	   isnan(out[0].conf_low), "one respondent: no interval");
	ok(needs_borich(flat_imp, flat_comp, 0, 1, NULL, out, &err) == 0 &&
	   isnan(out[0].mwds) && out[0].rank == 0, "no respondents: no MWDS, no rank");
	needs_borich_options_default(&opt);
	opt.resamples = 1;
	ok(needs_borich(importance, competence, 6, 2, &opt, out, &err) == KY_EINPUT,
	   "too few resamples is an error");
	printf("# %s\n", err.msg);
}

/* Under a design: weighted means and MWDS; PSUs resampled within strata */
static void test_borich_design(void)
{
	/* 6 respondents, one topic; PSUs {0,1} {2,3} {4,5}, one stratum */
	const double imp[6] = { 5, 4, 3, 5, 2, NAN }, comp[6] = { 2, 2, 3, 1, 2, 3 };
	const double w[6] = { 1, 2, 1, 3, 2, 1 };
	const size_t psu[6] = { 0, 0, 1, 1, 2, 2 }, psu_stratum[3] = { 0, 0, 0 };
	struct needs_design dsg = { w, psu, 3, psu_stratum, 1 };
	struct needs_borich_topic out[1], again[1];
	struct ky_error err;
	/* by hand: sum w = 9, sum w imp = 5 + 8 + 3 + 15 + 4 = 35,
	 * sum w comp = 2 + 4 + 3 + 3 + 4 = 16 */
	double mi = 35.0 / 9, mc = 16.0 / 9;

	ok(needs_borich_design(imp, comp, 6, 1, &dsg, NULL, out, &err) == 0 && out[0].n == 5,
	   "design borich runs on the 5 complete pairs");
	ok_near(out[0].mean_importance, mi, 1e-12, "weighted mean importance");
	ok_near(out[0].mwds, (mi - mc) * mi, 1e-12, "weighted MWDS");
	ok(out[0].conf_low < out[0].mwds && out[0].mwds < out[0].conf_high,
	   "design bootstrap interval around the MWDS");
	needs_borich_design(imp, comp, 6, 1, &dsg, NULL, again, &err);
	ok(again[0].conf_low == out[0].conf_low && again[0].conf_high == out[0].conf_high,
	   "same seed, same design interval");

	/* two PSUs in one stratum: a replicate draws one PSU, weighted 2, so
	 * every replicate is one PSU's own MWDS */
	const size_t two[6] = { 0, 0, 0, 1, 1, 1 };
	struct needs_design halves = { w, two, 2, psu_stratum, 1 };
	double a = (16.0 / 4 - 9.0 / 4) * 16.0 / 4;     /* PSU 0: w 1 2 1 */
	double b = (19.0 / 5 - 7.0 / 5) * 19.0 / 5;     /* PSU 1: w 3 2 (NaN left out) */
	ok(needs_borich_design(imp, comp, 6, 1, &halves, NULL, out, &err) == 0,
	   "design borich with two PSUs");
	ok_near(out[0].conf_low, fmin(a, b), 1e-12, "lower end is the smaller PSU's MWDS");
	ok_near(out[0].conf_high, fmax(a, b), 1e-12, "upper end is the larger PSU's MWDS");

	/* each PSU its own stratum: nothing to resample, the interval is the point */
	const size_t own[2] = { 0, 1 };
	struct needs_design certain = { w, two, 2, own, 2 };
	ok(needs_borich_design(imp, comp, 6, 1, &certain, NULL, out, &err) == 0 &&
	   fabs(out[0].conf_low - out[0].mwds) < 1e-12 && fabs(out[0].conf_high - out[0].mwds) < 1e-12,
	   "strata of one PSU are kept whole");
}

static void test_rank(void)
{
	const double score[5] = { 0.2, 0.5, NAN, 0.5, 0.1 };
	size_t rank[5];

	needs_rank(score, 5, rank);
	ok(rank[1] == 1 && rank[3] == 1 && rank[0] == 3 && rank[4] == 4 && rank[2] == 0,
	   "ties share the best rank, NaN is unranked");

	/* R: rank(-mwds, ties.method = "min"): topics 1 and 3 answered alike
	 * tie for first, topic 2 is third (not second) */
	{
		const double imp[12] = { 5, 3, 5, 4, 3, 4, 5, 2, 5, 3, 3, 3 };
		const double comp[12] = { 2, 3, 2, 1, 3, 1, 3, 2, 3, 2, 3, 2 };
		struct needs_borich_topic out[3];
		struct ky_error err;
		ok(needs_borich(imp, comp, 4, 3, NULL, out, &err) == 0 &&
		   out[0].mwds == out[2].mwds && out[0].mwds > out[1].mwds &&
		   out[0].rank == 1 && out[2].rank == 1 && out[1].rank == 3,
		   "equal MWDS share the lower rank, the next rank skips (1 3 1)");
	}
}

static void test_newcombe(void)
{
	struct newcombe_result r;
	struct ky_error err;

	/* spec anchor; also DescTools::BinomDiffCI(56, 70, 48, 80, method = "score") */
	ok(newcombe_diff(56, 70, 48, 80, 0.95, &r, &err) == 0, "newcombe runs");
	ok_near(r.estimate, 0.2, 1e-12, "difference 0.8 - 0.6");
	ok_near(r.conf_low, 0.0524314724023649, 1e-9, "newcombe low");
	ok_near(r.conf_high, 0.333872654036906, 1e-9, "newcombe high");
	/* R by formula with prop.test(x, n, correct = FALSE)$conf.int */
	ok(newcombe_diff(0, 10, 3, 12, 0.95, &r, &err) == 0, "newcombe at x1 = 0");
	ok_near(r.conf_low, -0.532305334933566, 1e-9, "newcombe low at 0");
	ok_near(r.conf_high, 0.0708804156994083, 1e-9, "newcombe high at 0");
	ok(newcombe_diff(10, 10, 0, 15, 0.95, &r, &err) == 0 &&
	   close_enough(r.conf_low, 0.655626865970923, 1e-9) && close_enough(r.conf_high, 1, 1e-12),
	   "newcombe at 10/10 - 0/15");
	ok(newcombe_diff(3, 2, 1, 5, 0.95, &r, &err) == KY_EINPUT, "x > n is an error");
	ok(newcombe_diff(1, 0, 1, 5, 0.95, &r, &err) == KY_EINPUT, "n = 0 is an error");
	ok(newcombe_diff(1, 2, 1, 5, 1, &r, &err) == KY_EINPUT, "level 1 is an error");
}

int main(void)
{
	test_top_two_box();
	test_borich();
	test_borich_design();
	test_rank();
	test_newcombe();
	return tap_done();
}
