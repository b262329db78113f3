/* term.c - curses start and end, signals, the held stderr. */
#include "config.h"
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "tui/term.h"
#include "util/cmdline.h"
#include "util/mem.h"

static SCREEN *screen;
static bool is_open;
static int saved_stderr = -1;    /* the real stderr while it is held */
static int held_stderr = -1;     /* unlinked temporary file collecting it */
static struct tui_style style;

static volatile sig_atomic_t quit_signal, stop_requested, resized, continued;

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

static void on_quit(int sig)
{
	quit_signal = sig;
}

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void on_cont(int sig)
{
	(void)sig;
	continued = 1;
}

/* Puts stderr back and copies what it collected, with plain system
 * calls only, since this also runs inside a fatal signal handler. */
static void release_stderr(void)
{
	char buf[4096];
	ssize_t n;
	if (saved_stderr < 0)
		return;
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	if (lseek(held_stderr, 0, SEEK_SET) == 0)
		while ((n = read(held_stderr, buf, sizeof buf)) > 0)
			if (write(STDERR_FILENO, buf, (size_t)n) < 0)
				break;
	close(held_stderr);
	held_stderr = -1;
}

static void hold_stderr(void)
{
	char path[] = "/tmp/kysely-stderr-XXXXXX";
	int fd;
	fflush(stderr);
	fd = mkstemp(path);
	if (fd < 0)
		return;   /* not fatal: messages then go to the screen */
	unlink(path);
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
		if (saved_stderr >= 0)
			close(saved_stderr);
		saved_stderr = -1;
		close(fd);
		return;
	}
	held_stderr = fd;
}

static void on_fatal(int sig)
{
	if (is_open) {
		endwin();
		is_open = false;
	}
	release_stderr();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_handler_flags(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal must wake the key wait at once */
	sigaction(sig, &sa, NULL);
}

static void set_handler(int sig, void (*fn)(int))
{
	set_handler_flags(sig, fn, 0);
}

/* A stack overflow (deep recursion in a library) raises SIGSEGV with no
 * stack left to run on_fatal on, and the terminal would stay raw: fatal
 * signals run on their own stack. Static, so that it exists whatever
 * memory is left; endwin() needs more than SIGSTKSZ. */
static void use_alternate_stack(void)
{
	static char alt_stack[256 * 1024];
	stack_t ss;

	memset(&ss, 0, sizeof ss);
	ss.ss_sp = alt_stack;
	ss.ss_size = sizeof alt_stack;
	/* On failure the handler still runs on the normal stack, as before. */
	sigaltstack(&ss, NULL);
}

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

static void set_handlers(const int *sigs, size_t n, void (*fn)(int))
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (fn == SIG_DFL)
			signal(sigs[i], SIG_DFL);
		else
			set_handler(sigs[i], fn);
	}
}

static void install_handlers(bool kiosk)
{
	set_handlers(quit_signals, N_OF(quit_signals), on_quit);
	use_alternate_stack();
	for (size_t i = 0; i < N_OF(fatal_signals); i++)
		set_handler_flags(fatal_signals[i], on_fatal, SA_ONSTACK);
	set_handler(SIGWINCH, on_winch);
	set_handler(SIGCONT, on_cont);
	set_handler(SIGTSTP, on_stop);
	if (kiosk) {
		/* raw() already keeps these keys from becoming signals; the
		 * ignore also covers a terminal that was left in cooked mode */
		signal(SIGTSTP, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGINT, SIG_IGN);
	}
}

static void restore_handlers(void)
{
	static const int others[] = { SIGWINCH, SIGCONT, SIGTSTP };
	set_handlers(quit_signals, N_OF(quit_signals), SIG_DFL);
	set_handlers(fatal_signals, N_OF(fatal_signals), SIG_DFL);
	set_handlers(others, N_OF(others), SIG_DFL);
}

int tui_term_check_utf8(struct ky_error *err)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && !strcmp(cs, "UTF-8"))
		return KY_OK;
	if (setlocale(LC_CTYPE, "C.UTF-8") && !strcmp(nl_langinfo(CODESET), "UTF-8"))
		return KY_OK;
	return ky_error_set(err, KY_EIO,
			    "collect: the locale's character set is '%s', not UTF-8, and C.UTF-8 is "
			    "not available (set LANG=C.UTF-8 or e.g. fi_FI.UTF-8)", cs ? cs : "?");
}

