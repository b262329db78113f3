# tests/pg: the central PostgreSQL store (kysely sync, --db postgresql://),
# each test against a private cluster of its own (tests/pg/lib.sh); they
# skip (77) when the PostgreSQL server binaries are absent.
PG_TESTS = tests/pg/sync-concurrent.sh tests/pg/sync-resume.sh tests/pg/sync-conflict.sh \
	tests/pg/read-equal.sh tests/pg/roles.sh tests/pg/sync-repeats.sh
TESTS += $(PG_TESTS)
dist_check_SCRIPTS += $(PG_TESTS)
EXTRA_DIST += tests/pg/lib.sh
