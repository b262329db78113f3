/* xlsform.c - builds the form model from XLSForm sheets (xlsform.h).
 *
 * xlsform-sheet.c hands over the sheets as rows of cells with their
 * physical lines; here the columns get their meaning, every row is
 * checked, and every problem is recorded with its place (the reader never
 * stops at the first one: an author fixes a form in one round). Only a
 * form without errors is returned.
 *
 * Passes: settings (form_id, default language) -> languages from the
 * text columns of both sheets -> survey rows -> choices (whose extra
 * columns are those a choice_filter names) -> links and checks that need
 * the whole form (lists, references, names, slots, training needs). */
#include "config.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include "form/xlsform-impl.h"
#include "util/mem.h"

enum field {
	F_UNKNOWN = -1,
	/* survey */
	F_TYPE, F_NAME, F_LABEL, F_HINT, F_REQUIRED, F_REQUIRED_MESSAGE,
	F_RELEVANT, F_CONSTRAINT, F_CONSTRAINT_MESSAGE, F_CHOICE_FILTER,
	F_DEFAULT, F_APPEARANCE, F_CALCULATION, F_READ_ONLY, F_PARAMETERS,
	F_REPEAT_COUNT, F_SCALE, F_REVERSE, F_DOMAIN, F_BRIEF, F_NEED_TOPIC, F_NEED_ROLE, F_EXPLANATION,
	/* choices */
	F_LIST_NAME, F_SCORE, F_VALUE, F_DONT_KNOW,
	/* settings */
	F_FORM_ID, F_FORM_TITLE, F_VERSION, F_DEFAULT_LANGUAGE, F_ALLOW_DUPS,
	F_DEBRIEF, F_CONTROLLER, F_CONTACT, F_RETENTION, F_LINKAGE_CODE,
	N_FIELDS
};

/* The text fields that have a column per language. */
enum tfield { T_LABEL, T_HINT, T_REQUIRED_MESSAGE, T_CONSTRAINT_MESSAGE, T_EXPLANATION, N_TFIELDS };

#define IN_SURVEY (1 << SHEET_SURVEY)
#define IN_CHOICES ((1 << SHEET_CHOICES) | (1 << SHEET_EXTERNAL))
#define IN_SETTINGS (1 << SHEET_SETTINGS)

static const struct column_name {
	const char *key;
	enum field field;
	int sheets;
} column_names[] = {
	{ "type", F_TYPE, IN_SURVEY },
	{ "name", F_NAME, IN_SURVEY | IN_CHOICES | IN_SETTINGS },
	{ "label", F_LABEL, IN_SURVEY | IN_CHOICES },
	{ "hint", F_HINT, IN_SURVEY },
	{ "required", F_REQUIRED, IN_SURVEY },
	{ "required_message", F_REQUIRED_MESSAGE, IN_SURVEY },
	{ "relevant", F_RELEVANT, IN_SURVEY },
	{ "constraint", F_CONSTRAINT, IN_SURVEY },
	{ "constraint_message", F_CONSTRAINT_MESSAGE, IN_SURVEY },
	{ "choice_filter", F_CHOICE_FILTER, IN_SURVEY },
	{ "default", F_DEFAULT, IN_SURVEY },
	{ "appearance", F_APPEARANCE, IN_SURVEY },
	{ "calculation", F_CALCULATION, IN_SURVEY },
	{ "read_only", F_READ_ONLY, IN_SURVEY },
	{ "parameters", F_PARAMETERS, IN_SURVEY },
	{ "repeat_count", F_REPEAT_COUNT, IN_SURVEY },
	{ "jr:count", F_REPEAT_COUNT, IN_SURVEY },
	{ "scale", F_SCALE, IN_SURVEY },
	{ "reverse", F_REVERSE, IN_SURVEY },
	{ "domain", F_DOMAIN, IN_SURVEY },
	{ "brief", F_BRIEF, IN_SURVEY },
	{ "need_topic", F_NEED_TOPIC, IN_SURVEY },
	{ "need_role", F_NEED_ROLE, IN_SURVEY },
	{ "explanation", F_EXPLANATION, IN_SURVEY },
	{ "list_name", F_LIST_NAME, IN_CHOICES },
	{ "score", F_SCORE, IN_CHOICES },
	{ "value", F_VALUE, IN_CHOICES },
	{ "dont_know", F_DONT_KNOW, IN_CHOICES },
	{ "form_id", F_FORM_ID, IN_SETTINGS },
	{ "id_string", F_FORM_ID, IN_SETTINGS },
	{ "form_title", F_FORM_TITLE, IN_SETTINGS },
	{ "title", F_FORM_TITLE, IN_SETTINGS },
	{ "version", F_VERSION, IN_SETTINGS },
	{ "default_language", F_DEFAULT_LANGUAGE, IN_SETTINGS },
	{ "allow_choice_duplicates", F_ALLOW_DUPS, IN_SETTINGS },
	{ "debrief", F_DEBRIEF, IN_SETTINGS },
	{ "controller", F_CONTROLLER, IN_SETTINGS },
	{ "contact", F_CONTACT, IN_SETTINGS },
	{ "retention", F_RETENTION, IN_SETTINGS },
	{ "linkage_code", F_LINKAGE_CODE, IN_SETTINGS },
};

static const enum field text_fields[N_TFIELDS] = {
	F_LABEL, F_HINT, F_REQUIRED_MESSAGE, F_CONSTRAINT_MESSAGE, F_EXPLANATION
};

/* What each column of one sheet means. */
struct columns {
	int col[N_FIELDS];             /* plain column of a field, -1 if none */
	int *lang_col[N_TFIELDS];      /* [lang]: explicit language column, -1 if none */
	int *extra;                    /* choices: the extra columns kept, in order */
	size_t n_extra;
};

struct builder {
	struct sheets sheets;
	struct diag_list diag;
	struct form *form;
	struct columns cols[N_SHEETS];
	int plain_lang;                /* language of the plain `label`, -1 until seen */
	char **list_of;                /* [question] the list name of a select, else NULL */
	size_t n_list_of;
	size_t q_cap;
	bool stored;                   /* a definition a database keeps (xlsform_read_buffer) */
	struct name_index names;       /* built once the survey sheet is read */
	char **other_lists;            /* lists an or_other select uses: they get "other" */
	size_t n_other_lists, other_cap;
	char **external_lists;         /* lists select_one_external names (external_choices) */
	size_t n_external_lists, external_cap;
	/* names of rows refused for their type: a reference to one is no
	 * second error (the row's own error says what to mend) */
	char **refused;
	size_t n_refused, refused_cap;
};

static int tfield_of(enum field f)
{
	int t;
	for (t = 0; t < N_TFIELDS; t++)
		if (text_fields[t] == f)
			return t;
	return -1;
}

static enum field field_of(const char *key, int sheet)
{
	size_t i;
	for (i = 0; i < sizeof column_names / sizeof column_names[0]; i++)
		if (!strcmp(column_names[i].key, key) && (column_names[i].sheets & (1 << sheet)))
			return column_names[i].field;
	return F_UNKNOWN;
}

static void trim_in_place(char *s)
{
	char *start = s;
	size_t n;
	while (*start == ' ' || *start == '\t' || *start == '\r' || *start == '\n')
		start++;
	n = strlen(start);
	while (n && (start[n - 1] == ' ' || start[n - 1] == '\t' ||
		     start[n - 1] == '\r' || start[n - 1] == '\n'))
		n--;
	memmove(s, start, n);
	s[n] = '\0';
}

static const char *cell(const struct sheet *sh, size_t row, int col)
{
	return col < 0 ? "" : sh->rows[row].cells[col];
}

static char *dup_or_null(const char *s)
{
	return *s ? ky_strdup(s) : NULL;
}

/* ---- languages ---- */

static int lang_find(const struct form *f, const char *name)
{
	size_t i;
	for (i = 0; i < f->n_langs; i++)
		if (!strcasecmp(f->langs[i].name, name))
			return (int)i;
	return -1;
}

/* "Suomi (fi)" has the code fi; a name without parentheses is its own code. */
static char *lang_code(const char *name)
{
	const char *open = strrchr(name, '('), *close = strrchr(name, ')');
	if (open && close && close > open + 1) {
		char *code = ky_strndup(open + 1, (size_t)(close - open - 1));
		trim_in_place(code);
		if (*code)
			return code;
		free(code);
	}
	return ky_strdup(name);
}

static int lang_add(struct form *f, const char *name)
{
	int i = lang_find(f, name);
	if (i >= 0)
		return i;
	f->langs = ky_reallocarray(f->langs, f->n_langs + 1, sizeof *f->langs);
	f->langs[f->n_langs].name = ky_strdup(name);
	f->langs[f->n_langs].code = lang_code(name);
	return (int)f->n_langs++;
}

/* Splits "label::Suomi (fi)" or "label:English" into its field and
 * language; false when the header has no language part. */
static bool split_lang(const char *header, char **base, char **lang)
{
	const char *sep = strstr(header, "::");
	size_t seplen = 2;

	if (!sep) {
		sep = strchr(header, ':');
		seplen = 1;
	}
	if (!sep)
		return false;
	*base = ky_strndup(header, (size_t)(sep - header));
	*lang = ky_strdup(sep + seplen);
	trim_in_place(*lang);
	if (!**lang) {
		free(*base);
		free(*lang);
		return false;
	}
	return true;
}

/* pyxform's other spellings of a survey column (aliases.py): the XForm
 * bind attributes (bind::relevant, bind:jr:constraintMsg...), relevance,
 * and words joined by a space. The language part keeps its case. */
static char *dealias_header(const char *h)
{
	static const char *const aliases[][2] = {
		{ "jr:constraintmsg", "constraint_message" }, { "jr:requiredmsg", "required_message" },
		{ "constraintmsg", "constraint_message" }, { "requiredmsg", "required_message" },
		{ "constraint message", "constraint_message" }, { "required message", "required_message" },
		{ "choice filter", "choice_filter" }, { "read only", "read_only" },
		{ "readonly", "read_only" }, { "relevance", "relevant" },
	};
	size_t i, n;

	while (*h == ' ')
		h++;
	if (!strncasecmp(h, "bind:", 5)) {
		h += 5;
		h += *h == ':';
		while (*h == ' ')
			h++;
	}
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		n = strlen(aliases[i][0]);
		if (!strncasecmp(h, aliases[i][0], n) && (!h[n] || h[n] == ':'))
			return ky_asprintf("%s%s", aliases[i][1], h + n);
	}
	return ky_strdup(h);
}

