/* sha256.h - SHA-256 of a buffer, as lowercase hex.
 *
 * The store fingerprints each form definition with it (form.sha), so that
 * databases merged from several terminals can tell whether they hold the
 * same instrument without comparing whole texts. */
#ifndef KY_SHA256_H
#define KY_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* Writes 64 hex digits and a NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
