/* dataset.c - responses from the store into columns (see analyze.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/load-impl.h"
#include "analyze/read-answers.h"
#include "analyze/quality.h"
#include "analyze/repeats.h"
#include "analyze/stream.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/strpool.h"

/* The run's own copy of a text read from a row (the row's memory is
 * SQLite's until the next row). */
char *load_keep_text(struct analyze_run *run, const char *s)
{
	return ky_strpool_add(&run->text, s);
}

/* The response columns lang and status group respondents like an
 * attribute (answers by survey language); the stored column wins over an
 * attribute of the same name, which only fills in where it is empty. */
const char *load_metadata_value(const struct store_response *r, const char *name)
{
	if (!strcmp(name, "lang"))
		return r->lang;
	if (!strcmp(name, "status"))
		return r->status;
	return NULL;
}

bool load_question_analysed(const struct form_question *q)
{
	return q->slot >= 0 && (q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE
				|| form_qtype_numeric(q->type));
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

int load_row(void *ctx, const struct store_response *r, const char *const *attr_values)
{
	struct load_ctx *c = ctx;
	struct analyze_run *run = c->run;
	size_t i = run->n;

	/* quality.c flags the current version's respondents only */
	size_t quality_index = c->edition ? SIZE_MAX : c->current_read++;
	bool decoded = false;

	c->read++;
	if ((c->quality || c->quality_part) && !c->edition) {
		/* every response of the version, left out of the estimates or not */
		if (decode(c, r) < 0)
			return 1;
		if (c->quality_part)
			quality_part_add(run->quality, c->quality_part, r, c->views);
		else
			quality_add(c->quality, r, c->views);
		decoded = true;
	}
	if (left_out(run, r, quality_index))
		return 0;
	c->used++;
	if (!decoded && decode(c, r) < 0)
		return 1;
	if (run->cells_as_rows) {
		load_fill_row(c, r, attr_values, i);
		return 0;
	}
	if (i == c->cap)
		load_grow(c);
	if (c->keep_ids)
		run->respondent[i] = load_keep_text(run, r->uuid ? r->uuid : "?");
	else
		run->row_id[i] = r->id;
	load_fill_row(c, r, attr_values, i);
	for (size_t k = 0; k < run->n_attrs; k++) {
		const char *value = load_metadata_value(r, run->attr_names[k]);
		if (!value || !*value)
			value = attr_values[k];
		run->attr_values[k][i] = value && *value ? load_keep_text(run, value) : NULL;
	}
	run->n++;
	return 0;
}

void load_add_question_var(struct analyze_run *run, const struct form_question *q)
{
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
		load_index_choices(a);
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
		load_index_choices(a);
		a->bits = ky_reallocarray(NULL, a->n_words, sizeof *a->bits);
		a->answered = ky_malloc(1);
	} else {
		a->kind = AV_NUMERIC;
		a->num = ky_malloc(sizeof *a->num);
	}
}

/* The respondent's own questions: a repeat's are answered in its
 * instances, which repeats.c reads as data sets of their own. */
static void add_question_vars(struct analyze_run *run)
{
	const struct form *f = run->form;
	run->vars = ky_calloc(f->n_questions + 1, sizeof *run->vars);
	for (size_t qi = 0; qi < f->n_questions; qi++) {
		const struct form_question *q = &f->questions[qi];
		if (load_question_analysed(q) && form_question_top_level(q))
			load_add_question_var(run, q);
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

/* One version's responses: in blocks on threads, or in one scan. */
static int scan_form(struct store *s, struct analyze_run *run, struct load_ctx *c, int64_t pk,
		     struct ky_error *err)
{
	if (load_blocks_apply(run))
		return load_blocks_scan(s, c, pk, err);
	return store_scan(s, pk, (const char *const *)run->attr_names, run->n_attrs, load_row, c,
			  err);
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
		rc = scan_form(s, run, c, e->ed[k].pk, err);
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
		load_plan_choose(run, &c, numbers, extra_names, n_extra);
	/* design.c names rows in its --fpc messages; other messages find the
	 * id again (analyze_respondent) */
	c.keep_ids = opt->fpc && !run->cells_as_rows;
	rc = start_quality(s, run, &c, err);
	if (!rc)
		rc = scan_editions(s, run, &c, err);
	if (!rc)
		rc = scan_form(s, run, &c, form_pk, err);
	run->responses_read += c.read;
	run->respondents += c.used;
	if (!rc && c.quality)
		quality_finish(c.quality);
	if (!rc && run->cells_as_rows)
		load_cells_to_columns(run, &c);
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
	analyze_repeats_release(run);
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

int load_attr_index(const struct analyze_run *run, const char *name)
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
			if (!isfinite(load_parse_number(values[i], strlen(values[i]))))
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
	int k = load_attr_index(run, name);
	const struct form_question *q = k < 0 ? form_find_question(run->form, name) : NULL;
	if (q && q->repeat >= 0)
		return ky_error_set(err, KY_EUSAGE, "'%s' is a question of repeat '%s', answered once per instance, not by the respondents",
				    name, run->form->questions[q->repeat].name);
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
	int k = load_attr_index(run, name);

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
		col[i] = s ? load_parse_number(s, strlen(s)) : NAN;
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

/* repeats.c reads instance records and respondents as load_one does. */
int load_decode(struct load_ctx *c, const struct store_response *r)
{
	return decode(c, r);
}

bool load_left_out(const struct analyze_run *run, const struct store_response *r, size_t index)
{
	return left_out(run, r, index);
}
