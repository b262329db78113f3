/* test-session.c - the collection rules without a terminal: skip logic,
 * clearing of answers that turn irrelevant, checks and their messages,
 * calculates, choice filters, ${name} in labels, defaults, metadata. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "collect/session.h"
#include "form/xlsform.h"

static const char form_csv[] =
	"survey,type,name,label::English (en),label::Suomi (fi),relevant,constraint,"
	"constraint_message::English (en),required,calculation,choice_filter,default,appearance\n"
	",start,opened,,,,,,,,,,\n"
	",select_one yn,smoker,Do you smoke?,Tupakoitko?,,,,yes,,,,\n"
	",integer,cigs,How many a day?,Montako päivässä?,${smoker} = 'yes',. > 0 and . < 100,"
	"Between 1 and 99,,,,,\n"
	",calculate,double,,,,,,,${cigs} * 2,,,\n"
	",text,who,Smoker: ${smoker},Tupakoi: ${smoker},,,,,,,,\n"
	",select_one region,region,Region,Alue,,,,,,,,\n"
	",select_one city,city,City,Kaupunki,,,,,,region = ${region},,\n"
	",begin_group,grp,Work,Työ,,,,,,,,\n"
	",integer,years,Years,Vuotta,,,,,,,5,\n"
	",select_multiple topics,topics,Topics,Aiheet,,,,,,,,\n"
	",note,bye,Thanks,Kiitos,,,,,,,,\n"
	",end_group,,,,,,,,,,,\n"
	"choices,list_name,name,label::English (en),label::Suomi (fi),region\n"
	",yn,yes,Yes,Kyllä,\n"
	",yn,no,No,Ei,\n"
	",region,north,North,Pohjoinen,\n"
	",region,south,South,Etelä,\n"
	",city,oulu,Oulu,Oulu,north\n"
	",city,rovaniemi,Rovaniemi,Rovaniemi,north\n"
	",city,turku,Turku,Turku,south\n"
	",topics,a,Topic A,Aihe A,\n"
	",topics,b,Topic B,Aihe B,\n"
	"settings,form_id,form_title,default_language\n"
	",t1,Test,English (en)\n";

/* The sink records the last value handed over for every slot. */
struct recorder {
	char *last[32];
	int puts;
};

static int record_put(void *ctx, int slot, const char *value, struct ky_error *err)
{
	struct recorder *r = ctx;
	(void)err;
	free(r->last[slot]);
	r->last[slot] = strdup(value);
	r->puts++;
	return 0;
}

static int qi(const struct form *f, const char *name)
{
	return form_question_index(f, name);
}

static const char *stored(struct recorder *r, const struct form *f, const char *name)
{
	int slot = f->questions[qi(f, name)].slot;
	return r->last[slot] ? r->last[slot] : "(never)";
}

/* Sections for the progress line: top-level groups with a shown
 * question, counted whether relevant or not; ungrouped questions belong
 * to the section before them. */
static const char sections_csv[] =
	"survey,type,name,label::English (en),relevant,calculation\n"
	",note,intro,Hello,,\n"
	",begin_group,a,A,,\n"
	",select_one yn,open,Open B?,,\n"
	",end_group,,,,\n"
	",begin_group,calc,Only a calculate,,\n"
	",calculate,c,,,1 + 1\n"
	",end_group,,,,\n"
	",begin_group,b,B,${open} = 'yes',\n"
	",begin_group,b1,B1,,\n"
	",integer,deep,Deep,,\n"
	",end_group,,,,\n"
	",end_group,,,,\n"
	",note,between,Between,,\n"
	",begin_group,c,C,,\n"
	",text,last,Last,,\n"
	",end_group,,,,\n"
	"choices,list_name,name,label::English (en)\n"
	",yn,yes,Yes\n"
	",yn,no,No\n";

