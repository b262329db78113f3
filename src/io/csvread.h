/* csvread.h - streaming RFC 4180 reader on libcsv.
 *
 * Reads a file (or a buffer) record by record in bounded memory, strips a
 * UTF-8 BOM, accepts CRLF, converts from a named source encoding with
 * iconv, and reports for each record the physical line where it starts
 * (a quoted field may span lines). Invalid UTF-8 or an embedded NUL is an
 * error naming the file and line. */
#ifndef KY_CSVREAD_H
#define KY_CSVREAD_H

#include <stddef.h>
#include "util/error.h"

struct csvread;

struct csvread_record {
	size_t n_fields;
	char **fields;       /* NUL-terminated UTF-8, owned by the reader */
	size_t *lens;
	long line;           /* physical line (1-based) where the record starts */
};

/* Opens path; encoding NULL = UTF-8, else an iconv name ("cp1252"). */
int csvread_open(const char *path, const char *encoding, struct csvread **out,
		 struct ky_error *err);
/* Reads from memory; name appears in messages. buf must outlive the reader. */
int csvread_open_buffer(const char *buf, size_t len, const char *name,
			struct csvread **out, struct ky_error *err);
/* Next record: returns 1 and points *rec at it (valid until the next call),
 * 0 at end of input, or -1 on failure with err filled ("PATH:LINE: ...")
 * and *rec NULL; the KY_E* code is then err->code (it cannot be the
 * return value: KY_EINPUT is 1). */
int csvread_next(struct csvread *r, const struct csvread_record **rec, struct ky_error *err);
const char *csvread_name(const struct csvread *r);
void csvread_close(struct csvread *r);

#endif
