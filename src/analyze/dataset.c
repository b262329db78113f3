/* dataset.c - responses from the store into columns (see analyze.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/quality.h"
#include "analyze/stream.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/strpool.h"

/* Where a name's text is in a row: a question's slot, or an attribute
 * (the response's lang and status first, see metadata_value()). */
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
};

static bool question_analysed(const struct form_question *q)
{
	return q->slot >= 0 && (q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE
				|| form_qtype_numeric(q->type));
}

static void grow(struct load_ctx *c)
{
	struct analyze_run *run = c->run;
	size_t cap = ky_grow_cap(c->cap, c->cap + 1, 1024);

	if (c->keep_ids)
		run->respondent = ky_reallocarray(run->respondent, cap, sizeof *run->respondent);
	else
		run->row_id = ky_reallocarray(run->row_id, cap, sizeof *run->row_id);
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (a->code)
			a->code = ky_reallocarray(a->code, cap, sizeof *a->code);
		if (a->bits) {
			a->bits = ky_reallocarray(a->bits, cap * a->n_words, sizeof *a->bits);
			a->answered = ky_reallocarray(a->answered, cap, 1);
		}
		if (a->num)
			a->num = ky_reallocarray(a->num, cap, sizeof *a->num);
	}
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k] = ky_reallocarray(run->attr_values[k], cap, sizeof(char *));
	c->cap = cap;
}

/* The first 8 bytes of a name as a word (zero-padded): names that short
 * compare in one step. When 8 bytes are readable from s (readable_end),
 * one load and a mask: copying fewer bytes into a word and reading it
 * back stalls the load for as long as the rest of the lookup takes. */
static uint64_t name_word(const char *s, size_t len, const char *readable_end)
{
	uint64_t word = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (readable_end && readable_end - s >= 8) {
		memcpy(&word, s, 8);
		return len >= 8 ? word : word & ((UINT64_C(1) << (8 * len)) - 1);
	}
#else
	(void)readable_end;
#endif
	memcpy(&word, s, len < 8 ? len : 8);
	return word;
}

static size_t choice_hash(uint64_t word, const char *s, size_t len)
{
	uint64_t h = word ^ len;
	for (size_t i = 8; i < len; i++)
		h = h * 31 + (unsigned char)s[i];
	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 40);
}

static bool slot_is(const struct avar *a, const struct choice_slot *slot, uint64_t word,
		    const char *s, size_t len)
{
	if (slot->word != word || slot->len != len)
		return false;
	return len <= 8 || !memcmp(a->level_names[slot->level - 1] + 8, s + 8, len - 8);
}

/* A repeated name keeps its first level, as a scan of the list would. */
static void index_choices(struct avar *a)
{
	size_t slots = 16;
	while (slots < 4 * a->n_levels)
		slots *= 2;
	a->choice_mask = slots - 1;
	a->choice_slot = ky_calloc(slots, sizeof *a->choice_slot);
	for (size_t k = 0; k < a->n_levels; k++) {
		const char *name = a->level_names[k];
		size_t len = a->level_len[k];
		uint64_t word = name_word(name, len, NULL);
		size_t at = choice_hash(word, name, len) & a->choice_mask;
		bool repeated = false;
		for (; a->choice_slot[at].level && !repeated; at = (at + 1) & a->choice_mask)
			repeated = slot_is(a, &a->choice_slot[at], word, name, len);
		if (!repeated)
			a->choice_slot[at] = (struct choice_slot){ word, (uint32_t)len, (uint32_t)k + 1 };
	}
}

/* Choice lookup runs for every answer of every respondent: one hash, and
 * for names of up to 8 bytes one comparison of words. */
static int find_choice(const struct avar *a, const char *s, size_t len, const char *readable_end)
{
	uint64_t word = name_word(s, len, readable_end);
	for (size_t at = choice_hash(word, s, len) & a->choice_mask; a->choice_slot[at].level;
	     at = (at + 1) & a->choice_mask) {
		if (slot_is(a, &a->choice_slot[at], word, s, len))
			return (int)a->choice_slot[at].level - 1;
	}
	return -1;
}

/* Answers, weights and fpc columns share the answers' number grammar
 * (form_parse_number): no hex ("0x1p3" is not 8), inf or nan. */
static double parse_number(const char *s, size_t len)
{
	char buf[64];
	double v;

	if (len == 0 || len >= sizeof buf)
		return NAN;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return form_parse_number(buf, &v) ? v : NAN;
}

static void note_unknown(struct load_ctx *c, const struct avar *a, const char *s, size_t len)
{
	/* the question only, never the answer: warnings reach logs */
	(void)s;
	(void)len;
	if (c->unknown_values++ == 0)
		snprintf(c->unknown_buf, sizeof c->unknown_buf, "'%s'", a->name);
}

