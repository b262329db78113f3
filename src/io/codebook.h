/* codebook.h - the data dictionary of a form as a tidy CSV table.
 *
 * One row per (variable, choice): a question without choices has one row
 * with an empty choice; a select question has one row per choice, each
 * repeating the question's columns, so that a spreadsheet filter on
 * `variable` shows a question whole. Columns:
 *   variable, type, list, label (or label::CODE per language), choice,
 *   choice_label (or choice_label::CODE), value, score, scale, reverse,
 *   domain, need_topic, need_role, relevant, constraint, required
 * The response metadata (respondent, status, started, completed, lang)
 * come first with type `meta`, the respondent attributes last with type
 * `attribute`, in the order of the wide export. */
#ifndef KY_CODEBOOK_H
#define KY_CODEBOOK_H

#include <stddef.h>
#include "form/form.h"
#include "io/csvwrite.h"

/* Writes the codebook through w (the caller finishes it). lang is an
 * index into form->langs for one label column, or -1 for one column per
 * language. */
void codebook_write(struct csvwrite *w, const struct form *form, int lang,
		    const char *const *attr_names, size_t n_attrs);

/* The same for a typed export (sav, dta, sqlite): two more columns,
 * name_in_file (the variable's name in the file; for a select_multiple's
 * choice row, that option's 0/1 variable) and code_in_file (a
 * select_one choice's number in the file), and a row per derived column
 * (type `derived`, one per value label). */
struct export_table;
void codebook_write_table(struct csvwrite *w, const struct form *form, int lang,
			  const char *const *attr_names, size_t n_attrs,
			  const struct export_table *t);

#endif
