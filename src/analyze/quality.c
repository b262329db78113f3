/* quality.c - speeders and straight-liners (quality.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "analyze/quality.h"
#include "io/csvwrite.h"
#include "store/record.h"
#include "store/store-paradata.h"
#include "store/store.h"
#include "util/mem.h"

enum time_source { TIME_NONE, TIME_SCREENS, TIME_STAMPS };

/* Compact (24 bytes), since analyze keeps one per respondent: the id is
 * read again by quality_write, and only its hash kept to recognise it. */
struct quality_row {
	double seconds;
	uint64_t id_hash;
	uint16_t batteries, straightlined;
	uint8_t source;         /* enum time_source */
	bool complete, speeder, straightliner;
};

struct battery {
	char *key;          /* "s:" scale, or "m:" group index and list */
	size_t *slots, n;
};

/* The complete respondents' times, for their median: each distinct value
 * with its count (timestamps give whole seconds, so a few thousand values
 * stand for a million respondents); past TIMES_MAX_DISTINCT values every
 * time goes into a plain array instead. Either gives the median
 * gsl_stats_median_from_sorted_data gives of the sorted times. */
#ifndef TIMES_MAX_DISTINCT
#define TIMES_MAX_DISTINCT ((size_t)1 << 16)
#endif

struct time_count {
	double value;
	size_t count;
};

struct time_counts {
	struct time_count *distinct;
	size_t n, cap;
	uint32_t *slot;          /* hash: index + 1, 0 empty */
	size_t mask;
	double *all;             /* plain: every time */
	size_t n_all, cap_all;
	bool plain;
};

/* Streamed: the rows quality.csv may list, kept as the scan reads them
 * so that the table is written without reading the store again: every
 * straight-liner, and every complete respondent whose time is below
 * `bound`, a quarter above a third of the median of the times read so
 * far (recomputed every CANDIDATE_EVERY times, when the rows above it
 * are dropped). A row left out under a bound lower than a third of the
 * final median could have been a speeder: then `complete` is false and
 * the writer reads the store again (quality_write). */
#ifndef CANDIDATE_EVERY   /* the three set otherwise only to test the fallbacks */
#define CANDIDATE_EVERY 16384
#define CANDIDATE_WARMUP 1024
#define CANDIDATE_SLACK 1.25
#endif

struct candidate {
	size_t id_at;            /* the id in candidates.text */
	double seconds;
	uint16_t batteries, straightlined;
	uint8_t source;          /* enum time_source */
	bool complete, straightliner;
};

struct candidates {
	struct candidate *row;
	size_t n, cap;
	char *text;
	size_t text_len, text_cap;
	double bound;            /* keep complete times below this */
	double lowest_refused;   /* the lowest bound a time was refused under */
	bool complete;           /* every row the table may list is here */
};

struct screen_total {
	char *uuid;
	int64_t response;        /* its id: where a block of ids starts (quality_part_start) */
	double seconds;
};

struct quality {
	char *db, *form_id;
	char *form_name;        /* the form's form_id, for the table */
	struct form *form;      /* quality_compute's; NULL when streamed */
	struct quality_row *rows;
	size_t n, cap;
	double median;
	struct battery *bat;
	size_t n_bat;
	struct screen_total *screens;   /* respondents with screen visits, storage order */
	size_t n_screens, screens_cap, next_screen;
	struct record_view *views;
	size_t n_flagged;
	/* streamed (quality_start): no row kept; the straight-liners as bits,
	 * the complete respondents' times as counts of their values */
	bool streamed;
	uint64_t *straight;
	size_t straight_words;
	struct time_counts times;
	size_t n_timed;          /* complete respondents with a time */
	bool any_flag;           /* some respondent may be flagged */
	size_t n_slots;
	struct candidates cand;
};

