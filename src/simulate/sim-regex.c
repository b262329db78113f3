/* sim-regex.c - a text matching a constraint's regex() pattern.
 *
 * Real forms check phone numbers, codes and names with patterns such as
 * '^0[0-9]{9}$' or '^[a-zA-Z0-9. _-éáí]{1,25}$'. The subset they use is
 * generated here: literals, '.', escapes (\d \w \s and escaped
 * punctuation), bracket classes with ranges, negation, POSIX classes and
 * the shorthand classes, groups with alternation, the quantifiers ? * +
 * {n} {n,} {n,m} (lazy and possessive ones alike) and the anchors.
 * Look-around, back-references and the other escapes make the draw fail.
 * The caller checks the text with the form's own engine (expr-regex.c):
 * this only has to be right often, not always. */
#include "config.h"
#include <string.h>
#include "simulate/sim-impl.h"
#include "util/escape.h"

#define GEN_MAX_DEPTH 32
#define GEN_MAX_RANGES 64
/* Open-ended repeats and wide bounds stay short: a name of a few words. */
#define GEN_EXTRA_REPEATS 7

struct gen {
	struct sim *sim;
	const char *p;
	char *out;
	size_t len, cap;
	bool bad;
	int depth;
};

struct cp_range {
	unsigned long lo, hi;
};

struct char_class {
	struct cp_range r[GEN_MAX_RANGES];
	size_t n;
	bool negated;
};

static void emit_code_point(struct gen *g, unsigned long cp)
{
	char u[4];
	size_t n = ky_utf8_encode(cp, u);

	if (g->len + n >= g->cap) {
		g->bad = true;
		return;
	}
	memcpy(g->out + g->len, u, n);
	g->len += n;
	g->out[g->len] = '\0';
}

/* One character of the pattern at g->p, consumed. */
static unsigned long take_char(struct gen *g)
{
	unsigned long cp;
	size_t n = ky_utf8_decode((const unsigned char *)g->p, strlen(g->p), &cp);

	if (n == 0) {
		cp = (unsigned char)*g->p;
		n = 1;
	}
	g->p += n;
	return cp;
}

static void class_add(struct char_class *c, unsigned long lo, unsigned long hi)
{
	if (c->n < GEN_MAX_RANGES && lo <= hi) {
		c->r[c->n].lo = lo;
		c->r[c->n].hi = hi;
		c->n++;
	}
}

/* \d \w \s (and the letters' classes of POSIX) into c; false for others. */
static bool class_add_shorthand(struct char_class *c, const char *name)
{
	if (!strcmp(name, "d") || !strcmp(name, "digit")) {
		class_add(c, '0', '9');
	} else if (!strcmp(name, "w") || !strcmp(name, "alnum")) {
		class_add(c, 'a', 'z');
		class_add(c, 'A', 'Z');
		class_add(c, '0', '9');
	} else if (!strcmp(name, "s") || !strcmp(name, "space") || !strcmp(name, "blank")) {
		class_add(c, ' ', ' ');
	} else if (!strcmp(name, "alpha")) {
		class_add(c, 'a', 'z');
		class_add(c, 'A', 'Z');
	} else if (!strcmp(name, "upper")) {
		class_add(c, 'A', 'Z');
	} else if (!strcmp(name, "lower")) {
		class_add(c, 'a', 'z');
	} else if (!strcmp(name, "punct")) {
		class_add(c, '.', '.');
	} else if (!strcmp(name, "xdigit")) {
		class_add(c, '0', '9');
		class_add(c, 'a', 'f');
	} else {
		return false;
	}
	return true;
}

/* A member of a bracket expression: a character, an escape or a POSIX
 * class; *cp gets the character (or is left alone for a class). */
