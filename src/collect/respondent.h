/* respondent.h - one response being collected into the store.
 *
 * Ties a session (session.h) to the database: the response row is
 * created when the respondent starts (status partial, started stamped),
 * every value the session stores is committed at once with
 * store_answer_put() (one transaction each, so a kill loses at most the
 * field being typed), as is every repeat instance added or removed and
 * every answer in one (store/store-repeat.h); resuming loads them back; and submitting marks the response complete. Both
 * the terminal front end and the scripted mode use it.
 *
 * A respondent borrows store and form (they outlive it) and owns its
 * session; respondent_destroy() frees it. */
#ifndef KY_COLLECT_RESPONDENT_H
#define KY_COLLECT_RESPONDENT_H

#include <stdint.h>
#include "collect/paradata.h"
#include "collect/session.h"
#include "store/store.h"

struct respondent {
	struct store *store;
	const struct form *form;
	int64_t form_pk, resp_pk;
	char uuid[40];
	struct session *session;
	struct paradata paradata;   /* the screens shown (paradata.h) */
};

/* Starts a new response in language lang (index into form->langs) with a
 * fresh random UUID and the attributes attrs_json (store.h; NULL: none). */
int respondent_start(struct store *store, int64_t form_pk, const struct form *form,
		     int lang, const char *attrs_json, struct respondent **out,
		     struct ky_error *err);

/* Continues the partial response uuid with its stored answers and
 * language. A complete or unknown uuid is KY_EUSAGE. */
int respondent_resume(struct store *store, int64_t form_pk, const struct form *form,
		      const char *uuid, struct respondent **out, struct ky_error *err);

/* Switches the form language and records it on the response. */
int respondent_set_lang(struct respondent *r, int lang, struct ky_error *err);

/* Gives every repeat_count repeat its count (session_sync_repeats),
 * checks that nothing blocks (else KY_EINPUT, *blocking set to the
 * place that blocks, msg filled), stamps `end` and marks the response
 * complete. blocking may be NULL. */
int respondent_submit(struct respondent *r, struct session_pos *blocking, char *msg,
		      size_t msglen, struct ky_error *err);

/* The front end shows question qi now (-1: the review screen). Screen
 * visits are written in batches apart from the answers; a store that
 * refuses them keeps them held (paradata.h) and the respondent goes on,
 * since screen times must never cost an answer. Submitting and
 * respondent_destroy() write what is held. */
void respondent_show(struct respondent *r, int qi);

void respondent_destroy(struct respondent *r);

/* A random (version 4) UUID in buf (at least 37 bytes). */
int respondent_new_uuid(char *buf, size_t len, struct ky_error *err);

#endif
