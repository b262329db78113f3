#!/bin/sh
# A respondent completes the bundled survey in 'en' with the keyboard
# alone; every answer given on screen is in the database.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
tui_complete_survey en
exit 0