/* A select_multiple answer: space-separated choice names as bits in
 * words[0 .. a->n_words - 1]; *any tells an answer (even of unknown
 * names) from none. */
static void choice_bits(struct load_ctx *c, const struct avar *a, const struct record_view *v,
			uint64_t *words, bool *any)
{
	memset(words, 0, a->n_words * sizeof *words);
	*any = false;
	if (!v->ptr)
		return;
	size_t pos = 0;
	while (pos < v->len) {
		while (pos < v->len && v->ptr[pos] == ' ')
			pos++;
		size_t start = pos;
		while (pos < v->len && v->ptr[pos] != ' ')
			pos++;
		if (pos == start)
			break;
		int k = find_choice(a, v->ptr + start, pos - start, c->record_end);
		if (k < 0)
			note_unknown(c, a, v->ptr + start, pos - start);
		else
			words[k / 64] |= (uint64_t)1 << (k % 64);
		*any = true;
	}
}

static void fill_var(struct load_ctx *c, struct avar *a, size_t i, const struct record_view *v)
{
	if (a->kind == AV_NUMERIC) {
		a->num[i] = v->ptr ? parse_number(v->ptr, v->len) : NAN;
		return;
	}
	if (a->kind == AV_CATEGORICAL) {
		int k = v->ptr ? find_choice(a, v->ptr, v->len, c->record_end) : -1;
		if (v->ptr && k < 0)
			note_unknown(c, a, v->ptr, v->len);
		a->code[i] = k;
		if (a->num)
			a->num[i] = k >= 0 ? a->q->list->choices[k].value : NAN;
		return;
	}
	bool any;
	choice_bits(c, a, v, a->bits + i * a->n_words, &any);
	a->answered[i] = any;
}

/* The run's own copy of a text read from a row (the row's memory is
 * SQLite's until the next row). */
static char *arena_add(struct analyze_run *run, const char *s)
{
	return ky_strpool_add(&run->text, s);
}

/* The response columns lang and status group respondents like an
 * attribute (answers by survey language); the stored column wins over an
 * attribute of the same name, which only fills in where it is empty. */
static const char *metadata_value(const struct store_response *r, const char *name)
{
	if (!strcmp(name, "lang"))
		return r->lang;
	if (!strcmp(name, "status"))
		return r->status;
	return NULL;
}

/* ---- the one-pass path ---- */

static void sum_answer(struct load_ctx *c, struct avar *a, size_t cell, double w,
		       const struct record_view *v)
{
	const struct stream *s = c->stream;

	if (!v->ptr)
		return;
	if (a->kind == AV_NUMERIC) {
		double y = parse_number(v->ptr, v->len);
		if (!isnan(y))
			stream_add_number(c->stream, a->acc, cell, y, w);
		return;
	}
	if (a->kind == AV_CATEGORICAL) {
		int k = find_choice(a, v->ptr, v->len, c->record_end);
		if (k < 0) {
			note_unknown(c, a, v->ptr, v->len);
			return;
		}
		stream_add_answered(s, a->acc, cell, w);
		stream_add_level(s, a->acc, cell, (size_t)k, w);
		return;
	}
	bool any;
	if (a->n_words > c->words_cap) {
		c->words = ky_reallocarray(c->words, a->n_words, sizeof *c->words);
		c->words_cap = a->n_words;
	}
	choice_bits(c, a, v, c->words, &any);
	if (!any)
		return;
	stream_add_answered(s, a->acc, cell, w);
	for (size_t j = 0; j < a->n_words; j++)
		for (uint64_t bits = c->words[j]; bits; bits &= bits - 1)
			stream_add_level(s, a->acc, cell, j * 64 + (size_t)__builtin_ctzll(bits), w);
}

static const char *row_text(const struct load_ctx *c, const struct store_response *r,
			    const char *const *attr_values, const struct text_source *src,
			    size_t *len)
{
	const char *value = NULL;

	if (src->slot >= 0) {
		*len = c->views[src->slot].len;
		return c->views[src->slot].ptr;
	}
	if (src->attr >= 0) {
		value = metadata_value(r, src->name);
		if (!value || !*value)
			value = attr_values[src->attr];
	}
	if (!value || !*value)
		return NULL;
	*len = strlen(value);
	return value;
}

/* The cell of a row: its --by, strata and cluster texts, each as a length
 * (UINT32_MAX: none) and the bytes. */
