/* run-record.h - DIR/run.csv of `kysely analyze`: what made the tables
 * beside it (kysely's version, the form and the SHA-256 the store keeps
 * of its definition, the database, the time, every analysis option with
 * the value in force, the bootstrap seed, the respondents read and used),
 * one `key,value` row each, so that a table can be traced to its run and
 * two runs compared with diff. */
#ifndef KY_RUN_RECORD_H
#define KY_RUN_RECORD_H

#include <stdio.h>
#include "analyze/analyze.h"
#include "util/error.h"

/* The rows of run.csv into out (an empty table the caller owns). */
int analyze_run_record_table(struct analyze_run *run, struct table *out, struct ky_error *err);

#endif
