/* session-repeat.c - a respondent's way through a form with repeats:
 * the places of the walk (a question in an instance, a repeat's own
 * screen), instances added and removed, and the counts of repeat_count
 * repeats kept as the walk reaches them (session.h). */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/session-impl.h"
#include "form/expr.h"
#include "util/mem.h"

/* More instances than this a repeat_count is not taken to ask for. */
#define MAX_COUNT 200

struct walk {
	const struct session *s;
	/* the place session_walk_next/prev go from: a repeat_count repeat's
	 * screen stays in the walk for them once its count is met (Done on
	 * it goes on to its first instance) */
	const struct session_pos *from;
	struct session *mut;     /* gives count repeats their count (session_walk_next) */
	bool mutate;             /* ... from now on (the place to go from was passed) */
	session_walk_fn fn;
	void *ctx;
	bool stop;
	int rc;
	struct ky_error *err;
};

void session_set_instance(struct session *s, int inst)
{
	s->cur = inst >= 0 && (size_t)inst < s->tree.n_inst ? inst : -1;
}

int session_instance(const struct session *s)
{
	return s->cur;
}

const struct answer_tree *session_tree(const struct session *s)
{
	return &s->tree;
}

struct answer_tree *session_tree_edit(struct session *s)
{
	return &s->tree;
}

bool session_pos_is_repeat(const struct session *s, struct session_pos p)
{
	return sess_is_repeat(s->form, p.qi);
}

/* Whether qi is inside group g (any depth); g -1 is the whole form. */
static bool inside(const struct form *f, int qi, int g)
{
	int p;
	if (g < 0)
		return true;
	for (p = f->questions[qi].parent; p >= 0; p = f->questions[p].parent)
		if (p == g)
			return true;
	return false;
}

/* The last question index inside group g. */
static int group_end(const struct form *f, int g)
{
	int j = g + 1;
	while ((size_t)j < f->n_questions && inside(f, j, g))
		j++;
	return j - 1;
}

int session_repeat_want(const struct session *s, int rq, int parent)
{
	const struct form_question *q = &s->form->questions[rq];
	struct tree_ctx tc;
	struct expr_env env;
	double n;
	if (!q->repeat_count)
		return -1;
	tree_env(&s->tree, parent, &tc, &env);
	n = expr_eval_number(q->repeat_count, &env);
	tree_ctx_release(&tc);
	if (!isfinite(n) || n < 1)
		return 0;
	return n > MAX_COUNT ? MAX_COUNT : (int)n;
}

static void emit(struct walk *w, int qi, int inst)
{
	struct session_pos p = { qi, inst };
	if (!w->stop && w->fn(w->ctx, p))
		w->stop = true;
}

static int reconcile(struct session *s, int rq, int parent, struct ky_error *err);
static void walk_body(struct walk *w, int g, int inst);

static void walk_repeat(struct walk *w, int rq, int parent)
{
	int want, n, pos;
	if (w->mut && w->mutate && (w->rc = reconcile(w->mut, rq, parent, w->err)))
		w->stop = true;
	want = session_repeat_want(w->s, rq, parent);
	n = (int)tree_count(&w->s->tree, rq, parent);
	if (want >= 0 && (n != want || (w->from && w->from->qi == rq && w->from->inst == parent)))
		emit(w, rq, parent);
	for (pos = 1; pos <= n && !w->stop; pos++)
		walk_body(w, rq, tree_child(&w->s->tree, rq, parent, pos));
	if (want < 0)
		emit(w, rq, parent);
}

/* The places of the questions inside group g (-1: the form) in instance
 * inst, g's own repeat instance when g is a repeat. */
static void walk_body(struct walk *w, int g, int inst)
{
	const struct form *f = w->s->form;
	int qi;
	for (qi = g + 1; (size_t)qi < f->n_questions && !w->stop && inside(f, qi, g); qi++) {
		if (sess_is_repeat(f, qi)) {
			if (sess_relevant_in(w->s, qi, inst))
				walk_repeat(w, qi, inst);
			qi = group_end(f, qi);
		} else if (session_shown(f, qi) && sess_relevant_in(w->s, qi, inst)) {
			emit(w, qi, inst);
		}
	}
}

void session_walk(const struct session *s, session_walk_fn fn, void *ctx)
{
	struct walk w = { s, NULL, NULL, false, fn, ctx, false, KY_OK, NULL };
	walk_body(&w, -1, -1);
}

struct find {
	struct walk *w;
	struct session_pos from, found, last;
	bool passed;
};

static bool same(struct session_pos a, struct session_pos b)
{
	return a.qi == b.qi && a.inst == b.inst;
}

static bool find_next(void *ctx, struct session_pos p)
{
	struct find *f = ctx;
	if (f->passed) {
		f->found = p;
		return true;
	}
	if (same(p, f->from))
		f->passed = f->w->mutate = true;
	return false;
}

