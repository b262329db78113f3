/* dataset.c - responses from the store into columns (see analyze.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "store/store.h"
#include "util/mem.h"

struct load_ctx {
	struct analyze_run *run;
	size_t cap;
	struct record_view *views;
	bool keep_ids;
	size_t unknown_values;
	const char *unknown_example;
	char unknown_buf[128];
};

static bool question_analysed(const struct form_question *q)
{
	return q->slot >= 0 && (q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE
				|| form_qtype_numeric(q->type));
}

static void grow(struct load_ctx *c)
{
	struct analyze_run *run = c->run;
	size_t cap = c->cap ? c->cap * 2 : 1024;

	run->respondent = ky_reallocarray(run->respondent, cap, sizeof *run->respondent);
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (a->code)
			a->code = ky_reallocarray(a->code, cap, sizeof *a->code);
		if (a->bits) {
			a->bits = ky_reallocarray(a->bits, cap, sizeof *a->bits);
			a->answered = ky_reallocarray(a->answered, cap, 1);
		}
		if (a->num)
			a->num = ky_reallocarray(a->num, cap, sizeof *a->num);
	}
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k] = ky_reallocarray(run->attr_values[k], cap, sizeof(char *));
	c->cap = cap;
}

/* Choice lookup runs once per answer of a million respondents: lengths
 * and first bytes are compared before calling memcmp, from a table made
 * once per question. */
static int find_choice(const struct avar *a, const char *s, size_t len)
{
	for (size_t k = 0; k < a->n_levels; k++) {
		if (a->level_len[k] == len && (len == 0 || a->level_names[k][0] == s[0])
		    && !memcmp(a->level_names[k], s, len))
			return (int)k;
	}
	return -1;
}

static double parse_number(const char *s, size_t len)
{
	char buf[64], *end;
	double v;

	if (len == 0 || len >= sizeof buf)
		return NAN;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, &end);
	if (end == buf || *end != '\0' || !isfinite(v))
		return NAN;
	return v;
}

static void note_unknown(struct load_ctx *c, const struct avar *a, const char *s, size_t len)
{
	if (c->unknown_values++ == 0)
		snprintf(c->unknown_buf, sizeof c->unknown_buf, "'%.*s' for '%s'",
			 (int)(len > 40 ? 40 : len), s, a->name);
}

static void fill_var(struct load_ctx *c, struct avar *a, size_t i, const struct record_view *v)
{
	if (a->kind == AV_NUMERIC) {
		a->num[i] = v->ptr ? parse_number(v->ptr, v->len) : NAN;
		return;
	}
	if (a->kind == AV_CATEGORICAL) {
		int k = v->ptr ? find_choice(a, v->ptr, v->len) : -1;
		if (v->ptr && k < 0)
			note_unknown(c, a, v->ptr, v->len);
		a->code[i] = k;
		if (a->num)
			a->num[i] = k >= 0 ? a->q->list->choices[k].value : NAN;
		return;
	}
	/* select_multiple: space-separated choice names */
	uint64_t bits = 0;
	bool any = false;
	if (v->ptr) {
		size_t pos = 0;
		while (pos < v->len) {
			while (pos < v->len && v->ptr[pos] == ' ')
				pos++;
			size_t start = pos;
			while (pos < v->len && v->ptr[pos] != ' ')
				pos++;
			if (pos == start)
				break;
			int k = find_choice(a, v->ptr + start, pos - start);
			if (k < 0)
				note_unknown(c, a, v->ptr + start, pos - start);
			else if (k < 64)
				bits |= (uint64_t)1 << k;
			any = true;
		}
	}
	a->bits[i] = bits;
	a->answered[i] = any;
}

/* Appends s to the arena and returns its offset + 1 (0 is "no text"):
 * pointers are made once the arena stops moving (fix_text_pointers). */
static uintptr_t arena_add(struct analyze_run *run, const char *s)
{
	size_t len = strlen(s) + 1;
	if (run->text_len + len > run->text_cap) {
		run->text_cap = (run->text_cap + len) * 2;
		run->text = ky_realloc(run->text, run->text_cap);
	}
	memcpy(run->text + run->text_len, s, len);
	run->text_len += len;
	return run->text_len - len + 1;
}

static char *arena_pointer(struct analyze_run *run, char *offset)
{
	uintptr_t at = (uintptr_t)offset;
	return at ? run->text + at - 1 : NULL;
}