/* FNV-1a: tells the respondent at an index is still the one computed. */
static uint64_t id_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void battery_add(struct quality *q, char *key, size_t slot)
{
	size_t b;

	for (b = 0; b < q->n_bat && strcmp(q->bat[b].key, key); b++)
		;
	if (b == q->n_bat) {
		q->bat = ky_reallocarray(q->bat, q->n_bat + 1, sizeof *q->bat);
		q->bat[q->n_bat++] = (struct battery){ key, NULL, 0 };
	} else {
		free(key);
	}
	q->bat[b].slots = ky_reallocarray(q->bat[b].slots, q->bat[b].n + 1, sizeof(size_t));
	q->bat[b].slots[q->bat[b].n++] = slot;
}

static void find_batteries(struct quality *q, const struct form *f)
{
	size_t keep = 0;

	for (size_t i = 0; i < f->n_questions; i++) {
		const struct form_question *fq = &f->questions[i];
		if (fq->type != FQ_SELECT_ONE || fq->slot < 0)
			continue;
		if (fq->scale)
			battery_add(q, ky_asprintf("s:%s", fq->scale), (size_t)fq->slot);
		else if (fq->parent >= 0 && fq->list)
			battery_add(q, ky_asprintf("m:%d:%s", fq->parent, fq->list->name),
				    (size_t)fq->slot);
	}
	for (size_t b = 0; b < q->n_bat; b++) {
		if (q->bat[b].n >= 3) {
			q->bat[keep++] = q->bat[b];
			continue;
		}
		free(q->bat[b].key);
		free(q->bat[b].slots);
	}
	q->n_bat = keep;
}

static int add_screen_time(void *ctx, const struct store_paradata_row *row)
{
	struct quality *q = ctx;
	struct screen_total *last = q->n_screens ? &q->screens[q->n_screens - 1] : NULL;

	if (!row->visit || !row->uuid)
		return 0;
	if (!last || strcmp(last->uuid, row->uuid)) {
		if (q->n_screens == q->screens_cap) {
			q->screens_cap = q->screens_cap ? 2 * q->screens_cap : 64;
			q->screens = ky_reallocarray(q->screens, q->screens_cap, sizeof *q->screens);
		}
		last = &q->screens[q->n_screens++];
		last->uuid = ky_strdup(row->uuid);
		last->response = row->response;
		last->seconds = 0;
	}
	last->seconds += row->seconds;
	return 0;
}

/* n digits of s as a number, -1 when one is not a digit (stops there:
 * a short text ends before n). */
static inline int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return -1;
		v = v * 10 + (int)d;
	}
	return v;
}

/* Days from 1970-01-01 to year y, month m (1..12), day 1 of the
 * proleptic Gregorian calendar (H. Hinnant's days_from_civil): timegm()
 * gives the same seconds, at a tenth of the cost, run twice a respondent. */
