/* test-debrief.c - the debrief's lines (collect/debrief.h): only the
 * scored items the respondent was shown, each with the answer, the
 * outcome, the key and the explanation, in the session's language. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "collect/debrief.h"
#include "form/xlsform.h"
#include "tap.h"

static const char *form_text =
	"survey\n"
	",type,name,label::English (en),label::Svenska (sv),relevant,explanation::English (en),explanation::Svenska (sv)\n"
	",select_one kt,k1,Consent matters,Samtycke spelar roll,,Because,Eftersom\n"
	",select_one kt,k2,Only if k1,Bara om k1,${k1} = 'false',Hidden,Dold\n"
	",select_multiple signs,k3,Signs,Tecken,,Two signs,\n"
	",text,other,Other,Annat,,,\n"
	"choices\n"
	",list_name,name,label::English (en),label::Svenska (sv),score\n"
	",kt,true,True,Sant,0\n"
	",kt,false,False,Falskt,1\n"
	",kt,dont_know,Don't know,Vet inte,0\n"
	",signs,debt,Debt,Skuld,1\n"
	",signs,docs,Documents,Dokument,1\n"
	",signs,tattoo,Tattoo,Tatuering,-1\n"
	"settings\n"
	",form_id,debrief,debrief_more::Svenska (sv)\n"
	",db,yes,Ring 0295 463 177\n";

static bool has_line(const struct debrief *d, enum debrief_style style, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->line[i].style == style && d->line[i].text && !strcmp(d->line[i].text, text))
			return true;
	return false;
}

static bool has_text(const struct debrief *d, const char *part)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->line[i].text && strstr(d->line[i].text, part))
			return true;
	return false;
}

int main(void)
{
	struct form *f = NULL;
	struct form_diag diag;
	struct ky_error err;
	struct debrief d = { 0 };
	struct session *s;
	/* k1 wrong (so k2 is not relevant), k3 half right, other answered */
	const char *values[] = { "true", "", "debt tattoo", "x" };

	xlsform_read_buffer(form_text, strlen(form_text), "t.csv", &f, &diag, &err);
	form_diag_release(&diag);
	if (!ok(f != NULL, "the debrief form reads"))
		return tap_done();
	s = session_create(f, form_lang_index(f, "sv"), NULL);
	session_load(s, values, 4);
	ok(session_begin(s, 0, NULL, &err) == 0, "session begins");
	debrief_build(s, &d);
	ok(d.items == 2 && d.correct == 0, "two scored items shown (k2 was skipped), none correct (%d, %d)",
	   d.items, d.correct);
	ok(has_line(&d, DB_TITLE, "Dina resultat") && has_line(&d, DB_TEXT, "Rätt: 0 av 2."),
	   "Swedish title and summary");
	ok(has_line(&d, DB_ITEM, "1. Samtycke spelar roll") &&
	   has_line(&d, DB_OUTCOME, "Ditt svar: Sant   ✗ fel") &&
	   has_line(&d, DB_DETAIL, "Rätt svar: Falskt") && has_line(&d, DB_DETAIL, "Eftersom"),
	   "item 1: label, answer and outcome, key, explanation");
	ok(!has_text(&d, "Bara om k1") && !has_text(&d, "Dold"), "the irrelevant item is not listed");
	ok(has_line(&d, DB_OUTCOME, "Ditt svar: Skuld, Tatuering   ✗ fel") &&
	   has_line(&d, DB_DETAIL, "Rätt svar: Skuld, Dokument") && has_line(&d, DB_DETAIL, "Two signs"),
	   "select_multiple: every keyed option, explanation falls back to English");
	ok(has_line(&d, DB_ITEM, "Mer information") && has_line(&d, DB_TEXT, "Ring 0295 463 177"),
	   "debrief_more ends it");
	ok(!has_text(&d, "Other") && !has_text(&d, "Annat"), "unscored questions are not listed");
	debrief_release(&d);
	session_destroy(s);

	s = session_create(f, form_lang_index(f, "en"), NULL);
	values[0] = "dont_know";
	values[2] = "";
	session_load(s, values, 4);
	ok(session_begin(s, 0, NULL, &err) == 0, "session begins");
	debrief_build(s, &d);
	ok(has_line(&d, DB_OUTCOME, "Your answer: Don't know   ? don't know") &&
	   has_line(&d, DB_OUTCOME, "Your answer: (no answer)   – not answered") &&
	   has_line(&d, DB_ITEM, "Learn more") && has_line(&d, DB_TEXT, "Ring 0295 463 177"),
	   "English: don't know, not answered; debrief_more from the language that has it");
	debrief_release(&d);
	session_destroy(s);
	form_destroy(f);
	return tap_done();
}
