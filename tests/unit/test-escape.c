/* test-escape.c - what may reach a terminal raw, and how the rest shows. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "util/escape.h"
#include "tap.h"

static int escapes_to(const char *in, const char *want)
{
	char *got = ky_escape_dup(in);
	int same = !strcmp(got, want);
	if (!same)
		printf("# '%s' escaped to '%s', expected '%s'\n", in, got, want);
	free(got);
	return same;
}

int main(void)
{
	ok(escapes_to("plain ascii, 'quoted' (x)", "plain ascii, 'quoted' (x)") &&
	   escapes_to("äö € \xf0\x9f\x98\x80 Å", "äö € \xf0\x9f\x98\x80 Å"),
	   "printable ASCII and valid UTF-8 stay as they are");
	ok(escapes_to("a\x1b]52;c;eA==\x07\x1b[2J", "a\\x1B]52;c;eA==\\x07\\x1B[2J") &&
	   escapes_to("\t\n\r\x7f", "\\x09\\x0A\\x0D\\x7F"),
	   "C0 controls and DEL become \\xNN");
	ok(escapes_to("x\xc2\x9b" "1m\xc2\x85", "x\\x9B1m\\x85"), "C1 controls become \\xNN of the code point");
	ok(escapes_to("\xff\xc0\xaf", "\\xFF\\xC0\\xAF") && escapes_to("\xed\xa0\x80", "\\xED\\xA0\\x80") &&
	   escapes_to("ab\xe2\x80", "ab\\xE2\\x80") && escapes_to("\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80"),
	   "invalid, overlong, surrogate, cut-short and beyond-U+10FFFF bytes become \\xNN each");
	ok(escapes_to("a\xe2\x80\xae" "b\xe2\x80\x8b\xef\xbb\xbf\xe2\x81\xa6\xe2\x80\xa8",
		      "a\\u{202E}b\\u{200B}\\u{FEFF}\\u{2066}\\u{2028}"),
	   "bidi overrides and isolates, zero-width characters, BOM and line separator become \\u{...}");
	ok(ky_is_format_char(0x200D) && ky_is_format_char(0xE0041) && !ky_is_format_char(0x202F) &&
	   !ky_is_format_char('a') && !ky_is_format_char(0xFFFD),
	   "format characters: ZWJ and tags are, NNBSP and U+FFFD are not");
	ok(!ky_text_has_hidden("r-12_ä") && ky_text_has_hidden("r\t1") && ky_text_has_hidden("\xef\xbb\xbfr") &&
	   ky_text_has_hidden("r\xc2\x85") && ky_text_has_hidden("r\xe2\x80\xae") && ky_text_has_hidden("r\xff"),
	   "hidden text: TAB, BOM, C1, RLO and invalid UTF-8 are found, letters are not");
	return tap_done();
}
