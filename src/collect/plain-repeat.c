/* plain-repeat.c - a repeat's screen in `collect --plain`: "Adult: 2
 * added. Add another?", the instances numbered ("1. Adult 1: Aino"),
 * and the typed commands (English words in every language, as plain's
 * others): add (an open-ended repeat), done, a number (open that
 * instance), remove N (asks; the same line again removes it). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "collect/plain-impl.h"
#include "util/mem.h"

static int count(const struct plain *p)
{
	return (int)tree_count(session_tree(p->r->session), p->qi, p->inst);
}

static int want(const struct plain *p)
{
	return session_repeat_want(p->r->session, p->qi, p->inst);
}

static int instance(const struct plain *p, int position)
{
	return tree_child(session_tree(p->r->session), p->qi, p->inst, position);
}

static void prompt_line(struct plain *p)
{
	say(p, W(p, want(p) < 0 ? UW_PLAIN_REPEAT_PROMPT : UW_PLAIN_REPEAT_PROMPT_COUNT));
}

void plain_ask_repeat(struct plain *p)
{
	struct session *s = p->r->session;
	char *label = session_repeat_label(s, p->qi, p->inst);
	char *added = ky_asprintf(W(p, UW_REPEAT_ADDED), label, count(p));
	fputc('\n', p->out);
	print_group(p);
	if (want(p) < 0)
		sayf(p, "%s %s", added, W(p, UW_REPEAT_ASK));
	else
		say(p, added);
	if (want(p) >= 0 && want(p) != count(p))
		sayf(p, W(p, UW_REPEAT_COUNT), want(p), count(p));
	for (int i = 1; i <= count(p); i++) {
		char *title = session_instance_title(s, instance(p, i), false);
		char *summary = session_instance_summary(s, instance(p, i));
		sayf(p, "  %d. %s: %s", i, title, *summary ? summary : W(p, UW_UNANSWERED));
		free(title);
		free(summary);
	}
	prompt_line(p);
	free(added);
	free(label);
}

static int open_instance(struct plain *p, int position, enum step *step)
{
	struct session_pos at = session_instance_first(p->r->session, instance(p, position));
	if (at.qi < 0)
		return KY_OK;
	p->from_review = false;
	go_to(p, at);
	*step = MOVED;
	return KY_OK;
}

/* remove N: asks first; the same line again removes it. */
static int remove_line(struct plain *p, const char *arg, enum step *step, struct ky_error *err)
{
	int k = (int)parse_number(arg, (size_t)count(p)), rc;
	char *title;
	if (!k) {
		prompt_line(p);
		return KY_OK;
	}
	title = session_instance_title(p->r->session, instance(p, k), false);
	if (p->remove_asked != k) {
		sayf(p, W(p, UW_PLAIN_REMOVE_CONFIRM), title, k);
		p->remove_asked = k;
		free(title);
		return KY_OK;
	}
	rc = session_repeat_remove(p->r->session, instance(p, k), err);
	if (!rc)
		sayf(p, W(p, UW_PLAIN_REMOVED), title);
	free(title);
	session_set_instance(p->r->session, p->inst);
	p->remove_asked = 0;
	*step = MOVED;   /* the list again */
	return rc;
}

int plain_repeat_line(struct plain *p, const char *text, enum step *step, struct ky_error *err)
{
	int k, inst, rc;
	*step = STAY;
	if (!strncasecmp(text, "remove", 6) && (!text[6] || text[6] == ' '))
		return remove_line(p, text + 6 + strspn(text + 6, " "), step, err);
	p->remove_asked = 0;
	if (!strcasecmp(text, "done")) {
		if (want(p) >= 0 && want(p) != count(p)) {
			sayf(p, W(p, UW_REPEAT_COUNT), want(p), count(p));
			return KY_OK;
		}
		return advance(p, step, err);
	}
	if (!strcasecmp(text, "add") && want(p) < 0) {
		if ((rc = session_repeat_add(p->r->session, p->qi, p->inst, &inst, err)))
			return rc;
		return open_instance(p, session_tree(p->r->session)->inst[inst].position, step);
	}
	if ((k = (int)parse_number(text, (size_t)count(p))))
		return open_instance(p, k, step);
	prompt_line(p);
	return KY_OK;
}