static bool class_member(struct gen *g, struct char_class *c, unsigned long *cp, bool *single)
{
	char name[16];
	const char *close;

	*single = false;
	if (g->p[0] == '[' && g->p[1] == ':' && (close = strstr(g->p + 2, ":]")) != NULL) {
		size_t len = (size_t)(close - g->p - 2);
		if (len >= sizeof name)
			return false;
		memcpy(name, g->p + 2, len);
		name[len] = '\0';
		g->p = close + 2;
		return class_add_shorthand(c, name);
	}
	if (g->p[0] == '\\' && g->p[1]) {
		name[0] = g->p[1];
		name[1] = '\0';
		if (strchr("dws", g->p[1])) {
			g->p += 2;
			return class_add_shorthand(c, name);
		}
		if ((g->p[1] >= 'a' && g->p[1] <= 'z') || (g->p[1] >= 'A' && g->p[1] <= 'Z') ||
		    (g->p[1] >= '0' && g->p[1] <= '9'))
			return false;   /* \D \p{..} \n \1: not in the subset */
		g->p++;
	}
	*cp = take_char(g);
	*single = true;
	return true;
}

static bool parse_class(struct gen *g, struct char_class *c)
{
	unsigned long lo, hi;
	bool single, first = true;

	c->n = 0;
	c->negated = *g->p == '^';
	if (c->negated)
		g->p++;
	while (*g->p && (*g->p != ']' || first)) {
		first = false;
		if (!class_member(g, c, &lo, &single))
			return false;
		if (!single)
			continue;
		if (g->p[0] == '-' && g->p[1] && g->p[1] != ']') {
			g->p++;
			if (!class_member(g, c, &hi, &single) || !single)
				return false;
			class_add(c, lo, hi);
		} else {
			class_add(c, lo, lo);
		}
	}
	if (*g->p != ']' || c->n == 0)
		return false;
	g->p++;
	return true;
}

/* Characters a respondent types: no controls, no surrogates. */
static bool typable(unsigned long cp)
{
	return cp >= 0x20 && cp != 0x7F && (cp < 0x80 || cp > 0x9F) &&
	       (cp < 0xD800 || cp > 0xDFFF) && cp <= 0x10FFFF;
}

static bool class_has(const struct char_class *c, unsigned long cp)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (cp >= c->r[i].lo && cp <= c->r[i].hi)
			return true;
	return false;
}

/* A range at random, then a typable character in it. */
static bool class_pick(struct gen *g, const struct char_class *c, unsigned long *cp)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .";
	const struct cp_range *r;
	size_t tries;

	for (tries = 0; tries < 64; tries++) {
		if (c->negated) {
			*cp = (unsigned char)plain[sim_uniform_index(g->sim, sizeof plain - 1)];
			if (!class_has(c, *cp))
				return true;
			continue;
		}
		r = &c->r[sim_uniform_index(g->sim, c->n)];
		*cp = r->lo + sim_uniform_index(g->sim, (size_t)(r->hi - r->lo) + 1);
		if (typable(*cp))
			return true;
	}
	return false;
}

static void gen_alternation(struct gen *g, bool emit);

/* The atom at g->p: a group, a class, '.', an escape or a character. */
static void gen_atom(struct gen *g, bool emit)
{
	struct char_class c;
	unsigned long cp = 0;

	if (*g->p == '(') {
		g->p++;
		if (g->p[0] == '?' && g->p[1] == ':')
			g->p += 2;
		else if (g->p[0] == '?')
			g->bad = true;   /* look-around, named groups, flags */
		if (++g->depth > GEN_MAX_DEPTH)
			g->bad = true;
		if (!g->bad)
			gen_alternation(g, emit);
		g->depth--;
		if (*g->p != ')')
			g->bad = true;
		else
			g->p++;
		return;
	}
	if (*g->p == '[') {
		g->p++;
		if (!parse_class(g, &c) || (emit && !class_pick(g, &c, &cp)))
			g->bad = true;
	} else if (*g->p == '.') {
		g->p++;
		cp = 'a' + sim_uniform_index(g->sim, 26);
	} else if (*g->p == '\\' && g->p[1]) {
		c.n = 0;
		c.negated = false;
		if (strchr("dws", g->p[1])) {
			char name[2] = { g->p[1], '\0' };
			class_add_shorthand(&c, name);
			g->p += 2;
			if (emit && !class_pick(g, &c, &cp))
				g->bad = true;
		} else if (strchr("DWS", g->p[1])) {
			cp = g->p[1] == 'D' ? 'x' : g->p[1] == 'W' ? '.' : 'x';
			g->p += 2;
		} else if ((g->p[1] | 0x20) >= 'a' && (g->p[1] | 0x20) <= 'z') {
			g->bad = true;   /* \b \p{..} \n ... */
		} else if (g->p[1] >= '0' && g->p[1] <= '9') {
			g->bad = true;   /* back-references */
		} else {
			g->p++;
			cp = take_char(g);
		}
	} else {
		cp = take_char(g);
	}
	if (emit && !g->bad)
		emit_code_point(g, cp);
}