static size_t row_cell(struct load_ctx *c, const struct store_response *r,
		       const char *const *attr_values, size_t row)
{
	size_t at = 0;

	for (size_t k = 0; k < c->n_key_src; k++) {
		size_t len = 0;
		const char *text = row_text(c, r, attr_values, &c->key_src[k], &len);
		uint32_t mark = text ? (uint32_t)len : UINT32_MAX;
		if (at + sizeof mark + len > c->key_cap) {
			c->key_cap = (at + sizeof mark + len) * 2;
			c->key = ky_realloc(c->key, c->key_cap);
		}
		memcpy(c->key + at, &mark, sizeof mark);
		at += sizeof mark;
		if (text)
			memcpy(c->key + at, text, len);
		at += text ? len : 0;
	}
	return stream_cell(c->stream, c->key ? c->key : "", at, row);
}

/* The weight of a row; NaN when missing or not a number (the design
 * setup then names the respondent). */
static double row_weight(const struct load_ctx *c, const struct store_response *r,
			 const char *const *attr_values)
{
	size_t len = 0;
	const char *text = row_text(c, r, attr_values, &c->weight_src, &len);
	return text ? parse_number(text, len) : NAN;
}

/* Cells as rows: the first respondent of a cell stands for it in
 * messages, unless a later one has a weight the design will refuse. The
 * first respondent in the file without a numeric weight, else the first
 * with one that is not positive, then stands for its cell: the checks
 * over the cells give the message the checks over respondents would. */
static void note_stand_in(struct load_ctx *c, const struct store_response *r,
			  const char *const *attr_values, size_t cell, double w)
{
	struct stream *s = c->stream;
	bool weighted = s->weighted && c->run->opt->weight;
	int bad = !weighted ? 0 : isnan(w) ? 2 : w > 0 ? 0 : 1;

	if (bad <= c->bad_weight)
		bad = 0;
	if (s->cell_id[cell] && !bad)
		return;
	if (bad)
		c->bad_weight = bad;
	/* the weight's text only when the stand-in changes: once a cell */
	size_t len = 0;
	const char *text = weighted ? row_text(c, r, attr_values, &c->weight_src, &len) : NULL;
	char *weight = text ? ky_strndup(text, len) : NULL;
	stream_cell_stand_in(s, cell, r->uuid, weight);
	free(weight);
}

static void fill_row(struct load_ctx *c, const struct store_response *r,
		     const char *const *attr_values, size_t i)
{
	struct analyze_run *run = c->run;
	size_t cell = 0;
	double w = 1;

	if (run->opt->named_only) {
		/* kysely model: the questions it does not name are neither kept
		 * nor summed (no cells either: a cluster as fine as the
		 * respondents would make the stream read the store again) */
		for (size_t v = 0; v < run->n_vars; v++)
			if (!run->vars[v].acc)
				fill_var(c, &run->vars[v], i, &c->views[run->vars[v].q->slot]);
		return;
	}
	if (c->stream) {
		cell = row_cell(c, r, attr_values, i);
		if (cell == SIZE_MAX)
			return;   /* too many cells: analyze reads the store again */
		if (c->stream->weighted && run->opt->weight)
			w = row_weight(c, r, attr_values);
		if (run->cells_as_rows)
			note_stand_in(c, r, attr_values, cell, w);
	}
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (a->acc)
			sum_answer(c, a, cell, w, &c->views[a->q->slot]);
		else
			fill_var(c, a, i, &c->views[a->q->slot]);
	}
}

/* --complete-only and --exclude-flagged (quality.h). */
static bool left_out(const struct analyze_run *run, const struct store_response *r,
		     size_t index)
{
	if (run->opt->complete_only && (!r->status || strcmp(r->status, "complete")))
		return true;
	return run->opt->exclude_flagged && quality_flagged(run->opt->quality, index, r->uuid);
}

/* The record's answers in c->views, slot by slot of the current version:
 * an older version's answers move to the slots of their comparable
 * questions (editions.h). -1 when the record is malformed. */
static int decode(struct load_ctx *c, const struct store_response *r)
{
	const struct form *cur = c->run->form;

	c->record_end = (const char *)r->answers + r->answers_len;
	if (!c->edition)
		return record_decode(r->answers, r->answers_len, c->views, cur->n_slots);
	if (record_decode(r->answers, r->answers_len, c->ed_views, c->edition->form->n_slots) < 0)
		return -1;
	for (size_t s = 0; s < cur->n_slots; s++) {
		int from = c->edition->from_slot[s];
		c->views[s] = from >= 0 ? c->ed_views[from] : (struct record_view){ NULL, 0 };
	}
	return 0;
}

