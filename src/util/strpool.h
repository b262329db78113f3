/* strpool.h - many small strings that live as long as their pool.
 *
 * Strings are copied into chunks that never move, so the pointers handed
 * out stay valid until ky_strpool_release(); one free per chunk rather
 * than per string (analyze keeps a million respondents' attribute texts). */
#ifndef KY_STRPOOL_H
#define KY_STRPOOL_H

#include <stddef.h>

struct ky_strpool_chunk;

struct ky_strpool {
	struct ky_strpool_chunk *head;   /* the chunk being filled; NULL: empty */
};

/* A copy of s in the pool. */
char *ky_strpool_add(struct ky_strpool *pool, const char *s);
/* Moves every string of from into pool (they stay where they are);
 * from is empty again. */
void ky_strpool_adopt(struct ky_strpool *pool, struct ky_strpool *from);
/* Frees every string of the pool; the pool is empty again. */
void ky_strpool_release(struct ky_strpool *pool);

#endif
