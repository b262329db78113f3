/* test-xlsform.c - the XLSForm reader: both layouts give one model,
 * languages, groups and response columns, slots, the knowledge-assessment
 * columns, the canonical text round trip, located diagnostics and the
 * answer checks of form.c. Fixtures: tests/forms/. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "form/xlsform.h"
#include "util/mem.h"
#include "tap.h"

static const char *srcdir;

static char *fixture(const char *name)
{
	return ky_asprintf("%s/tests/forms/%s", srcdir, name);
}

static struct form *read_form(const char *path, const char *encoding)
{
	struct form *f = NULL;
	struct form_diag d;
	struct ky_error err;
	size_t i;

	if (xlsform_read(path, encoding, &f, &d, &err) != KY_OK) {
		printf("# %s: %s\n", path, err.msg);
		for (i = 0; i < d.n; i++)
			printf("# %s\n", d.lines[i]);
	}
	form_diag_release(&d);
	return f;
}

static struct form *read_text(const char *text, const char *name, struct form_diag *d)
{
	struct form *f = NULL;
	struct ky_error err;
	xlsform_read_buffer(text, strlen(text), name, &f, d, &err);
	return f;
}

/* ---- model equality (lines and source aside) ---- */

static char diff[512];

static bool same_str(const char *a, const char *b, const char *what)
{
	if ((!a && !b) || (a && b && !strcmp(a, b)))
		return true;
	snprintf(diff, sizeof diff, "%s: '%s' vs '%s'", what, a ? a : "(null)", b ? b : "(null)");
	return false;
}

static bool same_text(const struct form *f, const struct form_text *a, const struct form_text *b,
		      const char *what)
{
	size_t l;
	for (l = 0; l < f->n_langs; l++)
		if (!same_str(a->by_lang[l], b->by_lang[l], what))
			return false;
	return true;
}

static bool same_num(double a, double b, const char *what)
{
	if (a == b)
		return true;
	snprintf(diff, sizeof diff, "%s: %g vs %g", what, a, b);
	return false;
}

static bool same_list(const struct form *f, const struct form_list *a, const struct form_list *b)
{
	size_t i, k;
	if (!same_str(a->name, b->name, "list name") || !same_num((double)a->n_choices, (double)b->n_choices, "n_choices"))
		return false;
	for (i = 0; i < a->n_choices; i++) {
		const struct form_choice *x = &a->choices[i], *y = &b->choices[i];
		if (!same_str(x->name, y->name, "choice") || !same_text(f, &x->label, &y->label, "choice label") ||
		    !same_num(x->has_score, y->has_score, "has_score") || !same_num(x->score, y->score, "score") ||
		    !same_num(x->has_value, y->has_value, "has_value") || !same_num(x->value, y->value, "value") ||
		    !same_num((double)x->n_extra, (double)y->n_extra, "n_extra"))
			return false;
		for (k = 0; k < x->n_extra; k++)
			if (!same_str(x->extra_names[k], y->extra_names[k], "extra name") ||
			    !same_str(x->extra_values[k], y->extra_values[k], "extra value"))
				return false;
	}
	return true;
}

static bool same_question(const struct form *f, const struct form_question *a, const struct form_question *b)
{
	return same_num(a->type, b->type, "type") && same_str(a->type_text, b->type_text, "type_text") &&
	       same_str(a->name, b->name, "name") && same_str(a->path, b->path, "path") &&
	       same_str(a->column, b->column, "column") && same_num(a->parent, b->parent, "parent") &&
	       same_num(a->slot, b->slot, "slot") && same_text(f, &a->label, &b->label, "label") &&
	       same_text(f, &a->hint, &b->hint, "hint") &&
	       same_text(f, &a->required_message, &b->required_message, "required_message") &&
	       same_text(f, &a->constraint_message, &b->constraint_message, "constraint_message") &&
	       same_str(a->required_src, b->required_src, "required") &&
	       same_str(a->relevant_src, b->relevant_src, "relevant") &&
	       same_str(a->constraint_src, b->constraint_src, "constraint") &&
	       same_str(a->choice_filter_src, b->choice_filter_src, "choice_filter") &&
	       same_str(a->calculation_src, b->calculation_src, "calculation") &&
	       same_str(a->default_value, b->default_value, "default") &&
	       same_str(a->appearance, b->appearance, "appearance") &&
	       same_num(a->read_only, b->read_only, "read_only") &&
	       same_num(!a->required, !b->required, "required expr") &&
	       same_str(a->list ? a->list->name : NULL, b->list ? b->list->name : NULL, "list") &&
	       same_num(a->range_start, b->range_start, "range_start") &&
	       same_num(a->range_end, b->range_end, "range_end") &&
	       same_num(a->range_step, b->range_step, "range_step") &&
	       same_str(a->scale, b->scale, "scale") && same_num(a->reverse, b->reverse, "reverse") &&
	       same_str(a->domain, b->domain, "domain") && same_str(a->need_topic, b->need_topic, "need_topic") &&
	       same_num(a->need_role, b->need_role, "need_role");
}