static int load_one(void *ctx, const struct store_response *r, const char *const *attr_values)
{
	struct load_ctx *c = ctx;
	struct analyze_run *run = c->run;
	size_t i = run->n;

	/* quality.c flags the current version's respondents only */
	size_t quality_index = c->edition ? SIZE_MAX : c->current_read++;
	bool decoded = false;

	run->responses_read++;
	if (c->quality && !c->edition) {
		/* every response of the version, left out of the estimates or not */
		if (decode(c, r) < 0)
			return 1;
		quality_add(c->quality, r, c->views);
		decoded = true;
	}
	if (left_out(run, r, quality_index))
		return 0;
	run->respondents++;
	if (!decoded && decode(c, r) < 0)
		return 1;
	if (run->cells_as_rows) {
		fill_row(c, r, attr_values, i);
		return 0;
	}
	if (i == c->cap)
		grow(c);
	if (c->keep_ids)
		run->respondent[i] = arena_add(run, r->uuid ? r->uuid : "?");
	else
		run->row_id[i] = r->id;
	fill_row(c, r, attr_values, i);
	for (size_t k = 0; k < run->n_attrs; k++) {
		const char *value = metadata_value(r, run->attr_names[k]);
		if (!value || !*value)
			value = attr_values[k];
		run->attr_values[k][i] = value && *value ? arena_add(run, value) : NULL;
	}
	run->n++;
	return 0;
}

static void add_question_vars(struct analyze_run *run)
{
	const struct form *f = run->form;
	run->vars = ky_calloc(f->n_questions + 1, sizeof *run->vars);
	for (size_t qi = 0; qi < f->n_questions; qi++) {
		const struct form_question *q = &f->questions[qi];
		if (!question_analysed(q))
			continue;
		struct avar *a = &run->vars[run->n_vars++];
		a->name = q->column ? q->column : q->name;
		a->q = q;
		if (q->type == FQ_SELECT_ONE && q->list) {
			a->kind = AV_CATEGORICAL;
			a->n_levels = q->list->n_choices;
			a->level_names = ky_calloc(a->n_levels + 1, sizeof(char *));
			a->likert = a->n_levels > 0;
			a->level_len = ky_calloc(a->n_levels + 1, sizeof *a->level_len);
			for (size_t k = 0; k < a->n_levels; k++) {
				a->level_names[k] = q->list->choices[k].name;
				a->level_len[k] = strlen(a->level_names[k]);
				if (!q->list->choices[k].has_value)
					a->likert = false;
			}
			index_choices(a);
			if (a->likert)
				a->num = ky_malloc(sizeof *a->num);
			a->code = ky_malloc(sizeof *a->code);
		} else if (q->type == FQ_SELECT_MULTIPLE && q->list) {
			a->kind = AV_MULTIPLE;
			a->n_levels = q->list->n_choices;
			a->n_words = a->n_levels ? (a->n_levels + 63) / 64 : 1;
			a->level_names = ky_calloc(a->n_levels + 1, sizeof(char *));
			a->level_len = ky_calloc(a->n_levels + 1, sizeof *a->level_len);
			for (size_t k = 0; k < a->n_levels; k++) {
				a->level_names[k] = q->list->choices[k].name;
				a->level_len[k] = strlen(a->level_names[k]);
			}
			index_choices(a);
			a->bits = ky_reallocarray(NULL, a->n_words, sizeof *a->bits);
			a->answered = ky_malloc(1);
		} else {
			a->kind = AV_NUMERIC;
			a->num = ky_malloc(sizeof *a->num);
		}
	}
}

static int attr_index(const struct analyze_run *run, const char *name);

static struct text_source text_source_of(const struct analyze_run *run, const char *name)
{
	struct text_source src = { .name = name, .slot = -1, .attr = -1 };

	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		if (a->q && (!strcmp(a->name, name) || !strcmp(a->q->name, name))) {
			src.slot = a->q->slot;
			return src;
		}
	}
	src.attr = attr_index(run, name);
	return src;
}

static bool names_var(const struct avar *a, const char *const *names, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(names[k], a->name) || !strcmp(names[k], a->q->name))
			return true;
	return false;
}

/* The one-pass path takes every question that no derived statistic
 * (derived.c) and no design or grouping option reads row by row; numbers
 * too unless a first pass found too many distinct values. */
static bool var_streams(const struct analyze_run *run, const struct avar *a, bool numbers,
			const char *const *extra_names, size_t n_extra)
{
	return a->q && (a->kind != AV_NUMERIC || numbers) && !analyze_derived_uses(a->q)
		&& (run->cells_as_rows || !names_var(a, extra_names, n_extra));
}

/* Cells as rows needs every question summed: numbers too, no derived
 * statistic, and an --fpc that is one number (a column could differ
 * within a cell). */
static bool cells_can_be_rows(const struct analyze_run *run, bool numbers)
{
	const char *fpc = run->opt->fpc;
	double constant;

	if (!numbers)
		return false;
	if (fpc && !form_parse_number(fpc, &constant))
		return false;
	for (size_t v = 0; v < run->n_vars; v++)
		if (run->vars[v].q && analyze_derived_uses(run->vars[v].q))
			return false;
	return true;
}

