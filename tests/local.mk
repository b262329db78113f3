# tests: the harness pieces shared by every tier (each module adds its own tests
# in its own fragment or under tests/<tier>/local.mk).
EXTRA_DIST += tests/unit/tap.h
# the manual page documents every command's options (kysely.1)
TESTS += tests/cli/manpage.sh
dist_check_SCRIPTS += tests/cli/manpage.sh
# tmux test of the question types mini.csv and the bundled survey lack
# (rank, range, time, datetime, date, acknowledge, a constrained decimal);
# the other tmux tests are listed in src/tui/local.mk
TESTS += tests/tui/types.sh
dist_check_SCRIPTS += tests/tui/types.sh
EXTRA_DIST += tests/tui/types.csv
# every header compiles on its own
TESTS += tests/cli/headers.sh
dist_check_SCRIPTS += tests/cli/headers.sh
# the preamble every tests/cli script sources
EXTRA_DIST += tests/cli/lib.sh
# the size rules: command files <= 300 lines, functions <= 80
TESTS += tests/size-limits.sh
dist_check_SCRIPTS += tests/size-limits.sh
# analyze --threads N: every file alike for any N (src/analyze/read-blocks.c)
TESTS += tests/cli/analyze-threads.sh
dist_check_SCRIPTS += tests/cli/analyze-threads.sh
