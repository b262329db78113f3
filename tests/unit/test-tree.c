/* test-tree.c - one respondent's answers with repeats (src/form/tree.c):
 * instances nested and renumbered, keys, and what ${name}, count(),
 * sum(), position(..) and indexed-repeat() see from each context. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "form/tree.h"
#include "form/xlsform.h"
#include "tests/unit/tap.h"

static const struct form *form;

static int qi(const char *name)
{
	return form_question_index(form, name);
}

/* The text an expression gives at instance inst. */
static char *eval_at(const struct answer_tree *t, int inst, const char *src)
{
	struct expr *e = NULL;
	struct tree_ctx c;
	struct expr_env env;
	char err[256], *s;
	if (expr_parse(src, &e, err, sizeof err)) {
		printf("# %s: %s\n", src, err);
		return strdup("(error)");
	}
	tree_env(t, inst, &c, &env);
	s = expr_eval_string(e, &env);
	tree_ctx_release(&c);
	expr_destroy(e);
	return s;
}

static void is_eval(const struct answer_tree *t, int inst, const char *src, const char *want)
{
	char *got = eval_at(t, inst, src);
	ok(!strcmp(got, want), "%s at %d = '%s' (got '%s')", src, inst, want, got);
	free(got);
}

static void check_keys(struct answer_tree *t, int c1, int c2, int v21)
{
	char *k = tree_key(t, v21);
	ok(!strcmp(k, "child[2]/visit[1]"), "nested key (%s)", k);
	free(k);
	ok(tree_find_key(t, "child[2]/visit[1]") == v21, "the key finds its instance");
	ok(tree_find_key(t, "child[1]") == c1 && tree_find_key(t, "child[2]") == c2, "top keys");
	ok(tree_find_key(t, "visit[1]") < 0, "a nested repeat is not found at the top");
	ok(tree_find_key(t, "child[3]") < 0 && tree_find_key(t, "child[x]") < 0 &&
	   tree_find_key(t, "child") < 0, "no instance for a missing or bad key");
}

/* Document order (children after their parent, by position) whatever
 * the order instances were added in, and equal trees by key and value. */
static void check_order_and_sameness(const struct form *f)
{
	struct answer_tree a, b;
	int order[8], c1, c2, v, ad, i;
	const char *want[] = { "child[1]", "child[1]/visit[1]", "child[2]", "adult[1]" };
	size_t n;
	bool in_order = true;

	tree_init(&a, f);
	tree_init(&b, f);
	ad = tree_add(&a, qi("adult"), -1, 0);
	c2 = tree_add(&a, qi("child"), -1, 2);
	c1 = tree_add(&a, qi("child"), -1, 1);
	v = tree_add(&a, qi("visit"), c1, 0);
	tree_set(&a, c2, qi("child_name"), "Eino");
	tree_set(&a, v, qi("vaccinated"), "no");
	tree_set(&a, ad, qi("adult_name"), "Matti");
	n = tree_document_order(&a, order);
	for (i = 0; i < (int)n && in_order; i++) {
		char *key = tree_key(&a, order[i]);
		in_order = !strcmp(key, want[i]);
		free(key);
	}
	ok(n == 4 && in_order, "document order: by parent, then position");

	c1 = tree_add(&b, qi("child"), -1, 0);
	c2 = tree_add(&b, qi("child"), -1, 0);
	tree_set(&b, c2, qi("child_name"), "Eino");
	v = tree_add(&b, qi("visit"), c1, 0);
	ad = tree_add(&b, qi("adult"), -1, 0);
	tree_set(&b, ad, qi("adult_name"), "Matti");
	ok(!tree_same_instances(&a, &b), "an unanswered visit is not a 'no'");
	tree_set(&b, v, qi("vaccinated"), "no");
	ok(tree_same_instances(&a, &b) && tree_same_instances(&b, &a),
	   "the same instances added in another order are the same");
	tree_remove(&b, ad);
	ok(!tree_same_instances(&a, &b), "one instance fewer is not the same");
	tree_release(&a);
	tree_release(&b);
}

