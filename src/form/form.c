/* form.c - the survey model: freeing, lookups and answer checks (form.h).
 *
 * The model is built by the XLSForm reader; here is only what every
 * reader of a form needs. Answer checks follow ODK's value formats, so
 * that a CSV exported by ODK Central or KoboToolbox imports unchanged. */
#include "config.h"
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "form/form.h"
#include "util/escape.h"
#include "util/mem.h"

static void text_release(struct form_text *t, size_t n_langs)
{
	size_t i;
	if (!t->by_lang)
		return;
	for (i = 0; i < n_langs; i++)
		free(t->by_lang[i]);
	free(t->by_lang);
}

static void question_release(struct form_question *q, size_t n_langs)
{
	free(q->type_text);
	free(q->name);
	free(q->path);
	free(q->column);
	text_release(&q->label, n_langs);
	text_release(&q->hint, n_langs);
	text_release(&q->required_message, n_langs);
	text_release(&q->constraint_message, n_langs);
	free(q->required_src);
	free(q->relevant_src);
	free(q->constraint_src);
	free(q->choice_filter_src);
	free(q->calculation_src);
	free(q->default_value);
	expr_destroy(q->required);
	expr_destroy(q->relevant);
	expr_destroy(q->constraint);
	expr_destroy(q->choice_filter);
	expr_destroy(q->calculation);
	free(q->appearance);
	free(q->scale);
	free(q->domain);
	free(q->brief);
	free(q->need_topic);
	text_release(&q->explanation, n_langs);
	free(q->repeat_count_src);
	expr_destroy(q->repeat_count);
}

static void list_release(struct form_list *l, size_t n_langs)
{
	size_t i, j;
	for (i = 0; i < l->n_choices; i++) {
		struct form_choice *c = &l->choices[i];
		free(c->name);
		text_release(&c->label, n_langs);
		for (j = 0; j < c->n_extra; j++) {
			free(c->extra_names[j]);
			free(c->extra_values[j]);
		}
		free(c->extra_names);
		free(c->extra_values);
	}
	free(l->choices);
	free(l->name);
}

void form_destroy(struct form *form)
{
	size_t i;
	if (!form)
		return;
	for (i = 0; i < form->n_questions; i++)
		question_release(&form->questions[i], form->n_langs);
	free(form->questions);
	for (i = 0; i < form->n_lists; i++)
		list_release(&form->lists[i], form->n_langs);
	free(form->lists);
	for (i = 0; i < form->n_langs; i++) {
		free(form->langs[i].name);
		free(form->langs[i].code);
	}
	free(form->langs);
	free(form->form_id);
	free(form->title);
	free(form->version);
	free(form->default_lang);
	free(form->slot_question);
	free(form->repeats);
	free(form->source);
	for (i = 0; i < form->n_media; i++) {
		free(form->media[i].file);
		expr_table_free(form->media[i].table);
	}
	free(form->media);
	text_release(&form->debrief_more, form->n_langs);
	free(form->controller);
	free(form->contact);
	free(form->retention);
	free(form);
}

int form_question_repeat(const struct form *form, int qi)
{
	return qi >= 0 && (size_t)qi < form->n_questions ? form->questions[qi].repeat : -1;
}

int form_repeat_parent(const struct form *form, int rq)
{
	int parent = form->questions[rq].parent;
	return parent >= 0 ? (form->questions[parent].is_repeat ? parent
								: form->questions[parent].repeat)
			   : -1;
}

int form_repeat_index(const struct form *form, int rq)
{
	size_t i;
	for (i = 0; i < form->n_repeats; i++)
		if (form->repeats[i] == rq)
			return (int)i;
	return -1;
}

bool form_question_top_level(const struct form_question *q)
{
	return q->slot >= 0 && q->repeat < 0;
}

bool form_question_scored(const struct form_question *q)
{
	size_t k;
	if (q->type != FQ_SELECT_ONE && q->type != FQ_SELECT_MULTIPLE)
		return false;
	for (k = 0; q->list && k < q->list->n_choices; k++)
		if (q->list->choices[k].has_score)
			return true;
	return false;
}

int form_list_dont_know(const struct form_list *list)
{
	size_t k;
	for (k = 0; list && k < list->n_choices; k++)
		if (list->choices[k].dont_know)
			return (int)k;
	return -1;
}

const char *form_placeholder_value(const struct form *form, const char *name)
{
	const char *v;
	if (!strcmp(name, "controller"))
		v = form->controller;
	else if (!strcmp(name, "contact"))
		v = form->contact;
	else if (!strcmp(name, "retention"))
		v = form->retention;
	else
		return NULL;
	return v ? v : "";
}

