# src/report: the HTML report with SVG charts (kysely report)
libkysely_a_SOURCES += src/report/report.c src/report/report.h src/report/svg.c src/report/svg.h \
	src/report/ctx.h src/report/brief.c src/report/findings.c src/report/change.c src/report/appendix.c src/report/markup.c src/report/markup.h \
	src/report/words.c src/report/words.h
TESTS += tests/cli/report.sh
dist_check_SCRIPTS += tests/cli/report.sh
# the brief on the sample study: page counts, findings by rule, languages
TESTS += tests/cli/report-brief.sh
dist_check_SCRIPTS += tests/cli/report-brief.sh
# the change section and finding: report --compare / --paired against analyze's CSV
TESTS += tests/cli/report-change.sh
dist_check_SCRIPTS += tests/cli/report-change.sh
TESTS += tests/cli/report-who.sh
dist_check_SCRIPTS += tests/cli/report-who.sh
# accessibility: axe-core in Chromium via puppeteer-core (npm ci, test only)
TESTS += tests/cli/report-a11y.sh
dist_check_SCRIPTS += tests/cli/report-a11y.sh
EXTRA_DIST += tests/report-a11y/package.json tests/report-a11y/package-lock.json \
	tests/report-a11y/check.js
