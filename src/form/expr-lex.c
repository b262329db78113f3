/* expr-lex.c - splits an expression into tokens.
 *
 * Names follow XPath's NCName loosely: a letter or '_' then letters,
 * digits, '_', '-', '.', and ':' between name characters (jr:choice-name),
 * so that hyphenated function names such as count-selected are one token.
 * Keywords (and, or, div, mod) are plain names here; the parser decides. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "form/expr-impl.h"
#include "util/mem.h"

int expr_column(const char *src, size_t offset)
{
	int column = 1;
	size_t i;

	for (i = 0; i < offset && src[i]; i++)
		if (((unsigned char)src[i] & 0xC0) != 0x80)
			column++;
	return column;
}

void expr_syntax_error(const char *src, size_t offset, char *errbuf, size_t errlen,
		       const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (!errbuf || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(errbuf, errlen, "%s at column %d", what, expr_column(src, offset));
}

int expr_display_len(const char *s, size_t len, size_t max)
{
	size_t shown = 0, n;

	while (shown < len) {
		if ((unsigned char)s[shown] < 0x20 || s[shown] == 0x7F)
			break;
		n = 1;
		if ((unsigned char)s[shown] >= 0xC0)
			while (shown + n < len && ((unsigned char)s[shown + n] & 0xC0) == 0x80)
				n++;
		if (shown + n > max)
			break;
		shown += n;
	}
	return (int)shown;
}

void expr_lexer_init(struct expr_lexer *lx, const char *src, char *errbuf, size_t errlen)
{
	lx->src = src;
	lx->pos = 0;
	lx->errbuf = errbuf;
	lx->errlen = errlen;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       ((unsigned char)c & 0x80);
}

static bool is_name_char(char c)
{
	return is_name_start(c) || is_digit(c) || c == '-' || c == '.';
}

/* U+2018, U+2019, U+201C, U+201D: a word processor's quotes, which
 * XPath (and so ODK) does not take as string delimiters. */
