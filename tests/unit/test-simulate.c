/* test-simulate.c - the simulator on a hand-built form: skip logic,
 * choice filters, constraints, calculations, non-response, partial
 * respondents, determinism and the latent structure. The form is built
 * here rather than read, so that this test depends on the expression
 * engine only. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "simulate/simulate.h"
#include "tap.h"
#include "util/mem.h"

#define N_RESPONDENTS 3000

enum {
	Q_PROFESSION, Q_YEARS, Q_REGION, Q_DISTRICT, Q_MET, Q_ACTION, Q_GROUP, Q_WHY,
	Q_GROUP_END, Q_TOPICS, Q_L1, Q_L2, Q_L3, Q_K1, Q_SCORE, Q_IMP, Q_COMP, Q_START,
	Q_WHEN, Q_COUNT
};

static struct form_list lists[8];
static struct form_question questions[Q_COUNT];
static int slot_question[Q_COUNT];
static struct form form;

static void add_choice(struct form_list *list, const char *name, const char *extra_region,
		       int score)
{
	struct form_choice *c;
	list->choices = ky_reallocarray(list->choices, list->n_choices + 1, sizeof *c);
	c = &list->choices[list->n_choices++];
	memset(c, 0, sizeof *c);
	c->name = ky_strdup(name);
	if (extra_region) {
		c->n_extra = 1;
		c->extra_names = ky_calloc(1, sizeof *c->extra_names);
		c->extra_values = ky_calloc(1, sizeof *c->extra_values);
		c->extra_names[0] = ky_strdup("region");
		c->extra_values[0] = ky_strdup(extra_region);
	}
	if (score >= 0) {
		c->has_score = true;
		c->score = score;
	}
	if (strspn(name, "0123456789") == strlen(name)) {
		c->has_value = true;
		c->value = atof(name);
	}
}

static struct expr *parse(const char *src)
{
	char errbuf[200];
	struct expr *e = NULL;
	if (src && expr_parse(src, &e, errbuf, sizeof errbuf))
		printf("# cannot parse '%s': %s\n", src, errbuf);
	return e;
}

static void question(int i, enum form_qtype type, const char *name, struct form_list *list,
		     const char *relevant, const char *constraint)
{
	struct form_question *q = &questions[i];
	q->type = type;
	q->name = q->column = q->path = (char *)name;
	q->parent = -1;
	q->list = list;
	q->relevant = parse(relevant);
	q->constraint = parse(constraint);
}

static void build_form(void)
{
	static const char *const professions[] = { "nurse", "physician", "practical_nurse" };
	static const char *const topics[] = { "indicators", "referral", "law", "trauma" };
	size_t i;
	int q, slot = 0;

	lists[0].name = "prof";
	for (i = 0; i < 3; i++)
		add_choice(&lists[0], professions[i], NULL, -1);
	lists[1].name = "region";
	add_choice(&lists[1], "south", NULL, -1);
	add_choice(&lists[1], "north", NULL, -1);
	lists[2].name = "district";
	add_choice(&lists[2], "helsinki", "south", -1);
	add_choice(&lists[2], "espoo", "south", -1);
	add_choice(&lists[2], "oulu", "north", -1);
	lists[3].name = "yn";
	add_choice(&lists[3], "yes", NULL, -1);
	add_choice(&lists[3], "no", NULL, -1);
	lists[4].name = "action";
	add_choice(&lists[4], "referred", NULL, -1);
	add_choice(&lists[4], "nothing", NULL, -1);
	lists[5].name = "topics";
	for (i = 0; i < 4; i++)
		add_choice(&lists[5], topics[i], NULL, -1);
	lists[6].name = "agree5";
	for (i = 5; i >= 1; i--) {   /* listed backwards: order must come from the values */
		char name[2] = { (char)('0' + i), 0 };
		add_choice(&lists[6], name, NULL, -1);
	}
	lists[7].name = "ynd";
	add_choice(&lists[7], "yes", NULL, 1);
	add_choice(&lists[7], "no", NULL, 0);
	add_choice(&lists[7], "dont_know", NULL, 0);

	question(Q_PROFESSION, FQ_SELECT_ONE, "profession", &lists[0], NULL, NULL);
	questions[Q_PROFESSION].required = parse("true()");
	question(Q_YEARS, FQ_INTEGER, "experience_years", NULL, NULL, ". >= 0 and . <= 60");
	question(Q_REGION, FQ_SELECT_ONE, "region", &lists[1], NULL, NULL);
	question(Q_DISTRICT, FQ_SELECT_ONE, "district", &lists[2], NULL, NULL);
	questions[Q_DISTRICT].choice_filter = parse("region = ${region}");
	question(Q_MET, FQ_SELECT_ONE, "met", &lists[3], NULL, NULL);
	question(Q_ACTION, FQ_SELECT_ONE, "action", &lists[4], "${met} = 'yes'", NULL);
	question(Q_GROUP, FQ_BEGIN_GROUP, "nomeet", NULL, "${met} = 'no'", NULL);
	question(Q_WHY, FQ_TEXT, "why", NULL, NULL, "string-length(.) < 20");
	questions[Q_WHY].parent = Q_GROUP;
	question(Q_GROUP_END, FQ_END_GROUP, "nomeet_end", NULL, NULL, NULL);
	question(Q_TOPICS, FQ_SELECT_MULTIPLE, "topics", &lists[5], NULL, "count-selected(.) <= 2");
	question(Q_L1, FQ_SELECT_ONE, "l1", &lists[6], NULL, NULL);
	question(Q_L2, FQ_SELECT_ONE, "l2", &lists[6], NULL, NULL);
	question(Q_L3, FQ_SELECT_ONE, "l3", &lists[6], NULL, NULL);
	questions[Q_L1].scale = questions[Q_L2].scale = questions[Q_L3].scale = "att";
	questions[Q_L3].reverse = true;
	question(Q_K1, FQ_SELECT_ONE, "k1", &lists[7], NULL, NULL);
	question(Q_SCORE, FQ_CALCULATE, "k_score", NULL, NULL, NULL);
	questions[Q_SCORE].calculation = parse("if(${k1} = 'yes', 1, 0)");
	question(Q_IMP, FQ_SELECT_ONE, "imp", &lists[6], NULL, NULL);
	questions[Q_IMP].need_role = FN_IMPORTANCE;
	question(Q_COMP, FQ_SELECT_ONE, "comp", &lists[6], NULL, NULL);
	questions[Q_COMP].need_role = FN_COMPETENCE;
	question(Q_START, FQ_START, "start", NULL, NULL, NULL);
	question(Q_WHEN, FQ_DATE, "last_training", NULL, NULL, ". <= today()");

	for (q = 0; q < Q_COUNT; q++) {
		enum form_qtype t = questions[q].type;
		if (t == FQ_BEGIN_GROUP || t == FQ_END_GROUP) {
			questions[q].slot = -1;
			continue;
		}
		questions[q].slot = slot;
		slot_question[slot++] = q;
	}
	form.form_id = "unit";
	form.questions = questions;
	form.n_questions = Q_COUNT;
	form.lists = lists;
	form.n_lists = 8;
	form.n_slots = (size_t)slot;
	form.slot_question = slot_question;
	form.default_lang_index = -1;
}

