# src/export: responses back out as CSV (kysely export's work)
libkysely_a_SOURCES += src/export/export.h src/export/export.c \
	src/export/repeat-files.h src/export/repeat-files.c
