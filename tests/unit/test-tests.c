/* test-tests.c - chisq, Fisher, Rao-Scott and p.adjust against numbers
 * computed with R 4.2.2 (the R call is next to each fixture). Tables are
 * rows fastest, as R's as.vector(tab). */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include "analysis/tests.h"
#include "tests/unit/tap.h"

/* small case, guideline (rows: no, yes) x region (4 columns), design
 * svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight) restricted to
 * the 37 respondents who answered both; from R survey 4.1:
 *   m2 <- svymean(~interaction(factor(.r), factor(.c)) - 1, dsub)   (shares)
 *   svychisq(~.r + .c, dsub, statistic = "F")
 * and the per-PSU sums of z_i = w_i d_i (y_i - yhat) / sum w d. */
static const double rs_shares[8] = {
	0.18921332001937016, 0.055987765067934361, 0.15264842645398694, 0.039762385878274104,
	0.17080791275148041, 0.12542645097270266, 0.24740314834969462, 0.018750590506556662
};
static const size_t rs_stratum[10] = { 0, 0, 0, 2, 1, 1, 2, 1, 2, 1 };
static const double rs_psu_z[10 * 8] = {
	-0.033347486788275718, -0.0098674409165110145, -0.0026367328444212024, -0.0070078345309427682,
	-0.030103666133176204, 0.039095031387151022, 0.028422196037897616, 0.015445933788278292,
	0.0040124995175885407, -0.0070449024437961331, -0.019207647800594783, -0.005003274002902668,
	0.027648727360552364, 0.0037696393023281521, -0.0018156678677527863, -0.0023593740654226695,
	-0.02666832519117197, -0.0078910931080632164, -0.0013096326292326922, 0.034158149152920293,
	0.00063180604443314548, 0.00010044227213665269, 0.0036214211304301299, -0.0026427676714523276,
	-0.0095969595073070249, -0.0028397171732232117, -0.007742376527102194, -0.0020167608028263985,
	0.0068968386000138378, 0.0079237821565098336, 0.008326229141953502, -0.0009510358880183388,
	0.022332499057475107, -0.0074236776597130594, 0.018653399634664281, -0.0052722793164410942,
	0.023631493327763271, -0.016630875350951056, -0.032804331859251079, -0.0024862278335463506,
	0.050864188602710483, -0.0083819954247235443, 0.01753523486079675, -0.0059528744557561988,
	-0.02557185737727305, -0.018777744332477853, -0.0069077784909113635, -0.002807173382365222,
	-0.0084580778584888543, -0.0025027248399789883, 0.022071094363382622, -0.0017774295993711804,
	0.0081712741817146842, -0.0056067230770669371, -0.011059237747970206, -0.00083817542222113439,
	0.028198774755241435, -0.0019472278161226989, -0.0053090396038830492, -0.0013829168519877899,
	-0.0059406178924979363, -0.004362272255648148, -0.0086045637234904888, -0.00065213661161132007,
	-0.010704433361254579, 0.021481951714821576, -0.0086358344566323155, -0.0022494917898745305,
	0.0096507652352337964, 0.005514254069375355, -0.013996427495711054, -0.0010607839159582474,
	-0.016632679226517413, 0.026416827667310305, -0.013418464996977391, -0.0034952878028176601,
	-0.015014763346763901, -0.011025534171357017, 0.03481816087480577, -0.0016482589976826822
};
/* attr(m2, "var")[1, 1], [2, 5], [8, 8] */
static const double rs_v11 = 0.0043433522337824994, rs_v25 = -0.00022067550741289573, rs_v88 = 0.00032590858318403657;
static const double rs_nu = 7, rs_n = 37;
static const double rs_f = 1.2391986121107581, rs_df = 1.8971510677994754, rs_df2 = 13.280057474596328, rs_p = 0.31887652717664694;

/* reference case small: table(region, profession), 4 x 5, n = 40
 * chisq.test(tab, correct = FALSE), fisher.test(tab) */
static const double region_by_profession[20] = {
	1, 1, 3, 1, 4, 4, 6, 5, 0, 0, 2, 4, 3, 0, 2, 0, 0, 2, 1, 1
};

