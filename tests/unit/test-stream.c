/* test-stream.c - analyze's one-pass sums (src/analyze/stream.h): cells
 * by key, weighted sums per level, numbers as histograms, and the limits
 * past which analyze reads the store again (--plan ...,cells=,values=). */
#include "config.h"
#include <stdint.h>
#include <string.h>
#include "analyze/stream.h"
#include "tests/unit/tap.h"

static void test_cells_and_sums(void)
{
	const size_t levels[] = { 3, SIZE_MAX };
	struct stream *s = stream_create(2, levels, true, 0, 0);
	struct stream_var *choice = &s->var[0], *number = &s->var[1];

	size_t a = stream_cell(s, "a", 1, 0), b = stream_cell(s, "b", 1, 1);
	size_t a2 = stream_cell(s, "a", 1, 2);
	ok(a == 0 && b == 1 && a2 == a, "one cell per key: a %zu, b %zu, a again %zu", a, b, a2);
	ok(s->cell_rows[a] == 2 && s->cell_rows[b] == 1 && s->first_row[a] == 0,
	   "cell a has 2 rows, opened by row 0; b 1");

	stream_add_answered(s, choice, a, 2.0);
	stream_add_level(s, choice, a, 1, 2.0);
	stream_add_answered(s, choice, a, 3.0);
	stream_add_level(s, choice, a, 1, 3.0);
	stream_add_answered(s, choice, b, 0.5);
	stream_add_level(s, choice, b, 2, 0.5);
	ok(choice->rows[a] == 2 && choice->sw[a] == 5 && choice->sw2[a] == 13,
	   "answered in a: 2 rows, sum w 5, sum w^2 13");
	ok(choice->hits[a * 3 + 1] == 2 && choice->swy[a * 3 + 1] == 5 && choice->sw2y[a * 3 + 1] == 13
	   && choice->hits[a * 3 + 2] == 0, "level 1 in a: the same; level 2 none");
	ok(choice->hits[b * 3 + 2] == 1 && choice->swy[b * 3 + 2] == 0.5, "level 2 in b: 1 row, w 0.5");

	stream_add_number(s, number, a, 4.0, 2.0);
	stream_add_number(s, number, a, 4.0, 3.0);
	stream_add_number(s, number, b, -0.0, 1.0);
	stream_add_number(s, number, b, 0.0, 1.0);
	ok(number->K == 2, "two distinct values (4, and 0 with -0): %zu", number->K);
	size_t four = number->value[0] == 4.0 ? 0 : 1;
	ok(number->vhits[four][a] == 2 && number->vswy[four][a] == 5 && number->vhits[1 - four][b] == 2,
	   "the histogram: 4 twice in a (w 5), 0 twice in b");
	ok(!stream_overflowed(s), "nothing overflowed");
	stream_destroy(s);
}

static void test_limits(void)
{
	const size_t levels[] = { 2, SIZE_MAX };
	struct stream *s = stream_create(2, levels, false, 2, 0);
	stream_cell(s, "x", 1, 0);
	stream_cell(s, "y", 1, 1);
	ok(stream_cell(s, "x", 1, 2) == 0, "a known key past the limit still has its cell");
	ok(stream_cell(s, "z", 1, 3) == SIZE_MAX && s->too_many_cells && stream_overflowed(s),
	   "cells=2: a third key has none, and analyze reads the store again");
	stream_destroy(s);

	s = stream_create(2, levels, false, 0, 64);
	size_t c = stream_cell(s, "x", 1, 0);
	for (int i = 0; i < 100; i++)
		stream_add_number(s, &s->var[1], c, i, 1);
	ok(s->var[1].overflow && stream_overflowed(s) && !s->var[0].overflow,
	   "values=64: a number with 100 distinct values overflows, the choice does not");
	stream_destroy(s);
}

int main(void)
{
	test_cells_and_sums();
	test_limits();
	return tap_done();
}
