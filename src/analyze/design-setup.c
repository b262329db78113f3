/* design-setup.c - groups (--by) and the survey design (--weight, --strata,
 * --cluster, --fpc, --poststratify, --rake) from the options. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/stream.h"
#include "io/csvread.h"
#include "util/mem.h"

int analyze_setup_groups(struct analyze_run *run, struct ky_error *err)
{
	const struct analyze_options *opt = run->opt;
	size_t n_groups = 1;
	int rc;

	if (opt->n_by == 0)
		return KY_OK;
	for (size_t b = 0; b < opt->n_by; b++) {
		rc = analyze_find_var(run, opt->by[b], true, &run->by_var[b], err);
		if (rc)
			return ky_error_prefix(err, "%s: --by", analyze_command(opt));
		size_t levels = run->vars[run->by_var[b]].n_levels;
		if (levels == 0 || n_groups > ((size_t)1 << 24) / levels)
			return ky_error_set(err, KY_EUSAGE, "%s: --by '%s': too many groups", analyze_command(opt), opt->by[b]);
		n_groups *= levels;
	}
	run->n_groups = n_groups;
	run->group = ky_calloc(run->n ? run->n : 1, sizeof *run->group);
	for (size_t i = 0; i < run->n; i++) {
		int64_t g = 0;
		for (size_t b = 0; b < opt->n_by && g >= 0; b++) {
			const struct avar *a = &run->vars[run->by_var[b]];
			g = a->code[i] < 0 ? -1 : g * (int64_t)a->n_levels + a->code[i];
		}
		run->group[i] = (int32_t)g;
	}
	/* names "x:y", the first --by varying slowest */
	run->group_names = ky_calloc(n_groups, sizeof *run->group_names);
	for (size_t g = 0; g < n_groups; g++) {
		size_t rest = g, len = 1;
		const char *part[ANALYZE_MAX_BY];
		for (size_t b = opt->n_by; b-- > 0;) {
			const struct avar *a = &run->vars[run->by_var[b]];
			part[b] = a->level_names[rest % a->n_levels];
			rest /= a->n_levels;
			len += strlen(part[b]) + 1;
		}
		char *name = ky_calloc(len, 1);
		for (size_t b = 0; b < opt->n_by; b++) {
			if (b)
				strcat(name, ":");
			strcat(name, part[b]);
		}
		run->group_names[g] = name;
	}
	size_t len = 1;
	for (size_t b = 0; b < opt->n_by; b++)
		len += strlen(opt->by[b]) + 1;
	run->by_label = ky_calloc(len, 1);
	for (size_t b = 0; b < opt->n_by; b++) {
		if (b)
			strcat(run->by_label, ":");
		strcat(run->by_label, opt->by[b]);
	}
	return KY_OK;
}

/* A population file: the stratifying variables, then `population`. */
struct population {
	char **vars;
	size_t n_vars;
	char ***levels;     /* [row][var] */
	double *total;      /* [row] */
	long *line;
	size_t n_rows;
};

static void population_release(struct population *p)
{
	for (size_t r = 0; r < p->n_rows; r++) {
		for (size_t v = 0; v < p->n_vars; v++)
			free(p->levels[r][v]);
		free(p->levels[r]);
	}
	for (size_t v = 0; v < p->n_vars; v++)
		free(p->vars[v]);
	free(p->vars);
	free(p->levels);
	free(p->total);
	free(p->line);
	memset(p, 0, sizeof *p);
}