static void init_style(void)
{
	memset(&style, 0, sizeof style);
	style.title = A_BOLD;
	style.highlight = A_REVERSE;
	style.error = A_BOLD;
	style.hint = A_NORMAL;
	style.progress_done = A_REVERSE;
	style.progress_todo = A_NORMAL;
	style.help = A_REVERSE;
	style.selected = A_BOLD;
	if (!has_colors() || !cmdline_color_ok(STDOUT_FILENO) || start_color() != OK)
		return;
	use_default_colors();
	if (init_pair(1, COLOR_WHITE, COLOR_BLUE) == ERR ||
	    init_pair(2, COLOR_BLACK, COLOR_CYAN) == ERR ||
	    init_pair(3, COLOR_RED, -1) == ERR ||
	    init_pair(4, COLOR_GREEN, -1) == ERR ||
	    init_pair(5, COLOR_CYAN, -1) == ERR)
		return;
	style.title = (unsigned int)(COLOR_PAIR(1) | A_BOLD);
	style.highlight = (unsigned int)COLOR_PAIR(2);
	style.error = (unsigned int)(COLOR_PAIR(3) | A_BOLD);
	style.hint = (unsigned int)COLOR_PAIR(5);
	style.progress_done = (unsigned int)(COLOR_PAIR(4) | A_REVERSE);
	style.help = (unsigned int)COLOR_PAIR(1);
	style.selected = (unsigned int)(COLOR_PAIR(4) | A_BOLD);
}

/* A terminal description such as vt100 lacks Page Up, Shift-Tab and the
 * higher function keys, while the emulator (xterm, tmux, a Linux
 * console) sends them anyway: teach curses their usual sequences when
 * the description does not define them, so that every key of the
 * contract works under TERM=vt100 too. */
static void define_missing_keys(void)
{
	static const struct { const char *seq; int key; } keys[] = {
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE }, { "\033[Z", KEY_BTAB },
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[H", KEY_HOME },
		{ "\033[F", KEY_END }, { "\033[3~", KEY_DC }, { "\033OQ", KEY_F(2) },
		{ "\033[12~", KEY_F(2) }, { "\033OS", KEY_F(4) }, { "\033[14~", KEY_F(4) },
		{ "\033[21~", KEY_F(10) }, { "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	};
	size_t i;
	for (i = 0; i < N_OF(keys); i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

int tui_term_open(bool kiosk, struct ky_error *err)
{
	const char *term = getenv("TERM");
	int rc;
	if ((rc = tui_term_check_utf8(err)))
		return rc;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return ky_error_set(err, KY_EUSAGE,
				    "collect: needs a terminal (use --script for scripted input)");
	if (!term || !*term)
		return ky_error_set(err, KY_EUSAGE, "collect: TERM is not set");
	/* before curses starts, so that it leaves our handlers in place */
	install_handlers(kiosk);
	screen = newterm(term, stdout, stdin);
	if (!screen) {
		restore_handlers();
		return ky_error_set(err, KY_EIO, "collect: cannot start the terminal '%s'", term);
	}
	is_open = true;
	ky_mem_set_restore_hook(tui_term_close);
	hold_stderr();
	if (kiosk)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_missing_keys();
	set_escdelay(50);
	timeout(250);
	init_style();
	return KY_OK;
}

void tui_term_close(void)
{
	if (is_open) {
		endwin();
		is_open = false;
		delscreen(screen);
		screen = NULL;
		restore_handlers();
	}
	release_stderr();
}

bool tui_term_is_open(void)
{
	return is_open;
}

const struct tui_style *tui_term_style(void)
{
	return &style;
}

int tui_term_quit_signal(void)
{
	return quit_signal;
}

static void apply_size(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

enum tui_event tui_term_poll(void)
{
	enum tui_event ev = TE_NONE;
	if (quit_signal)
		return TE_QUIT;
	if (stop_requested) {
		stop_requested = 0;
		endwin();
		signal(SIGTSTP, SIG_DFL);
		raise(SIGTSTP);
		/* here again after SIGCONT */
		set_handler(SIGTSTP, on_stop);
		continued = 1;
	}
	if (continued) {
		continued = 0;
		apply_size();
		clearok(curscr, TRUE);
		ev = TE_REDRAW;
	}
	if (resized) {
		resized = 0;
		apply_size();
		ev = TE_REDRAW;
	}
	return ev;
}
