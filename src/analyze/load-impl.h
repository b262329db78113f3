/* load-impl.h - what the files of analyze's read share (dataset.c).
 *
 * dataset.c reads the store once (or twice) and owns the run; the plan
 * it reads by is chosen in one place (read-plan.c): the questions summed
 * while reading (read-sums.c: a row per cell of the design and groups,
 * or per respondent) and those kept as columns over respondents
 * (read-columns.c); read-answers.c turns an answer's text into a level,
 * bits or a number for both; read-blocks.c reads the sums with a row per
 * cell in blocks of ids on threads, each block in a load_ctx of its own.
 * Not for other modules. */
#ifndef KY_ANALYZE_LOAD_IMPL_H
#define KY_ANALYZE_LOAD_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "analyze/analyze.h"
#include "store/record.h"
#include "store/store.h"

/* Where a name's text is in a row: a question's slot, or an attribute
 * (the response's lang and status first, see load_metadata_value()). */
struct text_source {
	const char *name;
	int slot;          /* -1: not a question */
	int attr;          /* -1: not an attribute */
};

struct load_ctx {
	struct analyze_run *run;
	/* the one-pass path: the texts that make a row's cell, and its weight */
	struct stream *stream;
	struct text_source key_src[ANALYZE_MAX_BY + 2], weight_src;
	size_t n_key_src;
	char *key;
	size_t key_cap;
	size_t cap;
	struct record_view *views;
	const struct edition *edition;     /* the older version being read, NULL: current */
	size_t current_read;               /* responses of the current version read: the
					    * index quality.h's flags go by */
	struct quality *quality;           /* the flags computed on the way (quality.h's
					    * streamed), NULL: none or computed before */
	struct record_view *ed_views;      /* its record's views, mapped into views */
	const char *record_end;            /* end of the record the views point into */
	bool keep_ids;
	int bad_weight;                    /* cells as rows: the worst weight a stand-in
					    * names: 1 not positive, 2 not a number */
	size_t unknown_values;
	const char *unknown_example;
	char unknown_buf[128];
	uint64_t *words;                   /* a select_multiple answer's options, summed */
	size_t words_cap;
	size_t read, used;                 /* responses read, and used (not left out) */
	/* one block of the threaded scan (read-blocks.c): its own stream;
	 * per cell the stand-in of its first row, and apart the rows that
	 * raised bad_weight (at most two), applied when the block is merged */
	bool block;
	ptrdiff_t acc_shift;               /* from avar.acc to its variable in this stream */
	struct quality_part *quality_part;
	struct load_raiser {
		size_t cell;
		int bad;
		char *id, *weight;
	} raiser[2];
	size_t n_raisers;
};

/* dataset.c: the run's own copy of a row's text; an attribute's index;
 * a row's lang, status or attribute value */
char *load_keep_text(struct analyze_run *run, const char *s);
int load_attr_index(const struct analyze_run *run, const char *name);
const char *load_metadata_value(const struct store_response *r, const char *name);
/* dataset.c: the questions analyze estimates (selects and numbers), one
 * as a variable of run (room for it in run->vars; columns of one row,
 * load_grow grows them); a record into c->views (an older edition's
 * moved to the current slots), -1 when malformed; whether --complete-only
 * or --exclude-flagged leaves a response out (index: its place among the
 * current version's, as store_scan reads them; SIZE_MAX for an older's). */
bool load_question_analysed(const struct form_question *q);
void load_add_question_var(struct analyze_run *run, const struct form_question *q);
int load_decode(struct load_ctx *c, const struct store_response *r);
bool load_left_out(const struct analyze_run *run, const struct store_response *r, size_t index);

/* read-answers.c (and read-answers.h: the choice lookup and numbers) */
void load_index_choices(struct avar *a);
void load_note_unknown(struct load_ctx *c, const struct avar *a, const char *s, size_t len);

/* read-columns.c: a row per respondent */
void load_grow(struct load_ctx *c);
void load_fill_var(struct load_ctx *c, struct avar *a, size_t i, const struct record_view *v);
/* A block of the threaded scan with a row per respondent reads into a
 * run of its own: run's form, options and variables, its own empty
 * columns and texts (load_columns_block_free frees what is its own).
 * load_columns_append adds its rows after c's, in the block order. */
void load_columns_block_start(struct analyze_run *block, const struct analyze_run *run);
void load_columns_block_free(struct analyze_run *block);
void load_columns_append(struct load_ctx *c, struct analyze_run *block);

/* read-sums.c: answers summed while reading, cells as rows */
void load_cells_to_columns(struct analyze_run *run, struct load_ctx *c);
void load_fill_row(struct load_ctx *c, const struct store_response *r,
		   const char *const *attr_values, size_t i);

/* dataset.c: one stored response into the sums or columns (a store_scan_fn) */
int load_row(void *ctx, const struct store_response *r, const char *const *attr_values);

/* read-blocks.c: the responses of form_pk (an older version when
 * c->edition) read in fixed blocks of ids on opt->threads threads, each
 * block summed (or its rows kept) apart and added to c's in block order:
 * the sums come out the same to the last digit, and the columns the same
 * rows in the same order, whatever the threads. Not with
 * --exclude-flagged (whose flags go by the index in the scan). */
bool load_blocks_apply(const struct analyze_run *run);
int load_blocks_scan(struct store *s, struct load_ctx *c, int64_t form_pk,
		     struct ky_error *err);

/* read-plan.c: the one place that chooses how the store is read */
void load_plan_choose(struct analyze_run *run, struct load_ctx *c, bool numbers,
		      const char *const *extra_names, size_t n_extra);

#endif
