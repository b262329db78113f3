/* coarsen.h - timestamps cut to the day or the hour for export
 * (`kysely export --coarsen-times`), so that a published file cannot tie
 * an answer to the minute a person was at the terminal.
 *
 * Pure text work on ISO 8601 stamps as kysely and ODK write them
 * ("2015-03-12T07:06:16Z", "2015-03-12T07:06:16.000+02:00"): the day
 * keeps "YYYY-MM-DD" (the date in the stamp's own zone); the hour keeps
 * "YYYY-MM-DDTHH:00:00" and the zone suffix. Text that does not start
 * with a date is left as it is. */
#ifndef KY_IO_COARSEN_H
#define KY_IO_COARSEN_H

#include <stdbool.h>
#include <stddef.h>

enum coarsen_times { COARSEN_NONE, COARSEN_HOUR, COARSEN_DAY };

/* "none", "hour", "day" -> the level; false for another word. */
bool coarsen_parse(const char *word, enum coarsen_times *out);

#define COARSEN_OUT_SIZE 48

/* Writes the coarsened form of the len bytes at in to out (outlen >=
 * COARSEN_OUT_SIZE, NUL-terminated) and returns its length; returns 0 and
 * writes nothing when the text stays as it is (level none, a plain date,
 * not a date, or longer than a stamp can be). */
size_t coarsen_time(const char *in, size_t len, enum coarsen_times level, char *out, size_t outlen);

#endif
