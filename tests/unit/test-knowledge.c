/* test-knowledge.c - the knowledge extension columns (dont_know,
 * explanation, the debrief and privacy settings) and a scored item's
 * outcome (form/knowledge.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "form/knowledge.h"
#include "form/xlsform.h"
#include "tap.h"
#include "util/mem.h"

static struct form *read_text(const char *text, struct form_diag *d)
{
	struct form *f = NULL;
	struct ky_error err;
	xlsform_read_buffer(text, strlen(text), "t.csv", &f, d, &err);
	return f;
}

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

static const char *good_form =
	"survey\n"
	",type,name,label::English (en),label::Suomi (fi),domain,explanation::English (en),explanation::Suomi (fi)\n"
	",note,intro,Kept by {{controller}} for {{retention}}; ask {{contact}} {{nope}},Rekisterinpitäjä {{controller}},,,\n"
	",select_one tf,k1,Statement one,Väite yksi,chain,Because one,Koska yksi\n"
	",select_one tf2,k2,Statement two,Väite kaksi,chain,Because two,\n"
	",select_multiple signs,k3,Which signs,Mitkä merkit,ind,Debt and documents,Velka ja asiakirjat\n"
	"choices\n"
	",list_name,name,label::English (en),label::Suomi (fi),score,dont_know\n"
	",tf,true,True,Pitää paikkansa,1,\n"
	",tf,false,False,Ei pidä paikkaansa,0,\n"
	",tf,idk,Don't know,En tiedä,0,yes\n"
	",tf2,true,True,Pitää paikkansa,0,\n"
	",tf2,false,False,Ei pidä paikkaansa,1,\n"
	",tf2,dont_know,Don't know,En tiedä,,\n"
	",signs,debt,Debt,Velka,1,\n"
	",signs,docs,Documents,Asiakirjat,1,\n"
	",signs,tattoo,Tattoo,Tatuointi,-1,\n"
	",signs,dk,Don't know,En tiedä,0,YES\n"
	"settings\n"
	",form_id,version,debrief,debrief_more::English (en),debrief_more::Suomi (fi),controller,contact,retention\n"
	",kn,1,yes,Call 0295 463 177,Soita 0295 463 177,The Agency,help@example.org,until 2030\n";

static void test_columns(void)
{
	struct form_diag d;
	struct form *f = read_text(good_form, &d);
	const struct form_question *k1, *k2, *k3;
	char *s;

	ok(f != NULL && d.n == 0, "a form with every new column reads without messages (%zu)", d.n);
	for (size_t i = 0; i < d.n; i++)
		printf("#   %s\n", d.lines[i]);
	form_diag_release(&d);
	if (!f)
		return;
	k1 = form_find_question(f, "k1");
	k2 = form_find_question(f, "k2");
	k3 = form_find_question(f, "k3");
	ok(form_list_dont_know(k1->list) == 2, "column dont_know = yes marks the choice");
	ok(form_list_dont_know(k2->list) == -1,
	   "with the column present, a choice named dont_know is not marked by its name");
	ok(form_list_dont_know(k3->list) == 3, "dont_know is matched case-insensitively (YES)");
	ok(!strcmp(form_text_get(f, &k1->explanation, form_lang_index(f, "fi")), "Koska yksi") &&
	   !strcmp(form_text_get(f, &k2->explanation, form_lang_index(f, "fi")), "Because two"),
	   "explanation per language, falling back to another language");
	ok(f->debrief && !strcmp(form_text_get(f, &f->debrief_more, form_lang_index(f, "fi")),
				 "Soita 0295 463 177"), "settings debrief and debrief_more::LANG");
	s = form_expand_placeholders(f, form_text_get(f, &f->questions[0].label, form_lang_index(f, "en")));
	ok(!strcmp(s, "Kept by The Agency for until 2030; ask help@example.org {{nope}}"),
	   "placeholders replaced, unknown ones kept: %s", s);
	free(s);
	form_destroy(f);
}

static void test_implicit_dont_know(void)
{
	struct form_diag d;
	struct form *f = read_text(
		"survey\n,type,name,label\n,select_one tf,k1,K1\n,select_one yn,q,Q\n"
		"choices\n,list_name,name,label,score\n,tf,true,T,1\n,tf,false,F,0\n,tf,dont_know,DK,\n"
		",yn,yes,Y,\n,yn,dont_know,DK,\n", &d);
	ok(f && form_list_dont_know(form_find_question(f, "k1")->list) == 2,
	   "without the column, the choice named dont_know of a scored list is the don't-know choice");
	ok(f && form_list_dont_know(form_find_question(f, "q")->list) == -1,
	   "an unscored list has no don't-know choice");
	form_destroy(f);
	form_diag_release(&d);
}

static void test_diagnostics(void)
{
	struct form_diag d;
	struct form *f = read_text(
		"survey\n"
		",type,name,label,explanation\n"
		",note,intro,By {{controller}}; {{contact}},\n"
		",select_one tf,k1,K1,\n"
		",select_one yn,q,Q,Why\n"
		"choices\n"
		",list_name,name,label,score,dont_know\n"
		",tf,true,T,1,\n"
		",tf,false,F,0,maybe\n"
		",tf,idk,DK,1,yes\n"
		",tf,idk2,DK2,0,yes\n"
		",yn,yes,Y,,yes\n"
		"settings\n"
		",form_id,debrief,controller,debrief_more::Deutsch (de)\n"
		",x,sometimes,Us,Mehr\n", &d);
	static const char *const want[] = {
		"t.csv:3: warning: 'label': note 'intro' shows {{contact}} but the settings sheet has no 'contact'",
		"t.csv:5: warning: 'explanation': 'q' is not a scored item; the explanation is never shown",
		"t.csv:9: error: 'dont_know': expected yes or an empty cell, not 'maybe'",
		"t.csv:10: warning: 'score': don't-know choice 'idk' of list 'tf' earns points",
		"t.csv:11: error: 'dont_know': list 'tf' already has the don't-know choice 'idk' (line 10)",
		"t.csv:12: error: 'dont_know': list 'yn' has no scores, so it has no don't-know choice",
		"t.csv:14: warning: column 'debrief_more::Deutsch (de)': no label is in language 'Deutsch (de)'; ignored",
		"t.csv:15: error: 'debrief': expected yes or no, not 'sometimes'",
	};
	ok(f == NULL, "a form with bad dont_know and debrief cells is refused");
	expect_lines(&d, want, sizeof want / sizeof want[0], "each bad cell named with its line");
	form_destroy(f);
	form_diag_release(&d);
}

/* Outcomes: select_one true/false/don't know, and a select_multiple with a
 * distractor, per statistics.md "Knowledge tests". */