static bool typographic_quote(const char *s)
{
	return (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	       ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99 ||
		(unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D);
}

static size_t scan_name(const char *s, size_t pos)
{
	while ((is_name_char(s[pos]) && !typographic_quote(s + pos)) ||
	       (s[pos] == ':' && is_name_start(s[pos + 1])))
		pos++;
	return pos;
}

static void lex_error(struct expr_lexer *lx, struct expr_token *tok, size_t at,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void lex_error(struct expr_lexer *lx, struct expr_token *tok, size_t at,
		      const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	expr_syntax_error(lx->src, at, lx->errbuf, lx->errlen, "%s", what);
	tok->kind = TOK_ERROR;
	tok->start = at;
	tok->len = 0;
}

static void lex_number(struct expr_lexer *lx, struct expr_token *tok)
{
	const char *s = lx->src;
	size_t end = lx->pos;
	char *copy;

	while (is_digit(s[end]))
		end++;
	if (s[end] == '.')
		for (end++; is_digit(s[end]); end++)
			;
	/* The syntax is checked, so strtod on a copy reads exactly it (main
	 * keeps LC_NUMERIC at "C"). */
	copy = ky_strndup(s + lx->pos, end - lx->pos);
	tok->kind = TOK_NUMBER;
	tok->number = strtod(copy, NULL);
	free(copy);
	lx->pos = end;
}

static void lex_string(struct expr_lexer *lx, struct expr_token *tok)
{
	const char *close = strchr(lx->src + lx->pos + 1, lx->src[lx->pos]);

	if (!close) {
		lex_error(lx, tok, lx->pos, "unterminated string");
		return;
	}
	tok->kind = TOK_STRING;
	tok->text_start = lx->pos + 1;
	tok->text_len = (size_t)(close - lx->src) - tok->text_start;
	lx->pos = (size_t)(close - lx->src) + 1;
}

static void lex_reference(struct expr_lexer *lx, struct expr_token *tok)
{
	const char *s = lx->src;
	size_t open = lx->pos, name = open + 2, end;
	const char *close = strchr(s + name, '}');

	if (!close) {
		lex_error(lx, tok, open, "unterminated reference '${'");
		return;
	}
	end = (size_t)(close - s);
	/* Spaces inside the braces are forgiven, as pyxform's regex does. */
	while (name < end && is_space(s[name]))
		name++;
	while (end > name && is_space(s[end - 1]))
		end--;
	if (name == end) {
		lex_error(lx, tok, open, "empty reference '${}'");
		return;
	}
	if (!is_name_start(s[name]) || scan_name(s, name) != end) {
		lex_error(lx, tok, open, "invalid name in reference '${%.*s}'",
			  expr_display_len(s + name, end - name, 64), s + name);
		return;
	}
	tok->kind = TOK_REF;
	tok->text_start = name;
	tok->text_len = end - name;
	lx->pos = (size_t)(close - s) + 1;
}

static bool path_start(const char *s)
{
	return s[0] == '/' || (s[0] == '.' && s[1] == '/') ||
	       (s[0] == '.' && s[1] == '.' && s[2] == '/');
}

/* An XPath node path as pyxform passes it through: /data/g/x, ./x,
 * ../g/x. It reads as a reference to the names of its trailing steps:
 * "g/x" for a relative path, "/g/x" for an absolute one (its root's name
 * dropped), which the form reader resolves to the question whose group
 * path ends so, or is so (an ODK path tells apart questions that share
 * a name in different groups). */
static void lex_path(struct expr_lexer *lx, struct expr_token *tok)
{
	const char *s = lx->src;
	bool absolute = s[lx->pos] == '/', root = absolute, seen_dots = false;
	size_t p = lx->pos + absolute, run = 0, last_len = 0;

	for (;;) {
		last_len = 0;
		if (s[p] == '.' && s[p + 1] == '.') {
			p += 2;
			run = 0;
			seen_dots = true;
		} else if (s[p] == '.') {
			p++;
			run = 0;
			seen_dots = true;
		} else if (is_name_start(s[p]) && !typographic_quote(s + p)) {
			size_t start = p;
			p = scan_name(s, p);
			last_len = p - start;
			if (!run && !root)
				run = absolute && start > lx->pos + 1 && !seen_dots ? start - 1 : start;
			root = false;
		} else {
			lex_error(lx, tok, p, "a path step must be a name, '.' or '..'");
			return;
		}
		if (s[p] != '/')
			break;
		p++;
	}
	if (!last_len) {
		lex_error(lx, tok, lx->pos, "a path must end in a question name (or write ${name})");
		return;
	}
	if (!run)
		run = p - last_len;   /* "/x": the root's name alone */
	tok->kind = TOK_REF;
	tok->text_start = run;
	tok->text_len = p - run;
	lx->pos = p;
}

/* One- and two-character operators. */
static bool lex_operator(struct expr_lexer *lx, struct expr_token *tok)
{
	static const struct {
		const char *text;
		enum expr_token_kind kind;
	} operators[] = {
		{ "!=", TOK_NE }, { "<=", TOK_LE }, { ">=", TOK_GE },
		{ "=", TOK_EQ }, { "<", TOK_LT }, { ">", TOK_GT },
		{ "+", TOK_PLUS }, { "-", TOK_MINUS }, { "*", TOK_STAR },
		{ "(", TOK_LPAREN }, { ")", TOK_RPAREN }, { ",", TOK_COMMA },
		{ "[", TOK_LBRACKET }, { "]", TOK_RBRACKET },
	};
	const char *s = lx->src + lx->pos;
	size_t i, n;

	for (i = 0; i < sizeof operators / sizeof operators[0]; i++) {
		n = strlen(operators[i].text);
		if (!strncmp(s, operators[i].text, n)) {
			tok->kind = operators[i].kind;
			lx->pos += n;
			return true;
		}
	}
	return false;
}

void expr_lexer_next(struct expr_lexer *lx, struct expr_token *tok)
{
	const char *s = lx->src;
	unsigned char c;

	while (is_space(s[lx->pos]))
		lx->pos++;
	memset(tok, 0, sizeof *tok);
	tok->start = lx->pos;
	c = (unsigned char)s[lx->pos];
	if (c == '\0')
		tok->kind = TOK_END;
	else if (is_digit((char)c) || (c == '.' && is_digit(s[lx->pos + 1])))
		lex_number(lx, tok);
	else if (path_start(s + lx->pos))
		lex_path(lx, tok);
	else if (!strncmp(s + lx->pos, "current()/", 10) && path_start(s + lx->pos + 10) &&
		 s[lx->pos + 10] == '.') {
		/* current()/../x: the question's own node, then a relative path */
		lx->pos += 10;
		lex_path(lx, tok);
	}
	else if (c == '.') {
		/* '..' alone is the parent node: position(..) is all that takes it */
		tok->kind = TOK_DOT;
		lx->pos += s[lx->pos + 1] == '.' ? 2 : 1;
	} else if (c == '\'' || c == '"')
		lex_string(lx, tok);
	else if (c == '$' && s[lx->pos + 1] == '{')
		lex_reference(lx, tok);
	else if (typographic_quote(s + lx->pos))
		lex_error(lx, tok, lx->pos, "typographic quote '%.3s' (write a text between ' or \")",
			  s + lx->pos);
	else if (is_name_start((char)c)) {
		tok->kind = TOK_NAME;
		tok->text_start = lx->pos;
		lx->pos = scan_name(s, lx->pos);
		tok->text_len = lx->pos - tok->text_start;
	} else if (c == '=' && s[lx->pos + 1] == '=')
		lex_error(lx, tok, lx->pos, "unexpected '==' (use '=')");
	else if (!lex_operator(lx, tok)) {
		if (c >= 0x20 && c < 0x7F)
			lex_error(lx, tok, lx->pos, "unexpected character '%c'", c);
		else
			lex_error(lx, tok, lx->pos, "unexpected character 0x%02X", c);
		return;
	}
	if (tok->kind != TOK_ERROR)
		tok->len = lx->pos - tok->start;
}
