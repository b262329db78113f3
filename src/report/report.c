#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "analyze/results.h"
#include "report/ctx.h"
#include "report/markup.h"
#include "report/report.h"
#include "report/svg.h"
#include "report/words.h"
#include "util/mem.h"

const char *report_label_or_name(const struct ctx *x, size_t row, int label_col, int name_col)
{
	const char *l = cell(x, row, label_col);
	return *l ? l : cell(x, row, name_col);
}

/* The label of one level of a grouping variable: a choice label when
 * the variable is a select question of the form, else the level itself. */
const char *report_level_label(const struct ctx *x, const char *var, const char *level)
{
	const struct form_question *q = x->form ? form_find_question(x->form, var) : NULL;
	const struct form_choice *ch = q && q->list ? form_find_choice(q->list, level) : NULL;
	const char *l = ch ? form_text_get(x->form, &ch->label, x->lang) : NULL;
	return l && *l ? l : level;
}

/* "Nurse · Southern Finland" for by "profession:region", group "nurse:south". */
const char *report_group_label(struct ctx *x, size_t row)
{
	const char *by = cell(x, row, x->c.by), *group = cell(x, row, x->c.group);
	char *vars, *levels, *v, *l, *sv = NULL, *sl = NULL, buf[512] = "";
	if (!*by)
		return W(x, RW_ALL);
	vars = ky_strdup(by);
	levels = ky_strdup(group);
	for (v = strtok_r(vars, ":", &sv), l = strtok_r(levels, ":", &sl); v && l;
	     v = strtok_r(NULL, ":", &sv), l = strtok_r(NULL, ":", &sl))
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", *buf ? " · " : "",
			 report_level_label(x, v, l));
	free(vars);
	free(levels);
	return report_keep(x, ky_strdup(*buf ? buf : group));
}

/* A chart's file name holds [A-Za-z0-9_-] only: an attribute named
 * "a/b" or "../x" must not become a path. */
static void safe_stem(char *stem)
{
	for (; *stem; stem++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *stem))
			*stem = '_';
}

static void write_chart_file(struct ctx *x, const char *svg, size_t len, const char *stem)
{
	struct safe_output out;
	char *path;

	if (!x->opt->charts_dir || x->rc)
		return;
	path = ky_asprintf("%s/%02d-%s.svg", x->opt->charts_dir, x->chart_no, stem);
	x->rc = safe_output_open(&out, path, x->opt->guard, x->err);
	if (!x->rc) {
		if (fwrite(svg, 1, len, out.fp) != len) {
			x->rc = ky_error_set(x->err, KY_EIO, "%s: write failed: %s", path,
					     strerror(errno));
			safe_output_discard(&out);
		} else {
			x->rc = safe_output_commit(&out, x->err);
		}
	}
	if (x->rc)
		ky_error_prefix(x->err, "report");
	free(path);
}

char *report_keep(struct ctx *x, char *s)
{
	x->pool = ky_reallocarray(x->pool, x->n_pool + 1, sizeof *x->pool);
	return x->pool[x->n_pool++] = s;
}

static const char *list_label(const struct ctx *x, const char *list, const char *name)
{
	const struct form_list *l = x->form ? form_find_list(x->form, list) : NULL;
	const struct form_choice *ch = l ? form_find_choice(l, name) : NULL;
	const char *t = ch ? form_text_get(x->form, &ch->label, x->lang) : NULL;
	return t && *t ? t : NULL;
}

const char *report_variable_label(struct ctx *x, size_t row)
{
	const char *var = cell(x, row, x->c.variable), *t;
	if (!strcmp(var, "knowledge"))
		return W(x, RW_KNOWLEDGE_ALL);
	if (!strncmp(var, "knowledge:", 10)) {
		t = list_label(x, "domain", var + 10);
		return t ? t : var + 10;
	}
	t = list_label(x, "need_topic", var);
	return t ? t : report_repeat_label(x, row, report_label_or_name(x, row, x->c.variable_label,
									 x->c.variable));
}

