#!/bin/sh
# analyze --lonely-psu as R's survey.lonely.psu: with average a stratum
# with one PSU contributes no variance and the other strata's sum is
# scaled by strata / strata with more than one PSU; adjust centres it on
# the grand mean; certainty and remove drop it. The expected standard
# errors were computed with R 4 and survey 4.1:
#   options(survey.lonely.psu = M)
#   des <- svydesign(ids = ~cl, strata = ~st, weights = ~w, data = d, nest = TRUE)
#   SE(svymean(~yes + age, des)); SE(svyby(~age, ~q1, des, svymean))
set -eu
. "$SRCDIR/tests/cli/lib.sh"
mkdir "$T/form"
printf 'type,name,label\nselect_one yn,q1,Question one\ninteger,age,Age\n' > "$T/form/survey.csv"
printf 'list_name,name,label\nyn,yes,Yes\nyn,no,No\n' > "$T/form/choices.csv"
printf 'form_id\nlav\n' > "$T/form/settings.csv"
cat > "$T/resp.csv" <<'CSV'
respondent,status,started,completed,lang,q1,age,w,st,cl
r1,complete,,,,yes,43,2.79,A,a1
r2,complete,,,,no,60,1.95,A,a1
r3,complete,,,,yes,50,1.15,A,a1
r4,complete,,,,yes,32,2.99,A,a1
r5,complete,,,,no,45,2.1,A,a2
r6,complete,,,,yes,34,2.09,A,a2
r7,complete,,,,no,20,2.18,A,a2
r8,complete,,,,yes,30,2.4,A,a2
r9,complete,,,,yes,39,2.45,A,a2
r10,complete,,,,no,50,1.99,A,a2
r11,complete,,,,no,45,2.32,A,a3
r12,complete,,,,no,28,2.7,A,a3
r13,complete,,,,yes,22,0.84,A,a3
r14,complete,,,,yes,36,2.91,A,a3
r15,complete,,,,no,60,2.64,A,a3
r16,complete,,,,no,52,2.58,A,a3
r17,complete,,,,no,57,1.08,B,b1
r18,complete,,,,no,21,2.64,B,b1
r19,complete,,,,yes,40,2.91,B,b1
r20,complete,,,,yes,33,2.08,B,b1
r21,complete,,,,no,38,0.81,B,b1
r22,complete,,,,no,25,1.36,B,b2
r23,complete,,,,yes,46,2.74,B,b2
r24,complete,,,,yes,38,1.57,B,b2
r25,complete,,,,no,27,0.61,B,b2
r26,complete,,,,yes,44,2.3,B,b2
r27,complete,,,,no,55,2.7,B,b2
r28,complete,,,,yes,22,1.27,C,c1
r29,complete,,,,yes,26,2.0,C,c1
r30,complete,,,,yes,32,2.93,C,c1
r31,complete,,,,no,59,1.16,C,c1
r32,complete,,,,yes,41,1.28,C,c1
CSV
"$KYSELY" import "$T/form" --db "$T/db" "$T/resp.csv" >/dev/null 2>&1 || fail "import"

# value of column $3 in the row of variable $1, group $2 and statistic $4
field() {
	awk -F, -v var="$1" -v grp="$2" -v col="$3" -v stat="$4" \
		'$2 == var && $5 == grp && $8 == stat && ($6 == "" || $6 == "yes") { print $col; exit }' "$5"
}
near() {  # near GOT EXPECTED WHAT
	awk -v g="$1" -v e="$2" 'BEGIN { d = g - e; if (d < 0) d = -d; exit !(g != "" && d <= 1e-9 * e) }' ||
		fail "$3: $1, R gives $2"
}
# method, then R's SEs: share of yes, mean age, mean age in q1 = no, in q1 = yes
cat > "$T/expected" <<'R'
average 0.099178805867 2.253969547292 3.35440412534 1.84332517163
adjust 0.09045271397585 1.96435286704986 2.812568950038 1.950457141857
certainty 0.0809791558909 1.8403584288788 2.738859499388 1.505068700174
remove 0.0809791558909 1.8403584288788 2.738859499388 1.505068700174
R
while read -r method se_yes se_age se_no se_yes_age; do
	for path in columns sums; do
		rm -rf "$T/o"
		plan=auto
		[ $path = sums ] || plan=columns
		"$KYSELY" analyze --db "$T/db" --plan $plan --strata st --cluster cl --weight w --lonely-psu "$method" \
			--by q1 --digits 15 --out "$T/o" 2>"$T/err" || fail "$method $path: $(cat "$T/err")"
		e=$T/o/estimates.csv
		near "$(field q1 '' 12 proportion "$e")" "$se_yes" "$method $path: SE of the share of yes"
		near "$(field age '' 12 mean "$e")" "$se_age" "$method $path: SE of the mean age"
		near "$(field age no 12 mean "$e")" "$se_no" "$method $path: SE of the mean age, q1 = no"
		near "$(field age yes 12 mean "$e")" "$se_yes_age" "$method $path: SE of the mean age, q1 = yes"
		echo "ok - $method, $path: the standard errors of R's lonely.psu = $method"
	done
done < "$T/expected"
# and the error that points at the choices names it
set +e
"$KYSELY" analyze --db "$T/db" --strata st --cluster cl --weight w --out "$T/o" 2>"$T/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q "stratum 'C' has only one PSU.*average" "$T/err" || fail "lonely error: $rc $(cat "$T/err")"
echo "ok - without --lonely-psu: stratum 'C' is named, average among the choices"

# report takes --lonely-psu (and --published) from the same option rows as
# analyze: it used to refuse both as unknown options (exit 2).
expect_exit 1 "$KYSELY" report --db "$T/db" --strata st --cluster cl --weight w -o "$T/r.html"
grep -q "stratum 'C' has only one PSU" "$T/err" || fail "report without --lonely-psu: $(cat "$T/err")"
expect_exit 0 "$KYSELY" report --db "$T/db" --strata st --cluster cl --weight w \
	--lonely-psu remove --published -o "$T/r.html"
grep -q "</html>" "$T/r.html" || fail "report --lonely-psu remove --published wrote no page"
echo "ok - report --lonely-psu remove --published"
