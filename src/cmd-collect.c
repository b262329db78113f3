/* cmd-collect.c - `kysely collect`: options, the form and the database,
 * then the terminal screens (tui/collect-ui.h) or a script (collect/script.h). */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "collect/kiosk-secret.h"
#include "collect/plain.h"
#include "collect/script.h"
#include "command.h"
#include "form/xlsform.h"
#include "store/entry-attrs.h"
#include "store/store.h"
#include "tui/collect-ui.h"
#include "tui/term-caps.h"
#include "tui/term.h"
#include "util/cmdline.h"
#include "util/mem.h"

/* Lines of text stay in the terminal's scrollback and a screen reader's
 * buffer: the next respondent at a kiosk could read the last one's. */
static const char kiosk_not_plain[] =
	"collect: '--kiosk' needs a full-screen terminal: plain mode ('--plain', or TERM "
	"dumb or without cursor addressing) cannot clear one respondent's answers before the next";

struct collect_args {
	const char *form_path, *db, *lang, *resume, *script, *secret_file;
	bool kiosk, list_partial, plain;
	long idle_seconds, batch;
	struct entry_attrs set;    /* --set NAME=VALUE: every new response's */
};

static int add_set(void *base, const char *value, struct ky_error *err)
{
	return entry_attrs_add(&((struct collect_args *)base)->set, "collect", value, err) ?
		KY_EUSAGE : KY_OK;
}

#define CA struct collect_args
static const struct cmdline_option collect_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", CA, db, "DB", "the SQLite database (required)"),
	CMDLINE_OPT_STRING(0, "lang", CA, lang, "CODE",
			   "start in this form language (fi, sv, en...; F2 switches)"),
	CMDLINE_OPT_FLAG(0, "kiosk", CA, kiosk,
			 "for unattended terminals: after each submission a new\n"
			 "respondent starts; Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing.\n"
			 "The operator quits with F10 (or Ctrl-X), the operator\n"
			 "secret (not shown) and Enter; a wrong one goes back to the\n"
			 "survey. Nothing about unfinished responses is printed."),
	CMDLINE_OPT_STRING(0, "kiosk-secret-file", CA, secret_file, "FILE",
			   "the operator secret: the first line of FILE\n"
			   "(4 to 256 bytes; FILE yours and mode 0600 or tighter);\n"
			   "without it, the environment variable KYSELY_KIOSK_SECRET.\n"
			   "--kiosk refuses to start without a secret"),
	CMDLINE_OPT_LONG(0, "idle-timeout", CA, idle_seconds, 0, 86400, "S",
			 "in kiosk mode, a response left without a key for S seconds\n"
			 "(default 120, 0 = never; 'still there?' is asked first)\n"
			 "keeps the answers given, stays unfinished and the welcome\n"
			 "screen returns for the next respondent"),
	CMDLINE_OPT_STRING(0, "resume", CA, resume, "ID",
			   "continue the unfinished response ID where it stopped\n"
			   "(without it, F4 on the welcome screen lists unfinished ones)"),
	CMDLINE_OPT_FLAG(0, "plain", CA, plain,
			 "no screen drawing: each question printed once as lines of\n"
			 "text (for screen readers and braille displays), answers\n"
			 "typed and confirmed with Enter; commands back, language,\n"
			 "review, skip, help, quit. Chosen by itself when TERM is\n"
			 "dumb or the terminal cannot move its cursor"),
	CMDLINE_OPT_FLAG(0, "list-partial", CA, list_partial,
			 "print the ids of unfinished responses and exit"),
	CMDLINE_OPT_STRING(0, "script", CA, script, "FILE",
			   "no screen: read lines NAME=VALUE and 'submit' from FILE\n"
			   "('-' = stdin); prints 'ID complete' per submitted response"),
	CMDLINE_OPT_LONG(0, "batch", CA, batch, 1, 1000000, "N",
			 "with --script: commit N submitted responses at a time (one\n"
			 "sync to disk) instead of every answer; for bulk entry of\n"
			 "a replayable script: a crash loses the open batch only"),
	CMDLINE_OPT_CALL(0, "set", add_set, "NAME=VALUE",
			 "give every new response the attribute NAME (repeatable;\n"
			 "e.g. wave=2026, phase=pre) like an attribute column of\n"
			 "'kysely import'; NAME may not be a question or a fixed\n"
			 "response column. Not with --resume (a resumed response\n"
			 "keeps its own) or --list-partial"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const collect_tables[] = { collect_options, NULL };

/* The rules between options, once they are read. */
static int check_args(const struct collect_args *a, struct ky_error *err);

static int parse_args(int argc, char **argv, struct collect_args *a, bool *help,
		      struct ky_error *err)
{
	void *const bases[] = { a };
	struct cmdline cl;
	int rc;

	memset(a, 0, sizeof *a);
	a->idle_seconds = 120;
	rc = command_parse(&cmd_collect, bases, &cl, argc, argv, err);
	*help = cl.help;
	if (!rc && !cl.help && cl.n_args == 0)
		rc = ky_error_set(err, KY_EUSAGE, "collect: which form? (kysely collect FORM --db DB)");
	if (!rc && !cl.help && cl.n_args > 1)
		rc = ky_error_set(err, KY_EUSAGE, "collect: unexpected argument '%s'", cl.args[1]);
	if (!rc && !cl.help)
		a->form_path = cl.args[0];
	cmdline_release(&cl);
	return rc || *help ? rc : check_args(a, err);
}

static int check_args(const struct collect_args *a, struct ky_error *err)
{
	char why[128];

	if (a->batch && !a->script)
		return ky_error_set(err, KY_EUSAGE, "collect: '--batch' is for '--script' (at a terminal every answer is committed when given)");
	if (a->resume && !form_respondent_id_valid(a->resume, why, sizeof why))
		return ky_error_set(err, KY_EUSAGE, "collect: '--resume': not a respondent id (%s)", why);
	if (a->secret_file && !a->kiosk)
		return ky_error_set(err, KY_EUSAGE, "collect: '--kiosk-secret-file' is for '--kiosk'");
	if (a->plain && a->kiosk)
		return ky_error_set(err, KY_EUSAGE, "%s", kiosk_not_plain);
	if (a->plain && a->script)
		return ky_error_set(err, KY_EUSAGE, "collect: '--plain' cannot be combined with '--script'");
	/* a resumed response keeps the attributes it started with */
	if (a->set.n && (a->resume || a->list_partial))
		return ky_error_set(err, KY_EUSAGE, "collect: '--set' is for new responses, not '%s'",
				    a->resume ? "--resume" : "--list-partial");
	if (a->kiosk && (a->resume || a->script))
		return ky_error_set(err, KY_EUSAGE, "collect: '--kiosk' cannot be combined with '%s'",
				    a->resume ? "--resume" : "--script");
	return KY_OK;
}

static int list_partial(struct store *store, int64_t form_pk, struct ky_error *err)
{
	char **uuids;
	size_t n, i;
	int rc = store_list_partial(store, form_pk, &uuids, &n, err);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		ky_stdout_puts(uuids[i]);
		putchar('\n');
		free(uuids[i]);
	}
	free(uuids);
	return KY_OK;
}

