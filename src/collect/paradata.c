/* paradata.c - screen visits held for the store (paradata.h). */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "collect/paradata.h"
#include "util/mem.h"

void paradata_init(struct paradata *p)
{
	memset(p, 0, sizeof *p);
	p->current = p->previous = -1;
}

void paradata_release(struct paradata *p)
{
	free(p->held);
	paradata_init(p);
}

static void utc_stamp(char *buf, size_t len)
{
	struct timespec now;
	struct tm tm;
	char base[24];

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03dZ", base, (int)(now.tv_nsec / 1000000));
}

static double seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void hold(struct paradata *p, const struct store_visit *v)
{
	if (p->n_held == PARADATA_MAX_HELD) {
		/* the store has refused them for a long while: keep the newest */
		memmove(p->held, p->held + 1, (p->n_held - 1) * sizeof *p->held);
		p->n_held--;
	}
	if (p->n_held == p->cap) {
		p->cap = p->cap ? 2 * p->cap : PARADATA_BATCH;
		p->held = ky_reallocarray(p->held, p->cap, sizeof *p->held);
	}
	p->held[p->n_held++] = *v;
}

bool paradata_show(struct paradata *p, int qi)
{
	struct store_visit v;
	bool back;

	if (qi == p->current && p->shown_any)
		return false;   /* redrawn, not left */
	if (p->current >= 0) {
		memset(&v, 0, sizeof v);
		v.question = p->current;
		memcpy(v.entered_at, p->since_stamp, sizeof v.entered_at);
		v.seconds = seconds_since(&p->since);
		v.back = p->current < p->previous || p->from_review;
		hold(p, &v);
	}
	back = p->shown_any && p->current < 0;   /* leaving the review */
	p->from_review = back && qi >= 0;
	if (p->current >= 0)
		p->previous = p->current;
	p->current = qi;
	p->shown_any = true;
	clock_gettime(CLOCK_MONOTONIC, &p->since);
	utc_stamp(p->since_stamp, sizeof p->since_stamp);
	return p->n_held >= PARADATA_BATCH;
}

int paradata_flush(struct paradata *p, struct store *s, int64_t resp_pk, struct ky_error *err)
{
	int rc = store_visits_put(s, resp_pk, p->held, p->n_held, err);

	if (!rc)
		p->n_held = 0;
	return rc;
}