static void free_form(void)
{
	size_t i, k;
	for (i = 0; i < Q_COUNT; i++) {
		expr_destroy(questions[i].relevant);
		expr_destroy(questions[i].constraint);
		expr_destroy(questions[i].choice_filter);
		expr_destroy(questions[i].calculation);
		expr_destroy(questions[i].required);
	}
	for (i = 0; i < 8; i++) {
		for (k = 0; k < lists[i].n_choices; k++) {
			struct form_choice *c = &lists[i].choices[k];
			free(c->name);
			if (c->n_extra) {
				free(c->extra_names[0]);
				free(c->extra_values[0]);
			}
			free(c->extra_names);
			free(c->extra_values);
		}
		free(lists[i].choices);
	}
}

static const char *value(const struct sim *sim, int q)
{
	return sim_value(sim, (size_t)questions[q].slot);
}

static double correlation(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
	}
	return sxy / sqrt(sxx * syy);
}

struct tally {
	int profession_missing, years_bad, district_bad, action_bad, why_bad;
	int topics_bad, score_bad, date_bad, uuid_bad, partial_bad, lang_bad;
	int partial, complete, l1_missing, l1_asked;
	int correct[3], asked_k[3];
	double imp_sum, comp_sum;
	size_t n_pairs;
	double *l1, *l2, *l3;
};

static int profession_index(const char *p)
{
	return !strcmp(p, "nurse") ? 0 : !strcmp(p, "physician") ? 1 : 2;
}

static bool uuid_v4(const char *u)
{
	size_t i;
	if (strlen(u) != 36 || u[14] != '4' || !strchr("89ab", u[19]))
		return false;
	for (i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? u[i] != '-' : !strchr("0123456789abcdef", u[i]))
			return false;
	return true;
}