static bool same_form(const struct form *a, const struct form *b)
{
	size_t i;

	if (!a || !b) {
		snprintf(diff, sizeof diff, "a form is missing");
		return false;
	}
	if (!same_str(a->form_id, b->form_id, "form_id") || !same_str(a->title, b->title, "title") ||
	    !same_str(a->version, b->version, "version") ||
	    !same_str(a->default_lang, b->default_lang, "default_lang") ||
	    !same_num((double)a->n_langs, (double)b->n_langs, "n_langs") ||
	    !same_num(a->default_lang_index, b->default_lang_index, "default_lang_index") ||
	    !same_num((double)a->n_questions, (double)b->n_questions, "n_questions") ||
	    !same_num((double)a->n_lists, (double)b->n_lists, "n_lists") ||
	    !same_num((double)a->n_slots, (double)b->n_slots, "n_slots") ||
	    !same_num(a->allow_choice_duplicates, b->allow_choice_duplicates, "allow_choice_duplicates"))
		return false;
	for (i = 0; i < a->n_langs; i++)
		if (!same_str(a->langs[i].name, b->langs[i].name, "lang name") ||
		    !same_str(a->langs[i].code, b->langs[i].code, "lang code"))
			return false;
	for (i = 0; i < a->n_questions; i++)
		if (!same_question(a, &a->questions[i], &b->questions[i]))
			return false;
	for (i = 0; i < a->n_lists; i++)
		if (!same_list(a, &a->lists[i], &b->lists[i]))
			return false;
	for (i = 0; i < a->n_slots; i++)
		if (!same_num(a->slot_question[i], b->slot_question[i], "slot_question"))
			return false;
	return true;
}

/* ---- the basic form ---- */

static void test_layouts(const struct form *folder, const struct form *onefile)
{
	ok(folder != NULL, "folder layout reads");
	ok(onefile != NULL, "one-file layout reads");
	ok(same_form(folder, onefile), "both layouts give equal models%s%s", *diff ? ": " : "", diff);
}

static void test_languages(const struct form *f)
{
	const struct form_question *age = form_find_question(f, "age");

	ok(f->n_langs == 2 && !strcmp(f->langs[0].name, "English (en)") && !strcmp(f->langs[0].code, "en") &&
	   !strcmp(f->langs[1].name, "Suomi (fi)") && !strcmp(f->langs[1].code, "fi"),
	   "languages: plain label is default_language 'English (en)', then 'Suomi (fi)'");
	ok(f->default_lang_index == 0, "default language index 0");
	ok(form_lang_index(f, "fi") == 1 && form_lang_index(f, "Suomi (fi)") == 1 &&
	   form_lang_index(f, "EN") == 0 && form_lang_index(f, "sv") == -1, "form_lang_index by code and name");
	ok(age && !strcmp(form_text_get(f, &age->label, 1), "Ikä") &&
	   !strcmp(form_text_get(f, &age->label, 0), "Age"), "labels per language");
	ok(age && !strcmp(form_text_get(f, &age->hint, 1), "In years"),
	   "missing Finnish hint falls back to the default language");
}

