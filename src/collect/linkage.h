/* linkage.h - the self-generated identification code of a before/after
 * study (form setting `linkage_code` = yes; interfaces.md section 5,
 * "Comparisons"): the respondent builds it from three prompts, and only
 * keyed hashes of its parts are ever stored.
 *
 * Parts, in the order asked: the first two letters of the mother's first
 * name, the day of the month of one's birth (01-31), the last two digits
 * of one's mobile phone number. Each typed part is normalised (spaces
 * dropped, case folded, Finnish and Swedish letters in one form whether
 * typed precomposed or with combining marks; see linkage.c), checked, and
 * hashed at once with HMAC-SHA-256 (libsodium) under a key of its own:
 * part key i = HMAC-SHA-256(study key, "kysely linkage v1 part NAME"),
 * so equal texts of different parts never give equal hashes. The typed
 * and normalised texts are wiped (sodium_memzero) as soon as they are
 * hashed; they never reach the store, a log or a message.
 *
 * The stored value is the response attribute LINKAGE_ATTR:
 * "v1.HEX.HEX.HEX", each HEX the first 16 bytes of a part's hash. It
 * travels as any attribute (export, import, merge); `kysely analyze
 * --paired VAR=PRE:POST --link linkage_code` compares it part by part.
 * The parts have few possible values (31 days, 100 digit pairs), so the
 * hashes protect the code only as long as the study key stays secret.
 *
 * The study key comes from the first line of a file readable by its
 * owner only (--study-key-file FILE) or from the environment variable
 * LINKAGE_KEY_ENV, never from the command line; the environment copy is
 * wiped once read (as the kiosk secret, kiosk-secret.h). */
#ifndef KY_COLLECT_LINKAGE_H
#define KY_COLLECT_LINKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "collect/i18n.h"
#include "store/attrs.h"
#include "store/entry-attrs.h"
#include "util/error.h"

#define LINKAGE_PARTS 3
#define LINKAGE_ATTR "linkage_code"
#define LINKAGE_KEY_ENV "KYSELY_STUDY_KEY"
#define LINKAGE_KEY_MIN 16      /* bytes */
#define LINKAGE_KEY_MAX 256
#define LINKAGE_HASH_BYTES 16   /* of each part's HMAC, stored as hex */
#define LINKAGE_VALUE_MAX (3 + LINKAGE_PARTS * (2 * LINKAGE_HASH_BYTES + 1))
#define LINKAGE_TYPED_MAX 256   /* bytes of one typed part */

struct linkage_key {
	unsigned char part_key[LINKAGE_PARTS][32];
	bool set;
};

/* Reads the study key from path (when not NULL) or else from the
 * environment, derives the part keys and wipes the key text (and the
 * environment copy in both cases). KY_EUSAGE when neither gives one,
 * KY_EINPUT for a file others may read, not a regular file, or a key
 * shorter than LINKAGE_KEY_MIN or longer than LINKAGE_KEY_MAX bytes,
 * KY_EIO when it cannot be read or libsodium fails to start. */
int linkage_key_load(struct linkage_key *k, const char *path, struct ky_error *err);
/* Derives the part keys from the bytes of a key (tests; no checks). */
int linkage_key_from_bytes(struct linkage_key *k, const void *key, size_t len,
			   struct ky_error *err);
void linkage_key_wipe(struct linkage_key *k);

/* The code being typed: the hashes of the parts given so far. */
struct linkage_code {
	char hex[LINKAGE_PARTS][2 * LINKAGE_HASH_BYTES + 1];
	size_t parts;    /* parts accepted, in order */
};

/* The respondent's words: the paragraph before the first prompt, and
 * part's prompt (with an example), in lang. Static strings. */
const char *linkage_intro(enum ui_lang lang);
const char *linkage_prompt(enum ui_lang lang, size_t part);

/* Normalises typed (trimmed or not) for part into out (size bytes):
 * letters folded and the first two kept, a day as two digits, two
 * digits as given. false when it is not a valid answer: *msg then says
 * what to type, in lang. */
bool linkage_normalize(size_t part, const char *typed, char *out, size_t size,
		       enum ui_lang lang, const char **msg);

/* Checks, normalises and hashes typed as the next part of c (c->parts);
 * the normalised text is wiped. false with *msg (lang) when refused. The
 * caller wipes typed. */
bool linkage_code_accept(const struct linkage_key *k, struct linkage_code *c, const char *typed,
			 enum ui_lang lang, const char **msg);
bool linkage_code_complete(const struct linkage_code *c);
/* "v1.HEX.HEX.HEX" into out (LINKAGE_VALUE_MAX + 1 bytes). */
void linkage_code_value(const struct linkage_code *c, char *out);
/* The parts of a stored value: false when value is not one. */
bool linkage_value_parse(const char *value, char hex[LINKAGE_PARTS][2 * LINKAGE_HASH_BYTES + 1]);

/* A new response's attributes: set's, with LINKAGE_ATTR = value in its
 * sorted place, built in b (reset first); the text lives in b. */
const char *linkage_attrs_json(const struct entry_attrs *set, const char *value,
			       struct attrs_builder *b);

#endif
