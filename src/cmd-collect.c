/* cmd-collect.c - `kysely collect`: options, the form and the database,
 * then the terminal screens (tui/collect-ui.h) or a script (collect/script.h). */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/kiosk-secret.h"
#include "collect/linkage.h"
#include "collect/plain.h"
#include "collect/script.h"
#include "collect/sync-spawn.h"
#include "command.h"
#include "form/xlsform.h"
#include "store/entry-attrs.h"
#include "store/pg-conn.h"
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
	const char *form_path, *db, *lang, *resume, *script, *secret_file, *study_key_file;
	const char *sync_to;
	bool kiosk, list_partial, plain;
	long idle_seconds, batch;
	struct entry_attrs set;    /* --set NAME=VALUE: every new response's */
};

static int parse_args(int argc, char **argv, struct collect_args *a, bool *help,
		      struct ky_error *err)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "kiosk", no_argument, NULL, 'k' },
		{ "kiosk-secret-file", required_argument, NULL, 'S' },
		{ "study-key-file", required_argument, NULL, 'K' },
		{ "resume", required_argument, NULL, 'r' },
		{ "script", required_argument, NULL, 's' },
		{ "list-partial", no_argument, NULL, 'p' },
		{ "plain", no_argument, NULL, 'P' },
		{ "idle-timeout", required_argument, NULL, 'i' },
		{ "batch", required_argument, NULL, 'b' },
		{ "set", required_argument, NULL, 'A' },
		{ "sync-to", required_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char why[128];
	int c;
	memset(a, 0, sizeof *a);
	a->idle_seconds = 120;
	*help = false;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'l': a->lang = optarg; break;
		case 'k': a->kiosk = true; break;
		case 'S': a->secret_file = optarg; break;
		case 'K': a->study_key_file = optarg; break;
		case 'r': a->resume = optarg; break;
		case 's': a->script = optarg; break;
		case 'p': a->list_partial = true; break;
		case 'P': a->plain = true; break;
		case 'i':
			if (cmdline_long(err, "collect", "--idle-timeout", optarg, 0, 86400,
					 &a->idle_seconds))
				return KY_EUSAGE;
			break;
		case 'b':
			if (cmdline_long(err, "collect", "--batch", optarg, 1, 1000000, &a->batch))
				return KY_EUSAGE;
			break;
		case 'A':
			if (entry_attrs_add(&a->set, "collect", optarg, err))
				return KY_EUSAGE;
			break;
		case 'Y': a->sync_to = optarg; break;
		case 'h': *help = true; return KY_OK;
		default: return cmdline_bad_option(err, "collect", argc, argv, c);
		}
	}
	if (optind >= argc)
		return ky_error_set(err, KY_EUSAGE, "collect: which form? (kysely collect FORM --db DB)");
	if (optind + 1 < argc)
		return ky_error_set(err, KY_EUSAGE, "collect: unexpected argument '%s'", argv[optind + 1]);
	a->form_path = argv[optind];
	if (!a->db)
		return ky_error_set(err, KY_EUSAGE, "collect: '--db DB' is required");
	if (a->sync_to && !pg_is_uri(a->sync_to))
		return ky_error_set(err, KY_EUSAGE, "collect: '--sync-to' takes a postgresql:// URI");
	/* refused here, where the operator sees it, not only in the sync log */
	if (a->sync_to && pg_check_uri(a->sync_to, err))
		return ky_error_prefix(err, "collect: '--sync-to'");
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

