/* analyze.h - the glue of `kysely analyze`: responses from the store into
 * columns (dataset.c), the survey design from options (design-setup.c),
 * estimates.csv rows (estimates.c) and tests.csv rows (assoc.c).
 *
 * Everything here is owned by struct analyze_run and freed by
 * analyze_run_release(); the statistics themselves live in analysis/. */
#ifndef KY_ANALYZE_H
#define KY_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "analysis/design.h"
#include "analysis/interval.h"
#include "analyze/editions.h"
#include "form/form.h"
#include "io/csvwrite.h"
#include "util/strpool.h"
#include "util/error.h"

#define ANALYZE_MAX_BY 8

struct stream;
struct stream_var;
struct compare_capture;
struct compare_result;

enum avar_kind {
	AV_CATEGORICAL,   /* select_one, or an attribute used as a category */
	AV_MULTIPLE,      /* select_multiple (options as bits) */
	AV_NUMERIC        /* integer, decimal, range */
};

/* A level name in the choice hash: its first 8 bytes, length, level + 1
 * (0: empty slot). */
struct choice_slot {
	uint64_t word;
	uint32_t len, level;
};

/* One analysed variable as columns over every respondent. */
struct avar {
	const char *name;                  /* question name or attribute name */
	const struct form_question *q;     /* NULL for an attribute */
	enum avar_kind kind;
	size_t n_levels;                   /* categorical / multiple */
	char **level_names;                /* owned for attributes, else the choices' */
	size_t *level_len;                 /* questions: strlen of each level name */
	struct choice_slot *choice_slot;   /* questions: hash slots of the level names,
					    * choice_mask + 1 of them (dataset.c) */
	size_t choice_mask;
	int32_t *code;                     /* categorical: level or -1 (no answer) */
	uint64_t *bits;                    /* multiple: chosen options, n_words
					    * 64-bit words per row (avar_chosen) */
	size_t n_words;
	unsigned char *answered;           /* multiple: 1 when answered */
	double *num;                       /* numeric (and likert values): NaN = no answer */
	bool likert;                       /* select_one whose choices all have numbers */
	struct stream_var *acc;            /* answers summed while reading (stream.h):
					    * then no code/bits/answered/num column */
};

/* A select_multiple row's chosen options: n_words words, option k in
 * bit k % 64 of word k / 64 (any number of options). */
static inline const uint64_t *avar_bits(const struct avar *a, size_t i)
{
	return a->bits + i * a->n_words;
}

static inline bool avar_chosen(const struct avar *a, size_t i, size_t k)
{
	return (avar_bits(a, i)[k / 64] >> (k % 64)) & 1;
}

/* Calls each(k) for every option k chosen in row i, in order. */
#define AVAR_FOR_EACH_CHOSEN(a, i, k, body) do { \
	const uint64_t *avar_w_ = avar_bits((a), (i)); \
	for (size_t avar_j_ = 0; avar_j_ < (a)->n_words; avar_j_++) \
		for (uint64_t avar_b_ = avar_w_[avar_j_]; avar_b_; avar_b_ &= avar_b_ - 1) { \
			size_t k = avar_j_ * 64 + (size_t)__builtin_ctzll(avar_b_); \
			body \
		} \
} while (0)

/* Respondent i's answer to a select variable: false when unanswered;
 * otherwise the options chosen, in order, in chosen[0 .. *n - 1] (chosen
 * holds a->n_levels; an answer of unknown names only chooses none). */
bool analyze_chosen(const struct avar *a, size_t i, size_t *chosen, size_t *n);
/* A knowledge item: a select question some choice of which has a score. */
bool analyze_item_scored(const struct avar *a);

