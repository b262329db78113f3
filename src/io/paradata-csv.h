/* paradata-csv.h - the paradata file of `kysely export --paradata`.
 *
 * One row per respondent and question that was answered or shown in
 * collect, respondents in storage order and questions in form order:
 * respondent, question, first_answered, last_answered (UTC, from the
 * answer log), changes (answers logged after the first that differ from
 * the one before: a corrected answer counts, the same answer confirmed
 * again does not, a cleared answer does), visits (times its screen was
 * shown), seconds (on its screen, all visits), then back (visits reached
 * by stepping back: store-paradata.h, collect/paradata.h). A question
 * shown but never answered has empty answer times; one answered without
 * a screen (imported, scripted, calculated) has visits 0 and empty
 * seconds. */
#ifndef KY_IO_PARADATA_CSV_H
#define KY_IO_PARADATA_CSV_H

#include <stdint.h>
#include "form/form.h"
#include "io/csvwrite.h"
#include "store/store.h"
#include "util/error.h"

int paradata_csv_write(struct csvwrite *w, struct store *s, int64_t form_pk,
		       const struct form *form, struct ky_error *err);

#endif
