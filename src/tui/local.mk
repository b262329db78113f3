# src/tui: the one module that owns curses (collect's screens, keys, resize)
libkysely_a_SOURCES += src/tui/term.c src/tui/term.h src/tui/text.c src/tui/text.h \
	src/tui/editor.c src/tui/editor.h src/tui/collect-ui.c src/tui/collect-ui.h
