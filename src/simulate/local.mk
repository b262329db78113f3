# src/simulate: synthetic respondents (kysely simulate) and their tests
libkysely_a_SOURCES += src/simulate/simulate.h src/simulate/sim-impl.h \
	src/simulate/simulate.c src/simulate/sim-values.c src/simulate/sim-model.c \
	src/simulate/sim-regex.c src/simulate/sim-repeat.c
check_PROGRAMS += tests/unit/test-simulate
TESTS += tests/unit/test-simulate
tests_unit_test_simulate_LDADD = $(LDADD_ALL)
# the commands simulate and merge (src/cmd-simulate.c, src/cmd-merge.c)
SIMULATE_CLI_TESTS = tests/cli/simulate-import.sh tests/cli/simulate-seed.sh \
	tests/cli/simulate-constraints.sh tests/cli/simulate-repeats.sh \
	tests/cli/merge-sites.sh tests/cli/merge-kill.sh tests/cli/merge-log.sh
TESTS += $(SIMULATE_CLI_TESTS)
dist_check_SCRIPTS += $(SIMULATE_CLI_TESTS)
