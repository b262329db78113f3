/* test-i18n.c - the one table of kysely's words (src/collect/i18n.c):
 * no word is missing in any language, and a word that is a printf format
 * carries the same conversions (flags, width, precision, length and
 * all) in the same order in Finnish, Swedish and English. The compiler
 * cannot check this: the formats are not literals at the call. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "collect/i18n.h"
#include "tests/unit/tap.h"

#define MAX_SPECS 512

static const char *const lang_name[UI_N_LANGS] = { [UI_EN] = "en", [UI_FI] = "fi",
						   [UI_SV] = "sv" };

static size_t span(const char *s, const char *set)
{
	return strspn(s, set);
}

/* The length of the conversion that starts at s (just after its '%'),
 * 0 when it is not a valid one. "%%" is not a conversion. */
static size_t conversion_length(const char *s)
{
	static const char *const lengths[] = { "hh", "ll", "h", "l", "z", "j", "t", "L" };
	size_t i = span(s, "-+ #0'"), k;
	i += s[i] == '*' ? 1 : span(s + i, "0123456789");
	if (s[i] == '.') {
		i++;
		i += s[i] == '*' ? 1 : span(s + i, "0123456789");
	}
	for (k = 0; k < sizeof lengths / sizeof *lengths; k++)
		if (!strncmp(s + i, lengths[k], strlen(lengths[k]))) {
			i += strlen(lengths[k]);
			break;
		}
	return s[i] && strchr("diouxXeEfFgGaAcsp", s[i]) ? i + 1 : 0;
}

/* The conversions of text, each written out and separated by '|'; a '%'
 * that starts none is written "%?" so that it never matches. */
static void conversions(const char *text, char *out, size_t len)
{
	size_t used = 0, n;
	out[0] = '\0';
	for (const char *p = strchr(text, '%'); p; p = strchr(p, '%')) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		n = conversion_length(p + 1);
		used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%.*s|",
					 n ? (int)n + 1 : 2, n ? p : "%?");
		p += n ? n + 1 : 1;
	}
}

static void parser_checks(void)
{
	char got[64];
	conversions("%d of %d, %zu%% and %.1f; %-5s %lld", got, sizeof got);
	ok(!strcmp(got, "%d|%d|%zu|%.1f|%-5s|%lld|"), "conversions read (%s)", got);
	conversions("100 %, sure", got, sizeof got);
	ok(!strcmp(got, "%?|"), "a lone percent sign is no conversion (%s)", got);
}

/* Every language holds the word, and all or none of them are empty. */
static void check_present(enum ui_word w)
{
	const char *en = ui_text_own(UI_EN, w);
	bool all = true;
	int l;
	for (l = 0; l < UI_N_LANGS; l++) {
		const char *t = ui_text_own((enum ui_lang)l, w);
		if (!t || (en && !*t != !*en)) {
			all = false;
			printf("# word %d: %s is %s\n", (int)w, lang_name[l],
			       t ? "empty" : "missing");
		}
	}
	ok(all, "word %d is in every language", (int)w);
}

static void check_format(enum ui_word w)
{
	char want[MAX_SPECS], got[MAX_SPECS];
	bool same = true;
	int l;
	conversions(ui_text(UI_EN, w), want, sizeof want);
	for (l = 0; l < UI_N_LANGS; l++) {
		conversions(ui_text((enum ui_lang)l, w), got, sizeof got);
		if (strcmp(got, want) || strstr(got, "%?")) {
			same = false;
			printf("# word %d: %s has \"%s\", en \"%s\"\n", (int)w, lang_name[l], got,
			       want);
		}
	}
	ok(same && *want, "format word %d: the same conversions in every language (%s)", (int)w,
	   want);
}

int main(void)
{
	int w, formats = 0;
	parser_checks();
	for (w = 0; w < UW_N_WORDS; w++) {
		check_present((enum ui_word)w);
		if (ui_word_is_format((enum ui_word)w)) {
			check_format((enum ui_word)w);
			formats++;
		}
	}
	/* the table's own flags: the words with printf arguments are formats */
	ok(ui_word_is_format(UW_PROGRESS_SECTION) && ui_word_is_format(DW_SUMMARY) &&
	   ui_word_is_format(RW_GENERATED) && !ui_word_is_format(RW_SCORE_PCT),
	   "formats flagged (%d of %d words)", formats, (int)UW_N_WORDS);
	ok(!strcmp(ui_text(UI_SV, UW_PROGRESS_ANSWERED), "%d svar") &&
	   !strcmp(ui_text(UI_FI, RW_FORM), "Lomake"), "words read by language");
	return tap_done();
}