static void test_chisq(void)
{
	struct tests_result res;
	struct ky_error err;
	/* the same table with an all-zero row and column added: both dropped */
	double padded[30] = { 0 };
	size_t i, j;
	/* chisq.test(matrix(c(12, 5, 3, 9), 2)) (Yates) */
	const double two[4] = { 12, 5, 3, 9 };
	const double one_row[3] = { 4, 0, 7 };
	const double negative[4] = { 1, -1, 2, 3 };

	ok(chisq_test(region_by_profession, 4, 5, 0, &res, &err) == 0 && res.defined,
	   "chisq 4 x 5 is defined");
	ok_near(res.statistic, 16.123376623376625, 1e-10, "chisq 4 x 5 statistic");
	ok_near(res.df, 12, 0, "chisq 4 x 5 df");
	ok_near(res.p_value, 0.18565032104993628, 1e-10, "chisq 4 x 5 p");
	ok(res.small_expected && res.min_expected < 5, "chisq flags expected counts below 5");
	ok_near(res.n, 40, 0, "chisq n");

	for (j = 0; j < 5; j++)
		for (i = 0; i < 4; i++)
			padded[(i + (i >= 2)) + (j + (j >= 3)) * 5] = region_by_profession[i + j * 4];
	ok(chisq_test(padded, 5, 6, 0, &res, &err) == 0 && res.defined &&
	   res.rows == 4 && res.cols == 5, "chisq drops an all-zero row and column");
	ok_near(res.statistic, 16.123376623376625, 1e-10, "chisq padded statistic");

	ok(chisq_test(two, 2, 2, 1, &res, &err) == 0, "chisq 2 x 2 with Yates");
	ok_near(res.statistic, 4.17145774976657, 1e-10, "Yates statistic");
	ok_near(res.p_value, 0.0411104141943071, 1e-10, "Yates p");

	ok(chisq_test(one_row, 1, 3, 0, &res, &err) == 0 && !res.defined && res.why,
	   "chisq on one row is not defined");
	ok(chisq_test(negative, 2, 2, 0, &res, &err) == KY_EINPUT, "negative count is an error");
	printf("# %s\n", err.msg);
	ok(chisq_test(NULL, 2, 2, 0, &res, &err) == KY_EINPUT, "no table is an error");
}

