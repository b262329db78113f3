/* test-rules.c - a question's rules (src/form/rules.c), the ones collect,
 * import and simulate share: relevance through the enclosing groups,
 * required now, the constraint on '.'. */
#include "config.h"
#include <string.h>
#include "form/rules.h"
#include "tests/unit/tap.h"

/* Answers: ${a} is "1", ${b} is "", anything else unknown. */
static const char *lookup(void *ctx, const char *name)
{
	(void)ctx;
	return !strcmp(name, "a") ? "1" : !strcmp(name, "b") ? "" : NULL;
}

static struct expr *parse(const char *src)
{
	struct expr *e = NULL;
	char err[256];
	if (expr_parse(src, &e, err, sizeof err))
		printf("# %s: %s\n", src, err);
	return e;
}

int main(void)
{
	struct expr_env env = { .lookup = lookup };
	struct form_question q[3];
	struct form f = { 0 };
	memset(q, 0, sizeof q);
	/* q[0] a group relevant when a = 1; q[1] in it, relevant when b is
	 * answered; q[2] in it with no condition of its own */
	q[0].parent = -1;
	q[0].relevant = parse("${a} = 1");
	q[1].parent = 0;
	q[1].relevant = parse("${b} != ''");
	q[2].parent = 0;
	f.questions = q;
	f.n_questions = 3;

	ok(form_rule_relevant(&q[0], true, &env), "a group whose condition holds is relevant");
	ok(!form_rule_relevant(&q[1], true, &env), "its own condition false: not relevant");
	ok(form_rule_relevant(&q[2], true, &env), "no condition: relevant with its group");
	ok(!form_rule_relevant(&q[2], false, &env), "no condition: not relevant without its group");
	ok(form_rule_relevant_walk(&f, &q[2], &env), "the walk finds the group relevant");
	ok(!form_rule_relevant_walk(&f, &q[1], &env), "the walk: its own condition false");
	expr_destroy(q[0].relevant);
	q[0].relevant = parse("${a} = 2");
	ok(!form_rule_relevant_walk(&f, &q[2], &env), "the walk: the group's condition false");

	ok(!form_rule_required(&q[2], &env), "no required: not required");
	q[2].required = parse("${a} = 1");
	ok(form_rule_required(&q[2], &env), "required when its expression holds");
	expr_destroy(q[2].required);
	q[2].required = parse("${b} = 'x'");
	ok(!form_rule_required(&q[2], &env), "not required when it does not");

	ok(form_rule_constraint(&q[2], &env), "no constraint: met");
	q[2].constraint = parse(". > 3");
	env.dot = "5";
	ok(form_rule_constraint(&q[2], &env), "constraint on '.' met (5 > 3)");
	env.dot = "2";
	ok(!form_rule_constraint(&q[2], &env), "constraint on '.' failed (2 > 3)");

	expr_destroy(q[0].relevant);
	expr_destroy(q[1].relevant);
	expr_destroy(q[2].required);
	expr_destroy(q[2].constraint);
	return tap_done();
}
