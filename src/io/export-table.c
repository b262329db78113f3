/* export-table.c - the wide responses as typed, labelled columns
 * (export-table.h). */
#include "config.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/export-table.h"
#include "store/store-repeat.h"
#include "util/mem.h"

static const char *const sav_reserved[] = {
	"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH", NULL
};
static const char *const dta_reserved[] = {
	"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
	"_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with", NULL
};

const struct export_names export_names_sav = { 64, true, true, sav_reserved };
const struct export_names export_names_dta = { 32, false, false, dta_reserved };
const struct export_names export_names_sql = { 0, true, false, NULL };

static struct xcol *add_col(struct export_table *t, const char *source_name, const char *label,
			    enum xcol_kind kind, enum xcol_source source, size_t index)
{
	struct xcol *c;

	t->col = ky_realloc(t->col, (t->n_cols + 1) * sizeof *t->col);
	c = &t->col[t->n_cols++];
	memset(c, 0, sizeof *c);
	c->source_name = ky_strdup(source_name);
	c->label = ky_strdup(label ? label : "");
	c->kind = kind;
	c->source = source;
	c->index = index;
	c->width = 1;
	c->all_numbers = true;
	c->measure = kind == XC_NUMBER ? XM_SCALE : XM_NOMINAL;
	return c;
}

/* Codes of a list: the choices' own numbers when each has a distinct
 * whole one (a Likert list keeps 1..5), else 1..n in list order. */
static void list_codes(struct xcol *c, const struct form *form, int lang, const struct form_list *l)
{
	bool own = l->n_choices > 0;

	for (size_t k = 0; k < l->n_choices && own; k++) {
		const struct form_choice *ch = &l->choices[k];
		own = ch->has_value && ch->value == floor(ch->value) && fabs(ch->value) < 1e9;
		for (size_t j = 0; j < k && own; j++)
			own = l->choices[j].value != ch->value;
	}
	c->n_codes = l->n_choices;
	c->codes = ky_calloc(l->n_choices + 1, sizeof *c->codes);
	c->code_labels = ky_calloc(l->n_choices + 1, sizeof *c->code_labels);
	for (size_t k = 0; k < l->n_choices; k++) {
		const char *label = form_text_get(form, &l->choices[k].label, lang);
		c->codes[k] = own ? l->choices[k].value : (double)(k + 1);
		c->code_labels[k] = ky_strdup(*label ? label : l->choices[k].name);
	}
	c->measure = own ? XM_ORDINAL : XM_NOMINAL;
	c->code_set = ky_strdup(l->name);
}

static size_t *choice_lengths(const struct form_list *l)
{
	size_t *len = ky_calloc(l->n_choices + 1, sizeof *len);
	for (size_t k = 0; k < l->n_choices; k++)
		len[k] = strlen(l->choices[k].name);
	return len;
}

static void add_question(struct export_table *t, const struct form_question *q)
{
	const char *label = form_text_get(t->form, &q->label, t->lang);
	struct xcol *c;

	if (q->type == FQ_SELECT_MULTIPLE && q->list) {
		for (size_t k = 0; k < q->list->n_choices; k++) {
			const struct form_choice *ch = &q->list->choices[k];
			const char *cl = form_text_get(t->form, &ch->label, t->lang);
			char *name = ky_asprintf("%s_%s", q->column, ch->name);
			char *vl = ky_asprintf("%s: %s", *label ? label : q->name, *cl ? cl : ch->name);
			c = add_col(t, name, vl, XC_OPTION, XS_SLOT, (size_t)q->slot);
			c->q = q;
			c->option = ch;
			c->choice_index = k;
			c->choice_len = choice_lengths(q->list);
			free(name);
			free(vl);
		}
		return;
	}
	if (q->type == FQ_SELECT_ONE && q->list) {
		c = add_col(t, q->column, label, XC_CODE, XS_SLOT, (size_t)q->slot);
		list_codes(c, t->form, t->lang, q->list);
		c->choice_len = choice_lengths(q->list);
	} else if (q->type == FQ_DATE || q->type == FQ_TODAY) {
		c = add_col(t, q->column, label, XC_DATE, XS_SLOT, (size_t)q->slot);
		c->measure = XM_SCALE;
	} else {
		c = add_col(t, q->column, label, form_qtype_numeric(q->type) ? XC_NUMBER : XC_TEXT,
			    XS_SLOT, (size_t)q->slot);
	}
	c->q = q;
}