static void setup_stream(struct analyze_run *run, struct load_ctx *c, bool numbers,
			 const char *const *extra_names, size_t n_extra)
{
	const struct analyze_options *opt = run->opt;
	size_t *levels = ky_calloc(run->n_vars + 1, sizeof *levels), n = 0;

	if ((opt->columns && !opt->named_only) || opt->poststratify || opt->n_rake ||
	    opt->plan_kind == PLAN_COLUMNS)
		goto out;
	/* columns (kysely model): a row per respondent, the named variables
	 * as columns, the questions nothing reads summed */
	run->cells_as_rows = !opt->columns && cells_can_be_rows(run, numbers)
			     && opt->plan_kind != PLAN_SUMS;
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (var_streams(run, a, numbers, extra_names, n_extra))
			levels[n++] = a->kind == AV_NUMERIC ? SIZE_MAX : a->n_levels;
	}
	if (!n) {
		run->cells_as_rows = false;
		goto out;
	}
	run->stream = c->stream = stream_create(n, levels, run->weighted);
	for (size_t v = 0, at = 0; v < run->n_vars && at < n; v++) {
		struct avar *a = &run->vars[v];
		if (!var_streams(run, a, numbers, extra_names, n_extra))
			continue;
		a->acc = &run->stream->var[at++];
		free(a->code);
		free(a->bits);
		free(a->answered);
		free(a->num);
		a->code = NULL;
		a->bits = NULL;
		a->answered = NULL;
		a->num = NULL;
	}
	for (size_t b = 0; b < opt->n_by; b++)
		c->key_src[c->n_key_src++] = text_source_of(run, opt->by[b]);
	if (run->weighted) {
		if (opt->strata)
			c->key_src[c->n_key_src++] = text_source_of(run, opt->strata);
		if (opt->cluster)
			c->key_src[c->n_key_src++] = text_source_of(run, opt->cluster);
		if (opt->weight)
			c->weight_src = text_source_of(run, opt->weight);
	}
out:
	free(levels);
}

/* Part `part` of a cell's key (row_cell()): its text and length, NULL
 * when the row had none. */
static const char *key_part(const char *key, size_t part, size_t *len)
{
	uint32_t mark;
	for (size_t k = 0;; k++) {
		memcpy(&mark, key, sizeof mark);
		key += sizeof mark;
		if (k == part)
			break;
		key += mark == UINT32_MAX ? 0 : mark;
	}
	*len = mark == UINT32_MAX ? 0 : mark;
	return mark == UINT32_MAX ? NULL : key;
}

/* Cells as rows: a source's text in cell i as the column its variable
 * (question or attribute) would have had over respondents. */
static void cell_column(struct analyze_run *run, const struct text_source *src, size_t i,
			const char *text, size_t len)
{
	if (src->attr >= 0) {
		char *copy = text ? ky_strndup(text, len) : NULL;
		run->attr_values[src->attr][i] = copy && *copy ? arena_add(run, copy) : NULL;
		free(copy);
		return;
	}
	for (size_t v = 0; v < run->n_vars && src->slot >= 0; v++) {
		struct avar *a = &run->vars[v];
		if (!a->q || a->q->slot != src->slot)
			continue;
		if (a->kind == AV_NUMERIC)
			a->num[i] = text ? parse_number(text, len) : NAN;
		else if (a->kind == AV_CATEGORICAL)
			a->code[i] = text ? find_choice(a, text, len, NULL) : -1;
	}
}

static void cell_columns_alloc(struct analyze_run *run, const struct text_source *src, size_t n)
{
	for (size_t v = 0; v < run->n_vars && src->slot >= 0; v++) {
		struct avar *a = &run->vars[v];
		if (!a->q || a->q->slot != src->slot)
			continue;
		if (a->kind == AV_NUMERIC && !a->num)
			a->num = ky_calloc(n + 1, sizeof *a->num);
		else if (a->kind == AV_CATEGORICAL && !a->code)
			a->code = ky_calloc(n + 1, sizeof *a->code);
	}
}

static void cells_to_columns(struct analyze_run *run, struct load_ctx *c)
{
	const struct stream *s = c->stream;
	size_t n = s->n_cells;

	run->n = n;
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k] = ky_calloc(n + 1, sizeof(char *));
	for (size_t k = 0; k < c->n_key_src; k++)
		cell_columns_alloc(run, &c->key_src[k], n);
	if (c->weight_src.name)
		cell_columns_alloc(run, &c->weight_src, n);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < c->n_key_src; k++) {
			size_t len;
			const char *text = key_part(s->key[i], k, &len);
			cell_column(run, &c->key_src[k], i, text, len);
		}
		if (c->weight_src.name) {
			const char *w = s->cell_weight[i];
			cell_column(run, &c->weight_src, i, w, w ? strlen(w) : 0);
		}
	}
}