const char *report_repeat_label(struct ctx *x, size_t row, const char *label)
{
	const char *rep = cell(x, row, x->c.repeat), *t;
	const struct form_question *q;

	if (!*rep)
		return label;
	q = x->form ? form_find_question(x->form, rep) : NULL;
	t = q ? form_text_get(x->form, &q->label, x->lang) : NULL;
	return report_keep(x, ky_asprintf("%s [%s]", label, t && *t ? t : rep));
}

void report_heading(struct ctx *x, int level, const char *id, const char *text)
{
	fprintf(x->out, "<h%d id=\"%s\">", level, id);
	markup_escape(x->out, text);
	fprintf(x->out, "</h%d>\n", level);
}

void report_figure(struct ctx *x, const char *svg, size_t len, const char *stem,
		   const char *caption, const char *table_id)
{
	char *file_stem = ky_strdup(stem);
	safe_stem(file_stem);
	x->chart_no++;
	fputs("<figure>", x->out);
	fwrite(svg, 1, len, x->out);
	fputs("<figcaption>", x->out);
	markup_escape(x->out, caption);
	fprintf(x->out, " <a href=\"#%s\">%s</a></figcaption></figure>\n", table_id, W(x, RW_DATA_TABLE));
	write_chart_file(x, svg, len, file_stem);
	free(file_stem);
}

long report_find(const struct ctx *x, const char *variable, const char *statistic,
		 const char *level, bool grouped, const char *group)
{
	for (size_t i = 0; i < x->est->n_rows; i++) {
		if (strcmp(cell(x, i, x->c.variable), variable) ||
		    strcmp(cell(x, i, x->c.statistic), statistic))
			continue;
		if (level && strcmp(cell(x, i, x->c.level), level))
			continue;
		if (grouped != (*cell(x, i, x->c.by) != '\0'))
			continue;
		if (group && strcmp(cell(x, i, x->c.group), group))
			continue;
		return (long)i;
	}
	return -1;
}

void report_data(struct ctx *x, const char *csv_text, enum report_unit unit)
{
	char buf[48];
	double v = num(csv_text);
	if (unit == RU_SHARE)
		markup_percent(buf, sizeof buf, v);
	else if (unit == RU_POINTS)
		markup_percent(buf, sizeof buf, v / 100);
	else
		markup_number(buf, sizeof buf, v);
	fputs("<data value=\"", x->out);
	markup_escape(x->out, csv_text);
	fputs("\">", x->out);
	markup_escape(x->out, buf);
	fputs("</data>", x->out);
}

void report_interval(struct ctx *x, size_t row, enum report_unit unit)
{
	fprintf(x->out, "%s ", W(x, RW_CI));
	report_data(x, cell(x, row, x->c.low), unit);
	fputs("–", x->out);
	report_data(x, cell(x, row, x->c.high), unit);
}

