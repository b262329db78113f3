/* pg-schema.c - the central store's schema and its migrations
 * (pg-conn.h).
 *
 * Everything lives in the schema `kysely`; kysely.schema_migration holds
 * one row per migration applied (its highest version is the schema's).
 * The tables mirror the SQLite store's (store.c), so that a reader copies
 * them row for row; the central store adds when a row was received.
 *
 * Roles (created NOLOGIN when missing and the migrating role may create
 * roles; a DBA may create them beforehand instead):
 *   kysely_sync  terminals: EXECUTE on kysely.put_form, put_attrs, push
 *                and push_log only. These are SECURITY DEFINER functions
 *                that insert by respondent id and answer, per row, only
 *                added / present / replaced / conflict: a terminal cannot
 *                read anyone's answers, its own included.
 *   kysely_read  analysts: SELECT on the tables.
 * Login roles are made members of one of them (GRANT kysely_sync TO
 * site_oulu). Every function runs with a fixed search_path.
 *
 * Merge's rules (cmd-merge.c) are kysely.push's: a new respondent id is
 * added, an identical copy adds nothing, a different one is a conflict
 * (recorded in kysely.conflict, the stored copy kept) unless the stored
 * copy is partial and the incoming one is complete or was updated later
 * (the terminal went on with it after an earlier sync). Concurrent
 * pushes are safe: INSERT ... ON CONFLICT waits for the other
 * transaction, and the comparison runs in a later statement, which sees
 * what it committed. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "store/pg-conn.h"

/* An advisory lock key (two int4s) for migrations: "kysely" "schema".
 * A session lock, taken before the migrating transaction begins: a
 * transaction that waited for the lock inside itself would still see the
 * catalog as it was when it began (no kysely schema) and create it twice. */
#define LOCK_SQL "SELECT pg_advisory_lock(1803122540, 1935896173)"
#define UNLOCK_SQL "SELECT pg_advisory_unlock(1803122540, 1935896173)"

