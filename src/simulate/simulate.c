/* simulate.c - options, the walk through the form, the CSV row (simulate.h). */
#include "config.h"
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "form/rules.h"
#include "simulate/sim-impl.h"
#include "util/mem.h"
#include "util/uuid.h"

/* 2015-03-02, a Monday: the month the 2015 survey was in the field. */
#define DEFAULT_START_DAY 16496.0
#define DEFAULT_SPAN_DAYS 30.0
#define SECONDS_PER_DAY 86400.0
/* Walks through the form a respondent stuck on a required question
 * makes before giving up (each redraws every answer). */
#define SIM_MAX_WALKS 20

void sim_options_init(struct sim_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->seed = 1;
	opt->missing = 0.05;
	opt->partial = 0.05;
	opt->structure = true;
	opt->start_day = DEFAULT_START_DAY;
	opt->span_days = DEFAULT_SPAN_DAYS;
}

void sim_lang_shares_free(struct sim_lang_share *langs, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(langs[i].code);
	free(langs);
}

/* A language code as the lang column holds it: letters, digits, '-', '_'. */
static bool lang_code_ok(const char *s, size_t len)
{
	size_t i;
	if (len == 0 || len > 32)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

int sim_parse_lang_mix(const char *text, struct sim_lang_share **out, size_t *n,
		       struct ky_error *err)
{
	struct sim_lang_share *langs = NULL;
	size_t count = 0;
	double total = 0;
	const char *p = text;

	*out = NULL;
	*n = 0;
	while (*p) {
		const char *end = strchr(p, ','), *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *share_end, share_text[64];
		double share;

		eq = memchr(p, '=', len);
		if (!eq || !lang_code_ok(p, (size_t)(eq - p)) ||
		    len - (size_t)(eq - p) - 1 >= sizeof share_text)
			goto bad;
		memcpy(share_text, eq + 1, len - (size_t)(eq - p) - 1);
		share_text[len - (size_t)(eq - p) - 1] = '\0';
		share = strtod(share_text, &share_end);
		if (share_end == share_text || *share_end || !isfinite(share) || share < 0)
			goto bad;
		langs = ky_reallocarray(langs, count + 1, sizeof *langs);
		langs[count].code = ky_strndup(p, (size_t)(eq - p));
		langs[count].share = share;
		count++;
		total += share;
		p += len;
		if (*p == ',')
			p++;
	}
	if (count == 0 || total <= 0)
		goto bad;
	*out = langs;
	*n = count;
	return KY_OK;
bad:
	sim_lang_shares_free(langs, count);
	return ky_error_set(err, KY_EUSAGE,
			    "simulate: '--lang-mix' takes CODE=SHARE,... such as "
			    "'fi=0.7,sv=0.2,en=0.1', not '%s'", text);
}

/* Without --lang-mix: the form's languages that have a code, weighted as
 * the respondents of a Finnish study would choose them. */
static void default_langs(struct sim *sim)
{
	static const struct { const char *code; double share; } usual[] = {
		{ "fi", 0.7 }, { "sv", 0.2 }, { "en", 0.1 },
	};
	const struct form *f = sim->form;
	size_t i, j;

	for (i = 0; i < f->n_langs; i++) {
		const char *code = f->langs[i].code;
		double share = 0.1;
		if (!code || strcmp(code, f->langs[i].name) == 0 ||
		    !lang_code_ok(code, strlen(code)))
			continue;   /* "default" or a name without a code */
		for (j = 0; j < sizeof usual / sizeof usual[0]; j++)
			if (!strcmp(code, usual[j].code))
				share = usual[j].share;
		sim->opt.langs = ky_reallocarray(sim->opt.langs, sim->opt.n_langs + 1,
						 sizeof *sim->opt.langs);
		sim->opt.langs[sim->opt.n_langs].code = ky_strdup(code);
		sim->opt.langs[sim->opt.n_langs].share = share;
		sim->opt.n_langs++;
	}
}

static int name_slot_cmp(const void *a, const void *b)
{
	const struct sim_name_slot *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static const char *env_lookup(void *ctx, const char *name)
{
	struct sim *sim = ctx;
	struct sim_name_slot key = { name, -1 }, *hit;
	hit = bsearch(&key, sim->names, sim->n_names, sizeof key, name_slot_cmp);
	int qi;

	if (hit && sim_repeat_in_scope(sim, hit->slot))
		return sim->values[hit->slot];
	/* "/NAME", the top-level one of a name groups share (form.h) */
	if (!hit && name[0] == '/' && (qi = form_question_index(sim->form, name)) >= 0 &&
	    sim->form->questions[qi].slot >= 0)
		return sim->values[sim->form->questions[qi].slot];
	return sim_repeat_lookup(sim, name);
}

static const char *env_column(void *ctx, const char *word)
{
	struct sim *sim = ctx;
	const struct form_choice *c = sim->candidate;
	size_t i;

	if (!c)
		return NULL;
	if (!strcmp(word, "name"))
		return c->name;
	for (i = 0; i < c->n_extra; i++)
		if (!strcmp(word, c->extra_names[i]))
			return c->extra_values[i];
	if (!strcmp(word, "label") && c->label.by_lang && sim->form->default_lang_index >= 0)
		return c->label.by_lang[sim->form->default_lang_index];
	return NULL;
}

static double env_random(void *ctx)
{
	struct sim *sim = ctx;
	return gsl_rng_uniform(sim->rng);
}

/* Both the name and the column of every question with a value resolve;
 * the column wins where a plain name is not unique. */
static void build_name_index(struct sim *sim)
{
	const struct form *f = sim->form;
	size_t i, n = 0, kept = 0;

	sim->names = ky_calloc(2 * f->n_questions + 1, sizeof *sim->names);
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		if (q->slot < 0)
			continue;
		sim->names[n].name = q->column;
		sim->names[n++].slot = q->slot;
		if (strcmp(q->name, q->column)) {
			sim->names[n].name = q->name;
			sim->names[n++].slot = q->slot;
		}
	}
	qsort(sim->names, n, sizeof *sim->names, name_slot_cmp);
	for (i = 0; i < n; i++)
		if (kept == 0 || strcmp(sim->names[kept - 1].name, sim->names[i].name))
			sim->names[kept++] = sim->names[i];
	sim->n_names = kept;
}

/* Types whose value the terminal fills in, never the respondent. */
static bool is_automatic(enum form_qtype t)
{
	return t == FQ_START || t == FQ_END || t == FQ_TODAY || t == FQ_DEVICEID ||
	       t == FQ_CALCULATE || t == FQ_HIDDEN;
}

int sim_create(const struct form *form, const struct sim_options *opt, struct sim **out,
	       struct ky_error *err)
{
	struct sim *sim;
	size_t i, max_choices = 1;

	*out = NULL;
	if (opt->missing < 0 || opt->missing > 1 || opt->partial < 0 || opt->partial > 1)
		return ky_error_set(err, KY_EUSAGE, "simulate: rates must lie in [0, 1]");
	sim = ky_calloc(1, sizeof *sim);
	sim->form = form;
	sim->opt = *opt;
	sim->opt.langs = NULL;
	sim->opt.n_langs = 0;
	if (opt->n_langs) {
		sim->opt.langs = ky_calloc(opt->n_langs, sizeof *sim->opt.langs);
		for (i = 0; i < opt->n_langs; i++) {
			sim->opt.langs[i].code = ky_strdup(opt->langs[i].code);
			sim->opt.langs[i].share = opt->langs[i].share;
		}
		sim->opt.n_langs = opt->n_langs;
	} else {
		default_langs(sim);
	}

	sim->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!sim->rng)
		ky_out_of_memory(sizeof(gsl_rng));
	gsl_rng_set(sim->rng, opt->seed);

	sim->values = ky_calloc(form->n_slots + 1, sizeof *sim->values);
	sim->caps = ky_calloc(form->n_slots + 1, sizeof *sim->caps);
	for (i = 0; i < form->n_slots; i++) {
		sim->caps[i] = 32;
		sim->values[i] = ky_calloc(1, sim->caps[i]);
	}
	sim->irrelevant = ky_calloc(form->n_questions + 1, sizeof *sim->irrelevant);
	sim->sq = ky_calloc(form->n_questions + 1, sizeof *sim->sq);
	for (i = 0; i < form->n_lists; i++)
		if (form->lists[i].n_choices > max_choices)
			max_choices = form->lists[i].n_choices;
	sim->cands = ky_calloc(max_choices, sizeof *sim->cands);
	sim->buf_cap = 256;
	sim->buf = ky_malloc(sim->buf_cap);
	build_name_index(sim);

	sim->env.lookup = env_lookup;
	sim->env.column = env_column;
	sim->env.random = env_random;
	sim->env.ctx = sim;
	sim->prof_q = sim->exp_q = -1;
	sim->asked = ky_calloc(form->n_questions + 1, sizeof *sim->asked);
	for (i = 0; i < form->n_questions; i++)
		if (form->questions[i].slot >= 0 && !is_automatic(form->questions[i].type) &&
		    (form->n_repeats == 0 || form->questions[i].repeat < 0))
			sim->asked[sim->n_asked++] = i;
	sim_model_prepare(sim);
	sim_values_prepare(sim);
	/* Last: the probes above read every answer from sim->values. */
	sim_repeat_prepare(sim);
	*out = sim;
	return KY_OK;
}