static int analyze_read_population(const char *path, struct population *p, struct ky_error *err)
{
	struct csvread *r;
	const struct csvread_record *rec;
	size_t pop_col = SIZE_MAX, cap = 0;
	int rc, got;

	memset(p, 0, sizeof *p);
	rc = csvread_open(path, NULL, &r, err);
	if (rc)
		return rc;
	got = csvread_next(r, &rec, err);
	if (got <= 0) {
		rc = got < 0 ? err->code : ky_error_set(err, KY_EINPUT, "%s: empty population file", path);
		goto out;
	}
	for (size_t f = 0; f < rec->n_fields; f++)
		if (!strcmp(rec->fields[f], "population"))
			pop_col = f;
	if (pop_col == SIZE_MAX || rec->n_fields < 2) {
		rc = ky_error_set(err, KY_EINPUT, "%s:%ld: expected the stratifying variables then a 'population' column",
				  path, rec->line);
		goto out;
	}
	if (rec->n_fields - 1 > ANALYZE_MAX_BY) {
		rc = ky_error_set(err, KY_EINPUT, "%s:%ld: %zu stratifying variables, at most %d",
				  path, rec->line, rec->n_fields - 1, ANALYZE_MAX_BY);
		goto out;
	}
	p->vars = ky_calloc(rec->n_fields, sizeof *p->vars);
	for (size_t f = 0; f < rec->n_fields; f++)
		if (f != pop_col)
			p->vars[p->n_vars++] = ky_strdup(rec->fields[f]);
	while ((got = csvread_next(r, &rec, err)) > 0) {
		if (rec->n_fields == 1 && rec->lens[0] == 0)
			continue;
		if (rec->n_fields != p->n_vars + 1) {
			rc = ky_error_set(err, KY_EINPUT, "%s:%ld: %zu fields, expected %zu",
					  path, rec->line, rec->n_fields, p->n_vars + 1);
			goto out;
		}
		double total;
		if (!form_parse_number(rec->fields[pop_col], &total) || total <= 0) {
			rc = ky_error_set(err, KY_EINPUT, "%s:%ld: population '%s' is not a positive number",
					  path, rec->line, rec->fields[pop_col]);
			goto out;
		}
		if (p->n_rows == cap) {
			cap = ky_grow_cap(cap, p->n_rows + 1, 16);
			p->levels = ky_reallocarray(p->levels, cap, sizeof *p->levels);
			p->total = ky_reallocarray(p->total, cap, sizeof *p->total);
			p->line = ky_reallocarray(p->line, cap, sizeof *p->line);
		}
		char **lv = ky_calloc(p->n_vars, sizeof *lv);
		for (size_t f = 0, v = 0; f < rec->n_fields; f++)
			if (f != pop_col)
				lv[v++] = ky_strdup(rec->fields[f]);
		p->levels[p->n_rows] = lv;
		p->total[p->n_rows] = total;
		p->line[p->n_rows] = rec->line;
		p->n_rows++;
	}
	if (got < 0) {
		rc = err->code;
		goto out;
	}
	if (p->n_rows == 0)
		rc = ky_error_set(err, KY_EINPUT, "%s: no population rows", path);
out:
	csvread_close(r);
	if (rc)
		population_release(p);
	return rc;
}

int analyze_population_vars(const char *path, char ***names, size_t *n, struct ky_error *err)
{
	struct population p;
	int rc = analyze_read_population(path, &p, err);

	*names = NULL;
	*n = 0;
	if (rc)
		return rc;
	/* the names move to the caller; the rest of the file is released */
	*names = p.vars;
	*n = p.n_vars;
	p.vars = NULL;
	p.n_vars = 0;
	for (size_t r = 0; r < p.n_rows; r++) {
		for (size_t v = 0; v < *n; v++)
			free(p.levels[r][v]);
		free(p.levels[r]);
	}
	p.n_rows = 0;
	population_release(&p);
	return KY_OK;
}

int analyze_design_names(const struct analyze_options *opt, const char **names, size_t *n,
			 struct analyze_design_names *dn, struct ky_error *err)
{
	const char *files[ANALYZE_MAX_BY + 1];
	const char *cols[] = { opt->weight, opt->strata, opt->cluster, opt->fpc };
	size_t n_files = 0;

