/* pg-sync-repeat.h - kysely sync's side of repeats: the instances of a
 * batch's respondents, gathered from the local store into the arrays
 * kysely.push_instances takes (uuid, key below the respondent, repeat,
 * position, answers), with a digest per respondent that kysely.push
 * compares (equal rows with other instances are not "present"), and the
 * respondents whose central instances are replaced (those push added or
 * replaced). */
#ifndef KY_PG_SYNC_REPEAT_H
#define KY_PG_SYNC_REPEAT_H

#include "store/pg-array.h"
#include "store/sha256.h"
#include "store/store.h"
#include "util/strbuf.h"

enum { I_UUID, I_KEY, I_REPEAT, I_POSITION, I_ANSWERS, N_INST_ARRAYS };

struct pg_instances {
	struct pg_array a[N_INST_ARRAYS], replace;
	/* while one respondent is read: its instances' keys by row id */
	const char *uuid;
	int64_t *ids;
	char **keys;
	size_t n_keys, keys_cap;
	struct ky_strbuf digest_input;
};

void pg_instances_init(struct pg_instances *p);
void pg_instances_reset(struct pg_instances *p);
void pg_instances_release(struct pg_instances *p);
/* Adds the instances of respondent uuid (local row resp_pk) to the
 * arrays; digest gets the SHA-256 of them, "" when it has none. */
int pg_instances_add(struct pg_instances *p, struct store *local, const char *uuid,
		     int64_t resp_pk, char digest[SHA256_HEX_LEN + 1], struct ky_error *err);

#endif
