/* plain.c - `kysely collect --plain`: questions as lines of text (plain.h). */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "collect/debrief.h"
#include "collect/plain-impl.h"
#include "collect/respondent.h"
#include "util/mem.h"

static volatile sig_atomic_t plain_signal;

static void on_quit_signal(int sig)
{
	plain_signal = sig;
}

const char *W(const struct plain *p, enum ui_word w)
{
	return ui_text(session_ui_lang(p->r->session), w);
}

/* Writes text with every control character but newline and tab shown as
 * '?': a form's label must not move a cursor or ring a bell. */
static void put(struct plain *p, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	for (; *s; s++) {
		if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {   /* C1 in UTF-8 */
			fputc('?', p->out);
			s++;
		} else if ((*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7F) {
			fputc('?', p->out);
		} else {
			fputc(*s, p->out);
		}
	}
}

void say(struct plain *p, const char *text)
{
	put(p, text);
	fputc('\n', p->out);
}

void sayf(struct plain *p, const char *fmt, ...)
{
	va_list ap;
	char *text;
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	say(p, text ? text : "");
	free(text);
}

/* The prompt ends the question; the reader's answer follows it. */
static void prompt(struct plain *p)
{
	fputs("> ", p->out);
	fflush(p->out);
}

static const struct form_question *cur_q(const struct plain *p)
{
	return &p->o->form->questions[p->qi];
}

static bool is_list(const struct form_question *q)
{
	return q->type == FQ_SELECT_ONE || q->type == FQ_SELECT_MULTIPLE || q->type == FQ_RANK;
}

/* The visible choices of the question asked; caller frees. */
static size_t visible_choices(const struct plain *p, size_t **idx)
{
	const struct form_question *q = cur_q(p);
	*idx = NULL;
	if (!q->list)
		return 0;
	*idx = ky_calloc(q->list->n_choices + 1, sizeof **idx);
	return session_choices(p->r->session, p->qi, *idx);
}

/* Choice names (space-separated) as their labels joined with ", ". */
static char *names_as_labels(const struct plain *p, const char *names)
{
	const struct form_list *l = cur_q(p)->list;
	char *out = ky_strdup(""), *copy = ky_strdup(names), *save = NULL, *tok;
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		const char *label = tok;
		for (size_t i = 0; l && i < l->n_choices; i++)
			if (!strcmp(l->choices[i].name, tok))
				label = session_choice_label(p->r->session, &l->choices[i]);
		char *next = ky_asprintf("%s%s%s", out, *out ? ", " : "", label);
		free(out);
		out = next;
	}
	free(copy);
	return out;
}

/* The section line when the section changes, the group title when it
 * changes: nothing is said twice in a row. */
void print_group(struct plain *p)
{
	char *group = session_group_title(p->r->session, p->qi);
	int section, sections, answered, total;
	session_section(p->r->session, p->qi, &section, &sections);
	if (sections && section != p->section) {
		session_progress(p->r->session, &answered, &total);
		sayf(p, W(p, UW_PROGRESS_SECTION), section, sections, answered);
	}
	p->section = section;
	if (*group && (!p->group || strcmp(group, p->group)))
		say(p, group);
	free(p->group);
	p->group = group;
}

static void print_choices(struct plain *p)
{
	size_t *idx, n = visible_choices(p, &idx);
	for (size_t i = 0; i < n; i++) {
		char *line = ky_asprintf("  %zu. %s", i + 1, session_choice_label(
						 p->r->session, &cur_q(p)->list->choices[idx[i]]));
		say(p, line);
		free(line);
	}
	free(idx);
}

static enum ui_word prompt_word(const struct form_question *q)
{
	switch (q->type) {
	case FQ_SELECT_ONE: return UW_PLAIN_PROMPT_ONE;
	case FQ_SELECT_MULTIPLE: return UW_PLAIN_PROMPT_MULTIPLE;
	case FQ_RANK: return UW_PLAIN_PROMPT_RANK;
	case FQ_NOTE: return UW_PLAIN_PROMPT_NOTE;
	case FQ_ACKNOWLEDGE: return UW_PLAIN_PROMPT_ACK;
	default: return q->read_only ? UW_PLAIN_PROMPT_NOTE : UW_PLAIN_PROMPT_FIELD;
	}
}

