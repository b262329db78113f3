/* test-linkage.c - the linkage code (src/collect/linkage.c): what each
 * part accepts and how it is normalised, the per-part keyed hashes, the
 * stored value and the attributes it joins. */
#include "config.h"
#include <string.h>
#include "collect/linkage.h"
#include "tests/unit/tap.h"

static void normalizes(size_t part, const char *typed, const char *want)
{
	char out[16];
	const char *msg = NULL;
	bool got = linkage_normalize(part, typed, out, sizeof out, UI_EN, &msg);
	if (want)
		ok(got && !strcmp(out, want), "part %zu: '%s' -> '%s' (%s)", part + 1, typed, want,
		   got ? out : msg);
	else
		ok(!got && msg && *msg, "part %zu: '%s' refused (%s)", part + 1, typed, msg ? msg : "");
}

static void normalisation(void)
{
	normalizes(0, "Maria", "ma");
	normalizes(0, " m A ", "ma");
	normalizes(0, "ÄITI", "äi");
	normalizes(0, "a\xcc\x88iti", "äi");     /* a + combining diaeresis */
	normalizes(0, "A\xcc\x8asa", "ås");      /* A + combining ring */
	normalizes(0, "Åsa", "ås");
	normalizes(0, "Ølund", "öl");
	normalizes(0, "Ólöf", "ol");
	normalizes(0, "Anna-Liisa", "an");
	normalizes(0, "O'Neil", "on");
	normalizes(0, "M", NULL);
	normalizes(0, "M4ria", NULL);
	normalizes(0, "", NULL);
	normalizes(0, "\xff\xfe", NULL);
	normalizes(1, "5", "05");
	normalizes(1, " 05 ", "05");
	normalizes(1, "31", "31");
	normalizes(1, "0", NULL);
	normalizes(1, "32", NULL);
	normalizes(1, "005", NULL);
	normalizes(1, "5.", NULL);
	normalizes(2, "67", "67");
	normalizes(2, "0 7", "07");
	normalizes(2, "7", NULL);
	normalizes(2, "123", NULL);
	char fi[16];
	const char *msg = NULL;
	linkage_normalize(1, "x", fi, sizeof fi, UI_FI, &msg);
	ok(msg && !strcmp(msg, "Kirjoita päivä numerona 1–31."), "the refusal in Finnish");
	linkage_normalize(2, "x", fi, sizeof fi, UI_SV, &msg);
	ok(msg && !strcmp(msg, "Skriv exakt två siffror (00–99)."), "the refusal in Swedish");
}

static void code_of(const struct linkage_key *k, const char *a, const char *b, const char *c,
		    char *value)
{
	struct linkage_code code = { .parts = 0 };
	const char *msg;
	linkage_code_accept(k, &code, a, UI_EN, &msg);
	linkage_code_accept(k, &code, b, UI_EN, &msg);
	linkage_code_accept(k, &code, c, UI_EN, &msg);
	linkage_code_value(&code, value);
}

static void hashes(void)
{
	struct linkage_key k1, k2;
	struct ky_error err = { 0 };
	char v1[LINKAGE_VALUE_MAX + 1], v2[LINKAGE_VALUE_MAX + 1], v3[LINKAGE_VALUE_MAX + 1];
	char hex[LINKAGE_PARTS][2 * LINKAGE_HASH_BYTES + 1];
	ok(!linkage_key_from_bytes(&k1, "the first study key", 19, &err) &&
	   !linkage_key_from_bytes(&k2, "the second study key", 20, &err), "keys derived");
	code_of(&k1, "Maria", "5", "67", v1);
	code_of(&k1, "MA", "05", "6 7", v2);
	ok(!strcmp(v1, v2), "the same code typed two ways: the same value");
	ok(linkage_value_parse(v1, hex), "the value parses: %s", v1);
	ok(strlen(v1) == 2 + LINKAGE_PARTS * (1 + 2 * LINKAGE_HASH_BYTES) && !strncmp(v1, "v1.", 3), "v1 and three 32-digit parts");
	code_of(&k2, "Maria", "5", "67", v3);
	ok(strcmp(v1, v3) != 0, "another study key: another value");
	/* 05 as a day and 05 as phone digits hash apart: each part its own key */
	code_of(&k1, "ma", "5", "05", v2);
	ok(linkage_value_parse(v2, hex) && strcmp(hex[1], hex[2]) != 0,
	   "equal texts of two parts give different hashes");
	ok(strspn(v1 + 3, "0123456789abcdef.") == strlen(v1) - 3, "only hex digits and dots");
	ok(!linkage_value_parse("v1.abc", hex) && !linkage_value_parse(NULL, hex) &&
	   !linkage_value_parse("v2.00000000000000000000000000000000.00000000000000000000000000000000."
				"00000000000000000000000000000000", hex), "other texts are no value");
	struct linkage_code partial = { .parts = 0 };
	const char *msg;
	ok(!linkage_code_accept(&k1, &partial, "5", UI_EN, &msg) && partial.parts == 0,
	   "a refused part is not counted");
	linkage_key_wipe(&k1);
	ok(!k1.set && !linkage_code_accept(&k1, &partial, "ma", UI_EN, &msg), "a wiped key hashes nothing");
	linkage_key_wipe(&k2);
}

static void attrs(void)
{
	struct entry_attrs set;
	struct attrs_builder b;
	struct ky_error err = { 0 };
	entry_attrs_init(&set);
	attrs_builder_init(&b);
	entry_attrs_add(&set, "collect", "phase=pre", &err);
	entry_attrs_add(&set, "collect", "course=a", &err);
	ok(!strcmp(linkage_attrs_json(&set, "v1.x", &b),
		   "{\"course\":\"a\",\"linkage_code\":\"v1.x\",\"phase\":\"pre\"}"),
	   "the code joins the --set attributes in sorted place: %s", b.buf);
	ok(!strcmp(linkage_attrs_json(NULL, "v1.y", &b), "{\"linkage_code\":\"v1.y\"}"),
	   "and alone");
	attrs_builder_release(&b);
	entry_attrs_release(&set);
}

int main(void)
{
	normalisation();
	hashes();
	attrs();
	return tap_done();
}
