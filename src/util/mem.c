/* mem.c - checked allocation, growth, the out-of-memory path (mem.h). */
#include "config.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/mem.h"

static void (*restore_hook)(void);

void ky_mem_set_restore_hook(void (*hook)(void))
{
	restore_hook = hook;
}

void ky_mem_run_restore_hook(void)
{
	void (*hook)(void) = restore_hook;
	restore_hook = NULL;
	if (hook)
		hook();
}

void ky_out_of_memory(size_t size)
{
	ky_mem_run_restore_hook();
	fprintf(stderr, "kysely: out of memory (%zu bytes)\n", size);
	abort();
}

#define out_of_memory ky_out_of_memory

size_t ky_grow_cap(size_t cap, size_t need, size_t first)
{
	if (!cap)
		cap = first ? first : 1;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			out_of_memory(SIZE_MAX);
		cap *= 2;
	}
	return cap;
}

void *ky_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *ky_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *ky_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *ky_reallocarray(void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return ky_realloc(ptr, count * size);
}

char *ky_strdup(const char *s)
{
	return ky_strndup(s, strlen(s));
}

char *ky_strndup(const char *s, size_t n)
{
	char *p = ky_malloc(n + 1);
	if (n)   /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ky_asprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		out_of_memory(0);
	p = ky_malloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}
