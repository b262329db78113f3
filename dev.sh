#!/bin/sh
# dev.sh - the two commands of README.md, for a fresh Debian machine.
#
#   ./dev.sh start   install what is missing, build, and open the bundled
#                    survey in the terminal on kysely.db
#   ./dev.sh test    install what is missing, build, and run every test
#                    (plain build, then AddressSanitizer + UBSan build)
#
# Builds live in build/ and build-san/ so the source tree stays clean.
set -eu

cd "$(dirname "$0")"
top=$(pwd)

# Debian packages: to build, to test, and the optional peers of the
# benchmarks (not installed here; bench/run.sh says how).
build_pkgs="gcc make autoconf automake pkg-config libgsl-dev libcsv-dev libsqlite3-dev libncurses-dev libreadstat-dev libxlsxwriter-dev libpq-dev libsodium-dev locales"
test_pkgs="tmux sqlite3 python3 python3-openpyxl clang libclang-rt-14-dev valgrind chromium poppler-utils time man-db pspp r-cran-haven postgresql"

missing_packages() {
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			printf '%s ' "$p"
		fi
	done
}

install_missing() {
	missing=$(missing_packages "$@")
	[ -z "$missing" ] && return 0
	echo "dev.sh: installing $missing" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

configure_build() {
	dir=$1; shift
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
		(cd "$top" && autoreconf -fi >/dev/null 2>&1) || { echo "dev.sh: autoreconf failed" >&2; exit 1; }
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$top/configure" -nt "$dir/Makefile" ]; then
		(cd "$dir" && "$top/configure" -q "$@")
	fi
	make -s -C "$dir" -j"$(nproc)"
}

utf8_locale() {
	# The terminal front end needs a UTF-8 locale; C.UTF-8 ships with libc.
	case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
	*UTF-8*|*utf8*) ;;
	*) export LANG=C.UTF-8 ;;
	esac
}

summarise_tests() {
	# Automake's harness writes test-suite.log per build; show what failed
	# and close with the one line CI reads.
	pass=0 fail=0 skip=0
	for dir in "$@"; do
		log="$dir/test-suite.log"
		[ -f "$log" ] || { fail=$((fail + 1)); continue; }
		p=$(sed -n 's/^# PASS: *//p' "$log"); f=$(sed -n 's/^# FAIL: *//p' "$log")
		e=$(sed -n 's/^# ERROR: *//p' "$log"); x=$(sed -n 's/^# XPASS: *//p' "$log")
		s=$(sed -n 's/^# SKIP: *//p' "$log")
		pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0} + ${e:-0} + ${x:-0})); skip=$((skip + ${s:-0}))
		if [ "$(( ${f:-0} + ${e:-0} + ${x:-0} ))" -gt 0 ]; then
			echo "== failures in $dir ==" >&2
			sed -n '/^FAIL\|^ERROR\|^XPASS/,$p' "$log" | head -200 >&2
		fi
	done
	echo "tests: $pass passed, $fail failed, $skip skipped"
}

case "${1:-}" in
start)
	install_missing $build_pkgs
	configure_build "$top/build" --enable-werror
	utf8_locale
	exec "$top/build/kysely" collect "$top/surveys/ht-needs" --db "${KYSELY_DB:-$top/kysely.db}"
	;;
test)
	install_missing $build_pkgs $test_pkgs
	utf8_locale
	export SHARED="${SHARED:-$(cd "$top/.." && pwd)/shared}"
	status=0
	configure_build "$top/build" --enable-werror
	# the plain build also imports 1 GB (tests/reliability/huge-import.sh,
	# about a minute); the sanitizer build leaves it out
	KYSELY_SLOW_TESTS=1 make -s -C "$top/build" -j"$(nproc)" check || status=1
	configure_build "$top/build-san" --enable-werror --enable-sanitizers
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		make -s -C "$top/build-san" -j"$(nproc)" check || status=1
	# Fuzzing, bounded: each libFuzzer target for KYSELY_FUZZ_SECONDS (60).
	if command -v clang >/dev/null; then
		configure_build "$top/build-fuzz" CC=clang --enable-sanitizers --enable-fuzzers
		"$top/tests/fuzz/run.sh" "$top/build-fuzz" "${KYSELY_FUZZ_SECONDS:-60}" || status=1
	fi
	summarise_tests "$top/build" "$top/build-san"
	exit $status
	;;
*)
	echo "usage: ./dev.sh start | test" >&2
	exit 2
	;;
esac
