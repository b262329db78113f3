# src/store: the SQLite store and the response record codec
libkysely_a_SOURCES += src/store/record.c src/store/record.h src/store/store.c src/store/store.h \
	src/store/store-impl.h src/store/store-response.c \
	src/store/attrs.c src/store/attrs.h \
	src/store/sha256.c src/store/sha256.h
check_PROGRAMS += tests/unit/test-record
TESTS += tests/unit/test-record
tests_unit_test_record_LDADD = $(LDADD_ALL)
EXTRA_DIST += tests/unit/test-store.c