static int run_script(const struct collect_args *a, struct store *store, int64_t form_pk,
		      const struct form *form, int lang, const char *attrs_json, struct ky_error *err)
{
	struct collect_script_opts so = { store, form_pk, form, lang, a->resume, a->batch,
					  attrs_json };
	FILE *in = stdin;
	int rc;
	if (strcmp(a->script, "-") && !(in = fopen(a->script, "r")))
		return ky_error_set(err, KY_EIO, "collect: cannot open '%s': %m", a->script);
	rc = collect_script_run(&so, in, strcmp(a->script, "-") ? a->script : "stdin", stdout, err);
	if (in != stdin)
		fclose(in);
	return rc;
}

static int run_terminal(const struct collect_args *a, const struct kiosk_secret *secret,
			struct store *store, int64_t form_pk, const struct form *form, int lang,
			const char *attrs_json, struct ky_error *err)
{
	struct tui_collect_opts to = { store, form_pk, form, lang, a->kiosk, a->resume,
				       (int)a->idle_seconds, secret, attrs_json };
	struct tui_collect_result res;
	int rc = tui_collect_run(&to, &res, err);
	/* a kiosk's screen is the next respondent's: nothing there names a response */
	if (res.partial_uuid[0] && !a->kiosk)
		ky_say("kysely: collect: response %s is unfinished; continue it with "
		       "'kysely collect %s --db %s --resume %s'",
			res.partial_uuid, a->form_path, a->db, res.partial_uuid);
	if (!rc && !a->kiosk && res.submitted)
		printf("kysely: collect: response submitted\n");
	return rc;
}

/* The line mode: asked for, or the terminal cannot move its cursor. */
static bool wants_plain(const struct collect_args *a)
{
	return a->plain || !tui_term_can_address_cursor();
}

