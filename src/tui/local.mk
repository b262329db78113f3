# src/tui: the one module that owns curses (collect's screens, keys, resize)
libkysely_a_SOURCES += src/tui/term.c src/tui/term.h src/tui/text.c src/tui/text.h \
	src/tui/editor.c src/tui/editor.h src/tui/collect-ui.c src/tui/collect-ui.h
check_PROGRAMS += tests/unit/test-session-editor
TESTS += tests/unit/test-session-editor
tests_unit_test_session_editor_LDADD = $(LDADD_ALL)
