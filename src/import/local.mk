# src/import: wide response CSV into the store (kysely import's work)
libkysely_a_SOURCES += src/import/import.h src/import/import-impl.h \
	src/import/header.c src/import/row.c src/import/import.c src/import/repeat.c src/import/repeat-rejects.c
