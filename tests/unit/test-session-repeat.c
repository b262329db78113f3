/* test-session-repeat.c - a session over a form with repeats
 * (tests/forms/repeats), without a terminal: the walk through instances,
 * counts given when reached, the instance's context for labels and
 * checks, totals over instances, blocking inside instances, removing,
 * and what the sink is handed. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "collect/session.h"
#include "form/xlsform.h"

static const struct form *form;

/* The sink: instance ids from 100, and what was last done. */
struct recorder {
	int added, removed, inst_puts;
	int64_t next_id, last_removed;
	char last_put[64];
};

static int add(void *ctx, int64_t parent, const char *repeat, int position, int64_t *id,
	       struct ky_error *err)
{
	struct recorder *r = ctx;
	(void)parent; (void)repeat; (void)position; (void)err;
	r->added++;
	*id = r->next_id++;
	return 0;
}

static int put(void *ctx, int64_t id, int slot, const char *value, struct ky_error *err)
{
	struct recorder *r = ctx;
	(void)err;
	r->inst_puts++;
	snprintf(r->last_put, sizeof r->last_put, "%lld/%d=%s", (long long)id, slot, value);
	return 0;
}

static int del(void *ctx, int64_t id, struct ky_error *err)
{
	struct recorder *r = ctx;
	(void)err;
	r->removed++;
	r->last_removed = id;
	return 0;
}

static int qi(const char *name)
{
	return form_question_index(form, name);
}

static bool at(struct session_pos p, const char *name, int inst)
{
	return p.qi == qi(name) && p.inst == inst;
}

static int answer(struct session *s, struct session_pos p, const char *v)
{
	char msg[256];
	struct ky_error err = { 0 };
	session_set_instance(s, p.inst);
	return session_accept(s, p.qi, v, msg, sizeof msg, &err);
}

static void check_text(char *got, const char *want, const char *what)
{
	ok(!strcmp(got, want), "%s: '%s'", what, got);
	free(got);
}

/* Two children (the first with a visit), the walk and the totals. */
static void children(struct session *s, struct recorder *r)
{
	struct ky_error err = { 0 };
	struct session_pos p;
	char msg[256];
	ok(session_walk_first(s, &p, &err) == 0 && at(p, "household", -1), "first: household");
	ok(answer(s, p, "Virtanen") == 0 && session_walk_next(s, &p, &err) == 0 &&
	   at(p, "n_children", -1), "then n_children");
	ok(answer(s, p, "2") == 0 && r->added == 0, "no child before the repeat is reached");
	ok(session_walk_next(s, &p, &err) == 0 && at(p, "child_name", 0), "reached: child 1");
	ok(r->added == 2 && tree_count(session_tree(s), qi("child"), -1) == 2, "two added at once");
	ok(answer(s, p, "Aino") == 0 && !strcmp(r->last_put, "100/2=Aino"), "stored in instance 100");
	ok(session_walk_next(s, &p, &err) == 0 && at(p, "child_age", 0), "then the age");
	check_text(session_label(s, p.qi), "Age of Aino in years", "the label in the instance");
	check_text(session_group_title(s, p.qi), "Child 1 of 2", "the instance's title");
	ok(answer(s, p, "20") == KY_EINPUT, "a constraint in the instance");
	ok(answer(s, p, "7") == 0, "age 7");
	ok(!strcmp(tree_get(session_tree(s), 0, qi("child_pos")), "1"), "position(..) per instance");
	ok(session_walk_next(s, &p, &err) == 0 && at(p, "visit", 0) && session_pos_is_repeat(s, p),
	   "then the visit repeat's screen in child 1");
	ok(session_repeat_want(s, p.qi, p.inst) == -1, "visit is open-ended");
	p = session_first_blocking_pos(s, msg, sizeof msg);
	ok(at(p, "child_name", 1), "child 2's name blocks submitting (%s)", msg);
	session_set_instance(s, -1);
	/* (sum() over child 2's empty age is NaN until it is answered, as
	 * number('') is; the tmux test sees the sum) */
	ok(!strcmp(session_lookup(s, "first_child"), "Aino") &&
	   !strcmp(session_lookup(s, "n_adults"), "0"), "top-level calculates over the instances");
}

/* A visit in child 1: the nested title, the parent's answer in a label. */
static void visits(struct session *s)
{
	struct ky_error err = { 0 };
	struct session_pos p;
	int v;
	ok(session_repeat_add(s, qi("visit"), 0, &v, &err) == 0, "a visit added");
	p = session_instance_first(s, v);
	ok(at(p, "visit_date", v), "its first question");
	session_set_instance(s, v);
	check_text(session_group_title(s, p.qi), "Child 1 › Clinic visit of Aino 1 of 1",
		   "the nested title");
	check_text(session_label(s, qi("vaccinated")), "Was Aino vaccinated?", "the parent's answer");
	ok(answer(s, p, "2024-05-31") == 0 && session_walk_next(s, &p, &err) == 0 &&
	   at(p, "vaccinated", v), "then vaccinated");
	ok(answer(s, p, "yes") == 0 && session_walk_next(s, &p, &err) == 0 && at(p, "visit", 0),
	   "then the visit screen again");
	ok(session_walk_next(s, &p, &err) == 0 && at(p, "child_name", 1), "Done: child 2");
	p = session_walk_prev(s, p);
	ok(at(p, "visit", 0), "back: the visit screen");
	p = session_walk_prev(s, p);
	ok(at(p, "vaccinated", v), "back: into the visit");
}