static void test_fisher(void)
{
	struct tests_result res;
	struct ky_error err;
	struct fisher_options opt;
	double first;
	/* small: table(would_attend, guideline), fisher.test(tab)$p.value */
	const double attend[4] = { 3, 23, 0, 10 };
	/* small: table(encounter_action, profession), 3 x 4, n = 10 */
	const double action[12] = { 0, 0, 1, 2, 0, 3, 1, 0, 1, 0, 2, 0 };
	/* the same with an empty fifth column */
	const double action_padded[15] = { 0, 0, 1, 2, 0, 3, 1, 0, 1, 0, 2, 0, 0, 0, 0 };
	/* symmetric table: every tie must count (p = 1 exactly) */
	const double symmetric[4] = { 2, 2, 2, 2 };
	const double fraction[4] = { 1.5, 2, 3, 4 };

	ok(fisher_test(attend, 2, 2, NULL, &res, &err) == 0 && res.defined &&
	   res.replicates == 0, "fisher 2 x 2 exact");
	ok_near(res.p_value, 0.5448179271708683, 1e-10, "fisher 2 x 2 p");
	ok(isnan(res.statistic) && isnan(res.df), "fisher has no statistic or df");
	ok(fisher_test(symmetric, 2, 2, NULL, &res, &err) == 0, "fisher symmetric 2 x 2");
	ok_near(res.p_value, 1, 1e-12, "fisher symmetric 2 x 2 p = 1 (ties count)");

	ok(fisher_test(region_by_profession, 4, 5, NULL, &res, &err) == 0 &&
	   res.defined && res.replicates == 0, "fisher 4 x 5 exact");
	ok_near(res.p_value, 0.31773131814384109, 1e-9, "fisher 4 x 5 p");
	ok(fisher_test(action, 3, 4, NULL, &res, &err) == 0, "fisher 3 x 4 with an empty column");
	ok_near(res.p_value, 0.21825396825396762, 1e-9, "fisher 3 x 4 p");
	ok(fisher_test(action_padded, 3, 5, NULL, &res, &err) == 0 && res.cols == 4,
	   "fisher drops an empty column");
	ok_near(res.p_value, 0.21825396825396762, 1e-9, "fisher p without the empty column");

	/* The exact p-values below come from R's fisher.test(tab, workspace =
	 * 2e8): tests/reference-own/fisher/make-expected.R writes them to
	 * expected.csv beside it.
	 *
	 * The 5 x 5 table, n = 76, that an earlier kysely sent to Monte Carlo
	 * (off by 1.7 %): R's fisher.test(m, workspace = 2e8) takes 7.5 to 9 s
	 * and gives 0.034479517247533; the exact path must stay within the
	 * default work budget. And a 3 x 10 table with n = 214, the shape of
	 * an item by profession in the sample study. */
	static const double chain5[25] = {  /* rows fastest */
		3, 3, 1, 0, 5,  4, 0, 2, 3, 5,  1, 4, 5, 1, 1,  6, 6, 2, 1, 3,  2, 10, 1, 3, 4,
	};
	static const double item_by_profession[30] = {
		40, 10, 8, 30, 12, 6, 20, 5, 5, 12, 4, 4, 10, 3, 3,
		8, 2, 2, 6, 3, 1, 5, 1, 2, 4, 2, 1, 3, 1, 1,
	};
	ok(fisher_test(chain5, 5, 5, NULL, &res, &err) == 0 && res.replicates == 0,
	   "fisher 5 x 5, n = 76, is exact within the default budget");
	ok_near(res.p_value, 0.034479517247533, 1e-9, "fisher 5 x 5, n = 76, equals R");
	/* above exact_max_n the default is Monte Carlo, said by B; the exact
	 * path, asked for, agrees with R there too */
	ok(fisher_test(item_by_profession, 3, 10, NULL, &res, &err) == 0 && res.replicates == 10000,
	   "fisher 3 x 10, n = 214, is Monte Carlo by default");
	ok(fabs(res.p_value - 0.999261433085411) < 0.01, "its Monte Carlo p %g is near R's exact p",
	   res.p_value);
	fisher_options_default(&opt);
	opt.exact_max_n = 300;
	ok(fisher_test(item_by_profession, 3, 10, &opt, &res, &err) == 0 && res.replicates == 0,
	   "fisher 3 x 10, n = 214, exact when asked");
	ok_near(res.p_value, 0.999261433085411, 1e-9, "fisher 3 x 10, n = 214, equals R");

	/* A 2 x c table is exact at any total within the budget: the sample
	 * study's client_work by profession, 2 x 13, n = 241,
	 * fisher.test(tab)$p.value. A 2 x 13 table of 1000 (R stops with
	 * FEXACT error 7 at workspace = 2e8) passes the cap on pasts and
	 * falls back to Monte Carlo. */
	static const double client_work[26] = {
		7, 7, 4, 5, 2, 5, 29, 35, 3, 8, 4, 6, 14, 12,
		7, 6, 21, 14, 7, 6, 7, 8, 3, 3, 8, 10,
	};
	double big[26];
	for (size_t c = 0; c < 26; c++)
		big[c] = client_work[c] * 4 + (double)(c % 3);
	ok(fisher_test(client_work, 2, 13, NULL, &res, &err) == 0 && res.replicates == 0,
	   "fisher 2 x 13, n = 241, is exact by default");
	ok_near(res.p_value, 0.90793299930985538, 1e-9, "fisher 2 x 13, n = 241, equals R");
	ok(fisher_test(big, 2, 13, NULL, &res, &err) == 0 && res.replicates == 10000,
	   "fisher 2 x 13, n = 989, beyond the budget is Monte Carlo");

	/* The slowest 2 x 13 of the sample study by profession (R 2 s, an
	 * earlier kysely's walk passed its budget) and a 3 x 6; expected.csv. */
	static const double two_by_13[26] = {
		10, 48, 8, 26, 9, 6, 4, 2, 2, 8, 9, 14, 0, 8,
		4, 10, 4, 9, 3, 7, 4, 11, 2, 3, 3, 7,
	};
	static const double three_by_6[18] = {
		5, 4, 6, 8, 2, 3, 3, 7, 2, 6, 3, 7, 2, 8, 4, 9, 5, 3,
	};
	ok(fisher_test(two_by_13, 2, 13, NULL, &res, &err) == 0 && res.replicates == 0,
	   "fisher 2 x 13, n = 221, is exact by default");
	ok_near(res.p_value, 0.044337328508833256, 1e-9, "fisher 2 x 13, n = 221, equals R");
	ok(fisher_test(three_by_6, 3, 6, NULL, &res, &err) == 0 && res.replicates == 0,
	   "fisher 3 x 6, n = 87, is exact by default");
	ok_near(res.p_value, 0.12023866050226319, 1e-9, "fisher 3 x 6, n = 87, equals R");

	/* More than 1000 respondents, a few in one row (expected.csv): exact
	 * by default, and the Monte Carlo, which draws Patefield's way above
	 * 1000, within 4 standard errors of the exact p. */
	static const double rare_2x5[10] = { 1, 200, 0, 300, 4, 250, 2, 260, 6, 190 };
	static const double rare_3x4[12] = { 0, 3, 500, 2, 1, 480, 4, 0, 210, 1, 2, 10 };
	ok(fisher_test(rare_2x5, 2, 5, NULL, &res, &err) == 0 && res.replicates == 0,
	   "fisher 2 x 5, n = 1213, is exact by default");
	ok_near(res.p_value, 0.012322809890620045, 1e-9, "fisher 2 x 5, n = 1213, equals R");
	ok(fisher_test(rare_3x4, 3, 4, NULL, &res, &err) == 0 && res.replicates == 0,
	   "fisher 3 x 4, n = 1213, is exact within its quick try");
	ok_near(res.p_value, 1.2586014969823107e-05, 1e-12, "fisher 3 x 4, n = 1213, equals R");
	fisher_options_default(&opt);
	opt.force_monte_carlo = 1;
	opt.replicates = 20000;
	ok(fisher_test(rare_2x5, 2, 5, &opt, &res, &err) == 0 && res.replicates == 20000,
	   "fisher Monte Carlo of 1213 respondents");
	ok(fabs(res.p_value - 0.012322809890620045) < 4 * sqrt(0.0123 * 0.9877 / 20000),
	   "its p %g is within 4 standard errors of the exact p", res.p_value);
	first = res.p_value;
	fisher_test(rare_2x5, 2, 5, &opt, &res, &err);
	ok(res.p_value == first, "Patefield's draws are reproducible with one seed");

	/* A 3 x 13 of the sample study where R's FEXACT answers 0.5774 and
	 * R's own Monte Carlo (B = 10^6, standard error 4e-4) 0.7805052195:
	 * expected-simulated.csv. Above exact_max_n it gets the quick try and
	 * is Monte Carlo; with the whole budget it is exact, and agrees with
	 * the simulation, not with FEXACT. */
	static const double three_by_13[39] = {
		15, 21, 23, 11, 11, 8, 4, 4, 5, 2, 2, 2, 3, 3, 4, 9, 7, 9, 2, 2,
		5, 3, 7, 1, 6, 2, 1, 3, 6, 3, 4, 5, 8, 1, 4, 1, 4, 4, 3,
	};
	ok(fisher_test(three_by_13, 3, 13, NULL, &res, &err) == 0 && res.replicates == 10000,
	   "fisher 3 x 13, n = 218, is Monte Carlo by default");
	fisher_options_default(&opt);
	opt.exact_max_n = 300;
	ok(fisher_test(three_by_13, 3, 13, &opt, &res, &err) == 0 && res.replicates == 0,
	   "fisher 3 x 13, n = 218, exact with the whole budget");
	ok(fabs(res.p_value - 0.7805052195) < 4 * 4.2e-4,
	   "fisher 3 x 13 exact p %.10g agrees with R's Monte Carlo 0.7805", res.p_value);

	/* Monte Carlo: reproducible by seed, near the exact p, B reported */
	fisher_options_default(&opt);
	opt.force_monte_carlo = 1;
	opt.replicates = 20000;
	ok(fisher_test(region_by_profession, 4, 5, &opt, &res, &err) == 0 &&
	   res.replicates == 20000, "fisher Monte Carlo reports B");
	first = res.p_value;
	ok(fabs(first - 0.31773131814384109) < 0.02,
	   "fisher Monte Carlo p %g within 0.02 of the exact p", first);
	fisher_test(region_by_profession, 4, 5, &opt, &res, &err);
	ok(res.p_value == first, "fisher Monte Carlo is reproducible with one seed");
	opt.seed++;
	fisher_test(region_by_profession, 4, 5, &opt, &res, &err);
	ok(res.p_value != first, "another seed gives another estimate");

	/* the work limit falls back to Monte Carlo */
	fisher_options_default(&opt);
	opt.max_nodes = 10;
	ok(fisher_test(region_by_profession, 4, 5, &opt, &res, &err) == 0 &&
	   res.replicates == opt.replicates, "fisher over its work limit uses Monte Carlo");
	/* above exact_max_n a table of 3 or more rows and columns gets a
	 * thousandth of the budget: 1e5 here, where this one needs 4e5 */
	fisher_options_default(&opt);
	opt.exact_max_n = 30;
	opt.max_nodes = 100000000;
	ok(fisher_test(region_by_profession, 4, 5, &opt, &res, &err) == 0 &&
	   res.replicates > 0, "fisher above exact_max_n past its quick try uses Monte Carlo");
	opt.max_nodes = 1000000000;
	ok(fisher_test(region_by_profession, 4, 5, &opt, &res, &err) == 0 &&
	   res.replicates == 0, "fisher above exact_max_n within its quick try is exact");
	opt.replicates = 0;
	opt.max_nodes = 100000000;
	ok(fisher_test(region_by_profession, 4, 5, &opt, &res, &err) == KY_EINPUT,
	   "Monte Carlo without replicates is an error");
	ok(fisher_test(fraction, 2, 2, NULL, &res, &err) == KY_EINPUT,
	   "fisher refuses a fractional count");
	printf("# %s\n", err.msg);
}

