/* read-answers.c - an answer's text as a level, bits or a number (load-impl.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/load-impl.h"
#include "analyze/read-answers.h"
#include "analyze/stream.h"
#include "util/mem.h"

/* A repeated name keeps its first level, as a scan of the list would. */
void load_index_choices(struct avar *a)
{
	size_t slots = 16;
	while (slots < 4 * a->n_levels)
		slots *= 2;
	a->choice_mask = slots - 1;
	a->choice_slot = ky_calloc(slots, sizeof *a->choice_slot);
	for (size_t k = 0; k < a->n_levels; k++) {
		const char *name = a->level_names[k];
		size_t len = a->level_len[k];
		uint64_t word = name_word(name, len, NULL);
		size_t at = choice_hash(word, name, len) & a->choice_mask;
		bool repeated = false;
		for (; a->choice_slot[at].level && !repeated; at = (at + 1) & a->choice_mask)
			repeated = slot_is(a, &a->choice_slot[at], word, name, len);
		if (!repeated)
			a->choice_slot[at] = (struct choice_slot){ word, (uint32_t)len, (uint32_t)k + 1 };
	}
}

void load_note_unknown(struct load_ctx *c, const struct avar *a, const char *s, size_t len)
{
	/* the question only, never the answer: warnings reach logs */
	(void)s;
	(void)len;
	if (c->unknown_values++ == 0)
		snprintf(c->unknown_buf, sizeof c->unknown_buf, "'%s'", a->name);
}


