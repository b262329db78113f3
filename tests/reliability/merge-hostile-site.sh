#!/bin/sh
# merge reads site databases it did not write (security review M5):
# - a record import would refuse (a malformed answers blob, ESC in the
#   respondent id, a NUL or invalid UTF-8 in an answer, an answer that is
#   not a choice, control characters in lang or an attribute) is reported
#   with the site, the escaped respondent id and the field, and left out;
#   the rest is merged, exit 1, and CENTRAL still exports and analyzes;
#   with --strict nothing is merged;
# - a site whose `response` is an endless recursive view is refused at
#   once, and CENTRAL stays writable;
# - a site that takes longer than --site-timeout to read is refused, and
#   CENTRAL is as it was.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v timeout >/dev/null || { echo "timeout not installed"; exit 77; }
cd "$T"
committed_db "$T/base.db"

python3 - <<'PY'
import shutil, sqlite3

def varint(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        out += bytes([b | 0x80 if n else b])
        if not n:
            return out

def decode(blob):
    vals, i = [], 0
    while i < len(blob):
        n = shift = 0
        while True:
            b = blob[i]; i += 1
            n |= (b & 0x7F) << shift; shift += 7
            if not b & 0x80:
                break
        vals.append(blob[i:i + n]); i += n
    return vals

def encode(vals):
    return b"".join(varint(len(v)) + v for v in vals)

ESC = "\x1b]0;PWNED\x07"
shutil.copy("base.db", "bad.db")
c = sqlite3.connect("bad.db")
c.execute("PRAGMA journal_mode=DELETE")
rows = c.execute("SELECT id, answers FROM response ORDER BY id").fetchall()
def answers(k, slot, value):
    vals = decode(rows[k][1]); vals[slot] = value
    c.execute("UPDATE response SET answers = ? WHERE id = ?", (encode(vals), rows[k][0]))
c.execute("UPDATE response SET answers = x'ff' WHERE id = ?", (rows[0][0],))
c.execute("UPDATE response SET uuid = ? WHERE id = ?", ("evil" + ESC, rows[1][0]))
answers(2, 0, b"nurse\x00x")                  # profession: NUL
answers(3, 1, b"so\xff\xfeuth")               # region: invalid UTF-8
answers(4, 0, b"astronaut")                   # profession: not a choice
c.execute("UPDATE response SET attrs = ? WHERE id = ?", ('{"weight":"1\\u001b]0;PWNED\\u0007"}', rows[5][0]))
c.execute("UPDATE response SET lang = ? WHERE id = ?", ("en" + ESC, rows[6][0]))
c.commit(); c.close()

shutil.copy("base.db", "hang.db")
c = sqlite3.connect("hang.db")
c.execute("PRAGMA journal_mode=DELETE")
c.executescript("""ALTER TABLE response RENAME TO response_real;
CREATE VIEW response AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
SELECT rr.* FROM response_real rr, r WHERE r.x < 0 UNION ALL SELECT * FROM response_real;""")
c.commit(); c.close()
PY
[ $? -eq 0 ] || fail "setup of the site databases"

# --strict: the refused records fail the merge before CENTRAL is made.
st=0; "$KYSELY" merge --db "$T/strict.db" --strict "$T/bad.db" 2>"$T/err" || st=$?
[ $st -eq 1 ] && [ ! -e "$T/strict.db" ] || fail "--strict: exit $st, or CENTRAL was created"
grep -q "7 refused records with --strict: nothing merged" "$T/err" || fail "--strict: $(cat "$T/err")"

st=0; "$KYSELY" merge --db "$T/central.db" "$T/bad.db" 2>"$T/err" || st=$?
[ $st -eq 1 ] || fail "merge of bad.db: exit $st, expected 1: $(cat "$T/err")"
if grep -q "$(printf '\033')" "$T/err"; then fail "raw ESC on stderr: $(cat -v "$T/err")"; fi
if grep -q "astronaut\|nurse\|south" "$T/err"; then fail "an answer on stderr: $(cat "$T/err")"; fi
for reason in "answers: the record does not decode" \
	"'evil\\\\x1B]0;PWNED\\\\x07': respondent: control character 0x1B" \
	"'profession': a NUL byte" "'region': invalid UTF-8" \
	"'profession': not a valid select_one answer" \
	"attribute 'weight': control character 0x1B" "lang: control character 0x1B"; do
	grep -q "^kysely: merge: $T/bad.db: respondent .*$reason.*; not merged\$" "$T/err" ||
		fail "not reported: $reason: $(cat "$T/err")"
done
grep -q "merged 1 site: 3 responses added, 0 already present, 0 conflicts, 7 refused" "$T/err" ||
	fail "summary: $(cat "$T/err")"
[ "$(sqlite3 "$T/central.db" 'SELECT count(*) FROM response')" = 3 ] ||
	fail "central should hold the 3 good records"
"$KYSELY" export --db "$T/central.db" -o "$T/central.csv" 2>"$T/err" ||
	fail "export of central after the merge: $(cat "$T/err")"
"$KYSELY" analyze --db "$T/central.db" --out "$T/analysis" 2>"$T/err" ||
	fail "analyze of central after the merge: $(cat "$T/err")"
if grep -q "$(printf '\033')" "$T/central.csv" "$T/err"; then fail "ESC reached central"; fi

# An endless view in a site: refused at once, CENTRAL writable.
cp "$T/base.db" "$T/c3.db"
cp "$T/base.db.before" "$T/c3.db.before"
st=0; timeout 20 "$KYSELY" merge --db "$T/c3.db" "$T/hang.db" 2>"$T/err" || st=$?
[ $st -eq 1 ] || fail "merge of hang.db: exit $st (124: it hung): $(cat "$T/err")"
grep -q "hang.db: not a kysely database: 'response' is a view, not a table" "$T/err" ||
	fail "hang.db: $(cat "$T/err")"
intact "$T/c3.db"
sed -n '1p;12,13p' "$CASE/responses.csv" >"$T/more.csv"
KYSELY_BUSY_TIMEOUT_MS=2000 "$KYSELY" import "$FORM" --db "$T/c3.db" "$T/more.csv" 2>"$T/err" ||
	fail "central not writable after the refused merge: $(cat "$T/err")"

# A site slower than --site-timeout: refused, nothing merged.
"$KYSELY" simulate "$FORM" -n 2000 --seed 3 -o "$T/sim.csv" 2>"$T/err" || fail "simulate: $(cat "$T/err")"
"$KYSELY" import "$FORM" --db "$T/big.db" "$T/sim.csv" 2>"$T/err" || fail "import: $(cat "$T/err")"
cp "$T/base.db" "$T/c4.db"
cp "$T/base.db.before" "$T/c4.db.before"
st=0; "$KYSELY" merge --db "$T/c4.db" --site-timeout 0.000001 "$T/big.db" 2>"$T/err" || st=$?
[ $st -eq 1 ] || fail "slow site: exit $st: $(cat "$T/err")"
grep -q "big.db: reading it took longer than 1e-06 s (--site-timeout); nothing merged" "$T/err" ||
	fail "slow site: $(cat "$T/err")"
if grep -q "not merged\|^merged" "$T/err"; then fail "slow site: $(cat "$T/err")"; fi
intact "$T/c4.db"
"$KYSELY" merge --db "$T/c4.db" "$T/big.db" 2>"$T/err" || fail "merge of big.db: $(cat "$T/err")"
grep -q "2000 responses added" "$T/err" || fail "merge of big.db: $(cat "$T/err")"
st=0; "$KYSELY" merge --db "$T/c4.db" --site-timeout soon "$T/big.db" 2>"$T/err" || st=$?
[ $st -eq 2 ] || fail "--site-timeout soon: exit $st"
echo "ok - merge refuses bad site records and hostile site schemas, within its time limit"
