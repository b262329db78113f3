# surveys: the bundled instrument (XLSForm folder), a one-file example and
# the reference of the knowledge-assessment extension columns. Installed
# under $(pkgdatadir)/surveys so that users can copy and adapt them.
surveysdir = $(pkgdatadir)/surveys
dist_surveys_DATA = surveys/README.md surveys/example-onefile.csv
surveys_htneedsdir = $(pkgdatadir)/surveys/ht-needs
dist_surveys_htneeds_DATA = surveys/ht-needs/survey.csv \
	surveys/ht-needs/choices.csv surveys/ht-needs/settings.csv

TESTS += surveys/check-surveys.sh
dist_check_SCRIPTS += surveys/check-surveys.sh

# The design rules of a knowledge test, on every bundled form; the first
# edition of ht-needs is their negative case.
TESTS += surveys/check-knowledge.sh
dist_check_SCRIPTS += surveys/check-knowledge.sh
dist_surveys_DATA += surveys/check-knowledge.py
EXTRA_DIST += tests/forms/ht-needs-2026112902/survey.csv \
	tests/forms/ht-needs-2026112902/choices.csv \
	tests/forms/ht-needs-2026112902/settings.csv
