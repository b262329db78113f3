/* read-blocks.c - analyze's scan of the store on every core (load-impl.h).
 *
 * The responses are cut into blocks of a fixed number of ids (from the
 * form's lowest id), whatever the threads: each block is summed into its
 * own stream (and, with a row per respondent, its rows kept in columns of
 * its own) by whichever thread takes it, on that thread's own read-only
 * connection, and the main thread adds the blocks into the run strictly
 * in block order. Floating-point sums then add in the same order for 1
 * thread or 8, the columns hold the same rows in the same order, and the
 * results agree to the last digit. Threads run at most `window` blocks
 * ahead of the merge, so memory stays a few blocks' worth a thread. */
#include "config.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyze/load-impl.h"
#include "analyze/quality.h"
#include "analyze/stream.h"
#include "util/mem.h"

/* 16,384 ids: a block's sums are small next to its rows, and a million
 * respondents make 62 blocks to share out, so that the last one a thread
 * takes keeps the others waiting a quarter as long as 16 blocks of
 * 65,536 would. */
#define BLOCK_IDS ((int64_t)1 << 14)

struct block {
	struct load_ctx c;
	struct analyze_run columns;   /* a row per respondent: the block's rows */
	int rc;
	struct ky_error err;
};

struct block_scan {
	struct load_ctx *main;
	int64_t form_pk, first_id, ids;
	size_t n_blocks;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next, merged, window;   /* next block to take; blocks merged */
	struct block **done;           /* [n_blocks]: read, waiting for the merge */
	double bound;                  /* quality_bound() after the last merge */
	bool stop;
	/* a row per respondent: what each block's run starts from, taken
	 * before the threads start (the main run's columns grow meanwhile) */
	struct analyze_run columns;
};

struct worker {
	struct block_scan *bs;
	struct store *store;
	pthread_t thread;
	bool started;
};

bool load_blocks_apply(const struct analyze_run *run)
{
	return !run->opt->exclude_flagged && (!run->cells_as_rows || run->stream);
}

long analyze_thread_count(const struct analyze_options *opt)
{
	long n = opt->threads;

	if (n < 1) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		if (n < 1)
			n = 1;
	}
	return n;
}

/* A block's context: the main one's sources and edition, its own stream,
 * buffers and quality rows. Called with the lock held (the bound). */
static struct block *block_start(const struct block_scan *bs, size_t k)
{
	const struct load_ctx *m = bs->main;
	struct block *b = ky_calloc(1, sizeof *b);
	struct load_ctx *c = &b->c;
	const struct form *f = m->run->form;

	c->run = m->run;
	c->block = true;
	if (!m->run->cells_as_rows) {
		load_columns_block_start(&b->columns, &bs->columns);
		c->run = &b->columns;
		c->keep_ids = m->keep_ids;
	}
	if (m->stream) {
		c->stream = stream_create_like(m->stream);
		c->acc_shift = (char *)c->stream->var - (char *)m->stream->var;
		b->columns.stream = c->stream;
	}
	memcpy(c->key_src, m->key_src, sizeof c->key_src);
	c->n_key_src = m->n_key_src;
	c->weight_src = m->weight_src;
	c->edition = m->edition;
	c->views = ky_calloc(f->n_slots + 1, sizeof *c->views);
	if (c->edition)
		c->ed_views = ky_calloc(c->edition->form->n_slots + 1, sizeof *c->ed_views);
	if (m->quality && !m->edition)
		c->quality_part = quality_part_start(m->quality, bs->first_id + (int64_t)k * bs->ids,
						     bs->bound);
	return b;
}

static void block_free(struct block *b)
{
	if (!b)
		return;
	if (b->c.run == &b->columns)
		load_columns_block_free(&b->columns);
	stream_destroy(b->c.stream);
	quality_part_destroy(b->c.quality_part);
	for (size_t i = 0; i < b->c.n_raisers; i++) {
		free(b->c.raiser[i].id);
		free(b->c.raiser[i].weight);
	}
	free(b->c.views);
	free(b->c.ed_views);
	free(b->c.key);
	free(b->c.words);
	free(b);
}

static void block_read(const struct block_scan *bs, struct block *b, struct store *s, size_t k)
{
	const struct analyze_run *run = b->c.run;
	int64_t from = bs->first_id + (int64_t)k * bs->ids;

	b->rc = store_scan_range(s, bs->form_pk, from, from + bs->ids,
				 (const char *const *)run->attr_names, run->n_attrs, load_row, &b->c,
				 &b->err);
}

/* Block b's sums, counts, stand-ins, unknown answers and quality rows
 * into the main context, after every block before it. */
static int block_merge(struct block_scan *bs, struct block *b, struct ky_error *err)
{
	struct load_ctx *m = bs->main;

	if (b->rc) {
		*err = b->err;
		return b->rc;
	}
	if (m->stream) {
		size_t *map = stream_merge(m->stream, b->c.stream, m->run->n);
		/* the bad-weight rule: a row raises it only past the blocks before */
		for (size_t i = 0; i < b->c.n_raisers && !m->stream->too_many_cells; i++) {
			const struct load_raiser *r = &b->c.raiser[i];
			if (r->bad <= m->bad_weight)
				continue;
			m->bad_weight = r->bad;
			stream_cell_stand_in(m->stream, map[r->cell], r->id, r->weight);
		}
		free(map);
	}
	if (b->c.run == &b->columns)
		load_columns_append(m, &b->columns);
	m->read += b->c.read;
	m->used += b->c.used;
	if (b->c.unknown_values && !m->unknown_values)
		memcpy(m->unknown_buf, b->c.unknown_buf, sizeof m->unknown_buf);
	m->unknown_values += b->c.unknown_values;
	if (b->c.quality_part)
		quality_part_merge(m->quality, b->c.quality_part);
	return KY_OK;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct block_scan *bs = w->bs;

	pthread_mutex_lock(&bs->mu);
	for (;;) {
		while (!bs->stop && bs->next < bs->n_blocks && bs->next >= bs->merged + bs->window)
			pthread_cond_wait(&bs->cv, &bs->mu);
		if (bs->stop || bs->next == bs->n_blocks)
			break;
		size_t k = bs->next++;
		struct block *b = block_start(bs, k);
		pthread_mutex_unlock(&bs->mu);
		block_read(bs, b, w->store, k);
		pthread_mutex_lock(&bs->mu);
		bs->done[k] = b;
		pthread_cond_broadcast(&bs->cv);
	}
	pthread_mutex_unlock(&bs->mu);
	return NULL;
}

