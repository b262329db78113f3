/* expr-parse.c - recursive descent from tokens to the syntax tree.
 *
 * One function per precedence level would repeat itself five times, so the
 * binary levels share parse_level(), which gathers a run of operators of
 * its level into one EXPR_CHAIN node. Nesting (parentheses, call
 * arguments, unary minus) is counted and refused past EXPR_MAX_DEPTH so
 * that no input can exhaust the stack. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "form/expr-impl.h"
#include "util/mem.h"

enum level { LEVEL_OR, LEVEL_AND, LEVEL_COMPARE, LEVEL_ADD, LEVEL_MULTIPLY, LEVEL_UNARY };

struct parser {
	struct expr_lexer lx;
	struct expr_token tok;
	const char *src;
	char *errbuf;
	size_t errlen;
	int depth;
	int in_predicate;  /* bare words there are the item's columns */
	struct expr *e;
};

static struct expr_node *parse_expression(struct parser *p);

static void advance(struct parser *p)
{
	expr_lexer_next(&p->lx, &p->tok);
}

static bool token_is_word(const struct parser *p, const char *word)
{
	size_t n = strlen(word);

	return p->tok.kind == TOK_NAME && p->tok.text_len == n &&
	       !strncmp(p->src + p->tok.text_start, word, n);
}

static bool token_is_keyword(const struct parser *p)
{
	return token_is_word(p, "and") || token_is_word(p, "or") ||
	       token_is_word(p, "div") || token_is_word(p, "mod");
}

/* AND, Or, DIV...: XPath keywords are case-sensitive, a common slip. */
static bool is_uppercase_keyword(const struct parser *p)
{
	static const char *const keywords[] = { "and", "or", "div", "mod" };
	size_t i;

	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (p->tok.len == strlen(keywords[i]) &&
		    !strncasecmp(p->src + p->tok.start, keywords[i], p->tok.len) &&
		    !token_is_word(p, keywords[i]))
			return true;
	return false;
}

/* "unexpected 'x' at column N" for the current token; a lexical error has
 * already written its own message. */
static void unexpected(struct parser *p)
{
	const struct expr_token *t = &p->tok;
	int shown = expr_display_len(p->src + t->start, t->len, 32);

	if (t->kind == TOK_ERROR)
		return;
	if (t->kind == TOK_END)
		expr_syntax_error(p->src, t->start, p->errbuf, p->errlen,
				  "unexpected end of expression");
	else if (t->kind == TOK_NAME && is_uppercase_keyword(p))
		expr_syntax_error(p->src, t->start, p->errbuf, p->errlen,
				  "unexpected '%.*s' (operators are lowercase)", shown,
				  p->src + t->start);
	else
		expr_syntax_error(p->src, t->start, p->errbuf, p->errlen,
				  "unexpected '%.*s'", shown, p->src + t->start);
}

static struct expr_node *node_create(enum expr_kind kind)
{
	struct expr_node *n = ky_calloc(1, sizeof *n);

	n->kind = kind;
	return n;
}

static void node_destroy(struct expr_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		node_destroy(n->kids[i]);
	free(n->kids);
	free(n->ops);
	free(n->text);
	free(n);
}

static void node_add_kid(struct expr_node *n, struct expr_node *kid)
{
	n->kids = ky_reallocarray(n->kids, n->nkids + 1, sizeof *n->kids);
	n->kids[n->nkids++] = kid;
}

static char *token_text(const struct parser *p)
{
	return ky_strndup(p->src + p->tok.text_start, p->tok.text_len);
}

static void remember_name(char ***names, size_t *count, const char *name)
{
	size_t i;

	for (i = 0; i < *count; i++)
		if (!strcmp((*names)[i], name))
			return;
	*names = ky_reallocarray(*names, *count + 1, sizeof **names);
	(*names)[(*count)++] = ky_strdup(name);
}

