/* words.h - the report's words: its rows in the one table of kysely's
 * words (collect/i18n.h, the RW_* ids), in the language of --lang. */
#ifndef KY_REPORT_WORDS_H
#define KY_REPORT_WORDS_H

#include "collect/i18n.h"

/* The word in the language code ("fi", "sv", anything else English). */
const char *report_word(const char *lang, enum ui_word w);

#endif