static void dealias_headers(struct sheet *sh)
{
	size_t c;
	for (c = 0; c < sh->n_cols; c++) {
		char *h = dealias_header(sh->headers[c]);
		free(sh->headers[c]);
		sh->headers[c] = h;
	}
}

/* First pass over a header: which languages the text columns name. */
static void collect_langs(struct builder *b, int si)
{
	const struct sheet *sh = &b->sheets.sheet[si];
	struct form *f = b->form;
	size_t c;

	for (c = 0; c < sh->n_cols; c++) {
		char *base, *lang, *key;
		if (split_lang(sh->headers[c], &base, &lang)) {
			key = sheet_key(base);
			if (tfield_of(field_of(key, si)) >= 0)
				lang_add(f, lang);
			free(key);
			free(base);
			free(lang);
			continue;
		}
		key = sheet_key(sh->headers[c]);
		if (tfield_of(field_of(key, si)) >= 0 && b->plain_lang < 0)
			b->plain_lang = lang_add(f, f->default_lang ? f->default_lang : "default");
		free(key);
	}
}

/* Second pass: the meaning of each column; unknown ones are warned once.
 * wanted_extra tells whether a choices column is one a choice_filter names. */
static void map_columns(struct builder *b, int si, bool (*wanted_extra)(struct builder *, const char *))
{
	const struct sheet *sh = &b->sheets.sheet[si];
	struct columns *cols = &b->cols[si];
	struct form *f = b->form;
	size_t c, l;
	int t;

	for (t = 0; t < N_FIELDS; t++)
		cols->col[t] = -1;
	for (t = 0; t < N_TFIELDS; t++) {
		cols->lang_col[t] = ky_calloc(f->n_langs ? f->n_langs : 1, sizeof(int));
		for (l = 0; l < f->n_langs; l++)
			cols->lang_col[t][l] = -1;
	}
	for (c = 0; c < sh->n_cols; c++) {
		char *base, *lang, *key;
		enum field fd;
		int *slot = NULL;

		if (!*sh->headers[c])
			continue;
		if (split_lang(sh->headers[c], &base, &lang)) {
			key = sheet_key(base);
			t = tfield_of(field_of(key, si));
			if (t >= 0)
				slot = &cols->lang_col[t][lang_find(f, lang)];
			free(base);
			free(lang);
		} else {
			key = sheet_key(sh->headers[c]);
			fd = field_of(key, si);
			if (fd != F_UNKNOWN)
				slot = &cols->col[fd];
		}
		if (slot && *slot >= 0) {
			diag_add(&b->diag, sh->path, sh->header_line, true,
				 "column '%s' appears twice", sh->headers[c]);
		} else if (slot) {
			*slot = (int)c;
		} else if (wanted_extra && wanted_extra(b, sh->headers[c])) {
			cols->extra = ky_reallocarray(cols->extra, cols->n_extra + 1, sizeof *cols->extra);
			cols->extra[cols->n_extra++] = (int)c;
		} else {
			diag_add(&b->diag, sh->path, sh->header_line, false,
				 "unknown column '%s' ignored", sh->headers[c]);
		}
		free(key);
	}
}

static void read_text(struct builder *b, int si, size_t row, int t, struct form_text *out)
{
	const struct sheet *sh = &b->sheets.sheet[si];
	const struct columns *cols = &b->cols[si];
	size_t n = b->form->n_langs, l;

	out->by_lang = ky_calloc(n ? n : 1, sizeof *out->by_lang);
	for (l = 0; l < n; l++) {
		const char *s = cell(sh, row, cols->lang_col[t][l]);
		/* an explicit language column wins over the plain one */
		if (!*s && (int)l == b->plain_lang)
			s = cell(sh, row, cols->col[text_fields[t]]);
		out->by_lang[l] = dup_or_null(s);
	}
}

static bool has_text(const struct form *f, const struct form_text *t)
{
	size_t l;
	for (l = 0; l < f->n_langs; l++)
		if (t->by_lang[l])
			return true;
	return false;
}

/* ---- settings ---- */

static bool yes_word(const char *s)
{
	return !strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcasecmp(s, "true()") ||
	       !strcmp(s, "1");
}

static bool no_word(const char *s)
{
	return !*s || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
	       !strcasecmp(s, "false()") || !strcmp(s, "0");
}

/* `debrief_more` and `debrief_more::LANG`: read once the languages are
 * known (read_settings_texts). */
static bool debrief_more_column(struct builder *b, const char *header)
{
	char *base, *lang, *key;
	bool yes;
	(void)b;
	if (split_lang(header, &base, &lang)) {
		key = sheet_key(base);
		free(base);
		free(lang);
	} else {
		key = sheet_key(header);
	}
	yes = !strcmp(key, "debrief_more");
	free(key);
	return yes;
}

static void read_settings(struct builder *b)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SETTINGS];
	struct columns *cols = &b->cols[SHEET_SETTINGS];
	struct form *f = b->form;
	const char *debrief, *linkage;

	map_columns(b, SHEET_SETTINGS, debrief_more_column);
	if (sh->present && sh->n_rows) {
		f->controller = dup_or_null(cell(sh, 0, cols->col[F_CONTROLLER]));
		f->contact = dup_or_null(cell(sh, 0, cols->col[F_CONTACT]));
		f->retention = dup_or_null(cell(sh, 0, cols->col[F_RETENTION]));
		debrief = cell(sh, 0, cols->col[F_DEBRIEF]);
		if (yes_word(debrief))
			f->debrief = true;
		else if (!no_word(debrief))
			diag_add(&b->diag, sh->path, sh->rows[0].line, true,
				 "'debrief': expected yes or no, not '%s'", debrief);
		linkage = cell(sh, 0, cols->col[F_LINKAGE_CODE]);
		if (yes_word(linkage))
			f->linkage_code = true;
		else if (!no_word(linkage))
			diag_add(&b->diag, sh->path, sh->rows[0].line, true,
				 "'linkage_code': expected yes or no, not '%s'", linkage);
		f->form_id = dup_or_null(cell(sh, 0, cols->col[F_FORM_ID]));
		f->title = dup_or_null(cell(sh, 0, cols->col[F_FORM_TITLE]));
		f->version = dup_or_null(cell(sh, 0, cols->col[F_VERSION]));
		f->default_lang = dup_or_null(cell(sh, 0, cols->col[F_DEFAULT_LANGUAGE]));
		f->allow_choice_duplicates = yes_word(cell(sh, 0, cols->col[F_ALLOW_DUPS]));
		if (sh->n_rows > 1)
			diag_add(&b->diag, sh->path, sh->rows[1].line, false,
				 "settings rows after the first are ignored");
	}
	if (!f->form_id)
		f->form_id = ky_strdup(b->sheets.default_id);
	if (!f->title)
		f->title = ky_strdup(f->form_id);
}

/* debrief_more per language; a plain `debrief_more` is the default
 * language's, as a plain `label` is. */
static void read_settings_texts(struct builder *b)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SETTINGS];
	const struct columns *cols = &b->cols[SHEET_SETTINGS];
	struct form *f = b->form;
	size_t i;

	f->debrief_more.by_lang = ky_calloc(f->n_langs ? f->n_langs : 1, sizeof *f->debrief_more.by_lang);
	if (!sh->present || !sh->n_rows)
		return;
	for (i = 0; i < cols->n_extra; i++) {
		const char *header = sh->headers[cols->extra[i]];
		char *base, *lang;
		int l = f->default_lang_index;
		if (split_lang(header, &base, &lang)) {
			l = lang_find(f, lang);
			if (l < 0)
				diag_add(&b->diag, sh->path, sh->header_line, false,
					 "column '%s': no label is in language '%s'; ignored", header, lang);
			free(base);
			free(lang);
		}
		if (l >= 0 && !f->debrief_more.by_lang[l])
			f->debrief_more.by_lang[l] = dup_or_null(cell(sh, 0, cols->extra[i]));
	}
}

/* ---- types ---- */

static const struct type_name {
	const char *name;
	enum form_qtype type;
} type_names[] = {
	{ "integer", FQ_INTEGER }, { "int", FQ_INTEGER },
	{ "decimal", FQ_DECIMAL }, { "range", FQ_RANGE },
	{ "text", FQ_TEXT }, { "string", FQ_TEXT },
	{ "date", FQ_DATE }, { "time", FQ_TIME }, { "datetime", FQ_DATETIME },
	{ "note", FQ_NOTE }, { "acknowledge", FQ_ACKNOWLEDGE }, { "trigger", FQ_ACKNOWLEDGE },
	{ "calculate", FQ_CALCULATE }, { "hidden", FQ_HIDDEN },
	{ "begin_group", FQ_BEGIN_GROUP }, { "begin group", FQ_BEGIN_GROUP },
	{ "end_group", FQ_END_GROUP }, { "end group", FQ_END_GROUP },
	{ "start", FQ_START }, { "end", FQ_END }, { "today", FQ_TODAY },
	{ "deviceid", FQ_DEVICEID },
};

/* Types ODK collects that a terminal cannot: accepted, never asked. */
static const char *const unsupported_types[] = {
	"geopoint", "geotrace", "geoshape", "image", "audio", "video", "file",
	"barcode", "signature", "background-audio", "background-geopoint",
	"start-geopoint", "xml-external", "csv-external", "username", "email",
	"phonenumber", "simserial", "subscriberid", "audit", "photo", "osm",
};

/* Turns runs of blanks into one space, and lowercases when lower. */
static char *spaced_type(const char *s, bool lower)
{
	char *out = ky_malloc(strlen(s) + 1), *o = out;
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = lower ? (char)tolower((unsigned char)*s) : *s;
	}
	*o = '\0';
	return out;
}

static char *normal_type(const char *s)
{
	return spaced_type(s, true);
}

/* The original text after its first k blank-separated words. */
static const char *skip_words(const char *s, int k)
{
	while (*s == ' ' || *s == '\t')
		s++;
	for (; k > 0; k--) {
		while (*s && *s != ' ' && *s != '\t')
			s++;
		while (*s == ' ' || *s == '\t')
			s++;
	}
	return s;
}

/* pyxform's spellings of a select (aliases.py): the legacy English ones
 * too, longest first, so that "select one from L" names list L. pyxform
 * takes the legacy ones in lowercase only ("Select one from L" is an
 * unknown type there). */
