/* entry-attrs.c - `--set NAME=VALUE` (entry-attrs.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "store/entry-attrs.h"
#include "util/escape.h"
#include "util/mem.h"

void entry_attrs_init(struct entry_attrs *a)
{
	memset(a, 0, sizeof *a);
}

void entry_attrs_release(struct entry_attrs *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->names[i]);
		free(a->values[i]);
	}
	free(a->names);
	free(a->values);
	entry_attrs_init(a);
}

int entry_attrs_find(const struct entry_attrs *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->names[i], name))
			return (int)i;
	return -1;
}

static int check_pair(const struct entry_attrs *a, const char *command, const char *name,
		      const char *value, struct ky_error *err)
{
	if (!*name)
		return ky_error_set(err, KY_EUSAGE, "%s: '--set': expected NAME=VALUE, the name is empty",
				    command);
	if (ky_text_has_hidden(name))
		return ky_error_set(err, KY_EUSAGE, "%s: '--set': a control or invisible character, "
				    "or invalid UTF-8, in the name", command);
	if (strchr(name, '"'))
		return ky_error_set(err, KY_EUSAGE, "%s: '--set %s': a name with '\"' is not supported",
				    command, name);
	if (!*value)
		return ky_error_set(err, KY_EUSAGE, "%s: '--set %s': the value is empty", command, name);
	if (ky_text_has_hidden(value))
		return ky_error_set(err, KY_EUSAGE, "%s: '--set %s': a control or invisible character, "
				    "or invalid UTF-8, in the value", command, name);
	if (entry_attrs_find(a, name) >= 0)
		return ky_error_set(err, KY_EUSAGE, "%s: '--set %s' is given twice", command, name);
	return KY_OK;
}

int entry_attrs_add(struct entry_attrs *a, const char *command, const char *arg,
		    struct ky_error *err)
{
	const char *eq = strchr(arg, '=');
	size_t at;
	char *name;
	int rc;

	if (!eq)
		return ky_error_set(err, KY_EUSAGE, "%s: '--set': expected NAME=VALUE", command);
	name = ky_strndup(arg, (size_t)(eq - arg));
	if ((rc = check_pair(a, command, name, eq + 1, err))) {
		free(name);
		return rc;
	}
	for (at = 0; at < a->n && strcmp(a->names[at], name) < 0; at++)
		;
	a->names = ky_reallocarray(a->names, a->n + 1, sizeof *a->names);
	a->values = ky_reallocarray(a->values, a->n + 1, sizeof *a->values);
	memmove(a->names + at + 1, a->names + at, (a->n - at) * sizeof *a->names);
	memmove(a->values + at + 1, a->values + at, (a->n - at) * sizeof *a->values);
	a->names[at] = name;
	a->values[at] = ky_strdup(eq + 1);
	a->n++;
	return KY_OK;
}

int entry_attrs_check_form(const struct entry_attrs *a, const char *command,
			   const struct form *form, struct ky_error *err)
{
	for (size_t i = 0; i < a->n; i++) {
		const char *name = a->names[i];
		if (form_is_response_column(name))
			return ky_error_set(err, KY_EUSAGE, "%s: '--set %s': '%s' is a fixed response "
					    "column, not an attribute", command, name, name);
		if (form_find_question(form, name))
			return ky_error_set(err, KY_EUSAGE, "%s: '--set %s': the form has a question "
					    "of that name", command, name);
	}
	return KY_OK;
}

void entry_attrs_merge(const struct entry_attrs *a, size_t *next, const char *before,
		       struct attrs_builder *b)
{
	for (; *next < a->n && (!before || strcmp(a->names[*next], before) < 0); (*next)++)
		attrs_builder_add(b, a->names[*next], a->values[*next],
				  strlen(a->values[*next]));
}
