/* editor.c - the one-line field behind text, number and date questions. */
#include "config.h"
#include <string.h>
#include <wctype.h>
#include "tui/editor.h"
#include "tui/text.h"
#include "util/mem.h"

void tui_editor_init(struct tui_editor *e)
{
	memset(e, 0, sizeof *e);
	e->cap = 16;
	e->buf = ky_calloc(e->cap, sizeof *e->buf);
}

void tui_editor_release(struct tui_editor *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

void tui_editor_set(struct tui_editor *e, const char *utf8)
{
	size_t n;
	wchar_t *w = tui_text_widen_answer(utf8 ? utf8 : "", &n);
	size_t i;
	for (i = 0; i < n; i++)
		if (w[i] == L'\n')
			w[i] = L' ';
	free(e->buf);
	e->buf = w;
	e->len = n;
	e->cap = n + 1;
	e->cursor = n;
	e->scroll = 0;
}

char *tui_editor_text(const struct tui_editor *e)
{
	return tui_text_narrow(e->buf, e->len);
}

bool tui_editor_insert(struct tui_editor *e, wchar_t c)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return false;
	if (e->len + 2 > e->cap) {
		e->cap = (e->len + 2) * 2;
		e->buf = ky_reallocarray(e->buf, e->cap, sizeof *e->buf);
	}
	wmemmove(e->buf + e->cursor + 1, e->buf + e->cursor, e->len - e->cursor);
	e->buf[e->cursor++] = c;
	e->len++;
	e->buf[e->len] = L'\0';
	return true;
}

static void remove_at(struct tui_editor *e, size_t at)
{
	wmemmove(e->buf + at, e->buf + at + 1, e->len - at - 1);
	e->len--;
	e->buf[e->len] = L'\0';
}

bool tui_editor_key(struct tui_editor *e, enum tui_edit_key key)
{
	switch (key) {
	case TE_LEFT:
		if (e->cursor > 0)
			e->cursor--;
		return true;
	case TE_RIGHT:
		if (e->cursor < e->len)
			e->cursor++;
		return true;
	case TE_HOME:
		e->cursor = 0;
		return true;
	case TE_END:
		e->cursor = e->len;
		return true;
	case TE_BACKSPACE:
		if (e->cursor > 0)
			remove_at(e, --e->cursor);
		return true;
	case TE_DELETE:
		if (e->cursor < e->len)
			remove_at(e, e->cursor);
		return true;
	case TE_KILL_LINE:
		e->len = e->cursor = e->scroll = 0;
		e->buf[0] = L'\0';
		return true;
	}
	return false;
}

int tui_editor_view(struct tui_editor *e, int cols)
{
	if (cols < 2)
		cols = 2;
	if (e->scroll > e->cursor)
		e->scroll = e->cursor;
	/* the cursor cell needs one column after the text before it */
	while (tui_text_width(e->buf + e->scroll, e->cursor - e->scroll) > cols - 1)
		e->scroll++;
	return tui_text_width(e->buf + e->scroll, e->cursor - e->scroll);
}