void sim_destroy(struct sim *sim)
{
	size_t i;
	if (!sim)
		return;
	sim_model_release(sim);
	sim_values_release(sim);
	sim_repeat_release(sim);
	if (sim->values)
		for (i = 0; i < sim->form->n_slots; i++)
			free(sim->values[i]);
	free(sim->values);
	free(sim->caps);
	free(sim->irrelevant);
	free(sim->sq);
	free(sim->names);
	free(sim->cands);
	free(sim->buf);
	free(sim->asked);
	sim_lang_shares_free(sim->opt.langs, sim->opt.n_langs);
	if (sim->rng)
		gsl_rng_free(sim->rng);
	free(sim);
}

void sim_set_value(struct sim *sim, int slot, const char *text)
{
	size_t len = strlen(text);
	if (len + 1 > sim->caps[slot]) {
		sim->caps[slot] = ky_grow_cap(sim->caps[slot], len + 1, 1);
		free(sim->values[slot]);
		sim->values[slot] = ky_malloc(sim->caps[slot]);
	}
	memcpy(sim->values[slot], text, len + 1);
}

/* The value is stored first, so that a constraint naming its own
 * question by ${name} sees it as well as '.'. */
bool sim_constraint_ok(struct sim *sim, const struct form_question *q, const char *value)
{
	bool ok;
	if (value != sim->values[q->slot])
		sim_set_value(sim, q->slot, value);
	if (!q->constraint || !*value)
		return true;
	sim->env.dot = sim->values[q->slot];
	ok = form_rule_constraint(q, &sim->env);
	sim->env.dot = NULL;
	return ok;
}

