/* model-run.h - one run of `kysely model`: the formulas fitted on the
 * store's respondents (unweighted as R lm/glm, or under the design as
 * svyglm) into DIR/models.csv and DIR/models-fit.csv. The frame is
 * model-frame.c, the maths analysis/glm.c. */
#ifndef KY_MODEL_RUN_H
#define KY_MODEL_RUN_H

#include "analyze/analyze.h"
#include "analyze/model-frame.h"

#define MODEL_MAX_FORMULAS 64

struct model_options {
	struct analyze_options a;
	int family;                      /* -1: the outcome's own */
	const char *ref[MODEL_MAX_REFS];
	size_t n_refs;
	const char *formula[MODEL_MAX_FORMULAS];
	size_t n_formulas;
};

/* Reads the store, checks every formula before fitting any, and writes
 * both files whole or neither. Messages begin "model". */
int model_write_dir(const struct model_options *o, struct ky_error *err);

#endif
