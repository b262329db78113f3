#include "config.h"
#include <stdio.h>
#include <string.h>
#include "util/error.h"

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

void ky_error_print(const struct ky_error *err)
{
	if (err && err->msg[0])
		fprintf(stderr, "kysely: %s\n", err->msg);
}

void ky_warn(const char *fmt, ...)
{
	va_list ap;
	fputs("kysely: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
