#!/bin/sh
# Every write to stderr goes through src/util/error.c (ky_error_print,
# ky_warn, ky_say, ky_progress), which escapes controls, invalid UTF-8 and
# invisible format characters: no call site can forget to. This scans
# src/ and analysis/ for any other write to stderr, after proving that the
# scan catches each forbidden form in crafted code. Allowed: error.c
# itself, tui/term.c (replays what error.c wrote while curses held the
# screen) and mem.c's fixed out-of-memory line.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
PATTERN='(v?fprintf|dprintf)[[:space:]]*\([[:space:]]*(stderr|2|STDERR_FILENO)[[:space:]]*,|(fputs|fputc|putc|fwrite|vfprintf)[[:space:]]*\([^;]*,[[:space:]]*stderr[[:space:]]*\)|\bperror[[:space:]]*\(|\b(warnx?|errx?|error)[[:space:]]*\(|\bwrite[[:space:]]*\([[:space:]]*(2|STDERR_FILENO)[[:space:]]*,'

# scan DIR...: the offending lines, allowed ones left out.
scan() {
	grep -rnE --include='*.c' --include='*.h' "$PATTERN" "$@" |
		grep -v -e '/src/util/error\.c:' -e '/src/tui/term\.c:' |
		grep -v -e '/src/util/mem\.c:[0-9]*:[[:space:]]*fprintf(stderr, "kysely: out of memory (%zu bytes)\\n", size);$' |
		grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)' || true
}

mkdir -p "$T/src/cmd"
n=0
for bad in 'fprintf(stderr, "%s\n", name);' 'fputs(name, stderr);' 'fputc(c, stderr);' \
	'putc(c, stderr);' 'fwrite(buf, 1, n, stderr);' 'vfprintf(stderr, fmt, ap);' \
	'perror(path);' 'warnx("%s", name);' 'err(1, "%s", name);' 'dprintf(2, "%s", name);' \
	'write(STDERR_FILENO, buf, n);' 'fprintf( stderr , "x");'; do
	n=$((n + 1))
	printf 'void f(void)\n{\n\t%s\n}\n' "$bad" >"$T/src/cmd/bad$n.c"
	[ -n "$(scan "$T/src")" ] || fail "the scan misses: $bad"
	rm "$T/src/cmd/bad$n.c"
done
printf 'void f(void)\n{\n\tky_say("%%s", name);\n\tfprintf(out, "x");\n\tky_error_print(&err);\n}\n' >"$T/src/cmd/good.c"
[ -z "$(scan "$T/src")" ] || fail "the scan flags good code: $(scan "$T/src")"
echo "ok - the scan catches $n forbidden forms and passes ky_say"

found=$(scan "$SRCDIR/src" "$SRCDIR/analysis")
[ -z "$found" ] || fail "writes to stderr outside src/util/error.c:
$found"
echo "ok - every write to stderr in src/ and analysis/ goes through src/util/error.c"
