/* stream.h - the one-pass path of `kysely analyze`: the answers to
 * select_one and select_multiple questions go from each stored record
 * straight into sums per (question, level, cell), where a cell is one
 * combination of the row's --by values and its stratum and cluster texts.
 * No column of those answers is kept, so their memory does not grow with
 * the number of respondents.
 *
 * Groups and PSUs are only known once every row is read (analyze_setup_*
 * number them), so the cells are provisional: stream_finish() maps each
 * cell through the first row that opened it onto (final group, design
 * unit) and leaves struct design_sums ready for analysis/design.c.
 *
 * Numeric questions are summed the same way, their distinct values
 * playing the levels (a histogram per cell): means, and medians from the
 * cumulative counts. A question with too many distinct values for that
 * (STREAM_MAX_ENTRIES values x cells) overflows; analyze then reads its
 * numbers into columns instead (a second pass). So many cells that their
 * sums would pass STREAM_MAX_BYTES (a cluster or grouping nearly as fine
 * as the respondents) make analyze read every question into columns.
 *
 * Owned by struct analyze_run (run->stream); stream_destroy() frees it. */
#ifndef KY_ANALYZE_STREAM_H
#define KY_ANALYZE_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "analysis/design.h"

struct analyze_run;

#define STREAM_MAX_ENTRIES ((size_t)1 << 20)
/* The sums of all cells stay within this; more cells (a cluster or a
 * grouping nearly as fine as the respondents) and analyze reads columns. */
#define STREAM_MAX_BYTES ((size_t)256 << 20)

struct stream_var {
	size_t K;                  /* levels (choices of a select_one or select_multiple);
				    * numeric: distinct values so far */
	bool numeric, overflow;
	bool one_level;            /* select_one or numeric: rows, sw and sw2 are left
				    * to stream_finish (the sums of the levels) */
	/* per provisional cell, filled during the scan */
	double *rows, *sw, *sw2;   /* [cell] answered rows, sum w, sum w^2 */
	double *hits, *swy, *sw2y; /* [cell * K + k] rows, sum w, sum w^2 choosing k */
	/* numeric: the distinct values and their sums per cell, [k][cell] */
	double *value;
	double **vhits, **vswy, **vsw2y;
	size_t cap_values;
	uint32_t *value_slot;      /* hash slots: k + 1, 0 empty */
	size_t value_mask;
	/* after stream_finish(): final groups 0..n_groups-1, then the whole
	 * sample; a numeric question's levels are its values in ascending order */
	size_t whole;              /* index of the whole sample */
	struct design_sums sums;   /* counts only (rows, swy) without a design */
	double *group_hits;        /* [g * K + k] unweighted */
	double *level_value;       /* numeric: [K] ascending */
};

struct stream {
	bool weighted;
	size_t max_entries;        /* STREAM_MAX_ENTRIES unless --plan lowers it */
	size_t max_cells;          /* cells in STREAM_MAX_BYTES, unless --plan lowers it */
	bool too_many_cells;       /* a row found no cell: read columns instead */
	struct stream_var *var;    /* fixed array: avar.acc points into it */
	size_t n_vars;
	/* the cell dictionary: key bytes -> cell, open addressing */
	char **key;
	size_t *key_len;
	size_t *first_row;         /* [cell] */
	/* analyze's cells-as-rows mode (analyze.h): per cell its respondents,
	 * and the id and weight text of the respondent that stands for it */
	double *cell_rows;
	char **cell_id, **cell_weight;
	size_t n_cells, cap_cells;
	size_t *slot;              /* hash slots: cell + 1, 0 = empty */
	size_t n_slots;
};

/* levels[v] = SIZE_MAX makes variable v numeric. max_cells and
 * max_values (0: the defaults above; --plan ...,cells=N,values=N) lower
 * the limits past which analyze reads the store again. */
struct stream *stream_create(size_t n_vars, const size_t *levels, bool weighted,
			     size_t max_cells, size_t max_values);
void stream_destroy(struct stream *s);

/* The cell of a row with this key (opened by row `row` if new), counted
 * in cell_rows; SIZE_MAX (and too_many_cells) when max_cells are open. */
size_t stream_cell(struct stream *s, const char *key, size_t len, size_t row);
/* Makes the respondent id (and weight text, may be NULL) stand for cell c. */
void stream_cell_stand_in(struct stream *s, size_t c, const char *id, const char *weight);

static inline void stream_add_level(const struct stream *s, struct stream_var *v, size_t cell,
				    size_t k, double w)
{
	size_t at = cell * v->K + k;
	v->hits[at] += 1;
	if (s->weighted) {
		v->swy[at] += w;
		v->sw2y[at] += w * w;
	}
}

static inline void stream_add_answered(const struct stream *s, struct stream_var *v, size_t cell,
				       double w)
{
	v->rows[cell] += 1;
	if (s->weighted) {
		v->sw[cell] += w;
		v->sw2[cell] += w * w;
	}
}

/* A numeric answer (not NaN) of variable v in cell. */
void stream_add_number(struct stream *s, struct stream_var *v, size_t cell, double y, double w);
/* True when some numeric variable overflowed, or the cells did. */
bool stream_overflowed(const struct stream *s);

/* The threaded scan (read-blocks.c): an empty stream with s's variables
 * and limits, for one block of rows. */
struct stream *stream_create_like(const struct stream *s);
/* Adds block s's sums into d, its cells in the order s opened them (a
 * new cell of d takes s's stand-in, and s's first row of it plus
 * row_offset: the rows d had before the block); the blocks are added in the order
 * of their rows, so the sums are added in one order whatever the
 * threads. Returns s's cells' indices in d (free()); when d runs out of
 * cells (too_many_cells) the indices past it are not filled. */
size_t *stream_merge(struct stream *d, const struct stream *s, size_t row_offset);

/* After analyze_setup_groups() and analyze_setup_design(). */
void stream_finish(struct stream *s, const struct analyze_run *run);

#endif
