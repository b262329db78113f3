/* repeats.c - the repeats' instances as data sets of their own (repeats.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/load-impl.h"
#include "analyze/repeats.h"
#include "store/store-repeat.h"
#include "util/mem.h"
#include "util/strpool.h"

/* The cluster of a repeat's run without --cluster: an attribute holding
 * the respondent's row id, under a name no option names in practice. */
#define RESPONDENT_VAR "(respondent)"

/* Where an option's name is read in a respondent's row: a top-level
 * question (q, its slot) or an attribute (index in the main run's). */
struct name_source {
	const char *name;
	const struct form_question *q;
	int attr;
};

struct rep_set {
	struct analyze_run run;        /* rows: the repeat's instances */
	struct analyze_options opt;    /* the main run's; the respondent as cluster */
	struct load_ctx c;             /* the instances' records read */
	size_t *respondent;            /* [row]: its respondent (analyze_repeats) */
	size_t *var_src, *attr_src;    /* [var], [attr]: the name it copies, SIZE_MAX:
					* a question of the repeat */
	int rq;                        /* the begin_repeat question */
	size_t n_own;                  /* its questions analysed: none, no rows read */
	bool ready;                    /* groups and design built */
};

struct pk_index {
	int64_t pk;
	size_t i;
};

struct analyze_repeats {
	struct rep_set *set;
	size_t n_sets;
	struct name_source *src;       /* the options' names, then RESPONDENT_VAR */
	size_t n_names;
	/* the respondents analysed: row id and texts [i * n_names + k] */
	int64_t *pk;
	char **text;
	size_t n_resp, cap;
	struct pk_index *by_pk;        /* respondents in row id order */
	struct ky_strpool pool;
	struct load_ctx c;             /* the respondents' records read */
	size_t current_read;
	bool read_record;              /* a name is a question: records decoded */
	int64_t last_pk;               /* the instance scan's last response */
	size_t last_resp;
	struct rep_set *last_set;
};

static char *keep_text(struct analyze_repeats *rp, const char *s, size_t len)
{
	char *copy = ky_strndup(s, len);
	char *kept = ky_strpool_add(&rp->pool, copy);
	free(copy);
	return kept;
}

/* The names as the main run reads them (dataset.c): a question of the
 * form, else an attribute; the question must be the respondent's own. */
static void sources_init(struct analyze_repeats *rp, const struct analyze_run *run,
			 const char *const *names, size_t n_names)
{
	rp->src = ky_calloc(n_names + 1, sizeof *rp->src);
	for (size_t k = 0; k < n_names; k++) {
		bool seen = false;
		for (size_t j = 0; j < rp->n_names && !seen; j++)
			seen = !strcmp(rp->src[j].name, names[k]);
		if (seen)
			continue;
		struct name_source *s = &rp->src[rp->n_names++];
		const struct form_question *q = form_find_question(run->form, names[k]);
		s->name = names[k];
		s->attr = q ? -1 : load_attr_index(run, names[k]);
		s->q = q && load_question_analysed(q) && form_question_top_level(q) ? q : NULL;
		rp->read_record |= s->q != NULL;
	}
	rp->src[rp->n_names++] = (struct name_source){ RESPONDENT_VAR, NULL, -1 };
}

static char *source_text(struct analyze_repeats *rp, const struct name_source *s,
			       const struct store_response *r, const char *const *attr_values)
{
	const char *value;

	if (s->q) {
		const struct record_view *v = &rp->c.views[s->q->slot];
		return v->ptr ? keep_text(rp, v->ptr, v->len) : NULL;
	}
	if (s->attr < 0)
		return NULL;
	value = load_metadata_value(r, s->name);
	if (!value || !*value)
		value = attr_values[s->attr];
	return value && *value ? ky_strpool_add(&rp->pool, value) : NULL;
}

/* store_scan: a respondent analysed (as dataset.c's load_one leaves
 * out) with the texts of the options' names. */
