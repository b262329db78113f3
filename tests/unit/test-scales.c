/* test-scales.c - Cronbach's alpha, Feldt's interval, alpha if item
 * deleted (R fixtures), and knowledge scores (hand-checked). */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include "analysis/interval.h"
#include "analysis/scales.h"
#include "analysis/score.h"
#include "tests/unit/tap.h"

/* R: set.seed(11); n <- 40; k <- 4; lat <- rnorm(n)
 * x <- sapply(1:k, function(j) pmin(5, pmax(1, round(3 + lat + rnorm(n, sd = 0.9)))))
 * x[3, 2] <- NA; x[17, 4] <- NA      (respondent-major below) */
static const double likert[40 * 4] = {
	1, 2, 5, 2, 3, 3, 2, 3, 2, NAN, 3, 2, 1, 1, 2, 2, 5, 5, 4, 3, 2, 2, 3, 2,
	2, 3, 5, 3, 4, 4, 4, 3, 4, 2, 4, 3, 2, 1, 1, 2, 3, 3, 2, 3, 2, 2, 2, 3,
	1, 2, 2, 2, 3, 2, 2, 3, 2, 2, 1, 1, 4, 3, 3, 4, 3, 4, 2, NAN, 4, 3, 2, 5,
	4, 4, 2, 3, 2, 2, 3, 3, 2, 2, 1, 2, 5, 3, 3, 3, 2, 3, 1, 3, 2, 3, 3, 3,
	4, 1, 3, 5, 5, 4, 3, 3, 2, 3, 3, 2, 1, 1, 4, 2, 2, 4, 2, 2, 3, 3, 2, 2,
	2, 3, 1, 2, 2, 4, 3, 2, 3, 4, 4, 4, 2, 1, 2, 1, 3, 2, 1, 3, 4, 3, 4, 5,
	2, 2, 4, 4, 5, 5, 5, 3, 1, 2, 2, 3, 3, 3, 2, 4
};

static void test_alpha(void)
{
	struct scales_alpha a;
	struct ky_error err;
	double drop[4], constant[6] = { 3, 3, 3, 3, 3, 3 };
	double two_items[6] = { 1, 2, 2, 2, 3, 5 };

	/* alpha <- function(m) k/(k-1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))
	 * on x[complete.cases(x), ]; Feldt as psych::alpha.ci */
	ok(scales_alpha(likert, 40, 4, 0.95, &a, drop, &err) == 0, "alpha runs");
	ok(a.n == 38 && a.items == 4, "alpha uses the 38 complete cases");
	ok_near(a.alpha, 0.691344484050818, 1e-12, "alpha");
	ok_near(a.conf_low, 0.492679397821826, 1e-10, "Feldt low 95 %");
	ok_near(a.conf_high, 0.82515340486163, 1e-10, "Feldt high 95 %");
	ok_near(drop[0], 0.520700636942675, 1e-12, "alpha without item 1");
	ok_near(drop[1], 0.613606628870475, 1e-12, "alpha without item 2");
	ok_near(drop[2], 0.708542713567839, 1e-12, "alpha without item 3");
	ok_near(drop[3], 0.641046277665996, 1e-12, "alpha without item 4");
	ok(scales_alpha(likert, 40, 4, 0.90, &a, NULL, &err) == 0, "alpha at 90 %%");
	ok_near(a.conf_low, 0.531425233326526, 1e-10, "Feldt low 90 %");
	ok_near(a.conf_high, 0.808022551390415, 1e-10, "Feldt high 90 %");

	ok(scales_alpha(two_items, 3, 2, 0.95, &a, drop, &err) == 0 && isnan(drop[0]) &&
	   isnan(drop[1]), "two items: no alpha if one is deleted");
	/* var(1,2,3)=1, var(2,2,5)=3, var(3,4,8)=7: 2 (1 - 4/7) */
	ok_near(a.alpha, 2 * (1 - 4.0 / 7), 1e-12, "two-item alpha by hand");
	/* a 26-item test of 232 respondents: GSL's F inverse gives NaN for
	 * the upper quantile; R qf(0.975, 231, 5775) = 1.195136195321 */
	ok_near(interval_f_quantile(0.975, 231, 5775), 1.195136195321, 1e-9,
		"F quantile where GSL's inverse fails");
	ok_near(interval_f_quantile(0.025, 231, 5775), 0.823263504414, 1e-9, "F lower quantile");
	ok(scales_alpha(constant, 3, 2, 0.95, &a, NULL, &err) == 0 && isnan(a.alpha) &&
	   isnan(a.conf_low), "no variance: alpha not defined");
	ok(scales_alpha(likert, 1, 4, 0.95, &a, NULL, &err) == 0 && isnan(a.alpha) &&
	   a.n == 1, "one respondent: alpha not defined");
	ok(scales_alpha(likert, 40, 1, 0.95, &a, NULL, &err) == KY_EINPUT, "one item is an error");
	printf("# %s\n", err.msg);
	ok(scales_alpha(likert, 40, 4, 1.5, &a, NULL, &err) == KY_EINPUT, "bad level is an error");
}