static bool enter(struct parser *p)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		expr_syntax_error(p->src, p->tok.start, p->errbuf, p->errlen,
				  "expression nested too deeply");
		return false;
	}
	return true;
}

/* Whether the current token is an operator of this level; sets *op. */
static bool match_operator(const struct parser *p, enum level level, enum expr_op *op)
{
	switch (level) {
	case LEVEL_OR:
		*op = OP_OR;
		return token_is_word(p, "or");
	case LEVEL_AND:
		*op = OP_AND;
		return token_is_word(p, "and");
	case LEVEL_COMPARE:
		switch (p->tok.kind) {
		case TOK_EQ: *op = OP_EQ; return true;
		case TOK_NE: *op = OP_NE; return true;
		case TOK_LT: *op = OP_LT; return true;
		case TOK_LE: *op = OP_LE; return true;
		case TOK_GT: *op = OP_GT; return true;
		case TOK_GE: *op = OP_GE; return true;
		default: return false;
		}
	case LEVEL_ADD:
		*op = p->tok.kind == TOK_PLUS ? OP_ADD : OP_SUB;
		return p->tok.kind == TOK_PLUS || p->tok.kind == TOK_MINUS;
	case LEVEL_MULTIPLY:
		if (p->tok.kind == TOK_STAR) {
			*op = OP_MUL;
			return true;
		}
		*op = token_is_word(p, "div") ? OP_DIV : OP_MOD;
		return token_is_word(p, "div") || token_is_word(p, "mod");
	case LEVEL_UNARY:
		break;
	}
	return false;
}

static const char *arity_text(const struct expr_function *f, char *buf, size_t len)
{
	if (f->max_args == EXPR_ANY_ARGS)
		snprintf(buf, len, "at least %d argument%s", f->min_args,
			 f->min_args == 1 ? "" : "s");
	else if (f->min_args == f->max_args && f->min_args == 0)
		snprintf(buf, len, "no arguments");
	else if (f->min_args == f->max_args)
		snprintf(buf, len, "%d argument%s", f->min_args, f->min_args == 1 ? "" : "s");
	else if (f->max_args == f->min_args + 1)
		snprintf(buf, len, "%d or %d arguments", f->min_args, f->max_args);
	else
		snprintf(buf, len, "%d to %d arguments", f->min_args, f->max_args);
	return buf;
}

/* A regex() whose pattern is a literal is checked here, so that validate
 * can report a pattern that would never be run (expr-regex.c says why);
 * pattern_at is where the literal's text starts in the source. It is not
 * a syntax error: a form a database stored before this check must still
 * load, for export and analysis. */
static void note_regex_problem(struct parser *p, const struct expr_node *call,
			       size_t pattern_at)
{
	char msg[256];
	const char *why;
	size_t offset;

	if (p->e->problem || strcmp(call->function->name, "regex") || call->nkids != 2 ||
	    call->kids[1]->kind != EXPR_STRING)
		return;
	why = expr_regex_problem(call->kids[1]->text, &offset);
	if (!why)
		return;
	expr_syntax_error(p->src, pattern_at + offset, msg, sizeof msg, "%s", why);
	p->e->problem = ky_strdup(msg);
}

static struct expr_node *string_node(const char *text, size_t len)
{
	struct expr_node *n = node_create(EXPR_STRING);
	n->text = ky_strndup(text, len);
	return n;
}

/* The rest of instance('LIST')/root/item[PREDICATE]/FIELD, the lexer
 * just past instance(...)'s ')': a lookup in a choice list, as CHT's
 * and ODK's secondary instances are written. */
static struct expr_node *parse_item(struct parser *p, struct expr_node *call)
{
	struct expr_node *item = node_create(EXPR_CALL), *pred = NULL;
	const char *s = p->src;
	size_t at = p->lx.pos, field;

