# src/tui: the one module that owns curses (collect's screens, keys, resize)
libkysely_a_SOURCES += src/tui/term.c src/tui/term.h src/tui/text.c src/tui/text.h \
	src/tui/editor.c src/tui/editor.h src/tui/collect-ui.c src/tui/collect-ui.h \
	src/tui/debrief-ui.c src/tui/debrief-ui.h
libkysely_a_SOURCES += src/tui/screens.h src/tui/keys.c src/tui/keys.h src/tui/draw.c \
	src/tui/screen-welcome.c src/tui/screen-code.c src/tui/screen-question.c \
	src/tui/screen-list.c src/tui/screen-review.c src/tui/kiosk.c \
	src/tui/screen-repeat.c
libkysely_a_SOURCES += src/tui/term-caps.c src/tui/term-caps.h
check_PROGRAMS += tests/unit/test-session-editor
TESTS += tests/unit/test-session-editor
tests_unit_test_session_editor_LDADD = $(LDADD_ALL)
# tmux-driven tests of `kysely collect` (skipped when tmux is absent)
TUI_TESTS = tests/tui/skip-constraint.sh tests/tui/resume.sh tests/tui/kiosk.sh \
	tests/tui/resize.sh tests/tui/concurrent.sh tests/tui/vt100.sh \
	tests/tui/complete-fi.sh tests/tui/complete-sv.sh tests/tui/complete-en.sh \
	tests/tui/script.sh tests/tui/signals.sh tests/tui/long-text.sh \
	tests/tui/bidi-labels.sh
# one line per test added since, so that branches adding tests merge cleanly
TUI_TESTS += tests/tui/long-list.sh
TUI_TESTS += tests/tui/progress.sh
TUI_TESTS += tests/tui/debrief.sh
TUI_TESTS += tests/tui/complete-stalled.sh
TUI_TESTS += tests/tui/skip-confirm.sh
TUI_TESTS += tests/tui/set-attributes.sh
TUI_TESTS += tests/tui/paradata.sh
TESTS += $(TUI_TESTS)
dist_check_SCRIPTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib.sh tests/tui/mini.csv tests/tui/long.csv tests/tui/debrief.csv \
	tests/tui/screen-example.txt src/tui/collect.man
EXTRA_DIST += tests/tui/skip.csv
TUI_TESTS += tests/tui/linkage.sh
EXTRA_DIST += tests/tui/linkage.csv
# repeats on the screens: counts, add another, remove, nested, resume (tests/forms/repeats)
TUI_TESTS += tests/tui/repeats.sh
EXTRA_DIST += tests/tui/records.py
