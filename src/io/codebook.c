/* codebook.c - the data dictionary as CSV (codebook.h). */
#include "config.h"
#include <string.h>
#include "io/codebook.h"
#include "io/export-table.h"
#include "util/mem.h"


static void header_per_lang(struct csvwrite *w, const struct form *form, int lang,
			    const char *base)
{
	size_t i;
	if (lang >= 0) {
		csvwrite_text(w, base);
		return;
	}
	for (i = 0; i < form->n_langs; i++) {
		char *name = ky_asprintf("%s::%s", base, form->langs[i].code);
		csvwrite_text(w, name);
		free(name);
	}
}

static void text_per_lang(struct csvwrite *w, const struct form *form, int lang,
			  const struct form_text *t)
{
	size_t i;
	if (lang >= 0) {
		csvwrite_text(w, t ? form_text_get(form, t, lang) : "");
		return;
	}
	for (i = 0; i < form->n_langs; i++)
		csvwrite_text(w, t && t->by_lang ? t->by_lang[i] : NULL);
}

static void optional_number(struct csvwrite *w, bool has, double v)
{
	if (has)
		csvwrite_number(w, v);
	else
		csvwrite_empty(w);
}

static const char *need_role_name(enum form_need_role role)
{
	return role == FN_IMPORTANCE ? "importance" : role == FN_COMPETENCE ? "competence" : NULL;
}

/* The column of a typed export that holds this row's variable (and
 * choice, for a select_multiple's option); NULL when none does. */
static const struct xcol *table_column(const struct export_table *t, const char *variable,
				       const struct form_question *q, const struct form_choice *c)
{
	for (size_t i = 0; t && i < t->n_cols; i++) {
		const struct xcol *x = &t->col[i];
		if (q ? x->q == q && (x->kind != XC_OPTION || x->option == c)
		    : x->source != XS_SLOT && !strcmp(x->source_name, variable))
			return x;
	}
	return NULL;
}

/* With a typed export: the variable's name in the file and the choice's code. */
static void write_mapping(struct csvwrite *w, const struct export_table *t, const char *variable,
			  const struct form_question *q, const struct form_choice *c)
{
	const struct xcol *x = table_column(t, variable, q, c);

	if (!t)
		return;
	csvwrite_text(w, x ? x->name : NULL);
	if (x && x->kind == XC_CODE && c)
		csvwrite_number(w, x->codes[c - q->list->choices]);
	else
		csvwrite_empty(w);
}

/* One row; q may be NULL (meta, attribute), c NULL (no choice). */
static void write_row(struct csvwrite *w, const struct form *form, int lang, const char *variable,
		      const char *type, const struct form_question *q, const struct form_choice *c,
		      const struct export_table *t)
{
	csvwrite_text(w, variable);
	csvwrite_text(w, type);
	csvwrite_text(w, q && q->list ? q->list->name : NULL);
	text_per_lang(w, form, lang, q ? &q->label : NULL);
	csvwrite_text(w, c ? c->name : NULL);
	text_per_lang(w, form, lang, c ? &c->label : NULL);
	optional_number(w, c && c->has_value, c ? c->value : 0);
	optional_number(w, c && c->has_score, c ? c->score : 0);
	csvwrite_text(w, q ? q->scale : NULL);
	if (q && q->scale)
		csvwrite_int(w, q->reverse);
	else
		csvwrite_empty(w);
	csvwrite_text(w, q ? q->domain : NULL);
	csvwrite_text(w, q ? q->need_topic : NULL);
	csvwrite_text(w, q ? need_role_name(q->need_role) : NULL);
	csvwrite_text(w, q ? q->relevant_src : NULL);
	csvwrite_text(w, q ? q->constraint_src : NULL);
	csvwrite_text(w, q ? q->required_src : NULL);
	write_mapping(w, t, variable, q, c);
	csvwrite_end_row(w);
}

/* A derived column of the export (--derived): its label in every label
 * column, one row per value label. */
static void write_derived(struct csvwrite *w, const struct form *form, int lang,
			  const struct xcol *x)
{
	size_t n_label = lang >= 0 ? 1 : form->n_langs;

	for (size_t k = 0; k < (x->n_codes ? x->n_codes : 1); k++) {
		csvwrite_text(w, x->source_name);
		csvwrite_text(w, "derived");
		csvwrite_empty(w);
		for (size_t i = 0; i < n_label; i++)
			csvwrite_text(w, x->label);
		csvwrite_text(w, x->n_codes ? x->code_labels[k] : NULL);
		for (size_t i = 0; i < n_label; i++)
			csvwrite_text(w, x->n_codes ? x->code_labels[k] : NULL);
		for (size_t i = 0; i < 10; i++)
			csvwrite_empty(w);
		csvwrite_text(w, x->name);
		if (x->n_codes)
			csvwrite_number(w, x->codes[k]);
		else
			csvwrite_empty(w);
		csvwrite_end_row(w);
	}
}

void codebook_write(struct csvwrite *w, const struct form *form, int lang,
		    const char *const *attr_names, size_t n_attrs)
{
	codebook_write_table(w, form, lang, attr_names, n_attrs, NULL);
}

void codebook_write_table(struct csvwrite *w, const struct form *form, int lang,
			  const char *const *attr_names, size_t n_attrs,
			  const struct export_table *t)
{
	static const char *const tail[] = { "value", "score", "scale", "reverse", "domain",
					    "need_topic", "need_role", "relevant", "constraint",
					    "required" };
	size_t i, s;

	csvwrite_text(w, "variable");
	csvwrite_text(w, "type");
	csvwrite_text(w, "list");
	header_per_lang(w, form, lang, "label");
	csvwrite_text(w, "choice");
	header_per_lang(w, form, lang, "choice_label");
	for (i = 0; i < sizeof tail / sizeof tail[0]; i++)
		csvwrite_text(w, tail[i]);
	if (t) {
		csvwrite_text(w, "name_in_file");
		csvwrite_text(w, "code_in_file");
	}
	csvwrite_end_row(w);

	for (i = 0; i < FORM_N_RESPONSE_COLUMNS; i++)
		write_row(w, form, lang, form_response_columns[i], "meta", NULL, NULL, t);
	for (s = 0; s < form->n_slots; s++) {
		const struct form_question *q = &form->questions[form->slot_question[s]];
		const char *type = form_qtype_name(q->type);
		if (q->repeat >= 0)
			continue;   /* not a column of the main file (repeat-files.h) */
		if (!q->list || !q->list->n_choices) {
			write_row(w, form, lang, q->column, type, q, NULL, t);
			continue;
		}
		for (i = 0; i < q->list->n_choices; i++)
			write_row(w, form, lang, q->column, type, q, &q->list->choices[i], t);
	}
	for (i = 0; i < n_attrs; i++)
		write_row(w, form, lang, attr_names[i], "attribute", NULL, NULL, t);
	for (i = 0; t && i < t->n_cols; i++)
		if (t->col[i].source == XS_DERIVED)
			write_derived(w, form, lang, &t->col[i]);
}
