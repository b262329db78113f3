/* uuid.c - version 4 UUIDs from 16 random bytes (uuid.h). */
#include "config.h"
#include <stdio.h>
#include "util/uuid.h"

void ky_uuid_format(unsigned char b[16], char out[KY_UUID_LEN])
{
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);   /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	snprintf(out, KY_UUID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}