static void test_score(void)
{
	/* 3 respondents x 4 items: items 1, 2 in domain 0, item 3 in domain 1,
	 * item 4 in no domain; item 4 is worth 2 points */
	const double points[12] = {
		1, 0, 1, 2,
		1, NAN, 0, 1,
		NAN, NAN, NAN, NAN
	};
	const double max[4] = { 1, 1, 1, 2 };
	const size_t domain[4] = { 0, 0, 1, SCORE_NO_DOMAIN };
	const size_t bad_domain[4] = { 0, 0, 5, 0 };
	const double zero_max[4] = { 1, 0, 1, 1 };
	double total[3], percent[3], dtotal[6], dpercent[6];
	size_t passed, scored;
	struct ky_error err;

	ok(score_respondents(points, 3, 4, max, domain, 2, SCORE_MISSING_ZERO, total,
			     percent, dtotal, dpercent, &err) == 0, "scores, missing as 0");
	ok(total[0] == 4 && total[1] == 2 && isnan(total[2]), "totals 4, 2, not scored");
	ok_near(percent[0], 80, 1e-12, "percent of 5 points");
	ok_near(percent[1], 40, 1e-12, "unanswered item counts 0");
	ok(dtotal[0] == 1 && dtotal[1] == 1 && dtotal[2] == 1 && dtotal[3] == 0,
	   "domain totals");
	ok_near(dpercent[0], 50, 1e-12, "domain percent");
	ok(isnan(dtotal[4]) && isnan(dpercent[5]), "no answers: no domain score");

	ok(score_respondents(points, 3, 4, max, domain, 2, SCORE_MISSING_UNDEFINED, total,
			     percent, dtotal, dpercent, &err) == 0, "scores, missing undefined");
	ok(total[0] == 4 && isnan(total[1]) && isnan(percent[1]), "a missing item undefines the total");
	ok(isnan(dtotal[2]) && dtotal[3] == 0, "only the domain holding the missing item is undefined");

	ok(score_respondents(points, 3, 4, max, NULL, 0, SCORE_MISSING_ZERO, total, NULL,
			     NULL, NULL, &err) == 0 && total[0] == 4, "scores without domains");
	ok(score_respondents(points, 3, 4, max, bad_domain, 2, SCORE_MISSING_ZERO, total,
			     NULL, NULL, NULL, &err) == KY_EINPUT, "domain out of range is an error");
	printf("# %s\n", err.msg);
	ok(score_respondents(points, 3, 4, zero_max, NULL, 0, SCORE_MISSING_ZERO, total,
			     NULL, NULL, NULL, &err) == KY_EINPUT, "zero maximum is an error");

	score_respondents(points, 3, 4, max, NULL, 0, SCORE_MISSING_ZERO, NULL, percent,
			  NULL, NULL, &err);
	score_pass_count(percent, 3, 40, &passed, &scored);
	ok(passed == 2 && scored == 2, "pass mark 40 %%: 2 of 2 scored pass");
	score_pass_count(percent, 3, 60, &passed, &scored);
	ok(passed == 1 && scored == 2, "pass mark 60 %%: 1 of 2");
}

int main(void)
{
	gsl_set_error_handler_off();   /* as main() does: statuses are checked */
	test_alpha();
	test_score();
	return tap_done();
}
