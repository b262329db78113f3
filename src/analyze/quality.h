/* quality.h - the data-quality table of `kysely analyze` (DIR/quality.csv)
 * and the respondents --exclude-flagged leaves out.
 *
 * Per respondent of the form, in storage order:
 *   - seconds: the total time, from the screens collect recorded (the sum
 *     of the seconds on every screen, store-paradata.h) when there are
 *     any, else completed - started; empty when neither is known;
 *   - speeder: a complete respondent whose total time is below a third of
 *     the median total time of the complete respondents with a time (the
 *     rule of the documentation; a partial response is never a speeder,
 *     since it was not finished);
 *   - straight-liner: a battery is a Likert scale (select_one questions
 *     sharing `scale`) or a matrix (select_one questions of one group
 *     sharing a choice list, no scale), of at least 3 questions; a
 *     respondent straight-lines it when they answered at least 3 of its
 *     questions and gave every one the same choice; a straight-liner
 *     straight-lines at least one battery;
 *   - flagged: speeder or straight-liner.
 * Only the newest version's respondents are flagged: an older version's
 * (analysed with it, editions.h) have no flags.
 * Computing is one pass over the paradata and one over the responses;
 * writing the table reads the responses again for their ids. */
#ifndef KY_ANALYZE_QUALITY_H
#define KY_ANALYZE_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "util/error.h"

struct quality;

/* Reads database db (form form_id, NULL: the only one). NULL and err
 * filled on failure. */
struct quality *quality_compute(const char *db, const char *form_id, struct ky_error *err);
void quality_destroy(struct quality *q);

/* True when the respondent at index (0-based, in storage order, as
 * store_scan reads them) is flagged, speeder or straight-liner, and is
 * uuid: one stored after the flags were computed is not flagged. Only a
 * hash of each id is kept (24 bytes a respondent in all). */
bool quality_flagged(const struct quality *q, size_t index, const char *uuid);
size_t quality_n_flagged(const struct quality *q);

/* quality.csv: form, respondent, status, seconds, time_source (screens,
 * timestamps or empty), median_seconds, speeder, batteries (batteries
 * with at least 3 answers), straightlined (of those, given one choice
 * throughout), straightliner, flagged; flags 1 or 0, speeder empty
 * without a time; one row per flagged respondent. excel: csvwrite's
 * Excel mode. */
int quality_write(const struct quality *q, FILE *fp, const char *path, bool excel,
		  struct ky_error *err);

#endif
