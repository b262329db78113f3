/* linkage.c - the linkage code's prompts, normalisation, keyed hashes
 * and study key (linkage.h). */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "collect/linkage.h"

enum part { PART_MOTHER, PART_DAY, PART_PHONE };

static const char *const part_name[LINKAGE_PARTS] = { "mother", "birth-day", "phone" };

/* ---- the respondent's words (collect/i18n.c) ---- */

static enum ui_lang clamp_lang(enum ui_lang lang)
{
	return (unsigned)lang < UI_N_LANGS ? lang : UI_EN;
}

const char *linkage_intro(enum ui_lang lang)
{
	return ui_text(clamp_lang(lang), LW_INTRO);
}

const char *linkage_prompt(enum ui_lang lang, size_t part)
{
	if (part >= LINKAGE_PARTS)
		return "";
	return ui_text(clamp_lang(lang), (enum ui_word)(LW_PROMPT_MOTHER + part));
}

/* ---- normalisation ---- */

/* The next code point of s (UTF-8), advancing *s; -1 when invalid. */
static long next_code_point(const unsigned char **s)
{
	const unsigned char *p = *s;
	long cp;
	int more;
	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		cp = p[0] & 0x1F;
		more = 1;
	} else if ((p[0] & 0xF0) == 0xE0) {
		cp = p[0] & 0x0F;
		more = 2;
	} else if ((p[0] & 0xF8) == 0xF0) {
		cp = p[0] & 0x07;
		more = 3;
	} else {
		return -1;
	}
	for (int i = 1; i <= more; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*s = p + more + 1;
	return cp;
}

/* A letter as its folded form: a-z, or ä, ö, å (0xE4, 0xF6, 0xE5), the
 * letters Finnish and Swedish names keep apart; letters that stand for
 * them in neighbouring spellings (æ ø ü) fold onto them, other accented
 * Latin letters (é, Ó, ñ, š...) onto their base letter. 0: not a letter. */
static long fold_letter(long cp)
{
	/* Latin-1 letters from 0xC0 (lower case from 0xE0) by their offset:
	 * the base letter, '*' where the switch below decides */
	static const char latin1[] = "aaaa***ceeeeiiiidnoooo***uuu*y*";
	if (cp >= 'A' && cp <= 'Z')
		return cp - 'A' + 'a';
	if (cp >= 'a' && cp <= 'z')
		return cp;
	if ((cp >= 0xC0 && cp <= 0xDE) || (cp >= 0xE0 && cp <= 0xFE)) {
		long base = cp >= 0xE0 ? cp - 0xE0 : cp - 0xC0;
		switch (base) {
		case 4: case 6: return 0xE4;    /* Ä Æ */
		case 5: return 0xE5;            /* Å */
		case 22: case 24: return 0xF6;  /* Ö Ø */
		case 23: case 30: return 0;     /* × ÷ (and þ) */
		case 28: return 'y';            /* Ü */
		default: return latin1[base] == '*' ? 0 : latin1[base];
		}
	}
	switch (cp) {
	case 0xDF: return 's';                  /* ß */
	case 0xFF: case 0x178: return 'y';      /* ÿ Ÿ */
	case 0x160: case 0x161: return 's';
	case 0x17D: case 0x17E: return 'z';
	default: return 0;
	}
}

/* A combining mark applied to the folded letter before it: a diaeresis
 * makes a ä, o ö and u y, a ring makes a å, acute, grave and caron go. */
static long combine(long base, long mark)
{
	if (mark == 0x308)
		return base == 'a' ? 0xE4 : base == 'o' ? 0xF6 : base == 'u' ? 'y' : base;
	if (mark == 0x30A)
		return base == 'a' ? 0xE5 : base;
	return base;
}

static bool is_combining(long cp)
{
	return cp >= 0x300 && cp <= 0x36F;
}

/* Spaces, hyphens and apostrophes a name may hold: left out. */
static bool is_dropped(long cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == '-' || cp == '\'' || cp == 0x2019;
}

static size_t put_utf8(long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	out[0] = (char)(0xC0 | (cp >> 6));
	out[1] = (char)(0x80 | (cp & 0x3F));
	return 2;
}

