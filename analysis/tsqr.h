/* tsqr.h - the R factor of the QR of a tall, narrow matrix given in
 * blocks of rows (tall-skinny QR).
 *
 * Each block's R comes from a Householder QR (GSL) of that block alone,
 * on up to `threads` threads; the blocks' factors are then stacked two at
 * a time and reduced in block order. The caller fixes the blocks, so the
 * factor is the same to the last digit whatever the threads, and the
 * whole matrix is never in memory: a block's rows per thread and a
 * cols x cols factor per block. R is unique up to the signs of its rows,
 * so R'R, a least-squares solution and (R'R)^-1 are those of a QR of the
 * whole matrix. */
#ifndef KY_ANALYSIS_TSQR_H
#define KY_ANALYSIS_TSQR_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>

/* Writes block `block`'s rows into the first rows of m (block_rows x
 * cols, zeroed) and returns how many it wrote. Called from several
 * threads at once, each with its own m. */
typedef size_t (*tsqr_fill_fn)(void *ctx, size_t block, gsl_matrix *m);

/* r (cols x cols) gets the upper-triangular factor; 0, or -1 when GSL
 * failed on a block. */
int tsqr_factor(size_t n_blocks, size_t block_rows, size_t cols, size_t threads,
		tsqr_fill_fn fill, void *ctx, gsl_matrix *r);

#endif
