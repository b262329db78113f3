/* error.h - error codes and the message a failing function hands up.
 *
 * A function that can fail returns 0 or a KY_E* code and fills the
 * struct ky_error its caller owns. Only main() turns a code into an exit.
 * The message is one line, lowercase, no trailing full stop, and names the
 * place: "survey.csv:14: 'relevant': unknown question 'age2'". */
#ifndef KY_ERROR_H
#define KY_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

enum ky_code {
	KY_OK = 0,
	KY_EINPUT = 1,  /* the input was wrong: invalid form, rejected rows */
	KY_EUSAGE = 2,  /* bad command line */
	KY_EIO = 3      /* I/O or database failure */
};

struct ky_error {
	int code;
	char msg[1024];
};

/* Clears err (code KY_OK, empty message). */
void ky_error_clear(struct ky_error *err);

/* Sets code and a printf-style message; returns code so that callers can
 * write "return ky_error_set(err, KY_EIO, ...)". err may be NULL. */
int ky_error_set(struct ky_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ky_error_vset(struct ky_error *err, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Prefixes the existing message with "CONTEXT: " (keeps the code). */
int ky_error_prefix(struct ky_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Everything kysely writes on stderr goes through the functions below,
 * which escape controls, invalid UTF-8 and invisible format characters
 * (util/escape.h): a message may quote a name or id from a hostile file.
 * Never put an answer in a message (SECURITY.md, promise 6): say which
 * column and what kind of error instead.
 * tests/reliability/stderr-choke.sh refuses other writes to stderr. */

/* Prints "kysely: MSG" on stderr (nothing when the message is empty). */
void ky_error_print(const struct ky_error *err);

/* Prints a warning line "kysely: warning: ..." on stderr. */
void ky_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints one line on stderr as it is (summaries, validate's diagnostics). */
void ky_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress on a terminal: "\rTEXT" with no line end, and its erasure. */
void ky_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ky_progress_clear(void);

/* Writes s on stdout, escaped when stdout is a terminal (a listing that
 * quotes ids); false on a write error. */
bool ky_stdout_puts(const char *s);

#endif
