/* export-sqlite.c - the plain SQLite copy (export-sqlite.h). */
#include "config.h"
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/export-sqlite.h"
#include "io/sql-build.h"
#include "util/mem.h"

static const char *const fixed_tables[] = {
	"CREATE TABLE variables (position INTEGER, name TEXT, source TEXT, type TEXT, list TEXT, "
	"choice TEXT)",
	"CREATE TABLE variable_labels (name TEXT, lang TEXT, label TEXT)",
	"CREATE TABLE choices (list TEXT, choice TEXT, position INTEGER, value REAL, score REAL, "
	"dont_know INTEGER)",
	"CREATE TABLE choice_labels (list TEXT, choice TEXT, lang TEXT, label TEXT)",
};

struct sql_writer {
	struct export_table *t;
	sqlite3 *db;
	sqlite3_stmt *insert;
	const char *out_path;
	struct ky_error *err;
};

static int db_error(struct sql_writer *w, const char *what)
{
	return ky_error_set(w->err, KY_EIO, "%s: %s: %s", w->out_path, what, sqlite3_errmsg(w->db));
}

static bool is_flag(const struct xcol *c)
{
	return c->kind == XC_OPTION ||
	       (c->kind == XC_DERIVED && c->n_codes == 2 && c->codes[0] == 0 && c->codes[1] == 1);
}

static const char *sql_type(const struct xcol *c)
{
	if (c->kind == XC_TEXT || c->kind == XC_CODE || c->kind == XC_DATE ||
	    (c->kind == XC_DERIVED && c->n_codes && !is_flag(c)))
		return " TEXT";
	if (is_flag(c) || (c->kind == XC_NUMBER && c->q && c->q->type == FQ_INTEGER))
		return " INTEGER";
	return " REAL";
}

static void append_type(struct sql_build *b, const struct xcol *c)
{
	const char *type = sql_type(c);

	if (!strcmp(type, " TEXT"))
		sql_lit(b, " TEXT");
	else if (!strcmp(type, " INTEGER"))
		sql_lit(b, " INTEGER");
	else
		sql_lit(b, " REAL");
}

/* The data table's name: the form id, unless a fixed table has it. */
static char *data_table_name(const struct export_table *t)
{
	static const char *const taken[] = { "variables", "variable_labels", "choices", "choice_labels" };
	for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
		if (!strcmp(t->form->form_id, taken[i]))
			return ky_asprintf("%s_responses", t->form->form_id);
	return ky_strdup(t->form->form_id);
}

static int exec_built(struct sql_writer *w, struct sql_build *b, const char *what)
{
	int rc = sqlite3_exec(w->db, sql_text(b), NULL, NULL, NULL);
	sql_build_release(b);
	return rc == SQLITE_OK ? KY_OK : db_error(w, what);
}

/* w->t's table named table, its column key the primary key, and
 * w->insert for its rows. */
static int create_data_table(struct sql_writer *w, const char *table, size_t key)
{
	struct sql_build b = { 0 }, ins = { 0 };
	int rc;

	sql_lit(&b, "CREATE TABLE ");
	sql_ident(&b, table);
	sql_lit(&b, " (");
	sql_lit(&ins, "INSERT INTO ");
	sql_ident(&ins, table);
	sql_lit(&ins, " VALUES (");
	for (size_t i = 0; i < w->t->n_cols; i++) {
		const struct xcol *c = &w->t->col[i];
		if (i) {
			sql_lit(&b, ", ");
			sql_lit(&ins, ", ");
		}
		sql_ident(&b, c->name);
		append_type(&b, c);
		if (i == key)
			sql_lit(&b, " PRIMARY KEY");
		sql_lit(&ins, "?");
	}
	sql_lit(&b, ")");
	sql_lit(&ins, ")");
	rc = exec_built(w, &b, "cannot create the responses table");
	if (!rc && sqlite3_prepare_v2(w->db, sql_text(&ins), -1, &w->insert, NULL) != SQLITE_OK)
		rc = db_error(w, "cannot prepare the rows");
	sql_build_release(&ins);
	return rc;
}

static int create_tables(struct sql_writer *w, const char *table)
{
	for (size_t i = 0; i < sizeof fixed_tables / sizeof fixed_tables[0]; i++)
		if (sqlite3_exec(w->db, fixed_tables[i], NULL, NULL, NULL) != SQLITE_OK)
			return db_error(w, "cannot create the label tables");
	return create_data_table(w, table, 0);
}

static int bind_text_or_null(sqlite3_stmt *st, int at, const char *s)
{
	return s && *s ? sqlite3_bind_text(st, at, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, at);
}

static int step_reset(struct sql_writer *w, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? KY_OK : db_error(w, what);
}

