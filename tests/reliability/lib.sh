# tests/reliability/lib.sh - sourced by the reliability tests: a private
# folder, a database with committed answers, and the checks that those
# answers survived a fault and that the user saw one clear error line.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI not installed"; exit 77; }
CASE=$SHARED/reference/small
FORM=$CASE/form

# first_rows N FILE: the header and the first N rows of the reference case.
first_rows() {
	head -n $(($1 + 1)) "$CASE/responses.csv" >"$2"
}

# committed_db DB: a database holding 10 committed responses, and a
# snapshot of them (its export) in DB.before.
committed_db() {
	first_rows 10 "$T/first10.csv"
	"$KYSELY" import "$FORM" --db "$1" "$T/first10.csv" 2>"$T/setup.err" ||
		fail "setup import: $(cat "$T/setup.err")"
	"$KYSELY" export --db "$1" -o "$1.before" 2>"$T/setup.err" ||
		fail "setup export: $(cat "$T/setup.err")"
}

# intact DB: the file passes SQLite's integrity check and holds exactly
# the responses of the snapshot, answer for answer.
intact() {
	check=$(sqlite3 "$1" 'PRAGMA integrity_check' 2>&1) || fail "sqlite3 $1: $check"
	[ "$check" = ok ] || fail "integrity_check of $1: $check"
	count=$(sqlite3 "$1" 'SELECT count(*) FROM response')
	want=$(($(wc -l <"$1.before") - 1))
	[ "$count" = "$want" ] || fail "$1 holds $count responses, expected $want"
	"$KYSELY" export --db "$1" -o "$T/after.csv" 2>"$T/after.err" ||
		fail "export after the fault: $(cat "$T/after.err")"
	cmp -s "$1.before" "$T/after.csv" || fail "answers in $1 changed: $(diff "$1.before" "$T/after.csv" | head -5)"
}

# one_error STATUS WANT ERRFILE WHAT: the command exited WANT and said
# one line `kysely: ...` on stderr (a progress or summary line aside).
one_error() {
	[ "$1" = "$2" ] || fail "$4: exit $1, expected $2: $(cat "$3")"
	lines=$(grep -c '^kysely: ' "$3" || true)
	[ "$lines" = 1 ] || fail "$4: expected one 'kysely: ' line, got: $(cat "$3")"
	if grep -v -e '^kysely: ' -e '^imported ' "$3" | grep -q .; then
		fail "$4: unexpected output: $(cat "$3")"
	fi
	echo "ok - $4: $(cat "$3")"
}

# run_status CMD...: runs CMD, stderr to $T/err, sets $rc.
run_status() {
	set +e
	"$@" 2>"$T/err" >"$T/out"
	rc=$?
	set -e
}
