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
 * Two ways to compute them:
 *   - quality_compute() reads the store itself and keeps every
 *     respondent's flags (24 bytes a respondent): --exclude-flagged must
 *     know them before analyze reads the responses;
 *   - streamed: analyze's own scan hands each record to quality_add()
 *     (quality_start() before, quality_finish() after), which keeps one
 *     bit a respondent (straight-liner), the times' distinct values with
 *     their counts for the median (a plain array of the times only past
 *     65,536 distinct values), and the rows the table may list: the
 *     straight-liners and the complete respondents faster than a bound
 *     a quarter above a third of the running median (about 60 bytes
 *     each). The table is written from those; only when a row was left
 *     out under a bound that the final median proves too low does the
 *     writer read the store again (as for quality_compute's flags, whose
 *     table always reads the responses again for their ids). */
#ifndef KY_ANALYZE_QUALITY_H
#define KY_ANALYZE_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "util/error.h"

struct quality;
struct form;
struct record_view;
struct store;
struct store_response;

/* Reads database db (form form_id, NULL: the only one). NULL and err
 * filled on failure. */
struct quality *quality_compute(const char *db, const char *form_id, struct ky_error *err);
void quality_destroy(struct quality *q);

/* Streamed: s open on the store (db as named; form_id as given, NULL:
 * the only form), form its newest version (form_pk); reads the
 * paradata. NULL and err filled on failure. */
struct quality *quality_start(struct store *s, const struct form *form, int64_t form_pk,
			      const char *db, const char *form_id, struct ky_error *err);
/* Each response of the newest version, in storage order (store_scan),
 * its answers decoded into views (form->n_slots of them). */
void quality_add(struct quality *q, const struct store_response *r,
		 const struct record_view *views);
/* The same on threads (analyze's blocks of ids, read-blocks.c): each
 * block's rows computed apart (quality_part_add, the block starting at
 * id first_id, with the candidates' bound, quality_bound(), as it was
 * when the block started), then added to q in storage order
 * (quality_part_merge), one block after the other. */
struct quality_part;
double quality_bound(const struct quality *q);
struct quality_part *quality_part_start(const struct quality *q, int64_t first_id, double bound);
void quality_part_add(const struct quality *q, struct quality_part *p,
		      const struct store_response *r, const struct record_view *views);
void quality_part_merge(struct quality *q, const struct quality_part *p);
void quality_part_destroy(struct quality_part *p);
/* After the last quality_add(): the median, for quality_write(). */
void quality_finish(struct quality *q);

/* quality_compute's flags only: true when the respondent at index
 * (0-based, in storage order, as store_scan reads them) is flagged, speeder or straight-liner, and is
 * uuid: one stored after the flags were computed is not flagged. Only a
 * hash of each id is kept (24 bytes a respondent in all). */
bool quality_flagged(const struct quality *q, size_t index, const char *uuid);

/* quality.csv: form, respondent, status, seconds, time_source (screens,
 * timestamps or empty), median_seconds, speeder, batteries (batteries
 * with at least 3 answers), straightlined (of those, given one choice
 * throughout), straightliner, flagged; flags 1 or 0, speeder empty
 * without a time; one row per flagged respondent. excel: csvwrite's
 * Excel mode. */
int quality_write(const struct quality *q, FILE *fp, const char *path, bool excel,
		  struct ky_error *err);

#endif
