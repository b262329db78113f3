/* pg-sync-repeat.c - the repeat instances of a sync batch's respondents,
 * as arrays for kysely.push_instances, and each respondent's digest of
 * them for kysely.push (pg-sync-repeat.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/pg-sync-repeat.h"
#include "store/sha256.h"
#include "store/store-repeat.h"
#include "util/mem.h"

void pg_instances_init(struct pg_instances *p)
{
	int i;
	memset(p, 0, sizeof *p);
	for (i = 0; i < N_INST_ARRAYS; i++)
		pg_array_init(&p->a[i]);
	pg_array_init(&p->replace);
}

void pg_instances_reset(struct pg_instances *p)
{
	int i;
	for (i = 0; i < N_INST_ARRAYS; i++)
		pg_array_reset(&p->a[i]);
	pg_array_reset(&p->replace);
}

void pg_instances_release(struct pg_instances *p)
{
	int i;
	for (i = 0; i < N_INST_ARRAYS; i++)
		pg_array_release(&p->a[i]);
	pg_array_release(&p->replace);
	free(p->keys);
	free(p->ids);
	free(p->digest_input.s);
}

/* The key of one of the respondent's instances read so far, by row id. */
static const char *key_of(const struct pg_instances *p, int64_t id)
{
	size_t i;
	for (i = 0; i < p->n_keys; i++)
		if (p->ids[i] == id)
			return p->keys[i];
	return NULL;
}

/* The digest reads every instance's key, a NUL, its answers' length as
 * text and the answers: equal digests, equal instances. */
static void digest_add(struct pg_instances *p, const char *key, const struct store_instance *in)
{
	char len[24];
	ky_strbuf_adds(&p->digest_input, key);
	ky_strbuf_add(&p->digest_input, "", 1);
	snprintf(len, sizeof len, "%zu:", in->answers_len);
	ky_strbuf_adds(&p->digest_input, len);
	ky_strbuf_add(&p->digest_input, in->answers, in->answers_len);
}

static int add_instance(void *ctx, const struct store_instance *in, struct ky_error *err)
{
	struct pg_instances *p = ctx;
	const char *parent = in->parent ? key_of(p, in->parent) : "";
	char *key;

	if (!parent)
		return ky_error_set(err, KY_EIO, "repeat instance %lld: its parent %lld is missing",
				    (long long)in->id, (long long)in->parent);
	key = ky_asprintf("%s%s%s[%d]", parent, *parent ? "/" : "", in->repeat, in->position);
	pg_array_text(&p->a[I_UUID], p->uuid);
	pg_array_text(&p->a[I_KEY], key);
	pg_array_text(&p->a[I_REPEAT], in->repeat);
	pg_array_int(&p->a[I_POSITION], in->position);
	pg_array_bytea(&p->a[I_ANSWERS], in->answers, in->answers_len);
	digest_add(p, key, in);
	KY_GROW(p->keys, p->n_keys, p->keys_cap, 8);
	p->ids = ky_reallocarray(p->ids, p->keys_cap, sizeof *p->ids);
	p->ids[p->n_keys] = in->id;
	p->keys[p->n_keys++] = key;
	return KY_OK;
}

int pg_instances_add(struct pg_instances *p, struct store *local, const char *uuid,
		     int64_t resp_pk, char digest[SHA256_HEX_LEN + 1], struct ky_error *err)
{
	size_t i;
	int rc;

	p->uuid = uuid;
	p->digest_input.len = 0;
	rc = store_instances(local, resp_pk, add_instance, p, err);
	digest[0] = '\0';
	if (!rc && p->n_keys)
		sha256_hex(p->digest_input.s, p->digest_input.len, digest);
	for (i = 0; i < p->n_keys; i++)
		free(p->keys[i]);
	p->n_keys = 0;
	p->uuid = NULL;
	return rc;
}