/* The fingerprint of the loaded form, for run.csv (run-record.h). */
static int note_sha(void *ctx, const struct store_form_row *f)
{
	struct analyze_run *run = ctx;

	if (f->pk != run->form_pk)
		return 0;
	snprintf(run->form_sha256, sizeof run->form_sha256, "%s", f->sha ? f->sha : "");
	return 0;
}

/* The older versions' responses first (oldest first, then the current's:
 * the order of the store), and one line on stderr saying what was read. */
static int scan_editions(struct store *s, struct analyze_run *run, struct load_ctx *c,
			 struct ky_error *err)
{
	const struct editions *e = &run->editions;
	int rc = KY_OK;

	for (size_t k = 0; k < e->n && !rc; k++) {
		c->edition = &e->ed[k];
		c->ed_views = ky_reallocarray(c->ed_views, e->ed[k].form->n_slots + 1, sizeof *c->ed_views);
		rc = store_scan(s, e->ed[k].pk, (const char *const *)run->attr_names, run->n_attrs,
				load_one, c, err);
	}
	c->edition = NULL;
	if (!rc && e->n && !run->opt->quiet_editions)
		ky_warn("analyze: form '%s': %zu older version%s read with version '%s'; %zu question%s "
			"differing in label or scoring (their older answers left out, not compared)",
			run->form->form_id, e->n, e->n == 1 ? "" : "s", run->form->version,
			e->questions_not_comparable, e->questions_not_comparable == 1 ? "" : "s");
	return rc;
}

/* analyze's quality.csv without --exclude-flagged (which computes the
 * flags before, analyze_prepare): the flags from this scan's records, on
 * the first pass only (a second keeps the first's). */
static int start_quality(struct store *s, struct analyze_run *run, struct load_ctx *c,
			 struct ky_error *err)
{
	const struct analyze_options *opt = run->opt;

	if (!opt->with_quality || opt->exclude_flagged || run->quality)
		return KY_OK;
	run->quality = quality_start(s, run->form, run->form_pk, opt->db, opt->form_id, err);
	c->quality = run->quality;
	return run->quality ? KY_OK : err->code;
}

static int load_once(struct analyze_run *run, const struct analyze_options *opt,
		     const char *const *extra_names, size_t n_extra, bool sums, bool numbers,
		     struct ky_error *err)
{
	struct store *s = NULL;
	int64_t form_pk;
	struct load_ctx c = { .run = run };
	int rc;

	run->opt = opt;
	rc = store_open(opt->db, STORE_READONLY, &s, err);
	if (rc)
		return rc;
	rc = store_load_form_newest(s, opt->form_id, &form_pk, &run->form, err);
	run->form_pk = form_pk;
	if (!rc)
		rc = store_forms(s, note_sha, run, err);
	if (!rc)
		rc = editions_load(s, opt->db, run->form, form_pk, &run->editions, err);
	if (rc)
		goto out;
	run->lang = run->form->default_lang_index;
	if (opt->lang) {
		run->lang = form_lang_index(run->form, opt->lang);
		if (run->lang < 0) {
			rc = ky_error_set(err, KY_EUSAGE, "%s: form '%s' has no language '%s'", analyze_command(opt),
					  run->form->form_id, opt->lang);
			goto out;
		}
	}
	add_question_vars(run);
	/* attributes: every name the options use that is not a question */
	run->attr_names = ky_calloc(n_extra + 1, sizeof(char *));
	for (size_t k = 0; k < n_extra; k++) {
		const char *name = extra_names[k];
		bool seen = form_find_question(run->form, name) != NULL;
		for (size_t j = 0; j < run->n_attrs && !seen; j++)
			seen = !strcmp(run->attr_names[j], name);
		if (!seen)
			run->attr_names[run->n_attrs++] = ky_strdup(name);
	}
	run->attr_values = ky_calloc(run->n_attrs + 1, sizeof(char **));
	c.views = ky_calloc(run->form->n_slots + 1, sizeof *c.views);
	if (sums)
		setup_stream(run, &c, numbers, extra_names, n_extra);
	/* design.c names rows in its --fpc messages; other messages find the
	 * id again (analyze_respondent) */
	c.keep_ids = opt->fpc && !run->cells_as_rows;
	rc = start_quality(s, run, &c, err);
	if (!rc)
		rc = scan_editions(s, run, &c, err);
	if (!rc)
		rc = store_scan(s, form_pk, (const char *const *)run->attr_names, run->n_attrs,
				load_one, &c, err);
	if (!rc && c.quality)
		quality_finish(c.quality);
	if (!rc && run->cells_as_rows)
		cells_to_columns(run, &c);
	if (rc == 1 && err->code == KY_OK)
		rc = ky_error_set(err, KY_EIO, "%s: a stored response record is malformed", analyze_command(opt));
	if (!rc && c.unknown_values && !(run->stream && stream_overflowed(run->stream)))
		ky_warn("%s: %zu answers are not choices of their question (first in %s); left out", analyze_command(opt),
			c.unknown_values, c.unknown_buf);
out:
	free(c.views);
	free(c.ed_views);
	free(c.key);
	free(c.words);
	if (rc) {
		store_close(s);
	} else {
		store_close(run->store);   /* the first pass's, on a second */
		run->store = s;
	}
	return rc;
}

