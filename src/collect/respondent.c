/* respondent.c - a session whose every stored value is committed to the store. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "collect/respondent.h"
#include "collect/sync-spawn.h"
#include "store/record.h"
#include "store/store-repeat.h"
#include "util/mem.h"
#include "util/uuid.h"

static int put_answer(void *ctx, int slot, const char *value, struct ky_error *err)
{
	struct respondent *r = ctx;
	return store_answer_put(r->store, r->resp_pk, r->form->n_slots, slot, value, err);
}

static int add_instance(void *ctx, int64_t parent_id, const char *repeat, int position,
			int64_t *id, struct ky_error *err)
{
	struct respondent *r = ctx;
	return store_instance_add(r->store, r->resp_pk, parent_id, repeat, position, id, err);
}

static int put_instance_answer(void *ctx, int64_t id, int slot, const char *value,
			       struct ky_error *err)
{
	struct respondent *r = ctx;
	return store_instance_answer_put(r->store, id, r->form->n_slots, slot, value, err);
}

static int remove_instance(void *ctx, int64_t id, struct ky_error *err)
{
	struct respondent *r = ctx;
	return store_instance_remove(r->store, id, err);
}

int respondent_new_uuid(char *buf, size_t len, struct ky_error *err)
{
	unsigned char b[16];
	char id[KY_UUID_LEN];
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		return ky_error_set(err, KY_EIO, "collect: cannot get random bytes for a respondent id: %s",
				    strerror(errno));
	ky_uuid_format(b, id);
	snprintf(buf, len, "%s", id);
	return KY_OK;
}

/* ODK fills deviceid with an id of the device; a terminal's is its host name. */
static void device_id(char *buf, size_t len)
{
	char host[256];
	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	snprintf(buf, len, "kysely:%s", host);
}

static struct respondent *respondent_alloc(struct store *store, int64_t form_pk,
					   const struct form *form, int lang)
{
	struct respondent *r = ky_calloc(1, sizeof *r);
	struct session_sink sink = { put_answer, r, add_instance, put_instance_answer,
				     remove_instance };
	r->store = store;
	r->form = form;
	r->form_pk = form_pk;
	r->session = session_create(form, lang, &sink);
	paradata_init(&r->paradata);
	return r;
}

static int begin(struct respondent *r, struct ky_error *err)
{
	char dev[300];
	device_id(dev, sizeof dev);
	return session_begin(r->session, time(NULL), dev, err);
}

int respondent_start(struct store *store, int64_t form_pk, const struct form *form,
		     int lang, const char *attrs_json, struct respondent **out,
		     struct ky_error *err)
{
	struct respondent *r = respondent_alloc(store, form_pk, form, lang);
	int rc = respondent_new_uuid(r->uuid, sizeof r->uuid, err);
	if (!rc)
		rc = store_response_start_attrs(store, form_pk, r->uuid,
						session_lang_code(r->session), attrs_json,
						&r->resp_pk, err);
	if (!rc)
		rc = begin(r, err);
	if (rc) {
		respondent_destroy(r);
		return rc;
	}
	*out = r;
	return KY_OK;
}

int respondent_resume(struct store *store, int64_t form_pk, const struct form *form,
		      const char *uuid, struct respondent **out, struct ky_error *err)
{
	struct store_response stored;
	struct record_view *views;
	char **values;
	struct respondent *r;
	size_t i;
	int64_t pk;
	int rc, lang;

	memset(&stored, 0, sizeof stored);
	rc = store_response_get(store, uuid, &pk, &stored, err);
	if (rc)
		return rc;
	if (stored.status && strcmp(stored.status, "partial") != 0) {
		store_response_free(&stored);
		return ky_error_set(err, KY_EUSAGE, "collect: response '%s' is %s, not partial",
				    uuid, stored.status);
	}
	views = ky_calloc(form->n_slots ? form->n_slots : 1, sizeof *views);
	if (record_decode(stored.answers, stored.answers_len, views, form->n_slots) != 0) {
		free(views);
		store_response_free(&stored);
		return ky_error_set(err, KY_EIO, "collect: response '%s': stored answers are damaged",
				    uuid);
	}
	values = ky_calloc(form->n_slots ? form->n_slots : 1, sizeof *values);
	for (i = 0; i < form->n_slots; i++)
		values[i] = views[i].ptr ? ky_strndup(views[i].ptr, views[i].len) : NULL;
	lang = stored.lang ? form_lang_index(form, stored.lang) : -1;
	r = respondent_alloc(store, form_pk, form, lang);
	snprintf(r->uuid, sizeof r->uuid, "%s", uuid);
	r->resp_pk = pk;
	session_load(r->session, (const char *const *)values, form->n_slots);
	for (i = 0; i < form->n_slots; i++)
		free(values[i]);
	free(values);
	free(views);
	store_response_free(&stored);
	rc = r->form->n_repeats ? store_tree_load(store, pk, session_tree_edit(r->session), err) : KY_OK;
	if (!rc)
		rc = begin(r, err);
	if (rc) {
		respondent_destroy(r);
		return rc;
	}
	*out = r;
	return KY_OK;
}

int respondent_set_lang(struct respondent *r, int lang, struct ky_error *err)
{
	session_set_lang(r->session, lang);
	return store_response_set_lang(r->store, r->resp_pk, session_lang_code(r->session), err);
}

/* Best effort by design (respondent.h): a failure leaves the visits held
 * for the next batch. */
static void write_visits(struct respondent *r, bool leaving)
{
	struct ky_error ignored;

	if (leaving)
		paradata_show(&r->paradata, -1);
	if (r->resp_pk > 0 && paradata_flush(&r->paradata, r->store, r->resp_pk, &ignored))
		ky_error_clear(&ignored);
}

int respondent_submit(struct respondent *r, struct session_pos *blocking, char *msg,
		      size_t msglen, struct ky_error *err)
{
	struct session_pos at;
	int rc = session_sync_repeats(r->session, err);
	if (rc)
		return rc;
	at = session_first_blocking_pos(r->session, msg, msglen);
	if (blocking)
		*blocking = at;
	if (at.qi >= 0)
		return ky_error_set(err, KY_EINPUT, "'%s': %s", r->form->questions[at.qi].name, msg);
	rc = session_finish(r->session, time(NULL), err);
	if (!rc)
		rc = store_response_finish(r->store, r->resp_pk, err);
	if (!rc) {
		write_visits(r, true);
		sync_spawn_kick();
	}
	return rc;
}

void respondent_show(struct respondent *r, int qi)
{
	if (paradata_show(&r->paradata, qi))
		write_visits(r, false);
}

void respondent_destroy(struct respondent *r)
{
	if (!r)
		return;
	write_visits(r, true);
	paradata_release(&r->paradata);
	session_destroy(r->session);
	free(r);
}