struct analyze_options {
	const char *command;    /* "analyze", "report": names the messages */
	const char *db, *form_id, *out_dir, *lang;
	const char *by[ANALYZE_MAX_BY];
	size_t n_by;
	const char *method_name;
	double level;
	const char *weight, *strata, *cluster, *fpc, *poststratify;
	const char *rake[ANALYZE_MAX_BY];
	size_t n_rake;
	long min_cell;          /* 0: no suppression */
	bool min_cell_given;    /* --min-cell was given (else a command's default) */
	int digits;
	bool complete_only;
	const char *lonely_psu; /* NULL: fail */
	const char *plan;       /* --plan as given: auto (NULL), columns, sums */
	enum analyze_plan { PLAN_AUTO, PLAN_COLUMNS, PLAN_SUMS } plan_kind;
	size_t plan_max_cells;  /* --plan ...,cells=N: the sums' cells; 0: default */
	size_t plan_max_values; /* --plan ...,values=N: the sums' entries; 0: default */
	size_t plan_block;      /* --plan ...,block=N: ids a block of the threaded scan; 0: default */
	long threads;           /* --threads N; 0: the online cores */
	const char *adjust;     /* p-value adjustment for tests.csv */
	double pass_mark;       /* knowledge pass mark in percent of maximum; NaN: none */
	const char *paired;     /* --paired VAR=PRE:POST (paired.csv), NULL: none */
	const char *link;       /* --link COL: the linkage code attribute */
	bool published;         /* --published (min_cell holds its effect) */
	time_t started;         /* when the run began, for run.csv */
	bool columns;           /* a row per respondent, every variable as a
				 * column, none summed (--compare, --paired,
				 * export --derived) */
	bool named_only;        /* with columns: only the named variables (and the
				 * knowledge items) as columns, the other questions
				 * neither kept nor summed (kysely model) */
	bool excel;             /* --excel: the CSV files in csvwrite's Excel mode */
	const char *xlsx;       /* --xlsx FILE: the tables also as one workbook; NULL: none */
	bool exclude_flagged;   /* --exclude-flagged: leave out quality's flagged respondents */
	const struct quality *quality;   /* quality.h; NULL: none computed */
	bool with_quality;      /* compute the quality flags (analyze's quality.csv) */
	const char *compare;    /* --compare VAR[=A:B] as given, NULL: none */
	bool quiet_editions;    /* no note on stderr of the versions read (a second run) */
};

struct quality;
struct store;
/* The command the messages name: analyze unless a command said otherwise. */
static inline const char *analyze_command(const struct analyze_options *o)
{
	return o->command ? o->command : "analyze";
}

struct analyze_run {
	const struct analyze_options *opt;
	struct form *form;
	int lang;
	size_t n;                          /* respondents analysed */
	char **respondent;                 /* their ids with --fpc (design.c names rows
					    * in messages), else NULL entries: see
					    * analyze_respondent() */
	int64_t form_pk;
	int64_t *row_id;                   /* each row's id in the store, where
					    * respondent holds no id */
	struct store *store;               /* the store read, open until release:
					    * analyze_respondent looks ids up in it */
	char id_buf[128];
	struct ky_strpool text;            /* the ids' and attribute values' texts */
	struct avar *vars;                 /* questions in form order, then attributes */
	size_t n_vars;
	/* attributes asked for by name */
	char **attr_names;
	char ***attr_values;               /* [attr][respondent], NULL = empty */
	size_t n_attrs;
	/* design (NULL without design options) */
	bool weighted;
	enum interval_method method;
	struct design *design;
	struct design_work *work;
	/* grouping: group index per respondent, -1 = in no group */
	size_t n_groups;
	int32_t *group;
	char *by_label;                    /* "a:b" */
	char **group_names;                /* "x:y" */
	size_t by_var[ANALYZE_MAX_BY];     /* indices into vars */
	struct stream *stream;             /* NULL: every variable is a column */
	/* Every question summed (stream.h): the rows of the run are then the
	 * stream's cells, each standing for stream->cell_rows[c] respondents;
	 * the grouping and design variables are columns over cells, so memory
	 * does not grow with the respondents. */
	bool cells_as_rows;
	size_t respondents;                /* respondents analysed (run->n counts rows) */
	size_t responses_read;             /* responses of the form read, before
					    * --complete-only */
	char form_sha256[65];              /* the store's form.sha of the form */
	struct editions editions;          /* the form's older versions, read too */
	/* --compare (compare.h): the run grouped by the --by variables and
	 * the compared variable takes its estimates' rows instead of writing
	 * them (capture), and partner[g] names group a of a group b (else
	 * SIZE_MAX) for the design contrasts; comparisons are the finished
	 * rows, written as comparisons.csv. NULL when not comparing. */
	struct compare_capture *capture;
	const size_t *compare_partner;
	const struct compare_result *comparisons;
	/* owned by the run (analyze_prepare): the quality flags opt->quality
	 * points to, and --paired's variable name read with the by variables */
	struct quality *quality;
	char *paired_var;
	/* repeats.h: the form's repeats, each a run of its own over the
	 * instances (NULL: none analysed); in such a run, the repeat's name
	 * (estimates.csv's `repeat`) and the respondent of each row */
	struct analyze_repeats *repeats;
	const char *repeat_name;
	const size_t *row_respondent;
};

