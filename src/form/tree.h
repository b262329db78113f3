/* tree.h - one respondent's answers with a form's repeats: the answers
 * of the respondent's own record and of every instance of every repeat,
 * nested as the form nests them, and expressions evaluated in the context
 * of one instance.
 *
 * Collect, import and simulate keep a response in one of these, so that
 * ${name}, count(), sum(), position(..) and indexed-repeat() mean the
 * same wherever a form's rules run; export and the store name instances
 * by tree_key(). A value is a malloc'd text or NULL (unanswered); an
 * instance's values array has the form's n_slots entries, of which only
 * the slots of its own repeat's questions are used (form.h).
 *
 * References, as ODK resolves pyxform's paths: from inside an instance,
 * ${q} of the same repeat (or of a repeat around it) is the value in that
 * instance; a question of a repeat the context is not in is a nodeset:
 * every instance's value for count() / sum() / min() / max() / join(),
 * the first one where a single value is wanted. */
#ifndef KY_FORM_TREE_H
#define KY_FORM_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "form/expr.h"
#include "form/form.h"

struct tree_instance {
	int repeat;       /* question index of its begin_repeat */
	int parent;       /* index into tree.inst of the instance it is in, -1: none */
	int position;     /* from 1, among its repeat's instances under the same parent */
	char **values;    /* form->n_slots values, NULL = unanswered */
	int64_t id;       /* the store's row id, 0 until the caller sets it */
};

struct answer_tree {
	const struct form *form;
	char **values;                /* the respondent's own record, n_slots */
	struct tree_instance *inst;   /* in the order added; parents before children */
	size_t n_inst, cap;
};

void tree_init(struct answer_tree *t, const struct form *form);
/* Frees every value and instance; t may be initialised again. */
void tree_release(struct answer_tree *t);
/* Removes every instance and clears every value. */
void tree_clear(struct answer_tree *t);

/* A new empty instance of repeat rq (a begin_repeat question index) under
 * instance parent (-1 for a top-level repeat), at position (from 1), or
 * after the last one with position 0. Returns its index, or -1 when the
 * repeat does not belong under that parent or the position is taken. */
int tree_add(struct answer_tree *t, int rq, int parent, int position);
/* Removes instance i with every instance inside it; the later siblings
 * move up one position (as ODK renumbers). Indexes of the instances after
 * i in tree.inst shift down; ids are kept. */
void tree_remove(struct answer_tree *t, int i);

/* How many instances repeat rq has under parent, and the one at position
 * (from 1; -1 when none). */
size_t tree_count(const struct answer_tree *t, int rq, int parent);
int tree_child(const struct answer_tree *t, int rq, int parent, int position);

/* Value of question qi in instance inst (-1: the respondent's record):
 * the instance's own value when qi is in its repeat, else "" (never NULL).
 * tree_set stores a copy (NULL or "" = unanswered). */
const char *tree_get(const struct answer_tree *t, int inst, int qi);
void tree_set(struct answer_tree *t, int inst, int qi, const char *value);

/* The instances in document order into order (room for t->n_inst):
 * the repeats in form order, each one's instances by position, every
 * instance followed by those inside it, as an export lists them; returns
 * how many (fewer than n_inst only when positions have a gap). */
size_t tree_document_order(const struct answer_tree *t, int *order);

/* Whether a and b (of one form) have the same instances, by key, with
 * the same answers; their own records are not compared. */
bool tree_same_instances(const struct answer_tree *a, const struct answer_tree *b);

/* "REPEAT[i]" or "OUTER[i]/INNER[j]": the instance's key below the
 * respondent (interfaces.md section 5 puts "RESPONDENT/" before it);
 * the parent key is the same for the parent instance. malloc'd. */
char *tree_key(const struct answer_tree *t, int inst);
/* The instance a key names, -1 when none. */
int tree_find_key(const struct answer_tree *t, const char *key);
/* Parses the last step of a key: "INNER[j]" -> *name (malloc'd) and
 * *position. false when key does not end in NAME[N] with N >= 1. */
bool tree_key_last_step(const char *key, char **name, int *position);

/* An expression context at instance inst (-1: outside every repeat):
 * env gets lookup, nodeset, position and indexed over t; ctx must live as
 * long as env is used. The caller may replace env->lookup with its own
 * (and call tree_lookup from it). */
struct tree_ctx {
	const struct answer_tree *t;
	int inst;
	const char **scratch;   /* nodeset values */
	size_t scratch_cap;
};
void tree_env(const struct answer_tree *t, int inst, struct tree_ctx *ctx, struct expr_env *env);
/* ${name} as env->lookup gives it (NULL: no such question). */
const char *tree_lookup(void *tree_ctx, const char *name);
void tree_ctx_release(struct tree_ctx *ctx);

#endif
