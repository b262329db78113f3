/* assoc.c - the rows of tests.csv: every select_one question, and every
 * option of a select_multiple on its own (chosen or not, `level`), against
 * the (crossed) --by variable: chisq and, for small expected counts, fisher
 * (exact, or fisher-mc with B when the exact enumeration would pass its
 * work budget; unweighted), or rao-scott (any design option), each with
 * the table's smallest expected count; p-values adjusted over the file
 * (Holm by default). */
#include "config.h"
#include "io/table.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/tests.h"
#include "analyze/analyze.h"
#include "analyze/repeats.h"
#include "analyze/stream.h"
#include "util/mem.h"

struct test_row {
	const char *variable;
	const char *level;      /* a select_multiple option, or NULL */
	const char *test;
	double statistic, df, df2, p_value, p_adjusted, n;
	double min_expected;    /* smallest expected count of the (unweighted) table */
	unsigned long replicates;  /* fisher-mc: B; 0 otherwise */
	const char *repeat;     /* a repeat's question: the repeat (repeats.h), else NULL */
};

struct test_rows {
	struct test_row *row;
	size_t n, cap;
};

static struct test_row *test_add(struct test_rows *t, const char *variable, const char *level,
				 const char *test, const struct tests_result *res, double n)
{
	KY_GROW(t->row, t->n, t->cap, 32);
	struct test_row *r = &t->row[t->n++];
	r->variable = variable;
	r->level = level;
	r->test = test;
	r->statistic = res->statistic;
	r->df = res->df;
	r->df2 = res->df2;
	r->p_value = res->p_value;
	r->p_adjusted = NAN;
	r->n = n;
	r->min_expected = NAN;
	r->replicates = res->replicates;
	r->repeat = NULL;
	return r;
}

/* What one test crosses with the groups: a select_one question's levels,
 * or one option of a select_multiple, chosen (row 0) or not (row 1) among
 * those who answered the question. */
struct test_source {
	const struct avar *a;
	size_t option;          /* SIZE_MAX: the question's levels */
};

static size_t source_rows(const struct test_source *src)
{
	return src->option == SIZE_MAX ? src->a->n_levels : 2;
}

/* Row of respondent i in the table, SIZE_MAX when outside it. */
static size_t source_row(const struct test_source *src, size_t i)
{
	const struct avar *a = src->a;
	if (src->option == SIZE_MAX)
		return a->code[i] < 0 ? SIZE_MAX : (size_t)a->code[i];
	if (!a->answered[i])
		return SIZE_MAX;
	return avar_chosen(a, i, src->option) ? 0 : 1;
}

/* A select_multiple option's sums as a two-level question: chosen, not. */
static void option_sums(const struct stream_var *v, size_t option, struct design_sums *out)
{
	const struct design_sums *s = &v->sums;
	size_t cells = s->groups * s->units;

	memset(out, 0, sizeof *out);
	out->K = 2;
	out->groups = s->groups;
	out->units = s->units;
	out->moments = s->moments;
	out->indicator = true;
	out->rows = ky_calloc(cells + 1, sizeof *out->rows);
	out->sw = ky_calloc(cells + 1, sizeof *out->sw);
	out->sw2 = ky_calloc(cells + 1, sizeof *out->sw2);
	out->swy = ky_calloc(2 * cells + 1, sizeof *out->swy);
	out->sw2y = ky_calloc(2 * cells + 1, sizeof *out->sw2y);
	for (size_t c = 0; c < cells; c++) {
		double wy = s->swy[c * s->K + option], w2y = s->sw2y[c * s->K + option];
		out->rows[c] = s->rows[c];
		out->sw[c] = s->sw[c];
		out->sw2[c] = s->sw2[c];
		out->swy[2 * c] = wy;
		out->swy[2 * c + 1] = s->sw[c] - wy;
		out->sw2y[2 * c] = w2y;
		out->sw2y[2 * c + 1] = s->sw2[c] - w2y;
	}
}

/* Rao-Scott on the source (rows) by the groups (columns) among the
 * respondents in both. */
