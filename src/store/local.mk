# src/store: the SQLite store and the response record codec
libkysely_a_SOURCES += src/store/record.c src/store/record.h src/store/store.c src/store/store.h \
	src/store/store-impl.h src/store/store-response.c src/store/store-repeat.c src/store/store-repeat.h src/store/store-tree.c src/store/store-log.c \
	src/store/store-import.c src/store/store-erase.c src/store/store-guard.c \
	src/store/site-check.c src/store/site-check.h \
	src/store/attrs.c src/store/attrs.h \
	src/store/entry-attrs.c src/store/entry-attrs.h \
	src/store/sha256.c src/store/sha256.h \
	src/store/store-paradata.c src/store/store-paradata.h
# the central PostgreSQL store (kysely sync, --db postgresql://...)
libkysely_a_SOURCES += src/store/store-sync.c src/store/store-sync.h \
	src/store/pg-conn.c src/store/pg-conn.h src/store/pg-schema.c \
	src/store/pg-array.c src/store/pg-array.h src/store/pg-sync.c src/store/pg-sync.h src/store/pg-sync-repeat.c src/store/pg-sync-repeat.h \
	src/store/pg-fetch.c src/store/pg-fetch.h
check_PROGRAMS += tests/unit/test-record
TESTS += tests/unit/test-record
tests_unit_test_record_LDADD = $(LDADD_ALL)

tests_unit_test_store_LDADD = $(LDADD_ALL)
check_PROGRAMS += tests/unit/test-store
TESTS += tests/unit/test-store

# repeat instances in the store (store-repeat.h)
tests_unit_test_store_repeat_LDADD = $(LDADD_ALL)
tests_unit_test_store_repeat_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR_DEFAULT='"$(abs_top_srcdir)"'
check_PROGRAMS += tests/unit/test-store-repeat
TESTS += tests/unit/test-store-repeat

# many processes opening one new database at once
tests_unit_test_store_race_LDADD = $(LDADD_ALL)
check_PROGRAMS += tests/unit/test-store-race
TESTS += tests/unit/test-store-race

# Command tests of `kysely import` and `kysely export` (src/cmd-import.c,
# src/cmd-export.c), which are the store's way in and out.
STORE_CLI_TESTS = tests/cli/import-reference.sh tests/cli/import-rejects.sh \
	tests/cli/roundtrip-reference.sh tests/cli/export-long-codebook.sh \
	tests/cli/export-coarsen.sh tests/cli/repeats-io.sh
TESTS += $(STORE_CLI_TESTS)
dist_check_SCRIPTS += $(STORE_CLI_TESTS)
EXTRA_DIST += tests/data/import-bad.csv tests/data/text-form/survey.csv \
	tests/data/text-form/choices.csv tests/data/text-form/settings.csv \
	tests/data/text-responses.csv tests/data/text-expected.csv \
	tests/data/cp1252-responses.csv
# --set NAME=VALUE of import and collect (store/entry-attrs.h)
TESTS += tests/cli/set-attributes.sh
dist_check_SCRIPTS += tests/cli/set-attributes.sh
