/* tree.c - one respondent's answers with its repeats (tree.h). Trees are
 * one respondent's: a few instances, so plain scans serve. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "form/tree.h"
#include "util/mem.h"

static char **new_values(const struct form *f)
{
	return ky_calloc(f->n_slots ? f->n_slots : 1, sizeof(char *));
}

static void free_values(const struct form *f, char **values)
{
	size_t i;
	for (i = 0; values && i < f->n_slots; i++)
		free(values[i]);
	free(values);
}

void tree_init(struct answer_tree *t, const struct form *form)
{
	memset(t, 0, sizeof *t);
	t->form = form;
	t->values = new_values(form);
}

void tree_clear(struct answer_tree *t)
{
	size_t i;
	for (i = 0; i < t->n_inst; i++)
		free_values(t->form, t->inst[i].values);
	t->n_inst = 0;
	for (i = 0; i < t->form->n_slots; i++) {
		free(t->values[i]);
		t->values[i] = NULL;
	}
}

void tree_release(struct answer_tree *t)
{
	tree_clear(t);
	free(t->values);
	free(t->inst);
	memset(t, 0, sizeof *t);
}

size_t tree_count(const struct answer_tree *t, int rq, int parent)
{
	size_t i, n = 0;
	for (i = 0; i < t->n_inst; i++)
		n += t->inst[i].repeat == rq && t->inst[i].parent == parent;
	return n;
}

int tree_child(const struct answer_tree *t, int rq, int parent, int position)
{
	size_t i;
	for (i = 0; i < t->n_inst; i++)
		if (t->inst[i].repeat == rq && t->inst[i].parent == parent &&
		    t->inst[i].position == position)
			return (int)i;
	return -1;
}

int tree_add(struct answer_tree *t, int rq, int parent, int position)
{
	const struct form *f = t->form;
	struct tree_instance *in;
	int outer;

	if (rq < 0 || (size_t)rq >= f->n_questions || !f->questions[rq].is_repeat ||
	    f->questions[rq].type != FQ_BEGIN_GROUP || parent >= (int)t->n_inst)
		return -1;
	outer = form_repeat_parent(f, rq);
	if (outer != (parent < 0 ? -1 : t->inst[parent].repeat))
		return -1;
	if (position <= 0)
		position = (int)tree_count(t, rq, parent) + 1;
	else if (tree_child(t, rq, parent, position) >= 0)
		return -1;
	KY_GROW(t->inst, t->n_inst, t->cap, 8);
	in = &t->inst[t->n_inst];
	in->repeat = rq;
	in->parent = parent;
	in->position = position;
	in->values = new_values(f);
	in->id = 0;
	return (int)t->n_inst++;
}

void tree_remove(struct answer_tree *t, int i)
{
	bool *gone = ky_calloc(t->n_inst + 1, sizeof *gone);
	int *moved = ky_calloc(t->n_inst + 1, sizeof *moved);
	size_t j, k = 0;
	const struct tree_instance victim = t->inst[i];

	/* parents come before their children, so one pass marks them all */
	for (j = (size_t)i; j < t->n_inst; j++)
		gone[j] = j == (size_t)i || (t->inst[j].parent >= 0 && gone[t->inst[j].parent]);
	for (j = 0; j < t->n_inst; j++) {
		struct tree_instance *in = &t->inst[j];
		if (gone[j]) {
			free_values(t->form, in->values);
			moved[j] = -1;
			continue;
		}
		if (in->repeat == victim.repeat && in->parent == victim.parent &&
		    in->position > victim.position)
			in->position--;
		moved[j] = (int)k;
		t->inst[k++] = *in;
	}
	for (j = 0; j < k; j++)
		if (t->inst[j].parent >= 0)
			t->inst[j].parent = moved[t->inst[j].parent];
	t->n_inst = k;
	free(gone);
	free(moved);
}

static char **values_of(const struct answer_tree *t, int inst)
{
	return inst < 0 ? t->values : t->inst[inst].values;
}

const char *tree_get(const struct answer_tree *t, int inst, int qi)
{
	const struct form_question *q = &t->form->questions[qi];
	const char *v;
	if (q->slot < 0 || q->repeat != (inst < 0 ? -1 : t->inst[inst].repeat))
		return "";
	v = values_of(t, inst)[q->slot];
	return v ? v : "";
}