	item->function = &expr_item_lookup;
	if (call->nkids != 1 || call->kids[0]->kind != EXPR_STRING ||
	    strncmp(s + at, "/root/item", 10)) {
		expr_syntax_error(s, at, p->errbuf, p->errlen,
				  "only instance('LIST')/root/item[...]/FIELD is supported");
		goto fail;
	}
	node_add_kid(item, string_node(call->kids[0]->text, strlen(call->kids[0]->text)));
	p->lx.pos = at + 10;
	advance(p);
	if (p->tok.kind == TOK_LBRACKET) {
		advance(p);
		p->in_predicate++;
		pred = parse_expression(p);
		p->in_predicate--;
		if (!pred)
			goto fail;
		if (p->tok.kind != TOK_RBRACKET) {
			unexpected(p);
			node_destroy(pred);
			goto fail;
		}
		at = p->lx.pos;
	} else {
		at = p->tok.start;
	}
	for (field = at + 1; s[at] == '/' && (isalnum((unsigned char)s[field]) ||
					     s[field] == '_' || s[field] == '-'); field++)
		;
	if (s[at] != '/' || field == at + 1) {
		expr_syntax_error(s, at, p->errbuf, p->errlen,
				  "instance('LIST')/root/item[...] must end in /FIELD (name, label...)");
		node_destroy(pred);
		goto fail;
	}
	node_add_kid(item, string_node(s + at + 1, field - at - 1));
	remember_name(&p->e->item_words, &p->e->nitem_words, item->kids[1]->text);
	if (pred)
		node_add_kid(item, pred);
	p->lx.pos = field;
	node_destroy(call);
	advance(p);
	return item;
fail:
	node_destroy(call);
	node_destroy(item);
	return NULL;
}

/* NAME '(' [expr (',' expr)*] ')' with the current token on '('. */
static struct expr_node *parse_call(struct parser *p, size_t name_start, size_t name_len)
{
	const struct expr_function *f = expr_function_find(p->src + name_start, name_len);
	struct expr_node *call, *arg;
	char arity[64];
	int shown = expr_display_len(p->src + name_start, name_len, 64);
	size_t arg_at, pattern_at = 0;

	if (!f) {
		expr_syntax_error(p->src, name_start, p->errbuf, p->errlen,
				  "unknown function '%.*s'", shown, p->src + name_start);
		return NULL;
	}
	call = node_create(EXPR_CALL);
	call->function = f;
	if (expr_function_is_vendor(f) && !p->e->vendor)
		p->e->vendor = ky_strndup(p->src + name_start, name_len);
	advance(p);
	if (p->tok.kind != TOK_RPAREN) {
		for (;;) {
			arg_at = p->tok.text_start;
			arg = parse_expression(p);
			if (!arg)
				goto fail;
			node_add_kid(call, arg);
			if (call->nkids == 2)
				pattern_at = arg_at;
			if (p->tok.kind == TOK_RPAREN)
				break;
			if (p->tok.kind != TOK_COMMA) {
				if (p->tok.kind == TOK_END)
					expr_syntax_error(p->src, p->tok.start, p->errbuf,
							  p->errlen, "missing ')'");
				else
					unexpected(p);
				goto fail;
			}
			advance(p);
		}
	}
	if ((int)call->nkids < f->min_args ||
	    (f->max_args != EXPR_ANY_ARGS && (int)call->nkids > f->max_args)) {
		expr_syntax_error(p->src, name_start, p->errbuf, p->errlen, "'%s' takes %s",
				  f->name, arity_text(f, arity, sizeof arity));
		goto fail;
	}
	note_regex_problem(p, call, pattern_at);
	if (!strcmp(f->name, "instance") && p->src[p->lx.pos] == '/')
		return parse_item(p, call);
	advance(p);
	return call;
fail:
	node_destroy(call);
	return NULL;
}

static struct expr_node *parse_name(struct parser *p)
{
	size_t start = p->tok.text_start, len = p->tok.text_len;
	struct expr_node *n;

