/* script.c - `kysely collect --script`: answers read from lines. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/respondent.h"
#include "collect/script.h"
#include "util/mem.h"

static void chomp(char *line)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
}

static int answer_line(struct respondent *r, char *line, const char *where, struct ky_error *err)
{
	char *eq = strchr(line, '='), msg[512];
	int qi, rc;
	*eq = '\0';
	qi = form_question_index(r->form, line);
	if (qi < 0)
		/* not quoted: the line may be a later line of a multi-line answer */
		return ky_error_set(err, KY_EINPUT, "%s: the text before '=' names no question",
				    where);
	if (!session_shown(r->form, qi) || r->form->questions[qi].slot < 0)
		return ky_error_set(err, KY_EINPUT, "%s: '%s' is not asked of a respondent", where,
				    r->form->questions[qi].name);
	if (!session_relevant(r->session, qi))
		return ky_error_set(err, KY_EINPUT, "%s: '%s' is not relevant after the answers so far",
				    where, r->form->questions[qi].name);
	rc = session_accept(r->session, qi, eq + 1, msg, sizeof msg, err);
	if (rc)
		ky_error_prefix(err, "%s", where);
	return rc;
}

/* A batch: the responses submitted in the open transaction, printed once
 * it is committed. */
struct batch {
	struct store *store;
	long size, submitted;
	bool open;
	char *done;
	size_t len, cap;
};

static int batch_begin(struct batch *b, struct ky_error *err)
{
	if (!b->size || b->open)
		return KY_OK;
	int rc = store_begin(b->store, err);
	b->open = rc == KY_OK;
	return rc;
}

static int batch_commit(struct batch *b, FILE *out, struct ky_error *err)
{
	int rc = KY_OK;
	if (b->open) {
		rc = store_commit(b->store, err);
		b->open = false;
	}
	if (!rc && b->len)
		fwrite(b->done, 1, b->len, out);
	b->len = 0;
	b->submitted = 0;
	return rc;
}

static void batch_done(struct batch *b, const char *uuid, FILE *out)
{
	size_t need = strlen(uuid) + sizeof " complete\n";
	if (!b->size) {
		fprintf(out, "%s complete\n", uuid);
		return;
	}
	if (b->len + need > b->cap) {
		b->cap = (b->len + need) * 2;
		b->done = ky_realloc(b->done, b->cap);
	}
	b->len += (size_t)snprintf(b->done + b->len, b->cap - b->len, "%s complete\n", uuid);
	b->submitted++;
}

int collect_script_run(const struct collect_script_opts *o, FILE *in, const char *in_name,
		       FILE *out, struct ky_error *err)
{
	struct batch batch = { .store = o->store, .size = o->batch };
	struct respondent *r = NULL;
	const char *resume = o->resume_uuid;
	char *line = NULL, where[512], msg[512];
	size_t cap = 0;
	long lineno = 0;
	int rc = KY_OK;

	while (getline(&line, &cap, in) >= 0) {
		char *p = line;
		lineno++;
		chomp(line);
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		snprintf(where, sizeof where, "%s:%ld", in_name, lineno);
		if (!r) {
			if ((rc = batch_begin(&batch, err)))
				break;
			rc = resume ? respondent_resume(o->store, o->form_pk, o->form, resume, &r, err)
				: respondent_start(o->store, o->form_pk, o->form, o->lang,
						   o->attrs_json, &r, err);
			resume = NULL;
			if (rc)
				break;
		}
		if (!strcmp(p, "submit")) {
			rc = respondent_submit(r, NULL, msg, sizeof msg, err);
			if (rc == KY_EINPUT)
				ky_error_prefix(err, "%s: cannot submit", where);
			if (rc)
				break;
			batch_done(&batch, r->uuid, out);
			respondent_destroy(r);
			r = NULL;
			if (batch.submitted == batch.size && (rc = batch_commit(&batch, out, err)))
				break;
		} else if (strchr(p, '=')) {
			if ((rc = answer_line(r, p, where, err)))
				break;
		} else {
			/* the line is not quoted: it may be answer text */
			rc = ky_error_set(err, KY_EINPUT, "%s: expected NAME=VALUE or 'submit'", where);
			break;
		}
	}
	if (!rc && ferror(in))
		rc = ky_error_set(err, KY_EIO, "%s: read error", in_name);
	/* what was accepted before the end or a refusal is kept */
	if (rc) {
		struct ky_error commit_err = { 0 };
		batch_commit(&batch, out, &commit_err);
	} else {
		rc = batch_commit(&batch, out, err);
	}
	if (r) {
		fprintf(out, "%s partial\n", r->uuid);
		respondent_destroy(r);
	}
	if (fflush(out) != 0 && !rc)
		rc = ky_error_set(err, KY_EIO, "collect: cannot write the respondent ids");
	free(line);
	free(batch.done);
	return rc;
}
