# item-difficulty.awk - gives the knowledge items of a simulated ht-needs
# responses file the difficulties a real pilot would show (SYNTHETIC).
#
#   awk -F, [-v seed=S] [-v gain=G] -f data-samples/item-difficulty.awk responses.csv
#
# kysely simulate makes every scored item equally hard. Here each
# respondent's ability z is read from how many scored items the simulation
# answered correctly (so it keeps the simulated profession effect), and
# every answered item is drawn again: correct with probability
# logistic(logit(p) + s z), else incorrect with probability m and don't
# know otherwise. p, m and s per item are below: easy items (p > .9), hard
# ones (p < .2, mostly don't know) and misconceptions (wrong more often
# than right). Unanswered items stay unanswered. The random numbers come
# from a Park-Miller generator written out here, so every awk gives the
# same bytes; seed starts it (default 2015). gain (default 0) is added to
# every item's logit: a later wave that learnt more (the 2026 sample).
# Fields are split by hand: a quoted text may hold commas.
BEGIN {
	# item, key, p (chance of a correct answer at average ability),
	# m (share of the other answers that are wrong, not don't know),
	# s (how much ability matters: discrimination)
	n = split("k_chain_recruit true .97 .6 .8 k_chain_border false .82 .7 .8 " \
		"k_chain_consent true .86 .5 .8 k_chain_gain false .22 .8 .6 " \
		"k_chain_debt true .90 .5 .8 k_chain_begun false .25 .7 .6 " \
		"k_ind_documents true .97 .5 .8 k_ind_companion true .80 .4 .8 " \
		"k_ind_late_care true .62 .4 .8 k_ind_confined false .80 .6 .8 " \
		"k_ind_disclose false .40 .8 .7 k_ind_phone false .60 .6 .8 " \
		"k_law_identification true .12 .3 .8 k_law_process false .30 .5 .8 " \
		"k_law_police false .45 .4 .8 k_law_permit true .55 .3 .8 " \
		"k_law_children false .28 .7 .7 k_law_purpose true .50 .3 .8 " \
		"k_law_consult true .50 .3 .8 k_law_referral false .60 .5 .8 " \
		"k_care_urgent true .95 .5 .8 k_care_county true .35 .3 .8 " \
		"k_care_trauma true .72 .5 .8 k_care_interpreter false .70 .6 .1 " \
		"k_care_health false .35 .8 .7 k_care_contradict false .40 .8 .7", spec, " ")
	for (i = 1; i <= n; i += 5) {
		key[spec[i]] = spec[i + 1]
		p = spec[i + 2]; base[spec[i]] = log(p / (1 - p)) + gain
		miss[spec[i]] = spec[i + 3]; slope[spec[i]] = spec[i + 4]
	}
	state = seed ? seed : 2015
}
function uniform() {
	state = (16807 * state) % 2147483647
	return state / 2147483647
}
function wrong(k) { return key[k] == "true" ? "false" : "true" }
function split_csv(line, f,    nf, c, q, i, ch) {
	nf = 1; f[1] = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		ch = substr(line, i, 1)
		if (ch == "\"") q = !q
		if (ch == "," && !q) { f[++nf] = ""; continue }
		f[nf] = f[nf] ch
	}
	return nf
}
NR == 1 {
	nf = split_csv($0, h)
	for (i = 1; i <= nf; i++)
		if (h[i] in key) col[i] = h[i]
	print; next
}
{
	nf = split_csv($0, f)
	right = 0; asked = 0
	for (i in col) {
		if (f[i] == "") continue
		asked++
		if (f[i] == key[col[i]]) right++
	}
	z = asked ? log((right + 0.5) / (asked - right + 0.5)) - 0.9 : 0
	out = f[1]
	for (i = 2; i <= nf; i++) {
		if ((i in col) && f[i] != "") {
			k = col[i]; u = uniform(); v = uniform()
			if (u < 1 / (1 + exp(-(base[k] + slope[k] * z))))
				f[i] = key[k]
			else
				f[i] = v < miss[k] ? wrong(k) : "dont_know"
		}
		out = out "," f[i]
	}
	print out
}
