/* i18n.h - every word of kysely's own in Finnish, Swedish and English:
 * one table, keyed by enum ui_word, for collect (screens, messages, help
 * lines, plain mode), the respondent's debrief, the linkage code screen
 * and the report.
 *
 * The form brings its own labels; these are the words around them. In
 * collect the language follows the form language the respondent chose
 * (its code "fi", "sv", "en"), falling back to English; the report takes
 * its --lang (report/words.h). A word that is a printf format carries the
 * same conversions in the same order in every language, and no word is
 * missing in any: tests/unit/test-i18n checks both. Every string is
 * static: never freed. */
#ifndef KY_COLLECT_I18N_H
#define KY_COLLECT_I18N_H

#include <stdbool.h>

enum ui_lang { UI_EN, UI_FI, UI_SV, UI_N_LANGS };

enum ui_word {
	UW_REQUIRED,           /* default message of a required question left empty */
	UW_CONSTRAINT,         /* default message of a failed constraint */
	UW_NOT_INTEGER,
	UW_NOT_NUMBER,
	UW_NOT_DATE,
	UW_NOT_TIME,
	UW_NOT_DATETIME,
	UW_OUT_OF_RANGE,       /* printf: %s %s (start, end) */
	UW_OFF_STEP,           /* printf: %s %s %s (start, end, step): inside the range, off its steps */
	UW_NOT_A_CHOICE,
	UW_RANGE_BOUNDS,       /* printf: %s %s: "from A to B" shown beside a range */
	UW_DATE_FORMAT,        /* shown beside a date field */
	UW_TIME_FORMAT,
	UW_DATETIME_FORMAT,
	UW_OK,                 /* the acknowledge toggle */
	UW_PROGRESS_SECTION,   /* printf: %d %d %d (section, sections, answered) */
	UW_PROGRESS_ANSWERED,  /* printf: %d (answered): a form without groups, and the review */
	UW_HELP_SELECT_ONE,
	UW_HELP_SELECT_MULTIPLE,
	UW_HELP_LIKERT,
	UW_HELP_RANK,
	UW_HELP_LONG_ONE,      /* lists of more than nine: digits no longer pick at once */
	UW_HELP_LONG_MULTIPLE,
	UW_HELP_LONG_RANK,
	UW_LONG_ONE_HINT,      /* the line above the help on a long select_one list */
	UW_LONG_MULTIPLE_HINT, /* ... on a long select_multiple or rank list */
	UW_TYPED_NUMBER,       /* printf: %s (the digits typed so far) */
	UW_TYPED_LABEL,        /* printf: %s (the start of a label typed so far) */
	UW_HELP_FIELD,
	UW_HELP_NOTE,
	UW_HELP_ACK,
	UW_HELP_REVIEW,
	UW_HELP_WELCOME,
	UW_HELP_THANKS,
	UW_REVIEW_TITLE,
	UW_REVIEW_INTRO,
	UW_SUBMIT,
	UW_UNANSWERED,
	UW_WELCOME,
	UW_START,
	UW_RESUME_KEY,         /* printf: %d (number of partial responses) */
	UW_RESUME_TITLE,
	UW_RESUME_HELP,
	UW_THANKS_TITLE,
	UW_THANKS_TEXT,
	UW_SUBMITTED,
	UW_OPERATOR_PROMPT, UW_OPERATOR_LOCKED,
	UW_STILL_THERE,        /* kiosk: shown before an idle respondent's screen is cleared */
	UW_TOO_SMALL,
	UW_MISSING_REQUIRED,   /* on submit: a required answer is missing */
	UW_SKIP_CONFIRM,       /* Enter on an optional question left unanswered */
	/* repeats: the instance titles and the repeat's own screen */
	UW_INSTANCE_OF,        /* printf: %s %d %d (the repeat's label, position, count) */
	UW_REPEAT_ADDED,       /* printf: %s %d (the repeat's label, instances so far) */
	UW_REPEAT_ASK,         /* an open-ended repeat: whether to add one more */
	UW_REPEAT_ADD,
	UW_REPEAT_DONE,
	UW_REPEAT_COUNT,       /* printf: %d %d (instances asked for, entered) */
	UW_REPEAT_REMOVE_CONFIRM, /* printf: %s (the instance's title) */
	UW_HELP_REPEAT,
	/* plain mode (collect/plain.h): typed commands are the English words
	 * back, language, review, skip, help, quit, submit in every language */
	UW_PLAIN_COMMANDS,     /* the one line naming the commands */
	UW_PLAIN_HELP,         /* what the commands do, several lines */
	UW_PLAIN_PROMPT_ONE,
	UW_PLAIN_PROMPT_MULTIPLE,
	UW_PLAIN_PROMPT_RANK,
	UW_PLAIN_PROMPT_FIELD,
	UW_PLAIN_PROMPT_NOTE,
	UW_PLAIN_PROMPT_ACK,
	UW_PLAIN_REQUIRED,     /* beside a required question's label */
	UW_PLAIN_CURRENT,      /* printf: %s (the answer): Enter keeps it */
	UW_PLAIN_SKIP_HOW,     /* Enter on an unanswered optional question */
	UW_PLAIN_SKIPPED,
	UW_PLAIN_REVIEW_PROMPT,
	UW_PLAIN_FIRST,        /* back on the first question */
	UW_PLAIN_LANGUAGE,     /* printf: %s (the language's name) */
	UW_PLAIN_LEFT,         /* quit or end of input: the response stays unfinished */
	UW_PLAIN_REPEAT_PROMPT,       /* an open-ended repeat's screen: add, done, N, remove N */
	UW_PLAIN_REPEAT_PROMPT_COUNT, /* a repeat_count repeat's: done, N, remove N */
	UW_PLAIN_REMOVE_CONFIRM,      /* printf: %s %d (the instance's title, its number) */
	UW_PLAIN_REMOVED,             /* printf: %s (the instance's title) */
	/* the debrief (collect/debrief.h) */
	DW_TITLE, DW_INTRO,
	DW_SUMMARY,            /* printf: %d %d (correct, items) */
	DW_YOUR_ANSWER,        /* printf: %s */
	DW_KEY,                /* printf: %s (the correct answer) */
	DW_NO_ANSWER, DW_CORRECT, DW_INCORRECT, DW_DONT_KNOW, DW_MISSING, DW_MORE, DW_HELP,
	/* the linkage code screen (collect/linkage.h): the introduction, then
	 * each part's prompt and what to type when refused, in part order */
	LW_INTRO,
	LW_PROMPT_MOTHER, LW_PROMPT_DAY, LW_PROMPT_PHONE,
	LW_REFUSE_MOTHER, LW_REFUSE_DAY, LW_REFUSE_PHONE,
	/* the report (report/words.h); RW_F_* and a few others are formats
	 * with %s only (report/findings.c fills them) */
	RW_GENERATED, RW_STUDY, RW_FORM, RW_VERSION, RW_RESPONDENTS, RW_COMPLETE,
	RW_PARTIAL, RW_COMPLETION_RATE, RW_FIRST, RW_LAST, RW_DESIGN, RW_UNWEIGHTED,
	RW_CONTROLLER, RW_CONTACT, RW_RETENTION,
	RW_WEIGHT, RW_STRATA, RW_CLUSTERS, RW_POSTSTRAT, RW_RAKE, RW_KNOWLEDGE,
	RW_QUESTIONS, RW_NUMERIC, RW_NEEDS, RW_NEEDS_TOP2, RW_NEEDS_BORICH, RW_SCALES,
	RW_TESTS, RW_METHODS, RW_ALL, RW_SHARE, RW_ESTIMATE, RW_INTERVAL, RW_N, RW_BASE,
	RW_SUPPRESSED, RW_VARIABLE, RW_BY, RW_TEST, RW_STATISTIC, RW_DF, RW_P,
	RW_P_ADJ, RW_ALPHA, RW_ITEMS, RW_GROUP, RW_LEVEL, RW_CONTENTS,
	RW_METHODS_TEXT_SHARES, RW_METHODS_TEXT_DESIGN_SRS, RW_METHODS_TEXT_DESIGN,
	RW_METHODS_TEXT_SUPPRESS, RW_METHODS_TEXT_NO_SUPPRESS, RW_METHODS_TEXT_TESTS,
	RW_METHODS_TEXT_NEEDS, RW_METHODS_TEXT_SCALES, RW_SYNTHETIC_NOTE, RW_OTHER, RW_ALPHA_IF_DELETED,
	RW_KNOWLEDGE_ALL, RW_DATA_TABLE, RW_CI, RW_APPENDIX, RW_BRIEF, RW_FINDINGS, RW_WHO,
	RW_TABLE, RW_CORRECT, RW_INCORRECT, RW_DONT_KNOW, RW_CHART_DOMAINS, RW_CHART_NEEDS,
	RW_CHART_SCORE_GROUPS, RW_CHART_DATA, RW_MWDS, RW_SCORE_PCT, RW_DOMAIN,
	RW_F_GAP, RW_F_MISCONCEPTION, RW_F_NEEDS, RW_F_NEEDS_APART, RW_F_NEEDS_OVERLAP,
	RW_F_AWARE, RW_F_ENCOUNTER, RW_F_ACTION, RW_F_GROUPS, RW_F_GROUPS_NONE, RW_F_SCORE_GROUPS,
	RW_ANSWERS_BY_GROUP, RW_DERIVED, RW_MEANS, RW_SUPPRESSED_NOTE, RW_GROUP_MIX,
	RW_SUPPRESSED_SHORT, RW_POPULATION, RW_AGAINST_POPULATION, RW_ALT_QUESTION, RW_ALT_DOMAINS, RW_ALT_NEEDS, RW_ALT_GROUPS,
	RW_CHANGE, RW_CHANGE_SCORE, RW_CHANGE_BETTER, RW_CHANGE_WORSE, RW_NONE, RW_AND_MORE,
	RW_POINTS_MOVED, RW_COMPLETION_RATE_INLINE,
	RW_ROSE, RW_FELL, RW_HIGHER, RW_LOWER, RW_F_CHANGE_COMPARE, RW_F_CHANGE_PAIRED,
	UW_N_WORDS
};

/* UI language of a form language code ("fi", "sv-FI", "Suomi (fi)"...). */
enum ui_lang ui_lang_from_code(const char *code);

/* The text of word in lang (English when lang has none); never NULL. */
const char *ui_text(enum ui_lang lang, enum ui_word word);

/* The text exactly as the table has it: NULL when missing in lang. For
 * the table's test. */
const char *ui_text_own(enum ui_lang lang, enum ui_word word);

/* Whether word is a printf format (the same conversions in every language). */
bool ui_word_is_format(enum ui_word word);

#endif
