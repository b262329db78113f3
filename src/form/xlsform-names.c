/* xlsform-names.c - question names to indexes (xlsform-impl.h): the
 * reader's checks look up every ${name} and every name's twins, which a
 * scan of the questions per lookup made quadratic in the form's size. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "form/xlsform-impl.h"
#include "util/mem.h"

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of name: where it is, or the empty slot where it would go. */
static size_t slot_of(const struct name_index *ix, const struct form *f, const char *name)
{
	size_t at;
	for (at = hash_name(name) & ix->mask; ix->slot[at]; at = (at + 1) & ix->mask)
		if (!strcmp(f->questions[ix->slot[at] - 1].name, name))
			break;
	return at;
}

void name_index_build(struct name_index *ix, const struct form *f)
{
	size_t cap = 16, i, at;
	int *last;
	while (cap < 2 * f->n_questions + 1)
		cap *= 2;
	ix->slot = ky_calloc(cap, sizeof *ix->slot);
	ix->mask = cap - 1;
	ix->next = ky_calloc(f->n_questions + 1, sizeof *ix->next);
	ix->count = ky_calloc(f->n_questions + 1, sizeof *ix->count);
	last = ky_calloc(f->n_questions + 1, sizeof *last);
	for (i = 0; i < f->n_questions; i++) {
		int first;
		ix->next[i] = -1;
		if (f->questions[i].type == FQ_END_GROUP)
			continue;
		at = slot_of(ix, f, f->questions[i].name);
		if (!ix->slot[at]) {
			ix->slot[at] = (int)i + 1;
			last[i] = (int)i;
		}
		first = ix->slot[at] - 1;
		ix->count[first]++;
		if (last[first] != (int)i)
			ix->next[last[first]] = (int)i;
		last[first] = (int)i;
	}
	free(last);
}

void name_index_release(struct name_index *ix)
{
	free(ix->slot);
	free(ix->next);
	free(ix->count);
	memset(ix, 0, sizeof *ix);
}

int name_index_first(const struct name_index *ix, const struct form *f, const char *name)
{
	size_t at = slot_of(ix, f, name);
	return ix->slot[at] - 1;
}

size_t name_index_count(const struct name_index *ix, const struct form *f, const char *name)
{
	int first = name_index_first(ix, f, name);
	return first < 0 ? 0 : ix->count[first];
}

int name_index_resolve(const struct name_index *ix, const struct form *f, const char *ref)
{
	size_t i;

	if (!strchr(ref, '/'))
		return name_index_first(ix, f, ref);
	if (ref[0] == '/')   /* "/NAME": the top-level question of a shared name */
		ref++;
	for (i = 0; i < f->n_questions; i++)
		if (f->questions[i].type != FQ_END_GROUP && f->questions[i].path &&
		    !strcmp(f->questions[i].path, ref))
			return (int)i;
	return -1;
}
