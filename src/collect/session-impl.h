/* session-impl.h - what session.c (answers, checks, texts) and
 * session-repeat.c (instances, the walk over them) share; internal to
 * src/collect.
 *
 * The answers are an answer tree (form/tree.h): the respondent's own
 * record and one record per repeat instance. `cur` is the instance of
 * the question on screen: the public per-question functions (value,
 * label, check, accept...) read and write in its context; the *_in
 * functions take the instance explicitly. */
#ifndef KY_COLLECT_SESSION_IMPL_H
#define KY_COLLECT_SESSION_IMPL_H

#include "collect/session.h"
#include "form/tree.h"

struct session {
	const struct form *form;
	int lang;
	struct session_sink sink;
	struct answer_tree tree;
	bool *relevant;      /* per question, top-level context, cached after every change */
	int cur;             /* instance of the question on screen, -1: none */
};

/* The instance holding question qi's values seen from instance inst (its
 * repeat's instance among inst and its parents; for a begin_repeat, the
 * instance it sits in); -1 for a question outside every repeat or when
 * inst is in no instance of qi's repeat. */
int sess_holder(const struct session *s, int qi, int inst);
/* qi relevant (itself and every enclosing group) in instance inst, the
 * instance holding qi's values (sess_holder). */
bool sess_relevant_in(const struct session *s, int qi, int inst);
/* The value of qi in instance inst as a respondent sees it: "" when
 * unanswered. */
const char *sess_value_in(const struct session *s, int qi, int inst);
/* The value of qi in instance inst as a respondent reads it (choice
 * labels); malloc'd. */
char *sess_display_in(const struct session *s, int qi, int inst);
/* Stores value of question qi in instance inst (-1: the respondent's
 * record) and tells the sink; a no-op when equal. */
int sess_store(struct session *s, int inst, int qi, const char *value, bool *changed,
	       struct ky_error *err);
/* Relevance and calculates again, in every instance (session.c). */
int sess_settle(struct session *s, struct ky_error *err);
/* The checks of session_check in instance inst. */
bool sess_check_in(const struct session *s, int qi, int inst, const char *value,
		   char *msg, size_t msglen);
/* A begin_repeat row. */
bool sess_is_repeat(const struct form *f, int qi);

#endif