size_t sim_uniform_index(struct sim *sim, size_t n)
{
	return n ? (size_t)gsl_rng_uniform_int(sim->rng, n) : 0;
}

void sim_format_seconds(double seconds, const char *format, char *buf, size_t len)
{
	time_t t = (time_t)seconds;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, format, &tm))
		buf[0] = '\0';
}

/* A version 4 UUID: 122 random bits from the seeded generator, so that
 * respondent ids repeat with the seed like everything else. */
static void make_uuid(struct sim *sim)
{
	uint32_t w[4];
	unsigned char b[16];
	size_t i;

	for (i = 0; i < 4; i++)
		w[i] = (uint32_t)gsl_rng_get(sim->rng);
	for (i = 0; i < 16; i++)
		b[i] = (unsigned char)(w[i / 4] >> (8 * (i % 4)));
	ky_uuid_format(b, sim->uuid);
}

static const char *pick_lang(struct sim *sim)
{
	double total = 0, u, acc = 0;
	size_t i;
	if (sim->opt.n_langs == 0)
		return "";
	for (i = 0; i < sim->opt.n_langs; i++)
		total += sim->opt.langs[i].share;
	u = gsl_rng_uniform(sim->rng) * total;
	for (i = 0; i + 1 < sim->opt.n_langs; i++) {
		acc += sim->opt.langs[i].share;
		if (u < acc)
			break;
	}
	return sim->opt.langs[i].code;
}

