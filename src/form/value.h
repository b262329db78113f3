/* value.h - the one grammar of answer values: whole numbers, numbers,
 * dates, times, datetimes and response timestamps, and the one rule of
 * month lengths (leap years). collect (session.c), import
 * (form_value_valid), merge and the expressions' dates all read values
 * here, so that what collect writes import reads back.
 *
 * Two sources, one visible difference: FORM_VALUE_STORED is what files
 * and stores hold (import, merge: numbers may have an exponent, times a
 * fraction and a zone, datetimes 'T'); FORM_VALUE_TYPED is what a person
 * types at collect (no exponent; HH:MM or HH:MM:SS; a datetime's date and
 * time separated by 'T' or a blank, then an optional Z). Both refuse hex,
 * inf and nan, 24:00, second 60, Feb 29 of a common year, zones beyond
 * +-14:00. */
#ifndef KY_FORM_VALUE_H
#define KY_FORM_VALUE_H

#include <stdbool.h>
#include "form/form.h"

enum form_value_source { FORM_VALUE_STORED, FORM_VALUE_TYPED };

/* Days of the month (1-12) in year: the one leap-year rule (Gregorian). */
int form_days_in_month(int year, int month);

/* [+-]digits, at most 18 of them (a 64-bit integer holds them). */
bool form_value_integer(const char *s);
/* A decimal number, '.' as the mark whatever the locale; STORED also takes
 * an exponent. True with *out set (finite) when s is one. */
bool form_value_number(const char *s, enum form_value_source src, double *out);
/* YYYY-MM-DD, a real calendar date, at *p; advances past it. */
bool form_value_date(const char **p);
/* HH:MM(:SS)?, and for STORED an optional fraction and zone, at *p. */
bool form_value_time(const char **p, enum form_value_source src);
/* A date, the separator, a time (see the file comment), nothing after. */
bool form_value_datetime(const char *s, enum form_value_source src);
/* A value of a date, time, datetime, integer or decimal question (true for
 * other types: their checks are form_value_valid's and collect's). */
bool form_value_of_type(enum form_qtype type, const char *s, enum form_value_source src);

/* As form_value_number(s, FORM_VALUE_STORED, out). */
bool form_parse_number(const char *s, double *out);
/* True when s is a real calendar date written YYYY-MM-DD. */
bool form_is_date(const char *s);
/* An ISO 8601 instant as collect records it: YYYY-MM-DD, 'T' or a blank,
 * HH:MM:SS with an optional fraction, then an optional Z or +HH:MM; every
 * field in range. */
bool form_parse_timestamp(const char *s);
/* YYYY-MM-DDTHH:MM:SS, optional fraction, optional Z or +HH:MM: the shape
 * of the started and completed times of a response (fields not checked
 * against the calendar: form_parse_timestamp does). */
bool form_is_timestamp(const char *s);

#endif