void tree_set(struct answer_tree *t, int inst, int qi, const char *value)
{
	const struct form_question *q = &t->form->questions[qi];
	char **values = values_of(t, inst);
	if (q->slot < 0)
		return;
	free(values[q->slot]);
	values[q->slot] = value && *value ? ky_strdup(value) : NULL;
}

static void order_under(const struct answer_tree *t, int parent, int *order, size_t *n)
{
	const struct form *f = t->form;
	int outer = parent < 0 ? -1 : t->inst[parent].repeat, pos, in;
	size_t r;

	for (r = 0; r < f->n_repeats; r++) {
		int rq = f->repeats[r];
		if (form_repeat_parent(f, rq) != outer)
			continue;
		for (pos = 1; (in = tree_child(t, rq, parent, pos)) >= 0; pos++) {
			order[(*n)++] = in;
			order_under(t, in, order, n);
		}
	}
}

size_t tree_document_order(const struct answer_tree *t, int *order)
{
	size_t n = 0;
	order_under(t, -1, order, &n);
	return n;
}

static bool same_values(const struct form *f, char *const *a, char *const *b)
{
	size_t s;
	for (s = 0; s < f->n_slots; s++)
		if (strcmp(a[s] ? a[s] : "", b[s] ? b[s] : ""))
			return false;
	return true;
}

bool tree_same_instances(const struct answer_tree *a, const struct answer_tree *b)
{
	size_t i;

	if (a->n_inst != b->n_inst)
		return false;
	for (i = 0; i < a->n_inst; i++) {
		char *key = tree_key(a, (int)i);
		int j = tree_find_key(b, key);
		free(key);
		if (j < 0 || !same_values(a->form, a->inst[i].values, b->inst[j].values))
			return false;
	}
	return true;
}

/* ---- keys ---- */

char *tree_key(const struct answer_tree *t, int inst)
{
	char *key = ky_strdup(""), *longer;
	for (; inst >= 0; inst = t->inst[inst].parent) {
		const struct tree_instance *in = &t->inst[inst];
		longer = ky_asprintf("%s[%d]%s%s", t->form->questions[in->repeat].name, in->position,
				     *key ? "/" : "", key);
		free(key);
		key = longer;
	}
	return key;
}

bool tree_key_last_step(const char *key, char **name, int *position)
{
	const char *step = strrchr(key, '/'), *open;
	char *end;
	long n;

	step = step ? step + 1 : key;
	open = strchr(step, '[');
	if (!open || open == step || key[strlen(key) - 1] != ']')
		return false;
	n = strtol(open + 1, &end, 10);
	if (end == open + 1 || *end != ']' || end[1] || n < 1 || n > 1000000 || open[1] == '+')
		return false;
	*name = ky_strndup(step, (size_t)(open - step));
	*position = (int)n;
	return true;
}

/* The repeat named name directly under repeat outer (-1: top level). */
static int repeat_named(const struct form *f, const char *name, size_t len, int outer)
{
	size_t i;
	for (i = 0; i < f->n_repeats; i++) {
		const struct form_question *r = &f->questions[f->repeats[i]];
		if (strlen(r->name) == len && !memcmp(r->name, name, len) &&
		    form_repeat_parent(f, f->repeats[i]) == outer)
			return f->repeats[i];
	}
	return -1;
}

int tree_find_key(const struct answer_tree *t, const char *key)
{
	int parent = -1, rq;
	const char *p = key;

	while (*p) {
		const char *slash = strchr(p, '/'), *end = slash ? slash : p + strlen(p);
		const char *open = memchr(p, '[', (size_t)(end - p));
		char *stop;
		long n;

		if (!open || end[-1] != ']')
			return -1;
		n = strtol(open + 1, &stop, 10);
		if (stop != end - 1 || n < 1)
			return -1;
		rq = repeat_named(t->form, p, (size_t)(open - p),
				  parent < 0 ? -1 : t->inst[parent].repeat);
		if (rq < 0 || (parent = tree_child(t, rq, parent, (int)n)) < 0)
			return -1;
		p = slash ? slash + 1 : end;
	}
	return parent;
}