static void check_one(const struct sim *sim, struct tally *t)
{
	const char *met = value(sim, Q_MET), *district = value(sim, Q_DISTRICT);
	const char *years = value(sim, Q_YEARS), *topics = value(sim, Q_TOPICS);
	const char *score = value(sim, Q_SCORE), *k1 = value(sim, Q_K1);
	bool partial = !strcmp(sim_status(sim), "partial");
	int spaces = 0;
	const char *p;

	t->uuid_bad += !uuid_v4(sim_uuid(sim));
	t->lang_bad += strcmp(sim_lang(sim), "fi") && strcmp(sim_lang(sim), "sv");
	t->profession_missing += !*value(sim, Q_PROFESSION);
	if (*years && (atoi(years) < 0 || atoi(years) > 60 || strchr(years, '.')))
		t->years_bad++;
	if (*district && strcmp(value(sim, Q_REGION), !strcmp(district, "oulu") ? "north" : "south"))
		t->district_bad++;
	t->action_bad += strcmp(met, "yes") && *value(sim, Q_ACTION);
	t->why_bad += strcmp(met, "no") && *value(sim, Q_WHY);
	for (p = topics; *p; p++)
		spaces += *p == ' ';
	t->topics_bad += *topics && spaces > 1;
	if (*score && strcmp(score, !strcmp(k1, "yes") ? "1" : "0"))
		t->score_bad++;
	if (*value(sim, Q_WHEN) && strncmp(value(sim, Q_WHEN), sim_started(sim), 10) > 0)
		t->date_bad++;
	if (partial) {
		t->partial++;
		t->partial_bad += *sim_completed(sim) != '\0';
		return;
	}
	t->complete++;
	t->partial_bad += *sim_completed(sim) == '\0' || strcmp(sim_completed(sim), sim_started(sim)) <= 0;
	t->l1_asked++;
	t->l1_missing += !*value(sim, Q_L1);
	if (*k1) {
		int i = profession_index(value(sim, Q_PROFESSION));
		t->asked_k[i]++;
		t->correct[i] += !strcmp(k1, "yes");
	}
	if (*value(sim, Q_L1) && *value(sim, Q_L2) && *value(sim, Q_L3) &&
	    *value(sim, Q_IMP) && *value(sim, Q_COMP)) {
		t->l1[t->n_pairs] = atof(value(sim, Q_L1));
		t->l2[t->n_pairs] = atof(value(sim, Q_L2));
		t->l3[t->n_pairs] = atof(value(sim, Q_L3));
		t->imp_sum += atof(value(sim, Q_IMP));
		t->comp_sum += atof(value(sim, Q_COMP));
		t->n_pairs++;
	}
}

static void run_structured(void)
{
	struct sim_options opt;
	struct ky_error err;
	struct tally t;
	struct sim *sim;
	int i;

	memset(&t, 0, sizeof t);
	t.l1 = ky_calloc(N_RESPONDENTS, sizeof *t.l1);
	t.l2 = ky_calloc(N_RESPONDENTS, sizeof *t.l2);
	t.l3 = ky_calloc(N_RESPONDENTS, sizeof *t.l3);
	sim_options_init(&opt);
	opt.seed = 42;
	ok(sim_parse_lang_mix("fi=0.8,sv=0.2", &opt.langs, &opt.n_langs, &err) == 0,
	   "a language mix parses");
	ok(sim_create(&form, &opt, &sim, &err) == 0, "a simulator is created");
	for (i = 0; i < N_RESPONDENTS; i++) {
		sim_next(sim);
		check_one(sim, &t);
	}
	ok(t.uuid_bad == 0, "respondent ids are version 4 UUIDs");
	ok(t.lang_bad == 0, "languages come from the mix");
	ok(t.profession_missing == 0, "a required question is always answered");
	ok(t.years_bad == 0, "integers honour their constraint");
	ok(t.district_bad == 0, "choice_filter keeps districts in the chosen region");
	ok(t.action_bad == 0, "an irrelevant question stays empty");
	ok(t.why_bad == 0, "questions of an irrelevant group stay empty");
	ok(t.topics_bad == 0, "select_multiple honours count-selected(.) <= 2");
	ok(t.score_bad == 0, "calculations are evaluated on the answers");
	ok(t.date_bad == 0, "dates honour '. <= today()' with today the start day");
	ok(t.partial_bad == 0, "partial respondents have no completion time, others a later one");
	ok(t.partial > N_RESPONDENTS * 0.03 && t.partial < N_RESPONDENTS * 0.07,
	   "about 5 %% are partial (%d)", t.partial);
	ok(t.l1_missing > t.l1_asked * 0.03 && t.l1_missing < t.l1_asked * 0.07,
	   "about 5 %% item non-response (%d of %d)", t.l1_missing, t.l1_asked);
	ok(correlation(t.l1, t.l2, t.n_pairs) > 0.3, "items of a scale correlate (r = %.2f)",
	   correlation(t.l1, t.l2, t.n_pairs));
	ok(correlation(t.l1, t.l3, t.n_pairs) < -0.3, "a reverse item correlates negatively (r = %.2f)",
	   correlation(t.l1, t.l3, t.n_pairs));
	ok(t.imp_sum / (double)t.n_pairs > t.comp_sum / (double)t.n_pairs + 0.5,
	   "importance exceeds competence (%.2f vs %.2f)", t.imp_sum / (double)t.n_pairs,
	   t.comp_sum / (double)t.n_pairs);
	ok((double)t.correct[1] / t.asked_k[1] > (double)t.correct[2] / t.asked_k[2] + 0.1,
	   "physicians know more than practical nurses (%.2f vs %.2f)",
	   (double)t.correct[1] / t.asked_k[1], (double)t.correct[2] / t.asked_k[2]);
	ok(t.asked_k[0] > t.asked_k[1], "nurses outnumber physicians");
	sim_destroy(sim);
	sim_lang_shares_free(opt.langs, opt.n_langs);
	free(t.l1);
	free(t.l2);
	free(t.l3);
}