static void test_sections(void)
{
	struct form *f = NULL;
	struct form_diag diag;
	struct ky_error err;
	struct session *s;
	int i, n;
	memset(&diag, 0, sizeof diag);
	ky_error_clear(&err);
	if (xlsform_read_buffer(sections_csv, sizeof sections_csv - 1, "sections.csv", &f, &diag,
				&err)) {
		ok(0, "the sections form reads: %s", err.msg);
		form_diag_release(&diag);
		return;
	}
	form_diag_release(&diag);
	s = session_create(f, 0, NULL);
	session_section(s, qi(f, "intro"), &i, &n);
	ok(i == 1 && n == 3, "an introduction before every group is in section 1 of 3 (%d/%d)", i, n);
	session_section(s, qi(f, "deep"), &i, &n);
	ok(i == 2 && n == 3, "a hidden nested group still counts: section %d/%d", i, n);
	session_section(s, qi(f, "between"), &i, &n);
	ok(i == 2 && n == 3, "an ungrouped question is in the section before it (%d/%d)", i, n);
	session_section(s, qi(f, "last"), &i, &n);
	ok(i == 3 && n == 3, "the last section (%d/%d)", i, n);
	session_section(s, -1, &i, &n);
	ok(i == 3 && n == 3, "the review is in the last section (%d/%d)", i, n);
	session_destroy(s);
	form_destroy(f);
}

