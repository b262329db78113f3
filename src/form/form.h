/* form.h - the survey model every other module reads.
 *
 * A struct form is built by the XLSForm reader (xlsform.h) and is
 * immutable afterwards; form_destroy() frees it and everything it points
 * to. Questions keep form order, groups included, so that collect can show
 * groups as pages and export can keep column order.
 *
 * Answers are stored per "slot": every question that holds a value
 * (selects, numbers, text, dates, calculate, hidden, range, acknowledge
 * and the metadata types) has a slot index 0..n_slots-1 in form order;
 * groups, notes and types a terminal cannot collect have slot -1. The
 * stored record of a response (store/record.h) is the array of slot
 * values, so slot order is part of the stored format of a form version.
 *
 * Repeats: a begin_repeat row is a FQ_BEGIN_GROUP with is_repeat set (and
 * its end_repeat a FQ_END_GROUP with is_repeat), so that paths, pages and
 * relevance treat it as the group it also is. Every question inside one
 * has `repeat` = the index of its innermost begin_repeat (-1 outside any).
 * Such a question keeps its slot, but its answers live in the records of
 * the repeat's instances (form/tree.h, store.h), never in the
 * respondent's own record, where the slot stays unanswered. */
#ifndef KY_FORM_H
#define KY_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include "form/expr.h"
#include "util/error.h"

enum form_qtype {
	FQ_SELECT_ONE, FQ_SELECT_MULTIPLE, FQ_RANK,
	FQ_INTEGER, FQ_DECIMAL, FQ_RANGE,
	FQ_TEXT, FQ_DATE, FQ_TIME, FQ_DATETIME,
	FQ_NOTE, FQ_ACKNOWLEDGE, FQ_CALCULATE, FQ_HIDDEN,
	FQ_BEGIN_GROUP, FQ_END_GROUP,
	FQ_START, FQ_END, FQ_TODAY, FQ_DEVICEID,   /* filled in automatically */
	FQ_UNSUPPORTED                              /* geopoint, image...: never asked */
};

/* Role of an item in an importance/competence training-need pair. */
enum form_need_role { FN_NONE, FN_IMPORTANCE, FN_COMPETENCE };

/* A text in every language of the form; by_lang[i] belongs to
 * form->langs[i] and may be NULL when that column was empty. */
struct form_text {
	char **by_lang;
};

struct form_lang {
	char *name;   /* as in the column: "Suomi (fi)", or "default" for a plain `label` */
	char *code;   /* "fi" (from the parentheses), or the name itself when it has none */
};

struct form_choice {
	char *name;
	struct form_text label;
	bool has_score;  double score;   /* extension column `score` */
	bool has_value;  double value;   /* `value`, or the name when it is a number */
	bool dont_know;  /* the "don't know" choice of a scored list: column
			  * `dont_know` = yes, or, without that column, the name `dont_know` */
	char **extra_names, **extra_values;  /* other columns of the choices sheet */
	size_t n_extra;
	int line;
};

struct form_list {
	char *name;
	struct form_choice *choices;
	size_t n_choices;
	int line;
};

struct form_question {
	enum form_qtype type;
	char *type_text;        /* the type cell as written */
	char *name;
	char *path;             /* group path "g1/g2/name" */
	char *column;           /* response column: name, or path when name is not unique */
	int line;               /* physical line of its row in survey.csv */
	int parent;             /* index of the enclosing begin_group, -1 at top level */
	int slot;               /* index of its stored value, -1 when it has none */
	struct form_text label, hint, required_message, constraint_message;
	char *required_src, *relevant_src, *constraint_src;
	char *choice_filter_src, *calculation_src, *default_value;
	struct expr *required;  /* NULL: not required */
	struct expr *relevant, *constraint, *choice_filter, *calculation;  /* NULL when absent */
	char *appearance;
	bool read_only;
	struct form_list *list; /* select_one / select_multiple / rank, else NULL */
	double range_start, range_end, range_step;
	/* knowledge-assessment extensions (surveys/README.md) */
	char *scale;            /* Likert scale name: items sharing it form a scale */
	bool reverse;           /* reverse-coded scale item */
	char *domain;           /* knowledge domain of a scored item */
	char *brief;            /* `brief`: the policy brief's finding this question
				 * answers (awareness, encounter, action), else NULL */
	char *need_topic;       /* training topic id of an importance/competence pair */
	enum form_need_role need_role;
	struct form_text explanation;  /* `explanation`: why the key is right (debrief only) */
	/* repeats (see the top of this file) */
	bool is_repeat;         /* a begin_repeat / end_repeat row */
	int repeat;             /* innermost enclosing begin_repeat, -1 when none */
	char *repeat_count_src; /* `repeat_count` (or `jr:count`) as written, NULL: open-ended */
	struct expr *repeat_count;
};