static int64_t days_from_civil(int64_t y, int64_t m)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "2015-03-20T12:52:20" with "Z", "+HH:MM", "-HH:MM" or no zone (import
 * keeps a CSV's local times as they are) in seconds since the epoch; only
 * differences of two stamps are used, so a missing zone is the same on
 * both. Fields out of range carry over as timegm() carries them (a 13th
 * month is January of the next year, day 0 the last of the month
 * before). Fixed positions rather than sscanf: this runs once a
 * respondent. */
static bool stamp_seconds(const char *s, double *out)
{
	int year, mon, mday, hour, min, sec, sign = 0, off = 0;

	/* each field read before the next is looked at: digits() stops at
	 * the end of a short text */
	if (!s || (year = digits(s, 4)) < 0 || s[4] != '-' || (mon = digits(s + 5, 2) - 1) < 0 ||
	    s[7] != '-' || (mday = digits(s + 8, 2)) < 0 || s[10] != 'T' ||
	    (hour = digits(s + 11, 2)) < 0 || s[13] != ':' || (min = digits(s + 14, 2)) < 0 ||
	    s[16] != ':' || (sec = digits(s + 17, 2)) < 0)
		return false;
	s += 19;
	if ((*s == '+' || *s == '-') && digits(s + 1, 2) >= 0 && s[3] == ':' &&
	    digits(s + 4, 2) >= 0 && !s[6]) {
		sign = *s == '+' ? 1 : -1;
		off = digits(s + 1, 2) * 3600 + digits(s + 4, 2) * 60;
	} else if (*s && (s[0] != 'Z' || s[1])) {
		return false;
	}
	int64_t days = days_from_civil(year + mon / 12, mon % 12 + 1) + mday - 1;
	*out = (double)(days * 86400 + hour * 3600 + min * 60 + sec) - sign * off;
	return true;
}

/* The respondent's total time; *next walks q->screens in storage order. */
static void set_time(const struct quality *q, size_t *next, struct quality_row *row,
		     const struct store_response *r)
{
	double start, end;

	if (*next < q->n_screens && !strcmp(q->screens[*next].uuid, r->uuid)) {
		row->seconds = q->screens[(*next)++].seconds;
		row->source = TIME_SCREENS;
	} else if (stamp_seconds(r->started, &start) && stamp_seconds(r->completed, &end) &&
		   end >= start) {
		row->seconds = end - start;
		row->source = TIME_STAMPS;
	}
}

static void check_batteries(const struct quality *q, const struct record_view *views,
			    struct quality_row *row)
{
	for (size_t b = 0; b < q->n_bat; b++) {
		const struct record_view *first = NULL;
		size_t answered = 0;
		bool same = true;
		for (size_t k = 0; k < q->bat[b].n; k++) {
			const struct record_view *v = &views[q->bat[b].slots[k]];
			if (!v->ptr || !v->len)
				continue;
			answered++;
			if (!first)
				first = v;
			else if (v->len != first->len || memcmp(v->ptr, first->ptr, v->len))
				same = false;
		}
		if (answered >= 3 && row->batteries < UINT16_MAX) {
			row->batteries++;
			row->straightlined += same;
		}
	}
	row->straightliner = row->straightlined > 0;
}

/* Everything but the speeder flag (which needs every respondent's time). */
static void compute_row(const struct quality *q, size_t *next_screen,
			const struct store_response *r, const struct record_view *views,
			struct quality_row *row)
{
	memset(row, 0, sizeof *row);
	row->complete = r->status && !strcmp(r->status, "complete");
	row->seconds = NAN;
	set_time(q, next_screen, row, r);
	check_batteries(q, views, row);
}

static int add_respondent(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct quality *q = ctx;

	(void)attrs;
	if (record_decode(r->answers, r->answers_len, q->views, q->n_slots) < 0)
		return 1;
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 256;
		q->rows = ky_reallocarray(q->rows, q->cap, sizeof *q->rows);
	}
	compute_row(q, &q->next_screen, r, q->views, &q->rows[q->n]);
	q->rows[q->n++].id_hash = id_hash(r->uuid);
	return 0;
}

static double median_of(double *t, size_t m)
{
	gsl_sort(t, 1, m);
	return m ? gsl_stats_median_from_sorted_data(t, 1, m) : NAN;
}

static void find_speeders(struct quality *q)
{
	double *t = ky_calloc(q->n + 1, sizeof *t);
	size_t m = 0;

	for (size_t i = 0; i < q->n; i++)
		if (q->rows[i].source != TIME_NONE && q->rows[i].complete)
			t[m++] = q->rows[i].seconds;
	q->median = median_of(t, m);
	q->n_timed = m;
	free(t);
	for (size_t i = 0; i < q->n; i++) {
		struct quality_row *row = &q->rows[i];
		row->speeder = m && row->source != TIME_NONE && row->complete &&
			row->seconds < q->median / 3;
		q->n_flagged += row->speeder || row->straightliner;
	}
}

/* ---- the times' median in bounded memory (struct time_counts) ---- */

static size_t time_hash(double t)
{
	uint64_t bits;

	/* whole seconds leave the low bits zero: mix the high ones down */
	memcpy(&bits, &t, sizeof bits);
	bits ^= bits >> 33;
	bits *= 0xFF51AFD7ED558CCDULL;
	bits ^= bits >> 33;
	return (size_t)bits;
}

static void times_push(struct time_counts *tc, double t, size_t count)
{
	if (tc->n_all + count > tc->cap_all) {
		tc->cap_all = ky_grow_cap(tc->cap_all, tc->n_all + count, 1024);
		tc->all = ky_reallocarray(tc->all, tc->cap_all, sizeof *tc->all);
	}
	while (count--)
		tc->all[tc->n_all++] = t;
}

