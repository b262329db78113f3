# src/analyze: the glue of `kysely analyze` (store -> analysis -> CSV)
libkysely_a_SOURCES += src/analyze/analyze.h src/analyze/dataset.c src/analyze/load-impl.h \
	src/analyze/read-answers.c src/analyze/read-columns.c src/analyze/read-sums.c src/analyze/read-plan.c \
	src/analyze/read-blocks.c \
	src/analyze/design-setup.c src/analyze/estimates.c src/analyze/assoc.c \
	src/analyze/rows.h src/analyze/derived.c \
	src/analyze/items.h src/analyze/items.c \
	src/analyze/stream.h src/analyze/stream.c \
	src/analyze/run-record.h src/analyze/run-record.c \
	src/analyze/model-frame.h src/analyze/model-frame.c \
	src/analyze/results.h src/analyze/results.c \
	src/analyze/quality.h src/analyze/quality.c \
	src/analyze/compare.h src/analyze/compare.c \
	src/analyze/editions.h src/analyze/editions.c \
	src/analyze/derived-export.h src/analyze/derived-export.c
TESTS += tests/reference/run.sh tests/cli/analyze-errors.sh tests/cli/analyze-metadata.sh
dist_check_SCRIPTS += tests/reference/run.sh tests/cli/analyze-errors.sh \
	tests/cli/analyze-metadata.sh
TESTS += tests/cli/analyze-passmark.sh
dist_check_SCRIPTS += tests/cli/analyze-passmark.sh
TESTS += tests/cli/analyze-paths.sh
dist_check_SCRIPTS += tests/cli/analyze-paths.sh
TESTS += tests/cli/analyze-lonely.sh
dist_check_SCRIPTS += tests/cli/analyze-lonely.sh
# the analysis options, defined once for analyze, report and model
# (options.c), and one run of analyze or model into its folder
libkysely_a_SOURCES += src/analyze/options.h src/analyze/options.c src/analyze/run.c \
	src/analyze/model-run.h src/analyze/model-run.c
# regressions found by the code review: population files, > 64 options
TESTS += tests/cli/analyze-regressions.sh
dist_check_SCRIPTS += tests/cli/analyze-regressions.sh
EXTRA_DIST += tests/data/many-options/survey.csv tests/data/many-options/choices.csv
# knowledge gap profile and reliability against R (tests/reference-own/knowledge)
TESTS += tests/cli/analyze-knowledge.sh
dist_check_SCRIPTS += tests/cli/analyze-knowledge.sh
EXTRA_DIST += tests/reference-own/knowledge/make-expected.R \
	tests/reference-own/knowledge/expected.csv tests/reference-own/knowledge/responses.csv \
	tests/reference-own/knowledge/form/survey.csv tests/reference-own/knowledge/form/choices.csv \
	tests/reference-own/knowledge/form/settings.csv
# items.csv against R (tests/reference-own/knowledge/expected-items.csv)
TESTS += tests/cli/analyze-items.sh
dist_check_SCRIPTS += tests/cli/analyze-items.sh
TESTS += tests/cli/analyze-share-suppression.sh
dist_check_SCRIPTS += tests/cli/analyze-share-suppression.sh
# a scale's alpha under a design against R svycralpha (tests/reference-own/scales)
TESTS += tests/cli/analyze-scale-alpha.sh
dist_check_SCRIPTS += tests/cli/analyze-scale-alpha.sh
EXTRA_DIST += tests/reference-own/scales/make-expected.R tests/reference-own/scales/expected.csv \
	tests/reference-own/scales/responses.csv tests/reference-own/scales/form/survey.csv \
	tests/reference-own/scales/form/choices.csv tests/reference-own/scales/form/settings.csv
EXTRA_DIST += tests/reference-own/knowledge/expected-items.csv
# run.csv: the record of the run beside its tables
TESTS += tests/cli/analyze-run-record.sh
dist_check_SCRIPTS += tests/cli/analyze-run-record.sh
# the data-quality table and --exclude-flagged
TESTS += tests/cli/analyze-quality.sh
dist_check_SCRIPTS += tests/cli/analyze-quality.sh
TESTS += tests/cli/analyze-quality-stream.sh
dist_check_SCRIPTS += tests/cli/analyze-quality-stream.sh
# --compare against R (tests/reference-own/compare) and its usage errors
TESTS += tests/cli/analyze-compare.sh tests/cli/analyze-compare-errors.sh \
	tests/cli/analyze-compare-editions.sh
dist_check_SCRIPTS += tests/cli/analyze-compare.sh tests/cli/analyze-compare-errors.sh \
	tests/cli/analyze-compare-editions.sh
EXTRA_DIST += tests/reference-own/compare/make-expected.R \
	tests/reference-own/compare/make-responses.R tests/reference-own/compare/check.py \
	tests/reference-own/compare/expected.csv tests/reference-own/compare/responses.csv \
	tests/reference-own/compare/form/survey.csv tests/reference-own/compare/form/choices.csv \
	tests/reference-own/compare/form/settings.csv \
	tests/reference-own/compare/expected-editions.csv \
	tests/reference-own/compare/form-v1/survey.csv tests/reference-own/compare/form-v1/choices.csv \
	tests/reference-own/compare/form-v1/settings.csv \
	tests/reference-own/compare/population.csv \
	tests/reference-own/compare/not-comparable.py
# before/after change on linked respondents: analyze --paired (paired.csv)
libkysely_a_SOURCES += src/analyze/linking.h src/analyze/linking.c \
	src/analyze/paired.h src/analyze/paired.c
TESTS += tests/cli/analyze-paired.sh
dist_check_SCRIPTS += tests/cli/analyze-paired.sh
EXTRA_DIST += tests/reference-own/paired/make-expected.R \
	tests/reference-own/paired/expected.csv tests/reference-own/paired/responses.csv \
	tests/reference-own/paired/form/survey.csv tests/reference-own/paired/form/choices.csv \
	tests/reference-own/paired/form/settings.csv
# export --derived: analyze's per-respondent scores and weights (derived-export.h)
TESTS += tests/cli/export-derived.sh
dist_check_SCRIPTS += tests/cli/export-derived.sh
# the one-pass sums on their own
check_PROGRAMS += tests/unit/test-stream
TESTS += tests/unit/test-stream
tests_unit_test_stream_LDADD = $(LDADD_ALL)

# each repeat's questions over its instances (repeats.h), against R
# (tests/reference-own/repeats)
libkysely_a_SOURCES += src/analyze/repeats.h src/analyze/repeats.c
TESTS += tests/cli/analyze-repeats.sh
dist_check_SCRIPTS += tests/cli/analyze-repeats.sh
EXTRA_DIST += tests/reference-own/repeats/make-expected.R \
	tests/reference-own/repeats/make-responses.R tests/reference-own/repeats/expected.csv \
	tests/reference-own/repeats/expected-tests.csv \
	tests/reference-own/repeats/responses.csv tests/reference-own/repeats/responses-person.csv \
	tests/reference-own/repeats/responses-trip.csv tests/reference-own/repeats/form/survey.csv \
	tests/reference-own/repeats/form/choices.csv tests/reference-own/repeats/form/settings.csv
