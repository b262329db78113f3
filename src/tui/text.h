/* text.h - UTF-8 text as the screen sees it: wide characters, display
 * widths, word wrapping. No curses here, so that it can be unit-tested.
 *
 * Strings returned are malloc'd wide strings the caller frees (the
 * lines of a struct tui_lines with tui_lines_release()). Invalid UTF-8
 * bytes and invisible format characters (bidi overrides, zero-width
 * characters, the BOM) become U+FFFD and control characters (C0, DEL, C1)
 * a space, so that nothing a form author wrote can move the cursor or
 * reorder the text. Needs a UTF-8 LC_CTYPE. */
#ifndef KY_TUI_TEXT_H
#define KY_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Converts UTF-8 to a wide string; *len (may be NULL) gets its length. */
wchar_t *tui_text_widen(const char *utf8, size_t *len);
/* The same for an answer put back into the line editor: format
 * characters are kept, since the respondent's text is stored again as it
 * is edited (a ZWJ inside an emoji must survive a resume). */
wchar_t *tui_text_widen_answer(const char *utf8, size_t *len);
/* Converts n wide characters to a fresh UTF-8 string. */
char *tui_text_narrow(const wchar_t *w, size_t n);

/* Display columns of one character (0 for combining marks) and of n characters. */
int tui_text_char_width(wchar_t c);
int tui_text_width(const wchar_t *w, size_t n);

/* How many of w's first n characters fit in cols columns. */
size_t tui_text_fit(const wchar_t *w, size_t n, int cols);

struct tui_lines {
	wchar_t **line;
	size_t n;
};

/* Wraps utf8 to lines of at most width columns: breaks at spaces, breaks
 * a longer word where it must, keeps '\n' as a line break. */
void tui_text_wrap(const char *utf8, int width, struct tui_lines *out);
void tui_lines_release(struct tui_lines *l);

/* Whether label starts with the n characters of prefix, ignoring case.
 * With fold_accents, letters with a diacritic match their base letter
 * too ("a" matches "Ärade", "e" matches "École"): type-ahead first looks
 * for an exact match and folds only when there is none, so that "ä"
 * prefers "Äiti" to "Aamu" where both exist. */
bool tui_text_starts_with(const char *label, const wchar_t *prefix, size_t n, bool fold_accents);

#endif