/* Too many distinct times to count: every time in tc->all instead. */
static void times_go_plain(struct time_counts *tc)
{
	for (size_t i = 0; i < tc->n; i++)
		times_push(tc, tc->distinct[i].value, tc->distinct[i].count);
	free(tc->distinct);
	free(tc->slot);
	tc->distinct = NULL;
	tc->slot = NULL;
	tc->n = tc->cap = 0;
	tc->plain = true;
}

static void times_rehash(struct time_counts *tc)
{
	size_t slots = 2 * (tc->mask + 1);

	if (slots < 1024)
		slots = 1024;
	free(tc->slot);
	tc->slot = ky_calloc(slots, sizeof *tc->slot);
	tc->mask = slots - 1;
	for (size_t i = 0; i < tc->n; i++) {
		size_t at = time_hash(tc->distinct[i].value) & tc->mask;
		while (tc->slot[at])
			at = (at + 1) & tc->mask;
		tc->slot[at] = (uint32_t)i + 1;
	}
}

static void times_add(struct time_counts *tc, double t)
{
	size_t at;

	t = t == 0 ? 0.0 : t;   /* -0 and 0 are one value */
	if (tc->plain) {
		times_push(tc, t, 1);
		return;
	}
	if (2 * (tc->n + 1) > tc->mask + 1 || !tc->slot)
		times_rehash(tc);
	for (at = time_hash(t) & tc->mask; tc->slot[at]; at = (at + 1) & tc->mask) {
		if (tc->distinct[tc->slot[at] - 1].value == t) {
			tc->distinct[tc->slot[at] - 1].count++;
			return;
		}
	}
	if (tc->n == TIMES_MAX_DISTINCT) {
		times_go_plain(tc);
		times_push(tc, t, 1);
		return;
	}
	KY_GROW(tc->distinct, tc->n, tc->cap, 256);
	tc->distinct[tc->n] = (struct time_count){ t, 1 };
	tc->slot[at] = (uint32_t)++tc->n;
}

static int cmp_time_count(const void *a, const void *b)
{
	double x = ((const struct time_count *)a)->value, y = ((const struct time_count *)b)->value;
	return (x > y) - (x < y);
}

/* The i-th (0-based) of the sorted times the counts stand for. */
static double times_nth(const struct time_counts *tc, size_t i)
{
	size_t k = 0;

	for (; k + 1 < tc->n && i >= tc->distinct[k].count; k++)
		i -= tc->distinct[k].count;
	return tc->distinct[k].value;
}

/* As gsl_stats_median_from_sorted_data over the m sorted times. */
static double times_median(struct time_counts *tc, size_t m)
{
	if (tc->plain)
		return median_of(tc->all, m);
	if (!m)
		return NAN;
	qsort(tc->distinct, tc->n, sizeof *tc->distinct, cmp_time_count);
	size_t lhs = (m - 1) / 2, rhs = m / 2;
	double low = times_nth(tc, lhs);
	return lhs == rhs ? low : (low + times_nth(tc, rhs)) / 2.0;
}

static void times_release(struct time_counts *tc)
{
	free(tc->distinct);
	free(tc->slot);
	free(tc->all);
}

/* ---- streamed: the rows the table may list (struct candidates) ---- */

static void candidate_add(struct candidates *cd, const struct quality_row *row, const char *id)
{
	size_t len = strlen(id) + 1;

	if (cd->text_len + len > cd->text_cap) {
		cd->text_cap = ky_grow_cap(cd->text_cap, cd->text_len + len, 4096);
		cd->text = ky_realloc(cd->text, cd->text_cap);
	}
	memcpy(cd->text + cd->text_len, id, len);
	KY_GROW(cd->row, cd->n, cd->cap, 256);
	cd->row[cd->n++] = (struct candidate){ cd->text_len, row->seconds, row->batteries,
					       row->straightlined, row->source, row->complete,
					       row->straightliner };
	cd->text_len += len;
}

