# src/simulate: synthetic respondents (kysely simulate) and their tests
libkysely_a_SOURCES += src/simulate/simulate.h src/simulate/sim-impl.h \
	src/simulate/simulate.c src/simulate/sim-values.c src/simulate/sim-model.c
check_PROGRAMS += tests/unit/test-simulate
TESTS += tests/unit/test-simulate
tests_unit_test_simulate_LDADD = $(LDADD_ALL)