static void test_raoscott(void)
{
	struct tests_result res;
	struct ky_error err;
	double cov[64], population[3] = { 10, 10, 10 };
	/* a 3 x 3 table whose top-left 2 x 2 block is empty: an interaction
	 * contrast lives on empty cells only, so C'D^-1C is singular */
	const double block[9] = { 0, 0, 0.2, 0, 0, 0.3, 0.1, 0.15, 0.25 };
	double block_cov[81] = { 0 };
	/* svydesign(ids = ~1, strata = ~s, weights = ~w, fpc = ~N, data =
	 * data.frame(s = c("A","A","B","B","B"), y = c(1,3,2,4,9),
	 * w = c(5,5,3,3,3), N = c(10,10,9,9,9))): SE(svytotal(~y, des))^2 = 314 */
	const double totals[5] = { 5, 15, 6, 12, 27 };
	const size_t strata[5] = { 0, 0, 1, 1, 1 };
	const double psus[2] = { 10, 9 };
	double v;
	size_t i;

	ok(raoscott_covariance(rs_psu_z, 10, 8, rs_stratum, 3, NULL, cov, &err) == 0,
	   "design covariance from psu sums");
	ok_near(cov[0], rs_v11, 1e-10, "covariance [1, 1]");
	ok_near(cov[1 * 8 + 4], rs_v25, 1e-10, "covariance [2, 5]");
	ok_near(cov[4 * 8 + 1], rs_v25, 1e-10, "covariance is symmetric");
	ok_near(cov[63], rs_v88, 1e-10, "covariance [8, 8]");

	ok(raoscott_test(rs_shares, 2, 4, cov, rs_n, rs_nu, &res, &err) == 0 &&
	   res.defined, "rao-scott 2 x 4 is defined");
	ok_near(res.statistic, rs_f, 1e-9, "rao-scott F");
	ok_near(res.df, rs_df, 1e-9, "rao-scott df");
	ok_near(res.df2, rs_df2, 1e-9, "rao-scott df2");
	ok_near(res.p_value, rs_p, 1e-9, "rao-scott p");

	ok(raoscott_covariance(totals, 5, 1, strata, 2, psus, &v, &err) == 0,
	   "covariance with fpc");
	ok_near(v, 314, 1e-12, "fpc covariance as R svytotal");
	ok(raoscott_covariance(totals, 5, 1, NULL, 0, NULL, &v, &err) == 0,
	   "covariance with one stratum");
	ok_near(v, 5.0 / 4 * (64 + 4 + 49 + 1 + 196), 1e-12, "one-stratum covariance");
	ok(raoscott_covariance(totals, 3, 1, strata, 2, NULL, &v, &err) == KY_EINPUT,
	   "a stratum with a single psu is an error");
	printf("# %s\n", err.msg);
	ok(raoscott_covariance(rs_psu_z, 10, 8, rs_stratum, 3, population, cov, &err) == 0,
	   "population psu counts accepted");
	population[1] = 2;
	ok(raoscott_covariance(rs_psu_z, 10, 8, rs_stratum, 3, population, cov, &err) == KY_EINPUT,
	   "fewer population psus than sampled is an error");

	for (i = 0; i < 9; i++)
		block_cov[i * 9 + i] = block[i] * (1 - block[i]) / 50;
	ok(raoscott_test(block, 3, 3, block_cov, 50, 10, &res, &err) == 0 &&
	   !res.defined && res.why, "singular rao-scott system gives no row");
	printf("# %s\n", res.why ? res.why : "");
	ok(raoscott_test(rs_shares, 2, 4, cov, 0, rs_nu, &res, &err) == KY_EINPUT,
	   "rao-scott without a base is an error");
	ok(raoscott_test(rs_shares, 2, 4, cov, rs_n, 0, &res, &err) == 0 && !res.defined,
	   "rao-scott with no design df gives no row");
}

