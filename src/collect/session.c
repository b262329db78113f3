/* session.c - answers, relevance, checks and calculates of one respondent. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/session.h"
#include "form/expr.h"
#include "form/rules.h"
#include "util/mem.h"
#include "util/strbuf.h"

struct session {
	const struct form *form;
	int lang;
	struct session_sink sink;
	char **values;       /* per slot, never NULL ("" unanswered) */
	bool *relevant;      /* per question, cached after every change */
};

/* What an expression sees: the session's answers, optionally with one
 * candidate value in place of a question's stored one (constraints are
 * checked before the value is stored), and the choice a choice_filter
 * is tried on. */
struct eval_ctx {
	const struct session *s;
	int override_qi;
	const char *override_value;
	const struct form_choice *choice;
};

static const char *value_of(const struct eval_ctx *c, int qi)
{
	const struct form_question *q;
	if (qi < 0)
		return "";
	if (qi == c->override_qi)
		return c->override_value;
	q = &c->s->form->questions[qi];
	return q->slot >= 0 ? c->s->values[q->slot] : "";
}

static const char *env_lookup(void *ctx, const char *name)
{
	struct eval_ctx *c = ctx;
	int qi = form_question_index(c->s->form, name);
	if (qi < 0)
		return NULL;
	return value_of(c, qi);
}

static const char *env_column(void *ctx, const char *word)
{
	struct eval_ctx *c = ctx;
	size_t i;
	if (!c->choice)
		return NULL;
	if (!strcmp(word, "name"))
		return c->choice->name;
	for (i = 0; i < c->choice->n_extra; i++)
		if (!strcmp(c->choice->extra_names[i], word))
			return c->choice->extra_values[i];
	if (!strcmp(word, "label"))
		return session_choice_label(c->s, c->choice);
	return NULL;
}

static void env_init(struct expr_env *env, struct eval_ctx *c, const struct session *s)
{
	c->s = s;
	c->override_qi = -1;
	c->override_value = NULL;
	c->choice = NULL;
	memset(env, 0, sizeof *env);
	env->lookup = env_lookup;
	env->column = env_column;
	env->ctx = c;
	env->lang = *session_lang_code(s) ? session_lang_code(s) : NULL;
}

static bool holds_value(const struct form_question *q)
{
	return q->slot >= 0;
}

struct session *session_create(const struct form *form, int lang,
			       const struct session_sink *sink)
{
	struct session *s = ky_calloc(1, sizeof *s);
	size_t i;
	s->form = form;
	s->values = ky_calloc(form->n_slots ? form->n_slots : 1, sizeof *s->values);
	for (i = 0; i < form->n_slots; i++)
		s->values[i] = ky_strdup("");
	s->relevant = ky_calloc(form->n_questions ? form->n_questions : 1, sizeof *s->relevant);
	if (sink)
		s->sink = *sink;
	session_set_lang(s, lang);
	for (i = 0; i < form->n_questions; i++)
		s->relevant[i] = true;
	return s;
}

void session_destroy(struct session *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->form->n_slots; i++)
		free(s->values[i]);
	free(s->values);
	free(s->relevant);
	free(s);
}

const struct form *session_form(const struct session *s)
{
	return s->form;
}

int session_lang(const struct session *s)
{
	return s->lang;
}

void session_set_lang(struct session *s, int lang)
{
	if (lang < 0 || (size_t)lang >= s->form->n_langs)
		lang = s->form->default_lang_index >= 0 ? s->form->default_lang_index : 0;
	s->lang = lang;
}

void session_cycle_lang(struct session *s)
{
	if (s->form->n_langs > 1)
		s->lang = (s->lang + 1) % (int)s->form->n_langs;
}

const char *session_lang_code(const struct session *s)
{
	if ((size_t)s->lang >= s->form->n_langs)
		return "";
	return s->form->langs[s->lang].code ? s->form->langs[s->lang].code : "";
}

