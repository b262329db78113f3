#include "config.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include "util/error.h"
#include "util/escape.h"
#include "util/mem.h"

void ky_error_clear(struct ky_error *err)
{
	if (!err)
		return;
	err->code = KY_OK;
	err->msg[0] = '\0';
}

int ky_error_vset(struct ky_error *err, int code, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return code;
}

int ky_error_set(struct ky_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ky_error_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int ky_error_prefix(struct ky_error *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof err->msg];
	va_list ap;
	if (!err)
		return KY_OK;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* Truncating a long message is fine: it is one line for a human. */
	if (snprintf(err->msg, sizeof err->msg, "%.*s: %.*s", 400, prefix,
		     (int)(sizeof err->msg - 404), old) < 0)
		err->msg[0] = '\0';
	return err->code;
}

/* Every line kysely writes on stderr passes here, escaped as a whole:
 * messages quote names, labels and ids from files that may be hostile,
 * and no call site can then forget to escape them (escape.h). */
static void put_line(const char *prefix, const char *fmt, va_list ap, const char *end)
{
	char *text = NULL;
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	text = ky_malloc((size_t)n + 1);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	fputs(prefix, stderr);
	ky_escape_fputs(stderr, text);
	fputs(end, stderr);
	free(text);
}

static void put_text(const char *prefix, const char *end, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put_text(const char *prefix, const char *end, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put_line(prefix, fmt, ap, end);
	va_end(ap);
}

void ky_error_print(const struct ky_error *err)
{
	if (err && err->msg[0])
		put_text("kysely: ", "\n", "%s", err->msg);
}

void ky_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put_line("kysely: warning: ", fmt, ap, "\n");
	va_end(ap);
}

void ky_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put_line("", fmt, ap, "\n");
	va_end(ap);
}

void ky_progress(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put_line("\r", fmt, ap, "");
	va_end(ap);
}

void ky_progress_clear(void)
{
	fprintf(stderr, "\r%60s\r", "");
}

bool ky_stdout_puts(const char *s)
{
	if (isatty(STDOUT_FILENO))
		return ky_escape_fputs(stdout, s);
	return fputs(s, stdout) != EOF;
}
