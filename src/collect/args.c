/* args.c - collect's option rows and the rules between them (args.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "collect/args.h"
#include "store/pg-conn.h"

/* Lines of text stay in the terminal's scrollback and a screen reader's
 * buffer: the next respondent at a kiosk could read the last one's. */
const char kiosk_not_plain[] =
	"collect: '--kiosk' needs a full-screen terminal: plain mode ('--plain', or TERM "
	"dumb or without cursor addressing) cannot clear one respondent's answers before the next";

static int add_set(void *base, const char *value, struct ky_error *err)
{
	return entry_attrs_add(&((struct collect_args *)base)->set, "collect", value, err) ?
		KY_EUSAGE : KY_OK;
}

#define CA struct collect_args
const struct cmdline_option collect_options[] = {
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
	CMDLINE_OPT_STRING(0, "study-key-file", CA, study_key_file, "FILE",
			   "the study key of a form whose settings say\n"
			   "linkage_code = yes: the first line of FILE (16 to 256\n"
			   "bytes; FILE yours and mode 0600 or tighter); without it,\n"
			   "the environment variable KYSELY_STUDY_KEY. Each new\n"
			   "respondent first types the parts of a personal code;\n"
			   "only keyed hashes of them are stored (attribute\n"
			   "linkage_code). Use the same key before and after a\n"
			   "training, or the codes cannot be linked"),
	CMDLINE_OPT_STRING(0, "sync-to", CA, sync_to, "URI",
			   "after each submission, run 'kysely sync --db DB --to URI'\n"
			   "in the background (postgresql://...; see kysely sync):\n"
			   "the respondent never waits for it, and its messages,\n"
			   "failures included, go to DB-sync.log"),
	CMDLINE_OPT_END
};

int collect_args_check(const struct collect_args *a, struct ky_error *err)
{
	char why[128];

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

/* A form with a linkage code: the study key (its environment copy wiped
 * in any case), no scripted answers (the respondent types the code) and
 * no --set of the code itself. */
int collect_linkage_setup(const struct collect_args *a, const struct form *form,
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