static void test_groups_and_slots(const struct form *f)
{
	const struct form_question *q;
	int knowledge = form_question_index(f, "knowledge");
	size_t i;
	int slot_ok = 1;

	ok(f->n_questions == 21 && f->n_slots == 16, "21 rows, 16 slots: %zu %zu", f->n_questions, f->n_slots);
	q = form_find_question(f, "k_debt");
	ok(q && !strcmp(q->path, "knowledge/k_debt") && q->parent == knowledge && !strcmp(q->column, "k_debt"),
	   "k_debt inside group knowledge, column is its name");
	ok(form_find_question(f, "other") == NULL, "the plain name 'other' is ambiguous");
	q = form_find_question(f, "needs/other");
	ok(q && !strcmp(q->column, "needs/other") && q->slot == 10, "duplicate name across groups: column is the path");
	q = form_find_question(f, "knowledge/other");
	ok(q && q->slot == 6, "knowledge/other has slot 6");
	ok(f->questions[knowledge].slot == -1 && f->questions[8].type == FQ_END_GROUP &&
	   f->questions[8].slot == -1 && f->questions[8].parent == -1, "groups have no slot");
	q = form_find_question(f, "thanks");
	ok(q && q->type == FQ_NOTE && q->slot == -1, "notes have no slot");
	q = form_find_question(f, "started_at");
	ok(q && q->type == FQ_START && q->slot == 0, "metadata start has slot 0");
	for (i = 0; i < f->n_slots; i++)
		if (f->questions[f->slot_question[i]].slot != (int)i)
			slot_ok = 0;
	ok(slot_ok, "slot_question inverts slot");
	q = form_find_question(f, "profession");
	ok(q && q->required && q->list && !strcmp(q->list->name, "prof"), "required 'yes' and list linked");
	q = form_find_question(f, "age");
	ok(q && q->required && q->constraint && !strcmp(q->constraint_src, ". >= 18 and . <= 99"), "age: required true(), constraint");
	q = form_find_question(f, "comments");
	ok(q && !q->required && !q->relevant, "comments: not required");
	q = form_find_question(f, "confidence");
	ok(q && q->type == FQ_RANGE && q->range_start == 0 && q->range_end == 10 && q->range_step == 2,
	   "range parameters");
	q = form_find_question(f, "score_total");
	ok(q && q->calculation && q->type == FQ_CALCULATE, "calculation parsed");
}

static void test_extensions(const struct form *f)
{
	const struct form_question *q;
	const struct form_list *l;
	const struct form_choice *c;

	q = form_find_question(f, "att_1");
	ok(q && q->scale && !strcmp(q->scale, "attitude") && q->reverse, "att_1: scale attitude, reverse");
	q = form_find_question(f, "att_2");
	ok(q && !q->reverse, "att_2 not reversed");
	q = form_find_question(f, "k_debt");
	ok(q && q->domain && !strcmp(q->domain, "indicators"), "domain");
	q = form_find_question(f, "need_id_imp");
	ok(q && q->need_role == FN_IMPORTANCE && !strcmp(q->need_topic, "identification"), "importance item");
	q = form_find_question(f, "need_id_comp");
	ok(q && q->need_role == FN_COMPETENCE, "competence item");
	c = form_find_choice(form_find_list(f, "ynd"), "yes");
	ok(c && c->has_score && c->score == 1 && !c->has_value, "score of ynd/yes");
	c = form_find_choice(form_find_list(f, "agree5"), "3");
	ok(c && c->has_value && c->value == 3, "a numeric choice name is its value");
	c = form_find_choice(form_find_list(f, "imp5"), "high");
	ok(c && c->has_value && c->value == 3, "explicit value");
	l = form_find_list(f, "district");
	c = form_find_choice(l, "d2");
	ok(c && c->n_extra == 1 && !strcmp(c->extra_names[0], "region") && !strcmp(c->extra_values[0], "north"),
	   "choice_filter column kept as extra");
}

/* A select_multiple answer is split without copies: a word is a choice
 * only whole, and a repeat is found past the 64th choice too. */
static void test_choice_sets(const struct form_question *topics)
{
	static char names[70][8];
	struct form_choice choices[70];
	struct form_list big = { "big", choices, 70, 1 };
	struct form_question q = *topics;
	char why[200];
	size_t i;

	ok(!form_value_valid(NULL, topics, "i law", why, sizeof why) &&
	   !strcmp(why, "choice 1 is not in list 'topics'"), "a prefix of a choice is none: %s", why);
	ok(!form_value_valid(NULL, topics, "law idx", why, sizeof why) &&
	   !strcmp(why, "choice 2 is not in list 'topics'"), "a choice and more is none: %s", why);
	ok(!form_value_valid(NULL, topics, " law  id law", why, sizeof why) &&
	   !strcmp(why, "choice 3 repeats an earlier one"), "repeat named by its place: %s", why);
	memset(choices, 0, sizeof choices);
	for (i = 0; i < 70; i++) {
		snprintf(names[i], sizeof names[i], "c%zu", i);
		choices[i].name = names[i];
	}
	q.list = &big;
	ok(form_value_valid(NULL, &q, "c0 c63 c64 c69", why, sizeof why), "70 choices: four of them");
	ok(!form_value_valid(NULL, &q, "c65 c1 c65", why, sizeof why) &&
	   !strcmp(why, "choice 3 repeats an earlier one"), "a repeat past the 64th: %s", why);
	ok(!form_value_valid(NULL, &q, "c63 c2 c63", why, sizeof why), "a repeat of the 64th");
	ok(!form_value_valid(NULL, &q, "c70", why, sizeof why) &&
	   !strcmp(why, "choice 1 is not in list 'big'"), "c70 is not a choice: %s", why);
}