enum ui_lang session_ui_lang(const struct session *s)
{
	return ui_lang_from_code(session_lang_code(s));
}

static const char *text_in_lang(const struct session *s, const struct form_text *t)
{
	if (!s->form->n_langs || !t->by_lang)
		return "";
	return form_text_get(s->form, t, s->lang);
}

/* Replaces the value of a slot and tells the sink; a no-op when equal. */
static int store_value(struct session *s, int slot, const char *value, bool *changed,
		       struct ky_error *err)
{
	if (!strcmp(s->values[slot], value))
		return KY_OK;
	free(s->values[slot]);
	s->values[slot] = ky_strdup(value);
	if (changed)
		*changed = true;
	if (s->sink.put)
		return s->sink.put(s->sink.ctx, slot, value, err);
	return KY_OK;
}

void session_load(struct session *s, const char *const *values, size_t n_values)
{
	size_t i;
	for (i = 0; i < s->form->n_slots && i < n_values; i++) {
		free(s->values[i]);
		s->values[i] = ky_strdup(values[i] ? values[i] : "");
	}
}

static void compute_relevance(struct session *s)
{
	struct eval_ctx c;
	struct expr_env env;
	size_t i;
	env_init(&env, &c, s);
	for (i = 0; i < s->form->n_questions; i++) {
		const struct form_question *q = &s->form->questions[i];
		s->relevant[i] = form_rule_relevant(q, q->parent < 0 || s->relevant[q->parent], &env);
	}
}

/* A calculation whose text passed EXPR_MAX_STRING was stored as "": the
 * form is at fault (a chain that doubles a text), and the answer that set
 * it off is refused with this message. */
static int too_long_error(const struct form_question *q, struct ky_error *err)
{
	return ky_error_set(err, KY_EINPUT,
			    "'%s': the calculation on line %d of the form gives a text longer than %zu bytes",
			    q->name, q->line, (size_t)EXPR_MAX_STRING);
}

/* Clears answers of questions that are no longer relevant and re-runs
 * calculates, until a pass changes nothing. Calculates may refer to each
 * other in any order, hence the passes; the bound stops a cycle. */
static int settle(struct session *s, struct ky_error *err)
{
	struct eval_ctx c;
	struct expr_env env;
	const struct form_question *overflowed = NULL;
	bool too_long = false;
	size_t i, pass;
	int rc;
	env_init(&env, &c, s);
	env.too_long = &too_long;
	for (pass = 0; pass < s->form->n_questions + 2; pass++) {
		bool changed = false;
		compute_relevance(s);
		for (i = 0; i < s->form->n_questions; i++) {
			const struct form_question *q = &s->form->questions[i];
			char *v;
			if (!holds_value(q))
				continue;
			if (!s->relevant[i]) {
				rc = store_value(s, q->slot, "", &changed, err);
				if (rc)
					return rc;
				continue;
			}
			if (q->type != FQ_CALCULATE || !q->calculation)
				continue;
			v = expr_eval_string(q->calculation, &env);
			if (too_long && !overflowed)
				overflowed = q;
			rc = store_value(s, q->slot, v ? v : "", &changed, err);
			free(v);
			if (rc)
				return rc;
		}
		if (!changed)
			break;
	}
	return overflowed ? too_long_error(overflowed, err) : KY_OK;
}

static void iso_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int session_begin(struct session *s, time_t now, const char *device_id,
		  struct ky_error *err)
{
	char stamp[64], today[32];
	struct tm tm;
	size_t i;
	int rc;
	iso_utc(now, stamp, sizeof stamp);
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	for (i = 0; i < s->form->n_questions; i++) {
		const struct form_question *q = &s->form->questions[i];
		const char *v = NULL;
		if (!holds_value(q) || s->values[q->slot][0])
			continue;
		switch (q->type) {
		case FQ_START: v = stamp; break;
		case FQ_TODAY: v = today; break;
		case FQ_DEVICEID: v = device_id; break;
		case FQ_HIDDEN: v = q->default_value; break;
		default: break;
		}
		if (v && *v && (rc = store_value(s, q->slot, v, NULL, err)))
			return rc;
	}
	return settle(s, err);
}