/* From the start when from.qi is -1. */
static int walk_from(struct session *s, struct session_pos *p, struct ky_error *err)
{
	struct find f = { NULL, *p, { -1, -1 }, { -1, -1 }, p->qi < 0 };
	struct walk w = { s, &f.from, s, f.passed, find_next, &f, false, KY_OK, err };
	f.w = &w;
	walk_body(&w, -1, -1);
	if (w.rc)
		return w.rc;
	*p = f.found;
	return KY_OK;
}

int session_walk_first(struct session *s, struct session_pos *p, struct ky_error *err)
{
	p->qi = p->inst = -1;
	return walk_from(s, p, err);
}

int session_walk_next(struct session *s, struct session_pos *p, struct ky_error *err)
{
	if (p->qi < 0)
		return KY_OK;
	return walk_from(s, p, err);
}

static bool find_prev(void *ctx, struct session_pos p)
{
	struct find *f = ctx;
	if (f->from.qi >= 0 && same(p, f->from)) {
		f->found = f->last;
		return true;
	}
	f->last = p;
	return false;
}

struct session_pos session_walk_prev(const struct session *s, struct session_pos p)
{
	struct find f = { NULL, p, { -1, -1 }, { -1, -1 }, false };
	struct walk w = { s, &f.from, NULL, false, find_prev, &f, false, KY_OK, NULL };
	f.w = &w;
	walk_body(&w, -1, -1);
	return p.qi < 0 ? f.last : f.found;
}

/* Whether instance a is b or inside it. */
static bool within(const struct answer_tree *t, int a, int b)
{
	for (; a >= 0; a = t->inst[a].parent)
		if (a == b)
			return true;
	return false;
}

struct in_instance {
	const struct session *s;
	int inst;
	struct session_pos found;
};

static bool find_in_instance(void *ctx, struct session_pos p)
{
	struct in_instance *f = ctx;
	if (!within(&f->s->tree, p.inst, f->inst))
		return false;
	f->found = p;
	return true;
}

struct session_pos session_instance_first(const struct session *s, int inst)
{
	struct in_instance f = { s, inst, { -1, -1 } };
	session_walk(s, find_in_instance, &f);
	return f.found;
}

struct unanswered {
	const struct session *s;
	struct session_pos found, empty_repeat;
};

static bool find_unanswered(void *ctx, struct session_pos p)
{
	struct unanswered *f = ctx;
	const struct session *s = f->s;
	if (sess_is_repeat(s->form, p.qi)) {
		if (f->empty_repeat.qi < 0 && !tree_count(&s->tree, p.qi, p.inst))
			f->empty_repeat = p;
		return false;
	}
	if (s->form->questions[p.qi].slot < 0 || sess_value_in(s, p.qi, p.inst)[0])
		return false;
	f->found = p;
	return true;
}

/* Failing an unanswered question, an open-ended repeat with no instance
 * yet: the respondent may have left at its "Add another?". */
struct session_pos session_first_unanswered_pos(const struct session *s)
{
	struct unanswered f = { s, { -1, -1 }, { -1, -1 } };
	session_walk(s, find_unanswered, &f);
	return f.found.qi >= 0 ? f.found : f.empty_repeat;
}

struct blocking {
	const struct session *s;
	char *msg;
	size_t msglen;
	struct session_pos found;
};

static bool find_blocking(void *ctx, struct session_pos p)
{
	struct blocking *b = ctx;
	const struct session *s = b->s;
	if (sess_is_repeat(s->form, p.qi)) {
		int want = session_repeat_want(s, p.qi, p.inst);
		if (want < 0)
			return false;
		snprintf(b->msg, b->msglen, ui_text(session_ui_lang(s), UW_REPEAT_COUNT), want,
			 (int)tree_count(&s->tree, p.qi, p.inst));
	} else if (s->form->questions[p.qi].slot < 0 ||
		   sess_check_in(s, p.qi, p.inst, sess_value_in(s, p.qi, p.inst), b->msg, b->msglen)) {
		return false;
	}
	b->found = p;
	return true;
}

struct session_pos session_first_blocking_pos(const struct session *s, char *msg, size_t msglen)
{
	struct blocking b = { s, msg, msglen, { -1, -1 } };
	if (msglen)
		msg[0] = '\0';
	session_walk(s, find_blocking, &b);
	return b.found;
}

static bool nothing(void *ctx, struct session_pos p)
{
	(void)ctx;
	(void)p;
	return false;
}

static int remove_instance(struct session *s, int inst, struct ky_error *err);

/* Instances of a repeat that skip logic no longer shows lost their
 * answers already (sess_settle): they go too, rather than reach the
 * data as empty rows. From the last, so that the indexes still to
 * visit do not move. */
static int drop_hidden(struct session *s, struct ky_error *err)
{
	int i, rc;
	bool dropped = false;
	for (i = (int)s->tree.n_inst - 1; i >= 0; i--) {
		if ((size_t)i >= s->tree.n_inst ||
		    sess_relevant_in(s, s->tree.inst[i].repeat, s->tree.inst[i].parent))
			continue;
		if ((rc = remove_instance(s, i, err)))
			return rc;
		dropped = true;
	}
	return dropped ? sess_settle(s, err) : KY_OK;
}

