#!/bin/sh
# Hostile input files, for import (responses) and validate (forms): lines
# of 1 MB, embedded NULs, invalid UTF-8, byte order marks, CRLF and lone CR
# line ends, quotes inside fields, 10,000 columns. Each is either handled
# (exit 0, the rows stored) or refused with its file and line, exit 1 --
# never a crash, a hang or a message without a place.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
cd "$T"
python3 - "$CASE/responses.csv" "$FORM" <<'PY'
import os, shutil, sys
lines = open(sys.argv[1], newline="").read().split("\n")
hdr, r1, r2 = lines[0], lines[1], lines[2]
os.mkdir("csv")
def w(name, data):
    open(name, "wb").write(data if isinstance(data, bytes) else data.encode())
def csv(name, data):
    w(os.path.join("csv", name), data)
cells = r1.split(",")
cells[-1] = "C" + "x" * (1 << 20)
csv("long-line", hdr + "\n" + ",".join(cells) + "\n" + r2 + "\n")
csv("nul", (hdr + "\n" + r1 + "\n").encode() + r2.encode().replace(b"south", b"so\0uth", 1) + b"\n")
csv("nul-quoted", (hdr + "\n" + r1 + "\n").encode() + r2.encode().replace(b",south,", b',"so\0uth",', 1) + b"\n")
csv("nul-header", hdr.replace("weight", "wei\0ght").encode() + b"\n" + r1.encode() + b"\n")
csv("bad-utf8", (hdr + "\n" + r1 + "\n").encode() + r2.encode().replace(b"central", b"centr\xff\xfeal", 1) + b"\n")
csv("overlong-utf8", (hdr + "\n" + r1 + "\n").encode() + r2.encode().replace(b"central", b"centr\xc0\xafal", 1) + b"\n")
csv("bom", "\ufeff" + hdr + "\n" + r1 + "\n" + r2 + "\n")
csv("crlf", hdr + "\r\n" + r1 + "\r\n" + r2 + "\r\n")
csv("cr-only", hdr + "\r" + r1 + "\r" + r2 + "\r")
csv("quote-unterminated", hdr + "\n" + r1 + "\n" + r2.replace(",south,", ',"south,', 1) + "\n")
csv("quote-inside", hdr + "\n" + r1 + "\n" + r2.replace(",south,", ',so"uth,', 1) + "\n")
csv("quote-after", hdr + "\n" + r1 + "\n" + r2.replace(",south,", ',"south"x,', 1) + "\n")
csv("quote-escaped", hdr + "\n" + r1 + "\n" + r2.replace(",C03", ',"C""03, ok"', 1) + "\n")
csv("many-columns", hdr + "".join(",a%d" % i for i in range(10000)) + "\n" + r1 + ",v" * 10000 + "\n")
csv("many-fields", hdr + "\n" + r1 + "\n" + r2 + "," * 10000 + "\n")
csv("empty", "")
csv("binary", bytes(range(256)) * 64)

# forms: the reference form with one hostile survey.csv each
src = sys.argv[2]
survey = open(os.path.join(src, "survey.csv"), newline="").read()
sl = survey.split("\n")
os.mkdir("forms")
def form(name, text):
    d = os.path.join("forms", name)
    shutil.copytree(src, d)
    w(os.path.join(d, "survey.csv"), text)
nl = "\n"
form("long-line", nl.join(sl[:2] + [sl[2].replace("In which region", "In which " + "very " * 210000 + "region", 1)] + sl[3:]))
form("nul", (nl.join(sl[:3]) + nl).encode() + sl[3].encode().replace(b"years", b"ye\0ars", 1) + (nl + nl.join(sl[4:])).encode())
form("bad-utf8", (nl.join(sl[:3]) + nl).encode() + sl[3].encode().replace(b"years", b"ye\xc3\x28ars", 1) + (nl + nl.join(sl[4:])).encode())
form("bom", "\ufeff" + survey)
form("crlf", survey.replace("\n", "\r\n"))
form("cr-only", survey.replace("\n", "\r"))
form("quote-unterminated", nl.join(sl[:3] + [sl[3].replace("How many", '"How many', 1)] + sl[4:]))
form("quote-inside", nl.join(sl[:3] + [sl[3].replace("How many", 'How "many', 1)] + sl[4:]))
form("quote-escaped", nl.join(sl[:3] + [sl[3].replace("How many years have you worked in your profession?", '"How many ""years"", really?"', 1)] + sl[4:]))
form("many-columns", nl.join([sl[0] + "".join(",x%d" % i for i in range(10000))] + [l + "," * 10000 if l else l for l in sl[1:]]))
form("many-fields", nl.join([sl[0], sl[1] + "," * 10000] + sl[2:]))
form("binary", bytes(range(256)) * 64)
PY