static bool normalize_letters(const char *typed, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)typed;
	long letters[2] = { 0, 0 };
	size_t n = 0, used = 0;
	while (*s) {
		long cp = next_code_point(&s), f;
		if (cp < 0)
			return false;
		if (is_dropped(cp))
			continue;
		if (is_combining(cp)) {
			if (n == 0)
				return false;
			if (n <= 2)
				letters[n - 1] = combine(letters[n - 1], cp);
			continue;
		}
		if (!(f = fold_letter(cp)))
			return false;
		if (n < 2)
			letters[n] = f;
		n++;
	}
	if (n < 2 || size < 5)
		return false;
	used += put_utf8(letters[0], out + used);
	used += put_utf8(letters[1], out + used);
	out[used] = '\0';
	return true;
}

/* Digits only, spaces around them dropped; *value their number. */
static bool digits_only(const char *typed, char *digits, size_t size, long *value)
{
	size_t n = 0;
	*value = 0;
	for (const char *s = typed; *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (*s < '0' || *s > '9' || n + 1 >= size)
			return false;
		digits[n++] = *s;
		*value = *value * 10 + (*s - '0');
	}
	digits[n] = '\0';
	return n > 0;
}

bool linkage_normalize(size_t part, const char *typed, char *out, size_t size,
		       enum ui_lang lang, const char **msg)
{
	char digits[8];
	long value;
	bool ok = false;
	if (part >= LINKAGE_PARTS || size < 5)
		return false;
	switch ((enum part)part) {
	case PART_MOTHER:
		ok = normalize_letters(typed, out, size);
		break;
	case PART_DAY:
		ok = digits_only(typed, digits, sizeof digits, &value) && strlen(digits) <= 2 &&
		     value >= 1 && value <= 31;
		if (ok)
			snprintf(out, size, "%02ld", value);
		break;
	case PART_PHONE:
		ok = digits_only(typed, digits, sizeof digits, &value) && strlen(digits) == 2;
		if (ok)
			memcpy(out, digits, 3);
		break;
	}
	sodium_memzero(digits, sizeof digits);
	if (!ok) {
		sodium_memzero(out, size);
		*msg = ui_text(clamp_lang(lang), (enum ui_word)(LW_REFUSE_MOTHER + part));
	}
	return ok;
}

/* ---- keys and hashes ---- */

static int hmac(const unsigned char *key, size_t key_len, const void *msg, size_t len,
		unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;
	int rc = crypto_auth_hmacsha256_init(&st, key, key_len) ||
		 crypto_auth_hmacsha256_update(&st, msg, len) ||
		 crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof st);
	return rc;
}

int linkage_key_from_bytes(struct linkage_key *k, const void *key, size_t len,
			   struct ky_error *err)
{
	memset(k, 0, sizeof *k);
	if (sodium_init() < 0)
		return ky_error_set(err, KY_EIO, "collect: libsodium cannot start");
	for (size_t i = 0; i < LINKAGE_PARTS; i++) {
		char label[64];
		int n = snprintf(label, sizeof label, "kysely linkage v1 part %s", part_name[i]);
		if (hmac(key, len, label, (size_t)n, k->part_key[i])) {
			linkage_key_wipe(k);
			return ky_error_set(err, KY_EIO, "collect: cannot derive the linkage keys");
		}
	}
	k->set = true;
	return KY_OK;
}

void linkage_key_wipe(struct linkage_key *k)
{
	sodium_memzero(k, sizeof *k);
}

static int key_from_text(struct linkage_key *k, const char *text, size_t len, const char *from,
			 struct ky_error *err)
{
	if (len < LINKAGE_KEY_MIN || len > LINKAGE_KEY_MAX)
		return ky_error_set(err, KY_EINPUT, "collect: the study key in %s must be %d to %d "
				    "bytes long", from, LINKAGE_KEY_MIN, LINKAGE_KEY_MAX);
	return linkage_key_from_bytes(k, text, len, err);
}

static int check_key_file(int fd, const char *path, struct ky_error *err)
{
	struct stat st;
	if (fstat(fd, &st))
		return ky_error_set(err, KY_EIO, "collect: cannot stat '%s': %m", path);
	if (!S_ISREG(st.st_mode))
		return ky_error_set(err, KY_EINPUT, "collect: '%s': the study key file is not a "
				    "regular file", path);
	if (st.st_mode & 077)
		return ky_error_set(err, KY_EINPUT, "collect: '%s': the study key file has mode "
				    "%04o: others may read it (chmod 600 it)", path,
				    (unsigned)(st.st_mode & 07777));
	if (st.st_uid != geteuid())
		return ky_error_set(err, KY_EINPUT, "collect: '%s': the study key file belongs to "
				    "another user", path);
	return KY_OK;
}