int session_sync_repeats(struct session *s, struct ky_error *err)
{
	struct walk w = { s, NULL, s, true, nothing, NULL, false, KY_OK, err };
	walk_body(&w, -1, -1);
	return w.rc ? w.rc : drop_hidden(s, err);
}

struct progress {
	const struct session *s;
	int answered, total;
};

static bool count_answered(void *ctx, struct session_pos p)
{
	struct progress *g = ctx;
	if (sess_is_repeat(g->s->form, p.qi) || g->s->form->questions[p.qi].slot < 0)
		return false;
	g->total++;
	g->answered += sess_value_in(g->s, p.qi, p.inst)[0] != '\0';
	return false;
}

void session_progress(const struct session *s, int *answered, int *total)
{
	struct progress g = { s, 0, 0 };
	session_walk(s, count_answered, &g);
	*answered = g.answered;
	*total = g.total;
}

/* ---- instances ---- */

/* A new instance's hidden questions start with their defaults. */
static int hidden_defaults(struct session *s, int inst, struct ky_error *err)
{
	const struct form *f = s->form;
	size_t i;
	int rc;
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		if (q->type == FQ_HIDDEN && q->repeat == s->tree.inst[inst].repeat &&
		    q->default_value && *q->default_value &&
		    (rc = sess_store(s, inst, (int)i, q->default_value, NULL, err)))
			return rc;
	}
	return KY_OK;
}

/* Adds without settling (reconcile adds several). */
static int add_instance(struct session *s, int rq, int parent, int *inst, struct ky_error *err)
{
	struct answer_tree *t = &s->tree;
	int64_t id = 0;
	int i = tree_add(t, rq, parent, 0), rc;
	if (i < 0)
		return ky_error_set(err, KY_EINPUT, "'%s': no instance can be added here",
				    s->form->questions[rq].name);
	if (s->sink.instance_add &&
	    (rc = s->sink.instance_add(s->sink.ctx, parent >= 0 ? t->inst[parent].id : 0,
				       s->form->questions[rq].name, t->inst[i].position, &id, err))) {
		tree_remove(t, i);
		return rc;
	}
	t->inst[i].id = id;
	if (inst)
		*inst = i;
	return hidden_defaults(s, i, err);
}

static int remove_instance(struct session *s, int inst, struct ky_error *err)
{
	int rc;
	if (s->sink.instance_remove &&
	    (rc = s->sink.instance_remove(s->sink.ctx, s->tree.inst[inst].id, err)))
		return rc;
	if (s->cur >= 0 && within(&s->tree, s->cur, inst))
		s->cur = -1;
	else if (s->cur > inst)
		s->cur = -1;   /* indexes after inst shift: the caller sets it anew */
	tree_remove(&s->tree, inst);
	return KY_OK;
}

int session_repeat_add(struct session *s, int rq, int parent, int *inst, struct ky_error *err)
{
	int rc = add_instance(s, rq, parent, inst, err);
	return rc ? rc : sess_settle(s, err);
}

int session_repeat_remove(struct session *s, int inst, struct ky_error *err)
{
	int rc = remove_instance(s, inst, err);
	return rc ? rc : sess_settle(s, err);
}

bool session_instance_empty(const struct session *s, int inst)
{
	const struct form *f = s->form;
	size_t i;
	for (i = 0; i < f->n_questions; i++)
		if (f->questions[i].repeat == s->tree.inst[inst].repeat && session_shown(f, (int)i) &&
		    tree_get(&s->tree, inst, (int)i)[0])
			return false;
	for (i = (size_t)inst + 1; i < s->tree.n_inst; i++)
		if (s->tree.inst[i].parent == inst && !session_instance_empty(s, (int)i))
			return false;
	return true;
}

/* The instances of a repeat_count repeat made the count asked: empty
 * ones added, or removed from the end while they hold no answer. */
static int reconcile(struct session *s, int rq, int parent, struct ky_error *err)
{
	int want = session_repeat_want(s, rq, parent), n, last, rc;
	bool changed = false;
	if (want < 0)
		return KY_OK;
	for (n = (int)tree_count(&s->tree, rq, parent); n < want; n++, changed = true)
		if ((rc = add_instance(s, rq, parent, NULL, err)))
			return rc;
	for (; n > want; n--, changed = true) {
		last = tree_child(&s->tree, rq, parent, n);
		if (!session_instance_empty(s, last))
			break;
		if ((rc = remove_instance(s, last, err)))
			return rc;
	}
	return changed ? sess_settle(s, err) : KY_OK;
}

char *session_instance_summary(const struct session *s, int inst)
{
	const struct form *f = s->form;
	size_t i;
	for (i = 0; i < f->n_questions; i++)
		if (f->questions[i].repeat == s->tree.inst[inst].repeat && session_shown(f, (int)i) &&
		    f->questions[i].slot >= 0 && tree_get(&s->tree, inst, (int)i)[0])
			return sess_display_in(s, (int)i, inst);
	return ky_strdup("");
}