struct export_table *export_table_create(const struct form *form, int lang,
					 const char *const *attr_names, size_t n_attrs,
					 const struct export_names *names)
{
	struct export_table *t = ky_calloc(1, sizeof *t);

	t->form = form;
	t->repeat = -1;
	t->lang = lang >= 0 ? lang : form->default_lang_index;
	t->names = names;
	t->chosen_slot = SIZE_MAX;
	for (size_t i = 0; i < FORM_N_RESPONSE_COLUMNS; i++)
		add_col(t, form_response_columns[i], form_response_columns[i], XC_TEXT, XS_META, i);
	for (size_t s = 0; s < form->n_slots; s++)
		if (form->questions[form->slot_question[s]].repeat < 0)   /* a repeat's: its own table */
			add_question(t, &form->questions[form->slot_question[s]]);
	for (size_t i = 0; i < n_attrs; i++)
		add_col(t, attr_names[i], attr_names[i], XC_TEXT, XS_ATTR, i);
	return t;
}

struct export_table *export_table_create_repeat(const struct form *form, int rq, int lang,
						const struct export_names *names)
{
	static const char *const keys[] = { "respondent", "parent", "key" };
	struct export_table *t = ky_calloc(1, sizeof *t);

	t->form = form;
	t->repeat = rq;
	t->lang = lang >= 0 ? lang : form->default_lang_index;
	t->names = names;
	t->chosen_slot = SIZE_MAX;
	for (size_t i = 0; i < 3; i++)
		add_col(t, keys[i], keys[i], XC_TEXT, XS_META, i);
	for (size_t s = 0; s < form->n_slots; s++)
		if (form->questions[form->slot_question[s]].repeat == rq)
			add_question(t, &form->questions[form->slot_question[s]]);
	return t;
}

void export_table_add_derived(struct export_table *t, const char *name, const char *label,
			      enum xcol_measure measure, const double *values,
			      const double *codes, const char *const *labels, size_t n_codes,
			      const char *set_name)
{
	struct xcol *c = add_col(t, name, label, XC_DERIVED, XS_DERIVED, 0);

	c->measure = measure;
	c->derived = values;
	if (!n_codes)
		return;
	c->n_codes = n_codes;
	c->codes = ky_calloc(n_codes, sizeof *c->codes);
	c->code_labels = ky_calloc(n_codes, sizeof *c->code_labels);
	for (size_t k = 0; k < n_codes; k++) {
		c->codes[k] = codes[k];
		c->code_labels[k] = ky_strdup(labels[k]);
	}
	c->code_set = ky_strdup(set_name);
}

void export_table_destroy(struct export_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cols; i++) {
		struct xcol *c = &t->col[i];
		for (size_t k = 0; k < c->n_codes; k++)
			free(c->code_labels[k]);
		free(c->code_labels);
		free(c->codes);
		free(c->code_set);
		free(c->choice_len);
		free(c->name);
		free(c->source_name);
		free(c->label);
	}
	free(t->col);
	free(t->num_buf);
	free(t->chosen);
	free(t);
}

static const char *meta_field(const struct store_response *r, size_t i)
{
	const char *v[FORM_N_RESPONSE_COLUMNS] = { r->uuid, r->status, r->started, r->completed,
						   r->lang };
	return i < FORM_N_RESPONSE_COLUMNS ? v[i] : NULL;
}

/* The raw text of a column's source in this row (NULL: empty). */
static const char *source_text(const struct export_table *t, const struct xcol *c,
			       const struct store_response *r, const char *const *attrs,
			       const struct record_view *views, size_t *len)
{
	const char *s = NULL;

	switch (c->source) {
	case XS_META: s = t->repeat < 0 ? meta_field(r, c->index) : attrs[c->index]; break;
	case XS_ATTR: s = attrs[c->index]; break;
	case XS_SLOT:
		*len = views[c->index].len;
		return views[c->index].ptr && views[c->index].len ? views[c->index].ptr : NULL;
	case XS_DERIVED: break;
	}
	*len = s ? strlen(s) : 0;
	return s && *s ? s : NULL;
}

