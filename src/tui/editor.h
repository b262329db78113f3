/* editor.h - a one-line text field edited in wide characters.
 *
 * UTF-8 aware by working on wchar_t: Left/Right/Home/End move by
 * character, Backspace/Delete remove one, and the view scrolls
 * horizontally by display columns (wide CJK characters count two). The
 * key handling is curses-free (keys are passed as codes) so that it can
 * be tested; drawing lives in the screen code. */
#ifndef KY_TUI_EDITOR_H
#define KY_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct tui_editor {
	wchar_t *buf;
	size_t len, cap;
	size_t cursor;   /* 0..len */
	size_t scroll;   /* first character shown */
};

enum tui_edit_key {
	TE_LEFT = 1, TE_RIGHT, TE_HOME, TE_END, TE_BACKSPACE, TE_DELETE, TE_KILL_LINE
};

void tui_editor_init(struct tui_editor *e);
void tui_editor_release(struct tui_editor *e);
/* Replaces the content with utf8, cursor at the end. */
void tui_editor_set(struct tui_editor *e, const char *utf8);
/* The content as UTF-8; caller frees. */
char *tui_editor_text(const struct tui_editor *e);
/* Inserts a printable character at the cursor; false for control characters. */
bool tui_editor_insert(struct tui_editor *e, wchar_t c);
/* Applies an editing key; false when the key is not an editing key. */
bool tui_editor_key(struct tui_editor *e, enum tui_edit_key key);
/* Adjusts scroll so that the cursor is visible in cols columns (the
 * cursor itself takes one); returns the cursor's column from the view start. */
int tui_editor_view(struct tui_editor *e, int cols);

#endif
