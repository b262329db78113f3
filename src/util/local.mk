# src/util: errors, allocation, command-line parsing, escaping: libkyutil.a,
# which depends on nothing else of kysely (analysis/ and src/ both use it)
libkyutil_a_SOURCES += src/util/error.c src/util/error.h src/util/mem.c src/util/mem.h \
	src/util/cmdline.c src/util/cmdline.h \
	src/util/escape.c src/util/escape.h src/util/uuid.c src/util/uuid.h \
	src/util/number.c src/util/number.h src/util/strpool.c src/util/strpool.h \
	src/util/strbuf.c src/util/strbuf.h src/util/parallel.c src/util/parallel.h
check_PROGRAMS += tests/unit/test-escape
TESTS += tests/unit/test-escape
tests_unit_test_escape_LDADD = $(LDADD_ALL)
check_PROGRAMS += tests/unit/test-util
TESTS += tests/unit/test-util
tests_unit_test_util_LDADD = $(LDADD_ALL)