static const struct select_prefix {
	const char *prefix;
	enum form_qtype type;
	bool legacy;
} select_prefixes[] = {
	{ "select all that apply from ", FQ_SELECT_MULTIPLE, true },
	{ "select all that apply ", FQ_SELECT_MULTIPLE, true },
	{ "select multiple from ", FQ_SELECT_MULTIPLE, true },
	{ "select one from ", FQ_SELECT_ONE, true },
	{ "select_one_external ", FQ_SELECT_ONE, false },
	{ "select_one_from_file ", FQ_SELECT_ONE, false },
	{ "select_multiple_from_file ", FQ_SELECT_MULTIPLE, false },
	{ "select_one ", FQ_SELECT_ONE, false }, { "select one ", FQ_SELECT_ONE, false },
	{ "select_multiple ", FQ_SELECT_MULTIPLE, false },
	{ "select multiple ", FQ_SELECT_MULTIPLE, false },
	{ "rank ", FQ_RANK, false },
};

/* A select_*_from_file's list: the file beside the form. */
static bool csv_file_list(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".csv");
}

/* A select type: the list name as written to *list, and *or_other when
 * it ends in or_other / "or specify other" (pyxform then adds the choice
 * "other" and a text question NAME_other). */
static bool parse_select(const char *text, const char *t, const struct select_prefix *sp,
			 char **list, bool *or_other, char *why, size_t whylen)
{
	const char *p, *rest;
	int words = 0;
	size_t n;

	for (p = sp->prefix; *p; p++)
		words += *p == ' ';
	rest = skip_words(text, words);
	n = strcspn(rest, " \t");
	t += strlen(sp->prefix) + n;
	if (sp->type != FQ_RANK && (!strcmp(t, " or_other") || !strcmp(t, " or specify other")))
		*or_other = true;
	else if (*t) {
		snprintf(why, whylen, "type '%s': only 'select_one LIST' or 'select_one LIST or_other' is "
			 "supported ('%s' after the list name)", text, t + 1);
		return false;
	}
	*list = ky_strndup(rest, n);
	return true;
}

/* pyxform's other names of a type (aliases.py). */
static const char *type_alias(const char *t)
{
	static const char *const aliases[][2] = {
		{ "imei", "deviceid" }, { "uri:deviceid", "deviceid" },
		{ "gps", "geopoint" }, { "location", "geopoint" }, { "q location", "geopoint" },
		{ "add location prompt", "geopoint" }, { "add text prompt", "text" },
		{ "q text", "text" }, { "add integer prompt", "integer" }, { "q int", "integer" },
		{ "add decimal prompt", "decimal" }, { "add date prompt", "date" },
		{ "add note prompt", "note" }, { "q note", "note" },
		{ "uri:email", "email" }, { "uri:phonenumber", "phonenumber" },
		{ "uri:simserial", "simserial" }, { "uri:subscriberid", "subscriberid" },
		{ "uri:username", "username" },
	};
	size_t i;
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(t, aliases[i][0]))
			return aliases[i][1];
	return t;
}

/* Parses a type cell; returns false with why filled when it is wrong. A
 * select's list name (as written) goes to *list. */
static bool parse_type(const char *text, enum form_qtype *type, char **list, bool *unsupported,
		       bool *or_other, bool *external, char *why, size_t whylen)
{
	char *t = normal_type(text), *spaced = spaced_type(text, false);
	const char *a;
	size_t i;
	bool ok = false;

	*list = NULL;
	*unsupported = false;
	*or_other = false;
	for (i = 0; i < sizeof select_prefixes / sizeof select_prefixes[0]; i++) {
		size_t n = strlen(select_prefixes[i].prefix);
		if (strncmp(t, select_prefixes[i].prefix, n) ||
		    (select_prefixes[i].legacy && strncmp(spaced, select_prefixes[i].prefix, n)))
			continue;
		ok = parse_select(text, t, &select_prefixes[i], list, or_other, why, whylen);
		if (ok)
			*type = select_prefixes[i].type;
		*external = ok && !strcmp(select_prefixes[i].prefix, "select_one_external ");
		if (ok && strstr(select_prefixes[i].prefix, "_from_file") &&
		    (!csv_file_list(*list) || *or_other)) {
			snprintf(why, whylen, *or_other
				 ? "type '%s': or_other is not allowed with a list from a file"
				 : "type '%s': only choices in a CSV file (NAME.csv beside "
				   "the form) are read", text);
			ok = false;
			free(*list);
			*list = NULL;
		}
		if (*external && *or_other) {
			snprintf(why, whylen, "type '%s': or_other is not allowed with select_one_external", text);
			ok = false;
			free(*list);
			*list = NULL;
		}
		free(t);
		free(spaced);
		return ok;
	}
	free(spaced);
	a = type_alias(t);
	if (!strcmp(t, "begin_repeat") || !strcmp(t, "begin repeat"))
		a = "begin_group";
	else if (!strcmp(t, "end_repeat") || !strcmp(t, "end repeat"))
		a = "end_group";
	if (!strcmp(t, "select_one") || !strcmp(t, "select_multiple") || !strcmp(t, "rank")) {
		snprintf(why, whylen, "type '%s' needs a choice list name ('%s LIST')", text, t);
	} else if (!strncmp(t, "select_one_from_file", 20) || !strncmp(t, "select_multiple_from_file", 25)) {
		snprintf(why, whylen, "type '%s' needs a file ('%s NAME.csv')", text, t);
	} else {
		for (i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
			if (!strcmp(a, type_names[i].name)) {
				*type = type_names[i].type;
				ok = true;
			}
		/* "osm TAGS": an OpenMapKit feature with the tags of list TAGS */
		for (i = 0; !ok && i < sizeof unsupported_types / sizeof unsupported_types[0]; i++)
			if (!strcmp(a, unsupported_types[i]) || (!strcmp(unsupported_types[i], "osm") &&
								   !strncmp(a, "osm ", 4))) {
				*type = FQ_UNSUPPORTED;
				*unsupported = true;
				ok = true;
			}
		if (!ok)
			snprintf(why, whylen, "unknown type '%s'", text);
	}
	free(t);
	return ok;
}

static bool has_slot(enum form_qtype t)
{
	return t != FQ_BEGIN_GROUP && t != FQ_END_GROUP && t != FQ_NOTE && t != FQ_UNSUPPORTED;
}

static bool shown(enum form_qtype t)
{
	return t != FQ_CALCULATE && t != FQ_HIDDEN && t != FQ_START && t != FQ_END &&
	       t != FQ_TODAY && t != FQ_DEVICEID && t != FQ_UNSUPPORTED && t != FQ_END_GROUP &&
	       t != FQ_BEGIN_GROUP;
}

/* XML names, as pyxform requires: a letter or '_' first, then letters,
 * digits, '_', '-', '.'; any non-ASCII byte counts as a letter. */
static bool valid_name(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!(isalpha(*p) || *p == '_' || *p >= 0x80))
		return false;
	for (p++; *p; p++)
		if (!(isalnum(*p) || *p == '_' || *p == '-' || *p == '.' || *p >= 0x80))
			return false;
	return true;
}

/* ---- survey rows ---- */

static struct expr *parse_expr(struct builder *b, const struct sheet *sh, size_t row,
			       const char *column, const char *src)
{
	struct expr *e = NULL;
	char msg[256];

	if (!*src)
		return NULL;
	/* a spreadsheet's boolean cell, as pyxform writes it out */
	if (!strcasecmp(src, "TRUE") || !strcasecmp(src, "FALSE"))
		src = tolower((unsigned char)*src) == 't' ? "true()" : "false()";
	if (expr_parse(src, &e, msg, sizeof msg) != 0) {
		diag_add(&b->diag, sh->path, sh->rows[row].line, true, "'%s': %s", column, msg);
		return NULL;
	}
	/* An error in a form file; a stored form still loads (see check_response_columns) */
	if (expr_problem(e))
		diag_add(&b->diag, sh->path, sh->rows[row].line, !b->stored, "'%s': %s", column,
			 expr_problem(e));
	if (expr_vendor_function(e))
		diag_add(&b->diag, sh->path, sh->rows[row].line, false,
			 "'%s': '%s' is CHT's, not ODK's: it is evaluated as an empty value", column,
			 expr_vendor_function(e));
	/* A bare word names a choice's column in a choice_filter only;
	 * elsewhere "${a} = yes" is always false, and ODK refuses it. */
	if (strcmp(column, "choice_filter") && expr_word_count(e))
		diag_add(&b->diag, sh->path, sh->rows[row].line, !b->stored,
			 "'%s': bare name '%s': write a text in quotes ('%s') and a question as ${%s}",
			 column, expr_word_name(e, 0), expr_word_name(e, 0), expr_word_name(e, 0));
	return e;
}

static void read_range(struct builder *b, const struct sheet *sh, size_t row,
		       struct form_question *q, const char *params)
{
	char *copy = ky_strdup(params), *p, *save = NULL, *tok;
	long line = sh->rows[row].line;

	q->range_start = 1;
	q->range_end = 10;
	q->range_step = 1;
	/* "start = 1" is written too: drop blanks around '=' before splitting */
	for (p = copy; *p; p++)
		if (*p == '=') {
			char *l = p, *r = p + 1;
			while (l > copy && (l[-1] == ' ' || l[-1] == '\t'))
				l--;
			while (*r == ' ' || *r == '\t')
				r++;
			*l = '=';
			memmove(l + 1, r, strlen(r) + 1);
			p = l;
		}
	for (tok = strtok_r(copy, " \t;,", &save); tok; tok = strtok_r(NULL, " \t;,", &save)) {
		char *eq = strchr(tok, '=');
		double v;
		double *dst = NULL;
		if (!eq) {
			diag_add(&b->diag, sh->path, line, true, "'parameters': '%s' is not key=value", tok);
			continue;
		}
		*eq = '\0';
		if (!strcasecmp(tok, "start"))
			dst = &q->range_start;
		else if (!strcasecmp(tok, "end"))
			dst = &q->range_end;
		else if (!strcasecmp(tok, "step"))
			dst = &q->range_step;
		if (!dst) {
			diag_add(&b->diag, sh->path, line, true,
				 "'parameters': unknown range parameter '%s' (start, end, step)", tok);
		} else if (!form_parse_number(eq + 1, &v)) {
			diag_add(&b->diag, sh->path, line, true,
				 "'parameters': %s '%s' is not a number", tok, eq + 1);
		} else
			*dst = v;
	}
	if (!(q->range_step > 0))
		diag_add(&b->diag, sh->path, line, true, "'parameters': step must be above 0");
	free(copy);
}

