/* test-store-repeat.c - repeat instances in the store (store-repeat.h):
 * added and answered one write at a time, removed with what is inside
 * and renumbered, a whole tree saved and loaded back, read for a whole
 * form (analyze), gone with the response. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "form/xlsform.h"
#include "store/store-repeat.h"
#include "tests/unit/tap.h"

static const struct form *form;

static int qi(const char *name)
{
	return form_question_index(form, name);
}

static int slot(const char *name)
{
	return form->questions[qi(name)].slot;
}

/* Adds child[1], child[2] with visit[1] in it, child[3], one answer each. */
static void collect_some(struct store *s, int64_t resp, int64_t *child)
{
	struct ky_error err = { 0 };
	int64_t visit;
	int i;
	for (i = 0; i < 3; i++) {
		char name[8];
		snprintf(name, sizeof name, "c%d", i + 1);
		ok(store_instance_add(s, resp, 0, "child", i + 1, &child[i], &err) == KY_OK &&
		   store_instance_answer_put(s, child[i], form->n_slots, slot("child_name"), name,
					     &err) == KY_OK, "child %d added and answered", i + 1);
	}
	ok(store_instance_add(s, resp, child[1], "visit", 1, &visit, &err) == KY_OK &&
	   store_instance_answer_put(s, visit, form->n_slots, slot("vaccinated"), "yes", &err) == KY_OK,
	   "a nested instance: %s", err.msg);
}

static void round_trip(struct store *s, int64_t resp)
{
	struct ky_error err = { 0 };
	struct answer_tree t, back;
	int v;

	tree_init(&t, form);
	ok(store_tree_load(s, resp, &t, &err) == KY_OK && t.n_inst == 2, "loaded: %zu instances %s",
	   t.n_inst, err.msg);
	ok(!strcmp(tree_get(&t, tree_find_key(&t, "child[2]"), qi("child_name")), "c3"),
	   "child[3] moved up to child[2]");
	v = tree_add(&t, qi("visit"), tree_find_key(&t, "child[1]"), 0);
	tree_set(&t, v, qi("visit_date"), "2026-12-04");
	ok(store_tree_save(s, resp, &t, &err) == KY_OK, "a whole tree saved");
	tree_init(&back, form);
	ok(store_tree_load(s, resp, &back, &err) == KY_OK && back.n_inst == 3 &&
	   !strcmp(tree_get(&back, tree_find_key(&back, "child[1]/visit[1]"), qi("visit_date")),
		   "2026-12-04"), "and loaded back the same");
	tree_release(&t);
	tree_release(&back);
}

struct scanned {
	int64_t response[8], id[8];
	size_t n;
};

static int note_instance(void *ctx, const struct store_instance *in, struct ky_error *err)
{
	struct scanned *sc = ctx;
	(void)err;
	if (sc->n < 8) {
		sc->response[sc->n] = in->response;
		sc->id[sc->n] = in->id;
	}
	sc->n++;
	return KY_OK;
}

/* A second respondent with one instance: the form's scan gives the
 * first's three, then it, each response's in id order. */
static void form_scan(struct store *s, int64_t form_pk, int64_t resp)
{
	struct ky_error err = { 0 };
	struct scanned sc = { { 0 }, { 0 }, 0 };
	int64_t resp2, id;
	bool ordered = true;

	ok(store_response_start(s, form_pk, "r2", "en", &resp2, &err) == KY_OK &&
	   store_instance_add(s, resp2, 0, "adult", 1, &id, &err) == KY_OK, "a second respondent");
	ok(store_form_instances(s, form_pk, note_instance, &sc, &err) == KY_OK && sc.n == 4,
	   "the form's instances read at once: %zu %s", sc.n, err.msg);
	for (size_t i = 0; i < 4 && i < sc.n; i++)
		ordered &= sc.response[i] == (i < 3 ? resp : resp2) && (i == 0 || i == 3 ||
									sc.id[i] > sc.id[i - 1]);
	ok(ordered && sc.id[3] == id, "by response, then id");
}

int main(void)
{
	struct form_diag d = { 0 };
	struct ky_error err = { 0 };
	struct form *f = NULL;
	struct store *s = NULL;
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : SRCDIR_DEFAULT;
	char path[4096], dir[] = "/tmp/test-store-repeat-XXXXXX", db[4200];
	int64_t form_pk, resp, child[3];
	struct answer_tree t;
	struct store_erasure erased;

	snprintf(path, sizeof path, "%s/tests/forms/repeats", srcdir);
	if (xlsform_read(path, NULL, &f, &d, &err) != KY_OK || !f || !mkdtemp(dir)) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	form = f;
	snprintf(db, sizeof db, "%s/t.db", dir);
	ok(store_open(db, STORE_CREATE, &s, &err) == KY_OK && store_has_repeats(s) &&
	   store_put_form(s, f, "x", 1, &form_pk, &err) == KY_OK &&
	   store_response_start(s, form_pk, "r1", "en", &resp, &err) == KY_OK, "a response");
	collect_some(s, resp, child);
	ok(store_instance_remove(s, child[1], &err) == KY_OK, "child[2] removed");
	round_trip(s, resp);
	form_scan(s, form_pk, resp);
	ok(store_erase_respondent(s, "r1", false, &erased, &err) == KY_OK, "the respondent erased: %s",
	   err.msg);
	tree_init(&t, f);
	ok(store_tree_load(s, resp, &t, &err) == KY_OK && t.n_inst == 0, "its instances are gone");
	tree_release(&t);
	store_close(s);
	form_destroy(f);
	form_diag_release(&d);
	unlink(db);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
