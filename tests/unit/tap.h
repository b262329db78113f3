/* tap.h - a minimal TAP producer for the unit tests (header only).
 *
 * ok(cond, fmt, ...) prints "ok N - what" or "not ok N - what";
 * close_enough(a, b, rtol) compares with a relative tolerance (and an
 * absolute one of 1e-12 near 0); tap_done() prints the plan and returns
 * the exit status (0 when every check passed). */
#ifndef KY_TAP_H
#define KY_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failed;

static inline int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

static inline int close_enough(double actual, double expected, double rtol)
{
	if (isnan(expected))
		return isnan(actual);
	return fabs(actual - expected) <= 1e-12 + rtol * fabs(expected);
}

/* ok() for numbers, printing both values when they differ. */
#define ok_near(actual, expected, rtol, what) \
	do { double a_ = (actual), e_ = (expected); \
	     if (!ok(close_enough(a_, e_, (rtol)), "%s", (what))) \
		printf("#   actual %.15g expected %.15g\n", a_, e_); } while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
