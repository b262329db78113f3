/* keys.h - the keys of collect's screens by what they do.
 *
 * One table (keys.c) maps curses key codes and the control characters a
 * terminal sends to named actions, so that no screen compares raw codes:
 * Backspace arrives as KEY_BACKSPACE, DEL or Ctrl-H and is one action;
 * Enter as KEY_ENTER, '\n' or '\r'. A character with no action of its
 * own is TK_CHAR; its character is in ch (a field inserts it, a list
 * matches it against labels). Function keys the screens do not use are
 * TK_FUNCTION, so that they can be ignored as a group. */
#ifndef KY_TUI_KEYS_H
#define KY_TUI_KEYS_H

#include <stdbool.h>
#include <wchar.h>

enum tui_action {
	TK_CHAR,        /* a character typed: ch */
	TK_NONE,        /* a curses key no screen uses (Insert, Shift-Left, ...) */
	TK_ENTER,       /* accept, next */
	TK_PAGE_UP,     /* collect: back one question; the debrief: scroll */
	TK_BACK_TAB,    /* Shift-Tab: back one question */
	TK_PAGE_DOWN,
	TK_UP,
	TK_DOWN,
	TK_LEFT,
	TK_RIGHT,
	TK_HOME,
	TK_END,
	TK_BACKSPACE,
	TK_DELETE,
	TK_KILL_LINE,   /* Ctrl-U, as in a shell */
	TK_ESCAPE,
	TK_SELECT,      /* Space: tick, toggle; also a character (ch = ' ') */
	TK_QUIT,        /* F10, or Ctrl-X where a terminal has no F10 */
	TK_LANGUAGE,    /* F2: the next language of the form */
	TK_RESUME,      /* F4: continue an unfinished response */
	TK_SIGNAL,      /* Ctrl-C, Ctrl-Z, Ctrl-\ arriving as keys in raw (kiosk) mode */
	TK_FUNCTION,    /* any other function key F0-F63 */
	TK_RESIZE       /* the terminal was resized */
};

struct tui_key {
	enum tui_action action;
	wint_t ch;      /* the character for a key that is one; 0 for a curses key */
};

/* The key get_wch() returned: fn when it said KEY_CODE_YES. */
struct tui_key tui_key_of(bool fn, wint_t k);

/* 0-9 for a digit typed, -1 for any other key. */
int tui_key_digit(struct tui_key k);

/* A character that can be typed into a secret: not a control character. */
bool tui_key_printable(struct tui_key k);

#endif
