#!/bin/sh
# `kysely collect --plain` (and TERM=dumb) through a pseudo-terminal: see plain.py.
set -eu
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kysely-plain.XXXXXX")
trap 'rm -rf "$T"' EXIT
SRC="${SRCDIR:-$(dirname "$0")/../..}"
python3 "$SRC/tests/tui/plain.py" "$KYSELY" "$SRC" "$T"
