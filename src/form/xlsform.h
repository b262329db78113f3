/* xlsform.h - reads an XLSForm saved as CSV into a struct form.
 *
 * Both layouts of interfaces.md section 2: a folder with survey.csv,
 * choices.csv and settings.csv, or pyxform's one-file CSV. Every problem
 * found is added to the diagnostics as "PATH:LINE: error: ..." or
 * "PATH:LINE: warning: ..." (all of them, not just the first). */
#ifndef KY_XLSFORM_H
#define KY_XLSFORM_H

#include <stddef.h>
#include "form/form.h"
#include "util/error.h"

struct form_diag {
	char **lines;       /* "PATH:LINE: error: ..." each, malloc'd */
	int *is_error;
	size_t n, n_errors, n_warnings;
};
void form_diag_release(struct form_diag *d);

/* The layouts as read (see xlsform-sheet.c): in the one-file layout the
 * row naming a sheet may carry its header, else the next row does.
 * Both readers initialise *diag (old content is not freed) and fill it
 * whatever they return; release it with form_diag_release().
 *
 * Reads path (a folder or a .csv file). encoding NULL means UTF-8; else an
 * iconv name of the source encoding ("cp1252"). Returns 0 with *out set
 * when the form has no errors (warnings allowed); KY_EINPUT with *out NULL
 * when it has errors (listed in diag); KY_EIO when a file cannot be read
 * (err filled). */
int xlsform_read(const char *path, const char *encoding, struct form **out,
		 struct form_diag *diag, struct ky_error *err);

/* xlsform_read() for a command: prints every diagnostic on stderr (they
 * are located lines a user reads), and when the form has errors fills err
 * with "CMD: PATH: the form has N errors". */
int xlsform_read_reported(const char *cmd, const char *path, const char *encoding,
			  struct form **out, struct ky_error *err);

/* Reads a form from the one-file layout held in memory (how the store
 * keeps a definition); name is used in messages. A question named like a
 * fixed column of the responses CSV is only a warning here, not an error
 * as in xlsform_read(): a database may keep such a definition from before
 * that check, and its responses must stay readable (export refuses the
 * wide layout for it instead). */
int xlsform_read_buffer(const char *text, size_t len, const char *name,
			struct form **out, struct form_diag *diag, struct ky_error *err);

/* Writes the form's source sheets as one pyxform one-file CSV text
 * (UTF-8), exactly what xlsform_read_buffer() reads back to an equal form.
 * Read from the same path with the same encoding; caller frees *text. */
int xlsform_canonical_text(const char *path, const char *encoding,
			   char **text, size_t *len, struct ky_error *err);

#endif