static const char *source_type(const struct xcol *c)
{
	if (c->source == XS_META)
		return "meta";
	if (c->source == XS_ATTR)
		return "attribute";
	if (c->source == XS_DERIVED)
		return "derived";
	return form_qtype_name(c->q->type);
}

static int variable_rows(struct sql_writer *w)
{
	static const char *const sql[] = {
		"INSERT INTO variables VALUES (?, ?, ?, ?, ?, ?)",
		"INSERT INTO variable_labels VALUES (?, ?, ?)",
	};
	const struct form *f = w->t->form;
	sqlite3_stmt *var = NULL, *lab = NULL;
	int rc = KY_OK;

	if (sqlite3_prepare_v2(w->db, sql[0], -1, &var, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db, sql[1], -1, &lab, NULL) != SQLITE_OK)
		rc = db_error(w, "cannot prepare the variables");
	for (size_t i = 0; i < w->t->n_cols && !rc; i++) {
		const struct xcol *c = &w->t->col[i];
		sqlite3_bind_int64(var, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(var, 2, c->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(var, 3, c->q ? c->q->column : c->source_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(var, 4, source_type(c), -1, SQLITE_STATIC);
		bind_text_or_null(var, 5, c->q && c->q->list ? c->q->list->name : NULL);
		bind_text_or_null(var, 6, c->option ? c->option->name : NULL);
		rc = step_reset(w, var, "cannot write the variables");
		/* a question's label in every language; others the one label */
		for (size_t k = 0; !rc && k < (c->q ? f->n_langs : 1); k++) {
			const char *text = !c->q ? c->label : c->q->label.by_lang ? c->q->label.by_lang[k] : NULL;
			if (c->q && c->kind == XC_OPTION)
				text = k == (size_t)w->t->lang ? c->label : NULL;
			if (!text || !*text)
				continue;
			sqlite3_bind_text(lab, 1, c->name, -1, SQLITE_STATIC);
			bind_text_or_null(lab, 2, c->q ? f->langs[k].code : NULL);
			sqlite3_bind_text(lab, 3, text, -1, SQLITE_STATIC);
			rc = step_reset(w, lab, "cannot write the labels");
		}
	}
	sqlite3_finalize(var);
	sqlite3_finalize(lab);
	return rc;
}

static int choice_row(struct sql_writer *w, sqlite3_stmt *ch, sqlite3_stmt *lab,
		      const struct form_list *l, size_t k)
{
	const struct form_choice *c = &l->choices[k];
	const struct form *f = w->t->form;
	int rc;

	sqlite3_bind_text(ch, 1, l->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(ch, 2, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ch, 3, (sqlite3_int64)k + 1);
	if (c->has_value)
		sqlite3_bind_double(ch, 4, c->value);
	if (c->has_score)
		sqlite3_bind_double(ch, 5, c->score);
	sqlite3_bind_int(ch, 6, c->dont_know);
	rc = step_reset(w, ch, "cannot write the choices");
	for (size_t i = 0; !rc && i < f->n_langs; i++) {
		if (!c->label.by_lang || !c->label.by_lang[i])
			continue;
		sqlite3_bind_text(lab, 1, l->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(lab, 2, c->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(lab, 3, f->langs[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(lab, 4, c->label.by_lang[i], -1, SQLITE_STATIC);
		rc = step_reset(w, lab, "cannot write the choice labels");
	}
	return rc;
}

static int choice_rows(struct sql_writer *w)
{
	static const char *const sql[] = {
		"INSERT INTO choices VALUES (?, ?, ?, ?, ?, ?)",
		"INSERT INTO choice_labels VALUES (?, ?, ?, ?)",
	};
	const struct form *f = w->t->form;
	sqlite3_stmt *ch = NULL, *lab = NULL;
	int rc = KY_OK;

	if (sqlite3_prepare_v2(w->db, sql[0], -1, &ch, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db, sql[1], -1, &lab, NULL) != SQLITE_OK)
		rc = db_error(w, "cannot prepare the choices");
	for (size_t l = 0; l < f->n_lists && !rc; l++)
		for (size_t k = 0; k < f->lists[l].n_choices && !rc; k++)
			rc = choice_row(w, ch, lab, &f->lists[l], k);
	sqlite3_finalize(ch);
	sqlite3_finalize(lab);
	return rc;
}

static void bind_cell(struct sql_writer *w, size_t i, size_t row, const struct store_response *r,
		      const char *const *attrs, const struct record_view *views)
{
	const struct xcol *c = &w->t->col[i];
	const char *text;
	size_t len;
	double x;
	int at = (int)i + 1;

	if (c->kind == XC_CODE || c->kind == XC_DATE) {   /* as written: SQLite's dates are text */
		text = export_table_raw(w->t, i, r, attrs, views, &len);
		if (text)
			sqlite3_bind_text(w->insert, at, text, (int)len, SQLITE_TRANSIENT);
		return;
	}
	export_table_cell(w->t, i, row, r, attrs, views, &text, &len, &x);
	if (c->kind == XC_TEXT) {
		if (text)
			sqlite3_bind_text(w->insert, at, text, (int)len, SQLITE_TRANSIENT);
	} else if (isnan(x)) {
		return;
	} else if (!strcmp(sql_type(c), " TEXT")) {
		sqlite3_bind_text(w->insert, at, export_table_code_label(c, x), -1, SQLITE_STATIC);
	} else if (!strcmp(sql_type(c), " INTEGER") && x == floor(x)) {
		sqlite3_bind_int64(w->insert, at, (sqlite3_int64)x);
	} else {
		sqlite3_bind_double(w->insert, at, x);
	}
}

static int insert_row(void *ctx, size_t row, const struct store_response *r,
		      const char *const *attrs, const struct record_view *views)
{
	struct sql_writer *w = ctx;

	for (size_t i = 0; i < w->t->n_cols; i++)
		bind_cell(w, i, row, r, attrs, views);
	return step_reset(w, w->insert, "cannot write a row");
}

/* ---- a table per repeat: its instances, keyed as repeat-files.h's ---- */

/* The repeat's name, unless a table has it already. */
static char *repeat_table_name(const struct form *f, int rq, const char *main_table)
{
	static const char *const taken[] = { "variables", "variable_labels", "choices", "choice_labels" };
	const char *name = f->questions[rq].name;
	bool clash = !strcasecmp(name, main_table);

	for (size_t i = 0; i < sizeof taken / sizeof taken[0] && !clash; i++)
		clash = !strcasecmp(name, taken[i]);
	return clash ? ky_asprintf("%s_repeat", name) : ky_strdup(name);
}

/* Repeat rq's table: measured in one pass over the store, written in a
 * second, as the responses' table is. */
static int repeat_table(struct sql_writer *w, int rq, const char *main_table, struct store *s,
			int64_t form_pk, const char *db_path)
{
	struct export_table *main_t = w->t, *rt;
	char *name = repeat_table_name(main_t->form, rq, main_table);
	int rc;

	rt = export_table_create_repeat(main_t->form, rq, main_t->lang, main_t->names);
	rt->coarsen = main_t->coarsen;
	if (!(rc = export_table_measure_all(rt, s, form_pk, NULL, 0, db_path, w->err))) {
		sqlite3_finalize(w->insert);
		w->insert = NULL;
		w->t = rt;
		if (!(rc = create_data_table(w, name, 2)))
			rc = export_table_scan(rt, s, form_pk, NULL, 0, db_path, insert_row, w,
					       w->err);
		w->t = main_t;
	}
	export_table_destroy(rt);
	free(name);
	return rc;
}

static int fill(struct sql_writer *w, struct store *s, int64_t form_pk,
		const char *const *attr_names, size_t n_attrs, const char *db_path)
{
	char *table = data_table_name(w->t);
	int rc;

	/* a new file written once: no journal; safe-output syncs and renames it */
	/* the respondent key's index of a million random ids outgrows the
	 * default 2 MB page cache: 64 MB keeps its pages in memory */
	if (sqlite3_exec(w->db, "PRAGMA journal_mode = OFF", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(w->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(w->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		free(table);
		return db_error(w, "cannot start writing");
	}
	rc = create_tables(w, table);
	if (!rc)
		rc = variable_rows(w);
	if (!rc)
		rc = choice_rows(w);
	if (!rc)
		rc = export_table_scan(w->t, s, form_pk, attr_names, n_attrs, db_path, insert_row, w,
				       w->err);
	for (size_t i = 0; !rc && i < w->t->form->n_repeats; i++)
		rc = repeat_table(w, w->t->form->repeats[i], table, s, form_pk, db_path);
	if (!rc && sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(w, "cannot commit");
	free(table);
	return rc;
}

int export_sqlite_write(struct export_table *t, const char *db_file, struct store *s,
			int64_t form_pk, const char *const *attr_names, size_t n_attrs,
			const char *db_path, const char *out_path, struct ky_error *err)
{
	struct sql_writer w = { .t = t, .out_path = out_path, .err = err };
	int rc;

	if (sqlite3_open_v2(db_file, &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK) {
		rc = db_error(&w, "cannot open");
		sqlite3_close(w.db);
		return rc;
	}
	rc = fill(&w, s, form_pk, attr_names, n_attrs, db_path);
	sqlite3_finalize(w.insert);
	if (sqlite3_close(w.db) != SQLITE_OK && !rc)
		rc = ky_error_set(err, KY_EIO, "%s: cannot close", out_path);
	return rc;
}
