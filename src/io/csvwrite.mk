# src/io/csvwrite: the injection-safe CSV writer and its test
libkysely_a_SOURCES += src/io/csvwrite.c src/io/csvwrite.h src/io/table.c src/io/table.h
check_PROGRAMS += tests/unit/test-csvwrite
TESTS += tests/unit/test-csvwrite
tests_unit_test_csvwrite_LDADD = $(LDADD_ALL)
# the codebook (data dictionary) writer used by `kysely export --codebook`
libkysely_a_SOURCES += src/io/codebook.c src/io/codebook.h
