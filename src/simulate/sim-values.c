/* sim-values.c - a value for each question type, its constraint honoured.
 *
 * A value is drawn and redrawn until the constraint holds; after
 * MAX_TRIES the question's whole candidate set is searched (every
 * filtered choice, or a grid of numbers or dates) and one passing value
 * is taken at random; when nothing passes, the question stays empty, as a
 * respondent unable to give a valid answer would leave it. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "simulate/sim-impl.h"
#include "util/mem.h"

#define MAX_TRIES 20
/* The grid searched when random numbers keep failing a constraint: wide
 * enough for ages, years of birth and counts alike. */
#define GRID_LO (-100)
#define GRID_HI 2100
#define SECONDS_PER_DAY 86400.0
/* Share of respondents who leave an unconditional free-text question empty. */
#define OPEN_TEXT_EMPTY 0.7

/* Short answers of the kind professionals type into a comment field.
 * None starts with a character a spreadsheet would run as a formula. */
static const char *const phrases[] = {
	"More training would help",
	"Not sure",
	"We need clear instructions at work",
	"Interpreters are hard to get",
	"I have not met such a patient",
	"Time is the main problem",
	"Good topic",
	"Referral path is unclear",
	"Our unit discussed this last year",
	"No comments",
	"Confidentiality worries me",
	"Need contact details of the assistance system",
};

void sim_format_number(double v, char *buf, size_t len)
{
	char *p;
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, len, "%.0f", v);
		if (!strcmp(buf, "-0"))
			snprintf(buf, len, "0");
		return;
	}
	snprintf(buf, len, "%.6f", v);
	p = buf + strlen(buf) - 1;
	while (p > buf && *p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
}

static bool name_has(const struct form_question *q, const char *part)
{
	return strstr(q->name, part) != NULL;
}

/* A range a respondent would plausibly answer in, from the name. An age
 * is a professional's, but inside a repeat (a household's roster) anyone's. */
static void plausible_range(const struct form_question *q, bool in_repeat, double *lo,
			    double *hi)
{
	*lo = 0;
	*hi = q->type == FQ_INTEGER ? 50 : 100;
	if (!strcmp(q->name, "age") || name_has(q, "_age") || !strncmp(q->name, "age_", 4) ||
	    name_has(q, "ika")) {
		*lo = in_repeat ? 0 : 22;
		*hi = in_repeat ? 90 : 65;
	} else if (name_has(q, "year") || name_has(q, "experience") || name_has(q, "vuo")) {
		*hi = 40;
	} else if (name_has(q, "hour") || name_has(q, "tunti")) {
		*hi = 40;
	} else if (name_has(q, "percent") || name_has(q, "pct") || name_has(q, "share")) {
		*hi = 100;
	} else if (name_has(q, "count") || name_has(q, "number") || !strncmp(q->name, "n_", 2)) {
		*hi = 20;
	}
}

/* Narrows the plausible range to what the constraint allows when it
 * depends on the answer alone (". >= 0 and . <= 60"): probing the grid
 * once here saves redrawing for every respondent. */
static void narrow_by_constraint(struct sim *sim, const struct form_question *q,
				 struct sim_question *sq)
{
	double v, lo = NAN, hi = NAN;
	char text[32];

	if (!q->constraint)
		return;
	for (v = GRID_LO; v <= GRID_HI; v += 1) {
		sim_format_number(v, text, sizeof text);
		if (!sim_constraint_ok(sim, q, text))
			continue;
		if (isnan(lo))
			lo = v;
		hi = v;
	}
	sim->values[q->slot][0] = '\0';
	if (isnan(lo))
		return;   /* depends on other answers, or on decimals: redraw at run time */
	if (lo > sq->hi || hi < sq->lo) {
		sq->lo = lo;
		sq->hi = hi - lo > 100 ? lo + 100 : hi;
	} else {
		sq->lo = fmax(sq->lo, lo);
		sq->hi = fmin(sq->hi, hi);
	}
}