int main(void)
{
	struct form *f = NULL;
	struct form_diag diag;
	struct ky_error err;
	struct recorder rec;
	struct session_sink sink = { .put = record_put, .ctx = &rec };
	struct session *s;
	char msg[512], *text;
	size_t idx[8], n;
	int done, total, i;

	memset(&diag, 0, sizeof diag);
	memset(&rec, 0, sizeof rec);
	ky_error_clear(&err);
	if (xlsform_read_buffer(form_csv, sizeof form_csv - 1, "test.csv", &f, &diag, &err)) {
		size_t k;
		for (k = 0; k < diag.n; k++)
			printf("# %s\n", diag.lines[k]);
		printf("# %s\n", err.msg);
		ok(0, "the test form reads");
		return tap_done();
	}
	form_diag_release(&diag);
	s = session_create(f, form_lang_index(f, "en"), &sink);
	ok(session_begin(s, 86400 * 365, "dev1", &err) == 0, "begin");
	ok(!strcmp(stored(&rec, f, "opened"), "1971-01-01T00:00:00Z"), "start stamped (%s)",
	   stored(&rec, f, "opened"));

	/* skip logic */
	ok(session_first(s) == qi(f, "smoker"), "the first shown question is smoker");
	ok(!session_relevant(s, qi(f, "cigs")), "cigs is hidden before smoker is answered");
	ok(session_next(s, qi(f, "smoker")) == qi(f, "who"), "next skips cigs and the calculate");
	ok(session_accept(s, qi(f, "smoker"), "", msg, sizeof msg, &err) == KY_EINPUT &&
	   !strcmp(msg, "This question needs an answer."), "required refused with the default message");
	ok(session_accept(s, qi(f, "smoker"), "maybe", msg, sizeof msg, &err) == KY_EINPUT,
	   "a value that is not a choice is refused");
	ok(session_accept(s, qi(f, "smoker"), "yes", msg, sizeof msg, &err) == 0, "smoker=yes accepted");
	ok(!strcmp(stored(&rec, f, "smoker"), "yes"), "the answer reached the sink");
	ok(session_next(s, qi(f, "smoker")) == qi(f, "cigs"), "cigs shows after yes");

	/* checks */
	ok(session_accept(s, qi(f, "cigs"), "ten", msg, sizeof msg, &err) == KY_EINPUT &&
	   strstr(msg, "whole number"), "not an integer: %s", msg);
	ok(session_accept(s, qi(f, "cigs"), "200", msg, sizeof msg, &err) == KY_EINPUT &&
	   !strcmp(msg, "Between 1 and 99"), "constraint message from the form: %s", msg);
	ok(!strcmp(stored(&rec, f, "cigs"), "(never)"), "a refused answer is not stored");
	ok(session_accept(s, qi(f, "cigs"), " 10 ", msg, sizeof msg, &err) == 0, "cigs=10 accepted");
	ok(!strcmp(stored(&rec, f, "cigs"), "10"), "numbers are stored trimmed");
	ok(atof(stored(&rec, f, "double")) == 20, "the calculate ran silently (%s)",
	   stored(&rec, f, "double"));

	/* labels */
	text = session_label(s, qi(f, "who"));
	ok(!strcmp(text, "Smoker: Yes"), "${smoker} shows the choice label (%s)", text);
	free(text);
	session_set_lang(s, form_lang_index(f, "fi"));
	text = session_label(s, qi(f, "who"));
	ok(!strcmp(text, "Tupakoi: Kyllä"), "and in Finnish (%s)", text);
	free(text);
	ok(session_ui_lang(s) == UI_FI, "the interface follows the form language");
	ok(session_accept(s, qi(f, "cigs"), "x", msg, sizeof msg, &err) == KY_EINPUT &&
	   !strcmp(msg, "Kirjoita kokonaisluku, esim. 12."), "type message in Finnish: %s", msg);
	session_cycle_lang(s);
	ok(session_lang(s) != form_lang_index(f, "fi"), "F2 moves to another language");
	session_set_lang(s, form_lang_index(f, "en"));

	/* irrelevant answers are cleared */
	ok(session_accept(s, qi(f, "smoker"), "no", msg, sizeof msg, &err) == 0, "smoker=no");
	ok(!strcmp(stored(&rec, f, "cigs"), ""), "cigs cleared in the store when it turned irrelevant");
	ok(!strcmp(session_value(s, qi(f, "cigs")), ""), "and in the session");

	/* choice_filter */
	ok(session_accept(s, qi(f, "region"), "north", msg, sizeof msg, &err) == 0, "region=north");
	n = session_choices(s, qi(f, "city"), idx);
	ok(n == 2 && !strcmp(f->questions[qi(f, "city")].list->choices[idx[1]].name, "rovaniemi"),
	   "the city list is filtered to the north");
	ok(session_accept(s, qi(f, "city"), "turku", msg, sizeof msg, &err) == KY_EINPUT,
	   "a filtered-out choice is refused");

	/* defaults, groups, multiple choice */
	ok(!strcmp(session_initial_value(s, qi(f, "years")), "5"), "the default starts the field");
	ok(!strcmp(session_value(s, qi(f, "years")), ""), "but is not stored until accepted");
	text = session_group_title(s, qi(f, "years"));
	ok(!strcmp(text, "Work"), "group title above its questions (%s)", text);
	free(text);
	text = session_multi_toggle("", "b");
	ok(!strcmp(text, "b"), "toggle adds");
	free(text);
	text = session_multi_toggle("b a", "b");
	ok(!strcmp(text, "a"), "toggle removes");
	free(text);
	ok(session_multi_position("b a", "a") == 2, "rank position");
	ok(session_accept(s, qi(f, "topics"), "a b", msg, sizeof msg, &err) == 0, "two topics");
	text = session_display_value(s, qi(f, "topics"));
	ok(!strcmp(text, "Topic A, Topic B"), "shown as labels (%s)", text);
	free(text);

	/* progress, resume point, submission checks */
	session_progress(s, &done, &total);
	ok(done == 3 && total == 6, "progress %d/%d", done, total);
	ok(session_first_unanswered(s) == qi(f, "who"), "resume goes to the first unanswered");
	ok(session_first_blocking(s, msg, sizeof msg) == -1, "nothing blocks submission");
	ok(session_accept(s, qi(f, "bye"), "", msg, sizeof msg, &err) == 0, "a note accepts Enter");

	test_sections();
	for (i = 0; i < 32; i++)
		free(rec.last[i]);
	session_destroy(s);
	form_destroy(f);
	return tap_done();
}
