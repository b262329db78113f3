/* quality.c - speeders and straight-liners (quality.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

struct screen_total {
	char *uuid;
	double seconds;
};

struct quality {
	char *db, *form_id;
	struct form *form;
	struct quality_row *rows;
	size_t n, cap;
	double median;
	struct battery *bat;
	size_t n_bat;
	struct screen_total *screens;   /* respondents with screen visits, storage order */
	size_t n_screens, screens_cap, next_screen;
	struct record_view *views;
	size_t n_flagged;
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

static void find_batteries(struct quality *q)
{
	const struct form *f = q->form;
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
		last->seconds = 0;
	}
	last->seconds += row->seconds;
	return 0;
}

/* n digits of s as a number, -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "2015-03-20T12:52:20" with "Z", "+HH:MM", "-HH:MM" or no zone (import
 * keeps a CSV's local times as they are) in seconds since the epoch; only
 * differences of two stamps are used, so a missing zone is the same on
 * both. Fixed positions rather than sscanf: this runs once a respondent. */
static bool stamp_seconds(const char *s, double *out)
{
	struct tm tm = { 0 };
	int sign = 0, off = 0;

	if (!s || strlen(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':')
		return false;
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	tm.tm_hour = digits(s + 11, 2);
	tm.tm_min = digits(s + 14, 2);
	tm.tm_sec = digits(s + 17, 2);
	if (tm.tm_year < -1900 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 ||
	    tm.tm_min < 0 || tm.tm_sec < 0)
		return false;
	s += 19;
	if ((*s == '+' || *s == '-') && strlen(s) == 6 && s[3] == ':' &&
	    digits(s + 1, 2) >= 0 && digits(s + 4, 2) >= 0) {
		sign = *s == '+' ? 1 : -1;
		off = digits(s + 1, 2) * 3600 + digits(s + 4, 2) * 60;
	} else if (*s && strcmp(s, "Z")) {
		return false;
	}
	*out = (double)timegm(&tm) - sign * off;
	return true;
}

static void set_time(struct quality *q, struct quality_row *row, const struct store_response *r)
{
	double start, end;

	if (q->next_screen < q->n_screens && !strcmp(q->screens[q->next_screen].uuid, r->uuid)) {
		row->seconds = q->screens[q->next_screen++].seconds;
		row->source = TIME_SCREENS;
	} else if (stamp_seconds(r->started, &start) && stamp_seconds(r->completed, &end) &&
		   end >= start) {
		row->seconds = end - start;
		row->source = TIME_STAMPS;
	}
}

static void check_batteries(struct quality *q, struct quality_row *row)
{
	for (size_t b = 0; b < q->n_bat; b++) {
		const struct record_view *first = NULL;
		size_t answered = 0;
		bool same = true;
		for (size_t k = 0; k < q->bat[b].n; k++) {
			const struct record_view *v = &q->views[q->bat[b].slots[k]];
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

static int add_respondent(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct quality *q = ctx;
	struct quality_row *row;

	(void)attrs;
	if (record_decode(r->answers, r->answers_len, q->views, q->form->n_slots) < 0)
		return 1;
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 256;
		q->rows = ky_reallocarray(q->rows, q->cap, sizeof *q->rows);
	}
	row = &q->rows[q->n++];
	memset(row, 0, sizeof *row);
	row->id_hash = id_hash(r->uuid);
	row->complete = r->status && !strcmp(r->status, "complete");
	row->seconds = NAN;
	set_time(q, row, r);
	check_batteries(q, row);
	return 0;
}

static void find_speeders(struct quality *q)
{
	double *t = ky_calloc(q->n + 1, sizeof *t);
	size_t m = 0;

	for (size_t i = 0; i < q->n; i++)
		if (q->rows[i].source != TIME_NONE && q->rows[i].complete)
			t[m++] = q->rows[i].seconds;
	gsl_sort(t, 1, m);
	q->median = m ? gsl_stats_median_from_sorted_data(t, 1, m) : NAN;
	free(t);
	for (size_t i = 0; i < q->n; i++) {
		struct quality_row *row = &q->rows[i];
		row->speeder = m && row->source != TIME_NONE && row->complete &&
			row->seconds < q->median / 3;
		q->n_flagged += row->speeder || row->straightliner;
	}
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
		find_batteries(q);
		q->views = ky_calloc(q->form->n_slots + 1, sizeof *q->views);
		rc = store_paradata_scan(s, form_pk, add_screen_time, q, err);
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

size_t quality_n_flagged(const struct quality *q)
{
	return q ? q->n_flagged : 0;
}

/* store_scan stops with these (beyond every KY_E* code) */
enum { TABLE_END = 100, WRITE_FAILED };

struct quality_writer {
	struct csvwrite w;
	const struct quality *q;
	size_t next;
};

static int write_row(void *ctx, const struct store_response *resp, const char *const *attrs)
{
	static const char *const source[] = { NULL, "screens", "timestamps" };
	struct quality_writer *qw = ctx;
	struct csvwrite *w = &qw->w;
	const struct quality_row *r;

	(void)attrs;
	if (qw->next >= qw->q->n)
		return TABLE_END;   /* stored after the flags were computed */
	r = &qw->q->rows[qw->next++];
	if (!r->speeder && !r->straightliner)
		return 0;   /* the table lists the flagged: a million rows of zeros help nobody */
	csvwrite_text(w, qw->q->form->form_id);
	csvwrite_text(w, resp->uuid);
	csvwrite_text(w, resp->status);
	csvwrite_number(w, r->source ? round(r->seconds * 1000) / 1000 : NAN);
	csvwrite_text(w, source[r->source]);
	csvwrite_number(w, qw->q->median);
	if (r->source && !isnan(qw->q->median))
		csvwrite_int(w, r->speeder);
	else
		csvwrite_empty(w);
	csvwrite_int(w, r->batteries);
	csvwrite_int(w, r->straightlined);
	csvwrite_int(w, r->straightliner);
	csvwrite_int(w, r->speeder || r->straightliner);
	csvwrite_end_row(w);
	return w->failed ? WRITE_FAILED : 0;
}

/* The ids and statuses are read again (quality.h: not kept in memory). */
int quality_write(const struct quality *q, FILE *fp, const char *path, bool excel,
		  struct ky_error *err)
{
	static const char *const head[] = { "form", "respondent", "status", "seconds",
					    "time_source", "median_seconds", "speeder",
					    "batteries", "straightlined", "straightliner",
					    "flagged", NULL };
	struct quality_writer qw = { .q = q };
	struct store *s = NULL;
	struct form *form = NULL;
	int64_t form_pk;
	int rc = KY_OK;

	csvwrite_init(&qw.w, fp, 10);
	if (excel)
		csvwrite_excel(&qw.w);
	for (size_t i = 0; head[i]; i++)
		csvwrite_text(&qw.w, head[i]);
	csvwrite_end_row(&qw.w);
	if (q->n_flagged && !(rc = store_open(q->db, STORE_READONLY, &s, err)) &&
	    !(rc = store_load_form_newest(s, q->form_id, &form_pk, &form, err)))
		rc = store_scan(s, form_pk, NULL, 0, write_row, &qw, err);
	form_destroy(form);
	store_close(s);
	if (rc == TABLE_END || rc == WRITE_FAILED)
		rc = KY_OK;   /* the end of the table, or a write error csvwrite_finish reports */
	return rc ? rc : csvwrite_finish(&qw.w, path, err);
}
