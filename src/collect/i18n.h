/* i18n.h - the words of kysely collect's own interface in fi, sv and en.
 *
 * The form brings its own labels; these are the buttons, messages, help
 * lines and review-screen words around them. The interface language
 * follows the form language the respondent chose (its code "fi", "sv",
 * "en"), falling back to English. Every string is static: never freed. */
#ifndef KY_COLLECT_I18N_H
#define KY_COLLECT_I18N_H

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
	UW_OPERATOR_PROMPT,
	UW_STILL_THERE,        /* kiosk: shown before an idle respondent's screen is cleared */
	UW_TOO_SMALL,
	UW_MISSING_REQUIRED,   /* on submit: a required answer is missing */
	UW_SKIP_CONFIRM,       /* Enter on an optional question left unanswered */
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
	UW_N_WORDS
};

/* UI language of a form language code ("fi", "sv-FI", "Suomi (fi)"...). */
enum ui_lang ui_lang_from_code(const char *code);

/* The text of word in lang; never NULL. */
const char *ui_text(enum ui_lang lang, enum ui_word word);

#endif
