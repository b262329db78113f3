# tests/fuzz: libFuzzer targets (built with --enable-fuzzers and clang) and
# their replay programs, which `make check` runs over the seed corpus and
# every input that once crashed (tests/fuzz/regressions/).
FUZZ_TARGETS = expr form csv
check_PROGRAMS += tests/fuzz/fuzz-expr-replay tests/fuzz/fuzz-form-replay tests/fuzz/fuzz-csv-replay
tests_fuzz_fuzz_expr_replay_SOURCES = tests/fuzz/fuzz-expr.c tests/fuzz/standalone.c
tests_fuzz_fuzz_form_replay_SOURCES = tests/fuzz/fuzz-form.c tests/fuzz/standalone.c
tests_fuzz_fuzz_csv_replay_SOURCES = tests/fuzz/fuzz-csv.c tests/fuzz/standalone.c
tests_fuzz_fuzz_expr_replay_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_form_replay_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_csv_replay_LDADD = $(LDADD_ALL)
TESTS += tests/fuzz/replay.sh
dist_check_SCRIPTS += tests/fuzz/replay.sh tests/fuzz/run.sh
EXTRA_DIST += tests/fuzz/seeds tests/fuzz/regressions

if ENABLE_FUZZERS
noinst_PROGRAMS = tests/fuzz/fuzz-expr tests/fuzz/fuzz-form tests/fuzz/fuzz-csv
tests_fuzz_fuzz_expr_SOURCES = tests/fuzz/fuzz-expr.c
tests_fuzz_fuzz_form_SOURCES = tests/fuzz/fuzz-form.c
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz-csv.c
tests_fuzz_fuzz_expr_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_form_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_csv_LDADD = $(LDADD_ALL)
tests_fuzz_fuzz_expr_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_form_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_csv_LDFLAGS = -fsanitize=fuzzer
endif
