/* number.h - the one grammar of a decimal number, for answers
 * (form/value.c) and option values (cmdline.c) alike: [+-], digits with
 * an optional '.' and fraction (at least one digit), then, when allowed,
 * an exponent; '.' is the decimal mark whatever the locale; no blanks,
 * hex ("0x1p3" is not 8), inf or nan; the value finite. */
#ifndef KY_NUMBER_H
#define KY_NUMBER_H

#include <stdbool.h>

/* True with *out set when s is such a number (an exponent only when
 * exponent is true). */
bool ky_parse_decimal(const char *s, bool exponent, double *out);

#endif