static void test_padjust(void)
{
	const double p[4] = { 0.01, 0.04, 0.03, 0.2 };
	/* p.adjust(c(0.02, NA, 0.02, 0.5, 0.001), "holm" / "BH") */
	const double q[5] = { 0.02, NAN, 0.02, 0.5, 0.001 };
	double a[5];
	enum padjust_method m;
	struct ky_error err;

	ok(padjust(p, 4, PADJUST_HOLM, a, &err) == 0, "holm");
	ok_near(a[0], 0.04, 1e-12, "holm 1");
	ok_near(a[1], 0.09, 1e-12, "holm 2");
	ok_near(a[2], 0.09, 1e-12, "holm 3");
	ok_near(a[3], 0.2, 1e-12, "holm 4");
	ok(padjust(p, 4, PADJUST_BH, a, &err) == 0, "BH");
	ok_near(a[0], 0.04, 1e-12, "BH 1");
	ok_near(a[1], 0.16 / 3, 1e-12, "BH 2");
	ok_near(a[2], 0.16 / 3, 1e-12, "BH 3");
	ok_near(a[3], 0.2, 1e-12, "BH 4");

	ok(padjust(q, 5, PADJUST_HOLM, a, &err) == 0, "holm with NA");
	ok(isnan(a[1]) && close_enough(a[0], 0.06, 1e-12) && close_enough(a[2], 0.06, 1e-12) &&
	   close_enough(a[3], 0.5, 1e-12) && close_enough(a[4], 0.004, 1e-12),
	   "holm skips NA and counts 4 p-values");
	ok(padjust(q, 5, PADJUST_BH, a, &err) == 0 && isnan(a[1]) &&
	   close_enough(a[0], 0.08 / 3, 1e-12) && close_enough(a[2], 0.08 / 3, 1e-12) &&
	   close_enough(a[3], 0.5, 1e-12) && close_enough(a[4], 0.004, 1e-12),
	   "BH with NA");
	ok(padjust(q, 5, PADJUST_BONFERRONI, a, &err) == 0 && close_enough(a[3], 1, 0) &&
	   close_enough(a[0], 0.08, 1e-12), "bonferroni caps at 1");
	a[0] = 2;
	ok(padjust(a, 1, PADJUST_HOLM, a, &err) == KY_EINPUT, "p above 1 is an error");

	ok(padjust_method_parse("BH", &m, &err) == 0 && m == PADJUST_BH, "parse BH");
	ok(padjust_method_parse("holm", &m, &err) == 0 && m == PADJUST_HOLM, "parse holm");
	ok(padjust_method_parse("sidak", &m, &err) == KY_EUSAGE, "unknown method is a usage error");
	printf("# %s\n", err.msg);
}

int main(void)
{
	test_chisq();
	test_fisher();
	test_raoscott();
	test_padjust();
	return tap_done();
}
