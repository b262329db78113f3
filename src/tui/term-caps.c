/* term-caps.c - terminfo's word on the terminal (term-caps.h). */
#include "config.h"
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include "tui/term-caps.h"

bool tui_term_can_address_cursor(void)
{
	const char *term = getenv("TERM");
	TERMINAL *saved = cur_term, *probe;
	char *cup;
	int errret = 0;
	bool can;
	if (!term || !*term || !strcmp(term, "dumb"))
		return false;
	/* fd -1: only the terminfo entry is read, the tty is left alone */
	if (setupterm(term, -1, &errret) != OK)
		return false;
	probe = cur_term;
	cup = tigetstr("cup");
	can = cup && cup != (char *)-1;
	set_curterm(saved);
	del_curterm(probe);
	return can;
}