char *form_expand_placeholders(const struct form *form, const char *text)
{
	size_t len = strlen(text), cap = len + 1, n = 0;
	char *out = ky_malloc(cap);
	const char *p = text;

	while (*p) {
		const char *close = !strncmp(p, "{{", 2) ? strstr(p + 2, "}}") : NULL;
		const char *value = NULL, *piece = p;
		size_t piece_len = 1;
		if (close && close - p - 2 < 32) {
			char name[32];
			memcpy(name, p + 2, (size_t)(close - p - 2));
			name[close - p - 2] = '\0';
			value = form_placeholder_value(form, name);
		}
		if (value) {
			piece = value;
			piece_len = strlen(value);
		}
		if (n + piece_len + 1 > cap) {
			cap = 2 * (n + piece_len + 1);
			out = ky_realloc(out, cap);
		}
		memcpy(out + n, piece, piece_len);
		n += piece_len;
		p = value ? close + 2 : p + 1;
	}
	out[n] = '\0';
	return out;
}

int form_question_index(const struct form *form, const char *name_or_column)
{
	size_t i;
	int by_name = -1, n_by_name = 0;

	if (name_or_column[0] == '/') {   /* "/NAME": the top-level one of a shared name */
		for (i = 0; i < form->n_questions; i++)
			if (form->questions[i].type != FQ_END_GROUP && form->questions[i].parent < 0 &&
			    !strcmp(form->questions[i].name, name_or_column + 1))
				return (int)i;
		return -1;
	}
	for (i = 0; i < form->n_questions; i++) {
		const struct form_question *q = &form->questions[i];
		if (q->type == FQ_END_GROUP)
			continue;
		if (q->column && !strcmp(q->column, name_or_column))
			return (int)i;
		if (q->name && !strcmp(q->name, name_or_column)) {
			if (!n_by_name++)
				by_name = (int)i;
		}
	}
	/* a plain name that several groups share names no single question */
	return n_by_name == 1 ? by_name : -1;
}

const struct form_question *form_find_question(const struct form *form, const char *name_or_column)
{
	int i = form_question_index(form, name_or_column);
	return i < 0 ? NULL : &form->questions[i];
}

const char *const form_response_columns[FORM_N_RESPONSE_COLUMNS] = {
	"respondent", "status", "started", "completed", "lang"
};

bool form_is_response_column(const char *name)
{
	size_t i;
	for (i = 0; i < FORM_N_RESPONSE_COLUMNS; i++)
		if (!strcmp(form_response_columns[i], name))
			return true;
	return false;
}

const struct form_list *form_find_list(const struct form *form, const char *name)
{
	size_t i;
	for (i = 0; i < form->n_lists; i++)
		if (!strcmp(form->lists[i].name, name))
			return &form->lists[i];
	return NULL;
}

const struct form_choice *form_find_choice(const struct form_list *list, const char *name)
{
	size_t i;
	if (!list)
		return NULL;
	for (i = 0; i < list->n_choices; i++)
		if (list->choices[i].name[0] == name[0] && !strcmp(list->choices[i].name, name))
			return &list->choices[i];
	return NULL;
}

int form_lang_index(const struct form *form, const char *code_or_name)
{
	size_t i;
	for (i = 0; i < form->n_langs; i++)
		if (!strcasecmp(form->langs[i].code, code_or_name))
			return (int)i;
	for (i = 0; i < form->n_langs; i++)
		if (!strcasecmp(form->langs[i].name, code_or_name))
			return (int)i;
	return -1;
}

const char *form_text_get(const struct form *form, const struct form_text *t, int lang)
{
	size_t i;

	if (!t->by_lang)
		return "";
	if (lang >= 0 && (size_t)lang < form->n_langs && t->by_lang[lang] && *t->by_lang[lang])
		return t->by_lang[lang];
	if (form->default_lang_index >= 0 && (size_t)form->default_lang_index < form->n_langs) {
		const char *s = t->by_lang[form->default_lang_index];
		if (s && *s)
			return s;
	}
	for (i = 0; i < form->n_langs; i++)
		if (t->by_lang[i] && *t->by_lang[i])
			return t->by_lang[i];
	return "";
}

bool form_qtype_numeric(enum form_qtype t)
{
	return t == FQ_INTEGER || t == FQ_DECIMAL || t == FQ_RANGE;
}

