# tests/cli/lib.sh - the preamble of the command tests: source it after
# `set -eu` with
#	. "$SRCDIR/tests/cli/lib.sh"
# It gives a private scratch folder $T (removed on exit), fail and skip
# with the exit codes automake reads (1 fail, 77 skip: only for an absent
# optional tool), and ways to run a command that is meant to fail without
# `set -e` ending the test.

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# fail WHAT: the test fails, saying why.
fail() { echo "FAIL: $*"; exit 1; }

# skip WHY: an optional tool is absent.
skip() { echo "SKIP: $*"; exit 77; }

# need TOOL: skip unless TOOL is on PATH.
need() { command -v "$1" > /dev/null || skip "no $1"; }

# run_status CMD...: runs CMD with stdout in $T/out and stderr in $T/err,
# and sets $rc to its exit status.
run_status() {
	set +e
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
	set -e
}

# expect_exit WANT CMD...: runs CMD as run_status does and fails unless it
# exits WANT.
expect_exit() {
	want=$1
	shift
	run_status "$@"
	[ "$rc" = "$want" ] || fail "$*: exit $rc, expected $want: $(cat "$T/err")"
}