static void section_tests(struct ctx *x)
{
	const struct table *t = x->tests;
	int var = table_col(t, "variable"), by = table_col(t, "by"), lvl = table_col(t, "level"),
	    test = table_col(t, "test"), stat = table_col(t, "statistic"), df = table_col(t, "df"),
	    df2 = table_col(t, "df2"), p = table_col(t, "p_value"), padj = table_col(t, "p_adjusted"),
	    n = table_col(t, "n");
	size_t i;
	if (!t->n_rows)
		return;
	report_heading(x, 3, "tests", W(x, RW_TESTS));
	fprintf(x->out, "<table class=\"tests\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
		W(x, RW_VARIABLE), W(x, RW_BY), W(x, RW_TEST), W(x, RW_STATISTIC), W(x, RW_DF),
		W(x, RW_P), W(x, RW_P_ADJ), W(x, RW_N));
	for (i = 0; i < t->n_rows; i++) {
		char s[32], d[64], pv[32], pa[32];
		markup_number(s, sizeof s, num(table_cell(t, i, stat)));
		markup_number(d, sizeof d, num(table_cell(t, i, df)));
		if (*table_cell(t, i, df2)) {
			size_t l = strlen(d);
			markup_number(d + l, sizeof d - l - 4, num(table_cell(t, i, df2)));
			memmove(d + l + 2, d + l, strlen(d + l) + 1);
			d[l] = strchr(d, ',') ? ';' : ',';   /* "3,87; 231" where a comma is decimal */
			d[l + 1] = ' ';
		}
		snprintf(pv, sizeof pv, "%.3g", num(table_cell(t, i, p)));
		snprintf(pa, sizeof pa, "%.3g", num(table_cell(t, i, padj)));
		markup_localise(pv);
		markup_localise(pa);
		fputs("<tr><td>", x->out);
		markup_escape(x->out, table_cell(t, i, var));
		if (*table_cell(t, i, lvl)) {
			fputs(": ", x->out);
			markup_escape(x->out, table_cell(t, i, lvl));
		}
		fputs("</td><td>", x->out);
		markup_escape(x->out, table_cell(t, i, by));
		fputs("</td><td>", x->out);
		markup_escape(x->out, table_cell(t, i, test));
		fprintf(x->out, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num p\" data-p=\"",
			s, d);
		markup_escape(x->out, table_cell(t, i, p));
		fprintf(x->out, "\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			*table_cell(t, i, p) ? pv : "", *table_cell(t, i, padj) ? pa : "", table_cell(t, i, n));
	}
	fputs("</tbody></table>\n", x->out);
}

static void study_row(struct ctx *x, enum ui_word w, const char *value)
{
	fprintf(x->out, "<tr><th>%s</th><td>", W(x, w));
	markup_escape(x->out, value);
	fputs("</td></tr>\n", x->out);
}

static char *design_text(const struct ctx *x)
{
	const struct analyze_options *o = x->opt->analysis;
	char buf[1024] = "";
	size_t i;
	if (!o->weight && !o->strata && !o->cluster && !o->poststratify && !o->n_rake)
		return ky_strdup(W(x, RW_UNWEIGHTED));
#define ADD(...) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), __VA_ARGS__)
	if (o->weight)
		ADD("%s%s '%s'", *buf ? "; " : "", W(x, RW_WEIGHT), o->weight);
	if (o->strata)
		ADD("%s%s '%s'", *buf ? "; " : "", W(x, RW_STRATA), o->strata);
	if (o->cluster)
		ADD("%s%s '%s'", *buf ? "; " : "", W(x, RW_CLUSTERS), o->cluster);
	if (o->poststratify)
		ADD("%s%s %s", *buf ? "; " : "", W(x, RW_POSTSTRAT), o->poststratify);
	for (i = 0; i < o->n_rake; i++)
		ADD("%s%s %s", *buf ? "; " : "", W(x, RW_RAKE), o->rake[i]);
#undef ADD
	return ky_strdup(buf);
}

const char *report_design_text(struct ctx *x)
{
	return report_keep(x, design_text(x));
}

static void section_study(struct ctx *x, const struct report_study *st)
{
	char buf[128], *design = design_text(x);
	report_heading(x, 3, "study", W(x, RW_STUDY));
	fputs("<table class=\"study\"><tbody>\n", x->out);
	study_row(x, RW_FORM, st->form_id);
	study_row(x, RW_VERSION, st->version ? st->version : "");
	snprintf(buf, sizeof buf, "%ld (%ld %s, %ld %s)", st->respondents, st->complete,
		 W(x, RW_COMPLETE), st->partial, W(x, RW_PARTIAL));
	study_row(x, RW_RESPONDENTS, buf);
	if (st->respondents) {
		markup_percent(buf, sizeof buf, (double)st->complete / (double)st->respondents);
		study_row(x, RW_COMPLETION_RATE, buf);
	}
	if (*st->first)
		study_row(x, RW_FIRST, st->first);
	if (*st->last)
		study_row(x, RW_LAST, st->last);
	study_row(x, RW_DESIGN, design);
	/* the settings a note shows as {{controller}}, {{contact}}, {{retention}} */
	if (x->form && x->form->controller)
		study_row(x, RW_CONTROLLER, x->form->controller);
	if (x->form && x->form->contact)
		study_row(x, RW_CONTACT, x->form->contact);
	if (x->form && x->form->retention)
		study_row(x, RW_RETENTION, x->form->retention);
	fputs("</tbody></table>\n", x->out);
	free(design);
}

static void section_methods(struct ctx *x, bool have_tests, bool have_needs, bool have_scales)
{
	const char *method = "", *level = "";
	char pct[32] = "", buf[2048];
	size_t i;
	for (i = 0; i < x->est->n_rows; i++)
		if (!strcmp(cell(x, i, x->c.statistic), "proportion")) {
			method = cell(x, i, x->c.method);
			level = cell(x, i, x->c.conf_level);
			break;
		}
	if (*level)
		snprintf(pct, sizeof pct, "%g %%", 100 * num(level));
	report_heading(x, 3, "methods", W(x, RW_METHODS));
	snprintf(buf, sizeof buf, W(x, RW_METHODS_TEXT_SHARES), pct, method);
	fputs("<p>", x->out);
	markup_escape(x->out, buf);
	fputs("</p>\n<p>", x->out);
	const struct analyze_options *a = x->opt->analysis;
	markup_escape(x->out, W(x, a->weight || a->strata || a->cluster ||
				 a->poststratify || a->n_rake ? RW_METHODS_TEXT_DESIGN
									 : RW_METHODS_TEXT_DESIGN_SRS));
	fputs("</p>\n<p>", x->out);
	if (a->min_cell > 0) {
		char k[32];
		snprintf(k, sizeof k, "%ld", a->min_cell);
		snprintf(buf, sizeof buf, W(x, RW_METHODS_TEXT_SUPPRESS), k, k);
		markup_escape(x->out, buf);
	} else {
		markup_escape(x->out, W(x, RW_METHODS_TEXT_NO_SUPPRESS));
	}
	fputs("</p>\n", x->out);
	if (have_tests)
		fprintf(x->out, "<p>%s</p>\n", W(x, RW_METHODS_TEXT_TESTS));
	if (have_needs)
		fprintf(x->out, "<p>%s</p>\n", W(x, RW_METHODS_TEXT_NEEDS));
	if (have_scales)
		fprintf(x->out, "<p>%s</p>\n", W(x, RW_METHODS_TEXT_SCALES));
}

/* Printed: the brief on at most four A4 pages, then the appendix on a
 * new page; no table row, chart or finding is ever cut by a page break.
 * Colours: text at least 4.5:1 on its background (WCAG AA). */
static const char css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:780px;margin:1.5em auto;padding:0 1em;color:#111;line-height:1.35}"
	"h1{font-size:1.5em;margin:.2em 0}h2{border-bottom:2px solid #005a9c;padding-bottom:.15em;margin-top:1.2em;font-size:1.25em}"
	"h3{font-size:1.05em;margin:1em 0 .3em}h4{font-size:.95em;margin:.8em 0 .2em}code{color:#444;font-size:.85em}"
	"a{color:#004a80}p.meta{color:#444;margin:.2em 0}"
	"table{border-collapse:collapse;margin:.3em 0 1em;font-size:.8em;width:100%}"
	"th,td{border-bottom:1px solid #bbb;padding:.15em .3em;text-align:left;vertical-align:top}"
	"td.num,th.num{text-align:right;white-space:nowrap}em.suppressed{color:#444;font-size:.9em}"
	"table.xt{font-size:.66em}table.xt th[scope=row]{width:24%;font-weight:normal}"
	"table.xt th.grp{hyphens:auto;overflow-wrap:anywhere;text-align:right;font-size:.92em}"
	"table.xt td.base,table.xt th.base{color:#333;border-top:1px solid #666}"
	"ol.findings li{margin:.25em 0}ol.findings a{font-size:.85em}"
	"table.who{width:auto}"
	"figure{margin:.4em 0}figcaption{font-size:.8em;color:#333}svg.chart{max-width:100%;height:auto}"
	"section.appendix{break-before:page}"
	"@page{size:A4;margin:14mm}"
	"@media print{body{margin:0;max-width:none;font-size:10pt}svg.chart{width:80%}figure,tr,li,h4+table{break-inside:avoid}"
	"h2,h3,h4{break-after:avoid}a{color:#111;text-decoration:none}}";

static void html_head(struct ctx *x, const struct report_study *st)
{
	char date[32];
	time_t now = time(NULL);
	char gen[256];
	strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
	fprintf(x->out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"kysely %s\">\n<title>", x->opt->lang, PACKAGE_VERSION);
	markup_escape(x->out, st->title ? st->title : st->form_id);
	fprintf(x->out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<h1>", css);
	markup_escape(x->out, st->title ? st->title : st->form_id);
	snprintf(gen, sizeof gen, W(x, RW_GENERATED), PACKAGE_VERSION, date);
	fputs("</h1>\n<p class=\"meta\">", x->out);
	markup_escape(x->out, gen);
	fputs("</p>\n", x->out);
}

static void find_columns(struct ctx *x)
{
	const struct table *t = x->est;
	x->c.variable = table_col(t, "variable");
	x->c.variable_label = table_col(t, "variable_label");
	x->c.by = table_col(t, "by");
	x->c.group = table_col(t, "group");
	x->c.level = table_col(t, "level");
	x->c.level_label = table_col(t, "level_label");
	x->c.statistic = table_col(t, "statistic");
	x->c.n = table_col(t, "n");
	x->c.base = table_col(t, "base");
	x->c.estimate = table_col(t, "estimate");
	x->c.low = table_col(t, "conf_low");
	x->c.high = table_col(t, "conf_high");
	x->c.conf_level = table_col(t, "conf_level");
	x->c.method = table_col(t, "method");
	x->c.suppressed = table_col(t, "suppressed");
	x->c.repeat = table_col(t, "repeat");
}

static bool has_statistic(const struct ctx *x, const char *prefix)
{
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!strncmp(cell(x, i, x->c.statistic), prefix, strlen(prefix)))
			return true;
	return false;
}

int report_write(FILE *out, const struct report_study *study, const struct analyze_results *res,
		 const struct report_options *opt, struct ky_error *err)
{
	struct ctx x = {.out = out, .est = &res->estimates, .tests = &res->tests,
			.items = res->has_items ? &res->items : NULL, .opt = opt, .err = err,
			.cmp = res->has_comparisons ? &res->compare_table : NULL,
			.paired = res->has_paired ? &res->paired : NULL,
			.form = study->form, .study = study, .lang = -1};
	if (x.form)
		x.lang = form_lang_index(x.form, opt->lang);
	markup_decimal_comma(!strncmp(opt->lang, "fi", 2) || !strncmp(opt->lang, "sv", 2));
	find_columns(&x);
	html_head(&x, study);
	report_brief(&x);
	fprintf(out, "<section class=\"appendix\" id=\"appendix\">\n<h2 id=\"appendix-title\">%s</h2>\n",
		W(&x, RW_APPENDIX));
	section_study(&x, study);
	section_methods(&x, x.tests->n_rows > 0, has_statistic(&x, "mwds") || has_statistic(&x, "top2"),
			has_statistic(&x, "alpha"));
	report_appendix_tables(&x);
	section_tests(&x);
	fputs("</section>\n</main>\n</body>\n</html>\n", out);
	for (size_t i = 0; i < x.n_pool; i++)
		free(x.pool[i]);
	free(x.pool);
	markup_decimal_comma(false);
	if (!x.rc && ferror(out))
		x.rc = ky_error_set(err, KY_EIO, "report: write failed");
	return x.rc;
}
