# src: the program (main and one file per subcommand)
libkysely_a_SOURCES += src/command.c
kysely_SOURCES += src/command.h \
	src/cmd-validate.c src/cmd-collect.c src/cmd-import.c src/cmd-export.c \
	src/cmd-analyze.c src/cmd-simulate.c src/cmd-merge.c src/cmd-report.c \
	src/cmd-erase.c src/cmd-model.c
kysely_SOURCES += src/cmd-sync.c
# kysely model against R (tests/reference-own/model/make-expected.R)
TESTS += tests/cli/model.sh
dist_check_SCRIPTS += tests/cli/model.sh
EXTRA_DIST += tests/reference-own/model/make-expected.R \
	tests/reference-own/model/responses.csv tests/reference-own/model/expected-models.csv \
	tests/reference-own/model/expected-fit.csv tests/reference-own/model/form/survey.csv \
	tests/reference-own/model/form/choices.csv tests/reference-own/model/form/settings.csv \
	tests/reference-own/model/population.csv \
	tests/reference-own/model/population-prof.csv
# every command's -h/--help and the option parser's errors
TESTS += tests/cli/help.sh
dist_check_SCRIPTS += tests/cli/help.sh