static int read_respondent(void *ctx, const struct store_response *r,
			   const char *const *attr_values)
{
	struct analyze_repeats *rp = ctx;
	size_t index = rp->c.edition ? SIZE_MAX : rp->current_read++;
	char id[32];

	if (load_left_out(rp->c.run, r, index))
		return 0;
	if (rp->read_record && load_decode(&rp->c, r) < 0)
		return 1;
	if (rp->n_resp == rp->cap) {
		rp->cap = ky_grow_cap(rp->cap, rp->n_resp + 1, 1024);
		rp->pk = ky_reallocarray(rp->pk, rp->cap, sizeof *rp->pk);
		rp->text = ky_reallocarray(rp->text, rp->cap * rp->n_names, sizeof *rp->text);
	}
	char **text = &rp->text[rp->n_resp * rp->n_names];
	for (size_t k = 0; k + 1 < rp->n_names; k++)
		text[k] = source_text(rp, &rp->src[k], r, attr_values);
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	text[rp->n_names - 1] = ky_strpool_add(&rp->pool, id);
	rp->pk[rp->n_resp++] = r->id;
	return 0;
}

static int cmp_by_pk(const void *a, const void *b)
{
	int64_t x = ((const struct pk_index *)a)->pk, y = ((const struct pk_index *)b)->pk;
	return x < y ? -1 : x > y;
}

/* The respondent of row id pk, SIZE_MAX when not analysed. */
static size_t respondent_of(struct analyze_repeats *rp, int64_t pk)
{
	size_t lo = 0, hi = rp->n_resp;

	if (pk == rp->last_pk)
		return rp->last_resp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rp->by_pk[mid].pk < pk)
			lo = mid + 1;
		else
			hi = mid;
	}
	rp->last_pk = pk;
	rp->last_resp = lo < rp->n_resp && rp->by_pk[lo].pk == pk ? rp->by_pk[lo].i : SIZE_MAX;
	return rp->last_resp;
}

static struct rep_set *set_of(struct analyze_repeats *rp, const char *repeat)
{
	const struct form *f = rp->c.run->form;

	if (rp->last_set && !strcmp(f->questions[rp->last_set->rq].name, repeat))
		return rp->last_set;
	for (size_t r = 0; r < rp->n_sets; r++)
		if (!strcmp(f->questions[rp->set[r].rq].name, repeat))
			return rp->last_set = &rp->set[r];
	return NULL;   /* a repeat an older version had */
}

static void grow_set(struct rep_set *set)
{
	load_grow(&set->c);
	set->respondent = ky_reallocarray(set->respondent, set->c.cap, sizeof *set->respondent);
}

/* store_form_instances: an instance of an analysed respondent as a row
 * of its repeat's run: its answers, then its respondent's texts. */
static int read_instance(void *ctx, const struct store_instance *in, struct ky_error *err)
{
	struct analyze_repeats *rp = ctx;
	struct rep_set *set = set_of(rp, in->repeat ? in->repeat : "");
	size_t resp = set ? respondent_of(rp, in->response) : SIZE_MAX;
	struct store_response rec = { .answers = in->answers, .answers_len = in->answers_len };

	if (resp == SIZE_MAX || !set->n_own)
		return KY_OK;
	struct analyze_run *run = &set->run;
	char *const *text = &rp->text[resp * rp->n_names];
	size_t i = run->n;
	if (i == set->c.cap)
		grow_set(set);
	run->row_id[i] = in->response;
	set->respondent[i] = resp;
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k][i] = text[set->attr_src[k]];
	set->c.record_end = NULL;   /* the texts are not in the record */
	for (size_t v = 0; v < run->n_vars; v++) {
		if (set->var_src[v] == SIZE_MAX)
			continue;
		const char *t = text[set->var_src[v]];
		struct record_view view = { t, t ? strlen(t) : 0 };
		load_fill_var(&set->c, &run->vars[v], i, &view);
	}
	if (load_decode(&set->c, &rec) < 0)
		return ky_error_set(err, KY_EIO, "%s: a stored instance of repeat '%s' is malformed",
				    analyze_command(run->opt), run->repeat_name);
	for (size_t v = 0; v < run->n_vars; v++)
		if (set->var_src[v] == SIZE_MAX)
			load_fill_var(&set->c, &run->vars[v], i, &set->c.views[run->vars[v].q->slot]);
	run->n++;
	return KY_OK;
}

/* A repeat's run: its questions, then the top-level questions and the
 * attributes the options name (the respondent's values at each row). */
