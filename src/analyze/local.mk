# src/analyze: the glue of `kysely analyze` (store -> analysis -> CSV)
libkysely_a_SOURCES += src/analyze/analyze.h src/analyze/dataset.c \
	src/analyze/design-setup.c src/analyze/estimates.c src/analyze/assoc.c \
	src/analyze/rows.h src/analyze/derived.c \
	src/analyze/items.h src/analyze/items.c \
	src/analyze/stream.h src/analyze/stream.c \
	src/analyze/run-record.h src/analyze/run-record.c \
	src/analyze/model-frame.h src/analyze/model-frame.c
TESTS += tests/reference/run.sh tests/cli/analyze-errors.sh tests/cli/analyze-metadata.sh
dist_check_SCRIPTS += tests/reference/run.sh tests/cli/analyze-errors.sh \
	tests/cli/analyze-metadata.sh
TESTS += tests/cli/analyze-passmark.sh
dist_check_SCRIPTS += tests/cli/analyze-passmark.sh
TESTS += tests/cli/analyze-paths.sh
dist_check_SCRIPTS += tests/cli/analyze-paths.sh
TESTS += tests/cli/analyze-lonely.sh
dist_check_SCRIPTS += tests/cli/analyze-lonely.sh
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
