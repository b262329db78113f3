# training.awk - makes a SYNTHETIC before/after training study from a
# simulated ht-needs responses file: each row is a trainee's answers
# before the training (phase pre); the same trainee after it (phase
# post, a month later, a new respondent id) answers the knowledge items
# better. Every row gets the attribute linkage_code, a random stand-in
# for the keyed hashes of the code `kysely collect` asks (three parts),
# the same before and after.
#
#   awk -f data-samples/training.awk responses.csv
#
# Who is linked: trainees 1-2 did only the after test, 59 and on only the
# before test, 3-5 changed one part of their code (a new phone number:
# near misses, never linked); the others are pairs. After the training a
# wrong, don't-know or missing answer becomes correct with probability
# .45 (.3 for the misconceptions), a correct one stays correct with .95
# (else don't know). Park-Miller random numbers: every awk gives the same
# bytes. Fields are split by hand: a quoted text may hold commas.
BEGIN {
	n = split("k_chain_recruit true k_chain_border false k_chain_consent true " \
		"k_chain_gain false k_chain_debt true k_chain_begun false " \
		"k_ind_documents true k_ind_companion true k_ind_late_care true " \
		"k_ind_confined false k_ind_disclose false k_ind_phone false " \
		"k_law_identification true k_law_process false k_law_police false " \
		"k_law_permit true k_law_children false k_law_purpose true " \
		"k_law_consult true k_law_referral false k_care_urgent true " \
		"k_care_county true k_care_trauma true k_care_interpreter false " \
		"k_care_health false k_care_contradict false", spec, " ")
	for (i = 1; i <= n; i += 2)
		key[spec[i]] = spec[i + 1]
	hard["k_chain_gain"] = hard["k_chain_begun"] = hard["k_law_children"] = 1
	hard["k_care_health"] = hard["k_ind_disclose"] = hard["k_care_contradict"] = 1
	state = 2026
}
function uniform() {
	state = (16807 * state) % 2147483647
	return state / 2147483647
}
function hex32(    s, i) {
	s = ""
	for (i = 0; i < 8; i++)   # 16 bits at a time: any awk's printf holds them
		s = s sprintf("%04x", int(uniform() * 65536))
	return s
}
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
function join(f, nf,    s, i) {
	s = f[1]
	for (i = 2; i <= nf; i++)
		s = s "," f[i]
	return s
}
function learn(k, v) {
	if (v == key[k])
		return uniform() < .95 ? v : "dont_know"
	return uniform() < (k in hard ? .3 : .45) ? key[k] : v
}
NR == 1 {
	nf = split_csv($0, h)
	for (i = 1; i <= nf; i++) {
		if (h[i] in key) col[i] = h[i]
		if (h[i] == "respondent") c_id = i
		if (h[i] == "started") c_start = i
		if (h[i] == "completed") c_end = i
	}
	print $0 ",phase,linkage_code"
	next
}
{
	t = NR - 1
	nf = split_csv($0, f)
	code = "v1." hex32() "." hex32() "." hex32()
	if (t <= 58) {
		post_code = code
		if (t >= 3 && t <= 5)
			post_code = substr(code, 1, 69) hex32()
		for (i = 1; i <= nf; i++)
			g[i] = i in col ? learn(col[i], f[i]) : f[i]
		g[c_id] = substr(hex32(), 1, 8) substr(f[c_id], 9)
		sub(/-09-/, "-10-", g[c_start])
		sub(/-09-/, "-10-", g[c_end])
		post[t] = join(g, nf) ",post," post_code
	}
	if (t >= 3)
		print $0 ",pre," code
}
END {
	for (t = 1; t <= 58; t++)
		print post[t]
}