static void set_init(struct analyze_repeats *rp, struct rep_set *set, const struct analyze_run *main,
		     int rq)
{
	struct analyze_run *run = &set->run;
	const struct form *f = main->form;
	enum interval_method m = main->method;

	set->rq = rq;
	set->opt = *main->opt;
	if (!set->opt.cluster)
		set->opt.cluster = RESPONDENT_VAR;
	run->opt = &set->opt;
	run->form = main->form;
	run->lang = main->lang;
	run->store = main->store;
	run->repeat_name = f->questions[rq].name;
	/* always a design: the instances of a respondent are a cluster; an
	 * interval only for simple random samples gives way to svyciprop's */
	run->weighted = true;
	run->method = m == IM_LOGIT || m == IM_KORN_GRAUBARD || m == IM_WALD ? m : IM_LOGIT;
	run->vars = ky_calloc(f->n_questions + rp->n_names + 1, sizeof *run->vars);
	set->var_src = ky_calloc(f->n_questions + rp->n_names + 1, sizeof *set->var_src);
	for (size_t qi = 0; qi < f->n_questions; qi++) {
		const struct form_question *q = &f->questions[qi];
		if (q->repeat == rq && load_question_analysed(q)) {
			set->var_src[run->n_vars] = SIZE_MAX;
			load_add_question_var(run, q);
			set->n_own++;
		}
	}
	run->attr_names = ky_calloc(rp->n_names + 1, sizeof *run->attr_names);
	set->attr_src = ky_calloc(rp->n_names + 1, sizeof *set->attr_src);
	for (size_t k = 0; k < rp->n_names; k++) {
		if (rp->src[k].q) {
			set->var_src[run->n_vars] = k;
			load_add_question_var(run, rp->src[k].q);
		} else if (rp->src[k].attr >= 0 || k + 1 == rp->n_names) {
			set->attr_src[run->n_attrs] = k;
			run->attr_names[run->n_attrs++] = ky_strdup(rp->src[k].name);
		}
	}
	run->attr_values = ky_calloc(run->n_attrs + 1, sizeof *run->attr_values);
	set->c.run = run;
	set->c.views = ky_calloc(f->n_slots + 1, sizeof *set->c.views);
}

/* Every version's responses (the older first, as dataset.c reads them)
 * through fn: store_scan's respondents, or the instances. */
static int scan_versions(struct analyze_repeats *rp, struct analyze_run *run, bool instances,
			 struct ky_error *err)
{
	const struct editions *e = &run->editions;
	int rc = KY_OK;

	for (size_t k = 0; k <= e->n && !rc; k++) {
		const struct edition *ed = k < e->n ? &e->ed[k] : NULL;
		int64_t pk = ed ? ed->pk : run->form_pk;
		size_t slots = ed ? ed->form->n_slots + 1 : 1;
		rp->c.edition = ed;
		rp->c.ed_views = ky_reallocarray(rp->c.ed_views, slots, sizeof *rp->c.ed_views);
		for (size_t r = 0; r < rp->n_sets && instances; r++) {
			rp->set[r].c.edition = ed;
			rp->set[r].c.ed_views = ky_reallocarray(rp->set[r].c.ed_views, slots,
								sizeof *rp->set[r].c.ed_views);
		}
		if (instances)
			rc = store_form_instances(run->store, pk, read_instance, rp, err);
		else
			rc = store_scan(run->store, pk, (const char *const *)run->attr_names, run->n_attrs,
					read_respondent, rp, err);
	}
	if (rc == 1 && err->code == KY_OK)
		rc = ky_error_set(err, KY_EIO, "%s: a stored response record is malformed",
				  analyze_command(run->opt));
	return rc;
}

/* A repeat's groups and design; one that cannot be built leaves the
 * repeat out with a warning rather than the whole analysis. */
static void set_finish(struct rep_set *set)
{
	struct analyze_run *run = &set->run;
	struct ky_error e = { 0 };

	if (!run->n)
		return;
	run->row_respondent = set->respondent;
	if (set->c.unknown_values)
		ky_warn("%s: repeat '%s': %zu answers are not choices of their question (first in %s); left out",
			analyze_command(run->opt), run->repeat_name, set->c.unknown_values,
			set->c.unknown_buf);
	if (analyze_setup_groups(run, &e) || analyze_setup_design(run, &e)) {
		ky_warn("%s: repeat '%s' not estimated: %s", analyze_command(run->opt),
			run->repeat_name, e.msg);
		return;
	}
	set->ready = true;
}

int analyze_repeats_prepare(struct analyze_run *run, const char *const *names, size_t n_names,
			    struct ky_error *err)
{
	const struct form *f = run->form;
	struct analyze_repeats *rp;
	int rc;

