/* term-caps.h - whether the terminal can show the full-screen collect.
 *
 * Asks terminfo (without starting curses) whether TERM names a terminal
 * that can address the cursor; `kysely collect` falls back to the plain
 * line mode (collect/plain.h) when it cannot: TERM unset, empty or
 * "dumb", unknown to terminfo, or without the `cup` capability. */
#ifndef KY_TUI_TERM_CAPS_H
#define KY_TUI_TERM_CAPS_H

#include <stdbool.h>

bool tui_term_can_address_cursor(void);

#endif
