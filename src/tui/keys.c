/* keys.c - the one table from key codes to what the keys do. */
#include "config.h"
#include <curses.h>
#include <stddef.h>
#include "tui/keys.h"

#define CTRL(letter) ((wint_t)((letter) & 0x1f))
#define ASCII_ESC ((wint_t)27)
#define ASCII_DEL ((wint_t)127)   /* what most terminals send for Backspace */

struct key_row {
	bool fn;          /* a curses key code (KEY_CODE_YES), not a character */
	wint_t code;
	enum tui_action action;
};

static const struct key_row keymap[] = {
	{ true, KEY_ENTER, TK_ENTER }, { false, L'\n', TK_ENTER }, { false, L'\r', TK_ENTER },
	{ true, KEY_PPAGE, TK_PAGE_UP }, { true, KEY_BTAB, TK_BACK_TAB },
	{ true, KEY_NPAGE, TK_PAGE_DOWN },
	{ true, KEY_UP, TK_UP }, { true, KEY_DOWN, TK_DOWN },
	{ true, KEY_LEFT, TK_LEFT }, { true, KEY_RIGHT, TK_RIGHT },
	{ true, KEY_HOME, TK_HOME }, { true, KEY_END, TK_END },
	{ true, KEY_BACKSPACE, TK_BACKSPACE }, { false, ASCII_DEL, TK_BACKSPACE },
	{ false, CTRL('H'), TK_BACKSPACE },
	{ true, KEY_DC, TK_DELETE },
	{ false, CTRL('U'), TK_KILL_LINE },
	{ false, ASCII_ESC, TK_ESCAPE },
	{ false, L' ', TK_SELECT },
	{ true, KEY_F(10), TK_QUIT }, { false, CTRL('X'), TK_QUIT },
	{ true, KEY_F(2), TK_LANGUAGE },
	{ true, KEY_F(4), TK_RESUME },
	{ false, CTRL('C'), TK_SIGNAL }, { false, CTRL('Z'), TK_SIGNAL },
	{ false, CTRL('\\'), TK_SIGNAL },
	{ true, KEY_RESIZE, TK_RESIZE },
};

struct tui_key tui_key_of(bool fn, wint_t k)
{
	struct tui_key key = { fn ? TK_NONE : TK_CHAR, fn ? 0 : k };
	size_t i;
	for (i = 0; i < sizeof keymap / sizeof *keymap; i++)
		if (keymap[i].fn == fn && keymap[i].code == k) {
			key.action = keymap[i].action;
			return key;
		}
	if (fn && k >= KEY_F(0) && k <= KEY_F(63))
		key.action = TK_FUNCTION;
	return key;
}

int tui_key_digit(struct tui_key k)
{
	return k.action == TK_CHAR && k.ch >= L'0' && k.ch <= L'9' ? (int)(k.ch - L'0') : -1;
}

bool tui_key_printable(struct tui_key k)
{
	return k.ch >= L' ' && k.ch != ASCII_DEL;
}