/* --threads, or the online cores when not given (read-blocks.c). */
long analyze_thread_count(const struct analyze_options *opt);

/* dataset.c: loads the form and every respondent's answers and the
 * attributes named in the options. Questions that only feed shares,
 * Likert means and tests are summed on the way (stream.h) unless the
 * design is calibrated or --plan columns asks for columns (the tests
 * compare the paths); the rest become columns. */
int analyze_load(struct analyze_run *run, const struct analyze_options *opt,
		 const char *const *extra_names, size_t n_extra, struct ky_error *err);
void analyze_run_release(struct analyze_run *run);
/* The whole analysis of o into o->out_dir (run.c): estimates.csv,
 * tests.csv, items.csv when the form has scored items, run.csv. Sets
 * o->started. Messages begin "analyze: ". */
int analyze_write_dir(struct analyze_options *o, struct ky_error *err);
/* run.c: the inputs no output of an analysis may replace (the database,
 * the population files) added to guard (io/safe-output.h). */
struct safe_output_guard;
void analyze_guard_inputs(struct safe_output_guard *guard, const struct analyze_options *o);
/* The id of analysed respondent i, for a message: read again from the
 * store when not kept (ids cost 45 MB per million respondents). */
const char *analyze_respondent(struct analyze_run *run, size_t i);
/* Index of a variable (question or attribute) by name, made categorical
 * or numeric on demand; -1 with err filled when unknown. */
int analyze_find_var(struct analyze_run *run, const char *name, bool categorical,
		     size_t *index, struct ky_error *err);
/* The numeric values of a variable (weights, fpc): NaN when empty; a
 * value that is not a number is KY_EINPUT naming the respondent. */
int analyze_numeric_column(struct analyze_run *run, const char *name, const char *what,
			   double **out, struct ky_error *err);

/* design-setup.c: the variables a population file (--poststratify,
 * --rake) names before its 'population' column, every one of which the
 * store must be read for: *names (n of them) belongs to the caller, each
 * name and the array freed with free(). The whole file is checked. */
int analyze_population_vars(const char *path, char ***names, size_t *n, struct ky_error *err);
/* The variables the design options read: weight, strata, cluster, fpc,
 * then every population file's, appended to names (*n of them; room for
 * ANALYZE_DESIGN_NAMES more), for analyze_load. The population files'
 * names live in *dn until analyze_design_names_release(). */
#define ANALYZE_DESIGN_NAMES (4 + (ANALYZE_MAX_BY + 1) * ANALYZE_MAX_BY)
struct analyze_design_names {
	char **vars[ANALYZE_MAX_BY + 1];
	size_t n_vars[ANALYZE_MAX_BY + 1];
};
int analyze_design_names(const struct analyze_options *opt, const char **names, size_t *n,
			 struct analyze_design_names *dn, struct ky_error *err);
void analyze_design_names_release(struct analyze_design_names *dn);
/* design-setup.c: builds run->design from the options (and the groups). */
int analyze_setup_design(struct analyze_run *run, struct ky_error *err);
int analyze_setup_groups(struct analyze_run *run, struct ky_error *err);

/* derived.c: whether a derived statistic reads this question row by row
 * (knowledge, scale and training-need items). */
bool analyze_derived_uses(const struct form_question *q);

/* estimates.c / assoc.c: the rows of estimates.csv and tests.csv into
 * out (an empty table the caller owns and releases), numbers formatted
 * as the CSV has them (io/table.h). */
struct table;
int analyze_estimates_table(struct analyze_run *run, struct table *out, struct ky_error *err);
int analyze_tests_table(struct analyze_run *run, struct table *out, struct ky_error *err);

#endif
