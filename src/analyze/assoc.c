/* assoc.c - the rows of tests.csv: every select_one question against the
 * (crossed) --by variable: chisq and, for small expected counts, fisher
 * (unweighted), or rao-scott (any design option); p-values adjusted over
 * the file (Holm by default). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/tests.h"
#include "analyze/analyze.h"
#include "analyze/stream.h"
#include "util/mem.h"

struct test_row {
	const char *variable;
	const char *test;
	double statistic, df, df2, p_value, p_adjusted, n;
};

struct test_rows {
	struct test_row *row;
	size_t n, cap;
};

static struct test_row *test_add(struct test_rows *t, const char *variable, const char *test,
				 const struct tests_result *res, double n)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->row = ky_reallocarray(t->row, t->cap, sizeof *t->row);
	}
	struct test_row *r = &t->row[t->n++];
	r->variable = variable;
	r->test = test;
	r->statistic = res->statistic;
	r->df = res->df;
	r->df2 = res->df2;
	r->p_value = res->p_value;
	r->p_adjusted = NAN;
	r->n = n;
	return r;
}

/* Rao-Scott on the question (rows) by the groups (columns) among the
 * respondents who answered both. */
static int rao_scott(struct analyze_run *run, const struct avar *a, size_t rows, size_t cols,
		     double n_base, struct tests_result *res, struct ky_error *err)
{
	size_t k = rows * cols, n = run->n;
	size_t *cell = NULL;
	double *share = ky_calloc(k, sizeof *share), *cov = ky_calloc(k * k, sizeof *cov), nu;
	int rc;

	if (a->acc) {
		rc = design_sums_cell_covariance(run->design, &a->acc->sums, cols, share, cov, &nu, err);
		goto test;
	}
	cell = ky_calloc(n + 1, sizeof *cell);
	for (size_t i = 0; i < n; i++)
		cell[i] = a->code[i] < 0 || run->group[i] < 0 ? SIZE_MAX
			: (size_t)a->code[i] + rows * (size_t)run->group[i];
	rc = design_cell_covariance(run->design, run->work, cell, k, share, cov, &nu, err);
test:
	if (!rc)
		rc = raoscott_test(share, rows, cols, cov, n_base, nu, res, err);
	free(cell);
	free(share);
	free(cov);
	return rc;
}

static int test_question(struct analyze_run *run, const struct avar *a, struct test_rows *out,
			 struct ky_error *err)
{
	size_t rows = a->n_levels, cols = run->n_groups;
	double *table = ky_calloc(rows * cols + 1, sizeof *table), total = 0;
	size_t kr = 0, kc = 0;
	struct tests_result res;
	int rc = KY_OK;

	if (a->acc) {
		for (size_t cell = 0; cell < rows * cols; cell++) {
			table[cell] = a->acc->group_hits[cell];
			total += table[cell];
		}
	}
	for (size_t i = 0; i < run->n && !a->acc; i++) {
		if (a->code[i] < 0 || run->group[i] < 0)
			continue;
		table[(size_t)a->code[i] + rows * (size_t)run->group[i]]++;
		total++;
	}
	/* levels that occur: a table with fewer than 2 on a side has no test */
	for (size_t r = 0; r < rows; r++) {
		double sum = 0;
		for (size_t c = 0; c < cols; c++)
			sum += table[r + rows * c];
		kr += sum > 0;
	}
	for (size_t c = 0; c < cols; c++) {
		double sum = 0;
		for (size_t r = 0; r < rows; r++)
			sum += table[r + rows * c];
		kc += sum > 0;
	}
	if (kr < 2 || kc < 2)
		goto out;
	if (run->design) {
		rc = rao_scott(run, a, rows, cols, total, &res, err);
		if (!rc && res.defined && isfinite(res.p_value))
			test_add(out, a->name, "rao-scott", &res, total);
		goto out;
	}
	rc = chisq_test(table, rows, cols, 0, &res, err);
	if (rc || !res.defined)
		goto out;
	test_add(out, a->name, "chisq", &res, total);
	if (res.small_expected && ((kr == 2 && kc == 2) || total <= 100)) {
		rc = fisher_test(table, rows, cols, NULL, &res, err);
		if (!rc && res.defined)
			test_add(out, a->name, "fisher", &res, total);
	}
out:
	free(table);
	return rc;
}

static const char *const header[] = {
	"form", "variable", "by", "level", "test", "statistic", "df", "df2",
	"p_value", "p_adjusted", "adjust_method", "n",
};

int analyze_write_tests(struct analyze_run *run, FILE *fp, const char *path,
			struct ky_error *err)
{
	struct csvwrite w;
	struct test_rows rows = { 0 };
	enum padjust_method adjust = PADJUST_HOLM;
	int rc = KY_OK;

	if (run->opt->adjust) {
		rc = padjust_method_parse(run->opt->adjust, &adjust, err);
		if (rc)
			return rc;
	}
	for (size_t v = 0; v < run->n_vars && run->n_groups && !rc; v++) {
		const struct avar *a = &run->vars[v];
		bool is_by = false;
		for (size_t b = 0; b < run->opt->n_by; b++)
			is_by |= run->by_var[b] == v;
		if (!a->q || is_by || a->kind != AV_CATEGORICAL)
			continue;
		rc = test_question(run, a, &rows, err);
	}
	/* adjust each kind of test over the file */
	static const char *const kinds[] = { "chisq", "fisher", "rao-scott" };
	for (size_t t = 0; t < 3 && !rc; t++) {
		double *p = ky_calloc(rows.n + 1, sizeof *p);
		size_t m = 0;
		for (size_t j = 0; j < rows.n; j++)
			if (!strcmp(rows.row[j].test, kinds[t]))
				p[m++] = rows.row[j].p_value;
		rc = padjust(p, m, adjust, p, err);
		for (size_t j = 0, q = 0; j < rows.n && !rc; j++)
			if (!strcmp(rows.row[j].test, kinds[t]))
				rows.row[j].p_adjusted = p[q++];
		free(p);
	}
	if (rc) {
		free(rows.row);
		return rc;
	}
	csvwrite_init(&w, fp, run->opt->digits);
	for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
		csvwrite_text(&w, header[h]);
	csvwrite_end_row(&w);
	for (size_t j = 0; j < rows.n; j++) {
		const struct test_row *r = &rows.row[j];
		csvwrite_text(&w, run->form->form_id);
		csvwrite_text(&w, r->variable);
		csvwrite_text(&w, run->by_label);
		csvwrite_text(&w, "");
		csvwrite_text(&w, r->test);
		csvwrite_number(&w, r->statistic);
		csvwrite_number(&w, r->df);
		csvwrite_number(&w, r->df2);
		csvwrite_number(&w, r->p_value);
		csvwrite_number(&w, r->p_adjusted);
		csvwrite_text(&w, padjust_method_name(adjust));
		csvwrite_int(&w, (long long)r->n);
		csvwrite_end_row(&w);
	}
	free(rows.row);
	return csvwrite_close(&w, path, err);
}
