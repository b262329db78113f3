/* store-repeat.h - the instances of a form's repeats in the store (schema
 * 5, table repeat_instance): one row per instance, its answers a record
 * of the form's slots (record.h) like the response's own, of which only
 * its repeat's questions are used; parent is the instance it is in.
 *
 * Collect adds instances and answers them one committed write at a time
 * (durable per answer, like store_answer_put); import and merge write a
 * response's whole tree in their transaction (store_tree_save); export
 * and analysis read it back (store_tree_load, store_instances). Erasing
 * a response removes its instances (ON DELETE CASCADE). A database of an
 * older schema opened read-only has no instances. */
#ifndef KY_STORE_REPEAT_H
#define KY_STORE_REPEAT_H

#include <stdint.h>
#include "form/tree.h"
#include "store/store.h"

struct store_instance {
	int64_t id, parent;     /* parent 0: a top-level repeat's instance */
	const char *repeat;     /* the repeat's name */
	int position;           /* from 1 among the repeat's instances under parent */
	const void *answers;    /* record blob, valid during the callback */
	size_t answers_len;
	int64_t response;       /* the response's row id */
};

/* A new instance of repeat (name) under instance parent (0: none) of
 * response resp_pk at position, with no answers; *id receives its row. */
int store_instance_add(struct store *s, int64_t resp_pk, int64_t parent, const char *repeat,
		       int position, int64_t *id, struct ky_error *err);
/* One answer (slot of the form) of an instance, committed at once. */
int store_instance_answer_put(struct store *s, int64_t inst_id, size_t n_slots, int slot,
			      const char *value, struct ky_error *err);
/* Removes an instance with every instance inside it; its later siblings
 * move up one position. One transaction. */
int store_instance_remove(struct store *s, int64_t inst_id, struct ky_error *err);

/* Every instance of a response in id order (a parent before its
 * children), handed to fn; fn's nonzero return stops and is returned. */
typedef int (*store_instance_fn)(void *ctx, const struct store_instance *in,
				 struct ky_error *err);
int store_instances(struct store *s, int64_t resp_pk, store_instance_fn fn, void *ctx,
		    struct ky_error *err);
/* Every instance of every response of form row form_pk, in one read:
 * ordered by response id, a response's in id order (parents first).
 * For analyze, which reads each repeat's instances as a data set. */
int store_form_instances(struct store *s, int64_t form_pk, store_instance_fn fn, void *ctx,
			 struct ky_error *err);

/* The response's instances into t (cleared of instances first; its own
 * values are left as they are), with their row ids. An instance of a
 * repeat the form does not have, or a damaged record, is KY_EIO. */
int store_tree_load(struct store *s, int64_t resp_pk, struct answer_tree *t,
		    struct ky_error *err);
/* Replaces the response's instances with t's (records of t->form's
 * slots), in the caller's transaction or one of its own. A form without
 * repeats needs no call (and a bulk import should make none). */
int store_tree_save(struct store *s, int64_t resp_pk, const struct answer_tree *t,
		    struct ky_error *err);
/* Whether the database has the repeat_instance table (schema >= 5), and
 * whether it holds any instance at all. */
bool store_has_repeats(struct store *s);
bool store_any_instances(struct store *s);

#endif