int session_finish(struct session *s, time_t now, struct ky_error *err)
{
	char stamp[64];
	size_t i;
	int rc;
	iso_utc(now, stamp, sizeof stamp);
	for (i = 0; i < s->form->n_questions; i++) {
		const struct form_question *q = &s->form->questions[i];
		if (q->type == FQ_END && holds_value(q) &&
		    (rc = store_value(s, q->slot, stamp, NULL, err)))
			return rc;
	}
	return settle(s, err);
}

bool session_shown(const struct form *form, int qi)
{
	if (qi < 0 || (size_t)qi >= form->n_questions)
		return false;
	switch (form->questions[qi].type) {
	case FQ_SELECT_ONE: case FQ_SELECT_MULTIPLE: case FQ_RANK:
	case FQ_INTEGER: case FQ_DECIMAL: case FQ_RANGE:
	case FQ_TEXT: case FQ_DATE: case FQ_TIME: case FQ_DATETIME:
	case FQ_NOTE: case FQ_ACKNOWLEDGE:
		return true;
	default:
		return false;
	}
}

bool session_relevant(const struct session *s, int qi)
{
	return qi >= 0 && (size_t)qi < s->form->n_questions && s->relevant[qi];
}

static bool visible(const struct session *s, int qi)
{
	return session_shown(s->form, qi) && s->relevant[qi];
}

int session_next(const struct session *s, int qi)
{
	int i;
	for (i = qi + 1; (size_t)i < s->form->n_questions; i++)
		if (visible(s, i))
			return i;
	return -1;
}

int session_first(const struct session *s)
{
	return session_next(s, -1);
}

int session_prev(const struct session *s, int qi)
{
	int i;
	if (qi < 0)
		qi = (int)s->form->n_questions;
	for (i = qi - 1; i >= 0; i--)
		if (visible(s, i))
			return i;
	return -1;
}

int session_first_unanswered(const struct session *s)
{
	int qi;
	for (qi = session_first(s); qi >= 0; qi = session_next(s, qi)) {
		const struct form_question *q = &s->form->questions[qi];
		if (holds_value(q) && !s->values[q->slot][0])
			return qi;
	}
	return -1;
}

const char *session_value(const struct session *s, int qi)
{
	const struct form_question *q;
	if (qi < 0 || (size_t)qi >= s->form->n_questions)
		return "";
	q = &s->form->questions[qi];
	return holds_value(q) ? s->values[q->slot] : "";
}

const char *session_initial_value(const struct session *s, int qi)
{
	const char *v = session_value(s, qi);
	const struct form_question *q = &s->form->questions[qi];
	if (!*v && q->default_value)
		return q->default_value;
	return v;
}

const char *session_lookup(const struct session *s, const char *name)
{
	return session_value(s, form_question_index(s->form, name));
}

/* ---- checks ---- */

static bool choice_visible(const struct session *s, int qi, const char *name, size_t len)
{
	const struct form_list *list = s->form->questions[qi].list;
	size_t *idx, n, i;
	bool found = false;
	if (!list)
		return false;
	idx = ky_calloc(list->n_choices ? list->n_choices : 1, sizeof *idx);
	n = session_choices(s, qi, idx);
	for (i = 0; i < n && !found; i++) {
		const char *cn = list->choices[idx[i]].name;
		found = strlen(cn) == len && !memcmp(cn, name, len);
	}
	free(idx);
	return found;
}

static void fmt_number(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%.15g", v);
}

