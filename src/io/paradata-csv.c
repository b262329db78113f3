/* paradata-csv.c - export --paradata (paradata-csv.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/paradata-csv.h"
#include "store/store-paradata.h"
#include "util/mem.h"

/* What one question of the respondent being read gathered. */
struct question_paradata {
	char *first, *last;     /* answer times; NULL: never answered */
	long changes, visits, back;
	double seconds;
};

struct paradata_writer {
	struct csvwrite *w;
	const struct form *form;
	struct question_paradata *q;   /* per question of the form */
	int64_t response;              /* the respondent being gathered; 0: none */
	char *uuid;
	int last_slot;                 /* of the previous log row */
	char *last_value;              /* its value; NULL when cleared */
};

static void emit(struct paradata_writer *pw)
{
	for (size_t i = 0; i < pw->form->n_questions; i++) {
		struct question_paradata *q = &pw->q[i];
		if (!q->first && !q->visits)
			continue;
		csvwrite_text(pw->w, pw->uuid);
		csvwrite_text(pw->w, pw->form->questions[i].column ? pw->form->questions[i].column
								   : pw->form->questions[i].name);
		csvwrite_text(pw->w, q->first);
		csvwrite_text(pw->w, q->last);
		csvwrite_int(pw->w, q->changes);
		csvwrite_int(pw->w, q->visits);
		if (q->visits)
			csvwrite_number(pw->w, round(q->seconds * 1000) / 1000);
		else
			csvwrite_empty(pw->w);
		csvwrite_int(pw->w, q->back);
		csvwrite_end_row(pw->w);
	}
}

static void reset(struct paradata_writer *pw)
{
	for (size_t i = 0; i < pw->form->n_questions; i++) {
		free(pw->q[i].first);
		free(pw->q[i].last);
		memset(&pw->q[i], 0, sizeof pw->q[i]);
	}
	free(pw->uuid);
	free(pw->last_value);
	pw->uuid = pw->last_value = NULL;
	pw->last_slot = -1;
	pw->response = 0;
}

static void add_answer(struct paradata_writer *pw, const struct store_paradata_row *row)
{
	struct question_paradata *q;
	bool same_slot = row->slot == pw->last_slot;

	if (row->slot < 0 || (size_t)row->slot >= pw->form->n_slots || !row->answered_at)
		return;   /* a log of another form version: nothing to name it by */
	q = &pw->q[pw->form->slot_question[row->slot]];
	if (!q->first)
		q->first = ky_strdup(row->answered_at);
	free(q->last);
	q->last = ky_strdup(row->answered_at);
	if (same_slot && (!row->value) != (!pw->last_value))
		q->changes++;
	else if (same_slot && row->value && strcmp(row->value, pw->last_value))
		q->changes++;
	free(pw->last_value);
	pw->last_value = row->value ? ky_strdup(row->value) : NULL;
	pw->last_slot = row->slot;
}

static int take_row(void *ctx, const struct store_paradata_row *row)
{
	struct paradata_writer *pw = ctx;

	if (row->response != pw->response) {
		if (pw->response)
			emit(pw);
		reset(pw);
		pw->response = row->response;
		pw->uuid = ky_strdup(row->uuid ? row->uuid : "");
	}
	if (!row->visit) {
		add_answer(pw, row);
	} else if (row->question >= 0 && (size_t)row->question < pw->form->n_questions) {
		struct question_paradata *q = &pw->q[row->question];
		q->visits++;
		q->seconds += row->seconds;
		q->back += row->back;
	}
	return pw->w->failed ? KY_EIO : 0;
}

int paradata_csv_write(struct csvwrite *w, struct store *s, int64_t form_pk,
		       const struct form *form, struct ky_error *err)
{
	static const char *const head[] = { "respondent", "question", "first_answered",
					    "last_answered", "changes", "visits", "seconds",
					    "back", NULL };
	struct paradata_writer pw = { w, form, NULL, 0, NULL, -1, NULL };
	int rc;

	for (size_t i = 0; head[i]; i++)
		csvwrite_text(w, head[i]);
	csvwrite_end_row(w);
	pw.q = ky_calloc(form->n_questions + 1, sizeof *pw.q);
	rc = store_paradata_scan(s, form_pk, take_row, &pw, err);
	if (!rc && pw.response)
		emit(&pw);
	reset(&pw);
	free(pw.q);
	if (rc == KY_EIO && w->failed)
		rc = KY_OK;   /* csvwrite_close reports the write error */
	return rc;
}
