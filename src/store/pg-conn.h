/* pg-conn.h - connecting to the central PostgreSQL store (libpq).
 *
 * Owns what every use of the central store shares: telling a URI from a
 * file name, refusing a URI that carries a password (passwords and TLS
 * are libpq's business: PGPASSFILE, PGSERVICE, sslmode), the URI as it
 * may be shown (never a password), the connection and its error text,
 * and the schema's migrations (pg-schema.c). */
#ifndef KY_PG_CONN_H
#define KY_PG_CONN_H

#include <stdbool.h>
#include "util/error.h"

/* libpq's PGconn and PGresult, named without its header (which lives
 * outside the compiler's default path: see PQ_CFLAGS). */
struct pg_conn;
struct pg_result;

/* True when db names a PostgreSQL store (postgresql:// or postgres://). */
bool pg_is_uri(const char *db);

/* The URI as messages show it: scheme, user, host, port and database
 * only (malloc'd; caller frees). Never holds a password. */
char *pg_display_uri(const char *uri);

/* KY_OK when uri parses and holds no password; KY_EUSAGE otherwise
 * (the message shows the URI without it). */
int pg_check_uri(const char *uri, struct ky_error *err);

/* Connects: KY_EUSAGE for a URI that does not parse or holds a
 * password, KY_EIO when the server cannot be reached. The connection
 * has client_encoding UTF8 and TimeZone UTC. Caller PQfinish()es. */
int pg_connect(const char *uri, struct pg_conn **out, struct ky_error *err);

/* Fills err with "DISPLAY: what: the server's message" (one line) and
 * returns KY_EINPUT for kysely's own refusals (SQLSTATE KY...), KY_EIO
 * otherwise. res may be NULL (the connection's message is used). */
int pg_error(struct pg_conn *conn, const struct pg_result *res, const char *display, const char *what,
	     struct ky_error *err);

/* Runs a statement without parameters or rows (BEGIN, COMMIT...). */
int pg_exec(struct pg_conn *conn, const char *display, const char *sql, struct ky_error *err);

/* Creates or migrates the schema kysely (pg-schema.c) in one transaction
 * under an advisory lock; a store at the current version is left alone.
 * A store newer than this kysely is KY_EIO. Needs the owner's rights
 * only when there is something to do. */
int pg_schema_migrate(struct pg_conn *conn, const char *display, struct ky_error *err);
/* KY_OK when the schema is there at a version this kysely reads; the
 * version into *version (older ones lack later tables: a reader of a
 * version 1 store sees no repeat instances). */
int pg_schema_check(struct pg_conn *conn, const char *display, int *version,
		    struct ky_error *err);

#endif
