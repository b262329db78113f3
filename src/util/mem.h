/* mem.h - checked allocation.
 *
 * Running out of memory is the one failure kysely does not hand up: these
 * wrappers run the registered restore hook (the terminal module registers
 * endwin) and abort. Everything they return is freed with free(). */
#ifndef KY_MEM_H
#define KY_MEM_H

#include <stddef.h>
#include <stdlib.h>   /* free() */

void *ky_malloc(size_t size);
void *ky_calloc(size_t count, size_t size);
void *ky_realloc(void *ptr, size_t size);
/* Grows an array of count elements of size each; aborts on overflow. */
void *ky_reallocarray(void *ptr, size_t count, size_t size);
char *ky_strdup(const char *s);
char *ky_strndup(const char *s, size_t n);
/* printf into a fresh string. */
char *ky_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Out of memory outside these wrappers (a GSL or libcsv allocation that
 * failed): the one path, as theirs: the restore hook, one line, abort. */
void ky_out_of_memory(size_t size) __attribute__((noreturn));

/* The capacity an array grows to so that it holds need elements: cap
 * doubled (from first when 0) until it does; aborts on overflow. */
size_t ky_grow_cap(size_t cap, size_t need, size_t first);

/* Makes room in the array p of cap elements for element n (git's
 * ALLOC_GROW): grows cap with ky_grow_cap and reallocates p. For arrays
 * that share one capacity, call ky_grow_cap and reallocate each. */
#define KY_GROW(p, n, cap, first) do { \
	if ((n) >= (cap)) { \
		(cap) = ky_grow_cap((cap), (size_t)(n) + 1, (first)); \
		(p) = ky_reallocarray((p), (cap), sizeof *(p)); \
	} \
} while (0)

/* The hook run before aborting on out-of-memory or a fatal signal; NULL
 * clears it. Only one hook: the module that owns the terminal. */
void ky_mem_set_restore_hook(void (*hook)(void));
void ky_mem_run_restore_hook(void);

#endif