	memset(dn, 0, sizeof *dn);
	for (size_t k = 0; k < 4; k++)
		if (cols[k])
			names[(*n)++] = cols[k];
	if (opt->poststratify)
		files[n_files++] = opt->poststratify;
	for (size_t k = 0; k < opt->n_rake; k++)
		files[n_files++] = opt->rake[k];
	for (size_t k = 0; k < n_files; k++) {
		int rc = analyze_population_vars(files[k], &dn->vars[k], &dn->n_vars[k], err);
		if (rc)
			return rc;
		for (size_t v = 0; v < dn->n_vars[k]; v++)
			names[(*n)++] = dn->vars[k][v];
	}
	return KY_OK;
}

void analyze_design_names_release(struct analyze_design_names *dn)
{
	for (size_t k = 0; k <= ANALYZE_MAX_BY; k++) {
		for (size_t v = 0; v < dn->n_vars[k]; v++)
			free(dn->vars[k][v]);
		free(dn->vars[k]);
	}
	memset(dn, 0, sizeof *dn);
}

/* The margin of a population file over the respondents: group[i] = the
 * file's row for respondent i. */
struct margin {
	struct population pop;
	size_t *group;
	char **names;     /* per row, "x:y" */
	char *var;        /* "a:b" */
};

static void margin_release(struct margin *m)
{
	/* names is allocated after the file is read: a failure before that
	 * (an unknown variable) leaves rows without names */
	for (size_t r = 0; m->names && r < m->pop.n_rows; r++)
		free(m->names[r]);
	free(m->names);
	free(m->group);
	free(m->var);
	population_release(&m->pop);
}

/* "a:b:c": the parts joined with ':' (a margin's group and variable names). */
static char *join_names(const char *const *parts, size_t n)
{
	size_t len = 1;
	char *out;

	for (size_t v = 0; v < n; v++)
		len += strlen(parts[v]) + 1;
	out = ky_calloc(len, 1);
	for (size_t v = 0; v < n; v++) {
		if (v)
			strcat(out, ":");
		strcat(out, parts[v]);
	}
	return out;
}

/* Each line of the population file to its cell of the variables'
 * categories (row_of_cell), and its group name. */
static int population_cells(struct analyze_run *run, const char *path, struct margin *m,
			    const size_t *var_index, size_t *row_of_cell, struct ky_error *err)
{
	struct population *p = &m->pop;

	m->names = ky_calloc(p->n_rows, sizeof *m->names);
	for (size_t r = 0; r < p->n_rows; r++) {
		size_t c = 0;
		for (size_t v = 0; v < p->n_vars; v++) {
			const struct avar *a = &run->vars[var_index[v]];
			size_t k;
			for (k = 0; k < a->n_levels; k++)
				if (!strcmp(a->level_names[k], p->levels[r][v]))
					break;
			if (k == a->n_levels)
				return ky_error_set(err, KY_EINPUT, "%s:%ld: '%s' is not a category of '%s' in the data",
						    path, p->line[r], p->levels[r][v], p->vars[v]);
			c = c * a->n_levels + k;
		}
		if (row_of_cell[c] != SIZE_MAX)
			return ky_error_set(err, KY_EINPUT, "%s:%ld: the same category as line %ld",
					    path, p->line[r], p->line[row_of_cell[c]]);
		row_of_cell[c] = r;
		m->names[r] = join_names((const char *const *)p->levels[r], p->n_vars);
	}
	return KY_OK;
}

/* Each respondent to the population line of their cell (m->group). */
static int respondent_groups(struct analyze_run *run, const char *path, struct margin *m,
			     const size_t *var_index, const size_t *row_of_cell, struct ky_error *err)
{
	struct population *p = &m->pop;

	m->group = ky_calloc(run->n ? run->n : 1, sizeof *m->group);
	for (size_t i = 0; i < run->n; i++) {
		size_t c = 0;
		for (size_t v = 0; v < p->n_vars; v++) {
			const struct avar *a = &run->vars[var_index[v]];
			if (a->code[i] < 0)
				return ky_error_set(err, KY_EINPUT, "respondent '%s': no value for '%s', needed by %s",
						    analyze_respondent(run, i), p->vars[v], path);
			c = c * a->n_levels + (size_t)a->code[i];
		}
		if (row_of_cell[c] == SIZE_MAX) {
			size_t rest = c;
			const char *lv[ANALYZE_MAX_BY];
			for (size_t v = p->n_vars; v-- > 0;) {
				const struct avar *a = &run->vars[var_index[v]];
				lv[v] = a->level_names[rest % a->n_levels];
				rest /= a->n_levels;
			}
			return ky_error_set(err, KY_EINPUT, "%s: no population total for '%s' = '%s' (respondent '%s')",
					    path, p->vars[0], lv[0], analyze_respondent(run, i));
		}
		m->group[i] = row_of_cell[c];
	}
	return KY_OK;
}