static void test_values(const struct form *f)
{
	char why[200];
	const struct form_question *prof = form_find_question(f, "profession");
	const struct form_question *topics = form_find_question(f, "topics");
	const struct form_question *age = form_find_question(f, "age");
	const struct form_question *conf = form_find_question(f, "confidence");
	struct form_question tmp;

	ok(form_value_valid(f, prof, "nurse", why, sizeof why), "select_one choice");
	ok(!form_value_valid(f, prof, "maybe", why, sizeof why) &&
	   !strcmp(why, "not a choice of list 'prof'"), "select_one unknown: %s", why);
	ok(form_value_valid(f, topics, "id law", why, sizeof why), "select_multiple two choices");
	ok(!form_value_valid(f, topics, "id id", why, sizeof why), "select_multiple duplicate: %s", why);
	ok(!form_value_valid(f, topics, "id x", why, sizeof why), "select_multiple unknown: %s", why);
	test_choice_sets(topics);
	ok(form_value_valid(f, age, "-12", why, sizeof why) && !form_value_valid(f, age, "1.5", why, sizeof why) &&
	   !form_value_valid(f, age, "12a", why, sizeof why), "integer");
	ok(form_value_valid(f, conf, "4", why, sizeof why) && !form_value_valid(f, conf, "5", why, sizeof why) &&
	   !form_value_valid(f, conf, "12", why, sizeof why), "range bounds and step: %s", why);
	tmp = *age;
	tmp.type = FQ_DECIMAL;
	ok(form_value_valid(f, &tmp, "1.5e3", why, sizeof why) && !form_value_valid(f, &tmp, "1,5", why, sizeof why) &&
	   !form_value_valid(f, &tmp, "inf", why, sizeof why) && !form_value_valid(f, &tmp, "1e999", why, sizeof why),
	   "decimal");
	tmp.type = FQ_DATE;
	ok(form_value_valid(f, &tmp, "2024-02-29", why, sizeof why) && !form_value_valid(f, &tmp, "2023-02-29", why, sizeof why) &&
	   !form_value_valid(f, &tmp, "2024-13-01", why, sizeof why) && !form_value_valid(f, &tmp, "24-1-1", why, sizeof why),
	   "date");
	tmp.type = FQ_TIME;
	ok(form_value_valid(f, &tmp, "10:30", why, sizeof why) && form_value_valid(f, &tmp, "10:30:15.250+03:00", why, sizeof why) &&
	   !form_value_valid(f, &tmp, "25:00", why, sizeof why), "time");
	tmp.type = FQ_DATETIME;
	ok(form_value_valid(f, &tmp, "2024-06-01T10:00:00.000Z", why, sizeof why) &&
	   !form_value_valid(f, &tmp, "2024-06-01 10:00", why, sizeof why), "datetime");
	tmp.type = FQ_TEXT;
	ok(form_value_valid(f, &tmp, "two\nlines\tok ä", why, sizeof why) && !form_value_valid(f, &tmp, "bell\a", why, sizeof why) &&
	   !form_value_valid(f, &tmp, "bad \xC3", why, sizeof why), "text");
	tmp.type = FQ_ACKNOWLEDGE;
	ok(form_value_valid(f, &tmp, "OK", why, sizeof why) && !form_value_valid(f, &tmp, "yes", why, sizeof why), "acknowledge");
	ok(form_value_valid(f, prof, "", why, sizeof why), "empty is no answer");
}

static void test_round_trip(const char *path, const char *encoding, const struct form *orig)
{
	char *text = NULL;
	size_t len = 0;
	struct ky_error err;
	struct form_diag d;
	struct form *again = NULL;

	if (xlsform_canonical_text(path, encoding, &text, &len, &err) != KY_OK) {
		ok(0, "canonical text of %s: %s", path, err.msg);
		return;
	}
	xlsform_read_buffer(text, len, "stored", &again, &d, &err);
	diff[0] = '\0';
	ok(again && same_form(orig, again), "canonical text of %s reads back equal%s%s", path,
	   *diff ? ": " : "", diff);
	ok(again && !strcmp(again->source, "stored"), "source is the buffer name");
	form_diag_release(&d);
	form_destroy(again);
	free(text);
}