static const char *const migrations[] = {
	/* 1: tables, functions, roles. */
	"CREATE SCHEMA kysely;\n"
	"CREATE TABLE kysely.schema_migration (\n"
	"  version integer PRIMARY KEY,\n"
	"  applied timestamptz NOT NULL DEFAULT now());\n"
	"CREATE TABLE kysely.form (\n"
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  form_id text NOT NULL, version text NOT NULL, title text,\n"
	"  definition text NOT NULL, sha text NOT NULL, created text NOT NULL,\n"
	"  UNIQUE (form_id, version));\n"
	"CREATE TABLE kysely.response (\n"
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  form bigint NOT NULL REFERENCES kysely.form(id),\n"
	"  uuid text NOT NULL UNIQUE,\n"
	"  status text NOT NULL CHECK (status IN ('complete', 'partial')),\n"
	"  started text, completed text, lang text,\n"
	/* attrs: the JSON text SQLite's copy checks with json_valid */
	"  answers bytea NOT NULL, attrs text CHECK (attrs IS NULL OR attrs::json IS NOT NULL),\n"
	"  updated text NOT NULL,\n"
	"  received timestamptz NOT NULL DEFAULT now());\n"
	"CREATE INDEX response_form ON kysely.response(form, id);\n"
	"CREATE TABLE kysely.form_attr (\n"
	"  form bigint NOT NULL REFERENCES kysely.form(id), name text NOT NULL,\n"
	"  PRIMARY KEY (form, name));\n"
	"CREATE TABLE kysely.answer_log (\n"
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  response bigint NOT NULL REFERENCES kysely.response(id),\n"
	"  slot integer NOT NULL, value text, answered_at text NOT NULL,\n"
	"  UNIQUE NULLS NOT DISTINCT (response, slot, value, answered_at));\n"
	"CREATE TABLE kysely.conflict (\n"
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  uuid text NOT NULL, pushed_by text NOT NULL DEFAULT session_user,\n"
	"  reported timestamptz NOT NULL DEFAULT now());\n"
	/* put_form: the same form_id + version needs the same text; a form_id
	 * stored under another version is refused, as merge does. */
	"CREATE FUNCTION kysely.put_form(p_form_id text, p_version text, p_title text,\n"
	"  p_definition text, p_sha text, p_created text) RETURNS bigint\n"
	"LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
	"DECLARE v_id bigint; v_def text; v_other text;\n"
	"BEGIN\n"
	"  PERFORM pg_advisory_xact_lock(1803122540, hashtext(p_form_id));\n"
	"  SELECT id, definition INTO v_id, v_def FROM kysely.form\n"
	"    WHERE form_id = p_form_id AND version = p_version;\n"
	"  IF FOUND THEN\n"
	"    IF v_def <> p_definition THEN\n"
	"      RAISE EXCEPTION USING ERRCODE = 'KY001', MESSAGE = format('form %L version %L "
	"is already stored with a different definition; give the changed form a new version',"
	" p_form_id, p_version);\n"
	"    END IF;\n"
	"    RETURN v_id;\n"
	"  END IF;\n"
	"  SELECT version INTO v_other FROM kysely.form WHERE form_id = p_form_id LIMIT 1;\n"
	"  IF FOUND THEN\n"
	"    RAISE EXCEPTION USING ERRCODE = 'KY002', MESSAGE = format('form %L is stored "
	"under version %L, not %L; answers follow one version''s question order', p_form_id,"
	" v_other, p_version);\n"
	"  END IF;\n"
	"  INSERT INTO kysely.form(form_id, version, title, definition, sha, created)\n"
	"    VALUES (p_form_id, p_version, p_title, p_definition, p_sha, p_created)\n"
	"    RETURNING id INTO v_id;\n"
	"  RETURN v_id;\n"
	"END $f$;\n"
	"CREATE FUNCTION kysely.put_attrs(p_form bigint, p_names text[]) RETURNS void\n"
	"LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
	"  INSERT INTO kysely.form_attr(form, name) SELECT p_form, n FROM unnest(p_names) AS n\n"
	"  ON CONFLICT DO NOTHING $f$;\n"
	"CREATE FUNCTION kysely.push(p_form bigint[], p_uuid text[], p_status text[],\n"
	"  p_started text[], p_completed text[], p_lang text[], p_answers bytea[],\n"
	"  p_attrs text[], p_updated text[])\n"
	"RETURNS TABLE (uuid text, outcome text)\n"
	"LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
	"DECLARE v_added text[];\n"
	"BEGIN\n"
	"  WITH ins AS (\n"
	"    INSERT INTO kysely.response AS r (form, uuid, status, started, completed, lang,\n"
	"      answers, attrs, updated)\n"
	"    SELECT i.f, i.u, i.s, i.st, i.c, i.l, i.a, i.at, i.up\n"
	"      FROM unnest(p_form, p_uuid, p_status, p_started, p_completed, p_lang, p_answers,\n"
	"        p_attrs, p_updated) WITH ORDINALITY AS i(f, u, s, st, c, l, a, at, up, n)\n"
	"      ORDER BY i.n\n"
	"    ON CONFLICT ON CONSTRAINT response_uuid_key DO NOTHING RETURNING r.uuid)\n"
	"  SELECT coalesce(array_agg(ins.uuid), '{}') INTO v_added FROM ins;\n"
	"  IF cardinality(v_added) = cardinality(p_uuid) THEN\n"
	"    RETURN QUERY SELECT a, 'added' FROM unnest(v_added) AS a; RETURN;\n"
	"  END IF;\n"
	"  RETURN QUERY\n"
	"  WITH i AS (\n"
	"    SELECT * FROM unnest(p_form, p_uuid, p_status, p_started, p_completed, p_lang,\n"
	"      p_answers, p_attrs, p_updated) AS t(f, u, s, st, c, l, a, at, up)\n"
	"    WHERE NOT t.u = ANY (v_added)),\n"
	"  judged AS (\n"
	"    SELECT i.*, CASE\n"
	"      WHEN r.form = i.f AND r.status = i.s AND r.started IS NOT DISTINCT FROM i.st\n"
	"        AND r.completed IS NOT DISTINCT FROM i.c AND r.lang IS NOT DISTINCT FROM i.l\n"
	"        AND r.answers = i.a AND r.attrs IS NOT DISTINCT FROM i.at THEN 'present'\n"
	"      WHEN r.form = i.f AND r.status = 'partial'\n"
	"        AND (i.s = 'complete' OR i.up > r.updated) THEN 'replaced'\n"
	"      ELSE 'conflict' END AS o\n"
	"    FROM i JOIN kysely.response AS r ON r.uuid = i.u),\n"
	"  upd AS (\n"
	"    UPDATE kysely.response AS r SET status = j.s, started = j.st, completed = j.c,\n"
	"      lang = j.l, answers = j.a, attrs = j.at, updated = j.up, received = now()\n"
	"    FROM judged AS j WHERE r.uuid = j.u AND j.o = 'replaced'),\n"
	"  con AS (\n"
	"    INSERT INTO kysely.conflict(uuid) SELECT j.u FROM judged AS j WHERE j.o = 'conflict')\n"
	"  SELECT j.u, j.o FROM judged AS j\n"
	"  UNION ALL SELECT a, 'added' FROM unnest(v_added) AS a;\n"
	"END $f$;\n"
	/* push_log: rows of the answer log of respondents push added or
	 * replaced; a row logged already is not added again. */
	"CREATE FUNCTION kysely.push_log(p_uuid text[], p_slot integer[], p_value text[],\n"
	"  p_at text[]) RETURNS void\n"
	"LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
	"  INSERT INTO kysely.answer_log(response, slot, value, answered_at)\n"
	"  SELECT r.id, l.s, l.v, l.a FROM unnest(p_uuid, p_slot, p_value, p_at)\n"
	"    WITH ORDINALITY AS l(u, s, v, a, n) JOIN kysely.response AS r ON r.uuid = l.u\n"
	"  ORDER BY l.n ON CONFLICT DO NOTHING $f$;\n"
	"REVOKE ALL ON SCHEMA kysely FROM PUBLIC;\n"
	"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kysely FROM PUBLIC;\n"
	"DO $d$ BEGIN\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kysely_sync') THEN\n"
	"    CREATE ROLE kysely_sync NOLOGIN; END IF;\n"
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kysely_read') THEN\n"
	"    CREATE ROLE kysely_read NOLOGIN; END IF;\n"
	"END $d$;\n"
	"GRANT USAGE ON SCHEMA kysely TO kysely_sync, kysely_read;\n"
	"GRANT SELECT ON kysely.schema_migration TO kysely_sync;\n"
	"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kysely TO kysely_sync;\n"
	"GRANT SELECT ON ALL TABLES IN SCHEMA kysely TO kysely_read;\n",
	/* 2: the instances of repeats, as the SQLite store keeps them, with
	 * each instance's key below its respondent ("child[2]/visit[1]") by
	 * which push_instances finds a parent; push_instances replaces the
	 * instances of the respondents push added or replaced, one nesting
	 * level per statement so that parents are there for their children.
	 * response.instances holds a digest of a respondent's instances, so
	 * that push tells a respondent whose instances changed from one
	 * already present (push now takes the digests too). */
	"ALTER TABLE kysely.response ADD COLUMN instances text;\n"
	"CREATE TABLE kysely.repeat_instance (\n"
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  response bigint NOT NULL REFERENCES kysely.response(id) ON DELETE CASCADE,\n"
	"  parent bigint REFERENCES kysely.repeat_instance(id) ON DELETE CASCADE,\n"
	"  repeat text NOT NULL, position integer NOT NULL CHECK (position >= 1),\n"
	"  answers bytea NOT NULL, key text NOT NULL,\n"
	"  UNIQUE (response, key));\n"
	"CREATE INDEX repeat_instance_parent ON kysely.repeat_instance(parent);\n"
	"DROP FUNCTION kysely.push(bigint[], text[], text[], text[], text[], text[], bytea[],\n"
	"  text[], text[]);\n"
	"CREATE FUNCTION kysely.push(p_form bigint[], p_uuid text[], p_status text[],\n"
	"  p_started text[], p_completed text[], p_lang text[], p_answers bytea[],\n"
	"  p_attrs text[], p_updated text[], p_instances text[])\n"
	"RETURNS TABLE (uuid text, outcome text)\n"
	"LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
	"DECLARE v_added text[];\n"
	"BEGIN\n"
	"  WITH ins AS (\n"
	"    INSERT INTO kysely.response AS r (form, uuid, status, started, completed, lang,\n"
	"      answers, attrs, updated, instances)\n"
	"    SELECT i.f, i.u, i.s, i.st, i.c, i.l, i.a, i.at, i.up, i.ih\n"
	"      FROM unnest(p_form, p_uuid, p_status, p_started, p_completed, p_lang, p_answers,\n"
	"        p_attrs, p_updated, p_instances) WITH ORDINALITY AS i(f, u, s, st, c, l, a, at, up,\n"
	"        ih, n)\n"
	"      ORDER BY i.n\n"
	"    ON CONFLICT ON CONSTRAINT response_uuid_key DO NOTHING RETURNING r.uuid)\n"
	"  SELECT coalesce(array_agg(ins.uuid), '{}') INTO v_added FROM ins;\n"
	"  IF cardinality(v_added) = cardinality(p_uuid) THEN\n"
	"    RETURN QUERY SELECT a, 'added' FROM unnest(v_added) AS a; RETURN;\n"
	"  END IF;\n"
	"  RETURN QUERY\n"
	"  WITH i AS (\n"
	"    SELECT * FROM unnest(p_form, p_uuid, p_status, p_started, p_completed, p_lang,\n"
	"      p_answers, p_attrs, p_updated, p_instances) AS t(f, u, s, st, c, l, a, at, up, ih)\n"
	"    WHERE NOT t.u = ANY (v_added)),\n"
	"  judged AS (\n"
	"    SELECT i.*, CASE\n"
	"      WHEN r.form = i.f AND r.status = i.s AND r.started IS NOT DISTINCT FROM i.st\n"
	"        AND r.completed IS NOT DISTINCT FROM i.c AND r.lang IS NOT DISTINCT FROM i.l\n"
	"        AND r.answers = i.a AND r.attrs IS NOT DISTINCT FROM i.at\n"
	"        AND r.instances IS NOT DISTINCT FROM i.ih THEN 'present'\n"
	"      WHEN r.form = i.f AND r.status = 'partial'\n"
	"        AND (i.s = 'complete' OR i.up > r.updated) THEN 'replaced'\n"
	"      ELSE 'conflict' END AS o\n"
	"    FROM i JOIN kysely.response AS r ON r.uuid = i.u),\n"
	"  upd AS (\n"
	"    UPDATE kysely.response AS r SET status = j.s, started = j.st, completed = j.c,\n"
	"      lang = j.l, answers = j.a, attrs = j.at, updated = j.up, instances = j.ih,\n"
	"      received = now()\n"
	"    FROM judged AS j WHERE r.uuid = j.u AND j.o = 'replaced'),\n"
	"  con AS (\n"
	"    INSERT INTO kysely.conflict(uuid) SELECT j.u FROM judged AS j WHERE j.o = 'conflict')\n"
	"  SELECT j.u, j.o FROM judged AS j\n"
	"  UNION ALL SELECT a, 'added' FROM unnest(v_added) AS a;\n"
	"END $f$;\n"
	"CREATE FUNCTION kysely.push_instances(p_replace text[], p_uuid text[], p_key text[],\n"
	"  p_repeat text[], p_position integer[], p_answers bytea[]) RETURNS void\n"
	"LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
	"DECLARE v_depth integer;\n"
	"BEGIN\n"
	"  DELETE FROM kysely.repeat_instance AS i USING kysely.response AS r\n"
	"    WHERE i.response = r.id AND r.uuid = ANY (p_replace);\n"
	"  FOR v_depth IN SELECT DISTINCT length(k) - length(replace(k, '/', ''))\n"
	"      FROM unnest(p_key) AS k ORDER BY 1 LOOP\n"
	"    INSERT INTO kysely.repeat_instance(response, parent, repeat, position, answers, key)\n"
	"    SELECT r.id, p.id, t.rp, t.po, t.a, t.k\n"
	"      FROM unnest(p_uuid, p_key, p_repeat, p_position, p_answers)\n"
	"        WITH ORDINALITY AS t(u, k, rp, po, a, n)\n"
	"      JOIN kysely.response AS r ON r.uuid = t.u\n"
	"      LEFT JOIN kysely.repeat_instance AS p ON v_depth > 0 AND p.response = r.id\n"
	"        AND p.key = regexp_replace(t.k, '/[^/]*$', '')\n"
	"      WHERE t.u = ANY (p_replace)\n"
	"        AND length(t.k) - length(replace(t.k, '/', '')) = v_depth\n"
	"      ORDER BY t.n;\n"
	"  END LOOP;\n"
	"END $f$;\n"
	"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kysely FROM PUBLIC;\n"
	"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kysely TO kysely_sync;\n"
	"GRANT SELECT ON kysely.repeat_instance TO kysely_read;\n",
};
#define PG_SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* One number from a query without parameters. */
static int read_number(PGconn *conn, const char *display, const char *sql, int *out,
		       struct ky_error *err)
{
	PGresult *res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
	int rc = KY_OK;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		rc = pg_error(conn, res, display, "cannot read the schema version", err);
	else
		*out = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* The schema's version: 0 when there is no kysely schema yet. (Two
 * queries: a query naming a missing table fails even where not run.) */