static int run_plain(const struct collect_args *a, struct store *store, int64_t form_pk,
		     const struct form *form, int lang, const char *attrs_json,
		     struct ky_error *err)
{
	struct collect_plain_opts po = { store, form_pk, form, lang, a->resume, attrs_json };
	struct collect_plain_result res;
	int rc;
	if (a->kiosk)
		return ky_error_set(err, KY_EUSAGE, "%s", kiosk_not_plain);
	rc = collect_plain_run(&po, stdin, stdout, &res, err);
	if (res.partial_uuid[0])
		ky_say("kysely: collect: response %s is unfinished; continue it with "
		       "'kysely collect %s --db %s --plain --resume %s'",
		       res.partial_uuid, a->form_path, a->db, res.partial_uuid);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct collect_args a;
	struct kiosk_secret secret = { { 0 }, "", false };
	struct form *form = NULL;
	struct store *store = NULL;
	struct attrs_builder attrs;
	size_t set_next = 0;
	char *definition = NULL;
	size_t def_len = 0;
	int64_t form_pk;
	bool help;
	int rc, lang;

	attrs_builder_init(&attrs);
	if ((rc = parse_args(argc, argv, &a, &help, err)) || help)
		goto out;
	/* before anything else: the environment copy is wiped once read */
	if (a.kiosk && (rc = kiosk_secret_load(&secret, a.secret_file, err)))
		goto out;
	/* labels are UTF-8 on screen and in scripts alike */
	if ((rc = tui_term_check_utf8(err)) ||
	    (rc = xlsform_read_reported("collect", a.form_path, NULL, &form, err)))
		goto out;
	if ((rc = entry_attrs_check_form(&a.set, "collect", form, err)) ||
	    (rc = form_choose_lang(form, a.lang, "collect", &lang, err)))
		goto out;
	entry_attrs_merge(&a.set, &set_next, NULL, &attrs);
	if ((rc = xlsform_canonical_text(a.form_path, NULL, &definition, &def_len, err)))
		goto out;
	if ((rc = store_open(a.db, STORE_CREATE, &store, err)))
		goto out;
	/* In a write transaction: terminals that open a new database at once
	 * would otherwise all miss the form and all insert it. */
	if ((rc = store_begin(store, err)))
		goto out;
	if ((rc = store_put_form(store, form, definition, def_len, &form_pk, err))) {
		store_rollback(store);
		goto out;
	}
	if ((rc = store_commit(store, err)))
		goto out;
	if (a.list_partial)
		rc = list_partial(store, form_pk, err);
	else if (a.script)
		rc = run_script(&a, store, form_pk, form, lang, attrs_builder_end(&attrs), err);
	else if (wants_plain(&a))
		rc = run_plain(&a, store, form_pk, form, lang, attrs_builder_end(&attrs), err);
	else
		rc = run_terminal(&a, &secret, store, form_pk, form, lang,
				  attrs_builder_end(&attrs), err);
out:
	entry_attrs_release(&a.set);
	attrs_builder_release(&attrs);
	store_close(store);
	free(definition);
	form_destroy(form);
	return rc;
}

const struct command cmd_collect = {
	.name = "collect",
	.summary = "answer a survey at the terminal (respondents' screens, kiosk mode)",
	.usage =
	"usage: kysely collect FORM --db DB [--plain] [--lang CODE] [--resume ID]\n"
	"       kysely collect FORM --db DB --kiosk [--kiosk-secret-file FILE] [--idle-timeout S]\n"
	"       kysely collect FORM --db DB --script FILE|- [--batch N] [--lang CODE] [--resume ID]\n"
	"       kysely collect FORM --db DB --list-partial\n"
	"\n"
	"Shows the survey FORM (an XLSForm folder or one-file CSV) to a respondent\n"
	"one question at a time and stores every answer in DB (created when missing)\n"
	"the moment it is accepted: a crash or power cut loses at most the answer\n"
	"being typed. Ctrl-C or F10 leaves the response unfinished and prints its id.\n",
	.options = collect_tables,
	.notes =
	"Keys: Enter accepts and goes on (on a list: the highlighted choice);\n"
	"Page Up or Shift-Tab goes back; Up/Down move; 1-9 pick a choice\n"
	"(select_one: Enter then accepts) or tick it; Space ticks; F2 language.\n"
	"The last screen reviews the answers: Enter submits, or opens the\n"
	"highlighted answer for changing.\n"
	"\n"
	"Example:\n"
	"  kysely collect surveys/ht-needs --db kysely.db --lang fi\n"
	"  printf 'profession=nurse\\nsubmit\\n' | kysely collect surveys/ht-needs --db kysely.db --script -\n",
	.run = run,
};
