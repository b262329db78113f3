# src/store: the SQLite store and the response record codec
libkysely_a_SOURCES += src/store/record.c src/store/record.h src/store/store.h
check_PROGRAMS += tests/unit/test-record
TESTS += tests/unit/test-record
tests_unit_test_record_LDADD = $(LDADD_ALL)
