/* site-check.h - checks a response read from a database kysely did not
 * write itself (a merge site), before it may land in another one.
 *
 * A site database is input like a CSV file: its record blob must decode
 * with its form's slot count, every answer must be one import would
 * take (form_value_valid, and UTF-8 text without control characters),
 * its ids, times, language and attributes must be plain one-line text,
 * and each row of its answer log must name a slot of the form. The
 * reasons never quote a value (they go to stderr; answers are private). */
#ifndef KY_SITE_CHECK_H
#define KY_SITE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include "form/form.h"
#include "store/attrs.h"
#include "store/store.h"

/* Reusable buffers; one per merge. */
struct site_check {
	struct record_view *views;
	size_t n_views;
	char **keys;
	size_t n_keys, cap_keys;
	struct attrs_reader reader;
	char field[320];    /* the part at fault: "answers", "'role'", "attrs"... */
	char why[192];      /* what is wrong with it, without its value */
};

void site_check_init(struct site_check *c);
void site_check_release(struct site_check *c);

/* True when r may be merged under form; otherwise c->field and c->why
 * say what is wrong. */
bool site_check_response(struct site_check *c, const struct form *form,
			 const struct store_response *r);
/* The same for an attribute name of the site's form. */
bool site_check_attr_name(struct site_check *c, const char *name);
/* The same for one row of its answer log. */
bool site_check_log_row(struct site_check *c, const struct form *form,
			const struct store_log_row *row);

/* s for a one-line message: bytes outside printable ASCII (and '\')
 * as \xNN, cut at 64 bytes; out needs 4 * 64 + 8 bytes. */
#define SITE_SHOWN_LEN (4 * 64 + 8)
void site_check_shown(const char *s, char *out, size_t outlen);

#endif
