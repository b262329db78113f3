#!/bin/sh
# Every header compiles on its own (it includes what it uses), as the
# module rule in HACKING.md asks.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
cc=${CC:-cc}
command -v "${cc%% *}" > /dev/null || { echo "SKIP: no C compiler"; exit 77; }
flags=$(pkg-config --cflags gsl sqlite3 ncursesw 2> /dev/null || true)
bad=""
for h in $(cd "$SRCDIR" && find src analysis -name '*.h' | sort); do
	printf '#include "%s"\n' "$h" > "$T/one.c"
	# shellcheck disable=SC2086
	$cc -std=gnu11 -Wall -Wextra -Werror -fsyntax-only -I"$SRCDIR/src" -I"$SRCDIR" \
		-I"$BUILDDIR" -include "$BUILDDIR/config.h" $flags "$T/one.c" 2> "$T/err" ||
		bad="$bad $h($(head -n 1 "$T/err"))"
done
[ -z "$bad" ] || fail "headers that do not compile on their own:$bad"
exit 0