static void candidate_refuse(struct candidates *cd)
{
	if (cd->bound < cd->lowest_refused)
		cd->lowest_refused = cd->bound;
}

/* The rows at or above the (lowered) bound go, ids and all. */
static void candidates_prune(struct candidates *cd)
{
	size_t keep = 0, text = 0;

	for (size_t i = 0; i < cd->n; i++) {
		struct candidate c = cd->row[i];
		if (!c.straightliner && !(c.seconds < cd->bound)) {
			candidate_refuse(cd);
			continue;
		}
		size_t len = strlen(cd->text + c.id_at) + 1;
		memmove(cd->text + text, cd->text + c.id_at, len);
		c.id_at = text;
		text += len;
		cd->row[keep++] = c;
	}
	cd->n = keep;
	cd->text_len = text;
}

/* A median of the times so far (counted, not plain): the bound from it. */
static void candidates_rebound(struct quality *q)
{
	const struct time_counts *tc = &q->times;
	struct time_counts copy = { 0 };

	if (tc->plain)
		return;   /* the bound stays: sorting every time read costs too much */
	copy.distinct = ky_reallocarray(NULL, tc->n + 1, sizeof *copy.distinct);
	memcpy(copy.distinct, tc->distinct, tc->n * sizeof *copy.distinct);
	copy.n = tc->n;
	double bound = times_median(&copy, q->n_timed) / 3 * CANDIDATE_SLACK;
	free(copy.distinct);
	if (bound < q->cand.bound) {
		q->cand.bound = bound;
		candidates_prune(&q->cand);
	}
}

/* A status the table would not name right: neither complete nor partial. */
static bool odd_status(const struct quality_row *row, const char *status)
{
	return !row->complete && (!status || strcmp(status, "partial"));
}

static void candidates_note(struct quality *q, const struct quality_row *row, const char *id,
			    bool odd)
{
	struct candidates *cd = &q->cand;
	bool timed = row->source != TIME_NONE && row->complete;

	if (!cd->complete)
		return;
	if (odd) {
		cd->complete = false;   /* a status the table would not name right */
		return;
	}
	if (row->straightliner || (timed && row->seconds < cd->bound))
		candidate_add(cd, row, id ? id : "");
	else if (timed)
		candidate_refuse(cd);
	if (timed && q->n_timed >= CANDIDATE_WARMUP && q->n_timed % CANDIDATE_EVERY == 0)
		candidates_rebound(q);
}

/* After the median: whether every speeder was kept. */
static void candidates_check(struct quality *q)
{
	struct candidates *cd = &q->cand;

	if (q->n_timed && !isnan(q->median) && q->median / 3 > cd->lowest_refused)
		cd->complete = false;
	if (!cd->complete) {
		free(cd->row);
		free(cd->text);
		cd->row = NULL;
		cd->text = NULL;
		cd->n = cd->cap = cd->text_len = cd->text_cap = 0;
	}
}

/* ---- streamed: the flags computed while analyze reads the store ---- */

static int load_batteries_and_screens(struct quality *q, struct store *s, const struct form *form,
				      int64_t form_pk, struct ky_error *err)
{
	find_batteries(q, form);
	q->n_slots = form->n_slots;
	return store_visits_scan(s, form_pk, add_screen_time, q, err);
}

struct quality *quality_start(struct store *s, const struct form *form, int64_t form_pk,
			      const char *db, const char *form_id, struct ky_error *err)
{
	struct quality *q = ky_calloc(1, sizeof *q);

	q->median = NAN;
	q->streamed = true;
	q->cand = (struct candidates){ .bound = INFINITY, .lowest_refused = INFINITY,
				       .complete = true };
	q->db = ky_strdup(db);
	q->form_id = form_id ? ky_strdup(form_id) : NULL;
	q->form_name = ky_strdup(form->form_id);
	if (load_batteries_and_screens(q, s, form, form_pk, err)) {
		quality_destroy(q);
		return NULL;
	}
	return q;
}