/* The format or range beside an entry field, "" when none. */
static char *field_format(const struct plain *p)
{
	const struct form_question *q = cur_q(p);
	char a[32], b[32];
	switch (q->type) {
	case FQ_RANGE:
		snprintf(a, sizeof a, "%g", q->range_start);
		snprintf(b, sizeof b, "%g", q->range_end);
		return ky_asprintf(W(p, UW_RANGE_BOUNDS), a, b);
	case FQ_DATE: return ky_strdup(W(p, UW_DATE_FORMAT));
	case FQ_TIME: return ky_strdup(W(p, UW_TIME_FORMAT));
	case FQ_DATETIME: return ky_strdup(W(p, UW_DATETIME_FORMAT));
	default: return ky_strdup("");
	}
}

static void print_current(struct plain *p)
{
	const struct form_question *q = cur_q(p);
	const char *initial = session_initial_value(p->r->session, p->qi);
	char *shown;
	if (q->slot < 0 || !*initial)
		return;
	shown = is_list(q) ? names_as_labels(p, initial) : ky_strdup(initial);
	sayf(p, W(p, UW_PLAIN_CURRENT), shown);
	free(shown);
}

static void ask_question(struct plain *p)
{
	const struct form_question *q = cur_q(p);
	char *label = session_label(p->r->session, p->qi);
	char *hint = session_hint(p->r->session, p->qi);
	char *format = field_format(p);
	fputc('\n', p->out);
	print_group(p);
	if (q->required && q->slot >= 0 && !q->read_only)
		sayf(p, "%s %s", label, W(p, UW_PLAIN_REQUIRED));
	else
		say(p, label);
	if (*hint)
		say(p, hint);
	if (is_list(q))
		print_choices(p);
	print_current(p);
	if (*format)
		sayf(p, "%s %s", W(p, prompt_word(q)), format);
	else
		say(p, W(p, prompt_word(q)));
	free(label);
	free(hint);
	free(format);
}

/* Review rows: the shown relevant questions that hold a slot, in the
 * walk's order (instances' answers after their instance). */
struct rows {
	const struct session *s;
	struct session_pos *pos;
	int n, cap;
};

static bool collect_row(void *ctx, struct session_pos at)
{
	struct rows *r = ctx;
	if (session_pos_is_repeat(r->s, at) || session_form(r->s)->questions[at.qi].slot < 0)
		return false;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->pos = ky_reallocarray(r->pos, (size_t)r->cap, sizeof *r->pos);
	}
	r->pos[r->n++] = at;
	return false;
}

/* The rows; caller frees. */
static struct session_pos *review_rows(const struct plain *p, int *n)
{
	struct rows r = { p->r->session, NULL, 0, 0 };
	session_walk(p->r->session, collect_row, &r);
	*n = r.n;
	return r.pos;
}

static void ask_review(struct plain *p)
{
	struct session *s = p->r->session;
	int n, last = -1;
	struct session_pos *rows = review_rows(p, &n);
	fputc('\n', p->out);
	say(p, W(p, UW_REVIEW_TITLE));
	for (int i = 0; i < n; i++) {
		char *label, *value;
		session_set_instance(s, rows[i].inst);
		if (rows[i].inst >= 0 && rows[i].inst != last) {
			char *path = session_instance_path(s, rows[i].inst);
			sayf(p, "  %s", path);
			free(path);
		}
		last = rows[i].inst;
		label = session_label(s, rows[i].qi);
		value = session_display_value(s, rows[i].qi);
		sayf(p, "  %d. %s: %s", i + 1, label, *value ? value : W(p, UW_UNANSWERED));
		free(label);
		free(value);
	}
	session_set_instance(s, -1);
	say(p, W(p, UW_PLAIN_REVIEW_PROMPT));
	free(rows);
	free(p->group);
	p->group = NULL;   /* the next question names its section and group again */
	p->section = 0;
}

