/* csvread.c - streaming RFC 4180 reader on libcsv (csvread.h).
 *
 * The input is read in fixed-size chunks, converted to UTF-8 with iconv
 * when a source encoding is named, and handed to libcsv one physical
 * line at a time (a piece ends after each CR or LF). Feeding line by line
 * is what gives line numbers: at most one record can end per piece, so
 * the reader stops as soon as libcsv completes a record, and the line
 * where a record starts is the line of the first byte after the previous
 * record that is not a line break (libcsv skips empty lines itself).
 *
 * Memory is bounded by the chunk size plus the longest record, and a
 * record is capped (MAX_RECORD_BYTES, MAX_FIELDS) so that a runaway
 * quote in a huge file fails with a message instead of eating memory. */
#include "config.h"
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <csv.h>
#include "io/csvread.h"
#include "util/mem.h"

#define CHUNK_SIZE (64 * 1024)
#define MAX_RECORD_BYTES ((size_t)256 * 1024 * 1024)
#define MAX_FIELDS ((size_t)1000000)

/* Incremental UTF-8 check: how many continuation bytes are still due and
 * the range the next one must fall in (rules out overlong forms and
 * surrogates, as RFC 3629 table 3-7). */
struct utf8_check {
	int need;
	unsigned char lo, hi;
};

struct csvread {
	char *name;
	FILE *fp;                 /* NULL when reading a buffer */
	iconv_t cd;               /* (iconv_t)-1 when the input is UTF-8 */
	char *encoding;

	/* UTF-8 text waiting to be parsed: text[pos..len) */
	const char *text;
	size_t pos, len;
	char *own_text;           /* the chunk buffer when reading a file */
	size_t own_cap;
	char *raw;                /* undecoded input carried between reads */
	size_t raw_len;
	bool at_start;            /* a BOM may still come */
	bool eof;
	bool finished;            /* csv_fini was called */
	bool failed;              /* an error was reported: stay failed */
	struct ky_error failure;  /* ...with that error */

	struct csv_parser parser;
	struct utf8_check utf8;
	long line;                /* physical line of the next byte */
	bool after_cr;            /* the last piece ended with CR: a LF now ends no line */
	long record_line;         /* where the record being built started */
	bool awaiting_record;     /* no byte of the next record seen yet */

	/* the record being built: field bytes back to back, each NUL-ended */
	char *data;
	size_t data_len, data_cap;
	size_t *offsets;
	size_t n_fields, fields_cap;
	bool record_done;
	bool too_big;

	struct csvread_record rec; /* what csvread_next hands out */
	size_t rec_cap;
};

static int no_space(unsigned char c)
{
	(void)c;
	return 0;  /* RFC 4180: blanks belong to the field, keep them */
}

static void on_field(void *s, size_t len, void *ctx)
{
	struct csvread *r = ctx;

	if (r->too_big)
		return;
	if (r->n_fields >= MAX_FIELDS || r->data_len + len + 1 > MAX_RECORD_BYTES) {
		r->too_big = true;
		return;
	}
	if (r->data_len + len + 1 > r->data_cap) {
		r->data_cap = ky_grow_cap(r->data_cap, r->data_len + len + 1, 256);
		r->data = ky_realloc(r->data, r->data_cap);
	}
	if (r->n_fields == r->fields_cap) {
		r->fields_cap = ky_grow_cap(r->fields_cap, r->n_fields + 1, 16);
		r->offsets = ky_reallocarray(r->offsets, r->fields_cap, sizeof *r->offsets);
	}
	r->offsets[r->n_fields++] = r->data_len;
	if (len)
		memcpy(r->data + r->data_len, s, len);
	r->data_len += len;
	r->data[r->data_len++] = '\0';
}

static void on_record(int terminator, void *ctx)
{
	struct csvread *r = ctx;
	(void)terminator;
	r->record_done = true;
}

static struct csvread *reader_new(const char *name)
{
	struct csvread *r = ky_calloc(1, sizeof *r);

	r->name = ky_strdup(name);
	r->cd = (iconv_t)-1;
	r->at_start = true;
	r->line = 1;
	r->record_line = 1;
	r->awaiting_record = true;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		ky_out_of_memory(sizeof r->parser);  /* csv_init fails only on out-of-memory */
	csv_set_space_func(&r->parser, no_space);
	return r;
}