static bool parse_number(struct export_table *t, const char *s, size_t len, double *out)
{
	if (len + 1 > t->num_cap) {
		t->num_cap = len + 64;
		t->num_buf = ky_realloc(t->num_buf, t->num_cap);
	}
	memcpy(t->num_buf, s, len);
	t->num_buf[len] = '\0';
	return form_parse_number(t->num_buf, out);
}

/* A number that stays the same text when read back: not a code with a
 * leading zero (a postcode 00100, a site 007) or a '+'. */
static bool plain_number(struct export_table *t, const char *s, size_t len, double *out)
{
	size_t i = s[0] == '-';

	if (s[0] == '+' || (i + 1 < len && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9'))
		return false;
	return parse_number(t, s, len, out);
}

/* Columns whose type the values decide: attributes and calculations. */
static bool typed_by_values(const struct xcol *c)
{
	return c->source == XS_ATTR
		|| (c->source == XS_SLOT && (c->q->type == FQ_CALCULATE || c->q->type == FQ_HIDDEN));
}

void export_table_measure(struct export_table *t, const struct store_response *r,
			  const char *const *attrs, const struct record_view *views)
{
	t->n_rows++;
	for (size_t i = 0; i < t->n_cols; i++) {
		struct xcol *c = &t->col[i];
		size_t len;
		double x;
		if (c->kind != XC_TEXT)
			continue;
		const char *s = source_text(t, c, r, attrs, views, &len);
		if (!s)
			continue;
		if (len > c->width)
			c->width = len;
		if (c->all_numbers && typed_by_values(c))
			c->all_numbers = plain_number(t, s, len, &x);
	}
}

static bool reserved(const struct export_names *rules, const char *name)
{
	for (size_t k = 0; rules->reserved && rules->reserved[k]; k++)
		if (rules->case_insensitive ? !strcasecmp(name, rules->reserved[k])
		    : !strcmp(name, rules->reserved[k]))
			return true;
	/* Stata's str1 ... str2045 are type names */
	return !rules->case_insensitive && !rules->allow_dot && rules->max_bytes &&
	       !strncmp(name, "str", 3) && name[3] && strspn(name + 3, "0123456789") == strlen(name + 3);
}

static bool name_taken(const struct export_table *t, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++)
		if (t->names->case_insensitive ? !strcasecmp(t->col[i].name, name)
		    : !strcmp(t->col[i].name, name))
			return true;
	return false;
}

/* ASCII letters, digits and '_' (a letter first for SPSS, which does not
 * start a name with '_'), cut to the format's length, never a reserved
 * word, then made unique with _2, _3... */
static char *legal_name(const struct export_table *t, size_t i, const char *source)
{
	const struct export_names *rules = t->names;
	size_t max = rules->max_bytes ? rules->max_bytes : strlen(source) + 16;
	char *base = ky_calloc(max + 2, 1), *name;
	size_t n = 0;

	if (!isalpha((unsigned char)source[0]) && !(source[0] == '_' && !rules->allow_dot))
		base[n++] = 'v';
	for (const char *p = source; *p && n < max; p++)
		base[n++] = isalnum((unsigned char)*p) || *p == '_' ? *p : '_';
	if (reserved(rules, base) && n < max)
		base[n++] = '_';
	else if (reserved(rules, base))
		base[0] = 'v';
	name = ky_strdup(base);
	for (unsigned k = 2; name_taken(t, i, name); k++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof suffix, "_%u", k);
		size_t keep = n + (size_t)sl > max ? max - (size_t)sl : n;
		free(name);
		name = ky_asprintf("%.*s%s", (int)keep, base, suffix);
	}
	free(base);
	return name;
}

void export_table_finish(struct export_table *t)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		struct xcol *c = &t->col[i];
		if (c->kind == XC_TEXT && typed_by_values(c) && c->all_numbers && t->n_rows) {
			c->kind = XC_NUMBER;
			c->measure = XM_SCALE;
		}
		c->name = legal_name(t, i, c->source_name);
	}
}

