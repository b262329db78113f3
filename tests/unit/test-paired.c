/* test-paired.c - analysis/paired.c against values printed by R 4 (the
 * calls are beside each check) and the linking rules of
 * src/analyze/linking.c. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "analysis/paired.h"
#include "analyze/linking.h"
#include "tests/unit/tap.h"

static bool close_to(double got, double want)
{
	return fabs(got - want) <= 1e-12 + 1e-9 * fabs(want);
}

static void psignrank_matches_r(void)
{
	/* psignrank(10, 10) = 0.04199219; psignrank(0, 5) = 1/32;
	 * psignrank(27, 10) = 0.5 (the middle of a symmetric law) */
	ok(close_to(paired_psignrank(10, 10), 43.0 / 1024), "psignrank(10, 10)");
	ok(close_to(paired_psignrank(0, 5), 1.0 / 32), "psignrank(0, 5)");
	ok(close_to(paired_psignrank(27, 10), 0.5), "psignrank(27, 10)");
	ok(paired_psignrank(-1, 4) == 0, "psignrank below 0");
}

static void mcnemar_matches_r(void)
{
	/* n11 = 10, n10 = 2, n01 = 9, n00 = 4: binom.test(9, 11)$p.value =
	 * 0.06542969; difference (9 - 2) / 25 = 0.28, Wald sd
	 * sqrt(11 - 49 / 25) / 25 */
	struct paired_table t = { 10, 2, 9, 4 };
	struct paired_prop pp;
	paired_proportion(&t, 0.95, &pp);
	ok(close_to(pp.p_value, 67.0 / 1024), "McNemar exact p = binom.test(9, 11)");
	ok(close_to(pp.difference, 0.28), "paired difference of proportions");
	ok(close_to(pp.std_error, sqrt(11 - 49.0 / 25) / 25), "its Wald standard error");
	ok(close_to(pp.p_pre, 12.0 / 25) && close_to(pp.p_post, 19.0 / 25), "shares before, after");
	struct paired_table none = { 3, 0, 0, 2 };
	paired_proportion(&none, 0.95, &pp);
	ok(pp.p_value == 1 && pp.std_error == 0, "no discordant pair: p 1, se 0");
}

static void wilcoxon_regimes(void)
{
	/* wilcox.test(post, pre, paired = TRUE): d = 1 2 -3 4 5 6 (exact,
	 * V = 18, p = 0.15625); with a zero and ties: normal, continuity
	 * corrected: d = 0 1 1 -2 3 3, V = 12 (ranks 1.5 1.5 3 4.5 4.5),
	 * p = 0.2763029173374834 */
	double pre[6] = { 0 }, post1[6] = { 1, 2, -3, 4, 5, 6 }, post2[6] = { 0, 1, 1, -2, 3, 3 };
	struct paired_wilcoxon w;
	paired_wilcoxon_test(pre, post1, 6, &w);
	ok(w.exact && w.v == 18 && close_to(w.p_value, 0.15625), "exact regime: V 18, p %g", w.p_value);
	paired_wilcoxon_test(pre, post2, 6, &w);
	ok(!w.exact && w.n_nonzero == 5 && w.v == 12, "zero dropped, ties: normal regime, V %g", w.v);
	ok(fabs(w.p_value - 0.2763029173374834) < 1e-9, "normal regime p %g", w.p_value);
}

static void wilcoxon_large_and_t(void)
{
	/* d = 1..55, every fourth negative: no ties, but 55 pairs: normal,
	 * wilcox.test(d): V = 1176, p = 0.000680042645161887; twelve pairs
	 * 1 -2 3 4 5 -6 7 8 9 10 11 -12: exact, p = 0.1513671875 */
	double pre[55] = { 0 }, post[55], post12[12] = { 1, -2, 3, 4, 5, -6, 7, 8, 9, 10, 11, -12 };
	struct paired_wilcoxon w;
	for (int i = 0; i < 55; i++)
		post[i] = (i + 1) * ((i + 1) % 4 == 0 ? -1 : 1);
	paired_wilcoxon_test(pre, post, 55, &w);
	ok(!w.exact && w.v == 1176 && close_to(w.p_value, 0.000680042645161887),
	   "55 pairs without ties: normal regime, p %.15g", w.p_value);
	paired_wilcoxon_test(pre, post12, 12, &w);
	ok(w.exact && close_to(w.p_value, 0.1513671875), "12 pairs: exact, p %.15g", w.p_value);
	/* t.test(y, x, paired = TRUE): 1.4, se 0.5099019513592785, interval
	 * -0.01571477698227234 2.815714776982272, p 0.05160595781117475 */
	double x[5] = { 3, 5, 2, 8, 6 }, y[5] = { 4, 7, 2, 9, 9 };
	struct paired_t t;
	paired_t_test(x, y, 5, 0.95, &t);
	ok(close_to(t.difference, 1.4) && close_to(t.std_error, 0.50990195135927852) &&
	   close_to(t.conf_low, -0.01571477698227234) && close_to(t.conf_high, 2.81571477698227168) &&
	   close_to(t.p_value, 0.05160595781117475), "paired t as t.test(paired = TRUE)");
	ok(close_to(t.d_z, 1.4 / (0.50990195135927852 * sqrt(5))), "d_z = mean / sd of the differences");
}

static void linking_rules(void)
{
	const char *a = "v1.00000000000000000000000000000001.00000000000000000000000000000002.00000000000000000000000000000003";
	const char *b = "v1.00000000000000000000000000000001.00000000000000000000000000000002.0000000000000000000000000000000f";
	const char *c = "v1.0000000000000000000000000000000c.0000000000000000000000000000000c.0000000000000000000000000000000c";
	const char *code[] = { a, a, b, c, c, c, NULL, "v1.x" };
	int phase[] = { 0, 1, 1, 0, 0, 1, 1, 0 };
	struct link_result r;
	link_codes(code, phase, 8, &r);
	ok(r.n_pairs == 1 && r.pre[0] == 0 && r.post[0] == 1, "equal codes pair up");
	ok(r.duplicate == 2, "a code twice within pre is a duplicate (%zu)", r.duplicate);
	ok(r.near_miss == 0, "b's only near partner is linked already");
	/* unlinked: b, c, c, c, the row without a code and the invalid one */
	ok(r.unlinked == 6, "unlinked %zu", r.unlinked);
	link_result_release(&r);
	const char *code2[] = { a, b };
	int phase2[] = { 0, 1 };
	link_codes(code2, phase2, 2, &r);
	ok(r.n_pairs == 0 && r.near_miss == 1 && r.unlinked == 2, "one part differs: a near miss, not a pair");
	link_result_release(&r);
}

int main(void)
{
		psignrank_matches_r();
	mcnemar_matches_r();
	wilcoxon_regimes();
	wilcoxon_large_and_t();
	linking_rules();
	return tap_done();
}
