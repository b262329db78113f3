/* repeats.h - a form's repeats in `kysely analyze`: each repeat's
 * questions estimated over its instances (interfaces.md section 5).
 *
 * Every repeat becomes a run of its own (struct analyze_run) whose rows
 * are the repeat's instances, read in one scan of the store
 * (store_form_instances); each instance carries its respondent's weight,
 * strata, cluster, attributes and top-level answers (the --by and design
 * variables), and the design takes the respondent as the cluster (PSU),
 * or the design's own cluster when --cluster is given (respondents nested
 * in it): R's svydesign(ids = ~respondent, weights = ~w) on the
 * instances. Its rows of estimates.csv are those of a top-level question
 * (estimates.c) with the repeat named in the column `repeat` and the
 * respondents whose instances make the base in `respondents`.
 *
 * A form without repeats never reads repeat_instance. Calibrated designs
 * (--poststratify, --rake) leave the repeats out with a warning; so does a
 * repeat whose design cannot be built (a lonely PSU, say). The main run
 * owns struct analyze_repeats (run->repeats), freed by
 * analyze_run_release(). */
#ifndef KY_ANALYZE_REPEATS_H
#define KY_ANALYZE_REPEATS_H

#include <stddef.h>
#include "analyze/analyze.h"
#include "analyze/rows.h"
#include "io/csvwrite.h"

struct analyze_repeats;

/* Reads the instances of run's form (its design and groups set up);
 * names: what the options read (--by, design variables), as given to
 * analyze_load. A form without repeats returns at once. */
int analyze_repeats_prepare(struct analyze_run *run, const char *const *names, size_t n_names,
			    struct ky_error *err);
/* Every repeat's rows of estimates.csv, in form order. */
int analyze_repeat_rows(struct analyze_run *run, struct csvwrite *w, struct ky_error *err);
/* The repeats (form order) and the run of repeat r, NULL when it has no
 * estimates (no instances, or its design failed); tests.csv's rows. */
size_t analyze_repeat_count(const struct analyze_run *run);
struct analyze_run *analyze_repeat_run(struct analyze_run *run, size_t r);
/* In a repeat's run: each row's `respondents` (rows of question a). */
void analyze_repeat_respondents(const struct analyze_run *run, const struct avar *a,
				struct est_rows *rows);
void analyze_repeats_release(struct analyze_run *run);

#endif