const char *form_qtype_name(enum form_qtype t)
{
	static const char *const names[] = {
		[FQ_SELECT_ONE] = "select_one", [FQ_SELECT_MULTIPLE] = "select_multiple",
		[FQ_RANK] = "rank", [FQ_INTEGER] = "integer", [FQ_DECIMAL] = "decimal",
		[FQ_RANGE] = "range", [FQ_TEXT] = "text", [FQ_DATE] = "date",
		[FQ_TIME] = "time", [FQ_DATETIME] = "datetime", [FQ_NOTE] = "note",
		[FQ_ACKNOWLEDGE] = "acknowledge", [FQ_CALCULATE] = "calculate",
		[FQ_HIDDEN] = "hidden", [FQ_BEGIN_GROUP] = "begin_group",
		[FQ_END_GROUP] = "end_group", [FQ_START] = "start", [FQ_END] = "end",
		[FQ_TODAY] = "today", [FQ_DEVICEID] = "deviceid",
		[FQ_UNSUPPORTED] = "unsupported",
	};
	if ((unsigned)t < sizeof names / sizeof names[0] && names[t])
		return names[t];
	return "unknown";
}

/* ---- answer checks ---- */

bool form_respondent_id_valid(const char *id, char *why, size_t whylen)
{
	size_t len = strlen(id);
	if (!len) {
		snprintf(why, whylen, "empty");
		return false;
	}
	if (ky_text_has_hidden(id)) {
		snprintf(why, whylen, "a control or invisible character, a byte order mark or "
			 "invalid UTF-8 in the id");
		return false;
	}
	if (isspace((unsigned char)id[0]) || isspace((unsigned char)id[len - 1])) {
		snprintf(why, whylen, "a blank at the start or end of the id");
		return false;
	}
	return true;
}

/* A tag such as "fi", "sv-FI" or "en_GB": letters, digits, '-' and '_'. */
static bool lang_tag_shape(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789-_");
	return n && n <= 35 && !s[n];
}

bool form_lang_code_known(const struct form *form, const char *code)
{
	size_t i;
	for (i = 0; i < form->n_langs; i++)
		if (form->langs[i].code && !strcmp(form->langs[i].code, code))
			return true;
	/* one text of unnamed language: the form cannot say which it is */
	return form->n_langs <= 1 && (!form->n_langs || !strcmp(form->langs[0].name, "default")) &&
	       lang_tag_shape(code);
}

bool form_text_plain(const char *s, char *why, size_t whylen)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p;
		int n, i;
		unsigned cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
				snprintf(why, whylen, "control character 0x%02X in text", c);
				return false;
			}
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else
			goto bad;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		if (cp >= 0x80 && cp <= 0x9F) {
			snprintf(why, whylen, "control character U+%04X in text", cp);
			return false;
		}
		p += n + 1;
	}
	return true;
bad:
	snprintf(why, whylen, "invalid UTF-8 in text");
	return false;
}

/* The choice of list whose name is the len bytes at name. */
static const struct form_choice *find_choice_n(const struct form_list *list, const char *name,
					       size_t len)
{
	size_t i;
	if (!list)
		return NULL;
	for (i = 0; i < list->n_choices; i++) {
		const char *c = list->choices[i].name;
		if (c[0] == name[0] && !strncmp(c, name, len) && c[len] == '\0')
			return &list->choices[i];
	}
	return NULL;
}

/* Whether choice c came before in this answer: a bit per choice of the
 * list for the first 64 (no allocation per answer: an import checks
 * every answer of every row), a list of the rest. */
struct choices_seen {
	uint64_t bits;
	const struct form_choice **more;
	size_t n_more, cap;
};

static bool seen_before(struct choices_seen *seen, const struct form_list *list,
			const struct form_choice *c)
{
	size_t k = (size_t)(c - list->choices), i;

	if (k < 64) {
		bool was = seen->bits >> k & 1;
		seen->bits |= (uint64_t)1 << k;
		return was;
	}
	for (i = 0; i < seen->n_more; i++)
		if (seen->more[i] == c)
			return true;
	KY_GROW(seen->more, seen->n_more, seen->cap, 8);
	seen->more[seen->n_more++] = c;
	return false;
}

