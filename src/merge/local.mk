# src/merge: site databases into a central one (kysely merge's work)
libkysely_a_SOURCES += src/merge/merge.h src/merge/merge.c