int csvread_open(const char *path, const char *encoding, struct csvread **out,
		 struct ky_error *err)
{
	struct csvread *r;
	FILE *fp;

	*out = NULL;
	fp = fopen(path, "rb");
	if (!fp)
		return ky_error_set(err, KY_EIO, "%s: cannot open: %s", path, strerror(errno));
	r = reader_new(path);
	r->fp = fp;
	if (encoding && *encoding) {
		r->cd = iconv_open("UTF-8", encoding);
		if (r->cd == (iconv_t)-1) {
			csvread_close(r);
			return ky_error_set(err, KY_EUSAGE, "unknown encoding '%s'", encoding);
		}
		r->encoding = ky_strdup(encoding);
		r->raw = ky_malloc(CHUNK_SIZE);
	}
	/* 4 bytes of UTF-8 per input byte is the worst case of any encoding */
	r->own_cap = r->cd == (iconv_t)-1 ? CHUNK_SIZE : 4 * CHUNK_SIZE;
	r->own_text = ky_malloc(r->own_cap);
	r->text = r->own_text;
	*out = r;
	return KY_OK;
}

int csvread_open_buffer(const char *buf, size_t len, const char *name,
			struct csvread **out, struct ky_error *err)
{
	struct csvread *r = reader_new(name);

	(void)err;
	r->text = buf;
	r->len = len;
	r->eof = true;
	*out = r;
	return KY_OK;
}

const char *csvread_name(const struct csvread *r)
{
	return r->name;
}

void csvread_close(struct csvread *r)
{
	if (!r)
		return;
	if (r->fp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->parser);
	free(r->name);
	free(r->encoding);
	free(r->own_text);
	free(r->raw);
	free(r->data);
	free(r->offsets);
	free(r->rec.fields);
	free(r->rec.lens);
	free(r);
}

/* Converts the raw bytes read so far into own_text; what iconv cannot
 * finish yet (a sequence cut by the chunk end) stays in raw. */
static int convert_raw(struct csvread *r, struct ky_error *err)
{
	char *in = r->raw, *outp = r->own_text;
	size_t in_left = r->raw_len, out_left = r->own_cap;

	if (iconv(r->cd, &in, &in_left, &outp, &out_left) == (size_t)-1 &&
	    errno != EINVAL && errno != E2BIG) {
		long line = r->line;
		const char *p;
		for (p = r->own_text; p < outp; p++)
			line += *p == '\n';
		return ky_error_set(err, KY_EINPUT, "%s:%ld: not valid %s text",
				    r->name, line, r->encoding);
	}
	memmove(r->raw, in, in_left);
	r->raw_len = in_left;
	r->pos = 0;
	r->len = (size_t)(outp - r->own_text);
	return KY_OK;
}

/* Fills text with the next chunk of UTF-8; at end of input sets eof. */
static int refill(struct csvread *r, struct ky_error *err)
{
	size_t got;

	if (!r->fp) {
		r->eof = true;
		return KY_OK;
	}
	if (r->cd == (iconv_t)-1) {
		got = fread(r->own_text, 1, r->own_cap, r->fp);
		r->pos = 0;
		r->len = got;
	} else {
		got = fread(r->raw + r->raw_len, 1, CHUNK_SIZE - r->raw_len, r->fp);
		r->raw_len += got;
		if (convert_raw(r, err))
			return err->code;
		if (got == 0 && r->len == 0 && r->raw_len > 0)
			return ky_error_set(err, KY_EINPUT, "%s:%ld: incomplete %s sequence at end of file",
					    r->name, r->line, r->encoding);
	}
	if (ferror(r->fp))
		return ky_error_set(err, KY_EIO, "%s: read error: %s", r->name, strerror(errno));
	if (got == 0 && r->len == 0)
		r->eof = true;
	return KY_OK;
}

