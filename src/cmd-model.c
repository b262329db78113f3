/* cmd-model.c - `kysely model`: linear and logistic regressions of a
 * formula's outcome on its terms (interfaces.md section 5, "Models"),
 * unweighted as lm/glm or under analyze's design options as svyglm:
 * options here, the run and its files in src/analyze/model-run.c, the
 * maths in analysis/glm.c. */
#include "config.h"
#include <string.h>
#include "analyze/model-run.h"
#include "analyze/options.h"
#include "command.h"

static int set_family(void *base, const char *value, struct ky_error *err)
{
	struct model_options *o = base;
	if (strcmp(value, "gaussian") && strcmp(value, "binomial"))
		return ky_error_set(err, KY_EUSAGE, "model: --family '%s': use gaussian or binomial", value);
	o->family = strcmp(value, "gaussian") ? GLM_BINOMIAL : GLM_GAUSSIAN;
	return KY_OK;
}

static int add_ref(void *base, const char *value, struct ky_error *err)
{
	struct model_options *o = base;
	if (!strchr(value, '=') || o->n_refs == MODEL_MAX_REFS)
		return ky_error_set(err, KY_EUSAGE, "model: --ref '%s': use VAR=LEVEL (at most %d)", value, MODEL_MAX_REFS);
	o->ref[o->n_refs++] = value;
	return KY_OK;
}

static const struct cmdline_option model_options[] = {
	CMDLINE_OPT_CALL(0, "family", set_family, "F",
			 "gaussian (lm) or binomial (logistic glm); default\n"
			 "binomial for Q=LEVEL, pass and correct(ITEM)"),
	CMDLINE_OPT_CALL(0, "ref", add_ref, "VAR=LEVEL",
			 "reference level of a categorical term (repeatable)"),
	CMDLINE_OPT_FLAG(0, "excel", struct model_options, a.excel,
			 "CSV for Excel in Finnish or Swedish (byte-order mark,\n"
			 "';' between cells, decimal comma)"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const model_tables[] = {
	analyze_output_options, model_options, analyze_common_options,
	analyze_design_options, NULL
};

static int parse_options(int argc, char **argv, struct model_options *o, bool *help,
			 struct ky_error *err)
{
	void *const bases[] = { &o->a, o, &o->a, &o->a };
	struct cmdline cl;
	int rc;

	memset(o, 0, sizeof *o);
	analyze_options_init(&o->a);
	o->a.columns = true;
	o->a.named_only = true;
	o->family = -1;
	rc = command_parse(&cmd_model, bases, &cl, argc, argv, err);
	*help = cl.help;
	for (int i = 0; !rc && !cl.help && i < cl.n_args; i++) {
		if (o->n_formulas == MODEL_MAX_FORMULAS)
			rc = ky_error_set(err, KY_EUSAGE, "model: at most %d formulas", MODEL_MAX_FORMULAS);
		else
			o->formula[o->n_formulas++] = cl.args[i];
	}
	if (!rc && !cl.help && !o->n_formulas)
		rc = ky_error_set(err, KY_EUSAGE, "model: give a formula 'OUTCOME ~ TERM + TERM ...'");
	if (!rc && !cl.help)
		rc = analyze_options_check(&o->a, &cl, "model", err);
	cmdline_release(&cl);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct model_options o;
	bool help = false;
	int rc = parse_options(argc, argv, &o, &help, err);

	if (rc || help)
		return rc;
	return model_write_dir(&o, err);
}

const struct command cmd_model = {
	.name = "model",
	.summary = "linear and logistic regression (as R lm and glm)",
	.usage =
	"usage: kysely model --db DB [--form ID] --out DIR [options] 'OUTCOME ~ TERM + TERM ...' ...\n"
	"\n"
	"Fits each formula on the respondents with the outcome and every term\n"
	"answered and writes DIR/models.csv (one row per coefficient: estimate,\n"
	"standard error, test, interval, odds ratio) and DIR/models-fit.csv (one\n"
	"row per model: n, residual df, deviance, AIC, R squared, Wald test).\n"
	"\n"
	"OUTCOME: a numeric question or attribute; Q=LEVEL of a select_one\n"
	"(binomial); score, score_pct, knowledge:DOMAIN (the domain's score_pct);\n"
	"pass (with --pass-mark); correct(ITEM) (binomial).\n"
	"TERM: a question or attribute, categorical when it has choices or text\n"
	"values (treatment contrasts, the first choice the reference), else numeric.\n",
	.options = model_tables,
	.notes =
	"With --weight (or any design option) the models are design-based, as\n"
	"R svyglm: quasibinomial for binomial, t tests on the residual df.\n"
	"--lang picks the form's language for messages and labels; --pass-mark\n"
	"gives the outcome pass.\n"
	"\n"
	"Example: kysely model --db study.db --out results --ref region=south \\\n"
	"           'score_pct ~ profession + region + years' 'correct(q3) ~ profession'\n",
	.run = run,
};
