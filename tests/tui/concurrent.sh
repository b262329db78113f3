#!/bin/sh
# Three terminals collect into one database at the same time, their keys
# interleaved: every answer of every respondent lands, none mixed up.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

for w in t1 t2 t3; do
	tui_start $w -- "$MINI" --db "$db" --lang fi
done
for w in t1 t2 t3; do
	tui_wait $w "Aloita painamalla Enter."
	tui_keys $w Enter
done
n=0
for w in t1 t2 t3; do
	n=$((n + 1))
	tui_wait $w "Mikä on ammattisi?"
	tui_keys $w $n Enter
done
n=0
for w in t1 t2 t3; do
	n=$((n + 1))
	tui_wait $w "Ikäsi vuosina"
	tui_type $w "3$n"
	tui_keys $w Enter
done
for w in t1 t2 t3; do
	tui_wait $w "Oletko kohdannut"
	tui_keys $w 1 Enter
done
n=0
for w in t1 t2 t3; do
	n=$((n + 1))
	tui_wait $w "Kuinka monta kertaa?"
	tui_type $w "$n$n"
	tui_keys $w Enter
done
for w in t1 t2 t3; do
	tui_wait $w "Tunnistan ihmiskaupan merkit"
	tui_keys $w 5 Enter
	tui_wait $w "Mistä aiheista"
	tui_keys $w 2 Enter
done
for w in t1 t2 t3; do
	tui_wait $w "Milloin sait viimeksi"
	tui_skip $w
	tui_wait $w "Kommentit"
	tui_type $w "vastaaja $w"
	tui_keys $w Enter
done
for w in t1 t2 t3; do
	tui_wait $w "Tarkista vastauksesi"
	tui_keys $w Enter
done
for w in t1 t2 t3; do
	[ "$(tui_wait_exit $w)" = 0 ] || fail "$w did not exit 0"
done

[ "$(tui_sql "$db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 3 ] ||
	fail "three complete responses expected"
for u in $(tui_sql "$db" "SELECT uuid FROM response"); do
	tui_slots "$db" "$u" | sed -n '2,5p;7p;9p' | tr '\n' ' '
	echo
done | sort >"$T/got"
cat >"$T/want" <<'EOT'
doctor 32 yes 22 referral vastaaja t2 
midwife 33 yes 33 referral vastaaja t3 
nurse 31 yes 11 referral vastaaja t1 
EOT
diff "$T/want" "$T/got" || fail "answers mixed or lost"
exit 0
