/* expr-eval.c - evaluates a syntax tree against an expr_env.
 *
 * Evaluation cannot fail: what XPath leaves undefined becomes NaN or "".
 * The comparison rules are the contract's (interfaces.md section 2):
 * '='/'!=' compare as booleans when either side is a boolean, else as
 * numbers when either side is a number, else as strings, so an unanswered
 * ${age} (the string "") makes "${age} = 5" false and "${age} != 5" true;
 * '<' and friends are false on an empty side and compare ISO dates (two
 * non-numeric strings) as text. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "form/expr-impl.h"
#include "util/mem.h"

static const struct expr_env no_env;

bool expr_eval_string_fits(struct expr_eval *ev, size_t len)
{
	if (len <= EXPR_MAX_STRING)
		return true;
	ev->too_long = true;
	return false;
}

const char *expr_eval_dot(const struct expr_eval *ev)
{
	return ev->env->dot ? ev->env->dot : "";
}

double expr_eval_now(const struct expr_eval *ev)
{
	return ev->env->now != 0 ? ev->env->now : (double)time(NULL);
}

/* The one piece of global state the contract allows: xorshift64*, seeded
 * on first use. Callers that need reproducible draws pass env->random. */
static uint64_t rng_state;

double expr_eval_random(struct expr_eval *ev)
{
	uint64_t x;

	if (ev->env->random)
		return ev->env->random(ev->env->ctx);
	if (rng_state == 0)
		rng_state = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
			    (uint64_t)(uintptr_t)&rng_state ^ 0x9E3779B97F4A7C15ULL;
	x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
}

static bool is_empty_string(const struct expr_value *v)
{
	return v->type == EXPR_T_STRING && (!v->string || !v->string[0]);
}

static bool compare_equal(const struct expr_value *a, const struct expr_value *b)
{
	if (a->type == EXPR_T_BOOLEAN || b->type == EXPR_T_BOOLEAN)
		return expr_value_to_boolean(a) == expr_value_to_boolean(b);
	if (a->type == EXPR_T_NUMBER || b->type == EXPR_T_NUMBER)
		return expr_value_to_number(a) == expr_value_to_number(b);
	return !strcmp(a->string ? a->string : "", b->string ? b->string : "");
}

/* An operand of arithmetic or of '<' against a number: a number, or an
 * ISO date as days since the epoch (so that today() - ${birth} counts days
 * as in ODK, and a date compares with decimal-date-time()). */
static double numeric_operand(const struct expr_value *v)
{
	double x = expr_value_to_number(v), days;

	if (isnan(x) && v->type == EXPR_T_STRING && expr_date_to_days(v->string, &days))
		return days;
	return x;
}

static bool compare(enum expr_op op, const struct expr_value *a, const struct expr_value *b)
{
	double x, y;

	if (op == OP_EQ)
		return compare_equal(a, b);
	if (op == OP_NE) {
		/* Not simply !equal: NaN != 5 is true, and so is NaN = 5 false. */
		if (a->type != EXPR_T_BOOLEAN && b->type != EXPR_T_BOOLEAN &&
		    (a->type == EXPR_T_NUMBER || b->type == EXPR_T_NUMBER))
			return expr_value_to_number(a) != expr_value_to_number(b);
		return !compare_equal(a, b);
	}
	if (is_empty_string(a) || is_empty_string(b))
		return false;
	if (a->type == EXPR_T_STRING && b->type == EXPR_T_STRING &&
	    isnan(expr_value_to_number(a)) && isnan(expr_value_to_number(b))) {
		x = strcmp(a->string, b->string);
		y = 0;
	} else {
		x = numeric_operand(a);
		y = numeric_operand(b);
	}
	switch (op) {
	case OP_LT: return x < y;
	case OP_LE: return x <= y;
	case OP_GT: return x > y;
	case OP_GE: return x >= y;
	default: return false;
	}
}

static double arithmetic(enum expr_op op, double x, double y)
{
	switch (op) {
	case OP_ADD: return x + y;
	case OP_SUB: return x - y;
	case OP_MUL: return x * y;
	case OP_DIV: return x / y;
	case OP_MOD: return fmod(x, y);
	default: return NAN;
	}
}

