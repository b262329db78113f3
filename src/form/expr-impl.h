/* expr-impl.h - the expression engine's private parts, shared by its files:
 *   expr-lex.c    tokens from the source text
 *   expr-parse.c  recursive descent into the syntax tree, the ${name} list
 *   expr-value.c  XPath 1.0 values and their conversions
 *   expr-date.c   ISO dates for date arithmetic and the date functions
 *   expr-eval.c   walking the tree against an expr_env
 *   expr-func.c   the function table (names, arities, implementations)
 *   expr-regex.c  regex(): Java-style patterns on POSIX regcomp
 *   expr-hints.c  what a constraint asks of the answer (for simulate)
 * Nothing outside src/form/expr-*.c includes this header. */
#ifndef KY_EXPR_IMPL_H
#define KY_EXPR_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include "form/expr.h"

/* Nesting beyond this is refused at parse time, which also bounds the
 * recursion of evaluation and destruction. */
#define EXPR_MAX_DEPTH 256

/* ---- tokens ---- */

enum expr_token_kind {
	TOK_END, TOK_ERROR, TOK_NUMBER, TOK_STRING, TOK_REF, TOK_DOT, TOK_NAME,
	TOK_LPAREN, TOK_RPAREN, TOK_COMMA,
	TOK_EQ, TOK_NE, TOK_LT, TOK_LE, TOK_GT, TOK_GE,
	TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_LBRACKET, TOK_RBRACKET
};

struct expr_token {
	enum expr_token_kind kind;
	size_t start, len;           /* the token in the source */
	size_t text_start, text_len; /* a string's contents, a reference's name */
	double number;
};

struct expr_lexer {
	const char *src;
	size_t pos;
	char *errbuf;
	size_t errlen;
};

void expr_lexer_init(struct expr_lexer *lx, const char *src, char *errbuf, size_t errlen);
/* Scans the next token. A lexical error yields TOK_ERROR with errbuf set. */
void expr_lexer_next(struct expr_lexer *lx, struct expr_token *tok);

/* 1-based column (in characters, not bytes) of a byte offset of src. */
int expr_column(const char *src, size_t offset);
/* How many of the len bytes at s to quote in a one-line message: at most
 * max bytes, whole UTF-8 characters, nothing from a control character on. */
