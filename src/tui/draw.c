/* draw.c - drawing helpers of collect's screens and the lines every
 * screen shares: the title bar, the progress line, the help line. */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include "tui/screens.h"
#include "tui/term.h"
#include "tui/text.h"

/* Draws n wide characters at y,x clipped to cols columns; pads with
 * spaces to cols when pad. Returns the columns used. */
int cui_put_wide(int y, int x, int cols, const wchar_t *w, size_t n, unsigned int attr, bool pad)
{
	size_t fit;
	int used;
	if (cols <= 0)
		return 0;
	fit = tui_text_fit(w, n, cols);
	used = tui_text_width(w, fit);
	attron((int)attr);
	if (fit)
		mvaddnwstr(y, x, w, (int)fit);
	else
		move(y, x);
	if (pad)
		for (; used < cols; used++)
			addch(' ');
	attroff((int)attr);
	return used;
}

int cui_put_text(int y, int x, int cols, const char *utf8, unsigned int attr, bool pad)
{
	size_t n;
	wchar_t *w = tui_text_widen(utf8, &n);
	int used = cui_put_wide(y, x, cols, w, n, attr, pad);
	free(w);
	return used;
}

int cui_text_width(const char *utf8)
{
	size_t n;
	wchar_t *w = tui_text_widen(utf8, &n);
	int cols = tui_text_width(w, n);
	free(w);
	return cols;
}

/* Wrapped text from row y on, at most max_rows rows; returns rows used. */
int cui_put_wrapped(int y, int x, int cols, int max_rows, const char *utf8, unsigned int attr)
{
	struct tui_lines l;
	int i;
	if (!*utf8 || max_rows <= 0)
		return 0;
	tui_text_wrap(utf8, cols, &l);
	for (i = 0; i < (int)l.n && i < max_rows; i++)
		cui_put_wide(y + i, x, cols, l.line[i], wcslen(l.line[i]), attr, false);
	if ((int)l.n > max_rows && max_rows > 0)
		mvaddstr(y + max_rows - 1, x + cols - 1, "…");
	tui_lines_release(&l);
	return i;
}

/* Like cui_put_wrapped, from line *first on (clamped so that the last
 * page is full), with arrows in the right margin when more is above or
 * below: how a note longer than the screen is read. */
int cui_put_wrapped_scrolled(int y, int x, int cols, int max_rows, const char *utf8,
			     unsigned int attr, int *first)
{
	struct tui_lines l;
	int i;
	if (!*utf8 || max_rows <= 0)
		return 0;
	tui_text_wrap(utf8, cols - 2, &l);
	if (*first > (int)l.n - max_rows)
		*first = (int)l.n - max_rows;
	if (*first < 0)
		*first = 0;
	for (i = 0; *first + i < (int)l.n && i < max_rows; i++)
		cui_put_wide(y + i, x, cols - 2, l.line[*first + i], wcslen(l.line[*first + i]),
			     attr, false);
	if (*first > 0)
		mvaddstr(y, x + cols - 1, "↑");
	if (*first + max_rows < (int)l.n)
		mvaddstr(y + max_rows - 1, x + cols - 1, "↓");
	tui_lines_release(&l);
	return i;
}

int cui_wrapped_rows(const char *utf8, int cols)
{
	struct tui_lines l;
	int n;
	if (!*utf8)
		return 0;
	tui_text_wrap(utf8, cols, &l);
	n = (int)l.n;
	tui_lines_release(&l);
	return n;
}

void cui_draw_header(const struct ui *u, int cols)
{
	const struct tui_style *st = tui_term_style();
	const struct form *f = cui_form(u);
	int l = cui_lang_index(u);
	char right[200];
	int rw;
	snprintf(right, sizeof right, " %s ",
		 (l >= 0 && (size_t)l < f->n_langs) ? f->langs[l].name : "");
	rw = cui_text_width(right);
	move(0, 0);
	cui_put_text(0, 0, cols, "", st->title, true);
	cui_put_text(0, 1, cols - rw - 2, f->title ? f->title : (f->form_id ? f->form_id : ""),
		     st->title, false);
	if (rw < cols - 10)
		cui_put_text(0, cols - rw, rw, right, st->title, false);
}

void cui_draw_help(const struct ui *u, int rows, int cols, const char *help)
{
	const struct tui_style *st = tui_term_style();
	if (u->operator_mode) {
		/* the typed secret is never drawn, not even as stars: its length is a hint too */
		char line[128];
		snprintf(line, sizeof line, " %s",
			 cui_word(u, cui_operator_locked(u) ? UW_OPERATOR_LOCKED : UW_OPERATOR_PROMPT));
		cui_put_text(rows - 1, 0, cols, line, st->help, true);
		return;
	}
	cui_put_text(rows - 1, 0, cols, "", st->help, true);
	cui_put_text(rows - 1, 1, cols - 1, help, st->help, false);
}

/* The progress line shows no total of questions: skip logic changes that
 * total while the respondent answers (53, then 57, then 58). It names the
 * section instead, a top-level group i of n counted over the whole form
 * whether or not skip logic will show it (session_section), and how many
 * questions hold an answer. The bar fills by sections: those before the
 * current one, and all of them on the review screen. A form without
 * groups shows the answered count alone. */
void cui_draw_progress(const struct ui *u, int y, int cols)
{
	const struct tui_style *st = tui_term_style();
	bool review = u->screen == SCR_REVIEW;
	int done, total, section, sections, barw, filled, i;
	char text[128];
	session_progress(u->resp->session, &done, &total);
	session_section(u->resp->session, review ? -1 : u->qi, &section, &sections);
	if (sections && !review)
		snprintf(text, sizeof text, cui_word(u, UW_PROGRESS_SECTION), section, sections,
			 done);
	else
		snprintf(text, sizeof text, cui_word(u, UW_PROGRESS_ANSWERED), done);
	barw = cols - 6 - cui_text_width(text);
	if (barw > 40)
		barw = 40;
	if (barw < 5 || !sections)
		barw = 0;
	filled = review ? barw : (sections ? barw * (section - 1) / sections : 0);
	move(y, 2);
	for (i = 0; i < barw; i++) {
		attron((int)(i < filled ? st->progress_done : st->progress_todo));
		addstr(i < filled ? "█" : "░");
		attroff((int)(i < filled ? st->progress_done : st->progress_todo));
	}
	cui_put_text(y, 2 + barw + (barw ? 2 : 0), cols - barw - 4, text, A_NORMAL, false);
}

int cui_draw_field(struct ui *u, int y, int fieldw)
{
	int cursor_col;
	mvaddstr(y, 3, "> ");
	cursor_col = tui_editor_view(&u->ed, fieldw);
	cui_put_wide(y, 5, fieldw, u->ed.buf + u->ed.scroll, u->ed.len - u->ed.scroll,
		     A_UNDERLINE, true);
	return cursor_col;
}
