/* padjust.c - multiple-comparison adjustment of p-values (R p.adjust). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/tests.h"
#include "util/mem.h"

struct ranked_p {
	double p;
	size_t index;
};

/* Ties keep their input order so that the result does not depend on qsort. */
static int ranked_p_ascending(const void *a, const void *b)
{
	const struct ranked_p *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int padjust(const double *p, size_t n, enum padjust_method method,
	    double *adjusted, struct ky_error *err)
{
	struct ranked_p *ranked;
	size_t m = 0, i;
	double running;

	if (!padjust_method_name(method))
		return ky_error_set(err, KY_EINPUT, "p.adjust: unknown method %d",
				    (int)method);
	if (n == 0)
		return KY_OK;
	if (!p || !adjusted)
		return ky_error_set(err, KY_EINPUT, "p.adjust: no p-values");
	for (i = 0; i < n; i++)
		if (!isnan(p[i]) && (p[i] < 0 || p[i] > 1))
			return ky_error_set(err, KY_EINPUT,
					    "p.adjust: p-value %zu is %g, outside [0, 1]",
					    i + 1, p[i]);
	ranked = ky_calloc(n, sizeof *ranked);
	for (i = 0; i < n; i++)
		if (!isnan(p[i])) {
			ranked[m].p = p[i];
			ranked[m].index = i;
			m++;
		}
	qsort(ranked, m, sizeof *ranked, ranked_p_ascending);
	/* adjusted may alias p: every p is read into ranked before writing. */
	for (i = 0; i < n; i++)
		if (isnan(p[i]))
			adjusted[i] = NAN;
	switch (method) {
	case PADJUST_NONE:
		for (i = 0; i < m; i++)
			adjusted[ranked[i].index] = ranked[i].p;
		break;
	case PADJUST_BONFERRONI:
		for (i = 0; i < m; i++)
			adjusted[ranked[i].index] = fmin(1, (double)m * ranked[i].p);
		break;
	case PADJUST_HOLM:
		/* step down: cumulative maximum of (m - i) p_(i), smallest first */
		running = 0;
		for (i = 0; i < m; i++) {
			running = fmax(running, (double)(m - i) * ranked[i].p);
			adjusted[ranked[i].index] = fmin(1, running);
		}
		break;
	case PADJUST_BH:
		/* step up: cumulative minimum of m/i p_(i), largest first */
		running = 1;
		for (i = m; i-- > 0;) {
			running = fmin(running, (double)m / (double)(i + 1) * ranked[i].p);
			adjusted[ranked[i].index] = running;
		}
		break;
	}
	free(ranked);
	return KY_OK;
}

static const struct {
	const char *name;
	enum padjust_method method;
} padjust_names[] = {
	{ "none", PADJUST_NONE },
	{ "bonferroni", PADJUST_BONFERRONI },
	{ "holm", PADJUST_HOLM },
	{ "BH", PADJUST_BH },
	{ "fdr", PADJUST_BH },
};

int padjust_method_parse(const char *name, enum padjust_method *method,
			 struct ky_error *err)
{
	size_t i;

	for (i = 0; name && i < sizeof padjust_names / sizeof padjust_names[0]; i++)
		if (strcmp(name, padjust_names[i].name) == 0) {
			*method = padjust_names[i].method;
			return KY_OK;
		}
	return ky_error_set(err, KY_EUSAGE,
			    "'%s': unknown p-value adjustment (none, bonferroni, holm, BH)",
			    name ? name : "");
}

const char *padjust_method_name(enum padjust_method method)
{
	size_t i;

	for (i = 0; i < sizeof padjust_names / sizeof padjust_names[0]; i++)
		if (padjust_names[i].method == method)
			return padjust_names[i].name;
	return NULL;
}