static void run_unstructured(void)
{
	struct sim_options opt;
	struct ky_error err;
	struct sim *sim;
	double *a = ky_calloc(N_RESPONDENTS, sizeof *a), *b = ky_calloc(N_RESPONDENTS, sizeof *b);
	size_t n = 0;
	int i;

	sim_options_init(&opt);
	opt.structure = false;
	opt.missing = 0;
	opt.partial = 0;
	ok(sim_create(&form, &opt, &sim, &err) == 0, "a simulator without structure is created");
	for (i = 0; i < N_RESPONDENTS; i++) {
		sim_next(sim);
		if (*value(sim, Q_L1) && *value(sim, Q_L2)) {
			a[n] = atof(value(sim, Q_L1));
			b[n++] = atof(value(sim, Q_L2));
		}
	}
	ok(n == N_RESPONDENTS, "with no missing rate every scale item is answered");
	ok(fabs(correlation(a, b, n)) < 0.1, "without structure items are independent (r = %.2f)",
	   correlation(a, b, n));
	ok(*sim_lang(sim) == '\0', "a form without language codes gives an empty lang");
	sim_destroy(sim);
	free(a);
	free(b);
}

/* The CSV of n respondents as one string. */
static char *csv_of(unsigned long seed, int n)
{
	struct sim_options opt;
	struct ky_error err;
	struct csvwrite w;
	struct sim *sim;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int i;

	sim_options_init(&opt);
	opt.seed = seed;
	if (!fp || sim_create(&form, &opt, &sim, &err))
		return ky_strdup("");
	csvwrite_init(&w, fp, 0);
	sim_write_header(sim, &w);
	for (i = 0; i < n; i++)
		sim_write_respondent(sim, &w);
	csvwrite_finish(&w, "memory", &err);
	fclose(fp);
	sim_destroy(sim);
	return text;
}

static void run_determinism(void)
{
	char *a = csv_of(7, 200), *b = csv_of(7, 200), *c = csv_of(8, 200);
	ok(strlen(a) > 1000 && !strcmp(a, b), "the same seed gives the same bytes");
	ok(strcmp(a, c) != 0, "another seed gives other bytes");
	static const char header[] = "respondent,status,started,completed,lang,profession,"
		"experience_years,region,district,met,action,why,topics,l1,l2,l3,k1,k_score,imp,"
		"comp,start,last_training\n";
	ok(!strncmp(a, header, strlen(header)),
	   "the header has the fixed columns then the questions in form order");
	free(a);
	free(b);
	free(c);
}

static void run_lang_mix(void)
{
	struct sim_lang_share *langs;
	struct ky_error err;
	size_t n;

	ok(sim_parse_lang_mix("fi=0.7,sv=0.2,en=0.1", &langs, &n, &err) == 0 && n == 3 &&
	   !strcmp(langs[2].code, "en") && langs[0].share == 0.7, "the documented mix parses");
	sim_lang_shares_free(langs, n);
	ok(sim_parse_lang_mix("fi", &langs, &n, &err) == KY_EUSAGE, "a share is required");
	ok(sim_parse_lang_mix("fi=-1", &langs, &n, &err) == KY_EUSAGE, "a share is not negative");
	ok(sim_parse_lang_mix("fi=0", &langs, &n, &err) == KY_EUSAGE, "shares do not sum to zero");
}

int main(void)
{
	build_form();
	run_structured();
	run_unstructured();
	run_determinism();
	run_lang_mix();
	free_form();
	return tap_done();
}