void go_to(struct plain *p, struct session_pos at)
{
	p->qi = at.qi;
	p->inst = at.inst;
	p->remove_asked = 0;
	if (at.qi >= 0)
		session_set_instance(p->r->session, at.inst);
	respondent_show(p->r, at.qi);
}

int advance(struct plain *p, enum step *step, struct ky_error *err)
{
	struct session_pos next = { p->qi, p->inst };
	int rc = KY_OK;
	if (p->from_review)
		next.qi = REVIEW;
	else
		rc = session_walk_next(p->r->session, &next, err);
	p->from_review = false;
	if (!rc)
		go_to(p, next);
	*step = MOVED;
	return rc;
}

/* Stores value for the question asked; a refusal is printed and the
 * question stays. */
static int store_answer(struct plain *p, const char *value, enum step *step, struct ky_error *err)
{
	char msg[512];
	int rc = session_accept(p->r->session, p->qi, value, msg, sizeof msg, err);
	*step = STAY;
	if (rc == KY_EINPUT) {
		ky_error_clear(err);
		say(p, msg);
		return KY_OK;
	}
	if (rc)
		return rc;
	return advance(p, step, err);
}

/* A typed number 1..n, 0 when the text is not one. */
size_t parse_number(const char *text, size_t n)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < 1 || (size_t)v > n)
		return 0;
	return (size_t)v;
}

/* "2 5 1" (or with commas) as the choice names in that order; NULL when
 * a number is not a visible choice. */
static char *numbers_as_names(const struct plain *p, const char *text, bool one)
{
	size_t *idx, n = visible_choices(p, &idx), count = 0;
	char *copy = ky_strdup(text), *save = NULL, *tok, *out = ky_strdup("");
	for (tok = strtok_r(copy, " ,;\t", &save); tok && out; tok = strtok_r(NULL, " ,;\t", &save)) {
		size_t k = parse_number(tok, n);
		const char *name = k ? cur_q(p)->list->choices[idx[k - 1]].name : NULL;
		char *next = NULL;
		if (name && (!one || !count) && !session_multi_has(out, name))
			next = ky_asprintf("%s%s%s", out, *out ? " " : "", name);
		free(out);
		out = next;
		count++;
	}
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	free(copy);
	free(idx);
	return out;
}

static int answer_typed(struct plain *p, const char *text, enum step *step, struct ky_error *err)
{
	const struct form_question *q = cur_q(p);
	char *value;
	int rc;
	*step = STAY;
	if (is_list(q)) {
		value = numbers_as_names(p, text, q->type == FQ_SELECT_ONE);
		if (!value) {
			say(p, W(p, UW_NOT_A_CHOICE));
			return KY_OK;
		}
	} else if (q->type == FQ_ACKNOWLEDGE) {
		if (strcmp(text, "1") && strcasecmp(text, "ok")) {
			say(p, W(p, UW_PLAIN_PROMPT_ACK));
			return KY_OK;
		}
		value = ky_strdup("OK");
	} else {
		value = ky_strdup(text);
	}
	rc = store_answer(p, value, step, err);
	free(value);
	return rc;
}

/* Enter alone: keeps the answer (or the default); an unanswered optional
 * question is left only by `skip`, so that a slip is not a skip. */
static int answer_empty(struct plain *p, enum step *step, struct ky_error *err)
{
	const struct form_question *q = cur_q(p);
	const char *initial = session_initial_value(p->r->session, p->qi);
	*step = STAY;
	if (q->read_only || q->slot < 0 || q->type == FQ_NOTE)
		return advance(p, step, err);
	if (*initial || q->required) {
		char *keep = ky_strdup(initial);
		int rc = store_answer(p, keep, step, err);
		free(keep);
		return rc;
	}
	say(p, W(p, UW_PLAIN_SKIP_HOW));
	return KY_OK;
}