static bool filter_reads(const struct form_question *d, const struct form_question *q)
{
	size_t k;
	for (k = 0; k < expr_ref_count(d->choice_filter); k++) {
		const char *ref = expr_ref_name(d->choice_filter, k);
		if (!strcmp(ref, q->name) || !strcmp(ref, q->column))
			return true;
	}
	return false;
}

/* The cascade of selects (province, district, post, community): the
 * later required selects whose list q's answer filters. */
static void find_dependents(struct sim *sim, size_t i)
{
	const struct form *f = sim->form;
	const struct form_question *q = &f->questions[i];
	struct sim_question *sq = &sim->sq[i];
	size_t j;

	if (q->type != FQ_SELECT_ONE)
		return;
	for (j = i + 1; j < f->n_questions; j++) {
		const struct form_question *d = &f->questions[j];
		if (!d->list || !d->choice_filter || !d->required || d->slot < 0 ||
		    !filter_reads(d, q))
			continue;
		sq->dependents = ky_reallocarray(sq->dependents, sq->n_dependents + 1,
						 sizeof *sq->dependents);
		sq->dependents[sq->n_dependents++] = j;
	}
}

void sim_values_release(struct sim *sim)
{
	size_t i;
	if (!sim->sq)
		return;
	for (i = 0; i < sim->form->n_questions; i++)
		free(sim->sq[i].dependents);
}

void sim_values_prepare(struct sim *sim)
{
	const struct form *f = sim->form;
	size_t i;

	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		struct sim_question *sq = &sim->sq[i];
		find_dependents(sim, i);
		if (q->type != FQ_INTEGER && q->type != FQ_DECIMAL)
			continue;
		plausible_range(q, f->n_repeats && q->repeat >= 0, &sq->lo, &sq->hi);
		sq->step = q->type == FQ_INTEGER ? 1 : (name_has(q, "hour") ? 0.5 : 0.1);
		narrow_by_constraint(sim, q, sq);
	}
}

/* The choices of q's list that its choice_filter lets through, into
 * sim->cands; returns how many. */
static size_t filter_choices(struct sim *sim, const struct form_question *q)
{
	const struct form_list *list = q->list;
	size_t i, n = 0;

	if (!list)
		return 0;
	for (i = 0; i < list->n_choices; i++) {
		if (q->choice_filter) {
			bool keep;
			sim->candidate = &list->choices[i];
			keep = expr_eval_bool(q->choice_filter, &sim->env);
			sim->candidate = NULL;
			if (!keep)
				continue;
		}
		sim->cands[n++] = i;
	}
	return n;
}

/* How deep the cascade is looked into: province, district, post,
 * community. */
#define LOOKAHEAD_DEPTH 4

static bool leads_somewhere(struct sim *sim, const struct form_question *q, int depth);

/* Whether some choice of d passes its choice_filter and leads on. */
static bool any_choice_leads(struct sim *sim, const struct form_question *d, int depth)
{
	size_t i;
	bool keep = false;

	for (i = 0; i < d->list->n_choices && !keep; i++) {
		sim->candidate = &d->list->choices[i];
		keep = expr_eval_bool(d->choice_filter, &sim->env);
		sim->candidate = NULL;
		if (keep && depth > 0 && sim->sq[d - sim->form->questions].n_dependents) {
			sim_set_value(sim, d->slot, d->list->choices[i].name);
			keep = leads_somewhere(sim, d, depth - 1);
			sim->values[d->slot][0] = '\0';
		}
	}
	return keep;
}

/* With q's current value, every dependent select of q still has a choice. */
static bool leads_somewhere(struct sim *sim, const struct form_question *q, int depth)
{
	const struct sim_question *sq = &sim->sq[q - sim->form->questions];
	size_t d;

	for (d = 0; d < sq->n_dependents; d++)
		if (!any_choice_leads(sim, &sim->form->questions[sq->dependents[d]], depth))
			return false;
	return true;
}