static void test_outcomes(void)
{
	struct form_diag d;
	struct form *f = read_text(good_form, &d);
	const struct form_question *k1, *k3;
	size_t idx[4];

	form_diag_release(&d);
	if (!ok(f != NULL, "the outcome form reads"))
		return;
	k1 = form_find_question(f, "k1");
	k3 = form_find_question(f, "k3");
	ok(knowledge_item_max(k1) == 1 && knowledge_item_max(k3) == 2, "maxima: largest score, sum of positives");
	ok(knowledge_item_outcome(k1, idx, 0) == KO_MISSING, "unanswered: missing");
	idx[0] = 0;
	ok(knowledge_item_outcome(k1, idx, 1) == KO_CORRECT, "key: correct");
	idx[0] = 1;
	ok(knowledge_item_outcome(k1, idx, 1) == KO_INCORRECT, "the other answer: incorrect");
	idx[0] = 2;
	ok(knowledge_item_outcome(k1, idx, 1) == KO_DONT_KNOW, "don't know: dont_know");
	idx[0] = 0; idx[1] = 1;
	ok(knowledge_item_outcome(k3, idx, 2) == KO_CORRECT && knowledge_item_points(k3, idx, 2) == 2,
	   "select_multiple with every keyed option: correct, 2 points");
	idx[2] = 2;
	ok(knowledge_item_outcome(k3, idx, 3) == KO_INCORRECT && knowledge_item_points(k3, idx, 3) == 1,
	   "a distractor as well: incorrect, 1 point");
	idx[0] = 2;
	ok(knowledge_item_points(k3, idx, 1) == 0, "a distractor alone: floored at 0 points");
	idx[0] = 3;
	ok(knowledge_item_outcome(k3, idx, 1) == KO_DONT_KNOW, "only the don't-know option: dont_know");
	idx[1] = 0;
	ok(knowledge_item_outcome(k3, idx, 2) == KO_INCORRECT, "don't know with another option: incorrect");
	ok(knowledge_outcome_of_value(k3, "debt docs") == KO_CORRECT &&
	   knowledge_outcome_of_value(k3, "docs") == KO_INCORRECT &&
	   knowledge_outcome_of_value(k3, "dk") == KO_DONT_KNOW &&
	   knowledge_outcome_of_value(k3, "") == KO_MISSING &&
	   knowledge_outcome_of_value(k1, "idk") == KO_DONT_KNOW &&
	   knowledge_outcome_of_value(k1, NULL) == KO_MISSING,
	   "outcomes from stored answer texts");
	ok(!strcmp(knowledge_outcome_name(KO_DONT_KNOW), "dont_know"), "outcome names");
	form_destroy(f);
}

int main(void)
{
	test_columns();
	test_implicit_dont_know();
	test_diagnostics();
	test_outcomes();
	return tap_done();
}