static int margin_build(struct analyze_run *run, const char *path, struct margin *m,
			struct ky_error *err)
{
	struct population *p = &m->pop;
	size_t var_index[ANALYZE_MAX_BY], cells = 1;
	size_t *row_of_cell = NULL;
	int rc;

	memset(m, 0, sizeof *m);
	rc = analyze_read_population(path, p, err);
	if (rc)
		return rc;
	if (p->n_vars > ANALYZE_MAX_BY) {
		rc = ky_error_set(err, KY_EINPUT, "%s:1: too many stratifying variables", path);
		goto fail;
	}
	for (size_t v = 0; v < p->n_vars; v++) {
		rc = analyze_find_var(run, p->vars[v], true, &var_index[v], err);
		if (rc) {
			ky_error_prefix(err, "%s:1", path);
			goto fail;
		}
		cells *= run->vars[var_index[v]].n_levels;
	}
	row_of_cell = ky_reallocarray(NULL, cells ? cells : 1, sizeof *row_of_cell);
	for (size_t c = 0; c < cells; c++)
		row_of_cell[c] = SIZE_MAX;
	if ((rc = population_cells(run, path, m, var_index, row_of_cell, err)) ||
	    (rc = respondent_groups(run, path, m, var_index, row_of_cell, err)))
		goto fail;
	m->var = join_names((const char *const *)p->vars, p->n_vars);
	free(row_of_cell);
	return KY_OK;
fail:
	free(row_of_cell);
	margin_release(m);
	memset(m, 0, sizeof *m);
	return rc;
}

static int codes_column(struct analyze_run *run, const char *name, const char *what,
			size_t **out, size_t *n_levels, struct ky_error *err)
{
	size_t v;
	int rc = analyze_find_var(run, name, true, &v, err);
	if (rc)
		return ky_error_prefix(err, "%s: --%s", analyze_command(run->opt), what);
	const struct avar *a = &run->vars[v];
	size_t *codes = ky_calloc(run->n ? run->n : 1, sizeof *codes);
	for (size_t i = 0; i < run->n; i++) {
		if (a->code[i] < 0) {
			free(codes);
			return ky_error_set(err, KY_EINPUT, "respondent '%s': no %s ('%s')",
					    analyze_respondent(run, i), what, name);
		}
		codes[i] = (size_t)a->code[i];
	}
	*out = codes;
	*n_levels = a->n_levels;
	return KY_OK;
}

static int lonely_parse(const char *cmd, const char *s, enum design_lonely *out, struct ky_error *err)
{
	if (!s || !strcmp(s, "fail"))
		*out = DESIGN_LONELY_FAIL;
	else if (!strcmp(s, "remove"))
		*out = DESIGN_LONELY_REMOVE;
	else if (!strcmp(s, "certainty"))
		*out = DESIGN_LONELY_CERTAINTY;
	else if (!strcmp(s, "adjust"))
		*out = DESIGN_LONELY_ADJUST;
	else if (!strcmp(s, "average"))
		*out = DESIGN_LONELY_AVERAGE;
	else
		return ky_error_set(err, KY_EUSAGE, "%s: --lonely-psu '%s': expected fail, remove, certainty, adjust or average", cmd, s);
	return KY_OK;
}

/* --poststratify or --rake: the design's weights calibrated to the
 * population files' totals. */
