#!/bin/sh
# kysely.1 documents every long option each command's --help prints, the
# exit codes, the environment variables, the files and examples, and
# renders without warnings.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
PAGE=$SRCDIR/kysely.1
[ -r "$PAGE" ] || fail "no $PAGE"

# An option as the page may spell it: roff's escaped hyphens, or plain.
mentions() {
	escaped=$(printf '%s\n' "$1" | sed 's/-/\\-/g')
	grep -qF -- "$escaped" "$PAGE" || grep -qF -- "$1" "$PAGE"
}

missing=""
# every command that 'kysely help' lists
cmds=$("$KYSELY" help 2>&1 | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
[ -n "$cmds" ] || fail "kysely help lists no command"
for cmd in $cmds; do
	"$KYSELY" "$cmd" --help > "$T/help" 2> "$T/err" || fail "$cmd --help: $(cat "$T/err")"
	grep -q "^\.SS \"kysely $cmd " "$PAGE" || missing="$missing $cmd(no .SS section)"
	opts=$(grep -o -- '--[a-z][a-z-]*[a-z]' "$T/help" | sort -u)
	[ -n "$opts" ] || fail "$cmd --help names no long option"
	for opt in $opts; do
		mentions "$opt" || missing="$missing $cmd:$opt"
	done
done
[ -z "$missing" ] || fail "kysely.1 does not document:$missing"
grep -q COMMANDS_PLACEHOLDER "$PAGE" && fail "the COMMANDS placeholder is still there"

# Exit codes 0 to 3, each a .TP entry under EXIT STATUS.
sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$PAGE" > "$T/exit"
for code in 0 1 2 3; do
	grep -qx "\.B $code" "$T/exit" || fail "exit status $code is not documented"
done
for var in NO_COLOR TMPDIR; do
	grep -qx "\.B $var" "$PAGE" || fail "environment variable $var is not documented"
done
if grep -q KYSELY_BUSY_TIMEOUT_MS "$SRCDIR/src/store/store.c"; then
	grep -qx '\.B KYSELY_BUSY_TIMEOUT_MS' "$PAGE" || fail "KYSELY_BUSY_TIMEOUT_MS is not documented"
fi
grep -q 0600 "$PAGE" || fail "the file mode 0600 is not documented"
grep -q 'surveys/README\.md' "$PAGE" || fail "no pointer to surveys/README.md"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do
	grep -qx "\.SH \"*$section\"*" "$PAGE" || fail "no $section section"
done

# Renders without warnings (skipped when neither man nor groff is here).
if command -v man > /dev/null; then
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$PAGE" > "$T/page" 2> "$T/warn" ||
		fail "man -l failed: $(cat "$T/warn")"
elif command -v groff > /dev/null; then
	groff -man -Tutf8 -ww "$PAGE" > "$T/page" 2> "$T/warn" ||
		fail "groff failed: $(cat "$T/warn")"
else
	echo "# neither man nor groff: rendering not checked"
	exit 0
fi
[ ! -s "$T/warn" ] || fail "rendering warns: $(cat "$T/warn")"
grep -q 'kysely merge --db CENTRAL' "$T/page" || fail "the rendered page lacks the merge section"
exit 0
