#!/bin/sh
# Load: 8 scripted `collect` sessions, an `import` of 20,000 rows and an
# `analyze` against one database at the same time. Afterwards every answer
# of every session and every imported row is stored, every process exited 0,
# and no stderr shows "database is locked" (or anything but import's summary).
# Then 16 sessions create one new database at the same moment.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
DB=$T/db
SESSIONS=8
PER_SESSION=12
"$KYSELY" import "$FORM" --db "$DB" "$CASE/responses.csv" 2>/dev/null
"$KYSELY" simulate "$FORM" -n 20000 --seed 21 -o "$T/bulk.csv" 2>/dev/null

# Each session answers the complete rows of its own simulated file.
s=1
while [ $s -le $SESSIONS ]; do
	"$KYSELY" simulate "$FORM" -n $((PER_SESSION * 4)) --seed $((100 + s)) -o "$T/sim$s.csv" 2>/dev/null
	python3 - "$T/sim$s.csv" "$T/script$s" "$T/expect$s" $PER_SESSION <<'PY'
import csv, sys
src, script, expect, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
meta = {"respondent", "status", "started", "completed", "lang"}
rows = [r for r in csv.DictReader(open(src, newline="")) if r["status"] == "complete"][:limit]
assert len(rows) == limit, "not enough complete simulated rows"
with open(script, "w") as sc, open(expect, "w", newline="") as ex:
    w = csv.writer(ex)
    for r in rows:
        for k, v in r.items():
            if k not in meta and v != "":
                sc.write(f"{k}={v}\n")
                w.writerow([k, v])
        sc.write("submit\n")
        w.writerow(["submit", ""])
PY
	s=$((s + 1))
done

s=1
while [ $s -le $SESSIONS ]; do
	"$KYSELY" collect "$FORM" --db "$DB" --script "$T/script$s" >"$T/collect$s.out" 2>"$T/collect$s.err" &
	eval "pid_collect$s=\$!"
	s=$((s + 1))
done
"$KYSELY" import "$FORM" --db "$DB" "$T/bulk.csv" 2>"$T/import.err" &
pid_import=$!
"$KYSELY" analyze --db "$DB" --by profession --out "$T/analysis" >"$T/analyze.out" 2>"$T/analyze.err" &
pid_analyze=$!

s=1
while [ $s -le $SESSIONS ]; do
	eval "pid=\$pid_collect$s"
	wait "$pid" || fail "collect session $s exited $?: $(cat "$T/collect$s.err")"
	[ -s "$T/collect$s.err" ] && fail "collect session $s stderr: $(cat "$T/collect$s.err")"
	s=$((s + 1))
done
wait $pid_import || fail "import exited $?: $(cat "$T/import.err")"
wait $pid_analyze || fail "analyze exited $?: $(cat "$T/analyze.err")"
grep -qx 'imported 20000 rows, 0 rejected, 0 already present' "$T/import.err" ||
	fail "import stderr: $(cat "$T/import.err")"
[ -s "$T/analyze.err" ] && fail "analyze stderr: $(cat "$T/analyze.err")"
if grep -il 'locked\|busy' "$T"/*.err; then
	fail "a lock reached a user"
fi
[ -s "$T/analysis/estimates.csv" ] || fail "analyze wrote no estimates"
echo "ok - 8 sessions, an import and an analyze ran at once with clean stderr"

total=$((40 + 20000 + SESSIONS * PER_SESSION))
count=$(sqlite3 "$DB" 'SELECT count(*) FROM response')
[ "$count" = $total ] || fail "$count responses stored, expected $total"
"$KYSELY" export --db "$DB" -o "$T/all.csv" 2>"$T/err" || fail "export: $(cat "$T/err")"
python3 - "$T" $SESSIONS <<'PY' || fail "answers differ"
import csv, sys
tmp, sessions = sys.argv[1], int(sys.argv[2])
stored = {r["respondent"]: r for r in csv.DictReader(open(f"{tmp}/all.csv", newline=""))}
bulk = list(csv.DictReader(open(f"{tmp}/bulk.csv", newline="")))
bad = [r["respondent"] for r in bulk if r["respondent"] not in stored]
assert not bad, f"{len(bad)} imported rows missing, e.g. {bad[:3]}"
checked = 0
for s in range(1, sessions + 1):
    ids = [l.split()[0] for l in open(f"{tmp}/collect{s}.out") if l.strip().endswith(" complete")]
    answers, current = [], {}
    for k, v in csv.reader(open(f"{tmp}/expect{s}", newline="")):
        if k == "submit":
            answers.append(current)
            current = {}
        else:
            current[k] = v
    assert len(ids) == len(answers), f"session {s}: {len(ids)} ids for {len(answers)} respondents"
    for rid, want in zip(ids, answers):
        row = stored.get(rid)
        assert row is not None, f"session {s}: {rid} not stored"
        assert row["status"] == "complete", f"{rid}: status {row['status']}"
        for k, v in want.items():
            assert row[k] == v, f"{rid}: {k} = {row[k]!r}, answered {v!r}"
            checked += 1
print(f"ok - {checked} collected answers and {len(bulk)} imported rows all stored")
PY

# 16 terminals opening one new database at the same moment: each stores
# its respondent (the form is stored once, not refused as a duplicate) and
# none reports a lock (tests/unit/test-store-race does the same with more
# rounds through store_open).
FRESH=16
printf 'profession=nurse\nregion=west\nsubmit\n' >"$T/one"
round=1
while [ $round -le 3 ]; do
	rm -f "$T/fresh.db" "$T/fresh.db-wal" "$T/fresh.db-shm"
	s=1
	while [ $s -le $FRESH ]; do
		"$KYSELY" collect "$FORM" --db "$T/fresh.db" --script "$T/one" >/dev/null 2>"$T/fresh$s.err" &
		s=$((s + 1))
	done
	wait
	s=1
	while [ $s -le $FRESH ]; do
		[ -s "$T/fresh$s.err" ] && fail "round $round: a session on a new database: $(cat "$T/fresh$s.err")"
		s=$((s + 1))
	done
	[ "$(sqlite3 "$T/fresh.db" 'SELECT count(*) FROM response')" = $FRESH ] ||
		fail "round $round: $FRESH sessions on a new database did not all store"
	[ "$(sqlite3 "$T/fresh.db" 'SELECT count(*) FROM form')" = 1 ] ||
		fail "round $round: the form was not stored exactly once"
	round=$((round + 1))
done
echo "ok - 3 rounds of $FRESH sessions opening a new database at once"