/* Keeps the candidates of q after which every dependent select still
 * has a choice, as an enumerator picks a district that has posts; all of
 * them when none does. Returns how many are kept. */
static size_t keep_leading(struct sim *sim, const struct form_question *q, size_t n)
{
	const struct sim_question *sq = &sim->sq[q - sim->form->questions];
	size_t k, kept = 0;

	if (!sq->n_dependents || n < 2)
		return n;
	for (k = 0; k < n; k++) {
		sim_set_value(sim, q->slot, q->list->choices[sim->cands[k]].name);
		if (leads_somewhere(sim, q, LOOKAHEAD_DEPTH - 1))
			sim->cands[kept++] = sim->cands[k];
	}
	sim->values[q->slot][0] = '\0';
	return kept ? kept : n;   /* none leads anywhere: cands untouched */
}

static void buf_reserve(struct sim *sim, size_t need)
{
	if (need <= sim->buf_cap)
		return;
	sim->buf_cap = ky_grow_cap(sim->buf_cap, need, 1);
	sim->buf = ky_realloc(sim->buf, sim->buf_cap);
}

static void buf_append_choice(struct sim *sim, size_t *len, const char *name)
{
	size_t n = strlen(name);
	buf_reserve(sim, *len + n + 2);
	if (*len)
		sim->buf[(*len)++] = ' ';
	memcpy(sim->buf + *len, name, n + 1);
	*len += n;
}

/* Tries the candidates one by one from a random start. */
static bool search_choices(struct sim *sim, const struct form_question *q, size_t n)
{
	size_t start = sim_uniform_index(sim, n), k;
	for (k = 0; k < n; k++)
		if (sim_constraint_ok(sim, q, q->list->choices[sim->cands[(start + k) % n]].name))
			return true;
	return false;
}

static bool cands_has(const struct sim *sim, size_t n, size_t choice)
{
	size_t k;
	for (k = 0; k < n; k++)
		if (sim->cands[k] == choice)
			return true;
	return false;
}

static void draw_select_one(struct sim *sim, const struct form_question *q)
{
	size_t n = keep_leading(sim, q, filter_choices(sim, q)), tries, choice;

	for (tries = 0; n && tries < MAX_TRIES; tries++) {
		choice = sim_model_choose(sim, q);
		if (choice == SIZE_MAX || !cands_has(sim, n, choice))
			choice = sim->cands[sim_uniform_index(sim, n)];
		if (sim_constraint_ok(sim, q, q->list->choices[choice].name))
			return;
	}
	if (!n || !search_choices(sim, q, n))
		sim_set_value(sim, q->slot, "");
}

static void draw_select_multiple(struct sim *sim, const struct form_question *q)
{
	size_t n = filter_choices(sim, q), tries, k, len;

	for (tries = 0; n && tries < MAX_TRIES; tries++) {
		len = 0;
		sim->buf[0] = '\0';
		for (k = 0; k < n; k++) {
			int in = sim_model_include(sim, q, sim->cands[k]);
			if (in < 0)
				in = gsl_rng_uniform(sim->rng) < 0.35;
			if (in)
				buf_append_choice(sim, &len, q->list->choices[sim->cands[k]].name);
		}
		/* Choosing nothing is not answering: take one at least. */
		if (len == 0)
			buf_append_choice(sim, &len,
					  q->list->choices[sim->cands[sim_uniform_index(sim, n)]].name);
		if (sim_constraint_ok(sim, q, sim->buf))
			return;
	}
	if (!n || !search_choices(sim, q, n))
		sim_set_value(sim, q->slot, "");
}

