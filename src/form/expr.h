/* expr.h - the XLSForm / ODK expression language: parse once, evaluate often.
 *
 * Owns the syntax tree. A parsed expression is immutable and may be
 * evaluated from any number of contexts. Grammar (XPath 1.0 subset as ODK):
 *   or  <- and ('or' and)*          and <- cmp ('and' cmp)*
 *   cmp <- add (('='|'!='|'<'|'<='|'>'|'>=') add)*
 *   add <- mul (('+'|'-') mul)*     mul <- unary (('*'|'div'|'mod') unary)*
 *   unary <- '-' unary | primary
 *   primary <- NUMBER | 'STRING' | "STRING" | ${name} | '.' | NAME(args) |
 *              NAME (a bare word: a choice column in choice_filter) | '(' or ')'
 * Functions: selected, count-selected, selected-at, if, coalesce, concat,
 * string-length, contains, starts-with, substr, regex, number, int, round,
 * abs, min, max, pow, sum, today, now, true, false, boolean-from-string,
 * once, uuid, random, not, count, position, indexed-repeat (and the
 * extras listed in expr-func.c; the repeat ones in expr-repeat.c).
 *
 * Semantics (interfaces.md section 2): an unanswered question is "";
 * '='/'!=' compare as booleans when either side is a boolean (XPath), as
 * numbers when either side is a number, else as strings; '<' etc. on an
 * empty value are false, and compare two non-numeric strings (ISO dates)
 * as text; arithmetic with an empty value gives NaN (an ISO date operand
 * counts days since 1970-01-01, as in ODK).
 * Nesting deeper than 256 levels is a syntax error ("expression nested too
 * deeply"); long flat chains (1+1+...) are not nesting and are fine.
 * A string a function builds (concat, join, translate...) is capped at
 * EXPR_MAX_STRING bytes: a longer one becomes "" and sets *env->too_long,
 * so that a form doubling a text in a chain of calculations gets an error
 * instead of exhausting memory. Text taken as it is (an answer, a
 * literal) is never cut.
 * No global state but random()'s internal generator. */
#ifndef KY_EXPR_H
#define KY_EXPR_H

#include <stdbool.h>
#include <stddef.h>

/* 1 MiB: the longest answer import takes is of that order, and a
 * calculation quoting it must still work. */
#define EXPR_MAX_STRING ((size_t)1 << 20)

struct expr;

/* Parses src. On success *out is a tree the caller frees with
 * expr_destroy() and 0 is returned. On a syntax error returns -1, *out is
 * NULL and errbuf holds a message such as "unexpected ')' at column 12"
 * (columns count characters from 1; every message but "empty expression"
 * ends with " at column N"). src NULL counts as empty. */
int expr_parse(const char *src, struct expr **out, char *errbuf, size_t errlen);
void expr_destroy(struct expr *e);

/* Why the expression, though well formed, holds something that will
 * never work: a regex() pattern with a back-reference ("back-references
 * (\1 to \9) are not supported in regex() at column N"), which never
 * matches. NULL when there is nothing. validate reports it as an error;
 * a form stored in a database still loads. */
const char *expr_problem(const struct expr *e);

/* The first function of one vendor's fork the expression calls (CHT's
 * "cht:difference-in-days"), or NULL. Such a function evaluates to an
 * empty text: the reader warns. */
const char *expr_vendor_function(const struct expr *e);

/* The ${name} references, in order of appearance (duplicates kept once). */
size_t expr_ref_count(const struct expr *e);
const char *expr_ref_name(const struct expr *e, size_t i);

/* A CSV file beside the form that pulldata('FILE', ...) reads (FILE.csv):
 * its header and its rows, n_rows x n_cols cells ("" where a row is short). */
struct expr_table {
	char **header;
	size_t n_cols;
	char **cells;
	size_t n_rows;
};

void expr_table_free(struct expr_table *t);   /* the table, its texts; NULL is fine */

/* Gives the calls of e that read a table theirs, from find(ctx,
 * function, arg): pulldata('FILE', ...) (function "pulldata", arg FILE),
 * instance('LIST')/root/item[...]/FIELD ("instance", LIST) and
 * jr:choice-name(value, '${q}') ("jr:choice-name", "${q}"); arg is NULL
 * when it is computed from answers. A call without a table evaluates to
 * "". find may warn; the tables must outlive e. A list's table has the
 * columns name, label (in the default language), its extra columns and,
 * for a form of several languages, label::CODE for each. */
