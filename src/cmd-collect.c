/* cmd-collect.c - `kysely collect`: options, the form and the database,
 * then the terminal screens (tui/collect-ui.h) or a script (collect/script.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/args.h"
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

static const struct cmdline_option *const collect_tables[] = { collect_options, NULL };


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
	return rc || *help ? rc : collect_args_check(a, err);
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

/* A script names answers by question only, with no instance: a form
 * with repeats would have its repeats' answers stored in the wrong record. */
static int check_repeats(const struct collect_args *a, const struct form *form,
			 struct ky_error *err)
{
	if (!form->n_repeats || a->list_partial || !a->script)
		return KY_OK;
	return ky_error_set(err, KY_EUSAGE, "collect: %s: the form has repeats ('%s'), which "
			    "--script cannot collect yet; use the screen or --plain", a->form_path,
			    form->questions[form->repeats[0]].name);
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
	if ((rc = parse_args(argc, argv, &a, &help, err)) || help)
		goto out;
	/* before anything else: the environment copy is wiped once read */
	if (a.kiosk && (rc = kiosk_secret_load(&secret, a.secret_file, err)))
		goto out;
	/* labels are UTF-8 on screen and in scripts alike */
	if ((rc = tui_term_check_utf8(err)) ||
	    (rc = xlsform_read_reported("collect", a.form_path, NULL, &form, err)))
		goto out;
	if ((rc = collect_linkage_setup(&a, form, &key, err)) ||
	    (rc = entry_attrs_check_form(&a.set, "collect", form, err)) ||
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
	if ((rc = check_repeats(&a, form, err)))
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
	"being typed. Ctrl-C or F10 leaves the response unfinished and prints its id.\n",
	.options = collect_tables,
	.notes =
	"Keys: Enter accepts and goes on (on a list: the highlighted choice);\n"
	"Page Up or Shift-Tab goes back; Up/Down move; 1-9 pick a choice\n"
	"(select_one: Enter then accepts) or tick it; Space ticks; F2 language.\n"
	"The last screen reviews the answers: Enter submits, or opens the\n"
	"highlighted answer for changing. A repeat's screen lists its instances:\n"
	"Enter opens one (or Add another / Done); Delete twice removes one.\n"
	"\n"
	"Example:\n"
	"  kysely collect surveys/ht-needs --db kysely.db --lang fi\n"
	"  printf 'profession=nurse\\nsubmit\\n' | kysely collect surveys/ht-needs --db kysely.db --script -\n",
	.run = run,
};