	if (token_is_keyword(p)) {
		unexpected(p);
		return NULL;
	}
	advance(p);
	if (p->tok.kind == TOK_LPAREN)
		return parse_call(p, start, len);
	n = node_create(EXPR_WORD);
	n->text = ky_strndup(p->src + start, len);
	if (!p->in_predicate)
		remember_name(&p->e->words, &p->e->nwords, n->text);
	else
		remember_name(&p->e->item_words, &p->e->nitem_words, n->text);
	return n;
}

static struct expr_node *parse_primary(struct parser *p)
{
	struct expr_node *n;

	switch (p->tok.kind) {
	case TOK_NUMBER:
		n = node_create(EXPR_NUMBER);
		n->number = p->tok.number;
		break;
	case TOK_STRING:
		n = node_create(EXPR_STRING);
		n->text = token_text(p);
		break;
	case TOK_REF:
		n = node_create(EXPR_REF);
		n->text = token_text(p);
		remember_name(&p->e->refs, &p->e->nrefs, n->text);
		break;
	case TOK_DOT:
		n = node_create(EXPR_DOT);
		break;
	case TOK_NAME:
		return parse_name(p);
	case TOK_LPAREN:
		advance(p);
		n = parse_expression(p);
		if (!n)
			return NULL;
		if (p->tok.kind != TOK_RPAREN) {
			if (p->tok.kind == TOK_END)
				expr_syntax_error(p->src, p->tok.start, p->errbuf, p->errlen,
						  "missing ')'");
			else
				unexpected(p);
			node_destroy(n);
			return NULL;
		}
		break;
	default:
		unexpected(p);
		return NULL;
	}
	advance(p);
	return n;
}

static struct expr_node *parse_unary(struct parser *p)
{
	struct expr_node *operand, *n;

	if (p->tok.kind != TOK_MINUS)
		return parse_primary(p);
	if (!enter(p))
		return NULL;
	advance(p);
	operand = parse_unary(p);
	p->depth--;
	if (!operand)
		return NULL;
	n = node_create(EXPR_NEGATE);
	node_add_kid(n, operand);
	return n;
}

static struct expr_node *parse_level(struct parser *p, enum level level)
{
	struct expr_node *first, *next, *chain;
	enum expr_op op;

	if (level == LEVEL_UNARY)
		return parse_unary(p);
	first = parse_level(p, level + 1);
	if (!first || !match_operator(p, level, &op))
		return first;
	chain = node_create(EXPR_CHAIN);
	node_add_kid(chain, first);
	while (match_operator(p, level, &op)) {
		advance(p);
		next = parse_level(p, level + 1);
		if (!next) {
			node_destroy(chain);
			return NULL;
		}
		chain->ops = ky_reallocarray(chain->ops, chain->nkids, sizeof *chain->ops);
		chain->ops[chain->nkids - 1] = op;
		node_add_kid(chain, next);
	}
	return chain;
}

static struct expr_node *parse_expression(struct parser *p)
{
	struct expr_node *n;

	if (!enter(p))
		return NULL;
	n = parse_level(p, LEVEL_OR);
	p->depth--;
	return n;
}

static void free_names(char **names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

void expr_destroy(struct expr *e)
{
	if (!e)
		return;
	node_destroy(e->root);
	free_names(e->refs, e->nrefs);
	free_names(e->words, e->nwords);
	free_names(e->item_words, e->nitem_words);
	free(e->problem);
	free(e->vendor);
	free(e);
}

int expr_parse(const char *src, struct expr **out, char *errbuf, size_t errlen)
{
	struct parser p;

	*out = NULL;
	if (errbuf && errlen)
		errbuf[0] = '\0';
	if (!src)
		src = "";
	memset(&p, 0, sizeof p);
	p.src = src;
	p.errbuf = errbuf;
	p.errlen = errlen;
	p.e = ky_calloc(1, sizeof *p.e);
	expr_lexer_init(&p.lx, src, errbuf, errlen);
	advance(&p);
	if (p.tok.kind == TOK_END) {
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "empty expression");
		goto fail;
	}
	p.e->root = parse_expression(&p);
	if (!p.e->root)
		goto fail;
	if (p.tok.kind != TOK_END) {
		unexpected(&p);
		goto fail;
	}
	*out = p.e;
	return 0;
fail:
	expr_destroy(p.e);
	return -1;
}

