/* markup.h - escaping and number formatting shared by the HTML and SVG writers. */
#ifndef KY_REPORT_MARKUP_H
#define KY_REPORT_MARKUP_H

#include <stdbool.h>
#include <stdio.h>

/* Writes s with &, <, >, " and ' escaped (valid in text and attributes);
 * characters XML forbids, controls, invalid UTF-8 and invisible format
 * characters (bidi overrides, zero-width) become U+FFFD, so that every
 * page and chart is well-formed and shows what it holds. */
void markup_escape(FILE *out, const char *s);
/* Display width of a UTF-8 string in characters (code points). */
size_t markup_chars(const char *s);
/* Formats a share as "47.5 %" (one decimal) or a number with 3 significant
 * digits into buf; "" for NaN. */
void markup_percent(char *buf, size_t len, double share);
void markup_number(char *buf, size_t len, double v);
/* Finnish and Swedish write "47,5 %": after markup_decimal_comma(true)
 * the two formatters above, and markup_localise() on a number formatted
 * by hand, put a comma for the decimal point (the page's text only: the
 * <data value> attributes keep the CSV's text). One report at a time. */
void markup_decimal_comma(bool comma);
void markup_localise(char *buf);

#endif