static int read_version(PGconn *conn, const char *display, int *version, struct ky_error *err)
{
	int exists = 0, rc;

	*version = 0;
	if ((rc = read_number(conn, display, "SELECT (to_regclass('kysely.schema_migration') "
			      "IS NOT NULL)::int", &exists, err)) || !exists)
		return rc;
	return read_number(conn, display, "SELECT coalesce(max(version), 0) FROM "
			   "kysely.schema_migration", version, err);
}

static int judge_version(int version, const char *display, struct ky_error *err)
{
	if (version > PG_SCHEMA_VERSION)
		return ky_error_set(err, KY_EIO, "%s: central schema %d is newer than this kysely "
				    "knows (%d); use a newer kysely", display, version,
				    PG_SCHEMA_VERSION);
	return KY_OK;
}

int pg_schema_check(PGconn *conn, const char *display, int *out, struct ky_error *err)
{
	int version = 0, rc;

	if ((rc = read_version(conn, display, &version, err)))
		return rc;
	*out = version;
	if (version == 0)
		return ky_error_set(err, KY_EIO, "%s: no kysely store on this server yet "
				    "(kysely sync creates it)", display);
	return judge_version(version, display, err);
}

static int apply_from(PGconn *conn, const char *display, int version, struct ky_error *err)
{
	char number[16];
	const char *params[1] = { number };
	int rc = KY_OK;

	for (; version < PG_SCHEMA_VERSION && rc == KY_OK; version++) {
		PGresult *res = PQexec(conn, migrations[version]);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(conn, res, display, "cannot create the central schema", err);
		PQclear(res);
		if (rc)
			break;
		snprintf(number, sizeof number, "%d", version + 1);
		res = PQexecParams(conn, "INSERT INTO kysely.schema_migration(version) VALUES ($1)",
				   1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(conn, res, display, "cannot record a migration", err);
		PQclear(res);
	}
	return rc;
}

int pg_schema_migrate(PGconn *conn, const char *display, struct ky_error *err)
{
	struct ky_error ignored;
	int version = 0, rc;

	if ((rc = read_version(conn, display, &version, err)) ||
	    (rc = judge_version(version, display, err)) || version == PG_SCHEMA_VERSION)
		return rc;
	/* Under the lock, look again: another site may have migrated since. */
	if ((rc = pg_exec(conn, display, LOCK_SQL, err)))
		return rc;
	if (!(rc = pg_exec(conn, display, "BEGIN", err))) {
		if (!(rc = read_version(conn, display, &version, err)) &&
		    !(rc = judge_version(version, display, err)))
			rc = apply_from(conn, display, version, err);
		if (rc)
			pg_exec(conn, display, "ROLLBACK", &ignored);
		else
			rc = pg_exec(conn, display, "COMMIT", err);
	}
	pg_exec(conn, display, UNLOCK_SQL, &ignored);
	return rc;
}
