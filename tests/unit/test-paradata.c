/* test-paradata.c - screen visits: which screens become visits, which
 * count as reached by stepping back, and when a batch is ready. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "collect/paradata.h"
#include "tap.h"

static bool visit_is(const struct paradata *p, size_t i, int question, bool back)
{
	return i < p->n_held && p->held[i].question == question && p->held[i].back == back &&
	       p->held[i].seconds >= 0 && strlen(p->held[i].entered_at) == 24 &&
	       p->held[i].entered_at[23] == 'Z';
}

int main(void)
{
	struct paradata p;
	bool batch = false;

	paradata_init(&p);
	paradata_show(&p, 0);
	paradata_show(&p, 1);
	paradata_show(&p, 1);          /* redrawn (a language switch): not a new visit */
	paradata_show(&p, 0);          /* PgUp */
	paradata_show(&p, 1);
	paradata_show(&p, -1);         /* the review */
	paradata_show(&p, 0);          /* a question picked on the review */
	paradata_show(&p, -1);
	ok(p.n_held == 5, "five question screens left (%zu)", p.n_held);
	ok(visit_is(&p, 0, 0, false), "the first screen is not a back step");
	ok(visit_is(&p, 1, 1, false), "going on is not a back step");
	ok(visit_is(&p, 2, 0, true), "an earlier question after a later one is a back step");
	ok(visit_is(&p, 3, 1, false), "going on again is not");
	ok(visit_is(&p, 4, 0, true), "a question reached from the review is a back step");

	for (int i = 0; i < 2 * PARADATA_BATCH && !batch; i++)
		batch = paradata_show(&p, i % 3);
	ok(batch && p.n_held == PARADATA_BATCH, "a batch is asked for at %d visits (%zu)",
	   PARADATA_BATCH, p.n_held);
	paradata_release(&p);
	ok(p.n_held == 0 && p.held == NULL && p.current == -1, "release empties it");
	return tap_done();
}