/* The values that say when something happened, as the CSV export
 * coarsens them: started, completed, the start and end metadata and
 * datetime answers. */
static bool is_stamp(const struct export_table *t, const struct xcol *c)
{
	if (c->source == XS_META)
		return t->repeat < 0 && (c->index == 2 || c->index == 3);
	return c->source == XS_SLOT &&
	       (c->q->type == FQ_START || c->q->type == FQ_END || c->q->type == FQ_DATETIME);
}

/* The index of the choice named s (len bytes) in c's list, -1 if none. */
static long choice_index(const struct xcol *c, const char *s, size_t len)
{
	const struct form_list *l = c->q->list;

	for (size_t k = 0; k < l->n_choices; k++)
		if (c->choice_len[k] == len && !memcmp(l->choices[k].name, s, len))
			return (long)k;
	return -1;
}

static double choice_code(const struct xcol *c, const char *s, size_t len)
{
	long k = choice_index(c, s, len);
	return k < 0 ? NAN : c->codes[k];   /* not a choice: analyze leaves it out too */
}

/* Whether option column c's choice is among the space-separated names s
 * (len bytes); the answer is split once for all its option columns. */
static bool option_chosen(struct export_table *t, const struct xcol *c, size_t row, const char *s,
			  size_t len)
{
	size_t n = c->q->list->n_choices;

	if (t->chosen_row != row || t->chosen_slot != c->index) {
		if (n > t->chosen_cap) {
			t->chosen_cap = n;
			t->chosen = ky_realloc(t->chosen, n);
		}
		memset(t->chosen, 0, n);
		for (size_t i = 0, j; i < len; i = j + 1) {
			for (j = i; j < len && s[j] != ' '; j++)
				;
			long k = choice_index(c, s + i, j - i);
			if (k >= 0)
				t->chosen[k] = 1;
		}
		t->chosen_row = row;
		t->chosen_slot = c->index;
	}
	return t->chosen[c->choice_index];
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (Howard Hinnant's
 * days_from_civil); NaN when s is not one. */
static double date_days(const char *s, size_t len)
{
	char buf[11];
	int y, m, d;

	if (len != 10)
		return NAN;
	memcpy(buf, s, 10);
	buf[10] = '\0';
	if (!form_is_date(buf) || sscanf(buf, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return NAN;
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (double)era * 146097 + doe - 719468;
}

void export_table_cell(struct export_table *t, size_t ci, size_t row, const struct store_response *r,
		       const char *const *attrs, const struct record_view *views,
		       const char **text, size_t *len, double *num)
{
	const struct xcol *c = &t->col[ci];
	const char *s;

	*text = NULL;
	*len = 0;
	*num = NAN;
	if (c->kind == XC_DERIVED) {
		*num = c->derived[row];
		return;
	}
	s = source_text(t, c, r, attrs, views, len);
	if (c->kind == XC_TEXT) {
		*text = s;
		if (s && t->coarsen != COARSEN_NONE && is_stamp(t, c)) {
			size_t n = coarsen_time(s, *len, t->coarsen, t->coarse, sizeof t->coarse);
			if (n) {
				*text = t->coarse;
				*len = n;
			}
		}
		return;
	}
	if (!s)
		return;
	if (c->kind == XC_NUMBER && !parse_number(t, s, *len, num))
		*num = NAN;
	else if (c->kind == XC_CODE)
		*num = choice_code(c, s, *len);
	else if (c->kind == XC_OPTION)
		*num = option_chosen(t, c, row, s, *len);
	else if (c->kind == XC_DATE)
		*num = date_days(s, *len);
	*len = 0;
}

const char *export_table_raw(const struct export_table *t, size_t c, const struct store_response *r,
			     const char *const *attrs, const struct record_view *views, size_t *len)
{
	return source_text(t, &t->col[c], r, attrs, views, len);
}

const char *export_table_code_label(const struct xcol *c, double v)
{
	for (size_t k = 0; k < c->n_codes; k++)
		if (c->codes[k] == v)
			return c->code_labels[k];
	return NULL;
}

struct table_scan {
	struct export_table *t;
	struct record_view *views;
	const char *db_path;
	struct ky_error *err;
	export_row_fn row_fn;      /* NULL: the measure pass */
	void *ctx;
	size_t row;
	struct store *s;           /* a repeat's table: its instances, by response */
	struct answer_tree tree;
};

static int scan_row(struct table_scan *sc, const struct store_response *r, const char *const *attrs)
{
	if (!sc->row_fn) {
		export_table_measure(sc->t, r, attrs, sc->views);
		return 0;
	}
	return sc->row_fn(sc->ctx, sc->row++, r, attrs, sc->views);
}

static int scan_one(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct table_scan *sc = ctx;

	if (record_decode(r->answers, r->answers_len, sc->views, sc->t->form->n_slots))
		return ky_error_set(sc->err, KY_EIO, "%s: respondent '%s': stored answers are damaged",
				    sc->db_path, r->uuid);
	return scan_row(sc, r, attrs);
}

/* One instance of a repeat's table as a row: attrs respondent, parent,
 * key (as the CSV file of the repeat has them), views its answers. */
static int scan_instance(struct table_scan *sc, const struct store_response *r, int k)
{
	const struct form *f = sc->t->form;
	const struct tree_instance *in = &sc->tree.inst[k];
	char *key = tree_key(&sc->tree, k), *full = ky_asprintf("%s/%s", r->uuid, key);
	char *pkey = in->parent >= 0 ? tree_key(&sc->tree, in->parent) : NULL;
	char *pfull = pkey ? ky_asprintf("%s/%s", r->uuid, pkey) : NULL;
	const char *attrs[3] = { r->uuid, pfull ? pfull : "", full };
	int rc;

	for (size_t s = 0; s < f->n_slots; s++) {
		sc->views[s].ptr = in->values[s];
		sc->views[s].len = in->values[s] ? strlen(in->values[s]) : 0;
	}
	rc = scan_row(sc, r, attrs);
	free(pfull);
	free(pkey);
	free(full);
	free(key);
	return rc;
}

static int scan_instances(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct table_scan *sc = ctx;
	int *order, rc;
	size_t n, i;

	(void)attrs;
	if ((rc = store_tree_load(sc->s, r->id, &sc->tree, sc->err)))
		return rc;
	order = ky_calloc(sc->tree.n_inst + 1, sizeof *order);
	n = tree_document_order(&sc->tree, order);
	for (i = 0; !rc && i < n; i++)
		if (sc->tree.inst[order[i]].repeat == sc->t->repeat)
			rc = scan_instance(sc, r, order[i]);
	free(order);
	return rc;
}

static int run_scan(struct table_scan *sc, struct store *s, int64_t form_pk,
		    const char *const *attr_names, size_t n_attrs)
{
	int rc;

	sc->views = ky_calloc(sc->t->form->n_slots + 1, sizeof *sc->views);
	if (sc->t->repeat < 0) {
		rc = store_scan(s, form_pk, attr_names, n_attrs, scan_one, sc, sc->err);
	} else {
		sc->s = s;
		tree_init(&sc->tree, sc->t->form);
		rc = store_scan(s, form_pk, NULL, 0, scan_instances, sc, sc->err);
		tree_release(&sc->tree);
	}
	free(sc->views);
	return rc;
}

int export_table_measure_all(struct export_table *t, struct store *s, int64_t form_pk,
			     const char *const *attr_names, size_t n_attrs, const char *db_path,
			     struct ky_error *err)
{
	struct table_scan sc = { .t = t, .db_path = db_path, .err = err };
	int rc = run_scan(&sc, s, form_pk, attr_names, n_attrs);

	if (!rc)
		export_table_finish(t);
	return rc;
}

int export_table_scan(struct export_table *t, struct store *s, int64_t form_pk,
		      const char *const *attr_names, size_t n_attrs, const char *db_path,
		      export_row_fn row_fn, void *ctx, struct ky_error *err)
{
	struct table_scan sc = { .t = t, .db_path = db_path, .err = err, .row_fn = row_fn,
				 .ctx = ctx };

	return run_scan(&sc, s, form_pk, attr_names, n_attrs);
}