static void draw_rank(struct sim *sim, const struct form_question *q)
{
	size_t n = filter_choices(sim, q), tries, k, len;

	for (tries = 0; n && tries < MAX_TRIES; tries++) {
		gsl_ran_shuffle(sim->rng, sim->cands, n, sizeof *sim->cands);
		len = 0;
		sim->buf[0] = '\0';
		for (k = 0; k < n; k++)
			buf_append_choice(sim, &len, q->list->choices[sim->cands[k]].name);
		if (sim_constraint_ok(sim, q, sim->buf))
			return;
	}
	sim_set_value(sim, q->slot, "");
}

/* A value from a list of candidates, each taken with equal chance, by
 * reservoir sampling over the ones that pass. */
static bool search_grid(struct sim *sim, const struct form_question *q, double lo, double hi,
			double step, void (*format)(double, char *, size_t))
{
	char text[40], chosen[40] = "";
	double v, passed = 0;

	for (v = lo; v <= hi; v += step) {
		format(v, text, sizeof text);
		if (!sim_constraint_ok(sim, q, text))
			continue;
		passed++;
		if (gsl_rng_uniform(sim->rng) * passed < 1)
			memcpy(chosen, text, sizeof chosen);
	}
	sim_set_value(sim, q->slot, chosen);
	return passed > 0;
}

/* Hours of training: right-skewed, most have had a few. */
static double draw_hours(struct sim *sim, const struct sim_question *sq)
{
	double v = sq->step * ceil(gsl_ran_exponential(sim->rng, 6) / sq->step);
	return fmin(sq->hi, fmax(sq->lo, v));
}

static void draw_number(struct sim *sim, const struct form_question *q)
{
	const struct sim_question *sq = &sim->sq[q - sim->form->questions];
	size_t tries, steps = (size_t)floor((sq->hi - sq->lo) / sq->step + 0.5);
	char text[40];
	double v;

	for (tries = 0; tries < MAX_TRIES; tries++) {
		if (sq->role == SR_EXPERIENCE && sim->opt.structure)
			v = fmin(sq->hi, fmax(sq->lo, sim_model_years(sim)));
		else if (q->type == FQ_DECIMAL && name_has(q, "hour") && sim->opt.structure)
			v = draw_hours(sim, sq);
		else
			v = sq->lo + sq->step * (double)sim_uniform_index(sim, steps + 1);
		sim_format_number(v, text, sizeof text);
		if (sim_constraint_ok(sim, q, text))
			return;
	}
	search_grid(sim, q, GRID_LO, GRID_HI, q->type == FQ_INTEGER ? 1 : 0.5, sim_format_number);
}

static void draw_range(struct sim *sim, const struct form_question *q)
{
	double step = q->range_step != 0 ? fabs(q->range_step) : 1;
	double lo = fmin(q->range_start, q->range_end), hi = fmax(q->range_start, q->range_end);
	size_t steps = (size_t)floor((hi - lo) / step + 1e-9), tries;
	char text[40];

	for (tries = 0; tries < MAX_TRIES; tries++) {
		sim_format_number(lo + step * (double)sim_uniform_index(sim, steps + 1), text,
				  sizeof text);
		if (sim_constraint_ok(sim, q, text))
			return;
	}
	if (steps < 100000)
		search_grid(sim, q, lo, hi + step / 2, step, sim_format_number);
	else
		sim_set_value(sim, q->slot, "");
}

/* Text for a regex() constraint that no phrase passes (a phone number,
 * a code): generated from the pattern. */
static bool draw_text_pattern(struct sim *sim, const struct form_question *q)
{
	const char *pattern = expr_regex_on_answer(q->constraint, q->name);
	char text[256];
	size_t tries;

	if (!pattern)
		return false;
	for (tries = 0; tries < MAX_TRIES; tries++)
		if (sim_regex_draw(sim, pattern, text, sizeof text) && *text &&
		    sim_constraint_ok(sim, q, text))
			return true;
	return false;
}

