/* store-tree.c - a response's repeat instances to and from an answer
 * tree (store-repeat.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "store/record.h"
#include "store/store-impl.h"
#include "store/store-repeat.h"
#include "util/mem.h"

struct load_ctx {
	struct answer_tree *t;
	struct store *s;
	struct record_view *views;
};

/* The tree index of the instance with row id, -1 when none. */
static int by_id(const struct answer_tree *t, int64_t id)
{
	size_t i;
	for (i = 0; i < t->n_inst; i++)
		if (t->inst[i].id == id)
			return (int)i;
	return -1;
}

/* The repeat named name whose enclosing repeat is outer (-1: top level). */
static int repeat_under(const struct form *f, const char *name, int outer)
{
	size_t i;
	for (i = 0; i < f->n_repeats; i++)
		if (!strcmp(f->questions[f->repeats[i]].name, name) &&
		    form_repeat_parent(f, f->repeats[i]) == outer)
			return f->repeats[i];
	return -1;
}

static int load_one(void *ctx, const struct store_instance *in, struct ky_error *err)
{
	struct load_ctx *c = ctx;
	const struct form *f = c->t->form;
	int parent = in->parent ? by_id(c->t, in->parent) : -1, rq, at;
	size_t slot;

	rq = (parent >= 0 || !in->parent)
	     ? repeat_under(f, in->repeat, parent >= 0 ? c->t->inst[parent].repeat : -1) : -1;
	if (rq < 0 || (at = tree_add(c->t, rq, parent, in->position)) < 0)
		return ky_error_set(err, KY_EIO, "%s: repeat instance %lld ('%s') does not fit form '%s'",
				    c->s->path, (long long)in->id, in->repeat, f->form_id);
	if (record_decode(in->answers, in->answers_len, c->views, f->n_slots) < 0)
		return ky_error_set(err, KY_EIO, "%s: repeat instance %lld: stored answers are damaged",
				    c->s->path, (long long)in->id);
	c->t->inst[at].id = in->id;
	for (slot = 0; slot < f->n_slots; slot++)
		if (c->views[slot].ptr && c->views[slot].len)
			c->t->inst[at].values[slot] = ky_strndup(c->views[slot].ptr, c->views[slot].len);
	return KY_OK;
}

int store_tree_load(struct store *s, int64_t resp_pk, struct answer_tree *t, struct ky_error *err)
{
	struct load_ctx c = { t, s, NULL };
	int rc;

	while (t->n_inst)
		tree_remove(t, (int)t->n_inst - 1);
	c.views = ky_calloc(t->form->n_slots ? t->form->n_slots : 1, sizeof *c.views);
	rc = store_instances(s, resp_pk, load_one, &c, err);
	free(c.views);
	return rc;
}

struct save_args {
	int64_t resp_pk;
	const struct answer_tree *t;
};

static int save_body(struct store *s, void *ctx, struct ky_error *err)
{
	const struct save_args *a = ctx;
	const struct answer_tree *t = a->t;
	int64_t *ids = ky_calloc(t->n_inst + 1, sizeof *ids);
	size_t i;
	int rc;

	rc = store_instances_clear(s, a->resp_pk, err);
	/* parents come before their children in a tree */
	for (i = 0; !rc && i < t->n_inst; i++) {
		const struct tree_instance *in = &t->inst[i];
		size_t len;
		void *blob = record_encode((const char *const *)in->values, t->form->n_slots, &len);
		rc = store_instance_put(s, a->resp_pk, in->parent >= 0 ? ids[in->parent] : 0,
					t->form->questions[in->repeat].name, in->position, blob, len,
					&ids[i], err);
		free(blob);
	}
	free(ids);
	return rc;
}

int store_tree_save(struct store *s, int64_t resp_pk, const struct answer_tree *t,
		    struct ky_error *err)
{
	struct save_args a = { resp_pk, t };
	if (!t->n_inst && !store_has_repeats(s))
		return KY_OK;
	return store_in_write_tx(s, save_body, &a, err);
}
