/* kiosk-secret.h - the operator secret that ends `kysely collect --kiosk`.
 *
 * The secret comes from the first line of a file readable by its owner
 * only (mode 0600 or tighter) or from the environment variable
 * KYSELY_KIOSK_SECRET, never from the command line (argv is visible to
 * every local user in ps). Only a salted SHA-256 of it is kept: the text
 * is wiped from memory (the environment string included) as soon as it
 * is hashed, and a typed attempt is compared in constant time. */
#ifndef KY_COLLECT_KIOSK_SECRET_H
#define KY_COLLECT_KIOSK_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include "util/error.h"

#define KIOSK_SECRET_ENV "KYSELY_KIOSK_SECRET"
#define KIOSK_SECRET_MIN 4      /* bytes: a 4-digit PIN at least */
#define KIOSK_SECRET_MAX 256    /* bytes, without the line end */

struct kiosk_secret {
	unsigned char salt[16];
	char hash[65];              /* hex SHA-256 of salt and secret */
	bool set;
};

/* Reads the secret from path (when not NULL) or else from the
 * environment, and wipes the environment copy in both cases. Fails with
 * KY_EUSAGE when neither gives one, KY_EINPUT when the file is not a
 * regular file, is readable or writable by group or others, or the
 * secret is shorter than KIOSK_SECRET_MIN or longer than
 * KIOSK_SECRET_MAX, and KY_EIO when the file cannot be read. */
int kiosk_secret_load(struct kiosk_secret *s, const char *path, struct ky_error *err);

/* Whether the len bytes at attempt are the secret; takes the same time
 * whatever the bytes. */
bool kiosk_secret_matches(const struct kiosk_secret *s, const char *attempt, size_t len);

#endif
