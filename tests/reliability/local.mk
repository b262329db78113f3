# tests/reliability: faults (full disk, read-only, locked, corrupted, killed
# import), valgrind, load, security and privacy, hostile inputs.
RELIABILITY_TESTS = tests/reliability/valgrind.sh \
	tests/reliability/fault-full-disk.sh tests/reliability/fault-readonly.sh \
	tests/reliability/fault-locked.sh tests/reliability/fault-corrupt.sh \
	tests/reliability/fault-kill-import.sh tests/reliability/load.sh \
	tests/reliability/sql-literal.sh tests/reliability/file-modes.sh \
	tests/reliability/csv-injection.sh tests/reliability/no-answer-in-logs.sh \
	tests/reliability/kiosk-escape.sh tests/reliability/hostile-inputs.sh \
	tests/reliability/small-cells.sh tests/reliability/huge-import.sh \
	tests/reliability/erase-purge.sh
# one line per test added since, so that branches adding tests merge cleanly
RELIABILITY_TESTS += tests/reliability/rejects-same-file.sh
RELIABILITY_TESTS += tests/reliability/output-refusals.sh
RELIABILITY_TESTS += tests/reliability/output-owners.sh
RELIABILITY_TESTS += tests/reliability/terminal-escape.sh
RELIABILITY_TESTS += tests/reliability/stderr-choke.sh
RELIABILITY_TESTS += tests/reliability/csv-roundtrip.sh
RELIABILITY_TESTS += tests/reliability/import-meta.sh
RELIABILITY_TESTS += tests/reliability/report-labels.sh
RELIABILITY_TESTS += tests/reliability/regex-limits.sh
RELIABILITY_TESTS += tests/reliability/hostile-db.sh
RELIABILITY_TESTS += tests/reliability/merge-hostile-site.sh
RELIABILITY_TESTS += tests/reliability/kiosk-secret.sh
RELIABILITY_TESTS += tests/reliability/reference-cycles.sh
RELIABILITY_TESTS += tests/reliability/string-cap.sh
RELIABILITY_TESTS += tests/reliability/store-locks.sh
TESTS += $(RELIABILITY_TESTS)
dist_check_SCRIPTS += $(RELIABILITY_TESTS)
EXTRA_DIST += SECURITY.md tests/reliability/lib.sh tests/reliability/sql-literal.py tests/reliability/small-cells.py \
	tests/reliability/data/injection-form/survey.csv tests/reliability/data/injection-form/choices.csv \
	tests/reliability/data/injection-form/settings.csv \
	tests/reliability/data/privacy-form/survey.csv tests/reliability/data/privacy-form/choices.csv \
	tests/reliability/data/privacy-form/settings.csv