/* The main thread: each block merged as soon as it and every block
 * before it are read. */
static int merge_in_order(struct block_scan *bs, struct ky_error *err)
{
	int rc = KY_OK;

	for (size_t k = 0; k < bs->n_blocks && !rc; k++) {
		pthread_mutex_lock(&bs->mu);
		while (!bs->done[k])
			pthread_cond_wait(&bs->cv, &bs->mu);
		struct block *b = bs->done[k];
		bs->done[k] = NULL;
		pthread_mutex_unlock(&bs->mu);
		rc = block_merge(bs, b, err);
		block_free(b);
		pthread_mutex_lock(&bs->mu);
		bs->merged++;
		if (bs->main->quality)
			bs->bound = quality_bound(bs->main->quality);
		bs->stop = rc != KY_OK;
		pthread_cond_broadcast(&bs->cv);
		pthread_mutex_unlock(&bs->mu);
	}
	return rc;
}

/* One thread, or a store that opens once: each block read and merged in
 * turn on s, the same blocks in the same order. */
static int read_inline(struct block_scan *bs, struct store *s, struct ky_error *err)
{
	int rc = KY_OK;

	for (size_t k = 0; k < bs->n_blocks && !rc; k++) {
		if (bs->main->quality)
			bs->bound = quality_bound(bs->main->quality);
		struct block *b = block_start(bs, k);
		block_read(bs, b, s, k);
		rc = block_merge(bs, b, err);
		block_free(b);
	}
	return rc;
}

/* The workers' connections, opened here (store_open sets the umask for
 * a moment, which threads opening at once would leave wrong). */
static int open_workers(struct block_scan *bs, struct store *s, struct worker *w, size_t n,
			struct ky_error *err)
{
	for (size_t i = 0; i < n; i++) {
		w[i].bs = bs;
		int rc = store_open_reader(s, &w[i].store, err);
		if (rc)
			return rc;
		if (!w[i].store)
			return KY_OK;   /* one connection only: the caller reads inline */
	}
	return KY_OK;
}

static int read_threaded(struct block_scan *bs, struct store *s, size_t n, struct ky_error *err)
{
	struct worker *w = ky_calloc(n, sizeof *w);
	int rc = open_workers(bs, s, w, n, err);

	if (!rc && !w[n - 1].store) {
		rc = read_inline(bs, s, err);
		goto out;
	}
	bs->window = n + 2;   /* a block a thread, and two read waiting for the merge */
	for (size_t i = 0; i < n && !rc; i++) {
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]))
			rc = ky_error_set(err, KY_EIO, "%s: cannot start a thread",
					  analyze_command(bs->main->run->opt));
		w[i].started = !rc;
	}
	if (rc) {
		pthread_mutex_lock(&bs->mu);
		bs->stop = true;
		pthread_cond_broadcast(&bs->cv);
		pthread_mutex_unlock(&bs->mu);
	} else {
		rc = merge_in_order(bs, err);
	}
	for (size_t i = 0; i < n; i++)
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
	for (size_t k = 0; k < bs->n_blocks; k++)
		block_free(bs->done[k]);   /* read after a failure stopped the merge */
out:
	for (size_t i = 0; i < n; i++)
		store_close(w[i].store);
	free(w);
	return rc;
}

int load_blocks_scan(struct store *s, struct load_ctx *c, int64_t form_pk,
		     struct ky_error *err)
{
	const struct analyze_options *opt = c->run->opt;
	struct block_scan bs = { .main = c, .form_pk = form_pk };
	int64_t max_id;
	int rc = store_id_range(s, form_pk, &bs.first_id, &max_id, err);

	if (rc || max_id < bs.first_id)
		return rc;
	bs.bound = c->quality ? quality_bound(c->quality) : 0;
	bs.ids = opt->plan_block ? (int64_t)opt->plan_block : BLOCK_IDS;
	bs.n_blocks = (size_t)((max_id - bs.first_id) / bs.ids) + 1;
	size_t threads = (size_t)analyze_thread_count(opt);
	if (threads > bs.n_blocks)
		threads = bs.n_blocks;
	if (!c->run->cells_as_rows)
		load_columns_block_start(&bs.columns, c->run);
	if (threads <= 1) {
		rc = read_inline(&bs, s, err);
	} else if (pthread_mutex_init(&bs.mu, NULL) || pthread_cond_init(&bs.cv, NULL)) {
		rc = ky_error_set(err, KY_EIO, "%s: cannot set up the threads", analyze_command(opt));
	} else {
		bs.done = ky_calloc(bs.n_blocks, sizeof *bs.done);
		rc = read_threaded(&bs, s, threads, err);
		pthread_cond_destroy(&bs.cv);
		pthread_mutex_destroy(&bs.mu);
		free(bs.done);
	}
	if (!c->run->cells_as_rows)
		load_columns_block_free(&bs.columns);
	return rc;
}
