/* model-frame.h - a formula of `kysely model` as a compact frame: the
 * outcome per respondent and its terms as the run's own columns (level
 * codes, numbers), each row of the design matrix made when the fit reads
 * it (interfaces.md section 5, "Models"; statistics.md, "Models"). A
 * million respondents cost a byte or two each, not 8 p bytes.
 *
 * Reads an analyze_run loaded a row per respondent with the formula's
 * variables and the knowledge items as columns (analyze_options.columns;
 * kysely model names them to the loader). The frame owns its arrays
 * (model_frame_release). */
#ifndef KY_MODEL_FRAME_H
#define KY_MODEL_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include "analysis/glm.h"
#include "analyze/analyze.h"

#define MODEL_MAX_TERMS 32
#define MODEL_MAX_REFS 32

/* "OUTCOME ~ A + B" split into its parts (pointers into text, which the
 * formula owns). */
struct model_formula {
	const char *given;            /* as given on the command line */
	char *text;
	const char *outcome;
	const char *term[MODEL_MAX_TERMS];
	size_t n_terms;
};

/* A term's values per run row: a number (NaN: missing), or a level code
 * (-1: missing) and the design column of each level (0: none, for the
 * reference and levels nobody in the model chose). */
struct model_term_cols {
	const double *num;
	double *owned_num;            /* an attribute's numbers (num points here) */
	size_t num_column;
	const int32_t *code;
	size_t *column;
};

struct model_frame {
	enum glm_family family;
	size_t n, p;                  /* complete cases, columns */
	size_t n_all;                 /* the run's rows */
	unsigned char *in;            /* [n_all]: 1 for a complete case */
	unsigned char *y01;           /* binomial: [n_all] the outcome */
	double *y;                    /* gaussian: [n_all] the outcome */
	struct model_term_cols cols[MODEL_MAX_TERMS];
	size_t n_terms;
	const double *prior;          /* NULL, or prior weights per run row, read
				       * divided by prior_mean (svyglm's scaling) */
	double prior_mean;
	const char **term, **level;   /* [p]: column's variable ("(Intercept)") and
				       * level (NULL for a number); point into the run */
};

int model_formula_parse(const char *given, struct model_formula *f, struct ky_error *err);
void model_formula_release(struct model_formula *f);

/* Names the formula reads that must be loaded (terms and the outcome's
 * question); appended to names (room for MODEL_MAX_TERMS + 1 more). */
void model_formula_names(const struct model_formula *f, const char **names, size_t *n);

/* family: GLM_GAUSSIAN or GLM_BINOMIAL as asked, or -1 for the outcome's
 * own (binomial for Q=LEVEL, pass and correct(ITEM)). refs are
 * "VAR=LEVEL". KY_EUSAGE / KY_EINPUT with a one-line message for an
 * unknown variable or level, an outcome of one level, no rows. */
int model_frame_build(struct analyze_run *run, const struct model_formula *f, int family,
		      const char *const *refs, size_t n_refs, struct model_frame *fr,
		      struct ky_error *err);
void model_frame_release(struct model_frame *fr);
/* The frame as the fit's row source (rows->ctx is fr). */
void model_frame_rows(const struct model_frame *fr, struct glm_rows *rows);

/* Every respondent's total points (total) and percent of the maximum
 * (pct) over the scored items of the domain (NULL: the whole test), NaN
 * for who reached none of them; either array may be NULL. KY_EUSAGE when
 * the form has no such items. Also what `export --derived` writes. */
int model_knowledge_scores(struct analyze_run *run, const char *domain, double *total,
			   double *pct, struct ky_error *err);

#endif
