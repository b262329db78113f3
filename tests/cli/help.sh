#!/bin/sh
# Every command answers -h and --help (exit 0, the same text on stdout,
# nothing on stderr, an example), lists the options of its table, and the
# one parser's errors are one line naming the option, with exit 2.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
status() { set +e; "$@" > "$T/out" 2> "$T/err"; echo $?; set -e; }

cmds=$("$KYSELY" help 2>&1 | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
[ "$(echo "$cmds" | wc -w)" -ge 11 ] || fail "kysely help lists too few commands: $cmds"
for cmd in $cmds; do
	for flag in -h --help; do
		[ "$(status "$KYSELY" "$cmd" $flag)" = 0 ] || fail "$cmd $flag: exit $(status "$KYSELY" "$cmd" $flag): $(cat "$T/err")"
		[ ! -s "$T/err" ] || fail "$cmd $flag wrote to stderr: $(cat "$T/err")"
		grep -q "^usage: kysely $cmd" "$T/out" || fail "$cmd $flag: no usage line"
		grep -q "^Example" "$T/out" || fail "$cmd $flag: no example"
		grep -q -- "-h, --help" "$T/out" || fail "$cmd $flag: -h is not listed"
		cp "$T/out" "$T/$cmd$flag"
	done
	cmp -s "$T/$cmd-h" "$T/$cmd--help" || fail "$cmd: -h and --help differ"
	"$KYSELY" help "$cmd" > "$T/help" || fail "kysely help $cmd"
	cmp -s "$T/help" "$T/$cmd--help" || fail "$cmd: 'kysely help $cmd' differs from --help"
	# options are read in order: an unknown one before -h is refused, -h
	# first prints the help (and no required option is asked for)
	[ "$(status "$KYSELY" "$cmd" --frob-not-an-option-after -h)" = 2 ] ||
		fail "$cmd: an unknown option before -h is not refused"
	[ "$(status "$KYSELY" "$cmd" -h --frob)" = 0 ] || fail "$cmd -h --frob: not the help"
	[ "$(status "$KYSELY" "$cmd" --frob)" = 2 ] || fail "$cmd --frob: exit not 2"
	grep -qx "kysely: $cmd: unknown option '--frob'" "$T/err" || fail "$cmd --frob: $(cat "$T/err")"
done

# The analysis options are one table: analyze, report and model take them
# alike (report used to refuse --lonely-psu and --published).
for cmd in analyze report model; do
	[ "$(status "$KYSELY" "$cmd" --level 2)" = 2 ] || fail "$cmd --level 2"
	grep -qx "kysely: $cmd: '--level' takes a number from 0.5 to 0.9999, not '2'" "$T/err" ||
		fail "$cmd --level 2: $(cat "$T/err")"
	[ "$(status "$KYSELY" "$cmd" --digits 16)" = 2 ] || fail "$cmd --digits 16"
	grep -qx "kysely: $cmd: '--digits' takes a whole number from 1 to 15, not '16'" "$T/err" ||
		fail "$cmd --digits 16: $(cat "$T/err")"
	[ "$(status "$KYSELY" "$cmd" --weight)" = 2 ] || fail "$cmd --weight"
	grep -qx "kysely: $cmd: option '--weight' needs a value" "$T/err" || fail "$cmd --weight: $(cat "$T/err")"
	[ "$(status "$KYSELY" "$cmd" --lonely-psu remove --rake a --rake b --rake c --rake d \
		--rake e --rake f --rake g --rake h --rake i)" = 2 ] || fail "$cmd: nine --rake"
	grep -qx "kysely: $cmd: at most 8 --rake" "$T/err" || fail "$cmd: nine --rake: $(cat "$T/err")"
	"$KYSELY" "$cmd" --help | grep -q -- "--lonely-psu" || fail "$cmd --help lacks --lonely-psu"
done
for cmd in analyze report; do
	[ "$(status "$KYSELY" "$cmd" --published --min-cell x)" = 2 ] || fail "$cmd --min-cell x"
	grep -q "'--min-cell' takes a whole number" "$T/err" || fail "$cmd --min-cell x: $(cat "$T/err")"
done
[ "$(status "$KYSELY" analyze --out o)" = 2 ] || fail "analyze without --db"
grep -qx "kysely: analyze: --db is required" "$T/err" || fail "analyze without --db: $(cat "$T/err")"
[ "$(status "$KYSELY" report --db x.db --seed 3 -o r.html)" = 2 ] || fail "report --seed is accepted"
[ "$(status "$KYSELY" simulate -n)" = 2 ] || fail "simulate -n"
grep -qx "kysely: simulate: option '-n' needs a value" "$T/err" || fail "simulate -n: $(cat "$T/err")"
[ "$(status "$KYSELY" merge --db c.db --site-timeout soon s.db)" = 2 ] || fail "merge --site-timeout soon"
grep -qx "kysely: merge: '--site-timeout' takes a number from 0 to 1000000, not 'soon'" "$T/err" ||
	fail "merge --site-timeout soon: $(cat "$T/err")"
echo "ok - every command answers -h and --help; the parser's errors name the option"