/* Space-separated choices of the list, each known and none twice. */
static bool valid_choice_set(const struct form_question *q, const char *value,
			     char *why, size_t whylen)
{
	const char *p = value;
	struct choices_seen seen = { 0, NULL, 0, 0 };
	size_t n_seen = 0;
	bool ok = true;

	while (*p && ok) {
		const char *start;
		const struct form_choice *c;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ')
			p++;
		c = find_choice_n(q->list, start, (size_t)(p - start));
		if (!c) {
			snprintf(why, whylen, "choice %zu is not in list '%s'", n_seen + 1,
				 q->list ? q->list->name : "");
			ok = false;
		} else if (seen_before(&seen, q->list, c)) {
			snprintf(why, whylen, "choice %zu repeats an earlier one", n_seen + 1);
			ok = false;
		} else {
			n_seen++;
		}
	}
	free(seen.more);
	return ok;
}

static bool valid_range(const struct form_question *q, const char *value,
			char *why, size_t whylen)
{
	double v, lo, hi, k;

	if (!form_parse_number(value, &v)) {
		snprintf(why, whylen, "not a number");
		return false;
	}
	lo = fmin(q->range_start, q->range_end);
	hi = fmax(q->range_start, q->range_end);
	if (v < lo - 1e-9 || v > hi + 1e-9) {
		snprintf(why, whylen, "outside the range %g to %g", lo, hi);
		return false;
	}
	if (q->range_step > 0) {
		k = (v - q->range_start) / q->range_step;
		if (fabs(k - round(k)) > 1e-9 * fmax(1.0, fabs(k))) {
			snprintf(why, whylen, "not on a step of %g from %g",
				 q->range_step, q->range_start);
			return false;
		}
	}
	return true;
}

bool form_value_valid(const struct form *form, const struct form_question *q,
		      const char *value, char *why, size_t whylen)
{
	double d;
	char dummy[1];

	(void)form;
	if (!why || !whylen) {
		why = dummy;
		whylen = sizeof dummy;
	}
	why[0] = '\0';
	if (!value || !*value)
		return true;  /* no answer; whether one is required is checked elsewhere */
	switch (q->type) {
	case FQ_SELECT_ONE:
		if (form_find_choice(q->list, value))
			return true;
		snprintf(why, whylen, "not a choice of list '%s'", q->list ? q->list->name : "");
		return false;
	case FQ_SELECT_MULTIPLE:
	case FQ_RANK:
		return valid_choice_set(q, value, why, whylen);
	case FQ_INTEGER:
		if (form_value_integer(value))
			return true;
		snprintf(why, whylen, "not a whole number");
		return false;
	case FQ_DECIMAL:
		if (form_parse_number(value, &d))
			return true;
		snprintf(why, whylen, "not a number");
		return false;
	case FQ_RANGE:
		return valid_range(q, value, why, whylen);
	case FQ_DATE:
		if (form_value_of_type(FQ_DATE, value, FORM_VALUE_STORED))
			return true;
		snprintf(why, whylen, "not a date (YYYY-MM-DD)");
		return false;
	case FQ_TIME:
		if (form_value_of_type(FQ_TIME, value, FORM_VALUE_STORED))
			return true;
		snprintf(why, whylen, "not a time (HH:MM:SS)");
		return false;
	case FQ_DATETIME:
		if (form_value_datetime(value, FORM_VALUE_STORED))
			return true;
		snprintf(why, whylen, "not a date and time (YYYY-MM-DDTHH:MM:SS)");
		return false;
	case FQ_TEXT:
		return form_text_plain(value, why, whylen);
	case FQ_ACKNOWLEDGE:
		if (!strcmp(value, "OK"))
			return true;
		snprintf(why, whylen, "not OK (the only answer of an acknowledge)");
		return false;
	case FQ_CALCULATE:
	case FQ_HIDDEN:
	case FQ_START:
	case FQ_END:
	case FQ_TODAY:
	case FQ_DEVICEID:
		return true;
	case FQ_NOTE:
	case FQ_BEGIN_GROUP:
	case FQ_END_GROUP:
	case FQ_UNSUPPORTED:
		break;
	}
	snprintf(why, whylen, "'%s' takes no answer", q->name ? q->name : "");
	return false;
}

int form_choose_lang(const struct form *form, const char *code, const char *cmd, int *lang,
		     struct ky_error *err)
{
	char names[512] = "";
	size_t i;

	*lang = form->default_lang_index;
	if (!code)
		return KY_OK;
	*lang = form_lang_index(form, code);
	if (*lang >= 0)
		return KY_OK;
	for (i = 0; i < form->n_langs; i++) {
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", form->langs[i].code);
	}
	return ky_error_set(err, KY_EUSAGE, "%s: the form has no language '%s' (it has: %s)",
			    cmd, code, names);
}