static void read_extensions(struct builder *b, const struct sheet *sh, size_t row,
			    struct form_question *q)
{
	const struct columns *cols = &b->cols[SHEET_SURVEY];
	const char *reverse = cell(sh, row, cols->col[F_REVERSE]);
	const char *role = cell(sh, row, cols->col[F_NEED_ROLE]);
	long line = sh->rows[row].line;

	q->scale = dup_or_null(cell(sh, row, cols->col[F_SCALE]));
	q->domain = dup_or_null(cell(sh, row, cols->col[F_DOMAIN]));
	q->brief = dup_or_null(cell(sh, row, cols->col[F_BRIEF]));
	if (q->brief && strcmp(q->brief, "awareness") && strcmp(q->brief, "encounter") &&
	    strcmp(q->brief, "action"))
		diag_add(&b->diag, sh->path, line, true,
			 "'brief': expected awareness, encounter or action, not '%s'", q->brief);
	q->need_topic = dup_or_null(cell(sh, row, cols->col[F_NEED_TOPIC]));
	if (yes_word(reverse))
		q->reverse = true;
	else if (!no_word(reverse))
		diag_add(&b->diag, sh->path, line, true, "'reverse': expected yes or no, not '%s'", reverse);
	if (!strcasecmp(role, "importance"))
		q->need_role = FN_IMPORTANCE;
	else if (!strcasecmp(role, "competence"))
		q->need_role = FN_COMPETENCE;
	else if (*role)
		diag_add(&b->diag, sh->path, line, true,
			 "'need_role': expected 'importance' or 'competence', not '%s'", role);
	if (q->need_topic && q->need_role == FN_NONE && !*role)
		diag_add(&b->diag, sh->path, line, true, "'need_role': '%s' has a need_topic but no need_role",
			 q->name ? q->name : "");
	if (!q->need_topic && q->need_role != FN_NONE)
		diag_add(&b->diag, sh->path, line, true, "'need_topic': '%s' has a need_role but no need_topic",
			 q->name ? q->name : "");
}

static struct form_question *new_question(struct builder *b)
{
	struct form *f = b->form;
	struct form_question *q;

	if (f->n_questions == b->q_cap) {
		b->q_cap = ky_grow_cap(b->q_cap, f->n_questions + 1, 64);
		f->questions = ky_reallocarray(f->questions, b->q_cap, sizeof *f->questions);
		b->list_of = ky_reallocarray(b->list_of, b->q_cap, sizeof *b->list_of);
	}
	b->list_of[f->n_questions] = NULL;
	b->n_list_of = f->n_questions + 1;
	q = &f->questions[f->n_questions++];
	memset(q, 0, sizeof *q);
	q->parent = -1;
	q->slot = -1;
	q->repeat = -1;
	return q;
}

/* Texts in no language, for a question no row spells out. */
static void empty_texts(const struct form *f, struct form_question *q)
{
	int t;
	for (t = 0; t < N_TFIELDS; t++) {
		struct form_text *tx = t == T_LABEL ? &q->label : t == T_HINT ? &q->hint :
			t == T_REQUIRED_MESSAGE ? &q->required_message :
			t == T_EXPLANATION ? &q->explanation : &q->constraint_message;
		tx->by_lang = ky_calloc(f->n_langs ? f->n_langs : 1, sizeof *tx->by_lang);
	}
}

/* The same text in every language. */
static void text_everywhere(const struct form *f, struct form_text *tx, const char *s)
{
	size_t l;
	for (l = 0; l < f->n_langs; l++)
		tx->by_lang[l] = ky_strdup(s);
}

/* or_other, as pyxform builds it: after select `index` a text question
 * NAME_other, asked when "other" is chosen (the list gets the choice in
 * add_other_choices). */
static void add_other_question(struct builder *b, size_t row, int index, const char *list)
{
	struct form *f = b->form;
	struct form_question *q = new_question(b);
	const struct form_question *sel = &f->questions[index];

	q->type = FQ_TEXT;
	q->type_text = ky_strdup("text");
	q->line = sel->line;
	q->parent = sel->parent;
	q->name = ky_asprintf("%s_other", sel->name);
	q->path = ky_asprintf("%s_other", sel->path);
	empty_texts(f, q);
	text_everywhere(f, &q->label, "Specify other.");
	q->relevant_src = ky_asprintf("selected(${%s}, 'other')", sel->name);
	q->relevant = parse_expr(b, &b->sheets.sheet[SHEET_SURVEY], row, "type", q->relevant_src);
	KY_GROW(b->other_lists, b->n_other_lists, b->other_cap, 4);
	b->other_lists[b->n_other_lists++] = ky_strdup(list);
}

/* An end_group row: the question that closes the innermost open group. */
static void close_group(struct builder *b, const char *type, bool repeat, long line,
			int **stack, size_t *depth)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SURVEY];
	struct form *f = b->form;
	const struct form_question *g;
	struct form_question *q;
	int index;

	if (!*depth) {
		diag_add(&b->diag, sh->path, line, true, repeat
			 ? "'type': end_repeat without a matching begin_repeat"
			 : "'type': end_group without a matching begin_group");
		return;
	}
	index = (*stack)[--*depth];
	g = &f->questions[index];
	if (g->is_repeat != repeat)
		diag_add(&b->diag, sh->path, line, true,
			 "'type': %s closes %s '%s' (line %d): write %s", type,
			 g->is_repeat ? "repeat" : "group", g->name, g->line,
			 g->is_repeat ? "end_repeat" : "end_group");
	q = new_question(b);
	g = &f->questions[index];
	q->type = FQ_END_GROUP;
	q->is_repeat = g->is_repeat;
	q->type_text = ky_strdup(type);
	q->name = ky_strdup(g->name);
	q->path = ky_strdup(g->path);
	q->parent = g->parent;
	q->line = (int)line;
	empty_texts(f, q);
}

/* A row's expression columns, as written and parsed, and its plain ones. */
static void read_expressions(struct builder *b, size_t row, struct form_question *q)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SURVEY];
	const struct columns *cols = &b->cols[SHEET_SURVEY];

	q->required_src = dup_or_null(cell(sh, row, cols->col[F_REQUIRED]));
	q->relevant_src = dup_or_null(cell(sh, row, cols->col[F_RELEVANT]));
	q->constraint_src = dup_or_null(cell(sh, row, cols->col[F_CONSTRAINT]));
	q->choice_filter_src = dup_or_null(cell(sh, row, cols->col[F_CHOICE_FILTER]));
	q->calculation_src = dup_or_null(cell(sh, row, cols->col[F_CALCULATION]));
	q->default_value = dup_or_null(cell(sh, row, cols->col[F_DEFAULT]));
	q->appearance = dup_or_null(cell(sh, row, cols->col[F_APPEARANCE]));
	q->read_only = yes_word(cell(sh, row, cols->col[F_READ_ONLY]));

	if (q->required_src && yes_word(q->required_src))
		q->required = parse_expr(b, sh, row, "required", "true()");
	else if (q->required_src && !no_word(q->required_src) && valid_name(q->required_src))
		/* pyxform writes any other word out as the XPath it is: a
		 * relative path to a node that is not there, i.e. false */
		diag_add(&b->diag, sh->path, sh->rows[row].line, false,
			 "'required': '%s' is not yes or no: pyxform passes it on as the path "
			 "'%s', which names nothing, so '%s' is not required",
			 q->required_src, q->required_src, q->name ? q->name : "");
	else if (q->required_src && !no_word(q->required_src))
		q->required = parse_expr(b, sh, row, "required", q->required_src);
	q->relevant = parse_expr(b, sh, row, "relevant", cell(sh, row, cols->col[F_RELEVANT]));
	q->constraint = parse_expr(b, sh, row, "constraint", cell(sh, row, cols->col[F_CONSTRAINT]));
	q->choice_filter = parse_expr(b, sh, row, "choice_filter", cell(sh, row, cols->col[F_CHOICE_FILTER]));
	q->calculation = parse_expr(b, sh, row, "calculation", cell(sh, row, cols->col[F_CALCULATION]));
}

/* The question's name as given, or pyxform's for a nameless note; an
 * error for any other nameless row or an invalid name. */
static char *question_name(struct builder *b, const char *path, long line, const char *name,
			   enum form_qtype qt)
{
	if (!*name && qt == FQ_NOTE)
		return ky_asprintf("generated_note_name_%ld", line);
	if (!*name) {
		diag_add(&b->diag, path, line, true, "'name': the %s row has no name", form_qtype_name(qt));
		return ky_asprintf("(line %ld)", line);
	}
	if (!valid_name(name))
		diag_add(&b->diag, path, line, true,
			 "'name': '%s' is not a valid name (a letter or _ first, then letters, digits, _ - .)",
			 name);
	return ky_strdup(name);
}

/* A begin_repeat or end_repeat row (any of pyxform's spellings). */
static bool repeat_row(const char *type)
{
	char *t = normal_type(type);
	bool yes = !strcmp(t, "begin_repeat") || !strcmp(t, "begin repeat") ||
		   !strcmp(t, "end_repeat") || !strcmp(t, "end repeat");
	free(t);
	return yes;
}

/* A repeat's `repeat_count`: a fixed number or an expression; none makes
 * the repeat open-ended (the respondent adds instances until done). */
static void read_repeat_count(struct builder *b, const struct sheet *sh, size_t row,
			      struct form_question *q)
{
	const struct sheet *settings = &b->sheets.sheet[SHEET_SETTINGS];
	const char *text = cell(sh, row, b->cols[SHEET_SURVEY].col[F_REPEAT_COUNT]);
	const char *root = settings->present && settings->n_rows
			   ? cell(settings, 0, b->cols[SHEET_SETTINGS].col[F_NAME]) : "";

	/* pyxform's root node: the settings' `name`, else "data"; a repeat
	 * of that name would make its nodes' paths ambiguous */
	if (!strcmp(q->name, *root ? root : "data"))
		diag_add(&b->diag, sh->path, sh->rows[row].line, true,
			 "'name': a repeat may not be named '%s', the name of the form's root",
			 q->name);
	if (!*text)
		return;
	q->repeat_count_src = ky_strdup(text);
	q->repeat_count = parse_expr(b, sh, row, "repeat_count", text);
}