/* A computed row into the streamed flags, in storage order. */
static void account_row(struct quality *q, const struct quality_row *row, const char *id,
			bool odd)
{
	if (q->n == 64 * q->straight_words) {
		size_t words = q->straight_words ? 2 * q->straight_words : 64;
		q->straight = ky_reallocarray(q->straight, words, sizeof *q->straight);
		memset(q->straight + q->straight_words, 0,
		       (words - q->straight_words) * sizeof *q->straight);
		q->straight_words = words;
	}
	if (row->straightliner) {
		q->straight[q->n / 64] |= UINT64_C(1) << (q->n % 64);
		q->any_flag = true;
	}
	if (row->source != TIME_NONE && row->complete) {
		times_add(&q->times, row->seconds);
		q->n_timed++;
	}
	candidates_note(q, row, id, odd);
	q->n++;
}

void quality_add(struct quality *q, const struct store_response *r,
		 const struct record_view *views)
{
	struct quality_row row;

	compute_row(q, &q->next_screen, r, views, &row);
	account_row(q, &row, r->uuid, odd_status(&row, r->status));
}

/* ---- streamed on threads: a block's rows computed apart ---- */

struct part_row {
	struct quality_row row;
	size_t id_at;            /* in text; SIZE_MAX: not kept (never a candidate) */
	bool odd;
};

struct quality_part {
	size_t next_screen;
	double bound;            /* the candidates' bound when the block started */
	struct part_row *rows;
	size_t n, cap;
	char *text;
	size_t text_len, text_cap;
};

double quality_bound(const struct quality *q)
{
	return q->cand.bound;
}

struct quality_part *quality_part_start(const struct quality *q, int64_t first_id, double bound)
{
	struct quality_part *p = ky_calloc(1, sizeof *p);
	size_t lo = 0, hi = q->n_screens;

	while (lo < hi) {   /* the first respondent with screens at or after first_id */
		size_t mid = (lo + hi) / 2;
		if (q->screens[mid].response < first_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	p->next_screen = lo;
	p->bound = bound;
	return p;
}

void quality_part_add(const struct quality *q, struct quality_part *p,
		      const struct store_response *r, const struct record_view *views)
{
	struct part_row *pr;

	KY_GROW(p->rows, p->n, p->cap, 1024);
	pr = &p->rows[p->n++];
	compute_row(q, &p->next_screen, r, views, &pr->row);
	pr->odd = odd_status(&pr->row, r->status);
	pr->id_at = SIZE_MAX;
	/* the bound only falls: a row above it now is never a candidate */
	if (!pr->row.straightliner && !(pr->row.source != TIME_NONE && pr->row.complete &&
					pr->row.seconds < p->bound))
		return;
	const char *id = r->uuid ? r->uuid : "";
	size_t len = strlen(id) + 1;
	if (p->text_len + len > p->text_cap) {
		p->text_cap = ky_grow_cap(p->text_cap, p->text_len + len, 4096);
		p->text = ky_realloc(p->text, p->text_cap);
	}
	memcpy(p->text + p->text_len, id, len);
	pr->id_at = p->text_len;
	p->text_len += len;
}

void quality_part_merge(struct quality *q, const struct quality_part *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct part_row *pr = &p->rows[i];
		account_row(q, &pr->row, pr->id_at == SIZE_MAX ? "" : p->text + pr->id_at, pr->odd);
	}
}

void quality_part_destroy(struct quality_part *p)
{
	if (!p)
		return;
	free(p->rows);
	free(p->text);
	free(p);
}

void quality_finish(struct quality *q)
{
	q->median = times_median(&q->times, q->n_timed);
	q->any_flag = q->any_flag || q->n_timed;
	candidates_check(q);
}

struct quality *quality_compute(const char *db, const char *form_id, struct ky_error *err)
{
	struct quality *q = ky_calloc(1, sizeof *q);
	struct store *s = NULL;
	int64_t form_pk;
	int rc;

