# analysis: sources and tests of this directory
libanalysis_a_SOURCES += analysis/interval.c analysis/interval.h \
	analysis/design.c analysis/design.h analysis/glm.c analysis/glm.h \
	analysis/tsqr.c analysis/tsqr.h
check_PROGRAMS += tests/unit/test-estimate
TESTS += tests/unit/test-estimate
tests_unit_test_estimate_LDADD = libanalysis.a $(LDADD_ALL)

include analysis/tests.mk
# linear and logistic regression (kysely model) against R's lm and glm
check_PROGRAMS += tests/unit/test-glm
TESTS += tests/unit/test-glm
tests_unit_test_glm_LDADD = libanalysis.a $(LDADD_ALL)
# before/after statistics on linked pairs (analyze --paired)
libanalysis_a_SOURCES += analysis/paired.c analysis/paired.h
check_PROGRAMS += tests/unit/test-paired
TESTS += tests/unit/test-paired
tests_unit_test_paired_LDADD = libanalysis.a $(LDADD_ALL)
