# src/io: CSV reading and writing
libkysely_a_SOURCES += src/io/csvread.c src/io/csvread.h src/io/coarsen.c src/io/coarsen.h
check_PROGRAMS += tests/unit/test-coarsen
TESTS += tests/unit/test-coarsen
tests_unit_test_coarsen_LDADD = $(LDADD_ALL)
check_PROGRAMS += tests/unit/test-csvread
TESTS += tests/unit/test-csvread
tests_unit_test_csvread_LDADD = $(LDADD_ALL)

include src/io/csvwrite.mk
# every output file: private temporary file, rename, refusals (safe-output.h)
libkysely_a_SOURCES += src/io/safe-output.c src/io/safe-output.h
check_PROGRAMS += tests/unit/test-safe-output
TESTS += tests/unit/test-safe-output
tests_unit_test_safe_output_LDADD = $(LDADD_ALL)
# Excel workbooks made of kysely's CSV tables (export --format xlsx, analyze --xlsx)
libkysely_a_SOURCES += src/io/xlsx-out.c src/io/xlsx-out.h
TESTS += tests/cli/excel.sh
dist_check_SCRIPTS += tests/cli/excel.sh
# export --paradata: answer times, changes and screen visits per question
libkysely_a_SOURCES += src/io/paradata-csv.c src/io/paradata-csv.h
# typed exports: sav and dta through ReadStat (export-format.h)
libkysely_a_SOURCES += src/io/export-table.c src/io/export-table.h \
	src/io/export-stat.c src/io/export-stat.h src/io/export-format.c src/io/export-format.h \
	src/io/export-sqlite.c src/io/export-sqlite.h src/io/sql-build.c src/io/sql-build.h
TESTS += tests/cli/export-stat.sh
dist_check_SCRIPTS += tests/cli/export-stat.sh
EXTRA_DIST += tests/cli/export-stat-check.R
TESTS += tests/cli/export-sqlite.sh
dist_check_SCRIPTS += tests/cli/export-sqlite.sh