/* Adults: add two, remove the first; the count goes down. */
static void adults(struct session *s, struct recorder *r)
{
	struct ky_error err = { 0 };
	struct session_pos p = { -1, -1 };
	int a1, a2;
	ok(session_repeat_add(s, qi("adult"), -1, &a1, &err) == 0 &&
	   session_repeat_add(s, qi("adult"), -1, &a2, &err) == 0, "two adults");
	p.qi = qi("adult_name");
	p.inst = a2;
	ok(answer(s, p, "Pekka") == 0, "the second named");
	session_set_instance(s, -1);
	ok(!strcmp(session_lookup(s, "n_adults"), "2"), "count() sees both");
	ok(session_repeat_remove(s, a1, &err) == 0 && r->removed == 1, "the first removed");
	a2 = tree_child(session_tree(s), qi("adult"), -1, 1);
	check_text(session_instance_summary(s, a2), "Pekka", "Pekka is adult 1 now");
	ok(!strcmp(session_lookup(s, "n_adults"), "1"), "count() follows");
	/* the count down to 1: child 2 is empty and goes silently */
	p.qi = qi("n_children");
	p.inst = -1;
	ok(answer(s, p, "1") == 0 && session_walk_next(s, &p, &err) == 0 &&
	   at(p, "child_name", 0), "a count down");
	ok(tree_count(session_tree(s), qi("child"), -1) == 1 && r->removed == 2,
	   "the empty child removed");
	/* the count down to 0: child 1 has answers and stays */
	p.qi = qi("n_children");
	p.inst = -1;
	ok(answer(s, p, "0") == 0 && session_walk_next(s, &p, &err) == 0 && at(p, "child", -1),
	   "the repeat's screen stands in the walk");
	ok(tree_count(session_tree(s), qi("child"), -1) == 1, "Aino kept");
}

/* A repeat that skip logic hides: its answers go at once, its
 * instances when submitting (session_sync_repeats). */
static const char pets_csv[] =
	"survey,type,name,label,relevant\n"
	",select_one yn,has,Pets?,\n"
	",begin_repeat,pet,Pet,${has} = 'yes'\n"
	",text,pet_name,Name,\n"
	",end_repeat,,,\n"
	"choices,list_name,name,label\n"
	",yn,yes,Yes\n"
	",yn,no,No\n";

static void hidden_repeat(void)
{
	struct form_diag d = { 0 };
	struct ky_error err = { 0 };
	struct recorder r = { 0, 0, 0, 1, 0, "" };
	struct session_sink sink = { NULL, &r, add, put, del };
	struct form *f = NULL;
	struct session *s;
	struct session_pos p;
	int pet;
	if (xlsform_read_buffer(pets_csv, sizeof pets_csv - 1, "pets.csv", &f, &d, &err)) {
		ok(0, "the pets form reads: %s", err.msg);
		return;
	}
	form = f;
	s = session_create(f, 0, &sink);
	ok(session_begin(s, 0, NULL, &err) == 0 && session_walk_first(s, &p, &err) == 0 &&
	   answer(s, p, "yes") == 0 && session_walk_next(s, &p, &err) == 0 && at(p, "pet", -1),
	   "pets: the repeat's screen");
	ok(session_repeat_add(s, qi("pet"), -1, &pet, &err) == 0, "a pet");
	p.qi = qi("pet_name");
	p.inst = pet;
	ok(answer(s, p, "Rex") == 0, "named Rex");
	p.qi = qi("has");
	p.inst = -1;
	ok(answer(s, p, "no") == 0 && !*tree_get(session_tree(s), pet, qi("pet_name")),
	   "hidden: the answer in the instance cleared");
	ok(session_sync_repeats(s, &err) == 0 && !tree_count(session_tree(s), qi("pet"), -1) &&
	   r.removed == 1 && r.last_removed == 1, "submitting removes the hidden instance");
	session_destroy(s);
	form_destroy(f);
	form_diag_release(&d);
}

int main(void)
{
	struct form_diag d = { 0 };
	struct ky_error err = { 0 };
	struct form *f = NULL;
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : SRCDIR_DEFAULT;
	struct recorder r = { 0, 0, 0, 100, 0, "" };
	struct session_sink sink = { NULL, &r, add, put, del };
	struct session *s;
	char path[4096];

	snprintf(path, sizeof path, "%s/tests/forms/repeats", srcdir);
	if (xlsform_read(path, NULL, &f, &d, &err) != KY_OK || !f) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	form = f;
	s = session_create(f, 0, &sink);
	ok(session_begin(s, 0, NULL, &err) == 0, "begin");
	children(s, &r);
	visits(s);
	adults(s, &r);
	session_destroy(s);
	form_destroy(f);
	form_diag_release(&d);
	hidden_repeat();
	return tap_done();
}