const char *analyze_respondent(struct analyze_run *run, size_t i)
{
	struct ky_error err = { 0 };

	if (run->respondent && run->respondent[i])
		return run->respondent[i];
	if (run->cells_as_rows)
		return run->stream->cell_id[i] ? run->stream->cell_id[i] : "?";
	if (!run->row_id || !run->store ||
	    store_response_uuid(run->store, run->row_id[i], run->id_buf, sizeof run->id_buf, &err))
		snprintf(run->id_buf, sizeof run->id_buf, "number %zu", i + 1);
	return run->id_buf;
}

int analyze_load(struct analyze_run *run, const struct analyze_options *opt,
		 const char *const *extra_names, size_t n_extra, struct ky_error *err)
{
	bool weighted = run->weighted;
	enum interval_method method = run->method;
	int rc = load_once(run, opt, extra_names, n_extra, true, true, err);

	if (rc || !run->stream || !stream_overflowed(run->stream))
		return rc;
	/* a second pass: every question into columns when the cells were too
	 * many, else numbers into columns (too many distinct values to sum) */
	bool sums = !run->stream->too_many_cells;
	/* what analyze_prepare gave the run outlives the first pass: opt and
	 * extra_names point into them */
	struct quality *quality = run->quality;
	char *paired_var = run->paired_var;
	run->quality = NULL;
	run->paired_var = NULL;
	analyze_run_release(run);
	run->weighted = weighted;
	run->method = method;
	run->quality = quality;
	run->paired_var = paired_var;
	return load_once(run, opt, extra_names, n_extra, sums, false, err);
}

void analyze_run_release(struct analyze_run *run)
{
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (!a->q)
			for (size_t k = 0; k < a->n_levels; k++)
				free(a->level_names[k]);
		free(a->level_names);
		free(a->level_len);
		free(a->choice_slot);
		free(a->code);
		free(a->bits);
		free(a->answered);
		free(a->num);
	}
	free(run->vars);
	editions_release(&run->editions);
	stream_destroy(run->stream);
	for (size_t k = 0; k < run->n_attrs; k++) {
		free(run->attr_values[k]);
		free(run->attr_names[k]);
	}
	free(run->attr_values);
	free(run->attr_names);
	free(run->respondent);
	free(run->row_id);
	store_close(run->store);
	ky_strpool_release(&run->text);
	for (size_t g = 0; g < run->n_groups; g++)
		free(run->group_names[g]);
	free(run->group_names);
	free(run->group);
	free(run->by_label);
	design_work_destroy(run->work);
	design_destroy(run->design);
	if (run->form)
		form_destroy(run->form);
	quality_destroy(run->quality);
	free(run->paired_var);
	memset(run, 0, sizeof *run);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int attr_index(const struct analyze_run *run, const char *name)
{
	for (size_t k = 0; k < run->n_attrs; k++)
		if (!strcmp(run->attr_names[k], name))
			return (int)k;
	return -1;
}

/* Categories of an attribute, or of a numeric question used as one: the
 * distinct values sorted (numbers numerically), coded by binary search. */