/* Every question's innermost repeat, and the form's list of repeats:
 * parents come before their children, so one pass in form order does. */
static void link_repeats(struct form *f)
{
	size_t i, n = 0;
	for (i = 0; i < f->n_questions; i++) {
		struct form_question *q = &f->questions[i];
		const struct form_question *p = q->parent >= 0 ? &f->questions[q->parent] : NULL;
		q->repeat = !p ? -1 : p->is_repeat ? q->parent : p->repeat;
		n += q->type == FQ_BEGIN_GROUP && q->is_repeat;
	}
	f->repeats = ky_calloc(n ? n : 1, sizeof *f->repeats);
	for (i = 0; i < f->n_questions; i++)
		if (f->questions[i].type == FQ_BEGIN_GROUP && f->questions[i].is_repeat)
			f->repeats[f->n_repeats++] = (int)i;
}

/* Reads one survey row into a question (none for a row without type:
 * a comment row, or an error when it has a name). stack holds the open
 * groups. */
static void read_survey_row(struct builder *b, size_t row, int **stack, size_t *depth, size_t *cap)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SURVEY];
	const struct columns *cols = &b->cols[SHEET_SURVEY];
	struct form *f = b->form;
	const char *type = cell(sh, row, cols->col[F_TYPE]);
	const char *name = cell(sh, row, cols->col[F_NAME]);
	long line = sh->rows[row].line;
	struct form_question *q;
	enum form_qtype qt = FQ_NOTE;
	char why[512], *list = NULL;
	bool unsupported = false, type_ok, or_other = false, external = false;
	int index;

	if (!*type) {
		if (*name)
			diag_add(&b->diag, sh->path, line, true, "'type': '%s' has no type", name);
		return;  /* a row without type or name is a comment row */
	}
	type_ok = parse_type(type, &qt, &list, &unsupported, &or_other, &external, why, sizeof why);
	if (!type_ok) {
		diag_add(&b->diag, sh->path, line, true, "'type': %s", why);
		if (*name) {
			KY_GROW(b->refused, b->n_refused, b->refused_cap, 8);
			b->refused[b->n_refused++] = ky_strdup(name);
		}
		return;
	}
	if (unsupported)
		diag_add(&b->diag, sh->path, line, false,
			 "type '%s' cannot be collected on a terminal: '%s' is never asked", type, name);

	if (qt == FQ_END_GROUP) {
		free(list);
		close_group(b, type, repeat_row(type), line, stack, depth);
		return;
	}

	index = (int)f->n_questions;
	q = new_question(b);
	b->list_of[index] = list;
	q->type = qt;
	q->is_repeat = qt == FQ_BEGIN_GROUP && repeat_row(type);
	q->type_text = ky_strdup(type);
	q->line = (int)line;
	q->parent = *depth ? (*stack)[*depth - 1] : -1;
	q->name = question_name(b, sh->path, line, name, qt);
	q->path = q->parent >= 0 ? ky_asprintf("%s/%s", f->questions[q->parent].path, q->name)
				 : ky_strdup(q->name);

	read_text(b, SHEET_SURVEY, row, T_LABEL, &q->label);
	read_text(b, SHEET_SURVEY, row, T_HINT, &q->hint);
	read_text(b, SHEET_SURVEY, row, T_REQUIRED_MESSAGE, &q->required_message);
	read_text(b, SHEET_SURVEY, row, T_CONSTRAINT_MESSAGE, &q->constraint_message);
	read_text(b, SHEET_SURVEY, row, T_EXPLANATION, &q->explanation);
	if (shown(qt) && !has_text(f, &q->label))
		diag_add(&b->diag, sh->path, line, false, "'label': '%s' has no label", q->name);

	read_expressions(b, row, q);
	if (qt == FQ_CALCULATE && !q->calculation_src)
		diag_add(&b->diag, sh->path, line, true, "'calculation': calculate '%s' has no calculation",
			 q->name);
	if (qt == FQ_RANGE)
		read_range(b, sh, row, q, cell(sh, row, cols->col[F_PARAMETERS]));
	read_extensions(b, sh, row, q);

	if (q->is_repeat)
		read_repeat_count(b, sh, row, q);
	if (qt == FQ_BEGIN_GROUP) {
		KY_GROW(*stack, *depth, *cap, 8);
		(*stack)[(*depth)++] = index;
	}
	if (or_other)
		add_other_question(b, row, index, list);
	if (external) {
		KY_GROW(b->external_lists, b->n_external_lists, b->external_cap, 4);
		b->external_lists[b->n_external_lists++] = ky_strdup(list);
	}
}

static void read_survey(struct builder *b)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SURVEY];
	int *stack = NULL;
	size_t depth = 0, cap = 0, row;

	if (!sh->present)
		return;
	if (b->cols[SHEET_SURVEY].col[F_TYPE] < 0)
		diag_add(&b->diag, sh->path, sh->header_line ? sh->header_line : 1, true,
			 "the survey sheet has no 'type' column");
	if (b->cols[SHEET_SURVEY].col[F_NAME] < 0)
		diag_add(&b->diag, sh->path, sh->header_line ? sh->header_line : 1, true,
			 "the survey sheet has no 'name' column");
	for (row = 0; row < sh->n_rows; row++)
		read_survey_row(b, row, &stack, &depth, &cap);
	while (depth) {
		const struct form_question *g = &b->form->questions[stack[--depth]];
		diag_add(&b->diag, sh->path, g->line, true,
			 g->is_repeat ? "'type': begin_repeat '%s' has no matching end_repeat"
				      : "'type': begin_group '%s' has no matching end_group", g->name);
	}
	free(stack);
	link_repeats(b->form);
}

/* ---- choices ---- */

/* A choices column that some choice_filter names as a bare word, or an
 * instance('LIST')/root/item lookup reads. */
static bool filter_names(struct builder *b, const char *header)
{
	const struct form *f = b->form;
	size_t i, w;
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		const struct expr *e = q->choice_filter;
		if (expr_reads_item_column(q->calculation, header) ||
		    expr_reads_item_column(q->relevant, header) ||
		    expr_reads_item_column(q->constraint, header) ||
		    expr_reads_item_column(q->required, header) ||
		    expr_reads_item_column(q->choice_filter, header))
			return true;
		if (!e)
			continue;
		for (w = 0; w < expr_word_count(e); w++)
			if (!strcasecmp(expr_word_name(e, w), header))
				return true;
	}
	return false;
}

static struct form_list *list_get(struct form *f, const char *name, long line, size_t *cap)
{
	size_t i;
	for (i = f->n_lists; i-- > 0; )
		if (!strcmp(f->lists[i].name, name))
			return &f->lists[i];
	KY_GROW(f->lists, f->n_lists, *cap, 16);
	memset(&f->lists[f->n_lists], 0, sizeof f->lists[0]);
	f->lists[f->n_lists].name = ky_strdup(name);
	f->lists[f->n_lists].line = (int)line;
	return &f->lists[f->n_lists++];
}

static void read_number_cell(struct builder *b, const struct sheet *sh, size_t row, int col,
			     const char *what, bool *has, double *out)
{
	const char *s = cell(sh, row, col);
	if (!*s)
		return;
	if (form_parse_number(s, out))
		*has = true;
	else
		diag_add(&b->diag, sh->path, sh->rows[row].line, true, "'%s': '%s' is not a number", what, s);
}

/* The column `dont_know` marks the don't-know choice; without the
 * column, the choice named dont_know is it (check_knowledge keeps the
 * mark only on scored lists). */
static void read_dont_know(struct builder *b, int si, size_t row, struct form_choice *c)
{
	const struct sheet *sh = &b->sheets.sheet[si];
	int col = b->cols[si].col[F_DONT_KNOW];
	const char *s = cell(sh, row, col);

	if (col < 0)
		c->dont_know = !strcmp(c->name, "dont_know");
	else if (!strcasecmp(s, "yes"))
		c->dont_know = true;
	else if (*s)
		diag_add(&b->diag, sh->path, sh->rows[row].line, true,
			 "'dont_know': expected yes or an empty cell, not '%s'", s);
}

static bool external_list(const struct builder *b, const char *name)
{
	size_t i;
	for (i = 0; i < b->n_external_lists; i++)
		if (!strcmp(b->external_lists[i], name))
			return true;
	return false;
}

/* pyxform keeps the two sheets apart; kysely has one namespace of lists,
 * so a list select_one_external names may not be in choices too. */
static void check_external_lists(struct builder *b)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_SURVEY];
	size_t i;
	for (i = 0; i < b->form->n_questions; i++) {
		const char *l = b->list_of[i];
		if (l && external_list(b, l) && form_find_list(b->form, l) &&
		    strstr(b->form->questions[i].type_text, "external"))
			diag_add(&b->diag, sh->path, b->form->questions[i].line, true,
				 "'type': list '%s' is in both choices and external_choices", l);
	}
}

/* The choice rows of sheet si (choices, or external_choices: only the
 * lists a select_one_external names). */