int main(void)
{
	struct form_diag d = { 0 };
	struct ky_error err = { 0 };
	struct form *f = NULL;
	struct answer_tree t;
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : SRCDIR_DEFAULT;
	char path[4096];
	int c1, c2, c3, v21, a1;
	char *name;
	int pos;

	snprintf(path, sizeof path, "%s/tests/forms/repeats", srcdir);
	if (xlsform_read(path, NULL, &f, &d, &err) != KY_OK || !f) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	form = f;
	ok(f->n_repeats == 3, "three repeats");
	ok(f->questions[qi("visit_date")].repeat == qi("visit"), "a question's innermost repeat");
	ok(form_repeat_parent(f, qi("visit")) == qi("child"), "visit is inside child");
	ok(f->questions[qi("child")].repeat_count != NULL, "child has a repeat_count");

	tree_init(&t, f);
	tree_set(&t, -1, qi("household"), "Virtanen");
	c1 = tree_add(&t, qi("child"), -1, 0);
	c2 = tree_add(&t, qi("child"), -1, 0);
	ok(tree_add(&t, qi("visit"), -1, 0) < 0, "a nested repeat needs its parent instance");
	ok(tree_add(&t, qi("child"), -1, 2) < 0, "a taken position is refused");
	tree_set(&t, c1, qi("child_name"), "Aino");
	tree_set(&t, c1, qi("child_age"), "4");
	tree_set(&t, c2, qi("child_name"), "Eino");
	tree_set(&t, c2, qi("child_age"), "7");
	v21 = tree_add(&t, qi("visit"), c2, 0);
	tree_set(&t, v21, qi("vaccinated"), "yes");
	a1 = tree_add(&t, qi("adult"), -1, 0);
	(void)a1;
	check_keys(&t, c1, c2, v21);

	is_eval(&t, -1, "sum(${child_age})", "11");
	is_eval(&t, -1, "count(${child})", "2");
	is_eval(&t, -1, "count(${adult})", "1");
	is_eval(&t, -1, "count(${visit})", "1");
	is_eval(&t, c1, "count(${visit})", "0");
	is_eval(&t, c2, "${child_name}", "Eino");
	is_eval(&t, v21, "concat(${child_name}, ' ', ${vaccinated})", "Eino yes");
	is_eval(&t, c2, "position(..)", "2");
	is_eval(&t, -1, "position(..)", "0");
	is_eval(&t, -1, "${child_name}", "Aino");
	is_eval(&t, -1, "indexed-repeat(${child_name}, ${child}, 2)", "Eino");
	is_eval(&t, -1, "indexed-repeat(${vaccinated}, ${child}, 2, ${visit}, 1)", "yes");
	is_eval(&t, -1, "indexed-repeat(${child_name}, ${child}, 3)", "");
	is_eval(&t, -1, "max(${child_age})", "7");
	is_eval(&t, -1, "join(', ', ${child_name})", "Aino, Eino");
	is_eval(&t, -1, "${household}", "Virtanen");
	is_eval(&t, v21, "${household}", "Virtanen");

	check_order_and_sameness(f);

	c3 = tree_add(&t, qi("child"), -1, 0);
	tree_set(&t, c3, qi("child_name"), "Helmi");
	tree_remove(&t, tree_find_key(&t, "child[2]"));
	ok(t.n_inst == 3, "removing a child removes its visits (%zu left)", t.n_inst);
	ok(tree_find_key(&t, "child[2]") >= 0 &&
	   !strcmp(tree_get(&t, tree_find_key(&t, "child[2]"), qi("child_name")), "Helmi"),
	   "the later sibling moves up");
	is_eval(&t, -1, "join(' ', ${child_name})", "Aino Helmi");
	ok(tree_key_last_step("child[2]/visit[13]", &name, &pos) && !strcmp(name, "visit") &&
	   pos == 13, "the last step of a key");
	free(name);
	ok(!tree_key_last_step("child[0]", &name, &pos) && !tree_key_last_step("child", &name, &pos),
	   "bad last steps");
	tree_release(&t);
	form_destroy(f);
	form_diag_release(&d);
	return tap_done();
}
