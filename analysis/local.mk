# analysis: sources and tests of this directory
libanalysis_a_SOURCES += analysis/interval.c analysis/interval.h \
	analysis/design.c analysis/design.h analysis/glm.c analysis/glm.h
check_PROGRAMS += tests/unit/test-estimate
TESTS += tests/unit/test-estimate
tests_unit_test_estimate_LDADD = libanalysis.a $(LDADD_ALL)

include analysis/tests.mk
