/* editions.c - other versions of the analysed form, matched question by
 * question with the current one (editions.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "analyze/editions.h"
#include "form/xlsform.h"
#include "util/mem.h"

struct collect_ctx {
	const struct form *current;
	int64_t current_pk;
	struct editions *out;
	const char *path;          /* the database, for messages */
	struct ky_error *err;
};

static bool same_text(const struct form *a, const struct form_text *ta, const struct form *b,
		      const struct form_text *tb)
{
	for (size_t l = 0; l < a->n_langs; l++) {
		int lb = form_lang_index(b, a->langs[l].name);
		if (strcmp(form_text_get(a, ta, (int)l),
			   form_text_get(b, tb, lb >= 0 ? lb : b->default_lang_index)))
			return false;
	}
	return true;
}

static bool same_str(const char *x, const char *y)
{
	return !strcmp(x ? x : "", y ? y : "");
}

static bool same_choice(const struct form_choice *x, const struct form_choice *y)
{
	return !strcmp(x->name, y->name) && x->has_score == y->has_score
		&& (!x->has_score || x->score == y->score) && x->has_value == y->has_value
		&& (!x->has_value || x->value == y->value) && x->dont_know == y->dont_know;
}

static bool same_scoring(const struct form_question *q, const struct form_question *o)
{
	if (!q->list != !o->list || !same_str(q->domain, o->domain))
		return false;
	if (!q->list)
		return true;
	if (q->list->n_choices != o->list->n_choices)
		return false;
	for (size_t k = 0; k < q->list->n_choices; k++)
		if (!same_choice(&q->list->choices[k], &o->list->choices[k]))
			return false;
	return true;
}

static bool comparable(const struct form *cur, const struct form_question *q,
		       const struct form *old, const struct form_question *o)
{
	return o && o->slot >= 0 && q->type == o->type && same_text(cur, &q->label, old, &o->label)
		&& same_scoring(q, o);
}

static bool note(struct editions *e, const char *name)
{
	if (editions_not_comparable(e, name))
		return false;
	e->not_comparable = ky_reallocarray(e->not_comparable, e->n_not_comparable + 1,
					    sizeof *e->not_comparable);
	e->not_comparable[e->n_not_comparable++] = ky_strdup(name);
	return true;
}

bool editions_not_comparable(const struct editions *e, const char *name)
{
	for (size_t k = 0; k < e->n_not_comparable; k++)
		if (!strcmp(e->not_comparable[k], name))
			return true;
	return false;
}

/* The questions analyze estimates (dataset.c reads the same). */
static bool analysed(const struct form_question *q)
{
	return ((q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE) && q->list)
		|| form_qtype_numeric(q->type);
}

/* The slot map of edition ed, noting what is not comparable. */
static void match(const struct form *cur, struct edition *ed, struct editions *e)
{
	ed->from_slot = ky_calloc(cur->n_slots + 1, sizeof *ed->from_slot);
	for (size_t s = 0; s < cur->n_slots; s++)
		ed->from_slot[s] = -1;
	for (size_t i = 0; i < cur->n_questions; i++) {
		const struct form_question *q = &cur->questions[i];
		if (q->slot < 0)
			continue;
		const struct form_question *o = form_find_question(ed->form, q->column ? q->column : q->name);
		if (comparable(cur, q, ed->form, o)) {
			ed->from_slot[q->slot] = o->slot;
			continue;
		}
		if (!analysed(q))
			continue;   /* a text's answers: only the newest's */
		e->questions_not_comparable += note(e, q->column ? q->column : q->name);
		if (form_question_scored(q)) {
			note(e, "knowledge");
			if (q->domain && *q->domain) {
				char *d = ky_asprintf("knowledge:%s", q->domain);
				note(e, d);
				free(d);
			}
		}
	}
}

static int collect(void *ctx, const struct store_form_row *f)
{
	struct collect_ctx *c = ctx;
	struct editions *e = c->out;

	if (f->pk == c->current_pk || !f->form_id || strcmp(f->form_id, c->current->form_id))
		return 0;
	struct form_diag diag;
	struct form *form = NULL;
	char *name = ky_asprintf("%s:form '%s' version '%s'", c->path, f->form_id,
				 f->version ? f->version : "");
	memset(&diag, 0, sizeof diag);
	int rc = xlsform_read_buffer(f->definition, f->definition_len, name, &form, &diag, c->err);
	if (rc == KY_EINPUT)
		rc = ky_error_set(c->err, KY_EIO, "%s: the stored form does not parse: %s", name,
				  diag.n ? diag.lines[0] : "unknown error");
	form_diag_release(&diag);
	free(name);
	if (rc)
		return rc;
	e->ed = ky_reallocarray(e->ed, e->n + 1, sizeof *e->ed);
	struct edition *ed = &e->ed[e->n++];
	ed->form = form;
	ed->pk = f->pk;
	match(c->current, ed, e);
	return 0;
}

int editions_load(struct store *s, const char *path, const struct form *current,
		  int64_t current_pk, struct editions *out, struct ky_error *err)
{
	struct collect_ctx c = { current, current_pk, out, path, err };

	memset(out, 0, sizeof *out);
	return store_forms(s, collect, &c, err);
}

void editions_release(struct editions *e)
{
	for (size_t k = 0; k < e->n; k++) {
		form_destroy(e->ed[k].form);
		free(e->ed[k].from_slot);
	}
	for (size_t k = 0; k < e->n_not_comparable; k++)
		free(e->not_comparable[k]);
	free(e->ed);
	free(e->not_comparable);
	memset(e, 0, sizeof *e);
}
