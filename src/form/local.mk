# src/form: the form model and the XLSForm reader
libkysely_a_SOURCES += src/form/form.c src/form/form.h src/form/value.c src/form/value.h \
	src/form/xlsform.c src/form/xlsform.h src/form/xlsform-impl.h \
	src/form/xlsform-sheet.c src/form/xlsform-diag.c src/form/xlsform-cycles.c src/form/xlsform-names.c \
	src/form/xlsform-loops.c src/form/xlsform-media.c \
	src/form/knowledge.c src/form/knowledge.h
libkysely_a_SOURCES += src/form/rules.c src/form/rules.h
libkysely_a_SOURCES += src/form/tree.c src/form/tree-eval.c src/form/tree.h
check_PROGRAMS += tests/unit/test-xlsform
TESTS += tests/unit/test-xlsform
tests_unit_test_xlsform_LDADD = $(LDADD_ALL)
tests_unit_test_xlsform_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR_DEFAULT='"$(abs_top_srcdir)"'
check_PROGRAMS += tests/unit/test-knowledge
TESTS += tests/unit/test-knowledge
tests_unit_test_knowledge_LDADD = $(LDADD_ALL)

# kysely validate: command tests and the forms they read
VALIDATE_CLI_TESTS = tests/cli/validate-reference.sh tests/cli/validate-kobo.sh \
	tests/cli/validate-broken.sh tests/cli/validate-usage.sh \
	tests/cli/validate-reserved.sh tests/cli/validate-legacy.sh \
	tests/cli/validate-xpath.sh tests/cli/validate-pulldata.sh tests/cli/validate-messages.sh \
	tests/cli/validate-instance.sh tests/cli/validate-from-file.sh \
	tests/cli/xlsform-corpus.sh
TESTS += $(VALIDATE_CLI_TESTS)
dist_check_SCRIPTS += $(VALIDATE_CLI_TESTS)
EXTRA_DIST += tests/forms/basic/survey.csv tests/forms/basic/choices.csv \
	tests/forms/basic/settings.csv tests/forms/basic.csv \
	tests/forms/kobo/survey.csv tests/forms/kobo/choices.csv tests/forms/kobo/settings.csv \
	tests/forms/kobo-cp1252/survey.csv tests/forms/kobo-cp1252/choices.csv \
	tests/forms/kobo-cp1252/settings.csv \
	tests/forms/broken/survey.csv tests/forms/broken/choices.csv \
	tests/forms/broken/settings.csv tests/forms/broken.expected \
	tests/forms/broken-onefile.csv tests/forms/broken-onefile.expected \
	tests/forms/legacy/survey.csv tests/forms/legacy/choices.csv

include src/form/expr.mk
# the one grammar of answer values (form/value.h)
check_PROGRAMS += tests/unit/test-value
TESTS += tests/unit/test-value
tests_unit_test_value_LDADD = $(LDADD_ALL)
# relevance, required, constraint: the rules collect, import and simulate share
check_PROGRAMS += tests/unit/test-rules
TESTS += tests/unit/test-rules
tests_unit_test_rules_LDADD = $(LDADD_ALL)
# one respondent's answers with repeats (form/tree.h)
check_PROGRAMS += tests/unit/test-tree
TESTS += tests/unit/test-tree
tests_unit_test_tree_LDADD = $(LDADD_ALL)
tests_unit_test_tree_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR_DEFAULT='"$(abs_top_srcdir)"'
EXTRA_DIST += tests/forms/repeats/survey.csv tests/forms/repeats/choices.csv \
	tests/forms/repeats/settings.csv
