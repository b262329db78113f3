/* quality.c - speeders and straight-liners (quality.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analyze/quality.h"
#include "io/csvwrite.h"
#include "store/record.h"
#include "store/store-paradata.h"
#include "store/store.h"
#include "util/mem.h"

enum time_source { TIME_NONE, TIME_SCREENS, TIME_STAMPS };

struct quality_row {
	char *uuid, *status;
	double seconds;
	enum time_source source;
	int batteries, straightlined;
	bool speeder, straightliner;
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
	struct form *form;
	struct quality_row *rows;
	size_t n, cap;
	double median;
	struct battery *bat;
	size_t n_bat;
	struct screen_total *screens;   /* respondents with screen visits, storage order */
	size_t n_screens, screens_cap, next_screen;
	struct record_view *views;
	char **flagged;                 /* sorted, for bsearch */
	size_t n_flagged;
};

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

/* "2015-03-20T12:52:20Z" (the store's started and completed) in seconds. */
static bool stamp_seconds(const char *s, double *out)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || strcmp(s + n, "Z"))
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (double)timegm(&tm);
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
		if (answered >= 3) {
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
	row->uuid = ky_strdup(r->uuid ? r->uuid : "");
	row->status = ky_strdup(r->status ? r->status : "");
	row->seconds = NAN;
	set_time(q, row, r);
	check_batteries(q, row);
	return 0;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_speeders(struct quality *q)
{
	double *t = ky_calloc(q->n + 1, sizeof *t);
	size_t m = 0;

	for (size_t i = 0; i < q->n; i++)
		if (q->rows[i].source != TIME_NONE && !strcmp(q->rows[i].status, "complete"))
			t[m++] = q->rows[i].seconds;
	qsort(t, m, sizeof *t, by_double);
	q->median = !m ? NAN : m % 2 ? t[m / 2] : (t[m / 2 - 1] + t[m / 2]) / 2;
	free(t);
	q->flagged = ky_calloc(q->n + 1, sizeof *q->flagged);
	for (size_t i = 0; i < q->n; i++) {
		struct quality_row *row = &q->rows[i];
		row->speeder = m && row->source != TIME_NONE && !strcmp(row->status, "complete") &&
			row->seconds < q->median / 3;
		if (row->speeder || row->straightliner)
			q->flagged[q->n_flagged++] = row->uuid;
	}
	qsort(q->flagged, q->n_flagged, sizeof *q->flagged, by_text);
}

struct quality *quality_compute(const char *db, const char *form_id, struct ky_error *err)
{
	struct quality *q = ky_calloc(1, sizeof *q);
	struct store *s = NULL;
	int64_t form_pk;
	int rc;

	q->median = NAN;
	if (!(rc = store_open(db, STORE_READONLY, &s, err)) &&
	    !(rc = store_load_form(s, form_id, &form_pk, &q->form, err))) {
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
	for (size_t i = 0; i < q->n; i++) {
		free(q->rows[i].uuid);
		free(q->rows[i].status);
	}
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
	free(q->flagged);
	form_destroy(q->form);
	free(q);
}

bool quality_flagged(const struct quality *q, const char *uuid)
{
	return q && uuid && q->n_flagged &&
	       bsearch(&uuid, q->flagged, q->n_flagged, sizeof *q->flagged, by_text);
}

size_t quality_n_flagged(const struct quality *q)
{
	return q ? q->n_flagged : 0;
}

static void write_row(struct csvwrite *w, const struct quality *q, const struct quality_row *r)
{
	static const char *const source[] = { NULL, "screens", "timestamps" };

	csvwrite_text(w, q->form->form_id);
	csvwrite_text(w, r->uuid);
	csvwrite_text(w, r->status);
	csvwrite_number(w, r->source ? round(r->seconds * 1000) / 1000 : NAN);
	csvwrite_text(w, source[r->source]);
	csvwrite_number(w, q->median);
	if (r->source && !isnan(q->median))
		csvwrite_int(w, r->speeder);
	else
		csvwrite_empty(w);
	csvwrite_int(w, r->batteries);
	csvwrite_int(w, r->straightlined);
	csvwrite_int(w, r->straightliner);
	csvwrite_int(w, r->speeder || r->straightliner);
	csvwrite_end_row(w);
}

int quality_write(const struct quality *q, FILE *fp, const char *path, bool excel,
		  struct ky_error *err)
{
	static const char *const head[] = { "form", "respondent", "status", "seconds",
					    "time_source", "median_seconds", "speeder",
					    "batteries", "straightlined", "straightliner",
					    "flagged", NULL };
	struct csvwrite w;

	csvwrite_init(&w, fp, 10);
	if (excel)
		csvwrite_excel(&w);
	for (size_t i = 0; head[i]; i++)
		csvwrite_text(&w, head[i]);
	csvwrite_end_row(&w);
	for (size_t i = 0; i < q->n && !w.failed; i++)
		write_row(&w, q, &q->rows[i]);
	return csvwrite_finish(&w, path, err);
}
