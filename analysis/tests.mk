# analysis/tests.mk: tests of association, p-value adjustment, scales,
# training needs, knowledge scores, two-proportion intervals, suppression
# (included from analysis/local.mk)
libanalysis_a_SOURCES += analysis/tests.c analysis/tests.h analysis/chisq.c \
	analysis/fisher.c analysis/raoscott.c analysis/padjust.c \
	analysis/scales.c analysis/scales.h analysis/needs.c analysis/needs.h \
	analysis/score.c analysis/score.h analysis/newcombe.c analysis/newcombe.h \
	analysis/suppress.c analysis/suppress.h

check_PROGRAMS += tests/unit/test-tests
TESTS += tests/unit/test-tests
EXTRA_DIST += tests/reference-own/fisher/make-expected.R tests/reference-own/fisher/expected.csv \
	tests/reference-own/fisher/expected-simulated.csv
# libanalysis.a first: it calls ky_* of libkysely.a, which LDADD_ALL lists before it
tests_unit_test_tests_LDADD = libanalysis.a $(LDADD_ALL)

check_PROGRAMS += tests/unit/test-scales tests/unit/test-needs tests/unit/test-suppress
TESTS += tests/unit/test-scales tests/unit/test-needs tests/unit/test-suppress
tests_unit_test_scales_LDADD = libanalysis.a $(LDADD_ALL)
tests_unit_test_needs_LDADD = libanalysis.a $(LDADD_ALL)
tests_unit_test_suppress_LDADD = libanalysis.a $(LDADD_ALL)