static void eval_chain(struct expr_eval *ev, const struct expr_node *n, struct expr_value *out)
{
	struct expr_value left, right;
	enum expr_op op;
	bool b;
	size_t i;

	expr_eval_node(ev, n->kids[0], &left);
	for (i = 1; i < n->nkids; i++) {
		op = n->ops[i - 1];
		if (op == OP_OR || op == OP_AND) {
			b = expr_value_to_boolean(&left);
			expr_value_release(&left);
			if (b == (op == OP_OR)) { /* decided: skip the rest */
				left = expr_value_boolean(b);
				break;
			}
			expr_eval_node(ev, n->kids[i], &right);
			left = expr_value_boolean(expr_value_to_boolean(&right));
		} else {
			expr_eval_node(ev, n->kids[i], &right);
			if (op >= OP_EQ && op <= OP_GE) {
				b = compare(op, &left, &right);
				expr_value_release(&left);
				left = expr_value_boolean(b);
			} else {
				double x = numeric_operand(&left);
				expr_value_release(&left);
				left = expr_value_number(arithmetic(op, x, numeric_operand(&right)));
			}
		}
		expr_value_release(&right);
	}
	*out = left;
}

/* A bare word inside instance(...)/root/item[...]: the item's column. */
static const char *item_column(const struct expr_eval *ev, const char *word)
{
	size_t i;
	for (i = 0; i < ev->item->n_cols; i++)
		if (!strcmp(ev->item->header[i], word))
			return ev->item->cells[ev->item_row * ev->item->n_cols + i];
	return "";
}

void expr_eval_node(struct expr_eval *ev, const struct expr_node *n, struct expr_value *out)
{
	const char *s;

	switch (n->kind) {
	case EXPR_NUMBER:
		*out = expr_value_number(n->number);
		return;
	case EXPR_STRING:
		*out = expr_value_copy_string(n->text);
		return;
	case EXPR_REF:
		s = ev->env->lookup ? ev->env->lookup(ev->env->ctx, n->text) : NULL;
		*out = expr_value_copy_string(s);
		return;
	case EXPR_DOT:
		*out = expr_value_copy_string(expr_eval_dot(ev));
		return;
	case EXPR_WORD:
		s = ev->item ? item_column(ev, n->text)
			     : ev->env->column ? ev->env->column(ev->env->ctx, n->text) : NULL;
		*out = expr_value_copy_string(s);
		return;
	case EXPR_CALL:
		n->function->call(ev, n, out);
		if (out->type == EXPR_T_STRING && out->string &&
		    !expr_eval_string_fits(ev, strlen(out->string))) {
			expr_value_release(out);
			*out = expr_value_copy_string("");
		}
		return;
	case EXPR_NEGATE:
		*out = expr_value_number(-expr_arg_number(ev, n, 0));
		return;
	case EXPR_CHAIN:
		eval_chain(ev, n, out);
		return;
	}
	*out = expr_value_copy_string("");
}

double expr_arg_number(struct expr_eval *ev, const struct expr_node *call, size_t i)
{
	struct expr_value v;
	double x;

	expr_eval_node(ev, call->kids[i], &v);
	x = expr_value_to_number(&v);
	expr_value_release(&v);
	return x;
}

bool expr_arg_boolean(struct expr_eval *ev, const struct expr_node *call, size_t i)
{
	struct expr_value v;
	bool b;

	expr_eval_node(ev, call->kids[i], &v);
	b = expr_value_to_boolean(&v);
	expr_value_release(&v);
	return b;
}

char *expr_arg_string(struct expr_eval *ev, const struct expr_node *call, size_t i)
{
	struct expr_value v;

	expr_eval_node(ev, call->kids[i], &v);
	return expr_value_take_string(&v);
}

static void eval_root(const struct expr *e, const struct expr_env *env, struct expr_value *out)
{
	struct expr_eval ev = { .env = env ? env : &no_env };

	if (!e || !e->root) {
		*out = expr_value_copy_string("");
		return;
	}
	expr_eval_node(&ev, e->root, out);
	if (ev.too_long && env && env->too_long)
		*env->too_long = true;
}

bool expr_eval_bool(const struct expr *e, const struct expr_env *env)
{
	struct expr_value v;
	bool b;

	eval_root(e, env, &v);
	b = expr_value_to_boolean(&v);
	expr_value_release(&v);
	return b;
}

double expr_eval_number(const struct expr *e, const struct expr_env *env)
{
	struct expr_value v;
	double x;

	eval_root(e, env, &v);
	x = expr_value_to_number(&v);
	expr_value_release(&v);
	return x;
}

char *expr_eval_string(const struct expr *e, const struct expr_env *env)
{
	struct expr_value v;

	eval_root(e, env, &v);
	return expr_value_take_string(&v);
}
