/* pg-conn.c - connecting to the central store (pg-conn.h).
 *
 * The URI is parsed by libpq itself (PQconninfoParse), so that whatever
 * libpq accepts is judged the same way: a password in it, as
 * user:secret@ or ?password=, is refused before any connection is tried,
 * since command lines end up in shell histories and process lists. */
#include "config.h"
#include <string.h>
#include <libpq-fe.h>
#include "store/pg-conn.h"
#include "util/mem.h"

bool pg_is_uri(const char *db)
{
	return db && (!strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11));
}

static const char *option(const PQconninfoOption *opts, const char *key)
{
	for (; opts && opts->keyword; opts++)
		if (!strcmp(opts->keyword, key))
			return opts->val && *opts->val ? opts->val : NULL;
	return NULL;
}

char *pg_display_uri(const char *uri)
{
	PQconninfoOption *opts = PQconninfoParse(uri, NULL);
	const char *user, *host, *port, *dbname;
	char *shown;

	if (!opts)
		return ky_strdup("postgresql://(unparsable URI)");
	user = option(opts, "user");
	host = option(opts, "host");
	port = option(opts, "port");
	dbname = option(opts, "dbname");
	shown = ky_asprintf("postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "",
			    host && host[0] != '/' ? host : "", port ? ":" : "", port ? port : "",
			    dbname ? dbname : "");
	PQconninfoFree(opts);
	return shown;
}

/* The URI parses and holds no password. */
static int check_uri(const char *uri, const char *display, struct ky_error *err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, &msg);
	int rc = KY_OK;

	if (!opts) {
		char *nl = msg ? strchr(msg, '\n') : NULL;
		if (nl)
			*nl = '\0';
		rc = ky_error_set(err, KY_EUSAGE, "%s: not a valid PostgreSQL URI: %s", display,
				  msg ? msg : "out of memory");
		PQfreemem(msg);
		return rc;
	}
	if (option(opts, "password"))
		rc = ky_error_set(err, KY_EUSAGE, "%s: the URI holds a password; give it in "
				  "~/.pgpass (PGPASSFILE) or a service file (PGSERVICE) instead",
				  display);
	PQconninfoFree(opts);
	return rc;
}

/* The server's or libpq's message on one line (they may span several). */
static void one_line(char *text)
{
	char *p;
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	for (p = text; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

int pg_error(PGconn *conn, const PGresult *res, const char *display, const char *what,
	     struct ky_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char *msg = ky_strdup(primary ? primary : conn ? PQerrorMessage(conn) : "no connection");
	int code = state && !strncmp(state, "KY", 2) ? KY_EINPUT : KY_EIO;

	one_line(msg);
	ky_error_set(err, code, "%s: %s: %s", display, what, msg);
	free(msg);
	return code;
}

int pg_exec(PGconn *conn, const char *display, const char *sql, struct ky_error *err)
{
	PGresult *res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
	int rc = KY_OK;

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(conn, res, display, sql, err);
	PQclear(res);
	return rc;
}

/* The server's notices (an index that exists, a role that is there) are
 * not for the user, and libpq would print them to stderr itself, outside
 * error.c's escaping. */
static void drop_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int pg_check_uri(const char *uri, struct ky_error *err)
{
	char *display = pg_display_uri(uri);
	int rc = check_uri(uri, display, err);
	free(display);
	return rc;
}

int pg_connect(const char *uri, PGconn **out, struct ky_error *err)
{
	char *display = pg_display_uri(uri);
	PGconn *conn;
	int rc;

	*out = NULL;
	if ((rc = check_uri(uri, display, err))) {
		free(display);
		return rc;
	}
	conn = PQconnectdb(uri);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		rc = pg_error(conn, NULL, display, "cannot connect", err);
		PQfinish(conn);
		free(display);
		return rc;
	}
	PQsetNoticeProcessor(conn, drop_notice, NULL);
	if (PQsetClientEncoding(conn, "UTF8") != 0 ||
	    (rc = pg_exec(conn, display, "SET TIME ZONE 'UTC'", err))) {
		rc = rc ? rc : pg_error(conn, NULL, display, "cannot set the encoding", err);
		PQfinish(conn);
		free(display);
		return rc;
	}
	free(display);
	*out = conn;
	return KY_OK;
}
