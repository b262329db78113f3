/* test-record.c - the response record codec. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "store/record.h"
#include "tap.h"

static int view_is(const struct record_view *v, const char *s)
{
	if (!s)
		return v->ptr == NULL && v->len == 0;
	return v->ptr && v->len == strlen(s) && !memcmp(v->ptr, s, v->len);
}

int main(void)
{
	const char *values[] = { "yes", NULL, "", "indicators raising", "13" };
	struct record_view views[8];
	struct record_builder b;
	unsigned char *blob;
	char *big;
	size_t len, i;

	blob = record_encode(values, 5, &len);
	ok(len == 5 + 3 + 18 + 2, "encoded size is one length byte per slot plus the bytes (%zu)", len);
	ok(record_decode(blob, len, views, 5) == 0, "decode succeeds");
	ok(view_is(&views[0], "yes") && view_is(&views[1], NULL) && view_is(&views[2], NULL) &&
	   view_is(&views[3], "indicators raising") && view_is(&views[4], "13"),
	   "values come back; NULL and \"\" are unanswered");
	ok(record_decode(blob, len, views, 8) == 0 && view_is(&views[5], NULL) &&
	   view_is(&views[7], NULL), "slots past the end of a shorter record are unanswered");
	ok(record_decode(blob, len - 1, views, 5) == -1, "a value cut short is malformed");
	ok(record_decode(blob, 4 + 1, views, 5) == 0 && view_is(&views[3], NULL),
	   "a record that ends at a slot boundary decodes");
	free(blob);

	blob = record_encode(values, 0, &len);
	ok(blob != NULL && len == 0, "an empty record encodes to nothing");
	ok(record_decode(blob, 0, views, 3) == 0 && view_is(&views[0], NULL), "and decodes as unanswered");
	free(blob);

	/* Long values need multi-byte lengths. */
	big = malloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\0';
	record_builder_init(&b);
	record_builder_add(&b, "a", 1);
	record_builder_add(&b, big, 100000);
	record_builder_add(&b, NULL, 0);
	record_builder_add(&b, "z", 1);
	ok(b.len == 2 + 3 + 100000 + 1 + 2, "a 100000-byte value takes a 3-byte length (%zu)", b.len);
	ok(record_decode(b.buf, b.len, views, 4) == 0 && views[1].len == 100000 &&
	   views[1].ptr[99999] == 'x' && view_is(&views[3], "z"), "long value decodes");
	ok(record_decode(b.buf, 3, views, 4) == -1, "a long value cut short is malformed");
	ok(record_decode(b.buf, 3, views, 1) == 0, "bytes past the slots asked for are not read");

	/* Reuse: reset keeps the buffer. */
	{
		unsigned char *before = b.buf;
		record_builder_reset(&b);
		record_builder_add(&b, "q", 1);
		ok(b.buf == before && b.len == 2, "reset reuses the buffer");
	}
	record_builder_release(&b);
	ok(b.buf == NULL && b.len == 0, "release empties the builder");

	/* A varint that never ends, and one too long for any length. */
	{
		unsigned char bad1[] = { 0x80, 0x80 };
		unsigned char bad2[12];
		memset(bad2, 0xff, sizeof bad2);
		ok(record_decode(bad1, sizeof bad1, views, 1) == -1, "unterminated length is malformed");
		ok(record_decode(bad2, sizeof bad2, views, 1) == -1, "an over-long length is malformed");
	}

	/* Every length from 0 to 300 round-trips, across the 1->2 byte boundary. */
	record_builder_init(&b);
	for (i = 0; i <= 300; i++)
		record_builder_add(&b, big, i);
	{
		struct record_view *vs = malloc(301 * sizeof *vs);
		int good = record_decode(b.buf, b.len, vs, 301) == 0;
		for (i = 0; good && i <= 300; i++)
			good = vs[i].len == i && (i == 0 ? vs[i].ptr == NULL : vs[i].ptr != NULL);
		ok(good, "lengths 0..300 round-trip");
		free(vs);
	}
	record_builder_release(&b);

	/* record_replace: one slot set, the others' bytes kept. */
	{
		const char *vals[] = { "a", NULL, "ccc" };
		size_t rlen;
		void *rblob = record_encode(vals, 3, &rlen);
		struct record_builder r;
		record_builder_init(&r);
		ok(record_replace(&r, rblob, rlen, 3, 1, "bb", 2) == 0 &&
		   record_decode(r.buf, r.len, views, 3) == 0 && view_is(&views[0], "a") &&
		   view_is(&views[1], "bb") && view_is(&views[2], "ccc"), "replace the middle slot");
		ok(record_replace(&r, rblob, rlen, 3, 2, NULL, 0) == 0 &&
		   record_decode(r.buf, r.len, views, 3) == 0 && views[2].ptr == NULL &&
		   view_is(&views[0], "a") && r.len == 4, "clear the last slot");
		ok(record_replace(&r, rblob, rlen, 5, 4, "e", 1) == 0 &&
		   record_decode(r.buf, r.len, views, 5) == 0 && views[3].ptr == NULL &&
		   view_is(&views[2], "ccc") && view_is(&views[4], "e"), "a record of a shorter form grows");
		ok(record_replace(&r, rblob, rlen, 5, 0, "z", 1) == 0 &&
		   record_decode(r.buf, r.len, views, 5) == 0 && view_is(&views[0], "z") &&
		   view_is(&views[2], "ccc") && views[4].ptr == NULL && r.len == 9,
		   "replacing in a shorter record pads it to the form");
		ok(record_replace(&r, NULL, 0, 2, 1, "x", 1) == 0 &&
		   record_decode(r.buf, r.len, views, 2) == 0 && views[0].ptr == NULL &&
		   view_is(&views[1], "x"), "an empty record");
		unsigned char bad[] = { 0x05, 'a' };
		ok(record_replace(&r, bad, sizeof bad, 2, 0, "x", 1) == -1, "a malformed record is refused");
		record_builder_release(&r);
		free(rblob);
	}
	free(big);
	return tap_done();
}