/* ---- diagnostics ---- */

static void expect_lines(const struct form_diag *d, const char *const *want, size_t n_want, const char *what)
{
	size_t i;
	bool same = d->n == n_want;
	for (i = 0; same && i < n_want; i++)
		same = !strcmp(d->lines[i], want[i]);
	ok(same, "%s", what);
	if (!same)
		for (i = 0; i < d->n; i++)
			printf("#   got %s\n", d->lines[i]);
}

static void test_diagnostics(void)
{
	struct form_diag d;
	struct form *f;
	const char *text =
		"survey\n"
		",type,name,label,relevant,foo,$kuid\n"
		",integer,age,Age,,,x\n"
		",select_one nolist,q1,Q1,,,\n"
		",integer,age,Age again,,,\n"
		",text,q2,Q2,${age2} > 1,,\n"
		",text,q3,Q3,(${age} > 1)),,\n"
		",geopoint,where,Where,,,\n"
		",begin_repeat,rep,Rep,,,\n"
		",selectone x,q4,Q4,,,\n"
		",text,,No name,,,\n"
		",begin_group,g,G,,,\n"
		"choices\n"
		",list_name,name,label\n"
		",yn,yes,Yes\n"
		",yn,yes,Yes again\n";
	static const char *const want[] = {
		"t.csv:2: warning: unknown column 'foo' ignored",
		"t.csv:2: warning: unknown column '$kuid' ignored",
		"t.csv:4: error: 'type': list 'nolist' is not defined in the choices sheet",
		"t.csv:5: error: 'name': duplicate name 'age' (first at line 3)",
		"t.csv:6: error: 'relevant': unknown question 'age2'",
		"t.csv:7: error: 'relevant': unexpected ')' at column 13",
		"t.csv:8: warning: type 'geopoint' cannot be collected on a terminal: 'where' is never asked",
		"t.csv:9: error: 'type': begin_repeat 'rep' has no matching end_repeat",
		"t.csv:10: error: 'type': unknown type 'selectone x'",
		"t.csv:11: error: 'name': the text row has no name",
		"t.csv:12: error: 'type': begin_group 'g' has no matching end_group",
		"t.csv:16: error: duplicate choice 'yes' in list 'yn' (first at line 15)",
	};

	f = read_text(text, "t.csv", &d);
	ok(f == NULL && d.n_errors == 9 && d.n_warnings == 3, "broken form refused: %zu errors %zu warnings",
	   d.n_errors, d.n_warnings);
	expect_lines(&d, want, sizeof want / sizeof want[0], "every problem listed, in line order");
	form_diag_release(&d);

	f = read_text("survey\n,type,name,label\n,text,a,A\n,end_group,,\n", "u.csv", &d);
	ok(!f && d.n == 1 && !strcmp(d.lines[0], "u.csv:4: error: 'type': end_group without a matching begin_group"),
	   "stray end_group: %s", d.n ? d.lines[0] : "");
	form_diag_release(&d);

	f = read_text("choices\n,list_name,name,label\n,a,b,c\n", "v.csv", &d);
	ok(!f && d.n == 1 && !strcmp(d.lines[0], "v.csv: error: no 'survey' sheet (its first row names it in the first column)"),
	   "missing survey sheet: %s", d.n ? d.lines[0] : "");
	form_diag_release(&d);

	f = read_text("survey\n,type,name,label,need_topic,need_role\n"
		      ",integer,i1,I1,t1,importance\n,text,c1,C1,t1,competence\n"
		      ",integer,i2,I2,t2,importance\n,integer,x,X,,sometimes\n"
		      "choices\n,list_name,name,label,score\n,l,a,A,lots\n", "n.csv", &d);
	{
		static const char *const want_n[] = {
			"n.csv:4: error: 'need_topic': 'c1' must be a number or a select_one whose choices all have numeric values",
			"n.csv:5: error: 'need_topic': topic 't2' has 1 importance and 0 competence items (exactly one of each needed)",
			"n.csv:6: error: 'need_role': expected 'importance' or 'competence', not 'sometimes'",
			"n.csv:9: error: 'score': 'lots' is not a number",
		};
		ok(!f, "bad extension columns refused");
		expect_lines(&d, want_n, 4, "extension column errors");
	}
	form_diag_release(&d);

	f = read_text("survey\n,type,name,label\n,select_one yn,q,Q\n"
		      "choices\n,list_name,name,label\n,yn,a,A\n,yn,a,A2\n"
		      "settings\n,allow_choice_duplicates,id_string,title\n,yes,old_id,Old title\n", "w.csv", &d);
	ok(f && d.n_errors == 0, "allow_choice_duplicates lets a choice repeat");
	ok(f && !strcmp(f->form_id, "old_id") && !strcmp(f->title, "Old title"), "old id_string and title");
	ok(f && f->n_langs == 1 && !strcmp(f->langs[0].name, "default"), "no default_language: the 'default' language");
	form_destroy(f);
	form_diag_release(&d);

	f = read_text("survey\n,Label, TYPE ,Name,label:English,Hint::Svenska (sv)\n"
		      ",Hello,text,q,Hi,Hej\n,Pick,select multiple l,m,,\n"
		      "choices\n,List Name,name,label\n,l,a b,A\n", "x.csv", &d);
	ok(!f && d.n == 1 && !strcmp(d.lines[0],
	   "x.csv:7: error: choice 'a b' of list 'l' contains a space (select_multiple 'm' uses the list)"),
	   "label-first, case-insensitive headers; space in a select_multiple choice: %s", d.n ? d.lines[0] : "");
	form_diag_release(&d);

	f = read_text("survey\n,type,name,label,parameters\n,range,r,R,\n,calculate,c,,\n", "y.csv", &d);
	ok(!f && d.n == 1 && !strcmp(d.lines[0], "y.csv:4: error: 'calculation': calculate 'c' has no calculation"),
	   "calculate without calculation: %s", d.n ? d.lines[0] : "");
	form_diag_release(&d);

	f = read_text("survey\n,type,name,label,parameters\n,range,r,R,\n", "z.csv", &d);
	ok(f && f->questions[0].range_start == 1 && f->questions[0].range_end == 10 &&
	   f->questions[0].range_step == 1 && !strcmp(f->form_id, "z"), "range defaults 1..10 step 1; form_id from the name");
	form_destroy(f);
	form_diag_release(&d);

	f = read_text("survey\n,type,name\n,start,s\n,calculate,c,\n", "nolabel.csv", &d);
	ok(!f, "calculate needs its calculation column");
	form_diag_release(&d);
	f = read_text("survey\n,type,name\n,start,s\n,today,t\n", "nolabel.csv", &d);
	ok(f && f->n_langs == 1 && f->default_lang_index == 0 && !strcmp(f->langs[0].code, "default") &&
	   !strcmp(form_text_get(f, &f->questions[0].label, 0), ""), "a form without text columns has one language");
	form_destroy(f);
	form_diag_release(&d);
}

