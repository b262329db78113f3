/* site-check.c - a site's response checked as import checks a row
 * (site-check.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/record.h"
#include "store/site-check.h"
#include "util/mem.h"

#define SHOWN_MAX 64

void site_check_init(struct site_check *c)
{
	memset(c, 0, sizeof *c);
	attrs_reader_init(&c->reader);
}

static void forget_keys(struct site_check *c)
{
	size_t i;
	for (i = 0; i < c->n_keys; i++)
		free(c->keys[i]);
	c->n_keys = 0;
}

void site_check_release(struct site_check *c)
{
	forget_keys(c);
	free(c->keys);
	free(c->views);
	attrs_reader_release(&c->reader);
}

void site_check_shown(const char *s, char *out, size_t outlen)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t used = 0, n_read;

	for (n_read = 0; p[n_read] && n_read < SHOWN_MAX && used + 5 < outlen; n_read++) {
		if (p[n_read] < 0x20 || p[n_read] >= 0x7F || p[n_read] == '\\')
			used += (size_t)snprintf(out + used, outlen - used, "\\x%02X", p[n_read]);
		else
			out[used++] = (char)p[n_read];
	}
	out[used] = '\0';
}

static bool fail(struct site_check *c, const char *field, const char *why)
{
	snprintf(c->field, sizeof c->field, "%s", field);
	snprintf(c->why, sizeof c->why, "%s", why);
	return false;
}

/* Plain text on one line: ids, language, attribute names. */
static bool one_line(struct site_check *c, const char *field, const char *s, bool required)
{
	char why[sizeof c->why];

	if (!s || !*s)
		return required ? fail(c, field, "empty") : true;
	if (!form_text_plain(s, why, sizeof why))
		return fail(c, field, why);
	if (strpbrk(s, "\t\n"))
		return fail(c, field, "a tab or a line break");
	return true;
}

static bool check_meta(struct site_check *c, const struct store_response *r)
{
	if (!one_line(c, "respondent", r->uuid, true))
		return false;
	if (!r->status || (strcmp(r->status, "complete") && strcmp(r->status, "partial")))
		return fail(c, "status", "neither complete nor partial");
	if (r->started && !form_is_timestamp(r->started))
		return fail(c, "started", "not an ISO 8601 timestamp");
	if (r->completed && !form_is_timestamp(r->completed))
		return fail(c, "completed", "not an ISO 8601 timestamp");
	return one_line(c, "lang", r->lang, false);
}

/* One answer: no NUL inside, plain text, valid for its question. */
static bool check_answer(struct site_check *c, const struct form *form, size_t slot,
			 const struct record_view *v)
{
	const struct form_question *q = &form->questions[form->slot_question[slot]];
	char field[SITE_SHOWN_LEN + 2], why[sizeof c->why], *text;
	bool ok;

	snprintf(field, sizeof field, "'");
	site_check_shown(q->column, field + 1, sizeof field - 2);
	strcat(field, "'");
	if (memchr(v->ptr, '\0', v->len))
		return fail(c, field, "a NUL byte in the answer");
	text = ky_strndup(v->ptr, v->len);
	ok = form_text_plain(text, why, sizeof why);
	if (!ok)
		fail(c, field, why);
	else if (!(ok = form_value_valid(form, q, text, NULL, 0))) {
		snprintf(why, sizeof why, "not a valid %s answer", form_qtype_name(q->type));
		fail(c, field, why);
	}
	free(text);
	return ok;
}

static bool check_answers(struct site_check *c, const struct form *form,
			  const struct store_response *r)
{
	size_t slot;

	if (c->n_views < form->n_slots + 1) {
		c->views = ky_reallocarray(c->views, form->n_slots + 1, sizeof *c->views);
		c->n_views = form->n_slots + 1;
	}
	/* One view more than the form has slots: bytes past the last slot
	 * are not a record of this form. */
	if ((r->answers_len && !r->answers) ||
	    record_decode(r->answers, r->answers_len, c->views, form->n_slots + 1) ||
	    c->views[form->n_slots].ptr)
		return fail(c, "answers", "the record does not decode with the form's questions");
	for (slot = 0; slot < form->n_slots; slot++)
		if (c->views[slot].ptr && !check_answer(c, form, slot, &c->views[slot]))
			return false;
	return true;
}

static void note_key(void *ctx, const char *key)
{
	struct site_check *c = ctx;
	KY_GROW(c->keys, c->n_keys, c->cap_keys, 8);
	c->keys[c->n_keys++] = ky_strdup(key);
}

static bool check_attrs(struct site_check *c, const char *json)
{
	const char **values;
	char why[sizeof c->why];
	size_t i;
	bool ok = true;

	forget_keys(c);
	if (!json)
		return true;
	if (attrs_each_key(&c->reader, json, note_key, c))
		return fail(c, "attrs", "not a flat object of texts");
	for (i = 0; i < c->n_keys; i++)
		if (!one_line(c, "an attribute name", c->keys[i], true))
			return false;
	values = ky_calloc(c->n_keys ? c->n_keys : 1, sizeof *values);
	if (attrs_read(&c->reader, json, (const char *const *)c->keys, c->n_keys, values))
		ok = fail(c, "attrs", "not a flat object of texts");
	for (i = 0; ok && i < c->n_keys; i++)
		if (values[i] && !form_text_plain(values[i], why, sizeof why)) {
			char shown[SITE_SHOWN_LEN], field[SITE_SHOWN_LEN + 16];
			site_check_shown(c->keys[i], shown, sizeof shown);
			snprintf(field, sizeof field, "attribute '%s'", shown);
			ok = fail(c, field, why);
		}
	free(values);
	return ok;
}

bool site_check_response(struct site_check *c, const struct form *form,
			 const struct store_response *r)
{
	c->field[0] = c->why[0] = '\0';
	return check_meta(c, r) && check_answers(c, form, r) && check_attrs(c, r->attrs_json);
}

bool site_check_attr_name(struct site_check *c, const char *name)
{
	c->field[0] = c->why[0] = '\0';
	return one_line(c, "an attribute name", name, true);
}

bool site_check_log_row(struct site_check *c, const struct form *form,
			const struct store_log_row *row)
{
	char why[sizeof c->why];

	c->field[0] = c->why[0] = '\0';
	if (row->slot < 0 || (size_t)row->slot >= form->n_slots)
		return fail(c, "answer log", "a slot the form does not have");
	if (!row->answered_at || !form_is_timestamp(row->answered_at))
		return fail(c, "answer log", "a time that is not an ISO 8601 timestamp");
	if (row->value && !form_text_plain(row->value, why, sizeof why))
		return fail(c, "answer log", why);
	return true;
}