/* Field work between 07:00 and 20:00 UTC on a day of the span; 3 to 40
 * minutes at the terminal. */
static void draw_times(struct sim *sim, bool partial)
{
	double day = floor(gsl_rng_uniform(sim->rng) * sim->opt.span_days);
	double second = floor(7 * 3600 + gsl_rng_uniform(sim->rng) * 13 * 3600);
	double duration = floor(180 + gsl_rng_uniform(sim->rng) * 37 * 60);

	sim->started_seconds = (sim->opt.start_day + day) * SECONDS_PER_DAY + second;
	sim_format_seconds(sim->started_seconds, SIM_DATETIME_FORMAT, sim->started,
			   sizeof sim->started);
	if (partial)
		sim->completed[0] = '\0';
	else
		sim_format_seconds(sim->started_seconds + duration, SIM_DATETIME_FORMAT,
				   sim->completed, sizeof sim->completed);
}

static void fill_automatic(struct sim *sim, const struct form_question *q)
{
	char *text;
	switch (q->type) {
	case FQ_START:
		sim_set_value(sim, q->slot, sim->started);
		break;
	case FQ_END:
		sim_set_value(sim, q->slot, sim->completed);
		break;
	case FQ_TODAY:
		sim_set_value(sim, q->slot, sim->started);
		sim->values[q->slot][10] = '\0';   /* YYYY-MM-DD */
		break;
	case FQ_DEVICEID:
		sim_set_value(sim, q->slot, "kysely-simulate");
		break;
	case FQ_CALCULATE:
		if (!q->calculation)
			break;
		text = expr_eval_string(q->calculation, &sim->env);
		/* NaN from arithmetic on an unanswered question is no value. */
		if (text && strcmp(text, "NaN") && strcmp(text, "Infinity") &&
		    strcmp(text, "-Infinity"))
			sim_set_value(sim, q->slot, text);
		free(text);
		break;
	case FQ_HIDDEN:
		if (q->default_value)
			sim_set_value(sim, q->slot, q->default_value);
		break;
	default:
		break;
	}
}

static bool is_relevant(struct sim *sim, size_t i)
{
	const struct form_question *q = &sim->form->questions[i];
	return form_rule_relevant(q, q->parent < 0 || !sim->irrelevant[q->parent], &sim->env);
}

static void answer(struct sim *sim, const struct form_question *q)
{
	bool required = form_rule_required(q, &sim->env);
	bool skip;

	/* Drawn for every question, so that one answer's fate does not
	 * shift the random stream of the ones after it. */
	skip = gsl_rng_uniform(sim->rng) < sim->opt.missing;
	if (q->read_only) {
		if (q->default_value)
			sim_set_value(sim, q->slot, q->default_value);
		return;
	}
	if (skip && !required)
		return;
	sim_values_draw(sim, q);
}

/* A required question the respondent reached yet could not answer: no
 * choice passed its filter, no value its constraint. collect would not
 * let the respondent submit (nor does import take it as complete). */
static bool stuck_on(struct sim *sim, const struct form_question *q)
{
	return q->required && !sim->values[q->slot][0] && q->type != FQ_NOTE &&
	       q->type != FQ_UNSUPPORTED && expr_eval_bool(q->required, &sim->env);
}

static size_t walk_repeat(struct sim *sim, size_t rq, bool check);

/* One pass through the questions [from, to) of the current instance (or
 * of the respondent's record); with check, returns the first question
 * the respondent is stuck on (SIZE_MAX: none). */
static size_t walk_scope(struct sim *sim, size_t from, size_t to, bool check)
{
	const struct form *f = sim->form;
	size_t i, stuck;

	for (i = from; i < to; i++) {
		const struct form_question *q = &f->questions[i];
		sim->irrelevant[i] = !is_relevant(sim, i);
		if (sim->has_repeats && q->is_repeat && q->type == FQ_BEGIN_GROUP) {
			if (!sim->irrelevant[i] && (stuck = walk_repeat(sim, i, check)) != SIZE_MAX)
				return stuck;
			i = sim->scope_end[i] - 1;
			continue;
		}
		if (q->slot < 0 || sim->irrelevant[i])
			continue;
		if (is_automatic(q->type)) {
			fill_automatic(sim, q);
		} else {
			answer(sim, q);
			if (check && stuck_on(sim, q))
				return i;
		}
		sim_repeat_store(sim, i);
	}
	return SIZE_MAX;
}