static int choose_lang(const struct form *form, const char *code, int *lang, struct ky_error *err)
{
	char names[512] = "";
	size_t i;
	*lang = form->default_lang_index;
	if (!code)
		return KY_OK;
	*lang = form_lang_index(form, code);
	if (*lang >= 0)
		return KY_OK;
	for (i = 0; i < form->n_langs; i++) {
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", form->langs[i].code);
	}
	return ky_error_set(err, KY_EUSAGE, "collect: the form has no language '%s' (it has: %s)",
			    code, names);
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
			const struct linkage_key *key, struct store *store, int64_t form_pk,
			const struct form *form, int lang, const char *attrs_json,
			struct ky_error *err)
{
	struct tui_collect_opts to = { store, form_pk, form, lang, a->kiosk, a->resume,
				       (int)a->idle_seconds, secret, attrs_json, key, &a->set };
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

static int run_plain(const struct collect_args *a, const struct linkage_key *key,
		     struct store *store, int64_t form_pk, const struct form *form, int lang,
		     const char *attrs_json, struct ky_error *err)
{
	struct collect_plain_opts po = { store, form_pk, form, lang, a->resume, attrs_json,
					 key, &a->set };
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

/* A form with a linkage code: the study key (its environment copy wiped
 * in any case), no scripted answers (the respondent types the code) and
 * no --set of the code itself. */
static int linkage_setup(const struct collect_args *a, const struct form *form,
			 struct linkage_key *key, struct ky_error *err)
{
	if (!form->linkage_code) {
		if (getenv(LINKAGE_KEY_ENV))
			unsetenv(LINKAGE_KEY_ENV);
		if (a->study_key_file)
			return ky_error_set(err, KY_EUSAGE, "collect: '--study-key-file': the form "
					    "asks for no linkage code (settings 'linkage_code')");
		return KY_OK;
	}
	if (form_find_question(form, LINKAGE_ATTR))
		return ky_error_set(err, KY_EINPUT, "collect: the form asks for a linkage code, stored "
				    "as the attribute '%s': no question may have that name", LINKAGE_ATTR);
	if (entry_attrs_find(&a->set, LINKAGE_ATTR) >= 0)
		return ky_error_set(err, KY_EUSAGE, "collect: '--set %s': the linkage code is typed "
				    "by the respondent", LINKAGE_ATTR);
	if (a->script && !a->resume)
		return ky_error_set(err, KY_EUSAGE, "collect: the form asks for a linkage code, "
				    "which the respondent types: not with '--script'");
	if (a->resume || a->list_partial) {
		if (getenv(LINKAGE_KEY_ENV))
			unsetenv(LINKAGE_KEY_ENV);
		return KY_OK;   /* a resumed response has its code already */
	}
	return linkage_key_load(key, a->study_key_file, err);
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct linkage_key key = { .set = false };
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
	if ((rc = parse_args(argc, argv, &a, &help, err)) || help) {
		if (help)
			command_print_usage(&cmd_collect);
		goto out;
	}
	/* before anything else: the environment copy is wiped once read */
	if (a.kiosk && (rc = kiosk_secret_load(&secret, a.secret_file, err)))
		goto out;
	/* labels are UTF-8 on screen and in scripts alike */
	if ((rc = tui_term_check_utf8(err)) ||
	    (rc = xlsform_read_reported("collect", a.form_path, NULL, &form, err)))
		goto out;
	if ((rc = linkage_setup(&a, form, &key, err)) ||
	    (rc = entry_attrs_check_form(&a.set, "collect", form, err)) ||
	    (rc = choose_lang(form, a.lang, &lang, err)))
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
	sync_spawn_configure(a.db, a.list_partial ? NULL : a.sync_to);
	if (a.list_partial)
		rc = list_partial(store, form_pk, err);
	else if (a.script)
		rc = run_script(&a, store, form_pk, form, lang, attrs_builder_end(&attrs), err);
	else if (wants_plain(&a))
		rc = run_plain(&a, &key, store, form_pk, form, lang, attrs_builder_end(&attrs), err);
	else
		rc = run_terminal(&a, &secret, &key, store, form_pk, form, lang,
				  attrs_builder_end(&attrs), err);
	sync_spawn_finish();
out:
	linkage_key_wipe(&key);
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
	"       kysely collect FORM --db DB --study-key-file FILE [--set phase=pre] (linkage code)\n"
	"       kysely collect FORM --db DB --script FILE|- [--batch N] [--lang CODE] [--resume ID]\n"
	"       kysely collect FORM --db DB --list-partial\n"
	"\n"
	"Shows the survey FORM (an XLSForm folder or one-file CSV) to a respondent\n"
	"one question at a time and stores every answer in DB (created when missing)\n"
	"the moment it is accepted: a crash or power cut loses at most the answer\n"
	"being typed. Ctrl-C or F10 leaves the response unfinished and prints its id.\n"
	"\n"
	"Options:\n"
	"  --db DB          the SQLite database (required)\n"
	"  --lang CODE      start in this form language (fi, sv, en...; F2 switches)\n"
	"  --kiosk          for unattended terminals: after each submission a new\n"
	"                   respondent starts; Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing.\n"
	"                   The operator quits with F10 (or Ctrl-X), the operator\n"
	"                   secret (not shown) and Enter; a wrong one goes back to the\n"
	"                   survey. Nothing about unfinished responses is printed.\n"
	"  --kiosk-secret-file FILE  the operator secret: the first line of FILE\n"
	"                   (4 to 256 bytes; FILE yours and mode 0600 or tighter);\n"
	"                   without it, the environment variable KYSELY_KIOSK_SECRET.\n"
	"                   --kiosk refuses to start without a secret\n"
	"  --study-key-file FILE  the study key of a form whose settings say\n"
	"                   linkage_code = yes: the first line of FILE (16 to 256\n"
	"                   bytes; FILE yours and mode 0600 or tighter); without it,\n"
	"                   the environment variable KYSELY_STUDY_KEY. Each new\n"
	"                   respondent first types the parts of a personal code;\n"
	"                   only keyed hashes of them are stored (attribute\n"
	"                   linkage_code). The same key before and after a training\n"
	"  --idle-timeout S in kiosk mode, a response left without a key for S seconds\n"
	"                   (default 120, 0 = never; 'still there?' is asked first)\n"
	"                   keeps the answers given, stays unfinished and the welcome\n"
	"                   screen returns for the next respondent\n"
	"  --resume ID      continue the unfinished response ID where it stopped\n"
	"                   (without it, F4 on the welcome screen lists unfinished ones)\n"
	"  --plain          no screen drawing: each question printed once as lines of\n"
	"                   text (for screen readers and braille displays), answers\n"
	"                   typed and confirmed with Enter; commands back, language,\n"
	"                   review, skip, help, quit. Chosen by itself when TERM is\n"
	"                   dumb or the terminal cannot move its cursor\n"
	"  --list-partial   print the ids of unfinished responses and exit\n"
	"  --script FILE    no screen: read lines NAME=VALUE and 'submit' from FILE\n"
	"                   ('-' = stdin); prints 'ID complete' per submitted response\n"
	"  --batch N        with --script: commit N submitted responses at a time (one\n"
	"                   sync to disk) instead of every answer; for bulk entry of\n"
	"                   a replayable script: a crash loses the open batch only\n"
	"  --set NAME=VALUE give every new response the attribute NAME (repeatable;\n"
	"                   e.g. wave=2026, phase=pre) like an attribute column of\n"
	"                   'kysely import'; NAME may not be a question or a fixed\n"
	"                   response column. Not with --resume (a resumed response\n"
	"                   keeps its own) or --list-partial\n"
	"  --sync-to URI    after each submission, run 'kysely sync --db DB --to URI'\n"
	"                   in the background (postgresql://...; see kysely sync):\n"
	"                   the respondent never waits for it, and its messages,\n"
	"                   failures included, go to DB-sync.log\n"
	"\n"
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