static void read_choice_rows(struct builder *b, int si)
{
	const struct sheet *sh = &b->sheets.sheet[si];
	const struct columns *cols = &b->cols[si];
	struct form *f = b->form;
	/* capacities unknown for the lists of an earlier sheet: 0 makes
	 * KY_GROW reallocate before the first addition */
	size_t row, list_cap = f->n_lists, old_cap, i;
	size_t *choice_caps;

	if (!sh->present)
		return;
	choice_caps = ky_calloc(list_cap ? list_cap : 1, sizeof *choice_caps);
	if (si == SHEET_EXTERNAL && cols->col[F_LIST_NAME] >= 0)
		check_external_lists(b);
	if (cols->col[F_LIST_NAME] < 0 || cols->col[F_NAME] < 0)
		diag_add(&b->diag, sh->path, sh->header_line ? sh->header_line : 1, true,
			 "the choices sheet needs the columns 'list_name' and 'name'");
	for (row = 0; row < sh->n_rows; row++) {
		const char *lname = cell(sh, row, cols->col[F_LIST_NAME]);
		const char *name = cell(sh, row, cols->col[F_NAME]);
		long line = sh->rows[row].line;
		struct form_list *l;
		struct form_choice *c;
		size_t li;

		if (si == SHEET_EXTERNAL && !external_list(b, lname))
			continue;
		if (!*lname && !*name) {
			/* stray cells (a note, a number in an unheaded column): pyxform skips the row */
			diag_add(&b->diag, sh->path, line, false,
				 "a choice row without list_name and name is ignored");
			continue;
		}
		if (!*lname) {
			diag_add(&b->diag, sh->path, line, true, "'list_name': choice '%s' has no list name", name);
			continue;
		}
		if (!*name) {
			diag_add(&b->diag, sh->path, line, true, "'name': a choice of list '%s' has no name", lname);
			continue;
		}
		old_cap = list_cap;
		l = list_get(f, lname, line, &list_cap);
		li = (size_t)(l - f->lists);
		if (list_cap != old_cap) {
			choice_caps = ky_reallocarray(choice_caps, list_cap, sizeof *choice_caps);
			memset(choice_caps + old_cap, 0, (list_cap - old_cap) * sizeof *choice_caps);
		}
		KY_GROW(l->choices, l->n_choices, choice_caps[li], 8);
		c = &l->choices[l->n_choices++];
		memset(c, 0, sizeof *c);
		c->name = ky_strdup(name);
		c->line = (int)line;
		read_text(b, si, row, T_LABEL, &c->label);
		if (!has_text(f, &c->label))
			diag_add(&b->diag, sh->path, line, false, "'label': choice '%s' of list '%s' has no label",
				 name, lname);
		read_number_cell(b, sh, row, cols->col[F_SCORE], "score", &c->has_score, &c->score);
		read_number_cell(b, sh, row, cols->col[F_VALUE], "value", &c->has_value, &c->value);
		if (!c->has_value && form_parse_number(name, &c->value))
			c->has_value = true;
		read_dont_know(b, si, row, c);
		c->n_extra = cols->n_extra;
		c->extra_names = ky_calloc(c->n_extra ? c->n_extra : 1, sizeof *c->extra_names);
		c->extra_values = ky_calloc(c->n_extra ? c->n_extra : 1, sizeof *c->extra_values);
		for (i = 0; i < c->n_extra; i++) {
			c->extra_names[i] = ky_strdup(sh->headers[cols->extra[i]]);
			c->extra_values[i] = ky_strdup(cell(sh, row, cols->extra[i]));
		}
	}
	free(choice_caps);
}

static int table_has(const struct expr_table *t, const char *column)
{
	size_t c;
	for (c = 0; c < t->n_cols; c++)
		if (!strcmp(t->header[c], column))
			return (int)c;
	return -1;
}

/* One choice of a select_*_from_file: row r of the file, its columns
 * name and label (the label in every language), the others as columns
 * a choice_filter may name. */
static void file_choice(const struct form *f, const struct expr_table *t, size_t r,
			struct form_choice *c)
{
	const char *const *row = (const char *const *)t->cells + r * t->n_cols;
	size_t col, l, k = 0;

	memset(c, 0, sizeof *c);
	c->label.by_lang = ky_calloc(f->n_langs ? f->n_langs : 1, sizeof *c->label.by_lang);
	c->extra_names = ky_calloc(t->n_cols + 1, sizeof *c->extra_names);
	c->extra_values = ky_calloc(t->n_cols + 1, sizeof *c->extra_values);
	for (col = 0; col < t->n_cols; col++) {
		if (!strcmp(t->header[col], "name")) {
			c->name = ky_strdup(row[col]);
		} else if (!strcmp(t->header[col], "label")) {
			for (l = 0; l < f->n_langs; l++)
				c->label.by_lang[l] = dup_or_null(row[col]);
		} else {
			c->extra_names[k] = ky_strdup(t->header[col]);
			c->extra_values[k++] = ky_strdup(row[col]);
		}
	}
	c->n_extra = k;
	if (!c->name)
		c->name = ky_strdup("");
	c->has_value = form_parse_number(c->name, &c->value);
}

static char *form_folder(const struct builder *b);

/* The lists of select_one_from_file NAME.csv, read from beside the form. */
static void read_file_lists(struct builder *b)
{
	struct form *f = b->form;
	char *folder = form_folder(b), *file;
	size_t i, r, cap = f->n_lists;

	for (i = 0; i < f->n_questions; i++) {
		const char *lname = b->list_of[i];
		const struct expr_table *t;
		struct ky_error err = { 0 };
		struct form_list *l;

		if (!lname || !csv_file_list(lname) || form_find_list(f, lname))
			continue;
		file = ky_strndup(lname, strlen(lname) - 4);
		t = xlsform_media_table(f, folder, file, &err);
		free(file);
		if (t && (table_has(t, "name") < 0 || !t->n_rows))
			ky_error_set(&err, KY_EINPUT, "'%s' needs a column 'name' and a row", lname);
		if (!t || err.msg[0]) {
			diag_add(&b->diag, b->sheets.sheet[SHEET_SURVEY].path, f->questions[i].line,
				 true, "'type': select_one_from_file: %s", err.msg);
			continue;
		}
		l = list_get(f, lname, f->questions[i].line, &cap);
		l->choices = ky_calloc(t->n_rows, sizeof *l->choices);
		for (r = 0; r < t->n_rows; r++)
			file_choice(f, t, r, &l->choices[l->n_choices++]);
	}
	free(folder);
}

static void read_choices(struct builder *b)
{
	const struct sheet *sh = &b->sheets.sheet[SHEET_CHOICES];
	struct form *f = b->form;
	size_t i, j;

	read_choice_rows(b, SHEET_CHOICES);
	read_choice_rows(b, SHEET_EXTERNAL);
	if (f->allow_choice_duplicates)
		return;
	for (i = 0; i < f->n_lists; i++) {
		const struct form_list *l = &f->lists[i];
		size_t k;
		/* an external list repeats names under different filters
		 * (a county 'king' in two states); pyxform lets it */
		if (external_list(b, l->name))
			continue;
		for (j = 1; j < l->n_choices; j++)
			for (k = 0; k < j; k++)
				if (!strcmp(l->choices[j].name, l->choices[k].name)) {
					diag_add(&b->diag, sh->path, l->choices[j].line, true,
						 "duplicate choice '%s' in list '%s' (first at line %d)",
						 l->choices[j].name, l->name, l->choices[k].line);
					break;
				}
	}
}

/* ---- whole-form checks ---- */

/* The choice "other" (label "Other") of each list an or_other select
 * uses, unless the list has it already; an undefined list is reported by
 * link_lists. */
static void add_other_choices(struct builder *b)
{
	struct form *f = b->form;
	size_t i;

	for (i = 0; i < b->n_other_lists; i++) {
		struct form_list *l = (struct form_list *)form_find_list(f, b->other_lists[i]);
		struct form_choice *c;
		if (!l || form_find_choice(l, "other"))
			continue;
		l->choices = ky_reallocarray(l->choices, l->n_choices + 1, sizeof *l->choices);
		c = &l->choices[l->n_choices++];
		memset(c, 0, sizeof *c);
		c->name = ky_strdup("other");
		c->line = (int)b->sheets.sheet[SHEET_CHOICES].header_line;
		c->label.by_lang = ky_calloc(f->n_langs ? f->n_langs : 1, sizeof *c->label.by_lang);
		text_everywhere(f, &c->label, "Other");
		c->extra_names = ky_calloc(1, sizeof *c->extra_names);
		c->extra_values = ky_calloc(1, sizeof *c->extra_values);
	}
}

static void link_lists(struct builder *b)
{
	struct form *f = b->form;
	const struct sheet *sh = &b->sheets.sheet[SHEET_SURVEY];
	size_t i, k;

	for (i = 0; i < f->n_questions; i++) {
		struct form_question *q = &f->questions[i];
		if (!b->list_of[i])
			continue;
		q->list = (struct form_list *)form_find_list(f, b->list_of[i]);
		if (!q->list) {
			/* a file list's own error says what is missing */
			if (!csv_file_list(b->list_of[i]))
				diag_add(&b->diag, sh->path, q->line, true,
					 "'type': list '%s' is not defined in the choices sheet",
					 b->list_of[i]);
			continue;
		}
		if (q->type != FQ_SELECT_MULTIPLE)
			continue;
		for (k = 0; k < q->list->n_choices; k++)
			if (strchr(q->list->choices[k].name, ' '))
				diag_add(&b->diag, b->sheets.sheet[SHEET_CHOICES].path,
					 q->list->choices[k].line, true,
					 "choice '%s' of list '%s' contains a space (select_multiple '%s' uses the list)",
					 q->list->choices[k].name, q->list->name, q->name);
	}
}

static void check_ref(struct builder *b, const struct form_question *q, const char *column,
		      const char *name)
{
	size_t n = strchr(name, '/') ? name_index_resolve(&b->names, b->form, name) >= 0
				     : name_index_count(&b->names, b->form, name);
	const char *path = b->sheets.sheet[SHEET_SURVEY].path;
	size_t i;

	for (i = 0; n == 0 && i < b->n_refused; i++)
		if (!strcmp(b->refused[i], name))
			return;
	if (n == 0)
		diag_add(&b->diag, path, q->line, true, "'%s': unknown question '%s'", column, name);
	else if (n > 1)
		diag_add(&b->diag, path, q->line, true,
			 "'%s': '${%s}' is ambiguous (%zu questions have that name)", column, name, n);
}

static void check_expr_refs(struct builder *b, const struct form_question *q,
			    const char *column, const struct expr *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < expr_ref_count(e); i++)
		check_ref(b, q, column, expr_ref_name(e, i));
}

/* ${name} inside label and hint texts. */
static void check_text_refs(struct builder *b, const struct form_question *q,
			    const char *column, const struct form_text *t)
{
	size_t l;
	for (l = 0; l < b->form->n_langs; l++) {
		const char *p = t->by_lang[l];
		while (p && (p = strstr(p, "${"))) {
			const char *end = strchr(p, '}');
			char *name;
			if (!end)
				break;
			name = ky_strndup(p + 2, (size_t)(end - p - 2));
			check_ref(b, q, column, name);
			free(name);
			p = end + 1;
		}
	}
}

/* The question an XPath path's trailing names point to: for "contact/x"
 * the one whose group path ends so, for "/g/contact/x" the one at that
 * path; -1 when none or several do. */