static int skip_question(struct plain *p, enum step *step, struct ky_error *err)
{
	const struct form_question *q = cur_q(p);
	char msg[512];
	int rc;
	*step = STAY;
	if (q->read_only || q->slot < 0)
		return advance(p, step, err);
	rc = session_accept(p->r->session, p->qi, "", msg, sizeof msg, err);
	if (rc == KY_EINPUT) {
		ky_error_clear(err);
		say(p, msg);
		return KY_OK;
	}
	if (rc)
		return rc;
	say(p, W(p, UW_PLAIN_SKIPPED));
	return advance(p, step, err);
}

enum step go_back(struct plain *p)
{
	struct session_pos here = { p->qi, p->inst };
	struct session_pos prev = session_walk_prev(p->r->session, here);
	p->from_review = false;
	if (prev.qi < 0) {
		say(p, W(p, UW_PLAIN_FIRST));
		return STAY;
	}
	go_to(p, prev);
	return MOVED;
}

/* `language` goes to the next language, `language sv` to that one. */
static int switch_lang(struct plain *p, const char *arg, struct ky_error *err)
{
	const struct form *f = p->o->form;
	int lang = (session_lang(p->r->session) + 1) % (int)(f->n_langs ? f->n_langs : 1);
	int rc;
	if (*arg && form_lang_index(f, arg) >= 0)
		lang = form_lang_index(f, arg);
	if (f->n_langs < 2)
		return KY_OK;
	if ((rc = respondent_set_lang(p->r, lang, err)))
		return rc;
	sayf(p, W(p, UW_PLAIN_LANGUAGE), f->langs[lang].name);
	free(p->group);
	p->group = NULL;
	p->section = 0;
	return KY_OK;
}

static void print_debrief(struct plain *p)
{
	struct debrief d = { 0 };
	if (!p->o->form->debrief)
		return;
	debrief_build(p->r->session, &d);
	if (d.items) {
		fputc('\n', p->out);
		for (size_t i = 0; i < d.n; i++)
			say(p, d.line[i].text ? d.line[i].text : "");
	}
	debrief_release(&d);
}

static int submit(struct plain *p, enum step *step, struct ky_error *err)
{
	struct session_pos blocking;
	char msg[512];
	int rc = respondent_submit(p->r, &blocking, msg, sizeof msg, err);
	*step = STAY;
	if (rc == KY_EINPUT && blocking.qi >= 0) {
		ky_error_clear(err);
		say(p, msg);
		go_to(p, blocking);
		p->from_review = !session_pos_is_repeat(p->r->session, blocking);
		*step = MOVED;
		return KY_OK;
	}
	if (rc)
		return rc;
	p->submitted = true;
	p->quit = true;
	print_debrief(p);
	fputc('\n', p->out);
	say(p, W(p, UW_THANKS_TITLE));
	say(p, W(p, UW_THANKS_TEXT));
	return KY_OK;
}

static int review_line(struct plain *p, const char *text, enum step *step, struct ky_error *err)
{
	struct session_pos *rows, last = { REVIEW, -1 };
	int n;
	size_t k;
	*step = STAY;
	if (!strcasecmp(text, "submit"))
		return submit(p, step, err);
	if (!strcasecmp(text, "back")) {
		struct session_pos prev = session_walk_prev(p->r->session, last);
		if (prev.qi >= 0) {
			go_to(p, prev);
			*step = MOVED;
		}
		return KY_OK;
	}
	rows = review_rows(p, &n);
	k = parse_number(text, (size_t)n);
	if (k) {
		go_to(p, rows[k - 1]);
		p->from_review = true;
		*step = MOVED;
	} else {
		say(p, W(p, UW_PLAIN_REVIEW_PROMPT));
	}
	free(rows);
	return KY_OK;
}