static int load_file(struct linkage_key *k, const char *path, struct ky_error *err)
{
	char buf[LINKAGE_KEY_MAX + 2];
	size_t got = 0, len = 0;
	ssize_t n = 1;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK), rc;
	if (fd < 0)
		return ky_error_set(err, KY_EIO, "collect: cannot open '%s': %m", path);
	rc = check_key_file(fd, path, err);
	while (!rc && got < sizeof buf && n != 0) {
		n = read(fd, buf + got, sizeof buf - got);
		if (n < 0 && errno != EINTR)
			rc = ky_error_set(err, KY_EIO, "collect: cannot read '%s': %m", path);
		else if (n > 0)
			got += (size_t)n;
	}
	while (len < got && buf[len] != '\n')
		len++;
	if (len && buf[len - 1] == '\r')
		len--;
	if (!rc)
		rc = key_from_text(k, buf, len, path, err);
	sodium_memzero(buf, sizeof buf);
	close(fd);
	return rc;
}

int linkage_key_load(struct linkage_key *k, const char *path, struct ky_error *err)
{
	char *env = getenv(LINKAGE_KEY_ENV);
	int rc;
	memset(k, 0, sizeof *k);
	if (path)
		rc = load_file(k, path, err);
	else if (env && *env)
		rc = key_from_text(k, env, strlen(env), "$" LINKAGE_KEY_ENV, err);
	else
		rc = ky_error_set(err, KY_EUSAGE, "collect: the form asks for a linkage code: give "
				  "the study key with '--study-key-file FILE' (mode 0600) or the "
				  "environment variable " LINKAGE_KEY_ENV);
	if (env) {
		sodium_memzero(env, strlen(env));
		unsetenv(LINKAGE_KEY_ENV);
	}
	return rc;
}

bool linkage_code_accept(const struct linkage_key *k, struct linkage_code *c, const char *typed,
			 enum ui_lang lang, const char **msg)
{
	char norm[16];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	size_t part = c->parts;
	bool ok;
	if (part >= LINKAGE_PARTS || !k->set)
		return false;
	if (!linkage_normalize(part, typed, norm, sizeof norm, lang, msg))
		return false;
	ok = !hmac(k->part_key[part], sizeof k->part_key[part], norm, strlen(norm), mac);
	if (ok) {
		sodium_bin2hex(c->hex[part], sizeof c->hex[part], mac, LINKAGE_HASH_BYTES);
		c->parts++;
	}
	sodium_memzero(norm, sizeof norm);
	sodium_memzero(mac, sizeof mac);
	return ok;
}

bool linkage_code_complete(const struct linkage_code *c)
{
	return c->parts == LINKAGE_PARTS;
}

void linkage_code_value(const struct linkage_code *c, char *out)
{
	snprintf(out, LINKAGE_VALUE_MAX + 1, "v1.%s.%s.%s", c->hex[0], c->hex[1], c->hex[2]);
}

bool linkage_value_parse(const char *value, char hex[LINKAGE_PARTS][2 * LINKAGE_HASH_BYTES + 1])
{
	const char *s = value;
	if (!s || strncmp(s, "v1", 2))
		return false;
	s += 2;
	for (size_t i = 0; i < LINKAGE_PARTS; i++) {
		if (*s++ != '.')
			return false;
		for (size_t j = 0; j < 2 * LINKAGE_HASH_BYTES; j++, s++) {
			if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
				return false;
			hex[i][j] = *s;
		}
		hex[i][2 * LINKAGE_HASH_BYTES] = '\0';
	}
	return *s == '\0';
}

const char *linkage_attrs_json(const struct entry_attrs *set, const char *value,
			       struct attrs_builder *b)
{
	size_t next = 0;
	attrs_builder_reset(b);
	if (set)
		entry_attrs_merge(set, &next, LINKAGE_ATTR, b);
	attrs_builder_add(b, LINKAGE_ATTR, value, strlen(value));
	if (set)
		entry_attrs_merge(set, &next, NULL, b);
	return attrs_builder_end(b);
}