	q->median = NAN;
	q->db = ky_strdup(db);
	q->form_id = form_id ? ky_strdup(form_id) : NULL;
	if (!(rc = store_open(db, STORE_READONLY, &s, err)) &&
	    !(rc = store_load_form_newest(s, form_id, &form_pk, &q->form, err))) {
		find_batteries(q, q->form);
		q->n_slots = q->form->n_slots;
		q->form_name = ky_strdup(q->form->form_id);
		q->views = ky_calloc(q->form->n_slots + 1, sizeof *q->views);
		rc = store_visits_scan(s, form_pk, add_screen_time, q, err);
		if (!rc)
			rc = store_scan(s, form_pk, NULL, 0, add_respondent, q, err);
		if (rc == 1)
			rc = ky_error_set(err, KY_EIO, "analyze: a stored response record is malformed");
	}
	store_close(s);
	if (rc) {
		quality_destroy(q);
		return NULL;
	}
	find_speeders(q);
	return q;
}

void quality_destroy(struct quality *q)
{
	if (!q)
		return;
	for (size_t b = 0; b < q->n_bat; b++) {
		free(q->bat[b].key);
		free(q->bat[b].slots);
	}
	for (size_t i = 0; i < q->n_screens; i++)
		free(q->screens[i].uuid);
	free(q->rows);
	free(q->straight);
	free(q->cand.row);
	free(q->cand.text);
	times_release(&q->times);
	free(q->form_name);
	free(q->bat);
	free(q->screens);
	free(q->views);
	free(q->db);
	free(q->form_id);
	form_destroy(q->form);
	free(q);
}

bool quality_flagged(const struct quality *q, size_t index, const char *uuid)
{
	const struct quality_row *row;

	if (!q || index >= q->n)
		return false;   /* stored after the flags were computed */
	row = &q->rows[index];
	return (row->speeder || row->straightliner) && row->id_hash == id_hash(uuid);
}

/* store_scan stops with these (beyond every KY_E* code) */
enum { TABLE_END = 100, WRITE_FAILED, MALFORMED };

struct quality_writer {
	struct csvwrite w;
	const struct quality *q;
	size_t next;
	size_t next_screen;            /* streamed: the screens cursor */
	struct record_view *views;     /* streamed: a flagged row's answers */
	struct quality_row row;        /* streamed: the row computed again */
};

/* Streamed: the row computed again from the record, its speeder flag
 * from the median; 1 when it is flagged, 0 when not, -1 when malformed
 * (only a flagged row's answers are decoded, for its batteries). */
static int recompute_row(struct quality_writer *qw, const struct store_response *resp, size_t i)
{
	const struct quality *q = qw->q;
	struct quality_row *row = &qw->row;
	bool straight = (q->straight[i / 64] >> (i % 64)) & 1;

	memset(row, 0, sizeof *row);
	row->complete = resp->status && !strcmp(resp->status, "complete");
	row->seconds = NAN;
	set_time(q, &qw->next_screen, row, resp);
	row->speeder = q->n_timed && row->source != TIME_NONE && row->complete &&
		row->seconds < q->median / 3;
	if (!row->speeder && !straight)
		return 0;
	if (q->n_bat) {
		if (record_decode(resp->answers, resp->answers_len, qw->views, q->n_slots) < 0)
			return -1;
		check_batteries(q, qw->views, row);
	}
	return 1;
}

/* A whole number's text, as csvwrite_format_number writes it ("%.0f" of
 * an integral value below 1e15) without snprintf's cost: a hundred
 * thousand rows of the table at 1M respondents. */
static size_t whole_text(char *buf, long long v)
{
	char tmp[24];
	size_t n = 0, len = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[len++] = '-';
	while (n)
		buf[len++] = tmp[--n];
	return len;
}

/* A number as csvwrite_number writes it (a plain number's text is
 * written unchanged by csvwrite_textn, in Excel mode too). */
static void put_number(struct csvwrite *w, double v)
{
	char buf[24];

	if (isfinite(v) && v == floor(v) && fabs(v) < 1e15)
		csvwrite_textn(w, buf, whole_text(buf, (long long)v));
	else
		csvwrite_number(w, v);
}

static void write_table_row(struct quality_writer *qw, const char *id, const char *status,
			    const struct quality_row *r)
{
	static const char *const source[] = { NULL, "screens", "timestamps" };
	struct csvwrite *w = &qw->w;

	csvwrite_text(w, qw->q->form_name);
	csvwrite_text(w, id);
	csvwrite_text(w, status);
	put_number(w, r->source ? round(r->seconds * 1000) / 1000 : NAN);
	csvwrite_text(w, source[r->source]);
	put_number(w, qw->q->median);
	if (r->source && !isnan(qw->q->median))
		put_number(w, r->speeder);
	else
		csvwrite_empty(w);
	put_number(w, r->batteries);
	put_number(w, r->straightlined);
	put_number(w, r->straightliner);
	put_number(w, r->speeder || r->straightliner);
	csvwrite_end_row(w);
}

static int write_row(void *ctx, const struct store_response *resp, const char *const *attrs)
{
	struct quality_writer *qw = ctx;
	const struct quality_row *r;

	(void)attrs;
	if (qw->next >= qw->q->n)
		return TABLE_END;   /* stored after the flags were computed */
	if (qw->q->streamed) {
		int flagged = recompute_row(qw, resp, qw->next++);
		if (flagged <= 0)
			return flagged < 0 ? MALFORMED : 0;
		r = &qw->row;
	} else {
		r = &qw->q->rows[qw->next++];
	}
	if (!r->speeder && !r->straightliner)
		return 0;   /* the table lists the flagged: a million rows of zeros help nobody */
	write_table_row(qw, resp->uuid, resp->status, r);
	return qw->w.failed ? WRITE_FAILED : 0;
}

/* Streamed, every row the table may list kept: no store read at all. */
static void write_candidates(struct quality_writer *qw)
{
	const struct quality *q = qw->q;

	for (size_t i = 0; i < q->cand.n && !qw->w.failed; i++) {
		const struct candidate *c = &q->cand.row[i];
		struct quality_row r = { .seconds = c->seconds, .batteries = c->batteries,
					 .straightlined = c->straightlined, .source = c->source,
					 .complete = c->complete, .straightliner = c->straightliner };
		r.speeder = q->n_timed && r.source != TIME_NONE && r.complete &&
			r.seconds < q->median / 3;
		if (r.speeder || r.straightliner)
			write_table_row(qw, q->cand.text + c->id_at,
					c->complete ? "complete" : "partial", &r);
	}
}

/* The ids and statuses are read again (quality.h: not kept in memory);
 * streamed, the flagged rows' times and batteries too. */
int quality_write(const struct quality *q, FILE *fp, const char *path, bool excel,
		  struct ky_error *err)
{
	static const char *const head[] = { "form", "respondent", "status", "seconds",
					    "time_source", "median_seconds", "speeder",
					    "batteries", "straightlined", "straightliner",
					    "flagged", NULL };
	struct quality_writer qw = { .q = q };
	bool any = q->streamed ? q->any_flag : q->n_flagged > 0;
	struct store *s = NULL;
	struct form *form = NULL;
	int64_t form_pk;
	int rc = KY_OK;

	/* once analyze has started threads, stdio locks the stream on every
	 * call: held here, each call only counts itself in */
	flockfile(fp);
	csvwrite_init(&qw.w, fp, 10);
	if (excel)
		csvwrite_excel(&qw.w);
	for (size_t i = 0; head[i]; i++)
		csvwrite_text(&qw.w, head[i]);
	csvwrite_end_row(&qw.w);
	qw.views = ky_calloc(q->n_slots + 1, sizeof *qw.views);
	if (q->streamed && q->cand.complete)
		write_candidates(&qw);
	else if (any && !(rc = store_open(q->db, STORE_READONLY, &s, err)) &&
	    !(rc = store_load_form_newest(s, q->form_id, &form_pk, &form, err)))
		rc = store_scan(s, form_pk, NULL, 0, write_row, &qw, err);
	if (rc == MALFORMED)
		rc = ky_error_set(err, KY_EIO, "analyze: a stored response record is malformed");
	free(qw.views);
	form_destroy(form);
	store_close(s);
	if (rc == TABLE_END || rc == WRITE_FAILED)
		rc = KY_OK;   /* the end of the table, or a write error csvwrite_finish reports */
	funlockfile(fp);
	return rc ? rc : csvwrite_finish(&qw.w, path, err);
}
