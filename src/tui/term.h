/* term.h - the terminal while curses owns it: the one place that calls
 * initscr/endwin.
 *
 * tui_term_open() checks the locale is UTF-8 (switching LC_CTYPE to
 * C.UTF-8 when the user's is not), starts curses on stdin/stdout, holds
 * stderr in a temporary file (a message written while curses draws would
 * tear the screen) and installs signal handlers that only set flags.
 * tui_term_close() ends curses and replays what stderr got; it is also
 * the out-of-memory restore hook (mem.h) and runs from fatal signals
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), which then re-raise.
 *
 * Kiosk mode uses raw(): Ctrl-C, Ctrl-Z and Ctrl-\ arrive as ordinary
 * keys (and are ignored by the screens) instead of signals. */
#ifndef KY_TUI_TERM_H
#define KY_TUI_TERM_H

#include <stdbool.h>
#include <wchar.h>
#include "util/error.h"

/* Attributes the screens draw with; monochrome ones when colours are
 * unavailable or NO_COLOR is set. */
struct tui_style {
	unsigned int title, highlight, error, hint, progress_done, progress_todo, help, selected;
};

/* Events from signals, taken (and cleared) by tui_term_poll(). */
enum tui_event {
	TE_NONE = 0,
	TE_QUIT,      /* SIGINT, SIGTERM, SIGHUP, SIGQUIT */
	TE_REDRAW     /* resized, or continued after a stop */
};

int tui_term_open(bool kiosk, struct ky_error *err);
/* Idempotent; safe to call when the terminal is not open. */
void tui_term_close(void);
bool tui_term_is_open(void);
const struct tui_style *tui_term_style(void);

/* Handles pending signal flags: a stop request suspends the program with
 * the terminal restored and re-opens it on continue. Returns what the
 * screens must do. */
enum tui_event tui_term_poll(void);
/* The signal that asked to quit (0 when none). */
int tui_term_quit_signal(void);

/* Checks (and repairs) the UTF-8 locale; used by tui_term_open and the
 * scripted mode, which prints labels too. */
int tui_term_check_utf8(struct ky_error *err);

#endif
