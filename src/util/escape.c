/* escape.c - text made safe for a terminal or a log (escape.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "util/escape.h"
#include "util/mem.h"

bool ky_is_format_char(unsigned long cp)
{
	static const unsigned long ranges[][2] = {
		{ 0x00AD, 0x00AD }, { 0x0600, 0x0605 }, { 0x061C, 0x061C },
		{ 0x06DD, 0x06DD }, { 0x070F, 0x070F }, { 0x08E2, 0x08E2 },
		{ 0x180E, 0x180E }, { 0x200B, 0x200F }, { 0x2028, 0x202E },
		{ 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0xFEFF, 0xFEFF },
		{ 0xFFF9, 0xFFFB }, { 0x110BD, 0x110BD }, { 0x110CD, 0x110CD },
		{ 0x13430, 0x1343F }, { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A },
		{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F },
	};
	size_t i;
	for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

size_t ky_utf8_decode(const unsigned char *s, size_t len, unsigned long *cp)
{
	size_t n, i;
	unsigned long v;

	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, v = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, v = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, v = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t ky_utf8_encode(unsigned long cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | ((cp >> 18) & 0x07));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool is_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Appends the escaped form of s to out (NULL: only counts); returns its length. */
static size_t escape_into(char *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), used = 0, n;
	unsigned long cp;
	char buf[32];

	while (len) {
		n = ky_utf8_decode(p, len, &cp);
		if (n == 0 || is_control(cp)) {
			snprintf(buf, sizeof buf, "\\x%02X", n ? (unsigned)cp : p[0]);
			n = n ? n : 1;
		} else if (ky_is_format_char(cp)) {
			snprintf(buf, sizeof buf, "\\u{%04lX}", cp);
		} else {
			if (out)
				memcpy(out + used, p, n);
			used += n;
			p += n;
			len -= n;
			continue;
		}
		if (out)
			memcpy(out + used, buf, strlen(buf));
		used += strlen(buf);
		p += n;
		len -= n;
	}
	return used;
}

char *ky_escape_dup(const char *s)
{
	size_t n = escape_into(NULL, s);
	char *out = ky_malloc(n + 1);
	escape_into(out, s);
	out[n] = '\0';
	return out;
}

bool ky_escape_fputs(FILE *fp, const char *s)
{
	char *e = ky_escape_dup(s);
	bool ok = fputs(e, fp) != EOF;
	free(e);
	return ok;
}

bool ky_text_has_hidden(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	unsigned long cp;

	while (len) {
		/* printable ASCII, most of any text: no format character is below
		 * U+00AD (an import checks every id and attribute) */
		if (*p >= 0x20 && *p < 0x7F) {
			p++;
			len--;
			continue;
		}
		if (!(n = ky_utf8_decode(p, len, &cp)))
			return true;
		if (is_control(cp) || ky_is_format_char(cp))
			return true;
		p += n;
		len -= n;
	}
	return false;
}