/* The instances of repeat rq under the current one, each walked whole
 * (nested repeats included) before the next. */
static size_t walk_repeat(struct sim *sim, size_t rq, bool check)
{
	int parent = sim->inst, n = sim_repeat_count(sim, rq), k;
	size_t stuck = SIZE_MAX;

	for (k = 0; k < n && stuck == SIZE_MAX; k++) {
		sim_repeat_enter(sim, rq);
		stuck = walk_scope(sim, rq + 1, sim->scope_end[rq], check);
		sim_repeat_leave(sim, rq, parent);
	}
	return stuck;
}

/* One pass through the questions before stop (outside every repeat). */
static size_t walk(struct sim *sim, size_t stop, bool check)
{
	size_t i;

	for (i = 0; i < sim->form->n_slots; i++)
		sim->values[i][0] = '\0';
	sim_repeat_clear(sim);
	return walk_scope(sim, 0, stop, check);
}

void sim_next(struct sim *sim)
{
	const struct form *f = sim->form;
	size_t stop = f->n_questions, stuck, walks;
	bool partial;

	make_uuid(sim);
	partial = gsl_rng_uniform(sim->rng) < sim->opt.partial;
	/* A partial respondent answers at least the first question and
	 * stops before one of the others. */
	if (partial && sim->n_asked > 1)
		stop = sim->asked[1 + sim_uniform_index(sim, sim->n_asked - 1)];
	draw_times(sim, partial);
	sim->lang = pick_lang(sim);
	sim->status = partial ? "partial" : "complete";
	sim->env.now = sim->started_seconds;
	sim_model_new_respondent(sim);

	/* A respondent stuck on a required question goes back and answers
	 * the earlier ones otherwise (another district, another total);
	 * one who never gets through stops there, the interview partial. */
	for (walks = 1;; walks++) {
		stuck = walk(sim, stop, !partial);
		if (stuck == SIZE_MAX)
			break;
		if (walks >= SIM_MAX_WALKS) {
			partial = true;
			sim->status = "partial";
			sim->completed[0] = '\0';
			/* stuck in an instance: stops before the whole repeat */
			stop = sim_repeat_outermost(sim, stuck);
		}
	}
}

const char *sim_value(const struct sim *sim, size_t slot)
{
	return slot < sim->form->n_slots ? sim->values[slot] : "";
}

const char *sim_uuid(const struct sim *sim) { return sim->uuid; }
const char *sim_status(const struct sim *sim) { return sim->status; }
const char *sim_started(const struct sim *sim) { return sim->started; }
const char *sim_completed(const struct sim *sim) { return sim->completed; }
const char *sim_lang(const struct sim *sim) { return sim->lang; }

void sim_write_header(const struct sim *sim, struct csvwrite *w)
{
	const struct form *f = sim->form;
	size_t i;

	for (i = 0; i < FORM_N_RESPONSE_COLUMNS; i++)
		csvwrite_text(w, form_response_columns[i]);
	for (i = 0; i < f->n_slots; i++)
		if (sim_slot_top_level(sim, i))
			csvwrite_text(w, f->questions[f->slot_question[i]].column);
	csvwrite_end_row(w);
}

void sim_write_respondent(struct sim *sim, struct csvwrite *w)
{
	size_t i;

	sim_next(sim);
	csvwrite_text(w, sim->uuid);
	csvwrite_text(w, sim->status);
	csvwrite_text(w, sim->started);
	csvwrite_text(w, sim->completed);
	csvwrite_text(w, sim->lang);
	for (i = 0; i < sim->form->n_slots; i++)
		if (sim_slot_top_level(sim, i))
			csvwrite_text(w, sim->values[i]);
	csvwrite_end_row(w);
}