/* Type check: the messages are the interface's own, since the form has none for them. */
static bool check_type(const struct session *s, int qi, const char *v, char *msg, size_t msglen)
{
	const struct form_question *q = &s->form->questions[qi];
	enum ui_lang ui = session_ui_lang(s);
	double d;
	switch (q->type) {
	case FQ_INTEGER:
		if (form_value_integer(v))
			return true;
		snprintf(msg, msglen, "%s", ui_text(ui, UW_NOT_INTEGER));
		return false;
	case FQ_DECIMAL:
		if (form_value_number(v, FORM_VALUE_TYPED, &d))
			return true;
		snprintf(msg, msglen, "%s", ui_text(ui, UW_NOT_NUMBER));
		return false;
	case FQ_RANGE: {
		double lo = fmin(q->range_start, q->range_end), hi = fmax(q->range_start, q->range_end);
		double steps;
		char a[32], b[32], c[32];
		bool inside = form_value_number(v, FORM_VALUE_TYPED, &d) && d >= lo - 1e-9 && d <= hi + 1e-9;
		if (inside) {
			if (q->range_step <= 0)
				return true;
			steps = (d - q->range_start) / q->range_step;
			if (fabs(steps - round(steps)) < 1e-9)
				return true;
		}
		fmt_number(q->range_start, a, sizeof a);
		fmt_number(q->range_end, b, sizeof b);
		fmt_number(q->range_step, c, sizeof c);
		/* 55 on a 0-100 scale in tens is inside the bounds: saying only
		 * "from 0 to 100" would not tell the respondent what is wrong */
		if (inside)
			snprintf(msg, msglen, ui_text(ui, UW_OFF_STEP), a, b, c);
		else
			snprintf(msg, msglen, ui_text(ui, UW_OUT_OF_RANGE), a, b);
		return false;
	}
	case FQ_DATE:
		if (form_value_of_type(FQ_DATE, v, FORM_VALUE_TYPED))
			return true;
		snprintf(msg, msglen, "%s", ui_text(ui, UW_NOT_DATE));
		return false;
	case FQ_TIME:
		if (form_value_of_type(FQ_TIME, v, FORM_VALUE_TYPED))
			return true;
		snprintf(msg, msglen, "%s", ui_text(ui, UW_NOT_TIME));
		return false;
	case FQ_DATETIME:
		if (form_value_datetime(v, FORM_VALUE_TYPED))
			return true;
		snprintf(msg, msglen, "%s", ui_text(ui, UW_NOT_DATETIME));
		return false;
	case FQ_SELECT_ONE:
		if (choice_visible(s, qi, v, strlen(v)))
			return true;
		break;
	case FQ_SELECT_MULTIPLE:
	case FQ_RANK: {
		const char *p = v;
		while (*p) {
			size_t len = strcspn(p, " ");
			if (len && !choice_visible(s, qi, p, len))
				goto not_choice;
			p += len;
			p += strspn(p, " ");
		}
		return true;
	}
	case FQ_ACKNOWLEDGE:
		if (!strcmp(v, "OK"))
			return true;
		break;
	default:
		return true;
	}
not_choice:
	snprintf(msg, msglen, "%s", ui_text(ui, UW_NOT_A_CHOICE));
	return false;
}

bool session_check(const struct session *s, int qi, const char *value,
		   char *msg, size_t msglen)
{
	const struct form_question *q = &s->form->questions[qi];
	struct eval_ctx c;
	struct expr_env env;
	const char *m;
	if (msglen)
		msg[0] = '\0';
	env_init(&env, &c, s);
	c.override_qi = qi;
	c.override_value = value;
	env.dot = value;
	if (!*value) {
		if (holds_value(q) && form_rule_required(q, &env)) {
			m = text_in_lang(s, &q->required_message);
			snprintf(msg, msglen, "%s", *m ? m : ui_text(session_ui_lang(s), UW_REQUIRED));
			return false;
		}
		return true;
	}
	if (!check_type(s, qi, value, msg, msglen))
		return false;
	if (!form_rule_constraint(q, &env)) {
		m = text_in_lang(s, &q->constraint_message);
		snprintf(msg, msglen, "%s", *m ? m : ui_text(session_ui_lang(s), UW_CONSTRAINT));
		return false;
	}
	return true;
}

