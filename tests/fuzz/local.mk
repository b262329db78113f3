# tests/fuzz: libFuzzer targets (built with --enable-fuzzers and clang) and
# their replay programs, which `make check` runs over the seed corpus and
# every input that once crashed (tests/fuzz/regressions/).
FUZZ_TARGETS = expr form csv import
check_PROGRAMS += tests/fuzz/fuzz-expr-replay tests/fuzz/fuzz-form-replay tests/fuzz/fuzz-csv-replay \
	tests/fuzz/fuzz-import-replay
tests_fuzz_fuzz_expr_replay_SOURCES = tests/fuzz/fuzz-expr.c tests/fuzz/standalone.c
tests_fuzz_fuzz_form_replay_SOURCES = tests/fuzz/fuzz-form.c tests/fuzz/standalone.c
tests_fuzz_fuzz_csv_replay_SOURCES = tests/fuzz/fuzz-csv.c tests/fuzz/standalone.c
tests_fuzz_fuzz_expr_replay_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_form_replay_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_csv_replay_LDADD = $(LDADD_ALL)
# The import target runs src/import (in libkysely.a) against a fixed form:
# the reference case `small`.
FUZZ_IMPORT_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_IMPORT_FORM='"$(abs_top_srcdir)/tests/fuzz/import-form.csv"'
tests_fuzz_fuzz_import_replay_SOURCES = tests/fuzz/fuzz-import.c tests/fuzz/standalone.c
tests_fuzz_fuzz_import_replay_CPPFLAGS = $(FUZZ_IMPORT_CPPFLAGS)
tests_fuzz_fuzz_import_replay_LDADD = $(LDADD_ALL)
TESTS += tests/fuzz/replay.sh
dist_check_SCRIPTS += tests/fuzz/replay.sh tests/fuzz/run.sh
EXTRA_DIST += tests/fuzz/seeds tests/fuzz/regressions tests/fuzz/import-form.csv

if ENABLE_FUZZERS
noinst_PROGRAMS = tests/fuzz/fuzz-expr tests/fuzz/fuzz-form tests/fuzz/fuzz-csv tests/fuzz/fuzz-import
tests_fuzz_fuzz_expr_SOURCES = tests/fuzz/fuzz-expr.c
tests_fuzz_fuzz_form_SOURCES = tests/fuzz/fuzz-form.c
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz-csv.c
tests_fuzz_fuzz_import_SOURCES = tests/fuzz/fuzz-import.c
tests_fuzz_fuzz_import_CPPFLAGS = $(FUZZ_IMPORT_CPPFLAGS)
tests_fuzz_fuzz_expr_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_form_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_csv_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_import_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_expr_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_form_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_csv_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_import_LDFLAGS = -fsanitize=fuzzer
endif
