/* text.c - wide strings, widths and wrapping for the screen. */
#include "config.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "tui/text.h"
#include "util/escape.h"
#include "util/mem.h"

static wchar_t *widen(const char *utf8, size_t *len, bool mark_format)
{
	size_t in = strlen(utf8), n = 0;
	wchar_t *w = ky_calloc(in + 1, sizeof *w);
	mbstate_t st;
	const char *p = utf8, *end = utf8 + in;
	memset(&st, 0, sizeof st);
	while (p < end) {
		wchar_t c;
		size_t r = mbrtowc(&c, p, (size_t)(end - p), &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			/* a stray byte: show it as the replacement character */
			memset(&st, 0, sizeof st);
			c = 0xFFFD;
			r = 1;
		}
		if ((c < 0x20 && c != L'\n') || (c >= 0x7f && c <= 0x9f))
			c = L' ';
		/* a bidi override or a zero-width character would reorder or
		 * hide what the respondent reads: shown, not obeyed */
		if (mark_format && ky_is_format_char((unsigned long)c))
			c = 0xFFFD;
		w[n++] = c;
		p += r;
	}
	w[n] = L'\0';
	if (len)
		*len = n;
	return w;
}

wchar_t *tui_text_widen(const char *utf8, size_t *len)
{
	return widen(utf8, len, true);
}

wchar_t *tui_text_widen_answer(const char *utf8, size_t *len)
{
	return widen(utf8, len, false);
}

char *tui_text_narrow(const wchar_t *w, size_t n)
{
	char *out = ky_malloc(n * MB_CUR_MAX + 1), *p = out;
	mbstate_t st;
	size_t i;
	memset(&st, 0, sizeof st);
	for (i = 0; i < n; i++) {
		size_t r = wcrtomb(p, w[i], &st);
		if (r == (size_t)-1) {
			memset(&st, 0, sizeof st);
			*p = '?';
			r = 1;
		}
		p += r;
	}
	*p = '\0';
	return out;
}

int tui_text_char_width(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

int tui_text_width(const wchar_t *w, size_t n)
{
	int cols = 0;
	size_t i;
	for (i = 0; i < n; i++)
		cols += tui_text_char_width(w[i]);
	return cols;
}

size_t tui_text_fit(const wchar_t *w, size_t n, int cols)
{
	size_t i;
	int used = 0;
	for (i = 0; i < n; i++) {
		int cw = tui_text_char_width(w[i]);
		if (used + cw > cols)
			break;
		used += cw;
	}
	return i;
}

static void add_line(struct tui_lines *l, const wchar_t *w, size_t n)
{
	wchar_t *line = ky_calloc(n + 1, sizeof *line);
	wmemcpy(line, w, n);
	l->line = ky_reallocarray(l->line, l->n + 1, sizeof *l->line);
	l->line[l->n++] = line;
}

/* Greedy wrap of one paragraph (no '\n' inside). */
static void wrap_paragraph(const wchar_t *w, size_t n, int width, struct tui_lines *out)
{
	size_t start = 0;
	if (n == 0) {
		add_line(out, w, 0);
		return;
	}
	while (start < n) {
		size_t fit, cut, next;
		while (start < n && w[start] == L' ' && start > 0)
			start++;   /* no leading blank on a continuation line */
		if (start >= n)
			break;
		fit = tui_text_fit(w + start, n - start, width);
		if (fit == 0)
			fit = 1;   /* a character wider than the screen still advances */
		if (start + fit >= n) {
			add_line(out, w + start, n - start);
			break;
		}
		/* break at the last space that fits, else mid-word */
		cut = fit;
		while (cut > 0 && w[start + cut] != L' ')
			cut--;
		if (cut == 0)
			cut = fit;
		next = start + cut;
		/* trailing blanks of the line are not shown */
		while (cut > 0 && w[start + cut - 1] == L' ')
			cut--;
		add_line(out, w + start, cut);
		start = next;
	}
}

void tui_text_wrap(const char *utf8, int width, struct tui_lines *out)
{
	size_t n, start = 0, i;
	wchar_t *w = tui_text_widen(utf8, &n);
	out->line = NULL;
	out->n = 0;
	if (width < 1)
		width = 1;
	for (i = 0; i <= n; i++) {
		if (i == n || w[i] == L'\n') {
			wrap_paragraph(w + start, i - start, width, out);
			start = i + 1;
		}
	}
	free(w);
}

void tui_lines_release(struct tui_lines *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	l->line = NULL;
	l->n = 0;
}

/* The base letter of a lowercase Latin-1 or Latin Extended-A letter ('*': none). */
static const char latin1_base[] = "aaaaaaaceeeeiiiidnooooo*ouuuuy*saaaaaaaceeeeiiiidnooooo*ouuuuy*y";
static const char latin_ext_a_base[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
	"lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static wchar_t fold_char(wchar_t c, bool fold_accents)
{
	c = (wchar_t)towlower((wint_t)c);
	if (!fold_accents)
		return c;
	if (c >= 0xC0 && c <= 0xFF && latin1_base[c - 0xC0] != '*')
		return (wchar_t)latin1_base[c - 0xC0];
	if (c >= 0x100 && c <= 0x17F)
		return (wchar_t)latin_ext_a_base[c - 0x100];
	return c;
}

bool tui_text_starts_with(const char *label, const wchar_t *prefix, size_t n, bool fold_accents)
{
	size_t len, i;
	wchar_t *w = tui_text_widen(label, &len);
	bool match = n <= len;
	for (i = 0; match && i < n; i++)
		match = fold_char(w[i], fold_accents) == fold_char(prefix[i], fold_accents);
	free(w);
	return match;
}