static void draw_text(struct sim *sim, const struct form_question *q)
{
	size_t n = sizeof phrases / sizeof phrases[0], tries, k, start;

	/* Most people leave an open comment field empty; a text asked only
	 * under a condition ("which other profession?") or required they fill in. */
	if (sim->opt.structure && !q->relevant && !q->required && gsl_rng_uniform(sim->rng) < OPEN_TEXT_EMPTY) {
		sim_set_value(sim, q->slot, "");
		return;
	}
	for (tries = 0; tries < MAX_TRIES; tries++)
		if (sim_constraint_ok(sim, q, phrases[sim_uniform_index(sim, n)]))
			return;
	start = sim_uniform_index(sim, n);
	for (k = 0; k < n; k++)
		if (sim_constraint_ok(sim, q, phrases[(start + k) % n]))
			return;
	if (!draw_text_pattern(sim, q))
		sim_set_value(sim, q->slot, "");
}

static void format_date(double seconds, char *buf, size_t len)
{
	sim_format_seconds(seconds, "%Y-%m-%d", buf, len);
}

static void format_time(double seconds, char *buf, size_t len)
{
	sim_format_seconds(seconds, "%H:%M:%S", buf, len);
}

static void format_datetime(double seconds, char *buf, size_t len)
{
	sim_format_seconds(seconds, SIM_DATETIME_FORMAT, buf, len);
}

/* Dates in the five years before the respondent started; times of day
 * in working hours. */
static void draw_when(struct sim *sim, const struct form_question *q)
{
	void (*format)(double, char *, size_t) =
		q->type == FQ_DATE ? format_date : q->type == FQ_TIME ? format_time : format_datetime;
	double day0 = floor(sim->started_seconds / SECONDS_PER_DAY) * SECONDS_PER_DAY;
	char text[40];
	size_t tries;

	for (tries = 0; tries < MAX_TRIES; tries++) {
		double t = q->type == FQ_TIME
			? day0 + 7 * 3600 + 60 * (double)sim_uniform_index(sim, 12 * 60)
			: day0 - SECONDS_PER_DAY * (double)sim_uniform_index(sim, 5 * 365) +
			  60 * (double)sim_uniform_index(sim, 24 * 60);
		format(t, text, sizeof text);
		if (sim_constraint_ok(sim, q, text))
			return;
	}
	/* A century back and a few years ahead, a week apart. */
	search_grid(sim, q, day0 - 100 * 365 * SECONDS_PER_DAY,
		    day0 + 5 * 365 * SECONDS_PER_DAY, 7 * SECONDS_PER_DAY, format);
}

/* A re-entry to confirm (constraint ". = ${other}"): the other's answer,
 * as the respondent types it again. */
static bool draw_confirmation(struct sim *sim, const struct form_question *q)
{
	const char *other = expr_equal_ref(q->constraint, q->name), *v;
	char why[256];

	if (!other || !sim->env.lookup)
		return false;
	v = sim->env.lookup(sim->env.ctx, other);
	if (!v || !*v || v == sim->values[q->slot] ||
	    !form_value_valid(sim->form, q, v, why, sizeof why))
		return false;
	return sim_constraint_ok(sim, q, v);
}

void sim_values_draw(struct sim *sim, const struct form_question *q)
{
	if (draw_confirmation(sim, q))
		return;
	switch (q->type) {
	case FQ_SELECT_ONE:
		draw_select_one(sim, q);
		break;
	case FQ_SELECT_MULTIPLE:
		draw_select_multiple(sim, q);
		break;
	case FQ_RANK:
		draw_rank(sim, q);
		break;
	case FQ_INTEGER:
	case FQ_DECIMAL:
		draw_number(sim, q);
		break;
	case FQ_RANGE:
		draw_range(sim, q);
		break;
	case FQ_TEXT:
		draw_text(sim, q);
		break;
	case FQ_DATE:
	case FQ_TIME:
	case FQ_DATETIME:
		draw_when(sim, q);
		break;
	case FQ_ACKNOWLEDGE:
		if (!sim_constraint_ok(sim, q, "OK"))
			sim_set_value(sim, q->slot, "");
		break;
	default:
		break;
	}
}
