/* tsqr.c - tall-skinny QR in blocks of rows (tsqr.h). */
#include "config.h"
#include <gsl/gsl_linalg.h>
#include "analysis/tsqr.h"
#include "util/mem.h"
#include "util/parallel.h"

struct tsqr_job {
	size_t block_rows, cols;
	tsqr_fill_fn fill;
	void *ctx;
	double *factor;   /* [block][cols x cols], row-major */
	int *failed;      /* [block] */
};

/* The upper triangle of a's first cols rows (a QR done in place) into
 * out, zeros below. */
static void take_r(const gsl_matrix *a, size_t cols, double *out)
{
	for (size_t i = 0; i < cols; i++)
		for (size_t j = 0; j < cols; j++)
			out[i * cols + j] = j >= i ? gsl_matrix_get(a, i, j) : 0;
}

/* QR of a's first `rows` rows (at least cols: zero rows pad a short
 * block, which leaves R as it is) into out. */
static int factor_rows(gsl_matrix *a, size_t rows, size_t cols, double *out)
{
	gsl_matrix_view top = gsl_matrix_submatrix(a, 0, 0, rows < cols ? cols : rows, cols);
	gsl_vector *tau = gsl_vector_alloc(cols);
	int rc = -1;

	if (!tau)
		ky_out_of_memory(cols * sizeof(double));
	if (!gsl_linalg_QR_decomp(&top.matrix, tau)) {
		take_r(&top.matrix, cols, out);
		rc = 0;
	}
	gsl_vector_free(tau);
	return rc;
}

static void block_task(void *arg, size_t block)
{
	struct tsqr_job *job = arg;
	size_t cols = job->cols, cap = job->block_rows < cols ? cols : job->block_rows;
	gsl_matrix *a = gsl_matrix_calloc(cap, cols);

	if (!a)
		ky_out_of_memory(cap * cols * sizeof(double));
	size_t rows = job->fill(job->ctx, block, a);
	job->failed[block] = factor_rows(a, rows, cols, job->factor + block * cols * cols);
	gsl_matrix_free(a);
}

/* r := the R of [r; next], both cols x cols upper triangles. */
static int fold(gsl_matrix *r, const double *next, size_t cols, gsl_matrix *stack, double *out)
{
	for (size_t i = 0; i < cols; i++)
		for (size_t j = 0; j < cols; j++) {
			gsl_matrix_set(stack, i, j, gsl_matrix_get(r, i, j));
			gsl_matrix_set(stack, cols + i, j, next[i * cols + j]);
		}
	if (factor_rows(stack, 2 * cols, cols, out))
		return -1;
	for (size_t i = 0; i < cols; i++)
		for (size_t j = 0; j < cols; j++)
			gsl_matrix_set(r, i, j, out[i * cols + j]);
	return 0;
}

int tsqr_factor(size_t n_blocks, size_t block_rows, size_t cols, size_t threads,
		tsqr_fill_fn fill, void *ctx, gsl_matrix *r)
{
	struct tsqr_job job = { block_rows, cols, fill, ctx,
				ky_calloc(n_blocks * cols * cols + 1, sizeof(double)),
				ky_calloc(n_blocks + 1, sizeof(int)) };
	gsl_matrix *stack = gsl_matrix_calloc(2 * cols, cols);
	double *out = ky_calloc(cols * cols, sizeof *out);
	int rc = 0;

	if (!stack)
		ky_out_of_memory(2 * cols * cols * sizeof(double));
	ky_parallel_for(n_blocks, threads, block_task, &job);
	gsl_matrix_view first = gsl_matrix_view_array(job.factor, cols, cols);
	gsl_matrix_memcpy(r, &first.matrix);
	for (size_t b = 0; b < n_blocks && !rc; b++)
		if (!(rc = job.failed[b]) && b > 0)
			rc = fold(r, job.factor + b * cols * cols, cols, stack, out);
	gsl_matrix_free(stack);
	free(out);
	free(job.factor);
	free(job.failed);
	return rc;
}
