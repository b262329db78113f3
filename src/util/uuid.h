/* uuid.h - the one formatter of version 4 UUIDs (RFC 4122).
 *
 * The caller brings the 16 random bytes (getrandom for respondent ids at
 * a terminal, a seeded generator where a run must repeat: simulate and
 * the uuid() of expressions); this sets the version and variant bits and
 * writes the 36 characters and the NUL. */
#ifndef KY_UUID_H
#define KY_UUID_H

#define KY_UUID_LEN 37   /* 36 characters and the NUL */

void ky_uuid_format(unsigned char bytes[16], char out[KY_UUID_LEN]);

#endif
