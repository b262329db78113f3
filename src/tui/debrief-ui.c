/* debrief-ui.c - the debrief screen (debrief-ui.h). */
#include "config.h"
#include <curses.h>
#include <stdlib.h>
#include <time.h>
#include "tui/debrief-ui.h"
#include "tui/keys.h"
#include "tui/term.h"
#include "tui/text.h"
#include "util/mem.h"

/* One screen row of the wrapped debrief. */
struct row {
	const wchar_t *text;
	unsigned int attr;
	int indent;
};

static unsigned int style_attr(const struct debrief_line *l)
{
	const struct tui_style *st = tui_term_style();
	switch (l->style) {
	case DB_TITLE:
	case DB_ITEM: return A_BOLD;
	case DB_OUTCOME: return l->outcome == KO_CORRECT ? st->selected : l->outcome == KO_INCORRECT ? st->error : A_NORMAL;
	case DB_DETAIL: return st->hint;
	default: return A_NORMAL;
	}
}

/* Wraps every line to width; rows point into wrapped[], which the caller
 * releases. */
static struct row *layout(const struct debrief *d, int width, struct tui_lines *wrapped, size_t *n_rows)
{
	size_t n = 0, cap = 64;
	struct row *rows = ky_calloc(cap, sizeof *rows);

	for (size_t i = 0; i < d->n; i++) {
		int indent = d->line[i].style == DB_OUTCOME || d->line[i].style == DB_DETAIL ? 3 : 0;
		const char *text = d->line[i].text && *d->line[i].text ? d->line[i].text : " ";
		tui_text_wrap(text, width - indent, &wrapped[i]);
		for (size_t j = 0; j < wrapped[i].n; j++) {
			KY_GROW(rows, n, cap, 16);
			rows[n].text = wrapped[i].line[j];
			rows[n].attr = style_attr(&d->line[i]);
			rows[n].indent = indent;
			n++;
		}
	}
	*n_rows = n;
	return rows;
}

static void put_row(int y, int x, int cols, const wchar_t *w, unsigned int attr, bool pad)
{
	size_t len = wcslen(w), fit = tui_text_fit(w, len, cols);
	int used = tui_text_width(w, fit);
	attron((int)attr);
	mvaddnwstr(y, x, w, (int)fit);
	for (; pad && used < cols; used++)
		addch(' ');
	attroff((int)attr);
}

static void put_line(int y, int x, int cols, const char *utf8, unsigned int attr, bool pad)
{
	wchar_t *w = tui_text_widen(utf8, NULL);
	if (w)
		put_row(y, x, cols, w, attr, pad);
	free(w);
}

/* Draws from row *first (clamped); returns the rows one page holds. */
static int draw(const struct debrief *d, const char *title, int *first)
{
	const struct tui_style *st = tui_term_style();
	int rows, cols, page;
	size_t n;
	getmaxyx(stdscr, rows, cols);
	erase();
	curs_set(0);
	put_line(0, 0, cols, "", st->title, true);
	put_line(0, 1, cols - 2, title, st->title, false);
	page = rows - 3;
	if (page < 1 || cols < 20) {
		refresh();
		return 1;
	}
	struct tui_lines *wrapped = ky_calloc(d->n + 1, sizeof *wrapped);
	struct row *r = layout(d, cols - 6, wrapped, &n);
	if (*first > (int)n - page)
		*first = (int)n - page;
	if (*first < 0)
		*first = 0;
	for (int i = 0; i < page && *first + i < (int)n; i++)
		put_row(2 + i, 2 + r[*first + i].indent, cols - 6 - r[*first + i].indent,
			r[*first + i].text, r[*first + i].attr, false);
	if (*first > 0)
		mvaddstr(2, cols - 2, "↑");
	if (*first + page < (int)n)
		mvaddstr(rows - 2, cols - 2, "↓");
	put_line(rows - 1, 0, cols, "", st->help, true);
	put_line(rows - 1, 1, cols - 1, d->help, st->help, false);
	refresh();
	for (size_t i = 0; i < d->n; i++)
		tui_lines_release(&wrapped[i]);
	free(wrapped);
	free(r);
	return page;
}

/* Moves *first for a key; true when the key closes the screen. */
static bool key(struct tui_key k, int page, int *first)
{
	switch (k.action) {
	case TK_UP: (*first)--; break;
	case TK_DOWN: (*first)++; break;
	case TK_PAGE_UP: *first -= page; break;
	case TK_PAGE_DOWN: case TK_SELECT: *first += page; break;
	case TK_HOME: *first = 0; break;
	case TK_END: *first = 1 << 20; break;
	case TK_ENTER: case TK_ESCAPE: return true;
	case TK_CHAR: return k.ch == L'q' || k.ch == L'Q';
	default: break;
	}
	return false;
}

void tui_debrief_show(const struct debrief *d, const char *title, int idle_seconds,
		      int *quit_signal)
{
	int first = 0, page = 1;
	bool dirty = true;
	time_t last = time(NULL);

	*quit_signal = 0;
	for (;;) {
		enum tui_event ev = tui_term_poll();
		wint_t k;
		int got;
		if (ev == TE_QUIT) {
			*quit_signal = tui_term_quit_signal();
			return;
		}
		if (ev == TE_REDRAW || dirty)
			page = draw(d, title, &first);
		dirty = false;
		got = get_wch(&k);
		if (got == ERR) {
			if (idle_seconds > 0 && time(NULL) - last >= idle_seconds)
				return;
			continue;
		}
		last = time(NULL);
		dirty = true;   /* a resize too: key() leaves it alone */
		if (key(tui_key_of(got == KEY_CODE_YES, k), page, &first))
			return;
	}
}
