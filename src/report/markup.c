#include "config.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report/markup.h"
#include "util/escape.h"

/* Characters XML does not allow (C0 but TAB and line ends, U+FFFE/F),
 * controls that a terminal paging the file would obey (DEL, C1), and
 * invisible format characters that reorder text: shown as U+FFFD. */
static bool shown_as_replacement(unsigned long cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	       (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF ||
	       ky_is_format_char(cp);
}

void markup_escape(FILE *out, const char *s)
{
	size_t len = s ? strlen(s) : 0, n;
	unsigned long cp;

	while (len) {
		n = ky_utf8_decode((const unsigned char *)s, len, &cp);
		if (!n || shown_as_replacement(cp)) {
			fputs("\xEF\xBF\xBD", out);
			n = n ? n : 1;
		} else {
			switch (*s) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs("&quot;", out); break;
			case '\'': fputs("&#39;", out); break;
			default: fwrite(s, 1, n, out);
			}
		}
		s += n;
		len -= n;
	}
}

size_t markup_chars(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static bool decimal_comma;

void markup_decimal_comma(bool comma)
{
	decimal_comma = comma;
}

void markup_localise(char *buf)
{
	char *dot = decimal_comma ? strchr(buf, '.') : NULL;
	if (dot)
		*dot = ',';
}

void markup_percent(char *buf, size_t len, double share)
{
	if (isnan(share))
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%.1f %%", 100.0 * share);
	markup_localise(buf);
}

void markup_number(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "%s", "");
	else if (fabs(v) >= 100 || v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.3g", v);
	markup_localise(buf);
}
