/* session.c - answers, relevance, checks and calculates of one respondent. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/session-impl.h"
#include "form/expr.h"
#include "form/rules.h"
#include "util/mem.h"
#include "util/strbuf.h"

/* What an expression sees: the answers in the context of one instance
 * (tree_env), optionally with one candidate value in place of a
 * question's stored one (constraints are checked before the value is
 * stored), and the choice a choice_filter is tried on. The tree's
 * context comes first: the tree's callbacks get this struct as theirs. */
struct eval_ctx {
	struct tree_ctx tc;
	const struct session *s;
	int override_qi;
	const char *override_value;
	const struct form_choice *choice;
};

static const char *env_lookup(void *ctx, const char *name)
{
	struct eval_ctx *c = ctx;
	int qi = form_question_index(c->s->form, name);
	if (qi < 0)
		return NULL;
	if (qi == c->override_qi)
		return c->override_value;
	return tree_lookup(&c->tc, name);
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

/* env evaluates in instance inst (-1: the respondent's record); release
 * with env_done. */
static void env_init(struct expr_env *env, struct eval_ctx *c, const struct session *s, int inst)
{
	tree_env(&s->tree, inst, &c->tc, env);
	c->s = s;
	c->override_qi = -1;
	c->override_value = NULL;
	c->choice = NULL;
	env->lookup = env_lookup;
	env->column = env_column;
	env->ctx = c;
	env->lang = *session_lang_code(s) ? session_lang_code(s) : NULL;
}

static void env_done(struct eval_ctx *c)
{
	tree_ctx_release(&c->tc);
}

static bool holds_value(const struct form_question *q)
{
	return q->slot >= 0;
}

bool sess_is_repeat(const struct form *f, int qi)
{
	return qi >= 0 && (size_t)qi < f->n_questions && f->questions[qi].is_repeat &&
	       f->questions[qi].type == FQ_BEGIN_GROUP;
}

int sess_holder(const struct session *s, int qi, int inst)
{
	const struct form *f = s->form;
	int rq = sess_is_repeat(f, qi) ? form_repeat_parent(f, qi) : f->questions[qi].repeat;
	if (rq < 0)
		return -1;
	for (; inst >= 0; inst = s->tree.inst[inst].parent)
		if (s->tree.inst[inst].repeat == rq)
			return inst;
	return -1;
}

const char *sess_value_in(const struct session *s, int qi, int inst)
{
	const struct form_question *q;
	struct tree_ctx tc;
	struct expr_env env;
	const char *v;
	int h;
	if (qi < 0 || (size_t)qi >= s->form->n_questions || !holds_value(&s->form->questions[qi]))
		return "";
	q = &s->form->questions[qi];
	h = sess_holder(s, qi, inst);
	if (q->repeat < 0 || h >= 0)
		return tree_get(&s->tree, h, qi);
	/* a repeat's answer seen from outside it: the first instance's, as
	 * ${name} gives it (the value stays in the tree) */
	tree_env(&s->tree, inst, &tc, &env);
	v = tree_lookup(&tc, q->name);
	tree_ctx_release(&tc);
	return v ? v : "";
}

struct session *session_create(const struct form *form, int lang,
			       const struct session_sink *sink)
{
	struct session *s = ky_calloc(1, sizeof *s);
	size_t i;
	s->form = form;
	tree_init(&s->tree, form);
	s->relevant = ky_calloc(form->n_questions ? form->n_questions : 1, sizeof *s->relevant);
	s->cur = -1;
	if (sink)
		s->sink = *sink;
	session_set_lang(s, lang);
	for (i = 0; i < form->n_questions; i++)
		s->relevant[i] = true;
	return s;
}

void session_destroy(struct session *s)
{
	if (!s)
		return;
	tree_release(&s->tree);
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

int sess_store(struct session *s, int inst, int qi, const char *value, bool *changed,
	       struct ky_error *err)
{
	const struct form_question *q = &s->form->questions[qi];
	if (!strcmp(tree_get(&s->tree, inst, qi), value))
		return KY_OK;
	tree_set(&s->tree, inst, qi, value);
	if (changed)
		*changed = true;
	if (inst < 0)
		return s->sink.put ? s->sink.put(s->sink.ctx, q->slot, value, err) : KY_OK;
	if (s->sink.instance_put)
		return s->sink.instance_put(s->sink.ctx, s->tree.inst[inst].id, q->slot, value, err);
	return KY_OK;
}

void session_load(struct session *s, const char *const *values, size_t n_values)
{
	size_t i;
	for (i = 0; i < s->form->n_slots && i < n_values; i++)
		tree_set(&s->tree, -1, s->form->slot_question[i], values[i]);
}

/* The top-level cache; a question inside a repeat is decided per
 * instance (sess_relevant_in). */
static void compute_relevance(struct session *s)
{
	struct eval_ctx c;
	struct expr_env env;
	size_t i;
	env_init(&env, &c, s, -1);
	for (i = 0; i < s->form->n_questions; i++) {
		const struct form_question *q = &s->form->questions[i];
		if (q->repeat >= 0)
			s->relevant[i] = true;
		else
			s->relevant[i] = form_rule_relevant(q, q->parent < 0 || s->relevant[q->parent],
							    &env);
	}
	env_done(&c);
}

bool sess_relevant_in(const struct session *s, int qi, int inst)
{
	const struct form_question *q = &s->form->questions[qi];
	struct eval_ctx c;
	struct expr_env env;
	int p = q->parent, pinst = inst;
	bool parent_ok, r;
	if (inst < 0)
		return s->relevant[qi];
	/* the begin_repeat row of inst's repeat sits in inst's parent */
	if (p >= 0 && s->tree.inst[inst].repeat == p)
		pinst = s->tree.inst[inst].parent;
	parent_ok = p < 0 || sess_relevant_in(s, p, pinst);
	if (!parent_ok)
		return false;
	env_init(&env, &c, s, inst);
	r = form_rule_relevant(q, true, &env);
	env_done(&c);
	return r;
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

/* One pass over the record of instance inst (-1: the respondent's):
 * answers of questions no longer relevant cleared, calculates run. */
static int settle_record(struct session *s, int inst, bool *changed,
			 const struct form_question **overflowed, struct ky_error *err)
{
	int rq = inst < 0 ? -1 : s->tree.inst[inst].repeat;
	struct eval_ctx c;
	struct expr_env env;
	bool too_long = false;
	size_t i;
	int rc = KY_OK;
	env_init(&env, &c, s, inst);
	env.too_long = &too_long;
	for (i = 0; i < s->form->n_questions && !rc; i++) {
		const struct form_question *q = &s->form->questions[i];
		char *v;
		if (!holds_value(q) || q->repeat != rq)
			continue;
		if (!sess_relevant_in(s, (int)i, inst)) {
			rc = sess_store(s, inst, (int)i, "", changed, err);
			continue;
		}
		if (q->type != FQ_CALCULATE || !q->calculation)
			continue;
		v = expr_eval_string(q->calculation, &env);
		if (too_long && !*overflowed)
			*overflowed = q;
		rc = sess_store(s, inst, (int)i, v ? v : "", changed, err);
		free(v);
	}
	env_done(&c);
	return rc;
}

/* Clears answers of questions that are no longer relevant and re-runs
 * calculates, in the respondent's record and every instance, until a
 * pass changes nothing. Calculates may refer to each other in any order
 * (and a total outside a repeat to answers inside it), hence the passes;
 * the bound stops a cycle. */
int sess_settle(struct session *s, struct ky_error *err)
{
	const struct form_question *overflowed = NULL;
	size_t pass;
	int rc, inst;
	for (pass = 0; pass < s->form->n_questions + 2; pass++) {
		bool changed = false;
		compute_relevance(s);
		for (inst = -1; inst < (int)s->tree.n_inst; inst++)
			if ((rc = settle_record(s, inst, &changed, &overflowed, err)))
				return rc;
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
		if (!form_question_top_level(q) || tree_get(&s->tree, -1, (int)i)[0])
			continue;
		switch (q->type) {
		case FQ_START: v = stamp; break;
		case FQ_TODAY: v = today; break;
		case FQ_DEVICEID: v = device_id; break;
		case FQ_HIDDEN: v = q->default_value; break;
		default: break;
		}
		if (v && *v && (rc = sess_store(s, -1, (int)i, v, NULL, err)))
			return rc;
	}
	return sess_settle(s, err);
}

int session_finish(struct session *s, time_t now, struct ky_error *err)
{
	char stamp[64];
	size_t i;
	int rc;
	iso_utc(now, stamp, sizeof stamp);
	for (i = 0; i < s->form->n_questions; i++) {
		const struct form_question *q = &s->form->questions[i];
		if (q->type == FQ_END && form_question_top_level(q) &&
		    (rc = sess_store(s, -1, (int)i, stamp, NULL, err)))
			return rc;
	}
	return sess_settle(s, err);
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
	return qi >= 0 && (size_t)qi < s->form->n_questions &&
	       sess_relevant_in(s, qi, sess_holder(s, qi, s->cur));
}

/* The walk by question index stays in the respondent's own record. */
static bool visible(const struct session *s, int qi)
{
	return session_shown(s->form, qi) && s->form->questions[qi].repeat < 0 && s->relevant[qi];
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
		if (holds_value(q) && !tree_get(&s->tree, -1, qi)[0])
			return qi;
	}
	return -1;
}

const char *session_value(const struct session *s, int qi)
{
	return sess_value_in(s, qi, s->cur);
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

static size_t choices_in(const struct session *s, int qi, int inst, size_t *idx);

static bool choice_visible(const struct session *s, int qi, int inst, const char *name, size_t len)
{
	const struct form_list *list = s->form->questions[qi].list;
	size_t *idx, n, i;
	bool found = false;
	if (!list)
		return false;
	idx = ky_calloc(list->n_choices ? list->n_choices : 1, sizeof *idx);
	n = choices_in(s, qi, inst, idx);
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
static bool check_type(const struct session *s, int qi, int inst, const char *v, char *msg,
		       size_t msglen)
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
		if (choice_visible(s, qi, inst, v, strlen(v)))
			return true;
		break;
	case FQ_SELECT_MULTIPLE:
	case FQ_RANK: {
		const char *p = v;
		while (*p) {
			size_t len = strcspn(p, " ");
			if (len && !choice_visible(s, qi, inst, p, len))
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

bool sess_check_in(const struct session *s, int qi, int inst, const char *value,
		   char *msg, size_t msglen)
{
	const struct form_question *q = &s->form->questions[qi];
	struct eval_ctx c;
	struct expr_env env;
	const char *m;
	bool ok = true;
	if (msglen)
		msg[0] = '\0';
	env_init(&env, &c, s, inst);
	c.override_qi = qi;
	c.override_value = value;
	env.dot = value;
	if (!*value) {
		if (holds_value(q) && form_rule_required(q, &env)) {
			m = text_in_lang(s, &q->required_message);
			snprintf(msg, msglen, "%s", *m ? m : ui_text(session_ui_lang(s), UW_REQUIRED));
			ok = false;
		}
	} else if (!check_type(s, qi, inst, value, msg, msglen)) {
		ok = false;
	} else if (!form_rule_constraint(q, &env)) {
		m = text_in_lang(s, &q->constraint_message);
		snprintf(msg, msglen, "%s", *m ? m : ui_text(session_ui_lang(s), UW_CONSTRAINT));
		ok = false;
	}
	env_done(&c);
	return ok;
}

bool session_check(const struct session *s, int qi, const char *value,
		   char *msg, size_t msglen)
{
	return sess_check_in(s, qi, sess_holder(s, qi, s->cur), value, msg, msglen);
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
	rc = sess_store(s, sess_holder(s, qi, s->cur), qi, v, NULL, err);
	free(v);
	if (rc)
		return rc;
	rc = sess_settle(s, err);
	if (rc == KY_EINPUT && msglen)
		snprintf(msg, msglen, "%s", err->msg);
	return rc;
}

int session_first_blocking(const struct session *s, char *msg, size_t msglen)
{
	return session_first_blocking_pos(s, msg, msglen).qi;
}

size_t session_choices(const struct session *s, int qi, size_t *idx)
{
	return choices_in(s, qi, sess_holder(s, qi, s->cur), idx);
}

static size_t choices_in(const struct session *s, int qi, int inst, size_t *idx)
{
	const struct form_question *q = &s->form->questions[qi];
	struct eval_ctx c;
	struct expr_env env;
	size_t i, n = 0;
	if (!q->list)
		return 0;
	env_init(&env, &c, s, inst);
	for (i = 0; i < q->list->n_choices; i++) {
		c.choice = &q->list->choices[i];
		if (!q->choice_filter || expr_eval_bool(q->choice_filter, &env))
			idx[n++] = i;
	}
	env_done(&c);
	return n;
}

const char *session_choice_label(const struct session *s, const struct form_choice *c)
{
	const char *l = text_in_lang(s, &c->label);
	return *l ? l : c->name;
}

/* ---- texts ---- */

char *sess_display_in(const struct session *s, int qi, int inst)
{
	const struct form_question *q;
	const char *v = sess_value_in(s, qi, inst), *p;
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

char *session_display_value(const struct session *s, int qi)
{
	return sess_display_in(s, qi, s->cur);
}

/* Replaces every ${name} of text with the answer as the respondent reads
 * it, seen from instance inst. */
static char *interpolate(const struct session *s, const char *text, int inst)
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
		shown = sess_display_in(s, form_question_index(s->form, name), inst);
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
	char *text = interpolate(s, *l ? l : q->name, s->cur), *expanded;
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
	return interpolate(s, text_in_lang(s, &s->form->questions[qi].hint), s->cur);
}

char *session_repeat_label(const struct session *s, int rq, int inst)
{
	const char *l = text_in_lang(s, &s->form->questions[rq].label);
	return interpolate(s, *l ? l : s->form->questions[rq].name, inst);
}

char *session_instance_title(const struct session *s, int inst, bool with_count)
{
	const struct tree_instance *in = &s->tree.inst[inst];
	char *label = session_repeat_label(s, in->repeat, inst), *title;
	if (with_count)
		title = ky_asprintf(ui_text(session_ui_lang(s), UW_INSTANCE_OF), label, in->position,
				    (int)tree_count(&s->tree, in->repeat, in->parent));
	else
		title = ky_asprintf("%s %d", label, in->position);
	free(label);
	return title;
}

char *session_instance_path(const struct session *s, int inst)
{
	char *path = ky_strdup(""), *title, *longer;
	for (; inst >= 0; inst = s->tree.inst[inst].parent) {
		title = session_instance_title(s, inst, false);
		longer = ky_asprintf("%s%s%s", title, *path ? " › " : "", path);
		free(title);
		free(path);
		path = longer;
	}
	return path;
}

/* The title of group g seen from the question on screen (NULL: none):
 * a repeat's with the instance's number, "of N" too when with_count. */
static char *group_title(const struct session *s, int g, bool with_count)
{
	const char *l = text_in_lang(s, &s->form->questions[g].label);
	int inst = s->cur;
	if (sess_is_repeat(s->form, g))
		while (inst >= 0 && s->tree.inst[inst].repeat != g)
			inst = s->tree.inst[inst].parent;
	if (sess_is_repeat(s->form, g) && inst >= 0)
		return session_instance_title(s, inst, with_count);
	return *l ? interpolate(s, l, s->cur) : NULL;
}

char *session_group_title(const struct session *s, int qi)
{
	int groups[64];
	struct ky_strbuf b = { 0 };
	int n = 0, g;
	for (g = s->form->questions[qi].parent; g >= 0 && n < 64; g = s->form->questions[g].parent)
		groups[n++] = g;
	while (n-- > 0) {
		char *t = group_title(s, groups[n], groups[n] == s->form->questions[qi].repeat);
		if (!t)
			continue;
		if (b.len)
			ky_strbuf_adds(&b, " › ");
		ky_strbuf_adds(&b, t);
		free(t);
	}
	return ky_strbuf_finish(&b);
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
	/* a repeat's own screen counts in the section of its first question */
	while (qi >= 0 && (size_t)qi < f->n_questions && !session_shown(f, qi))
		qi++;
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