static int rao_scott(struct analyze_run *run, const struct test_source *src, size_t rows,
		     size_t cols, double n_base, struct tests_result *res, struct ky_error *err)
{
	size_t k = rows * cols, n = run->n;
	size_t *cell = NULL;
	double *share = ky_calloc(k, sizeof *share), *cov = ky_calloc(k * k, sizeof *cov), nu;
	int rc;

	if (src->a->acc && src->option == SIZE_MAX) {
		rc = design_sums_cell_covariance(run->design, &src->a->acc->sums, cols, share, cov, &nu, err);
	} else if (src->a->acc) {
		struct design_sums two;
		option_sums(src->a->acc, src->option, &two);
		rc = design_sums_cell_covariance(run->design, &two, cols, share, cov, &nu, err);
		design_sums_release(&two);
	} else {
		cell = ky_calloc(n + 1, sizeof *cell);
		for (size_t i = 0; i < n; i++) {
			size_t r = source_row(src, i);
			cell[i] = r == SIZE_MAX || run->group[i] < 0 ? SIZE_MAX
				: r + rows * (size_t)run->group[i];
		}
		rc = design_cell_covariance(run->design, run->work, cell, k, share, cov, &nu, err);
	}
	if (!rc)
		rc = raoscott_test(share, rows, cols, cov, n_base, nu, res, err);
	free(cell);
	free(share);
	free(cov);
	return rc;
}

/* The unweighted table, rows x groups (cell r + rows c); returns its total. */
static double fill_table(const struct analyze_run *run, const struct test_source *src,
			 double *table)
{
	const struct stream_var *v = src->a->acc;
	size_t rows = source_rows(src), cols = run->n_groups;
	double total = 0;

	for (size_t c = 0; c < cols && v; c++) {
		double answered = 0;
		for (size_t u = 0; u < v->sums.units && src->option != SIZE_MAX; u++)
			answered += v->sums.rows[c * v->sums.units + u];
		for (size_t r = 0; r < rows; r++) {
			double chosen = src->option == SIZE_MAX ? v->group_hits[c * v->K + r]
				: v->group_hits[c * v->K + src->option];
			table[r + rows * c] = src->option == SIZE_MAX || r == 0 ? chosen : answered - chosen;
			total += table[r + rows * c];
		}
	}
	for (size_t i = 0; i < run->n && !v; i++) {
		size_t r = source_row(src, i);
		if (r == SIZE_MAX || run->group[i] < 0)
			continue;
		table[r + rows * (size_t)run->group[i]]++;
		total++;
	}
	return total;
}

/* The smallest expected count r_i c_j / n of the table's cells, over the
 * rows and columns that occur: the warning a reader of a chi-square test
 * needs (below 5 is the usual rule, and the reason for a Fisher row). */
static double min_expected(const double *table, size_t rows, size_t cols, double total)
{
	double least = INFINITY;

	for (size_t r = 0; r < rows; r++) {
		double row_sum = 0;
		for (size_t c = 0; c < cols; c++)
			row_sum += table[r + rows * c];
		if (row_sum <= 0)
			continue;
		for (size_t c = 0; c < cols; c++) {
			double col_sum = 0;
			for (size_t k = 0; k < rows; k++)
				col_sum += table[k + rows * c];
			if (col_sum > 0)
				least = fmin(least, row_sum * col_sum / total);
		}
	}
	return isfinite(least) ? least : NAN;
}

static int test_source(struct analyze_run *run, const struct test_source *src,
		       struct test_rows *out, struct ky_error *err)
{
	size_t rows = source_rows(src), cols = run->n_groups;
	double *table = ky_calloc(rows * cols + 1, sizeof *table);
	double total = fill_table(run, src, table);
	const char *level = src->option == SIZE_MAX ? NULL : src->a->level_names[src->option];
	size_t kr = 0, kc = 0;
	struct tests_result res;
	int rc = KY_OK;

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
	double least = min_expected(table, rows, cols, total);
	if (run->design) {
		rc = rao_scott(run, src, rows, cols, total, &res, err);
		if (!rc && res.defined && isfinite(res.p_value))
			test_add(out, src->a->name, level, "rao-scott", &res, total)->min_expected = least;
		goto out;
	}
	rc = chisq_test(table, rows, cols, 0, &res, err);
	if (rc || !res.defined)
		goto out;
	test_add(out, src->a->name, level, "chisq", &res, total)->min_expected = least;
	/* exact within fisher_test's work budget, else Monte Carlo: said by
	 * the test's name and B, never silently */
	if (res.small_expected) {
		rc = fisher_test(table, rows, cols, NULL, &res, err);
		if (!rc && res.defined)
			test_add(out, src->a->name, level, res.replicates ? "fisher-mc" : "fisher",
				 &res, total)->min_expected = least;
	}
out:
	free(table);
	return rc;
}

