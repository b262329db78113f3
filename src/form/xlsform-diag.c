/* xlsform-diag.c - located messages of the XLSForm reader (xlsform-impl.h).
 *
 * The reader finds problems sheet by sheet and pass by pass; users read
 * them in file order, so they are kept with their place and sorted once
 * at the end (stable: two messages on one line keep the order found). */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "form/xlsform-impl.h"
#include "util/mem.h"

void diag_add(struct diag_list *d, const char *path, long line, bool is_error,
	      const char *fmt, ...)
{
	struct diag_item *it;
	va_list ap;
	char msg[2048];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	KY_GROW(d->items, d->n, d->cap, 32);
	it = &d->items[d->n];
	it->path = ky_strdup(path);
	it->line = line;
	it->is_error = is_error;
	it->msg = ky_strdup(msg);
	it->seq = d->n++;
}

void diag_add_located(struct diag_list *d, const char *path, const char *msg)
{
	size_t plen = strlen(path);
	long line = 0;
	char *end;

	if (!strncmp(msg, path, plen) && msg[plen] == ':') {
		line = strtol(msg + plen + 1, &end, 10);
		if (end != msg + plen + 1 && end[0] == ':' && end[1] == ' ') {
			diag_add(d, path, line, true, "%s", end + 2);
			return;
		}
		if (msg[plen + 1] == ' ') {
			diag_add(d, path, 0, true, "%s", msg + plen + 2);
			return;
		}
	}
	diag_add(d, path, 0, true, "%s", msg);
}

size_t diag_error_count(const struct diag_list *d)
{
	size_t i, n = 0;
	for (i = 0; i < d->n; i++)
		n += d->items[i].is_error;
	return n;
}

static int item_cmp(const void *a, const void *b)
{
	const struct diag_item *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_finish(struct diag_list *d, struct form_diag *out)
{
	size_t i;

	if (d->n)
		qsort(d->items, d->n, sizeof *d->items, item_cmp);
	out->lines = ky_calloc(d->n ? d->n : 1, sizeof *out->lines);
	out->is_error = ky_calloc(d->n ? d->n : 1, sizeof *out->is_error);
	out->n = d->n;
	out->n_errors = out->n_warnings = 0;
	for (i = 0; i < d->n; i++) {
		struct diag_item *it = &d->items[i];
		const char *kind = it->is_error ? "error" : "warning";
		if (it->line > 0)
			out->lines[i] = ky_asprintf("%s:%ld: %s: %s", it->path, it->line, kind, it->msg);
		else
			out->lines[i] = ky_asprintf("%s: %s: %s", it->path, kind, it->msg);
		out->is_error[i] = it->is_error;
		if (it->is_error)
			out->n_errors++;
		else
			out->n_warnings++;
		free(it->path);
		free(it->msg);
	}
	free(d->items);
	memset(d, 0, sizeof *d);
}

void form_diag_release(struct form_diag *d)
{
	size_t i;
	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
	free(d->is_error);
	memset(d, 0, sizeof *d);
}