	if (!f->n_repeats || !store_has_repeats(run->store))
		return KY_OK;
	if (run->opt->poststratify || run->opt->n_rake) {
		ky_warn("%s: the repeats are not estimated under --poststratify or --rake",
			analyze_command(run->opt));
		return KY_OK;
	}
	rp = run->repeats = ky_calloc(1, sizeof *rp);
	rp->c.run = run;
	rp->c.views = ky_calloc(f->n_slots + 1, sizeof *rp->c.views);
	rp->last_pk = -1;
	sources_init(rp, run, names, n_names);
	rc = scan_versions(rp, run, false, err);
	if (rc)
		return rc;
	rp->by_pk = ky_calloc(rp->n_resp + 1, sizeof *rp->by_pk);
	for (size_t i = 0; i < rp->n_resp; i++)
		rp->by_pk[i] = (struct pk_index){ rp->pk[i], i };
	qsort(rp->by_pk, rp->n_resp, sizeof *rp->by_pk, cmp_by_pk);
	rp->set = ky_calloc(f->n_repeats, sizeof *rp->set);
	for (size_t r = 0; r < f->n_repeats; r++)
		set_init(rp, &rp->set[rp->n_sets++], run, f->repeats[r]);
	rc = scan_versions(rp, run, true, err);
	for (size_t r = 0; r < rp->n_sets && !rc; r++)
		set_finish(&rp->set[r]);
	return rc;
}

static bool answered(const struct avar *a, size_t i)
{
	if (a->kind == AV_CATEGORICAL)
		return a->code[i] >= 0;
	if (a->kind == AV_MULTIPLE)
		return a->answered[i];
	return !isnan(a->num[i]);
}

void analyze_repeat_respondents(const struct analyze_run *run, const struct avar *a,
				struct est_rows *rows)
{
	size_t G = group_count(run);
	double *count = ky_calloc(G, sizeof *count);
	size_t *last = ky_calloc(G, sizeof *last);

	/* rows are in respondent order: a respondent is counted where it starts */
	for (size_t g = 0; g < G; g++)
		last[g] = SIZE_MAX;
	for (size_t i = 0; i < run->n; i++) {
		size_t g = group_of(run, i);
		if (g == SIZE_MAX || !answered(a, i) || last[g] == run->row_respondent[i])
			continue;
		last[g] = run->row_respondent[i];
		count[g]++;
	}
	for (size_t j = 0; j < rows->n; j++)
		if (!rows->row[j].suppressed)
			rows->row[j].respondents = count[rows->row[j].group];
	free(count);
	free(last);
}

int analyze_repeat_rows(struct analyze_run *run, struct csvwrite *w, struct ky_error *err)
{
	struct analyze_repeats *rp = run->repeats;
	int rc = KY_OK;

	for (size_t r = 0; rp && r < rp->n_sets && !rc; r++) {
		struct rep_set *set = &rp->set[r];
		struct analyze_run *sr = &set->run;
		struct est_rows rows = { 0 };
		if (!set->ready)
			continue;
		unsigned char *mask = ky_calloc(sr->n, 1);
		double *y = ky_calloc(sr->n, sizeof *y);
		for (size_t v = 0; v < sr->n_vars && !rc; v++)
			if (sr->vars[v].q && sr->vars[v].q->repeat == set->rq)
				rc = analyze_question_rows(sr, v, &rows, mask, y, w, err);
		free(rows.row);
		free(mask);
		free(y);
	}
	return rc;
}

size_t analyze_repeat_count(const struct analyze_run *run)
{
	return run->repeats ? run->repeats->n_sets : 0;
}

struct analyze_run *analyze_repeat_run(struct analyze_run *run, size_t r)
{
	return r < analyze_repeat_count(run) && run->repeats->set[r].ready
		? &run->repeats->set[r].run : NULL;
}

void analyze_repeats_release(struct analyze_run *run)
{
	struct analyze_repeats *rp = run->repeats;

	if (!rp)
		return;
	for (size_t r = 0; r < rp->n_sets; r++) {
		struct rep_set *set = &rp->set[r];
		/* the form and the store are the main run's */
		set->run.form = NULL;
		set->run.store = NULL;
		analyze_run_release(&set->run);
		free(set->c.views);
		free(set->c.ed_views);
		free(set->respondent);
		free(set->var_src);
		free(set->attr_src);
	}
	free(rp->set);
	free(rp->src);
	free(rp->pk);
	free(rp->text);
	free(rp->by_pk);
	free(rp->c.views);
	free(rp->c.ed_views);
	ky_strpool_release(&rp->pool);
	free(rp);
	run->repeats = NULL;
}
