# src/collect: the curses-free collection layer (session, respondent, script, UI words)
libkysely_a_SOURCES += src/collect/session.c src/collect/session.h \
	src/collect/session-repeat.c src/collect/session-impl.h \
	src/collect/respondent.c src/collect/respondent.h \
	src/collect/script.c src/collect/script.h \
	src/collect/i18n.c src/collect/i18n.h \
	src/collect/debrief.c src/collect/debrief.h \
	src/collect/kiosk-secret.c src/collect/kiosk-secret.h \
	src/collect/paradata.c src/collect/paradata.h
libkysely_a_SOURCES += src/collect/linkage.c src/collect/linkage.h \
	src/collect/args.c src/collect/args.h
libkysely_a_SOURCES += src/collect/plain.c src/collect/plain.h \
	src/collect/plain-impl.h src/collect/plain-repeat.c
# collect --sync-to: a background kysely sync after each submission
libkysely_a_SOURCES += src/collect/sync-spawn.c src/collect/sync-spawn.h
check_PROGRAMS += tests/unit/test-session
TESTS += tests/unit/test-session
tests_unit_test_session_LDADD = $(LDADD_ALL)
check_PROGRAMS += tests/unit/test-debrief
TESTS += tests/unit/test-debrief
tests_unit_test_debrief_LDADD = $(LDADD_ALL)
TESTS += tests/cli/collect-batch.sh
dist_check_SCRIPTS += tests/cli/collect-batch.sh
# `kysely collect --plain` through a pseudo-terminal (python3)
TESTS += tests/tui/plain.sh
dist_check_SCRIPTS += tests/tui/plain.sh
EXTRA_DIST += tests/tui/plain.py
# screen visits for the paradata (collect/paradata.h)
check_PROGRAMS += tests/unit/test-paradata
TESTS += tests/unit/test-paradata
tests_unit_test_paradata_LDADD = $(LDADD_ALL)
# the linkage code: plain-mode prompts, normalisation, key errors, analyze --paired errors
TESTS += tests/cli/linkage.sh
dist_check_SCRIPTS += tests/cli/linkage.sh
check_PROGRAMS += tests/unit/test-linkage
TESTS += tests/unit/test-linkage
tests_unit_test_linkage_LDADD = $(LDADD_ALL)
# the one table of words (collect, debrief, linkage, report): every
# language present, the same printf conversions in each
check_PROGRAMS += tests/unit/test-i18n
TESTS += tests/unit/test-i18n
tests_unit_test_i18n_LDADD = $(LDADD_ALL)
# a session over a form with repeats (tests/forms/repeats)
check_PROGRAMS += tests/unit/test-session-repeat
TESTS += tests/unit/test-session-repeat
tests_unit_test_session_repeat_LDADD = $(LDADD_ALL)
tests_unit_test_session_repeat_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR_DEFAULT='"$(abs_top_srcdir)"'
