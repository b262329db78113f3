/* results.h - one analysis, many writers: the analysis runs once into a
 * result set in memory (tables of rows, numbers already in the one
 * format of csvwrite_format_number), and every writer consumes it: the
 * CSV files of `analyze` (table_write_csv), the page of `report`, and
 * the writers to come (XLSX ...).
 *
 * To add a result table (comparisons.csv, paired.csv ...): a field here,
 * filled in analyze_results_compute() by a function that writes rows
 * through csvwrite_init_table(), its file in cmd-analyze.c's list, and,
 * if the report shows it, the report reads the field (the brief's
 * "change" section reads `comparisons` when it has rows). */
#ifndef KY_ANALYZE_RESULTS_H
#define KY_ANALYZE_RESULTS_H

#include <stdbool.h>
#include "analyze/analyze.h"
#include "analyze/compare.h"
#include "io/table.h"

struct analyze_results {
	struct table estimates;    /* estimates.csv */
	struct table tests;        /* tests.csv (header only without --by) */
	struct table items;        /* items.csv, when has_items */
	struct table run_record;   /* run.csv */
	bool has_items;            /* the form has scored items */
	/* comparisons.csv with --compare (written by analyze_write_comparisons;
	 * paired.csv and quality.csv are written from the run itself) */
	struct compare_result comparisons;
	bool has_comparisons;
	/* the report's change section (analyze_results_change): the rows of
	 * comparisons.csv and paired.csv, cells as the files have them */
	struct table compare_table;   /* with has_comparisons */
	struct table paired;          /* with has_paired */
	bool has_paired;
};

/* Reads the store (with quality.h's flags first, which --exclude-flagged
 * needs while reading) and sets up groups and design: run is ready for
 * analyze_results_compute(). run, dn: zeroed by the caller, released
 * by it (analyze_run_release, analyze_design_names_release) whatever
 * this returns. */
int analyze_prepare(struct analyze_run *run, struct analyze_options *opt,
		    struct analyze_design_names *dn, struct ky_error *err);
/* Every result table of a prepared run; res zeroed by the caller, who
 * releases it (analyze_results_release) whatever this returns. */
int analyze_results_compute(struct analyze_run *run, struct analyze_results *res,
			    struct ky_error *err);
/* After analyze_results_compute: comparisons.csv's and (with --paired)
 * paired.csv's rows as tables, for a writer that shows them (the
 * report); analyze writes its files from the run instead. */
int analyze_results_change(struct analyze_run *run, struct analyze_results *res,
			   struct ky_error *err);
void analyze_results_release(struct analyze_results *res);

#endif