# case KIND NAME STATUS [ROWS | PATTERN]: runs the command on the input and
# checks its status; ROWS = responses stored (import); PATTERN = a line
# of stderr (a grep -E pattern, the place first).
case_() {
	kind=$1 name=$2 want=$3 check=${4:-}
	set +e
	if [ "$kind" = import ]; then
		rm -f db db-wal db-shm
		timeout 120 "$KYSELY" import "$FORM" --db db "csv/$name" >out 2>err
	else
		timeout 120 "$KYSELY" validate "forms/$name" >out 2>err
	fi
	rc=$?
	set -e
	[ $rc = "$want" ] || fail "$kind $name: exit $rc, expected $want: $(head -c 600 err)"
	case $check in
	'') ;;
	[0-9]*)
		got=$(sqlite3 db 'SELECT count(*) FROM response')
		[ "$got" = "$check" ] || fail "$kind $name: $got rows stored, expected $check" ;;
	*)
		grep -Eq -- "$check" err || fail "$kind $name: no line matching '$check' in: $(head -c 600 err)" ;;
	esac
	echo "ok - $kind $name: exit $rc $(head -1 err | cut -c1-110)"
}

case_ import long-line 0 2
case_ import nul 1 '^kysely: csv/nul:3: NUL byte'
case_ import nul-quoted 1 '^kysely: csv/nul-quoted:3: NUL byte'
case_ import nul-header 1 '^kysely: csv/nul-header:1: NUL byte'
case_ import bad-utf8 1 '^kysely: csv/bad-utf8:3: invalid UTF-8'
case_ import overlong-utf8 1 '^kysely: csv/overlong-utf8:3: invalid UTF-8'
case_ import bom 0 2
case_ import crlf 0 2
case_ import cr-only 0 2
case_ import quote-unterminated 1 '^kysely: csv/quote-unterminated:3: '
case_ import quote-inside 1 '^kysely: csv/quote-inside:3: malformed CSV'
case_ import quote-after 1 '^kysely: csv/quote-after:3: malformed CSV'
case_ import quote-escaped 0 2
[ "$(sqlite3 db "SELECT count(*) FROM response WHERE attrs LIKE '%C\\\"03, ok%'")" = 1 ] || fail "quote-escaped: the cell was not kept"
case_ import many-columns 0 1
case_ import many-fields 1 "^kysely: csv/many-fields: line 3: 10026 fields where the header has 26"
case_ import empty 1 '^kysely: csv/empty: empty file'
case_ import binary 1 '^kysely: csv/binary:[0-9]+: '

case_ validate long-line 0
case_ validate nul 1 '^forms/nul/survey.csv:4: error: NUL byte'
case_ validate bad-utf8 1 '^forms/bad-utf8/survey.csv:4: error: invalid UTF-8'
case_ validate bom 0
case_ validate crlf 0
case_ validate cr-only 0
case_ validate quote-unterminated 1 '^forms/quote-unterminated/survey.csv:[0-9]+: error: '
case_ validate quote-inside 1 '^forms/quote-inside/survey.csv:4: error: malformed CSV'
case_ validate quote-escaped 0
case_ validate many-columns 0 "^forms/many-columns/survey.csv:1: warning: unknown column 'x9999' ignored"
case_ validate many-fields 0
case_ validate binary 1 '^forms/binary/survey.csv:[0-9]+: error: '