/* Numbers, dates and choices lose surrounding blanks; text keeps what
 * the respondent typed. A datetime typed as the screen asks
 * ("YYYY-MM-DD HH:MM") is stored in ISO 8601 with a 'T': import refuses
 * the blank, so an export would not read back otherwise. */
static char *normalise(const struct form_question *q, const char *value)
{
	const char *start = value, *end;
	char *v;
	if (q->type == FQ_TEXT)
		return ky_strdup(value);
	while (isspace((unsigned char)*start))
		start++;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	v = ky_strndup(start, (size_t)(end - start));
	if (q->type == FQ_DATETIME && strlen(v) > 10 && v[10] == ' ')
		v[10] = 'T';
	return v;
}

int session_accept(struct session *s, int qi, const char *value,
		   char *msg, size_t msglen, struct ky_error *err)
{
	const struct form_question *q = &s->form->questions[qi];
	char *v;
	int rc;
	if (msglen)
		msg[0] = '\0';
	if (!holds_value(q))
		return KY_OK;
	v = normalise(q, value ? value : "");
	if (!session_check(s, qi, v, msg, msglen)) {
		rc = ky_error_set(err, KY_EINPUT, "'%s': %s", q->name, msg);
		free(v);
		return rc;
	}
	rc = store_value(s, q->slot, v, NULL, err);
	free(v);
	if (rc)
		return rc;
	rc = settle(s, err);
	if (rc == KY_EINPUT && msglen)
		snprintf(msg, msglen, "%s", err->msg);
	return rc;
}

int session_first_blocking(const struct session *s, char *msg, size_t msglen)
{
	int qi;
	for (qi = session_first(s); qi >= 0; qi = session_next(s, qi)) {
		if (!holds_value(&s->form->questions[qi]))
			continue;
		if (!session_check(s, qi, session_value(s, qi), msg, msglen))
			return qi;
	}
	return -1;
}

size_t session_choices(const struct session *s, int qi, size_t *idx)
{
	const struct form_question *q = &s->form->questions[qi];
	struct eval_ctx c;
	struct expr_env env;
	size_t i, n = 0;
	if (!q->list)
		return 0;
	env_init(&env, &c, s);
	for (i = 0; i < q->list->n_choices; i++) {
		c.choice = &q->list->choices[i];
		if (!q->choice_filter || expr_eval_bool(q->choice_filter, &env))
			idx[n++] = i;
	}
	return n;
}

const char *session_choice_label(const struct session *s, const struct form_choice *c)
{
	const char *l = text_in_lang(s, &c->label);
	return *l ? l : c->name;
}

/* ---- texts ---- */

char *session_display_value(const struct session *s, int qi)
{
	const struct form_question *q;
	const char *v = session_value(s, qi), *p;
	struct ky_strbuf b = { 0 };
	if (!*v)
		return ky_strdup("");
	q = &s->form->questions[qi];
	if (!q->list)
		return ky_strdup(v);
	for (p = v; *p;) {
		size_t len = strcspn(p, " ");
		if (len) {
			char *name = ky_strndup(p, len);
			const struct form_choice *c = form_find_choice(q->list, name);
			if (b.len)
				ky_strbuf_adds(&b, ", ");
			ky_strbuf_adds(&b, c ? session_choice_label(s, c) : name);
			free(name);
		}
		p += len;
		p += strspn(p, " ");
	}
	return ky_strbuf_finish(&b);
}