static int path_target(const struct form *f, const char *ref)
{
	size_t i, len = strlen(ref);
	int found = -1;

	if (ref[0] == '/') {   /* absolute: the whole group path */
		for (i = 0; i < f->n_questions; i++)
			if (f->questions[i].type != FQ_END_GROUP && f->questions[i].path &&
			    !strcmp(f->questions[i].path, ref + 1))
				return (int)i;
		return -1;
	}

	for (i = 0; i < f->n_questions; i++) {
		const char *p = f->questions[i].path;
		size_t plen = p ? strlen(p) : 0;
		if (f->questions[i].type == FQ_END_GROUP || plen < len ||
		    strcmp(p + plen - len, ref) || (plen > len && p[plen - len - 1] != '/'))
			continue;
		if (found >= 0)
			return -1;
		found = (int)i;
	}
	return found;
}

/* Rewrites the paths of e to the names check_ref and every lookup
 * know: the question's name, or its group path when groups share the
 * name; a path naming no single question to its last name, which
 * check_ref then reports. */
/* A path's target by the name every lookup knows: its name, or its
 * group path when groups share the name, or "/NAME" for the top-level
 * one of a shared name (a plain NAME would be ambiguous, form.h). */
static void rename_to_target(struct builder *b, struct expr *e, const char *ref,
			     const struct form_question *q)
{
	char *top;
	if (name_index_count(&b->names, b->form, q->name) < 2) {
		expr_rename_ref(e, ref, q->name);
	} else if (strchr(q->path, '/')) {
		expr_rename_ref(e, ref, q->path);
	} else {
		top = ky_asprintf("/%s", q->path);
		expr_rename_ref(e, ref, top);
		free(top);
	}
}

static void resolve_paths(struct builder *b, struct expr *e)
{
	const struct form *f = b->form;
	size_t r;

	for (r = 0; r < expr_ref_count(e);) {
		size_t n = expr_ref_count(e);
		char *ref = ky_strdup(expr_ref_name(e, r));
		int t = strchr(ref, '/') ? path_target(f, ref) : -2;
		if (t >= 0)
			rename_to_target(b, e, ref, &f->questions[t]);
		else if (t == -1)
			expr_rename_ref(e, ref, strrchr(ref, '/') + 1);
		free(ref);
		if (expr_ref_count(e) == n)
			r++;   /* else the renamed one merged with a later one */
	}
}

static void resolve_path_refs(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->form->n_questions; i++) {
		struct form_question *q = &b->form->questions[i];
		resolve_paths(b, q->required);
		resolve_paths(b, q->relevant);
		resolve_paths(b, q->constraint);
		resolve_paths(b, q->choice_filter);
		resolve_paths(b, q->calculation);
	}
}

/* What a pulldata() call's table is found for: the row, for warnings. */
struct media_ctx {
	struct builder *b;
	const struct form_question *q;
	const char *column;
	char *folder;   /* NULL for a form a database keeps */
};

static const struct expr_table *find_media(struct media_ctx *m, const char *file)
{
	const char *path = m->b->sheets.sheet[SHEET_SURVEY].path;
	const struct expr_table *t;
	struct ky_error err = { 0 };

	if (!m->folder)
		return file ? xlsform_media_table(m->b->form, NULL, file, &err) : NULL;
	if (!file) {
		diag_add(&m->b->diag, path, m->q->line, false,
			 "'%s': pulldata() takes its file name from an answer; only a name in "
			 "quotes is read, so it is evaluated as empty", m->column);
		return NULL;
	}
	t = xlsform_media_table(m->b->form, m->folder, file, &err);
	if (!t)
		diag_add(&m->b->diag, path, m->q->line, false,
			 "'%s': pulldata(): %s; it is evaluated as empty", m->column, err.msg);
	return t;
}

/* jr:choice-name(value, '${q}'): q's list ('${q}', '/data/q' or 'q'). */
static const struct expr_table *find_choice_names(struct media_ctx *m, const char *arg)
{
	struct builder *b = m->b;
	const char *name = arg, *slash;
	char *inner = NULL;
	int qi = -1;

	if (arg && !strncmp(arg, "${", 2) && arg[strlen(arg) - 1] == '}')
		name = inner = ky_strndup(arg + 2, strlen(arg) - 3);
	else if (arg && (slash = strrchr(arg, '/')) != NULL)
		name = slash + 1;
	if (name)
		qi = name_index_resolve(&b->names, b->form, name);
	free(inner);
	if (qi >= 0 && b->form->questions[qi].list)
		return xlsform_list_table(b->form, b->form->questions[qi].list->name);
	diag_add(&b->diag, b->sheets.sheet[SHEET_SURVEY].path, m->q->line, !b->stored,
		 "'%s': jr:choice-name() names its question in quotes: '${q}' of a select_one "
		 "or select_multiple", m->column);
	return NULL;
}

static const struct expr_table *find_table(void *ctx, const char *function, const char *arg)
{
	struct media_ctx *m = ctx;
	const struct expr_table *t;

	if (!strcmp(function, "pulldata"))
		return find_media(m, arg);
	if (!strcmp(function, "jr:choice-name"))
		return find_choice_names(m, arg);
	t = xlsform_list_table(m->b->form, arg);
	if (!t)
		diag_add(&m->b->diag, m->b->sheets.sheet[SHEET_SURVEY].path, m->q->line,
			 !m->b->stored, "'%s': instance('%s'): the choices sheet has no list '%s'",
			 m->column, arg, arg);
	return t;
}

/* The folder of the form's files: the folder read, or the one-file CSV's. */
static char *folder_of(const char *src)
{
	const char *slash;
	struct stat st;

	if (stat(src, &st) == 0 && S_ISDIR(st.st_mode))
		return ky_strdup(src);
	slash = strrchr(src, '/');
	return slash ? ky_strndup(src, (size_t)(slash - src)) : ky_strdup(".");
}

static char *form_folder(const struct builder *b)
{
	return b->stored || !b->sheets.source ? NULL : folder_of(b->sheets.source);
}

/* pulldata('FILE', ...) calls get FILE.csv from beside the form,
 * instance('LIST') and jr:choice-name() their choice list. */
static void attach_media(struct builder *b)
{
	struct media_ctx m = { b, NULL, NULL, form_folder(b) };
	size_t i;

	for (i = 0; i < b->form->n_questions; i++) {
		m.q = &b->form->questions[i];
		m.column = "calculation";
		expr_attach_tables(m.q->calculation, find_table, &m);
		m.column = "relevant";
		expr_attach_tables(m.q->relevant, find_table, &m);
		m.column = "constraint";
		expr_attach_tables(m.q->constraint, find_table, &m);
		m.column = "required";
		expr_attach_tables(m.q->required, find_table, &m);
		m.column = "choice_filter";
		expr_attach_tables(m.q->choice_filter, find_table, &m);
	}
	free(m.folder);
}

static void check_names_and_refs(struct builder *b)
{
	struct form *f = b->form;
	const char *path = b->sheets.sheet[SHEET_SURVEY].path;
	size_t i;
	int j;

	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		if (q->type == FQ_END_GROUP)
			continue;
		/* the earlier questions of the same name, in form order */
		for (j = name_index_first(&b->names, f, q->name); j >= 0 && j < (int)i;
		     j = b->names.next[j]) {
			const struct form_question *o = &f->questions[j];
			if (o->parent == q->parent) {
				diag_add(&b->diag, path, q->line, true,
					 "'name': duplicate name '%s' (first at line %d)", q->name, o->line);
				break;
			}
		}
		check_expr_refs(b, q, "required", q->required);
		check_expr_refs(b, q, "relevant", q->relevant);
		check_expr_refs(b, q, "constraint", q->constraint);
		check_expr_refs(b, q, "choice_filter", q->choice_filter);
		check_expr_refs(b, q, "calculation", q->calculation);
		check_expr_refs(b, q, "repeat_count", q->repeat_count);
		check_text_refs(b, q, "label", &q->label);
		check_text_refs(b, q, "hint", &q->hint);
	}
}

static void assign_slots_and_columns(struct builder *b)
{
	struct form *f = b->form;
	size_t i, n = 0;

	f->slot_question = ky_calloc(f->n_questions ? f->n_questions : 1, sizeof *f->slot_question);
	for (i = 0; i < f->n_questions; i++) {
		struct form_question *q = &f->questions[i];
		if (q->type == FQ_END_GROUP)
			q->column = ky_strdup(q->path);
		else
			q->column = ky_strdup(name_index_count(&b->names, f, q->name) > 1 ? q->path : q->name);
		if (has_slot(q->type)) {
			q->slot = (int)n;
			f->slot_question[n++] = (int)i;
		}
	}
	f->n_slots = n;
}

/* A question whose response column is one of the fixed columns of the
 * responses CSV (a `start` named `started`, a text named `lang`) would
 * give the wide export that column twice, and import refuses such a file,
 * so the round trip breaks; nothing gives these names another meaning (the
 * metadata types export under their own name). ODK reserves its meta names
 * the same way. Only the column counts: a name shared by several groups is
 * exported as its group path and clashes with nothing. A definition that a
 * database already keeps gets a warning instead, so that responses
 * collected before this check can still be exported and analysed. */
static void check_response_columns(struct builder *b)
{
	const struct form *f = b->form;
	const char *path = b->sheets.sheet[SHEET_SURVEY].path;
	char list[128] = "";
	size_t i;

	for (i = 0; i < FORM_N_RESPONSE_COLUMNS; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
			 form_response_columns[i]);
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		if (q->slot >= 0 && form_is_response_column(q->column))
			diag_add(&b->diag, path, q->line, !b->stored,
				 "'name': '%s' is a column of the responses file (%s); choose another name",
				 q->column, list);
	}
}

/* A need item is a number, or a select_one whose choices all have values. */
static bool numeric_item(const struct form_question *q)
{
	size_t k;
	if (form_qtype_numeric(q->type))
		return true;
	if (q->type != FQ_SELECT_ONE || !q->list || !q->list->n_choices)
		return false;
	for (k = 0; k < q->list->n_choices; k++)
		if (!q->list->choices[k].has_value)
			return false;
	return true;
}