static int calibrate(struct analyze_run *run, struct ky_error *err)
{
	const struct analyze_options *opt = run->opt;
	struct margin margins[ANALYZE_MAX_BY];
	struct design_margin_input mi[ANALYZE_MAX_BY];
	size_t n_margins = 0;
	int rc = KY_OK, sweeps;
	bool converged;

	if (opt->poststratify) {
		rc = margin_build(run, opt->poststratify, &margins[0], err);
		if (!rc) {
			n_margins = 1;
			rc = design_poststratify(run->design, margins[0].group, margins[0].pop.n_rows,
						 margins[0].pop.total, margins[0].var,
						 (const char *const *)margins[0].names, err);
			if (rc)
				ky_error_prefix(err, "%s", opt->poststratify);
		}
	} else if (opt->n_rake) {
		for (size_t k = 0; k < opt->n_rake && !rc; k++) {
			rc = margin_build(run, opt->rake[k], &margins[k], err);
			if (rc)
				break;
			n_margins++;
			mi[k] = (struct design_margin_input){ margins[k].group, margins[k].pop.n_rows,
				margins[k].pop.total, margins[k].var, (const char *const *)margins[k].names };
		}
		if (!rc)
			rc = design_rake(run->design, mi, opt->n_rake, &sweeps, &converged, err);
		if (!rc && !converged)
			ky_warn("%s: raking did not converge after %d iterations (R rake(), epsilon 1); using the last weights",
				analyze_command(run->opt), sweeps);
	}
	for (size_t k = 0; k < n_margins; k++)
		margin_release(&margins[k]);
	return rc;
}

int analyze_setup_design(struct analyze_run *run, struct ky_error *err)
{
	const struct analyze_options *opt = run->opt;
	struct design_input in = { .n = run->n, .row_names = (const char *const *)run->respondent,
				   .row_count = run->cells_as_rows ? run->stream->cell_rows : NULL };
	double *weight = NULL, *fpc = NULL;
	size_t *stratum = NULL, *cluster = NULL, n_clusters = 0;
	const char **stratum_names = NULL;
	int rc;

	rc = lonely_parse(analyze_command(run->opt), opt->lonely_psu, &in.lonely_psu, err);
	if (rc)
		return rc;
	if (opt->weight) {
		rc = analyze_numeric_column(run, opt->weight, "weight", &weight, err);
		if (rc)
			goto out;
		for (size_t i = 0; i < run->n; i++) {
			if (!(weight[i] > 0)) {
				rc = ky_error_set(err, KY_EINPUT, "respondent '%s': weight %g is not positive",
						  analyze_respondent(run, i), weight[i]);
				goto out;
			}
		}
		in.own_weight = weight;   /* the design's from here on */
	}
	if (opt->strata) {
		rc = codes_column(run, opt->strata, "strata", &stratum, &in.n_strata, err);
		if (rc)
			goto out;
		size_t v;
		if ((rc = analyze_find_var(run, opt->strata, true, &v, err)))
			goto out;
		stratum_names = (const char **)run->vars[v].level_names;
		in.stratum = stratum;
		in.stratum_names = stratum_names;
	}
	if (opt->cluster) {
		rc = codes_column(run, opt->cluster, "cluster", &cluster, &n_clusters, err);
		if (rc)
			goto out;
		in.cluster = cluster;
	}
	if (opt->fpc) {
		double constant;
		if (form_parse_number(opt->fpc, &constant)) {
			fpc = ky_calloc(run->n ? run->n : 1, sizeof *fpc);
			for (size_t i = 0; i < run->n; i++)
				fpc[i] = constant;
		} else {
			rc = analyze_numeric_column(run, opt->fpc, "fpc", &fpc, err);
			if (rc)
				goto out;
		}
		in.fpc = fpc;
	}
	rc = design_create(&in, &run->design, err);
	weight = NULL;
	if (!rc)
		rc = calibrate(run, err);
	if (!rc)
		run->work = design_work_create(run->design);
out:
	free(weight);
	free(fpc);
	free(stratum);
	free(cluster);
	return rc;
}
