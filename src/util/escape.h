/* escape.h - text made safe for a terminal or a log.
 *
 * Owns the one rule for what may reach a terminal raw: printable ASCII
 * and valid UTF-8 that is neither a control (C0, DEL, C1) nor an invisible
 * format character (bidi overrides and isolates, zero-width characters,
 * the BOM, line and paragraph separators). Everything else is written as
 * visible text: "\xNN" for a control byte, a C1 code point or an invalid
 * UTF-8 byte, "\u{202E}" for a format character. A name, a label or an id
 * that a hostile file carries can then neither drive the terminal (OSC 52
 * writes the clipboard, CSI 2J clears the screen) nor reorder what is read. */
#ifndef KY_ESCAPE_H
#define KY_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True for a Unicode format character (category Cf) or U+2028/U+2029:
 * invisible, yet able to reorder or hide the text around it. */
bool ky_is_format_char(unsigned long cp);

/* Decodes one UTF-8 character of s[0..len): its length (1-4) and *cp, or
 * 0 when the bytes are not valid UTF-8 (overlong, surrogate, cut short). */
size_t ky_utf8_decode(const unsigned char *s, size_t len, unsigned long *cp);
/* The UTF-8 bytes of code point cp (at most U+10FFFF) into out: their count. */
size_t ky_utf8_encode(unsigned long cp, char out[4]);

/* Writes s escaped to fp (see above); returns false on a write error. */
bool ky_escape_fputs(FILE *fp, const char *s);

/* A fresh malloc'd escaped copy of s. */
char *ky_escape_dup(const char *s);

/* True when s holds a control character (C0, DEL, C1), a format
 * character or invalid UTF-8: what an id or an attribute must not carry. */
bool ky_text_has_hidden(const char *s);

#endif
