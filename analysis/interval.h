/* interval.h - confidence intervals for proportions, means and medians.
 *
 * Pure functions of numbers: no allocation, no I/O. Every definition and
 * edge-case convention is that of ../shared/spec/statistics.md and
 * ../shared/reference/README.md (oracles: R prop.test, binom.test, qbeta,
 * svyciprop, t.test, DescTools::MedianCI). A bound that is not defined
 * (no degrees of freedom, an empty base) is NaN; writers turn NaN into an
 * empty cell. The caller must have called gsl_set_error_handler_off(). */
#ifndef KY_ANALYSIS_INTERVAL_H
#define KY_ANALYSIS_INTERVAL_H

#include <stddef.h>
#include "util/error.h"

enum interval_method {
	IM_WILSON,            /* unweighted default */
	IM_CLOPPER_PEARSON,
	IM_JEFFREYS,
	IM_AGRESTI_COULL,
	IM_WALD,              /* unweighted p +- z se, or design-based p +- t se */
	IM_LOGIT,             /* design-based default (svyciprop "logit") */
	IM_KORN_GRAUBARD      /* design-based (svyciprop "beta") */
};

/* "wilson", "clopper-pearson", ...; KY_EUSAGE for an unknown name. */
int interval_method_parse(const char *name, enum interval_method *out, struct ky_error *err);
const char *interval_method_name(enum interval_method m);
/* True for the methods that only exist for a design (logit, korn-graubard). */
int interval_method_design_only(enum interval_method m);

/* z = Phi^-1(1 - a/2) and t = t_df^-1(1 - a/2), a = 1 - level; the t
 * quantile is NaN for df < 1 (not defined here). */
double interval_z(double level);
double interval_t(double level, double df);

/* The beta quantile gsl_cdf_beta_Pinv(u; a, b), falling back to a Brent
 * root search on the distribution function where GSL 2.7 returns NaN
 * (rare events at large n). NaN when a or b is not positive. */
double interval_beta_quantile(double u, double a, double b);
/* The F(df1, df2) quantile of u in [0, 1), as R's qf(u, df1, df2), with the
 * same kind of fallback where GSL's inverse gives NaN. */
double interval_f_quantile(double u, double df1, double df2);

/* Unweighted proportion x of n (simple random sample), any of the five
 * SRS methods (logit and korn-graubard are not SRS methods: KY_EUSAGE).
 * n = 0 gives NaN bounds. */
int interval_srs_proportion(enum interval_method m, double x, double n, double level,
			    double *low, double *high, struct ky_error *err);

/* Design-based proportion: p the weighted share, se its standard error
 * (already 0 when below 1e-13), df the domain's design df, x and base the
 * unweighted counts, nrow_design the rows of the domain design for
 * Korn-Graubard's df factor (the base, or every respondent for a
 * calibrated design). Methods logit, korn-graubard, wald. */
int interval_design_proportion(enum interval_method m, double p, double se, double df,
			       double x, double base, double nrow_design, double level,
			       double *low, double *high, struct ky_error *err);

/* mean +- t(df) se; NaN bounds when df < 1 or se is NaN. */
void interval_t_mean(double mean, double se, double df, double level,
		     double *low, double *high);

/* The order-statistic median interval's k for n answers: the largest k
 * with 1 - 2 P(Bin(n, 1/2) <= k - 1) >= level; 0 when none (no interval). */
size_t interval_median_rank(size_t n, double level);

#endif