static int cmp_num_text(const void *a, const void *b)
{
	double x = strtod(*(char *const *)a, NULL), y = strtod(*(char *const *)b, NULL);
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void categorise_texts(struct avar *a, char **values, size_t n)
{
	char **sorted = ky_calloc(n + 1, sizeof *sorted);
	size_t m = 0, levels = 0;
	bool numeric = true;

	for (size_t i = 0; i < n; i++) {
		if (values[i]) {
			sorted[m++] = values[i];
			if (!isfinite(parse_number(values[i], strlen(values[i]))))
				numeric = false;
		}
	}
	qsort(sorted, m, sizeof *sorted, numeric ? cmp_num_text : cmp_str);
	a->level_names = ky_calloc(m + 1, sizeof(char *));
	for (size_t r = 0; r < m; r++)
		if (r == 0 || strcmp(sorted[r], sorted[r - 1]))
			a->level_names[levels++] = ky_strdup(sorted[r]);
	a->n_levels = levels;
	a->code = ky_calloc(n ? n : 1, sizeof *a->code);
	for (size_t i = 0; i < n; i++) {
		if (!values[i]) {
			a->code[i] = -1;
			continue;
		}
		size_t lo = 0, hi = levels;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = numeric ? cmp_num_text(&a->level_names[mid], &values[i])
				: strcmp(a->level_names[mid], values[i]);
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		a->code[i] = (int32_t)lo;
	}
	free(sorted);
}

bool analyze_chosen(const struct avar *a, size_t i, size_t *chosen, size_t *n)
{
	*n = 0;
	if (a->kind == AV_CATEGORICAL && a->code[i] >= 0)
		chosen[(*n)++] = (size_t)a->code[i];
	else if (a->kind == AV_MULTIPLE && a->answered[i])
		AVAR_FOR_EACH_CHOSEN(a, i, k, { chosen[(*n)++] = k; });
	else
		return false;
	return true;
}

int analyze_find_var(struct analyze_run *run, const char *name, bool categorical,
		     size_t *index, struct ky_error *err)
{
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (strcmp(a->name, name) && !(a->q && !strcmp(a->q->name, name)))
			continue;
		if (categorical && a->kind == AV_MULTIPLE)
			return ky_error_set(err, KY_EUSAGE, "'%s' is a select_multiple question and cannot group respondents", name);
		if (categorical && a->kind == AV_NUMERIC && !a->code) {
			/* a numeric question used as categories: its values as text */
			char **texts = ky_calloc(run->n + 1, sizeof *texts);
			for (size_t i = 0; i < run->n; i++)
				if (!isnan(a->num[i]))
					texts[i] = ky_asprintf("%.15g", a->num[i]);
			categorise_texts(a, texts, run->n);
			for (size_t i = 0; i < run->n; i++)
				free(texts[i]);
			free(texts);
		}
		*index = v;
		return KY_OK;
	}
	int k = attr_index(run, name);
	if (k < 0)
		return ky_error_set(err, KY_EUSAGE, "unknown variable '%s' (not a question of form '%s' nor a respondent attribute)",
				    name, run->form->form_id);
	/* an attribute becomes a variable the first time it is asked for */
	run->vars = ky_reallocarray(run->vars, run->n_vars + 1, sizeof *run->vars);
	struct avar *a = &run->vars[run->n_vars];
	memset(a, 0, sizeof *a);
	a->name = run->attr_names[k];
	a->kind = AV_CATEGORICAL;
	categorise_texts(a, run->attr_values[k], run->n);
	if (a->n_levels == 0) {
		free(a->level_names);
		free(a->code);
		return ky_error_set(err, KY_EUSAGE, "unknown variable '%s' (not a question of form '%s' nor a respondent attribute with a value)",
				    name, run->form->form_id);
	}
	*index = run->n_vars++;
	return KY_OK;
}

int analyze_numeric_column(struct analyze_run *run, const char *name, const char *what,
			   double **out, struct ky_error *err)
{
	double *col = ky_calloc(run->n ? run->n : 1, sizeof *col);
	int k = attr_index(run, name);

	*out = NULL;
	for (size_t v = 0; v < run->n_vars && k < 0; v++) {
		struct avar *a = &run->vars[v];
		if (!a->q || (strcmp(a->name, name) && strcmp(a->q->name, name)))
			continue;
		if (a->kind != AV_NUMERIC) {
			free(col);
			return ky_error_set(err, KY_EUSAGE, "%s: %s '%s' is not a numeric question", analyze_command(run->opt), what, name);
		}
		for (size_t i = 0; i < run->n; i++) {
			if (isnan(a->num[i])) {
				free(col);
				return ky_error_set(err, KY_EINPUT, "respondent '%s': no %s ('%s')",
						    analyze_respondent(run, i), what, name);
			}
			col[i] = a->num[i];
		}
		*out = col;
		return KY_OK;
	}
	if (k < 0) {
		free(col);
		if (form_find_question(run->form, name))
			return ky_error_set(err, KY_EUSAGE, "%s: %s '%s' is not a numeric question", analyze_command(run->opt), what, name);
		return ky_error_set(err, KY_EUSAGE, "%s: unknown %s variable '%s' (not a question of form '%s' nor a respondent attribute)", analyze_command(run->opt),
				    what, name, run->form->form_id);
	}
	for (size_t i = 0; i < run->n; i++) {
		const char *s = run->attr_values[k][i];
		col[i] = s ? parse_number(s, strlen(s)) : NAN;
		if (isnan(col[i])) {
			/* the attribute's value stays out: messages reach logs */
			int rc = ky_error_set(err, KY_EINPUT, "respondent '%s': %s '%s' is %s",
					      analyze_respondent(run, i), what, name,
					      s ? "not a number" : "empty");
			free(col);
			return rc;
		}
	}
	*out = col;
	return KY_OK;
}
