/* test-value.c - the one grammar of answer values (form/value.h): what a
 * person may type at collect, what import and merge read, and that every
 * value collect accepts import accepts too. */
#include "config.h"
#include <string.h>
#include "form/value.h"
#include "tests/unit/tap.h"

struct value_case {
	enum form_qtype type;
	const char *text;
	bool stored, typed;   /* valid for import, for collect */
};

static const struct value_case cases[] = {
	{ FQ_INTEGER, "42", true, true },
	{ FQ_INTEGER, "-123456789012345678", true, true },
	{ FQ_INTEGER, "1234567890123456789", false, false },
	{ FQ_INTEGER, "4.0", false, false },
	{ FQ_DECIMAL, "-1.5", true, true },
	{ FQ_DECIMAL, "2e3", true, false },
	{ FQ_DECIMAL, "0x1p3", false, false },
	{ FQ_DECIMAL, "inf", false, false },
	{ FQ_DECIMAL, ".", false, false },
	{ FQ_DATE, "2024-02-29", true, true },
	{ FQ_DATE, "2023-02-29", false, false },
	{ FQ_DATE, "1900-02-29", false, false },
	{ FQ_DATE, "2000-02-29", true, true },
	{ FQ_DATE, "2024-13-01", false, false },
	{ FQ_DATE, "2024-1-01", false, false },
	{ FQ_TIME, "14:30", true, true },
	{ FQ_TIME, "14:30:59", true, true },
	{ FQ_TIME, "24:00:00", false, false },
	{ FQ_TIME, "23:59:60", false, false },
	{ FQ_TIME, "14:30:00.250", true, false },
	{ FQ_TIME, "14:30:00+02:00", true, false },
	{ FQ_TIME, "14:30:00+14:30", false, false },
	{ FQ_DATETIME, "2024-05-31T14:30:00", true, true },
	{ FQ_DATETIME, "2024-05-31 14:30", false, true },
	{ FQ_DATETIME, "2024-05-31T14:30:00Z", true, true },
	{ FQ_DATETIME, "2024-05-31T14:30:00+02:00", true, false },
	{ FQ_DATETIME, "2024-05-31T24:00:60", false, false },
	{ FQ_DATETIME, "2023-02-29T10:00", false, false },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct value_case *c = &cases[i];
		bool stored = form_value_of_type(c->type, c->text, FORM_VALUE_STORED);
		bool typed = form_value_of_type(c->type, c->text, FORM_VALUE_TYPED);
		ok(stored == c->stored, "%s '%s' read from a file: %s", form_qtype_name(c->type),
		   c->text, stored ? "valid" : "refused");
		ok(typed == c->typed, "%s '%s' typed at collect: %s", form_qtype_name(c->type),
		   c->text, typed ? "valid" : "refused");
		/* datetimes typed with a blank are stored with 'T' (session.c) */
		if (typed && !(c->type == FQ_DATETIME && strchr(c->text, ' ')))
			ok(stored, "what collect accepts import accepts: '%s'", c->text);
	}
	ok(form_days_in_month(2024, 2) == 29 && form_days_in_month(2100, 2) == 28 &&
	   form_days_in_month(2000, 2) == 29 && form_days_in_month(2024, 4) == 30 &&
	   form_days_in_month(2024, 13) == 0, "one leap-year rule");
	return tap_done();
}
