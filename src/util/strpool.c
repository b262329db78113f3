/* strpool.c - strings in chunks that never move (strpool.h). */
#include "config.h"
#include <string.h>
#include "util/mem.h"
#include "util/strpool.h"

enum { CHUNK_BYTES = 64 * 1024 };

struct ky_strpool_chunk {
	struct ky_strpool_chunk *next;   /* the chunk filled before */
	size_t used, cap;
	char data[];
};

char *ky_strpool_add(struct ky_strpool *pool, const char *s)
{
	size_t len = strlen(s) + 1;
	struct ky_strpool_chunk *c = pool->head;

	if (!c || c->cap - c->used < len) {
		size_t cap = len > CHUNK_BYTES ? len : CHUNK_BYTES;
		c = ky_malloc(sizeof *c + cap);
		c->next = pool->head;
		c->used = 0;
		c->cap = cap;
		pool->head = c;
	}
	char *copy = c->data + c->used;
	memcpy(copy, s, len);
	c->used += len;
	return copy;
}

void ky_strpool_adopt(struct ky_strpool *pool, struct ky_strpool *from)
{
	struct ky_strpool_chunk *tail = from->head;

	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	tail->next = pool->head;
	pool->head = from->head;
	from->head = NULL;
}

void ky_strpool_release(struct ky_strpool *pool)
{
	while (pool->head) {
		struct ky_strpool_chunk *next = pool->head->next;
		free(pool->head);
		pool->head = next;
	}
}
