/* plain-impl.h - what plain.c (questions, review, commands) and
 * plain-repeat.c (a repeat's screen as lines) share; internal to
 * src/collect. */
#ifndef KY_COLLECT_PLAIN_IMPL_H
#define KY_COLLECT_PLAIN_IMPL_H

#include <stdio.h>
#include "collect/plain.h"
#include "collect/respondent.h"

#define REVIEW (-1)

struct plain {
	const struct collect_plain_opts *o;
	FILE *in, *out;
	struct respondent *r;
	char *line;
	size_t cap;
	int qi;                 /* the question asked (a repeat's: its screen), REVIEW */
	int inst;               /* its instance (on a repeat's screen: the one it is in) */
	int remove_asked;       /* a repeat's screen: the instance (from 1) asked about */
	bool from_review;       /* a changed answer returns to the review */
	char *group;            /* the group title printed last */
	int section;            /* the section printed last, 0: none yet */
	bool quit, submitted;
};

enum step { STAY, MOVED };

/* The interface's word in the respondent's language. */
const char *W(const struct plain *p, enum ui_word w);
/* A line of text (control characters as '?'); a formatted one. */
void say(struct plain *p, const char *text);
void sayf(struct plain *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The section and group lines when they change. */
void print_group(struct plain *p);
/* To a place of the walk (qi REVIEW: the review). */
void go_to(struct plain *p, struct session_pos at);
/* On to the next place (or back to the review); *step MOVED. */
int advance(struct plain *p, enum step *step, struct ky_error *err);
enum step go_back(struct plain *p);
/* A typed number 1..n, 0 when the text is not one. */
size_t parse_number(const char *text, size_t n);

/* plain-repeat.c: the screen, and a line typed on it. */
void plain_ask_repeat(struct plain *p);
int plain_repeat_line(struct plain *p, const char *text, enum step *step, struct ky_error *err);

#endif
