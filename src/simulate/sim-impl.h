/* sim-impl.h - the simulator's private parts, shared by its files:
 *   simulate.c    options, the walk through the form, the CSV row
 *   sim-values.c  a value for each question type, constraints honoured
 *   sim-model.c   the latent structure (knowledge, scales, need pairs)
 *   sim-regex.c   a text matching a regex() pattern
 *   sim-repeat.c  forms with repeats: the answer tree, its instances, their CSV
 * Nothing outside src/simulate/ includes this header. */
#ifndef KY_SIM_IMPL_H
#define KY_SIM_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "form/expr.h"
#include "form/tree.h"
#include "simulate/simulate.h"

/* How a question's value is drawn when structure is on. */
enum sim_role {
	SR_PLAIN,        /* uniform / plausible range */
	SR_PROFESSION,   /* select_one whose choices are weighted like a workforce */
	SR_EXPERIENCE,   /* integer: years in the profession */
	SR_SCORED,       /* a choice carries a score */
	SR_ORDINAL       /* every choice has a numeric value: a latent trait decides */
};

struct sim_question {
	enum sim_role role;
	int scale;            /* index into sim->scale_trait, -1 when none */
	size_t *order;        /* SR_ORDINAL: choice indices by ascending value */
	double lo, hi;        /* plausible range of a number */
	double step;          /* 1 for integers, 0.5 or 0.1 for decimals */
	size_t *dependents;   /* later required selects whose choice_filter reads this one */
	size_t n_dependents;
};

/* name or column -> slot, sorted by name for bsearch */
struct sim_name_slot {
	const char *name;
	int slot;
};

struct sim {
	const struct form *form;
	struct sim_options opt;
	gsl_rng *rng;
	struct sim_question *sq;        /* per question */
	struct sim_name_slot *names;
	size_t n_names;
	char **values;                  /* per slot, NUL-terminated, reused */
	size_t *caps;
	bool *irrelevant;               /* per question, current respondent */
	const struct form_choice *candidate;   /* the choice a choice_filter is checking */
	struct expr_env env;
	size_t *cands;                  /* scratch: the choices a filter let through */
	char *buf;                      /* scratch: a select_multiple or rank answer */
	size_t buf_cap;
	int prof_q, exp_q;              /* the profession and experience questions, or -1 */
	size_t *asked;                  /* indices of the questions a respondent answers */
	size_t n_asked;

	/* latent structure of the current respondent */
	size_t n_scales;
	char **scale_names;
	double *scale_trait;
	bool knowledge_ready;
	double knowledge;
	double concern;                 /* shared part of every importance item */
	double attitude;                /* ordinal items outside a scale */

	/* the respondent's metadata */
	char uuid[37];
	char started[24], completed[24];
	const char *status;
	const char *lang;
	double started_seconds;

	/* forms with repeats (sim-repeat.c); has_repeats false for the others,
	 * which keep the flat walk and none of this */
	bool has_repeats;
	struct answer_tree tree;        /* the current respondent with its instances */
	struct tree_ctx tctx;           /* expressions at instance sim->inst */
	struct expr_env tenv;           /* tree_env's callbacks over sim->tree */
	int inst;                       /* the instance being walked, -1: the record */
	bool *open;                     /* per question: a repeat being walked */
	size_t *scope_end;              /* per begin_repeat: index after its last row */
};

/* simulate.c */
#define SIM_DATETIME_FORMAT "%Y-%m-%dT%H:%M:%SZ"
/* strftime() of a UTC time given in seconds since the epoch. */
void sim_format_seconds(double seconds, const char *format, char *buf, size_t len);
void sim_set_value(struct sim *sim, int slot, const char *text);
bool sim_constraint_ok(struct sim *sim, const struct form_question *q, const char *value);
/* Uniform integer in [0, n). */
size_t sim_uniform_index(struct sim *sim, size_t n);

/* sim-values.c: plausible ranges of numbers (once), then draws an answer of q into sim->values[q->slot] ("" when
 * nothing satisfies the constraint). */
void sim_values_prepare(struct sim *sim);
void sim_values_release(struct sim *sim);
void sim_values_draw(struct sim *sim, const struct form_question *q);
/* A number as an answer: integers without a decimal point, others with
 * at most 6 decimals and no trailing zeros. */
void sim_format_number(double v, char *buf, size_t len);

/* sim-regex.c: a text the pattern (a Java regex as regex() takes it)
 * probably matches, into out (cap bytes); false when the pattern uses what
 * the generator lacks (look-around, back-references) or out is too small. */
bool sim_regex_draw(struct sim *sim, const char *pattern, char *out, size_t cap);

/* sim-repeat.c. sim->values holds the respondent's record and the
 * instances being walked at once (their questions have distinct slots);
 * a finished instance's values live in sim->tree only. */
void sim_repeat_prepare(struct sim *sim);          /* after the other prepares */
void sim_repeat_release(struct sim *sim);
/* Whether ${q} of slot reads sim->values (outside every repeat, or in one
 * being walked) rather than the tree. */
bool sim_repeat_in_scope(const struct sim *sim, int slot);
/* ${name} through the tree: another repeat's question, a repeat's name. */
const char *sim_repeat_lookup(struct sim *sim, const char *name);
/* How many instances of repeat rq to walk under the current instance:
 * its repeat_count (0 to SIM_MAX_INSTANCES, none when not a number), or
 * 0 to 3 at random when open-ended. */
#define SIM_MAX_INSTANCES 50
int sim_repeat_count(struct sim *sim, size_t rq);
/* A new instance of rq under the current one becomes current, its
 * questions unanswered; leave returns to the parent instance. */
void sim_repeat_enter(struct sim *sim, size_t rq);
void sim_repeat_leave(struct sim *sim, size_t rq, int parent);
/* Copies question qi's value into the tree (current instance or record). */
void sim_repeat_store(struct sim *sim, size_t qi);
/* The outermost repeat around question qi, or qi itself outside any. */
size_t sim_repeat_outermost(const struct sim *sim, size_t qi);
/* A new respondent: no instances, no values. */
void sim_repeat_clear(struct sim *sim);

/* sim-model.c */
void sim_model_prepare(struct sim *sim);            /* roles, scales: once */
void sim_model_release(struct sim *sim);
void sim_model_new_respondent(struct sim *sim);
/* Index into list->choices of a choice for a structured select_one;
 * SIZE_MAX when the role has no opinion (draw uniformly). */
size_t sim_model_choose(struct sim *sim, const struct form_question *q);
/* Whether choice i belongs in a structured select_multiple; -1 no opinion. */
int sim_model_include(struct sim *sim, const struct form_question *q, size_t i);
/* Years of experience for SR_EXPERIENCE. */
double sim_model_years(struct sim *sim);

#endif