/* A command word; *handled false when the line is an answer. */
static int command(struct plain *p, const char *text, bool *handled, enum step *step,
		   struct ky_error *err)
{
	*handled = true;
	*step = STAY;
	if (!strcasecmp(text, "help")) {
		say(p, W(p, UW_PLAIN_HELP));
		return KY_OK;
	}
	if (!strcasecmp(text, "quit")) {
		p->quit = true;
		return KY_OK;
	}
	if (!strncasecmp(text, "language", 8) && (!text[8] || text[8] == ' ')) {
		const char *arg = text + 8;
		while (*arg == ' ')
			arg++;
		*step = MOVED;
		return switch_lang(p, arg, err);
	}
	if (!strcasecmp(text, "review")) {
		struct session_pos review = { REVIEW, -1 };
		p->from_review = false;
		go_to(p, review);
		*step = MOVED;
		return KY_OK;
	}
	if (p->qi == REVIEW)
		return review_line(p, text, step, err);
	if (!strcasecmp(text, "back")) {
		*step = go_back(p);
		return KY_OK;
	}
	if (session_pos_is_repeat(p->r->session, (struct session_pos){ p->qi, p->inst }))
		return plain_repeat_line(p, text, step, err);
	if (!strcasecmp(text, "skip"))
		return skip_question(p, step, err);
	*handled = false;
	return KY_OK;
}

static bool on_repeat(const struct plain *p)
{
	return p->qi != REVIEW && session_pos_is_repeat(p->r->session,
							 (struct session_pos){ p->qi, p->inst });
}

static int handle_line(struct plain *p, char *text, enum step *step, struct ky_error *err)
{
	bool handled;
	int rc;
	if (*text == '\\' && p->qi != REVIEW && !on_repeat(p))
		return answer_typed(p, text + 1, step, err);
	if ((rc = command(p, text, &handled, step, err)) || handled)
		return rc;
	if (!*text)
		return answer_empty(p, step, err);
	if (cur_q(p)->read_only || cur_q(p)->type == FQ_NOTE)
		return advance(p, step, err);
	return answer_typed(p, text, step, err);
}

/* Drops what a key that is no character leaves in a line: an escape
 * sequence (an arrow key: ESC [ A) and any other control character but
 * tab, so that no answer stores one. */
static void drop_controls(char *line)
{
	char *from = line, *to = line;
	while (*from) {
		unsigned char c = (unsigned char)*from;
		if (c == 0x1B) {
			from++;
			if (*from == '[') {
				from++;
				while (*from >= 0x20 && *from <= 0x3F)
					from++;
				if (*from >= 0x40 && *from <= 0x7E)
					from++;
			} else if (*from == 'O' && from[1]) {
				from += 2;
			}
		} else if ((c < 0x20 && c != '\t') || c == 0x7F) {
			from++;
		} else {
			*to++ = *from++;
		}
	}
	*to = '\0';
}

/* The next line without its end, control characters and the spaces
 * around it; false at the end of input or on a quit signal. */
static bool read_line(struct plain *p, char **text)
{
	ssize_t n;
	char *s;
	errno = 0;
	n = getline(&p->line, &p->cap, p->in);
	if (n < 0 || plain_signal) {
		clearerr(p->in);
		return false;
	}
	drop_controls(p->line);
	s = p->line;
	n = (ssize_t)strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	*text = s;
	return true;
}

static int converse(struct plain *p, struct ky_error *err)
{
	enum step step = MOVED;
	int rc;
	while (!p->quit) {
		char *text;
		if (step == MOVED) {
			if (p->qi == REVIEW)
				ask_review(p);
			else if (on_repeat(p))
				plain_ask_repeat(p);
			else
				ask_question(p);
		}
		prompt(p);
		if (!read_line(p, &text)) {
			fputc('\n', p->out);
			break;
		}
		if ((rc = handle_line(p, text, &step, err)))
			return rc;
	}
	return KY_OK;
}

static void greet(struct plain *p)
{
	const struct form *f = p->o->form;
	/* a new respondent of a linkage form saw the title above the code */
	if (f->title && !(f->linkage_code && !p->o->resume_uuid))
		say(p, f->title);
	say(p, W(p, UW_WELCOME));
	if (f->n_langs > 1)
		sayf(p, W(p, UW_PLAIN_LANGUAGE), f->langs[session_lang(p->r->session)].name);
	say(p, W(p, UW_PLAIN_COMMANDS));
}

