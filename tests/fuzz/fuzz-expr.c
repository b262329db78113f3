/* fuzz-expr.c - libFuzzer target: the expression parser and evaluator.
 * Any input must parse or fail with a message, and evaluate without a
 * crash, a leak or undefined behaviour. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "form/expr.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *lookup(void *ctx, const char *name)
{
	(void)ctx;
	if (!strcmp(name, "age"))
		return "42";
	if (!strcmp(name, "topics"))
		return "indicators referral trauma";
	if (!strcmp(name, "empty"))
		return "";
	return name[0] == 'u' ? NULL : "yes";
}

static const char *column(void *ctx, const char *word)
{
	(void)ctx;
	return strcmp(word, "name") ? "south" : "nurse";
}

static double fixed_random(void *ctx)
{
	(void)ctx;
	return 0.25;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = ky_strndup((const char *)data, size), msg[256];
	struct expr *e = NULL;
	struct expr_env env = { .lookup = lookup, .column = column, .random = fixed_random,
				.dot = "7", .now = 1.7e9 };
	if (expr_parse(src, &e, msg, sizeof msg) == 0) {
		(void)expr_eval_bool(e, &env);
		(void)expr_eval_number(e, &env);
		free(expr_eval_string(e, &env));
		expr_destroy(e);
	}
	free(src);
	return 0;
}