/* The quantifier after an atom, consumed: how often to repeat it. */
static void parse_quantifier(struct gen *g, size_t *lo, size_t *hi)
{
	const char *q = g->p;
	size_t n = 0, m;

	*lo = *hi = 1;
	if (*q == '?' || *q == '*' || *q == '+') {
		*lo = *q == '+' ? 1 : 0;
		*hi = *q == '?' ? 1 : *lo + GEN_EXTRA_REPEATS;
		q++;
	} else if (*q == '{' && q[1] >= '0' && q[1] <= '9') {
		for (q++; *q >= '0' && *q <= '9' && n < 100000; q++)
			n = n * 10 + (size_t)(*q - '0');
		m = n;
		if (*q == ',') {
			q++;
			m = n + GEN_EXTRA_REPEATS;
			if (*q >= '0' && *q <= '9')
				for (m = 0; *q >= '0' && *q <= '9' && m < 100000; q++)
					m = m * 10 + (size_t)(*q - '0');
		}
		if (*q != '}' || m < n)
			return;   /* not a bound: Java reads '{' as itself */
		q++;
		*lo = n;
		*hi = m;
	} else {
		return;
	}
	if (*q == '?' || *q == '+')
		q++;   /* lazy or possessive: the same strings */
	g->p = q;
	if (*hi > *lo + GEN_EXTRA_REPEATS)
		*hi = *lo + GEN_EXTRA_REPEATS;
}

/* Atoms until '|', ')' or the end. */
static void gen_sequence(struct gen *g, bool emit)
{
	while (*g->p && *g->p != '|' && *g->p != ')' && !g->bad) {
		const char *atom = g->p, *after;
		size_t lo, hi, times, k;

		if (*g->p == '^' || *g->p == '$') {
			g->p++;
			continue;
		}
		gen_atom(g, false);
		if (g->bad)
			return;
		parse_quantifier(g, &lo, &hi);
		after = g->p;
		times = emit ? lo + sim_uniform_index(g->sim, hi - lo + 1) : 0;
		for (k = 0; k < times && !g->bad; k++) {
			g->p = atom;
			gen_atom(g, true);
		}
		g->p = after;
	}
}

/* How many branches the group (or the pattern) at g->p has. */
static size_t count_branches(const char *p)
{
	size_t n = 1;
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			for (p++; *p && *p != ']'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				break;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (depth-- == 0)
				break;
		} else if (*p == '|' && depth == 0) {
			n++;
		}
	}
	return n;
}

static void gen_alternation(struct gen *g, bool emit)
{
	size_t chosen = sim_uniform_index(g->sim, count_branches(g->p)), k = 0;

	for (;;) {
		gen_sequence(g, emit && k == chosen);
		if (g->bad || *g->p != '|')
			return;
		g->p++;
		k++;
	}
}

bool sim_regex_draw(struct sim *sim, const char *pattern, char *out, size_t cap)
{
	struct gen g = { sim, pattern, out, 0, cap, false, 0 };

	if (cap == 0)
		return false;
	out[0] = '\0';
	gen_alternation(&g, true);
	return !g.bad && *g.p == '\0';
}
