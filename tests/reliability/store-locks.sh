#!/bin/sh
# A terminal keeps its database locks while another process reads the
# database: a reader that closes last must not checkpoint and delete the
# WAL under the terminal (store_open once closed a descriptor of its own
# on the file after SQLite had opened it, which drops every POSIX lock
# the process holds on it; the answers committed after such a read went
# into a deleted WAL and were lost).
set -eu
T=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 CLI"; exit 77; }

mkdir "$T/form"
printf 'type,name,label\ninteger,a,A\ninteger,b,B\ninteger,c,C\n' > "$T/form/survey.csv"
mkfifo "$T/in"
"$KYSELY" collect "$T/form" --db "$T/s.db" --script "$T/in" > "$T/out" 2> "$T/err" &
pid=$!
# read-write: opening a FIFO so never blocks, even if collect has failed
exec 3<> "$T/in"
# wait_value SLOT VALUE: the answer is committed and visible to a reader
wait_value() {
	tries=400
	while [ $tries -gt 0 ]; do
		got=$(sqlite3 "$T/s.db" "SELECT value FROM answer_log WHERE slot = $1" 2>/dev/null || true)
		[ "$got" = "$2" ] && return 0
		kill -0 $pid 2>/dev/null || fail "collect ended early: $(cat "$T/err")"
		tries=$((tries - 1)); sleep 0.05
	done
	fail "answer $2 to slot $1 never became visible"
}
echo a=1 >&3; wait_value 0 1
# each read above opened and closed the database beside the terminal
echo b=2 >&3; wait_value 1 2
echo c=3 >&3; wait_value 2 3
echo submit >&3
exec 3>&-
wait $pid || fail "collect failed: $(cat "$T/err")"
[ "$(sqlite3 "$T/s.db" "SELECT status, count(*) FROM response")" = "complete|1" ] ||
	fail "the response is not complete: $(sqlite3 "$T/s.db" 'SELECT status FROM response')"
[ "$(sqlite3 "$T/s.db" "SELECT group_concat(value, ' ') FROM answer_log")" = "1 2 3" ] ||
	fail "answers lost: $(sqlite3 "$T/s.db" 'SELECT slot, value FROM answer_log')"
[ "$(sqlite3 "$T/s.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check"
exit 0
