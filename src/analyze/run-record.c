/* run-record.c - DIR/run.csv (run-record.h). Every key is written on
 * every run, empty when the option was not given and has no default, so
 * that the files of two runs line up row by row. */
#include "config.h"
#include "io/table.h"
#include <math.h>
#include <string.h>
#include <time.h>
#include "analysis/needs.h"
#include "analyze/run-record.h"
#include "io/csvwrite.h"

static void row_text(struct csvwrite *w, const char *key, const char *value)
{
	csvwrite_text(w, key);
	csvwrite_text(w, value ? value : "");
	csvwrite_end_row(w);
}

static void row_number(struct csvwrite *w, const char *key, double value)
{
	csvwrite_text(w, key);
	csvwrite_number(w, value);
	csvwrite_end_row(w);
}

static void row_int(struct csvwrite *w, const char *key, long long value)
{
	csvwrite_text(w, key);
	csvwrite_int(w, value);
	csvwrite_end_row(w);
}

static void row_yes_no(struct csvwrite *w, const char *key, bool value)
{
	row_text(w, key, value ? "yes" : "no");
}

/* The Borich bootstrap runs when some training topic has both an
 * importance and a competence question (derived.c). */
static bool has_borich_topic(const struct form *form)
{
	for (size_t i = 0; i < form->n_questions; i++) {
		const struct form_question *a = &form->questions[i];
		if (a->need_role != FN_IMPORTANCE || !a->need_topic)
			continue;
		for (size_t j = 0; j < form->n_questions; j++) {
			const struct form_question *b = &form->questions[j];
			if (b->need_role == FN_COMPETENCE && b->need_topic &&
			    !strcmp(a->need_topic, b->need_topic))
				return true;
		}
	}
	return false;
}

static void write_source(struct csvwrite *w, const struct analyze_run *run)
{
	const struct analyze_options *o = run->opt;
	char started[32] = "";
	struct tm tm;

	if (gmtime_r(&o->started, &tm))
		strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	row_text(w, "kysely_version", PACKAGE_VERSION);
	row_text(w, "form_id", run->form->form_id);
	row_text(w, "form_version", run->form->version);
	row_text(w, "form_sha256", run->form_sha256);
	row_text(w, "database", o->db);
	row_text(w, "out", o->out_dir);
	row_text(w, "started", started);
}

static void write_options(struct csvwrite *w, const struct analyze_run *run)
{
	const struct analyze_options *o = run->opt;

	/* crossed --by as estimates.csv's `by` column names them */
	row_text(w, "by", run->by_label);
	row_text(w, "method", interval_method_name(run->method));
	row_number(w, "level", o->level);
	row_yes_no(w, "design", run->weighted);
	row_text(w, "weight", o->weight);
	row_text(w, "strata", o->strata);
	row_text(w, "cluster", o->cluster);
	row_text(w, "fpc", o->fpc);
	row_text(w, "lonely_psu", o->lonely_psu ? o->lonely_psu : "fail");
	row_text(w, "plan", o->plan ? o->plan : "auto");
	row_int(w, "threads", analyze_thread_count(o));
	row_text(w, "poststratify", o->poststratify);
	if (!o->n_rake)
		row_text(w, "rake", "");
	for (size_t k = 0; k < o->n_rake; k++)
		row_text(w, "rake", o->rake[k]);
	row_int(w, "min_cell", o->min_cell);
	row_yes_no(w, "published", o->published);
	row_text(w, "lang", run->form->n_langs ? run->form->langs[run->lang].code : "");
	row_int(w, "digits", o->digits);
	row_text(w, "adjust", o->adjust ? o->adjust : "holm");
	row_number(w, "pass_mark", o->pass_mark);
	row_text(w, "compare", o->compare ? o->compare : "");
	row_yes_no(w, "complete_only", o->complete_only);
	row_yes_no(w, "exclude_flagged", o->exclude_flagged);
	if (o->paired) {   /* only when given: paired.csv is written then */
		row_text(w, "paired", o->paired);
		row_text(w, "link", o->link);
	}
}

int analyze_run_record_table(struct analyze_run *run, struct table *out, struct ky_error *err)
{
	struct csvwrite w;

	csvwrite_init_table(&w, out, 15);
	row_text(&w, "key", "value");
	write_source(&w, run);
	write_options(&w, run);
	if (has_borich_topic(run->form)) {
		struct needs_borich_options b;
		needs_borich_options_default(&b);
		row_int(&w, "bootstrap_seed", (long long)b.seed);
		row_int(&w, "bootstrap_resamples", (long long)b.resamples);
	}
	row_int(&w, "respondents_read", (long long)run->responses_read);
	row_int(&w, "respondents_used", (long long)run->respondents);
	return csvwrite_finish(&w, NULL, err);
}
