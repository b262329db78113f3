# src: the program (main and one file per subcommand)
kysely_SOURCES += src/command.h \
	src/cmd-validate.c src/cmd-collect.c src/cmd-import.c src/cmd-export.c \
	src/cmd-analyze.c src/cmd-simulate.c src/cmd-merge.c src/cmd-report.c \
	src/cmd-erase.c src/cmd-model.c
