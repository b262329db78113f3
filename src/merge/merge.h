/* merge.h - folding site databases into a central one (kysely merge).
 *
 * Everything happens in one transaction on CENTRAL, so that a failure (or
 * a kill) leaves it as it was. Per site: every stored form is copied by
 * form_id + version (the same definition text is required), its attribute
 * names registered, and its responses put by uuid: an identical copy adds
 * nothing, a different one is a conflict that is reported and skipped
 * (central's copy is kept), or fails the whole merge with --strict. One
 * exception: a respondent partial in CENTRAL and complete in the site was
 * finished on the terminal after an earlier merge; the site's copy wins.
 * The answer log (every answer given at the terminal, with its time) of a
 * response added or replaced goes along, without rows CENTRAL has already,
 * so that merging twice adds nothing; a conflict keeps CENTRAL's log.
 *
 * A site database is input: store_open() refuses one whose schema is not
 * exactly kysely's (a trigger or a view would run SQL of its own), every
 * record is checked as import checks a row (site-check.h) and a bad one
 * is reported and left out, and SQLite's time reading a site is bounded
 * (--site-timeout). Every site is read and checked once before CENTRAL's
 * write lock is taken, so that a slow or broken site fails while
 * terminals can still write to CENTRAL; the records are checked again as
 * they are put, in case the file changed in between.
 *
 * Form versions: a site form whose form_id is in CENTRAL under another
 * version is refused, naming both versions, since the slots of the stored
 * answers follow one version's question order; merge each version into
 * its own central database, or export and re-import.
 */
#ifndef KY_MERGE_H
#define KY_MERGE_H

#include <stdbool.h>
#include "store/store.h"
#include "util/error.h"

/* Seconds SQLite may spend reading one site, per pass: a terminal's day
 * of answers reads in well under a second. */
#define MERGE_DEFAULT_SITE_TIMEOUT 600.0

struct merge_counts {
	long added, present, conflicts, refused;
};

struct merge_options {
	const char *central_path;
	bool strict;
	double site_timeout;   /* seconds, 0 = no limit */
};

/* One pass over the site database at site_path: the checking pass
 * (central NULL) reads and checks every form and record and reports bad
 * ones; the merging pass puts them into central, inside the caller's
 * transaction. counts add up over sites and passes. */
int merge_site(struct store *central, const char *central_path, const char *site_path,
	       const struct merge_options *opt, struct merge_counts *counts,
	       struct ky_error *err);

#endif