static bool utf8_step(struct utf8_check *u, unsigned char c)
{
	if (u->need) {
		if (c < u->lo || c > u->hi)
			return false;
		u->need--;
		u->lo = 0x80;
		u->hi = 0xBF;
		return true;
	}
	u->lo = 0x80;
	u->hi = 0xBF;
	if (c < 0x80)
		return true;
	if (c >= 0xC2 && c <= 0xDF)
		u->need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		u->need = 2;
		if (c == 0xE0)
			u->lo = 0xA0;
		else if (c == 0xED)
			u->hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		u->need = 3;
		if (c == 0xF0)
			u->lo = 0x90;
		else if (c == 0xF4)
			u->hi = 0x8F;
	} else
		return false;
	return true;
}

static int invalid_utf8(struct csvread *r, struct ky_error *err)
{
	return ky_error_set(err, KY_EINPUT,
			    "%s:%ld: invalid UTF-8 (use --encoding to name the source encoding)",
			    r->name, r->line);
}

/* Notes where a new record starts: the line of its first byte that is
 * not a line break (libcsv skips empty lines). */
static void note_record_start(struct csvread *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '\n' && p[i] != '\r') {
			r->awaiting_record = false;
			r->record_line = r->line;
			return;
		}
}

#define BYTES_01 0x0101010101010101ULL
#define BYTES_80 0x8080808080808080ULL

/* Whether a byte of w is 0 (exact as a yes or no). */
static uint64_t has_zero_byte(uint64_t w)
{
	return (w - BYTES_01) & ~w & BYTES_80;
}

/* How many bytes at p, in whole words of 8, are ASCII other than NUL, LF
 * and CR: what take_piece need not look at one by one. */
static size_t plain_ascii_words(const unsigned char *p, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		if ((w & BYTES_80) | has_zero_byte(w) | has_zero_byte(w ^ (BYTES_01 * '\n')) |
		    has_zero_byte(w ^ (BYTES_01 * '\r')))
			break;
	}
	return i;
}

/* The next piece at text[pos]: up to and including one line break, or to
 * the end of the text; each byte checked on the way (no NUL, valid UTF-8)
 * in the same pass. *n is its length. */
static int take_piece(struct csvread *r, size_t *n, struct ky_error *err)
{
	const unsigned char *p = (const unsigned char *)r->text + r->pos;
	size_t i, left = r->len - r->pos;

	*n = 0;
	for (i = 0; i < left; ) {
		unsigned char c;
		if (!r->utf8.need && (i += plain_ascii_words(p + i, left - i)) == left)
			break;
		c = p[i++];
		/* ASCII outside a multi-byte sequence: most bytes of any file */
		if (c >= 0x80 || c == 0 || r->utf8.need) {
			if (c == '\0')
				return ky_error_set(err, KY_EINPUT, "%s:%ld: NUL byte in text",
						    r->name, r->line);
			if (!utf8_step(&r->utf8, c))
				return invalid_utf8(r, err);
		} else if (c == '\n' || c == '\r') {
			break;
		}
	}
	*n = i;
	if (r->awaiting_record)
		note_record_start(r, (const char *)p, i);
	return KY_OK;
}

static void publish_record(struct csvread *r)
{
	size_t i;

	if (r->n_fields > r->rec_cap) {
		r->rec_cap = r->n_fields;
		r->rec.fields = ky_reallocarray(r->rec.fields, r->rec_cap, sizeof *r->rec.fields);
		r->rec.lens = ky_reallocarray(r->rec.lens, r->rec_cap, sizeof *r->rec.lens);
	}
	for (i = 0; i < r->n_fields; i++) {
		size_t end = i + 1 < r->n_fields ? r->offsets[i + 1] : r->data_len;
		r->rec.fields[i] = r->data + r->offsets[i];
		r->rec.lens[i] = end - r->offsets[i] - 1;
	}
	r->rec.n_fields = r->n_fields;
	r->rec.line = r->record_line;
}

static int parse_error(struct csvread *r, struct ky_error *err)
{
	if (r->too_big)
		return ky_error_set(err, KY_EINPUT, "%s:%ld: record too large (over %zu fields or %zu MiB)",
				    r->name, r->record_line, MAX_FIELDS, MAX_RECORD_BYTES >> 20);
	if (csv_error(&r->parser) == CSV_EPARSE)
		return ky_error_set(err, KY_EINPUT,
				    "%s:%ld: malformed CSV: a quote inside an unquoted field or text after a closing quote",
				    r->name, r->line);
	return ky_error_set(err, KY_EINPUT, "%s:%ld: %s", r->name, r->line,
			    csv_strerror(csv_error(&r->parser)));
}

