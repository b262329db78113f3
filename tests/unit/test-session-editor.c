/* test-session-editor.c - the terminal's text pieces that need no terminal:
 * UTF-8 widening, display widths, word wrapping and the line editor. */
#include "config.h"
#include <locale.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tap.h"
#include "tui/editor.h"
#include "tui/text.h"

static int line_is(const struct tui_lines *l, size_t i, const wchar_t *want)
{
	return i < l->n && wcscmp(l->line[i], want) == 0;
}

static void test_widen(void)
{
	size_t n;
	wchar_t *w = tui_text_widen("äö\x01x\xff", &n);
	char *back;
	ok(n == 5, "five characters from two letters, a control, a letter and a stray byte");
	ok(w[0] == L'ä' && w[1] == L'ö', "UTF-8 letters decoded");
	ok(w[2] == L' ', "a control character becomes a space");
	ok(w[4] == 0xFFFD, "a stray byte becomes U+FFFD");
	free(w);
	w = tui_text_widen("a\xe2\x80\xae" "b\xe2\x80\x8b\xef\xbb\xbf\xc2\x9b", &n);
	ok(n == 6 && w[1] == 0xFFFD && w[2] == L'b' && w[3] == 0xFFFD && w[4] == 0xFFFD &&
	   w[5] == L' ', "RLO, ZWSP and BOM shown as U+FFFD, a C1 control as a space");
	free(w);
	w = tui_text_widen_answer("a\xe2\x80\x8d" "b", &n);
	ok(n == 3 && w[1] == 0x200D, "an answer in the editor keeps its ZWJ");
	free(w);
	w = tui_text_widen("äö", &n);
	back = tui_text_narrow(w, 2);
	ok(!strcmp(back, "äö"), "narrowing gives the UTF-8 back");
	free(back);
	free(w);
	ok(tui_text_width(L"日本", 2) == 4, "wide characters take two columns");
	ok(tui_text_fit(L"日本語", 3, 5) == 2, "two wide characters fit in five columns");
}

static void test_wrap(void)
{
	struct tui_lines l;
	tui_text_wrap("Kuinka usein kohtaat työssäsi potilaita", 14, &l);
	ok(l.n == 4, "wrapped to four lines (got %zu)", l.n);
	ok(line_is(&l, 0, L"Kuinka usein"), "first line breaks at a space");
	ok(line_is(&l, 1, L"kohtaat"), "second line holds the next word");
	ok(line_is(&l, 2, L"työssäsi") && line_is(&l, 3, L"potilaita"), "ä counts one column");
	tui_lines_release(&l);
	tui_text_wrap("ihmiskauppa-asiantuntija", 10, &l);
	ok(l.n == 3 && line_is(&l, 0, L"ihmiskaupp"), "a long word is cut where it must");
	tui_lines_release(&l);
	tui_text_wrap("a\nb", 10, &l);
	ok(l.n == 2 && line_is(&l, 1, L"b"), "a newline starts a line");
	tui_lines_release(&l);
	tui_text_wrap("", 10, &l);
	ok(l.n == 1 && line_is(&l, 0, L""), "empty text is one empty line");
	tui_lines_release(&l);
}

static void test_editor(void)
{
	struct tui_editor e;
	char *t;
	int col;
	tui_editor_init(&e);
	tui_editor_set(&e, "Åbo");
	ok(e.len == 3 && e.cursor == 3, "set puts the cursor at the end");
	tui_editor_key(&e, TE_BACKSPACE);
	tui_editor_key(&e, TE_HOME);
	tui_editor_insert(&e, L'ö');
	t = tui_editor_text(&e);
	ok(!strcmp(t, "öÅb"), "backspace removes a character and Home inserts at the start (%s)", t);
	free(t);
	tui_editor_key(&e, TE_DELETE);
	t = tui_editor_text(&e);
	ok(!strcmp(t, "öb"), "delete removes the character under the cursor (%s)", t);
	free(t);
	ok(!tui_editor_insert(&e, L'\t'), "control characters are refused");
	tui_editor_key(&e, TE_LEFT);
	tui_editor_key(&e, TE_LEFT);
	tui_editor_key(&e, TE_LEFT);
	ok(e.cursor == 0, "Left stops at the start");
	tui_editor_set(&e, "0123456789");
	col = tui_editor_view(&e, 5);
	ok(e.scroll == 6 && col == 4, "the view scrolls to keep the cursor in 5 columns");
	tui_editor_key(&e, TE_KILL_LINE);
	ok(e.len == 0 && e.cursor == 0, "Ctrl-U empties the field");
	tui_editor_release(&e);
}

/* Type-ahead's comparison: case always ignored, accents when asked. */
static void test_starts_with(void)
{
	ok(tui_text_starts_with("Sairaanhoitaja", L"sai", 3, false), "case is ignored");
	ok(!tui_text_starts_with("Sairaanhoitaja", L"saa", 3, true), "a different letter does not match");
	ok(tui_text_starts_with("Äitiysneuvola", L"äi", 2, false), "ä matches Ä exactly");
	ok(!tui_text_starts_with("Äitiysneuvola", L"ai", 2, false), "a is not ä without folding");
	ok(tui_text_starts_with("Äitiysneuvola", L"ai", 2, true), "a matches Ä when folding");
	ok(tui_text_starts_with("École", L"eco", 3, true), "é folds to e");
	ok(!tui_text_starts_with("Yo", L"yod", 3, true), "a prefix longer than the label");
	ok(tui_text_starts_with("Łódź", L"lodz", 4, true), "Latin Extended-A folds");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8") || strcmp(nl_langinfo(CODESET), "UTF-8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	test_widen();
	test_wrap();
	test_editor();
	test_starts_with();
	return tap_done();
}