int main(void)
{
	struct form *folder, *onefile, *kobo, *kobo_raw;
	char *p_folder, *p_onefile, *p_kobo;

	srcdir = getenv("SRCDIR");
	if (!srcdir)
		srcdir = SRCDIR_DEFAULT;
	p_folder = fixture("basic");
	p_onefile = fixture("basic.csv");
	p_kobo = fixture("kobo-cp1252");
	folder = read_form(p_folder, NULL);
	onefile = read_form(p_onefile, NULL);
	test_layouts(folder, onefile);
	if (folder) {
		test_languages(folder);
		test_groups_and_slots(folder);
		test_extensions(folder);
		test_values(folder);
		test_round_trip(p_folder, NULL, folder);
		test_round_trip(p_onefile, NULL, folder);
	}
	kobo = read_form(p_kobo, "cp1252");
	ok(kobo != NULL, "cp1252 Kobo form reads with its encoding");
	if (kobo)
		test_round_trip(p_kobo, "cp1252", kobo);
	{
		struct form_diag d;
		struct ky_error err;
		int ret = xlsform_read(p_kobo, NULL, &kobo_raw, &d, &err);
		ok(ret == KY_EINPUT && d.n_errors == 2 && d.n == 2 &&
		   strstr(d.lines[d.n - 1], "invalid UTF-8 (use --encoding to name the source encoding)"),
		   "cp1252 Kobo form refused as UTF-8: %s", d.n ? d.lines[d.n - 1] : "");
		form_diag_release(&d);
	}
	test_diagnostics();
	form_destroy(folder);
	form_destroy(onefile);
	form_destroy(kobo);
	free(p_folder);
	free(p_onefile);
	free(p_kobo);
	return tap_done();
}