int expr_display_len(const char *s, size_t len, size_t max);
/* Writes "MESSAGE at column N" into errbuf. */
void expr_syntax_error(const char *src, size_t offset, char *errbuf, size_t errlen,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- syntax tree ---- */

enum expr_kind {
	EXPR_NUMBER, EXPR_STRING, EXPR_REF, EXPR_DOT, EXPR_WORD,
	EXPR_CALL, EXPR_NEGATE, EXPR_CHAIN
};

enum expr_op {
	OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD
};

struct expr_function;

/* A run of same-precedence binary operators is one EXPR_CHAIN node
 * (kids[0] ops[0] kids[1] ops[1] ...), evaluated left to right in a loop:
 * a 100 KB "1+1+..." then costs no recursion at all. */
struct expr_node {
	enum expr_kind kind;
	double number;                        /* EXPR_NUMBER */
	char *text;                           /* STRING, REF, WORD: the text */
	const struct expr_function *function; /* EXPR_CALL */
	struct expr_node **kids;              /* CALL args, NEGATE operand, CHAIN operands */
	size_t nkids;
	enum expr_op *ops;                    /* EXPR_CHAIN: nkids - 1 operators */
	const struct expr_table *table;       /* pulldata(): its file, or NULL */
};

struct expr {
	struct expr_node *root;
	char **refs;   /* distinct ${name}s in order of first appearance */
	size_t nrefs;
	char **words;  /* distinct bare words (choice columns), same order rule */
	size_t nwords;
	char **item_words;  /* the columns instance(...)/root/item[...]/FIELD reads */
	size_t nitem_words;
	char *problem; /* expr_problem(): the first refused regex() pattern, or NULL */
	char *vendor;  /* expr_vendor_function(): the first cht:* function called, or NULL */
};

/* ---- values ---- */

enum expr_type { EXPR_T_STRING, EXPR_T_NUMBER, EXPR_T_BOOLEAN };

/* An evaluation result. A string value owns its malloc'd text. */
struct expr_value {
	enum expr_type type;
	double number;
	bool boolean;
	char *string;
};

struct expr_value expr_value_string(char *owned);
struct expr_value expr_value_copy_string(const char *s);
struct expr_value expr_value_number(double x);
struct expr_value expr_value_boolean(bool b);
void expr_value_release(struct expr_value *v);

double expr_value_to_number(const struct expr_value *v);
bool expr_value_to_boolean(const struct expr_value *v);
/* A malloc'd string; releases v (the text is moved out when it is one). */
char *expr_value_take_string(struct expr_value *v);

/* XPath number(): optional '-', digits with an optional '.', surrounding
 * whitespace; anything else (including "") is NaN. */
double expr_number_from_string(const char *s);
/* XPath string() of a number: "3", "-0.5", "NaN", "Infinity"; malloc'd. */
char *expr_number_to_string(double x);

/* ---- dates (expr-date.c) ---- */

struct expr_datetime {
	int year, month, day, hour, minute;
	double second;
	bool has_time, has_zone;
	int offset_minutes; /* east of UTC, when has_zone */
};

/* YYYY-MM-DD, optionally followed by 'T' or ' ' and HH:MM[:SS[.fff]] and
 * a zone (Z, +HH:MM, -HHMM). False for anything else or an invalid day. */
bool expr_datetime_parse(const char *s, struct expr_datetime *dt);
/* Days since 1970-01-01 (UTC when a zone was given), with the time of day
 * as the fraction. */
double expr_datetime_days(const struct expr_datetime *dt);
/* The inverse; false when days is NaN or absurdly far from today. */
bool expr_datetime_from_days(double days, struct expr_datetime *dt);
/* expr_datetime_parse then expr_datetime_days. */
bool expr_date_to_days(const char *s, double *days);

/* ---- regular expressions (expr-regex.c) ---- */

/* Whether the ODK (Java-flavoured) pattern matches somewhere in s. An
 * invalid pattern, one whose automaton would be huge, one with a
 * back-reference, or s longer than 2048 bytes never matches. */
bool expr_regex_match(const char *s, const char *pattern);
/* Why a pattern is refused before it is ever run (a back-reference), with
 * *offset its byte offset in the pattern; NULL when it is not. */
const char *expr_regex_problem(const char *pattern, size_t *offset);

/* ---- evaluation, as seen by the functions ---- */

struct expr_eval {
	const struct expr_env *env;
	bool too_long;     /* a string result passed EXPR_MAX_STRING */
	/* inside instance('L')/root/item[PREDICATE]: the item whose
	 * columns the predicate's bare words read; NULL elsewhere */
	const struct expr_table *item;
	size_t item_row;
};

/* Whether a string of len bytes may be built; when not, notes it in ev. */
bool expr_eval_string_fits(struct expr_eval *ev, size_t len);

void expr_eval_node(struct expr_eval *ev, const struct expr_node *n, struct expr_value *out);
double expr_arg_number(struct expr_eval *ev, const struct expr_node *call, size_t i);
bool expr_arg_boolean(struct expr_eval *ev, const struct expr_node *call, size_t i);
char *expr_arg_string(struct expr_eval *ev, const struct expr_node *call, size_t i);
/* The value of '.' ("" when the environment has none). */
const char *expr_eval_dot(const struct expr_eval *ev);
/* random() in [0, 1): the environment's, else an internal generator. */
double expr_eval_random(struct expr_eval *ev);
/* Seconds since the epoch for today()/now(). */
double expr_eval_now(const struct expr_eval *ev);

/* ---- functions ---- */

#define EXPR_ANY_ARGS (-1)

struct expr_function {
	const char *name;
	int min_args, max_args; /* max EXPR_ANY_ARGS: no upper bound */
	/* Evaluates its own arguments (so that if() is lazy) into *out. */
	void (*call)(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out);
};

/* The function called name (len bytes), or NULL. */
const struct expr_function *expr_function_find(const char *name, size_t len);
/* instance('LIST')/root/item[PREDICATE]/FIELD: kids are the list's
 * name, the field's name and the predicate (when given). */
extern const struct expr_function expr_item_lookup;
/* expr-repeat.c: the functions over a repeat's instances */
extern const struct expr_function expr_fn_count, expr_fn_position, expr_fn_indexed_repeat;
/* True when argument i is a ${name} the env gives as a nodeset (the
 * values of a question in a repeat's instances), filled into values/n. */
bool expr_arg_nodeset(struct expr_eval *ev, const struct expr_node *call, size_t i,
		      const char *const **values, size_t *n);

/* True for the stand-in of a vendor's function (cht:*), which is empty. */
bool expr_function_is_vendor(const struct expr_function *f);

#endif