const char *expr_problem(const struct expr *e)
{
	return e ? e->problem : NULL;
}

const char *expr_vendor_function(const struct expr *e)
{
	return e ? e->vendor : NULL;
}

size_t expr_ref_count(const struct expr *e)
{
	return e ? e->nrefs : 0;
}

const char *expr_ref_name(const struct expr *e, size_t i)
{
	return e && i < e->nrefs ? e->refs[i] : NULL;
}

size_t expr_word_count(const struct expr *e)
{
	return e ? e->nwords : 0;
}

const char *expr_word_name(const struct expr *e, size_t i)
{
	return e && i < e->nwords ? e->words[i] : NULL;
}

static bool node_calls(const struct expr_node *n, const char *name)
{
	size_t i;

	if (n->kind == EXPR_CALL && !strcmp(n->function->name, name))
		return true;
	for (i = 0; i < n->nkids; i++)
		if (node_calls(n->kids[i], name))
			return true;
	return false;
}

bool expr_calls(const struct expr *e, const char *name)
{
	return e && e->root && node_calls(e->root, name);
}

static void node_rename_ref(struct expr_node *n, const char *from, const char *to)
{
	size_t i;

	if (n->kind == EXPR_REF && !strcmp(n->text, from)) {
		free(n->text);
		n->text = ky_strdup(to);
	}
	for (i = 0; i < n->nkids; i++)
		node_rename_ref(n->kids[i], from, to);
}

void expr_rename_ref(struct expr *e, const char *from, const char *to)
{
	size_t i, kept = 0;
	bool have_to = false;

	if (!e || !e->root || !strcmp(from, to))
		return;
	node_rename_ref(e->root, from, to);
	for (i = 0; i < e->nrefs; i++)
		have_to |= !strcmp(e->refs[i], to);
	for (i = 0; i < e->nrefs; i++) {
		if (!strcmp(e->refs[i], from)) {
			if (have_to) {
				free(e->refs[i]);
				continue;
			}
			free(e->refs[i]);
			e->refs[i] = ky_strdup(to);
			have_to = true;
		}
		e->refs[kept++] = e->refs[i];
	}
	e->nrefs = kept;
}

static void node_attach_tables(struct expr_node *n,
			       const struct expr_table *(*find)(void *ctx, const char *function,
								const char *arg),
			       void *ctx)
{
	const struct expr_node *arg = NULL;
	size_t i;

	if (n->kind == EXPR_CALL && n->function == &expr_item_lookup)
		arg = n->kids[0];
	else if (n->kind == EXPR_CALL && !strcmp(n->function->name, "pulldata"))
		arg = n->kids[0];
	else if (n->kind == EXPR_CALL && !strcmp(n->function->name, "jr:choice-name"))
		arg = n->kids[1];
	if (arg)
		n->table = find(ctx, n->function->name, arg->kind == EXPR_STRING ? arg->text : NULL);
	for (i = 0; i < n->nkids; i++)
		node_attach_tables(n->kids[i], find, ctx);
}

void expr_attach_tables(struct expr *e,
			const struct expr_table *(*find)(void *ctx, const char *function,
							 const char *arg),
			void *ctx)
{
	if (e && e->root)
		node_attach_tables(e->root, find, ctx);
}

void expr_table_free(struct expr_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_cols; i++)
		free(t->header[i]);
	for (i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->header);
	free(t->cells);
	free(t);
}

bool expr_reads_item_column(const struct expr *e, const char *column)
{
	size_t i;
	for (i = 0; e && i < e->nitem_words; i++)
		if (!strcasecmp(e->item_words[i], column))
			return true;
	return false;
}
