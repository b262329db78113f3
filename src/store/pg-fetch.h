/* pg-fetch.h - reading the central store: `--db postgresql://...` of
 * analyze, report, export and model.
 *
 * The server's tables are copied (COPY ... TO STDOUT in binary, one
 * REPEATABLE READ snapshot, one pass per table) into a private temporary
 * SQLite store (0600, in a 0700 folder under TMPDIR), and the command runs
 * on it as on any store: what it writes is what it writes on a SQLite
 * copy of the same data, by construction. The copy is made once per
 * process and URI and removed at exit. */
#ifndef KY_PG_FETCH_H
#define KY_PG_FETCH_H

#include "store/store.h"

/* store_open() for a URI: read-only only (a writing command is
 * KY_EUSAGE: the central store takes responses through kysely sync).
 * The store's name in messages is the URI without any password. */
int pg_store_open(const char *uri, int flags, struct store **out, struct ky_error *err);

#endif
