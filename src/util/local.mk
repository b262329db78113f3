# src/util: errors, allocation, command-line helpers
libkysely_a_SOURCES += src/util/error.c src/util/error.h src/util/mem.c src/util/mem.h \
	src/util/cmdline.c src/util/cmdline.h \
	src/util/escape.c src/util/escape.h
check_PROGRAMS += tests/unit/test-escape
TESTS += tests/unit/test-escape
tests_unit_test_escape_LDADD = $(LDADD_ALL)
