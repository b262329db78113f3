/* words.c - the report's language: --lang as given, by its first two
 * letters ("fi", "sv"; anything else English). The texts are in
 * collect/i18n.c. */
#include "config.h"
#include <string.h>
#include "report/words.h"

const char *report_word(const char *lang, enum ui_word w)
{
	enum ui_lang l = UI_EN;
	if (lang && !strncmp(lang, "fi", 2))
		l = UI_FI;
	else if (lang && !strncmp(lang, "sv", 2))
		l = UI_SV;
	return ui_text(l, w);
}