/* At end of input: the last record may lack its line break. */
static int finish(struct csvread *r, struct ky_error *err)
{
	r->finished = true;
	if (r->utf8.need)
		return invalid_utf8(r, err);
	if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			return ky_error_set(err, KY_EINPUT, "%s:%ld: quoted field not closed",
					    r->name, r->record_line);
		return parse_error(r, err);
	}
	if (r->too_big)
		return parse_error(r, err);
	return KY_OK;
}

/* libcsv's state between records (ROW_NOT_BEGUN in libcsv.c; struct
 * csv_parser is public, its states are not named in csv.h). */
#define LIBCSV_ROW_NOT_BEGUN 0

/* A whole line without a quote, at the start of a record: its fields are
 * the bytes between the commas (RFC 4180, and what libcsv gives in strict
 * mode with no blanks trimmed), split here without libcsv's byte-by-byte
 * state machine, which was a fifth of an import's instructions. false
 * when the line is not such (a quote, a record already begun, no line
 * break yet): libcsv reads it. An empty line is no record, as in libcsv. */
static bool split_plain_line(struct csvread *r, const char *piece, size_t n)
{
	const char *p = piece, *end, *comma;

	if (r->n_fields || r->parser.pstate != LIBCSV_ROW_NOT_BEGUN ||
	    (piece[n - 1] != '\n' && piece[n - 1] != '\r') || memchr(piece, '"', n))
		return false;
	end = piece + n - 1;
	if (p == end)
		return true;
	while ((comma = memchr(p, ',', (size_t)(end - p)))) {
		on_field((void *)(uintptr_t)p, (size_t)(comma - p), r);
		p = comma + 1;
	}
	on_field((void *)(uintptr_t)p, (size_t)(end - p), r);
	on_record(piece[n - 1], r);
	return true;
}

/* Returns 0 or a KY_E* code; *got tells whether a record was read. */
static int next_record(struct csvread *r, bool *got, struct ky_error *err)
{
	*got = false;
	r->data_len = 0;
	r->n_fields = 0;
	r->record_done = false;
	for (;;) {
		const char *piece;
		size_t n;

		if (r->pos == r->len) {
			if (r->finished)
				return KY_OK;
			if (!r->eof && refill(r, err))
				return err->code;
			if (r->pos == r->len) {
				if (!r->eof)
					continue;
				if (finish(r, err))
					return err->code;
				if (!r->record_done)
					return KY_OK;
				break;
			}
		}
		if (r->at_start) {
			r->at_start = false;
			if (r->len - r->pos >= 3 && !memcmp(r->text + r->pos, "\xEF\xBB\xBF", 3))
				r->pos += 3;
			continue;
		}
		piece = r->text + r->pos;
		if (take_piece(r, &n, err))
			return err->code;
		if (!split_plain_line(r, piece, n) &&
		    csv_parse(&r->parser, piece, n, on_field, on_record, r) != n)
			return parse_error(r, err);
		if (r->parser.entry_pos > MAX_RECORD_BYTES)
			r->too_big = true;
		if (r->too_big)
			return parse_error(r, err);
		r->pos += n;
		/* CRLF, LF and a lone CR (old Mac files) each end one line */
		if (piece[n - 1] == '\n') {
			if (!r->after_cr)
				r->line++;
			r->after_cr = false;
		} else if (piece[n - 1] == '\r') {
			r->line++;
			r->after_cr = true;
		} else
			r->after_cr = false;
		if (r->record_done)
			break;
	}
	r->awaiting_record = true;
	publish_record(r);
	*got = true;
	return KY_OK;
}

int csvread_next(struct csvread *r, const struct csvread_record **rec, struct ky_error *err)
{
	bool got;

	*rec = NULL;
	if (r->failed) {
		if (err)
			*err = r->failure;
		return -1;
	}
	if (next_record(r, &got, err) == KY_OK) {
		*rec = got ? &r->rec : NULL;
		return got ? 1 : 0;
	}
	r->failed = true;  /* the parser state is unknown after an error */
	r->failure = *err;
	return -1;
}