static void fix_text_pointers(struct analyze_run *run)
{
	for (size_t i = 0; i < run->n; i++)
		run->respondent[i] = arena_pointer(run, run->respondent[i]);
	for (size_t k = 0; k < run->n_attrs; k++)
		for (size_t i = 0; i < run->n; i++)
			run->attr_values[k][i] = arena_pointer(run, run->attr_values[k][i]);
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

static int load_one(void *ctx, const struct store_response *r, const char *const *attr_values)
{
	struct load_ctx *c = ctx;
	struct analyze_run *run = c->run;
	size_t i = run->n;

	if (run->opt->complete_only && (!r->status || strcmp(r->status, "complete")))
		return 0;
	if (i == c->cap)
		grow(c);
	if (record_decode(r->answers, r->answers_len, c->views, run->form->n_slots) < 0)
		return 1;
	run->respondent[i] = c->keep_ids ? (char *)arena_add(run, r->uuid ? r->uuid : "?") : NULL;
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		fill_var(c, a, i, &c->views[a->q->slot]);
	}
	for (size_t k = 0; k < run->n_attrs; k++) {
		const char *value = metadata_value(r, run->attr_names[k]);
		if (!value || !*value)
			value = attr_values[k];
		run->attr_values[k][i] = value && *value ? (char *)arena_add(run, value) : NULL;
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
			if (a->likert)
				a->num = ky_malloc(sizeof *a->num);
			a->code = ky_malloc(sizeof *a->code);
		} else if (q->type == FQ_SELECT_MULTIPLE && q->list) {
			a->kind = AV_MULTIPLE;
			a->n_levels = q->list->n_choices > 64 ? 64 : q->list->n_choices;
			a->level_names = ky_calloc(a->n_levels + 1, sizeof(char *));
			a->level_len = ky_calloc(a->n_levels + 1, sizeof *a->level_len);
			for (size_t k = 0; k < a->n_levels; k++) {
				a->level_names[k] = q->list->choices[k].name;
				a->level_len[k] = strlen(a->level_names[k]);
			}
			a->bits = ky_malloc(sizeof *a->bits);
			a->answered = ky_malloc(1);
		} else {
			a->kind = AV_NUMERIC;
			a->num = ky_malloc(sizeof *a->num);
		}
	}
}

int analyze_load(struct analyze_run *run, const struct analyze_options *opt,
		 const char *const *extra_names, size_t n_extra, struct ky_error *err)
{
	struct store *s = NULL;
	int64_t form_pk;
	struct load_ctx c = { .run = run };
	int rc;

	run->opt = opt;
	rc = store_open(opt->db, STORE_READONLY, &s, err);
	if (rc)
		return rc;
	rc = store_load_form(s, opt->form_id, &form_pk, &run->form, err);
	if (rc)
		goto out;
	run->lang = run->form->default_lang_index;
	if (opt->lang) {
		run->lang = form_lang_index(run->form, opt->lang);
		if (run->lang < 0) {
			rc = ky_error_set(err, KY_EUSAGE, "analyze: form '%s' has no language '%s'",
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
	/* ids are only for messages about design variables (and cost 40 MB
	 * per million respondents) */
	c.keep_ids = opt->weight || opt->strata || opt->cluster || opt->fpc
		|| opt->poststratify || opt->n_rake;
	rc = store_scan(s, form_pk, (const char *const *)run->attr_names, run->n_attrs,
			load_one, &c, err);
	fix_text_pointers(run);
	if (rc == 1 && err->code == KY_OK)
		rc = ky_error_set(err, KY_EIO, "analyze: a stored response record is malformed");
	if (!rc && c.unknown_values)
		ky_warn("analyze: %zu answers are not choices of their question (e.g. %s); left out",
			c.unknown_values, c.unknown_buf);
out:
	free(c.views);
	store_close(s);
	return rc;
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
		free(a->code);
		free(a->bits);
		free(a->answered);
		free(a->num);
	}
	free(run->vars);
	for (size_t k = 0; k < run->n_attrs; k++) {
		free(run->attr_values[k]);
		free(run->attr_names[k]);
	}
	free(run->attr_values);
	free(run->attr_names);
	free(run->respondent);
	free(run->text);
	for (size_t g = 0; g < run->n_groups; g++)
		free(run->group_names[g]);
	free(run->group_names);
	free(run->group);
	free(run->by_label);
	design_work_destroy(run->work);
	design_destroy(run->design);
	if (run->form)
		form_destroy(run->form);
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
			return ky_error_set(err, KY_EUSAGE, "analyze: %s '%s' is not a numeric question", what, name);
		}
		for (size_t i = 0; i < run->n; i++) {
			if (isnan(a->num[i])) {
				free(col);
				return ky_error_set(err, KY_EINPUT, "respondent '%s': no %s ('%s')",
						    run->respondent[i], what, name);
			}
			col[i] = a->num[i];
		}
		*out = col;
		return KY_OK;
	}
	if (k < 0) {
		free(col);
		if (form_find_question(run->form, name))
			return ky_error_set(err, KY_EUSAGE, "analyze: %s '%s' is not a numeric question", what, name);
		return ky_error_set(err, KY_EUSAGE, "analyze: unknown %s variable '%s' (not a question of form '%s' nor a respondent attribute)",
				    what, name, run->form->form_id);
	}
	for (size_t i = 0; i < run->n; i++) {
		const char *s = run->attr_values[k][i];
		col[i] = s ? parse_number(s, strlen(s)) : NAN;
		if (isnan(col[i])) {
			int rc = ky_error_set(err, KY_EINPUT, "respondent '%s': %s '%s' is %s%s%s",
					      run->respondent[i], what, name, s ? "not a number: '" : "empty",
					      s ? s : "", s ? "'" : "");
			free(col);
			return rc;
		}
	}
	*out = col;
	return KY_OK;
}