/* Replaces every ${name} of text with the answer as the respondent reads it. */
static char *interpolate(const struct session *s, const char *text)
{
	struct ky_strbuf b = { 0 };
	const char *p = text;
	for (;;) {
		const char *open = strstr(p, "${"), *close;
		char *name, *shown;
		if (!open || !(close = strchr(open + 2, '}'))) {
			ky_strbuf_adds(&b, p);
			break;
		}
		ky_strbuf_add(&b, p, (size_t)(open - p));
		name = ky_strndup(open + 2, (size_t)(close - open - 2));
		shown = session_display_value(s, form_question_index(s->form, name));
		ky_strbuf_adds(&b, shown);
		free(shown);
		free(name);
		p = close + 1;
	}
	return ky_strbuf_finish(&b);
}

char *session_label(const struct session *s, int qi)
{
	const struct form_question *q = &s->form->questions[qi];
	const char *l = text_in_lang(s, &q->label);
	char *text = interpolate(s, *l ? l : q->name), *expanded;
	if (q->type != FQ_NOTE)
		return text;
	/* the study's own texts ({{controller}}...), after ${} so that a
	 * setting is shown as written */
	expanded = form_expand_placeholders(s->form, text);
	free(text);
	return expanded;
}

char *session_hint(const struct session *s, int qi)
{
	return interpolate(s, text_in_lang(s, &s->form->questions[qi].hint));
}

char *session_group_title(const struct session *s, int qi)
{
	const char *titles[64];
	struct ky_strbuf b = { 0 };
	int n = 0, g;
	for (g = s->form->questions[qi].parent; g >= 0 && n < 64; g = s->form->questions[g].parent) {
		const char *l = text_in_lang(s, &s->form->questions[g].label);
		if (*l)
			titles[n++] = l;
	}
	while (n-- > 0) {
		char *t = interpolate(s, titles[n]);
		if (b.len)
			ky_strbuf_adds(&b, " › ");
		ky_strbuf_adds(&b, t);
		free(t);
	}
	return ky_strbuf_finish(&b);
}

void session_progress(const struct session *s, int *answered, int *total)
{
	int qi;
	*answered = *total = 0;
	for (qi = session_first(s); qi >= 0; qi = session_next(s, qi)) {
		if (!holds_value(&s->form->questions[qi]))
			continue;
		(*total)++;
		if (session_value(s, qi)[0])
			(*answered)++;
	}
}

/* The top-level group holding qi, or -1 when qi is outside every group. */
static int top_group(const struct form *f, int qi)
{
	int g = f->questions[qi].parent, top = -1;
	for (; g >= 0; g = f->questions[g].parent)
		top = g;
	return top;
}

void session_section(const struct session *s, int qi, int *index, int *count)
{
	const struct form *f = s->form;
	int i, last = -1;
	*index = *count = 0;
	for (i = 0; i < (int)f->n_questions; i++) {
		int g;
		if (!session_shown(f, i))
			continue;
		g = top_group(f, i);
		if (g >= 0 && g != last) {
			(*count)++;
			last = g;
		}
		if (i == qi)
			*index = *count;
	}
	if (*count && (qi < 0 || *index == 0))
		*index = qi < 0 ? *count : 1;
}

/* ---- select_multiple values ---- */

int session_multi_position(const char *value, const char *name)
{
	size_t nlen = strlen(name);
	int pos = 0;
	const char *p = value;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len) {
			pos++;
			if (len == nlen && !memcmp(p, name, len))
				return pos;
		}
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

bool session_multi_has(const char *value, const char *name)
{
	return session_multi_position(value, name) > 0;
}

char *session_multi_toggle(const char *value, const char *name)
{
	struct ky_strbuf b = { 0 };
	size_t nlen = strlen(name);
	bool removed = false;
	const char *p = value;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len == nlen && !memcmp(p, name, len)) {
			removed = true;
		} else if (len) {
			if (b.len)
				ky_strbuf_adds(&b, " ");
			ky_strbuf_add(&b, p, len);
		}
		p += len;
		p += strspn(p, " ");
	}
	if (!removed) {
		if (b.len)
			ky_strbuf_adds(&b, " ");
		ky_strbuf_adds(&b, name);
	}
	return ky_strbuf_finish(&b);
}