static void check_needs(struct builder *b)
{
	const struct form *f = b->form;
	const char *path = b->sheets.sheet[SHEET_SURVEY].path;
	size_t i, j;

	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		size_t n_imp = 0, n_comp = 0;
		bool first = true;

		if (q->scale && !numeric_item(q))
			diag_add(&b->diag, path, q->line, true,
				 "'scale': '%s' must be a number or a select_one whose choices all have numeric values",
				 q->name);
		if (!q->need_topic || q->need_role == FN_NONE)
			continue;
		if (!numeric_item(q))
			diag_add(&b->diag, path, q->line, true,
				 "'need_topic': '%s' must be a number or a select_one whose choices all have numeric values",
				 q->name);
		for (j = 0; j < f->n_questions; j++) {
			const struct form_question *o = &f->questions[j];
			if (!o->need_topic || strcmp(o->need_topic, q->need_topic))
				continue;
			if (j < i)
				first = false;
			n_imp += o->need_role == FN_IMPORTANCE;
			n_comp += o->need_role == FN_COMPETENCE;
		}
		if (first && (n_imp != 1 || n_comp != 1))
			diag_add(&b->diag, path, q->line, true,
				 "'need_topic': topic '%s' has %zu importance and %zu competence items (exactly one of each needed)",
				 q->need_topic, n_imp, n_comp);
	}
}

/* ---- knowledge items and the respondent's screens ---- */

static bool list_has_score(const struct form_list *l)
{
	size_t k;
	for (k = 0; k < l->n_choices; k++)
		if (l->choices[k].has_score)
			return true;
	return false;
}

/* The don't-know marks: only on a scored list, one per list. An implicit
 * mark (a choice named dont_know, no column) on an unscored list is just
 * a name and is dropped. */
static void check_dont_know(struct builder *b)
{
	const char *path = b->sheets.sheet[SHEET_CHOICES].path;
	bool explicit_col = b->cols[SHEET_CHOICES].col[F_DONT_KNOW] >= 0;
	struct form *f = b->form;
	size_t i, k;

	for (i = 0; i < f->n_lists; i++) {
		struct form_list *l = &f->lists[i];
		bool scored = list_has_score(l);
		int first = -1;
		for (k = 0; k < l->n_choices; k++) {
			struct form_choice *c = &l->choices[k];
			if (!c->dont_know)
				continue;
			if (!scored) {
				if (explicit_col)
					diag_add(&b->diag, path, c->line, true,
						 "'dont_know': list '%s' has no scores, so it has no don't-know choice",
						 l->name);
				c->dont_know = false;
			} else if (first >= 0) {
				diag_add(&b->diag, path, c->line, true,
					 "'dont_know': list '%s' already has the don't-know choice '%s' (line %d)",
					 l->name, l->choices[first].name, l->choices[first].line);
			} else {
				first = (int)k;
				if (c->has_score && c->score > 0)
					diag_add(&b->diag, path, c->line, false,
						 "'score': don't-know choice '%s' of list '%s' earns points",
						 c->name, l->name);
			}
		}
	}
}

static void check_knowledge(struct builder *b)
{
	const struct form *f = b->form;
	const char *path = b->sheets.sheet[SHEET_SURVEY].path;
	size_t i;

	check_dont_know(b);
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		bool scored = q->list && form_question_scored(q);
		if (q->type == FQ_END_GROUP)
			continue;
		if (!scored && q->explanation.by_lang && has_text(f, &q->explanation))
			diag_add(&b->diag, path, q->line, false,
				 "'explanation': '%s' is not a scored item; the explanation is never shown",
				 q->name);
		else if (scored && f->debrief && !has_text(f, &q->explanation))
			diag_add(&b->diag, path, q->line, false,
				 "'explanation': scored item '%s' has none; the debrief shows only its key",
				 q->name);
	}
}

/* A note that promises {{controller}} and the like needs the setting. */
static void check_placeholders(struct builder *b)
{
	const struct form *f = b->form;
	const char *path = b->sheets.sheet[SHEET_SURVEY].path;
	static const char *const names[] = { "controller", "contact", "retention" };
	size_t i, l, n;

	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		if (q->type != FQ_NOTE || !q->label.by_lang)
			continue;
		for (n = 0; n < sizeof names / sizeof names[0]; n++) {
			char mark[32];
			bool used = false;
			snprintf(mark, sizeof mark, "{{%s}}", names[n]);
			for (l = 0; l < f->n_langs && !used; l++)
				used = q->label.by_lang[l] && strstr(q->label.by_lang[l], mark);
			if (used && !*form_placeholder_value(f, names[n]))
				diag_add(&b->diag, path, q->line, false,
					 "'label': note '%s' shows %s but the settings sheet has no '%s'",
					 q->name, mark, names[n]);
		}
	}
}

/* ---- the whole ---- */

static void trim_cells(struct sheets *s)
{
	size_t i, r, c;
	for (i = 0; i < N_SHEETS; i++)
		for (r = 0; r < s->sheet[i].n_rows; r++)
			for (c = 0; c < s->sheet[i].n_cols; c++)
				trim_in_place(s->sheet[i].rows[r].cells[c]);
}

static void builder_release(struct builder *b)
{
	size_t i;
	int s, t;
	for (s = 0; s < N_SHEETS; s++) {
		for (t = 0; t < N_TFIELDS; t++)
			free(b->cols[s].lang_col[t]);
		free(b->cols[s].extra);
	}
	for (i = 0; i < b->n_list_of; i++)
		free(b->list_of[i]);
	free(b->list_of);
	for (i = 0; i < b->n_other_lists; i++)
		free(b->other_lists[i]);
	free(b->other_lists);
	for (i = 0; i < b->n_external_lists; i++)
		free(b->external_lists[i]);
	free(b->external_lists);
	for (i = 0; i < b->n_refused; i++)
		free(b->refused[i]);
	free(b->refused);
	name_index_release(&b->names);
	sheets_release(&b->sheets);
}

static void build(struct builder *b)
{
	struct form *f = ky_calloc(1, sizeof *f);
	int lang;

	b->form = f;
	b->plain_lang = -1;
	f->source = ky_strdup(b->sheets.source);
	trim_cells(&b->sheets);
	dealias_headers(&b->sheets.sheet[SHEET_SURVEY]);
	xlsform_expand_loops(&b->sheets);
	read_settings(b);
	collect_langs(b, SHEET_SURVEY);
	collect_langs(b, SHEET_CHOICES);
	collect_langs(b, SHEET_EXTERNAL);
	/* a form without any text column still has one language, so that
	 * langs[default_lang_index] always exists for the modules that show it */
	if (f->n_langs == 0)
		b->plain_lang = lang_add(f, f->default_lang ? f->default_lang : "default");
	f->default_lang_index = 0;
	if (f->default_lang && (lang = form_lang_index(f, f->default_lang)) >= 0)
		f->default_lang_index = lang;
	else if (b->plain_lang >= 0)
		f->default_lang_index = b->plain_lang;
	read_settings_texts(b);
	map_columns(b, SHEET_SURVEY, NULL);
	read_survey(b);
	name_index_build(&b->names, f);
	map_columns(b, SHEET_CHOICES, filter_names);
	map_columns(b, SHEET_EXTERNAL, filter_names);
	read_choices(b);
	read_file_lists(b);
	add_other_choices(b);
	link_lists(b);
	resolve_path_refs(b);
	attach_media(b);
	check_names_and_refs(b);
	/* cycles are only sought among references that resolve */
	if (diag_error_count(&b->diag) == 0)
		xlsform_check_cycles(f, &b->names, b->sheets.sheet[SHEET_SURVEY].path, &b->diag);
	assign_slots_and_columns(b);
	check_response_columns(b);
	check_needs(b);
	check_knowledge(b);
	check_placeholders(b);
}

/* Shared tail of both readers: the form if it has no errors. */
static int finish(struct builder *b, int ret, struct form **out, struct form_diag *diag)
{
	/* a file that could not be read whole would only add follow-on errors */
	if (ret == KY_OK && diag_error_count(&b->diag) == 0)
		build(b);
	if (ret == KY_OK && diag_error_count(&b->diag) == 0) {
		*out = b->form;
		b->form = NULL;
	} else if (ret == KY_OK)
		ret = KY_EINPUT;
	diag_finish(&b->diag, diag);
	builder_release(b);
	form_destroy(b->form);
	return ret;
}

int xlsform_read_reported(const char *cmd, const char *path, const char *encoding,
			  struct form **out, struct ky_error *err)
{
	struct form_diag diag;
	size_t i;
	int rc;

	memset(&diag, 0, sizeof diag);
	rc = xlsform_read(path, encoding, out, &diag, err);
	for (i = 0; i < diag.n; i++)
		ky_say("%s", diag.lines[i]);
	if (rc == KY_EINPUT)
		ky_error_set(err, KY_EINPUT, "%s: %s: the form has %zu error%s", cmd, path,
			     diag.n_errors, diag.n_errors == 1 ? "" : "s");
	else if (rc != KY_OK)
		ky_error_prefix(err, "%s", cmd);
	form_diag_release(&diag);
	return rc;
}

int xlsform_read(const char *path, const char *encoding, struct form **out,
		 struct form_diag *diag, struct ky_error *err)
{
	struct builder b;
	int ret;

	memset(&b, 0, sizeof b);
	memset(diag, 0, sizeof *diag);
	*out = NULL;
	ret = sheets_read_path(&b.sheets, path, encoding, &b.diag, err);
	return finish(&b, ret, out, diag);
}

int xlsform_read_buffer(const char *text, size_t len, const char *name,
			struct form **out, struct form_diag *diag, struct ky_error *err)
{
	struct builder b;
	int ret;

	memset(&b, 0, sizeof b);
	memset(diag, 0, sizeof *diag);
	*out = NULL;
	b.stored = true;
	ret = sheets_read_buffer(&b.sheets, text, len, name, &b.diag, err);
	return finish(&b, ret, out, diag);
}

int xlsform_canonical_text(const char *path, const char *encoding,
			   char **text, size_t *len, struct ky_error *err)
{
	struct sheets s;
	struct diag_list diag = { 0 };
	struct form_diag fd;
	int ret;

	*text = NULL;
	*len = 0;
	ret = sheets_read_path(&s, path, encoding, &diag, err);
	if (ret == KY_OK && diag_error_count(&diag))
		ret = ky_error_set(err, KY_EINPUT, "%s: the form has errors (run kysely validate)", path);
	if (ret == KY_OK) {
		char *folder = folder_of(path);
		xlsform_embed_file_lists(&s, folder);
		free(folder);
		*text = sheets_to_text(&s, len);
	}
	diag_finish(&diag, &fd);
	form_diag_release(&fd);
	sheets_release(&s);
	return ret;
}