static enum ui_lang start_ui_lang(const struct collect_plain_opts *o)
{
	const struct form *f = o->form;
	if (o->lang < 0 || (size_t)o->lang >= f->n_langs)
		return ui_lang_from_code("");
	return ui_lang_from_code(f->langs[o->lang].code);
}

/* The linkage code, part by part, before the response exists: false
 * when the respondent quit or the input ended (nothing is stored). */
static bool ask_code(struct plain *p, struct linkage_code *code)
{
	enum ui_lang ui = start_ui_lang(p->o);
	if (p->o->form->title)
		say(p, p->o->form->title);
	say(p, linkage_intro(ui));
	while (!linkage_code_complete(code)) {
		const char *msg = NULL;
		char *text;
		bool ok, got;
		sayf(p, "%zu/%d %s", code->parts + 1, LINKAGE_PARTS, linkage_prompt(ui, code->parts));
		prompt(p);
		got = read_line(p, &text);
		if (!got || !strcmp(text, "quit")) {
			if (p->line)
				sodium_memzero(p->line, p->cap);
			if (!got)
				fputc('\n', p->out);
			return false;
		}
		ok = linkage_code_accept(p->o->linkage, code, text, ui, &msg);
		sodium_memzero(p->line, p->cap);
		if (!ok)
			say(p, msg ? msg : "?");
	}
	return true;
}

static int start_new(struct plain *p, struct ky_error *err)
{
	const struct collect_plain_opts *o = p->o;
	struct linkage_code code = { .parts = 0 };
	char value[LINKAGE_VALUE_MAX + 1];
	struct attrs_builder b;
	int rc;
	if (!o->form->linkage_code)
		return respondent_start(o->store, o->form_pk, o->form, o->lang, o->attrs_json,
					&p->r, err);
	if (!ask_code(p, &code)) {
		p->quit = true;
		return KY_OK;
	}
	linkage_code_value(&code, value);
	attrs_builder_init(&b);
	rc = respondent_start(o->store, o->form_pk, o->form, o->lang,
			      linkage_attrs_json(o->set, value, &b), &p->r, err);
	attrs_builder_release(&b);
	return rc;
}

static int start(struct plain *p, struct ky_error *err)
{
	const struct collect_plain_opts *o = p->o;
	struct session_pos at = { REVIEW, -1 };
	int rc;
	if (o->resume_uuid)
		rc = respondent_resume(o->store, o->form_pk, o->form, o->resume_uuid, &p->r, err);
	else
		rc = start_new(p, err);
	if (!rc && !p->r)
		return KY_OK;
	if (rc)
		return rc;
	if (o->resume_uuid)
		at = session_first_unanswered_pos(p->r->session);
	if (at.qi < 0 && (rc = session_walk_first(p->r->session, &at, err)))
		return rc;
	go_to(p, at);
	return KY_OK;
}

int collect_plain_run(const struct collect_plain_opts *o, FILE *in, FILE *out,
		      struct collect_plain_result *res, struct ky_error *err)
{
	struct plain p = { .o = o, .in = in, .out = out };
	struct sigaction sa, old[3];
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	int rc;

	memset(res, 0, sizeof *res);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;   /* no SA_RESTART: the read returns */
	sigemptyset(&sa.sa_mask);
	plain_signal = 0;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	rc = start(&p, err);
	if (!rc && p.r) {
		greet(&p);
		rc = converse(&p, err);
		if (!p.submitted) {
			snprintf(res->partial_uuid, sizeof res->partial_uuid, "%s", p.r->uuid);
			say(&p, W(&p, UW_PLAIN_LEFT));
		}
	}
	res->submitted = p.submitted;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if ((fflush(out) != 0 || ferror(out)) && !rc)
		rc = ky_error_set(err, KY_EIO, "collect: cannot write to the terminal");
	respondent_destroy(p.r);
	free(p.group);
	free(p.line);
	return rc;
}
