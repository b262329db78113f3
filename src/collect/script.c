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
		return ky_error_set(err, KY_EINPUT, "%s: unknown question '%s'", where, line);
	if (!session_shown(r->form, qi) || r->form->questions[qi].slot < 0)
		return ky_error_set(err, KY_EINPUT, "%s: '%s' is not asked of a respondent", where, line);
	if (!session_relevant(r->session, qi))
		return ky_error_set(err, KY_EINPUT, "%s: '%s' is not relevant after the answers so far",
				    where, line);
	rc = session_accept(r->session, qi, eq + 1, msg, sizeof msg, err);
	if (rc)
		ky_error_prefix(err, "%s", where);
	return rc;
}

int collect_script_run(const struct collect_script_opts *o, FILE *in, const char *in_name,
		       FILE *out, struct ky_error *err)
{
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
			rc = resume ? respondent_resume(o->store, o->form_pk, o->form, resume, &r, err)
				: respondent_start(o->store, o->form_pk, o->form, o->lang, &r, err);
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
			fprintf(out, "%s complete\n", r->uuid);
			respondent_destroy(r);
			r = NULL;
		} else if (strchr(p, '=')) {
			if ((rc = answer_line(r, p, where, err)))
				break;
		} else {
			rc = ky_error_set(err, KY_EINPUT, "%s: expected NAME=VALUE or 'submit', not '%s'",
					  where, p);
			break;
		}
	}
	if (!rc && ferror(in))
		rc = ky_error_set(err, KY_EIO, "%s: read error", in_name);
	if (r) {
		fprintf(out, "%s partial\n", r->uuid);
		respondent_destroy(r);
	}
	if (fflush(out) != 0 && !rc)
		rc = ky_error_set(err, KY_EIO, "collect: cannot write the respondent ids");
	free(line);
	return rc;
}