void expr_attach_tables(struct expr *e,
			const struct expr_table *(*find)(void *ctx, const char *function,
							 const char *arg),
			void *ctx);

/* Whether instance(...)/root/item[...]/FIELD reads the choices column
 * (as FIELD or a bare word of the predicate; case ignored). */
bool expr_reads_item_column(const struct expr *e, const char *column);

/* Makes every ${from} of the expression a ${to} (the form reader
 * resolves an XPath path "g/x" to the question it names). */
void expr_rename_ref(struct expr *e, const char *from, const char *to);

/* The distinct bare words (choice-sheet columns in a choice_filter, such
 * as 'district' in "district = ${district}"), in order of appearance. */
size_t expr_word_count(const struct expr *e);
const char *expr_word_name(const struct expr *e, size_t i);

/* Whether the expression calls the function name anywhere, e.g. "once"
 * (a calculation wrapped in once() keeps its first non-empty value: the
 * caller stops re-evaluating it) or "random"/"uuid"/"now". */
bool expr_calls(const struct expr *e, const char *name);

/* What a constraint requires of the answer itself, as '.' or as ${self}
 * (self may be NULL), in the expression or an operand of its top 'and'
 * chain (a condition under 'or' or not() need not hold):
 * the literal pattern of regex(., 'PATTERN'), or NULL; */
const char *expr_regex_on_answer(const struct expr *e, const char *self);
/* the NAME of ". = ${NAME}" or "${NAME} = ." (re-enter to confirm), or NULL. */
const char *expr_equal_ref(const struct expr *e, const char *self);

/* Unknown function names are reported by expr_parse; an arity error too. */

/* Where evaluation gets its values. Every callback may be NULL. */
struct expr_env {
	/* Current answer of ${name} as text ("" when unanswered; a
	 * select_multiple answer is its space-separated choice names).
	 * NULL means the name is unknown (evaluates as ""). */
	const char *(*lookup)(void *ctx, const char *name);
	/* Bare words in choice_filter: the candidate choice's column
	 * ("name", "label", or an extra column of the choices sheet). */
	const char *(*column)(void *ctx, const char *word);
	/* random() in [0, 1); NULL uses an internal generator. */
	double (*random)(void *ctx);
	void *ctx;
	const char *dot;   /* the value of '.', the answer being checked */
	double now;        /* seconds since the epoch for now()/today(); 0 = time(NULL) */
	bool *too_long;    /* when not NULL, set true when a function's string result
			    * passed EXPR_MAX_STRING (and became ""); never cleared */
	/* Repeats (form/tree.h gives all three). nodeset: the values of
	 * ${name} over the instances the evaluation sees (of its repeat,
	 * under the current instance's ancestors, in instance order; a
	 * repeat's own name gives one value per instance), for count(),
	 * sum(), min(), max() and join(); false when name is no node of a
	 * repeat, which is then one value as lookup gives it. The array is
	 * ctx's until the next call. position: position(..) of the current
	 * instance, from 1 (0 outside one). indexed: indexed-repeat(${name},
	 * ${repeats[0]}, positions[0], ...); NULL when there is no such value. */
	bool (*nodeset)(void *ctx, const char *name, const char *const **values, size_t *n);
	double (*position)(void *ctx);
	const char *(*indexed)(void *ctx, const char *name, const char *const *repeats,
			       const double *positions, size_t depth);
	/* The respondent's language code ("fi"), or NULL: jr:choice-name()
	 * and instance(...)/.../label give a choice's label in it. */
	const char *lang;
};

/* Evaluation results. Strings returned are malloc'd and owned by the caller. */
bool expr_eval_bool(const struct expr *e, const struct expr_env *env);
double expr_eval_number(const struct expr *e, const struct expr_env *env);
char *expr_eval_string(const struct expr *e, const struct expr_env *env);

/* XPath boolean-from-value for a stored string: "" false, "false" false,
 * a number: nonzero, any other text true. */
bool expr_string_truthy(const char *s);

#endif