struct form {
	char *form_id, *title, *version;
	char *default_lang;          /* settings default_language as written, may be NULL */
	struct form_lang *langs;     /* every language that has a column */
	size_t n_langs;
	int default_lang_index;      /* index into langs used when a text is missing */
	struct form_question *questions;
	size_t n_questions;
	struct form_list *lists;
	size_t n_lists;
	int *repeats;                /* question indexes of the begin_repeat rows, form order */
	size_t n_repeats;
	size_t n_slots;
	int *slot_question;          /* slot -> index into questions */
	bool allow_choice_duplicates;
	/* settings for the respondent's screens: the debrief after submitting
	 * (`debrief` = yes, `debrief_more` = where to learn more) and the texts
	 * of the {{controller}}, {{contact}} and {{retention}} placeholders */
	bool debrief;
	/* `linkage_code` = yes: collect asks the respondent's self-generated
	 * identification code first and stores it only as keyed hashes
	 * (collect/linkage.h), so that before and after answers can be paired */
	bool linkage_code;
	struct form_text debrief_more;
	char *controller, *contact, *retention;  /* NULL when empty */
	char *source;                /* the path it was read from */
	/* the CSV files beside the form that pulldata() reads, each once;
	 * table NULL when the file is missing or unreadable */
	struct form_media {
		char *file;              /* as pulldata names it, without ".csv" */
		struct expr_table *table;
	} *media;
	size_t n_media;
};

void form_destroy(struct form *form);

/* Lookups; NULL / -1 when absent. name_or_column may also be "/NAME":
 * the top-level question of a name groups share (what the reader makes
 * of an absolute path /data/NAME, since a plain NAME is ambiguous). */
const struct form_question *form_find_question(const struct form *form, const char *name_or_column);
int form_question_index(const struct form *form, const char *name_or_column);
const struct form_list *form_find_list(const struct form *form, const char *name);
const struct form_choice *form_find_choice(const struct form_list *list, const char *name);
/* Index of a language by code ("fi") or name ("Suomi (fi)"), case-insensitive; -1 if none. */
int form_lang_index(const struct form *form, const char *code_or_name);
/* The language a command was asked for by --lang (code may be NULL: the
 * form's default) into *lang; an unknown one is KY_EUSAGE naming the
 * form's codes, the message starting "CMD: ". */
int form_choose_lang(const struct form *form, const char *code, const char *cmd, int *lang,
		     struct ky_error *err);

/* The text in language lang (an index into langs), falling back to the
 * default language and then to any language that has it; "" if none. */
const char *form_text_get(const struct form *form, const struct form_text *t, int lang);

/* The fixed columns a wide responses CSV starts with (interfaces.md
 * section 3), in order. Export writes them, import reads them, and the
 * reader refuses a question whose response column is one of them: the
 * file would have two columns of that name, which import refuses. */
#define FORM_N_RESPONSE_COLUMNS 5
extern const char *const form_response_columns[FORM_N_RESPONSE_COLUMNS];
/* True when name is one of form_response_columns (exact match, as import
 * matches headers). */
bool form_is_response_column(const char *name);

/* True when the question is a scored knowledge item: a select whose list
 * has at least one choice with a `score`. */
bool form_question_scored(const struct form_question *q);
/* The don't-know choice of a list (index), -1 when it has none. */
int form_list_dont_know(const struct form_list *list);

/* The value of a placeholder `{{name}}` of a note's label (controller,
 * contact, retention); NULL when name is no placeholder, "" when the
 * setting is empty. */
const char *form_placeholder_value(const struct form *form, const char *name);
/* text with every known {{placeholder}} replaced by its setting (unknown
 * ones kept as written); the caller frees it. */
char *form_expand_placeholders(const struct form *form, const char *text);

/* The repeat question index of q's innermost enclosing repeat (-1:
 * none), and of the repeat that encloses repeat rq (-1: top level). */
int form_question_repeat(const struct form *form, int qi);
int form_repeat_parent(const struct form *form, int rq);
/* The index into form->repeats of repeat question rq, -1 when it is none. */
int form_repeat_index(const struct form *form, int rq);
/* True when q holds a value in the respondent's own record: it has a
 * slot and is in no repeat. */
bool form_question_top_level(const struct form_question *q);

/* True for the types whose answers are numbers (integer, decimal, range). */
bool form_qtype_numeric(enum form_qtype t);
/* The XLSForm spelling of a type ("select_one", "integer", ...). */
const char *form_qtype_name(enum form_qtype t);


/* The one grammar of a respondent id (import, collect --resume, merge):
 * non-empty valid UTF-8 without control or format characters (a BOM
 * included) and without a blank at either end. False with why filled
 * (never quoting the id) when id breaks it. */
bool form_respondent_id_valid(const char *id, char *why, size_t whylen);

/* True when code is exactly one of the form's language codes; for a form
 * with one text of unnamed language (a plain `label` column), any
 * language tag of letters, digits, '-' and '_'. */
bool form_lang_code_known(const struct form *form, const char *code);

/* Checks one answer text against the question's type and choices (not
 * its constraint): a known choice, a number, a YYYY-MM-DD date... Returns
 * true when valid; otherwise fills why, which never quotes the answer
 * (e.g. "not a choice of list 'yn'"): reasons reach logs. */
bool form_value_valid(const struct form *form, const struct form_question *q,
		      const char *value, char *why, size_t whylen);

/* Valid UTF-8 without control characters other than TAB and LF (what a
 * text answer may hold); otherwise fills why, which never quotes s. */
bool form_text_plain(const char *s, char *why, size_t whylen);

/* The grammar of numbers, dates and times: form/value.h (included here,
 * after the types it names). */
#include "form/value.h"

#endif