/* A select_one question, or each option of a select_multiple on its own. */
static int test_question(struct analyze_run *run, const struct avar *a, struct test_rows *out,
			 struct ky_error *err)
{
	struct test_source src = { .a = a, .option = SIZE_MAX };
	int rc = KY_OK;

	if (a->kind == AV_CATEGORICAL)
		return test_source(run, &src, out, err);
	for (src.option = 0; src.option < a->n_levels && !rc; src.option++)
		rc = test_source(run, &src, out, err);
	return rc;
}

static const char *const header[] = {
	"form", "variable", "by", "level", "test", "statistic", "df", "df2",
	"p_value", "p_adjusted", "adjust_method", "n", "min_expected", "B", "repeat",
};

/* Holm and BH run over each family of tests in the file; an exact and a
 * Monte Carlo Fisher test answer the same question, so they are one. */
static bool same_family(const char *test, const char *family)
{
	if (!strcmp(family, "fisher"))
		return !strcmp(test, "fisher") || !strcmp(test, "fisher-mc");
	return !strcmp(test, family);
}

/* The tests of a run's questions against its groups; in a repeat's run,
 * of the repeat's questions (the others are its respondents' by and
 * design variables). */
static int run_tests(struct analyze_run *run, struct test_rows *rows, struct ky_error *err)
{
	int rc = KY_OK;

	for (size_t v = 0; v < run->n_vars && run->n_groups && !rc; v++) {
		const struct avar *a = &run->vars[v];
		bool is_by = false;
		for (size_t b = 0; b < run->opt->n_by; b++)
			is_by |= run->by_var[b] == v;
		if (!a->q || is_by || (a->kind != AV_CATEGORICAL && a->kind != AV_MULTIPLE) ||
		    (run->repeat_name && a->q->repeat < 0))
			continue;
		size_t first = rows->n;
		rc = test_question(run, a, rows, err);
		for (size_t j = first; j < rows->n; j++)
			rows->row[j].repeat = run->repeat_name;
	}
	return rc;
}

int analyze_tests_table(struct analyze_run *run, struct table *out, struct ky_error *err)
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
	rc = run_tests(run, &rows, err);
	for (size_t r = 0; r < analyze_repeat_count(run) && !rc; r++)
		if (analyze_repeat_run(run, r))
			rc = run_tests(analyze_repeat_run(run, r), &rows, err);
	/* adjust each kind of test over the file */
	static const char *const kinds[] = { "chisq", "fisher", "rao-scott" };
	for (size_t t = 0; t < 3 && !rc; t++) {
		double *p = ky_calloc(rows.n + 1, sizeof *p);
		size_t m = 0;
		for (size_t j = 0; j < rows.n; j++)
			if (same_family(rows.row[j].test, kinds[t]))
				p[m++] = rows.row[j].p_value;
		rc = padjust(p, m, adjust, p, err);
		for (size_t j = 0, q = 0; j < rows.n && !rc; j++)
			if (same_family(rows.row[j].test, kinds[t]))
				rows.row[j].p_adjusted = p[q++];
		free(p);
	}
	if (rc) {
		free(rows.row);
		return rc;
	}
	csvwrite_init_table(&w, out, run->opt->digits);
	for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
		csvwrite_text(&w, header[h]);
	csvwrite_end_row(&w);
	for (size_t j = 0; j < rows.n; j++) {
		const struct test_row *r = &rows.row[j];
		csvwrite_text(&w, run->form->form_id);
		csvwrite_text(&w, r->variable);
		csvwrite_text(&w, run->by_label);
		csvwrite_text(&w, r->level ? r->level : "");
		csvwrite_text(&w, r->test);
		csvwrite_number(&w, r->statistic);
		csvwrite_number(&w, r->df);
		csvwrite_number(&w, r->df2);
		csvwrite_number(&w, r->p_value);
		csvwrite_number(&w, r->p_adjusted);
		csvwrite_text(&w, padjust_method_name(adjust));
		csvwrite_int(&w, (long long)r->n);
		csvwrite_number(&w, r->min_expected);
		if (r->replicates)
			csvwrite_int(&w, (long long)r->replicates);
		else
			csvwrite_text(&w, "");
		csvwrite_text(&w, r->repeat ? r->repeat : "");
		csvwrite_end_row(&w);
	}
	free(rows.row);
	return csvwrite_finish(&w, NULL, err);
}
