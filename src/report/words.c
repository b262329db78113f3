#include "config.h"
#include <string.h>
#include "report/words.h"

struct triple {
	const char *en, *fi, *sv;
};

static const struct triple words[RW_COUNT] = {
	[RW_GENERATED] = {"Report made by kysely %s on %s.", "Raportin laati kysely %s %s.", "Rapporten gjordes av kysely %s den %s."},
	[RW_STUDY] = {"The study", "Tutkimus", "Undersökningen"},
	[RW_FORM] = {"Form", "Lomake", "Formulär"},
	[RW_VERSION] = {"Version", "Versio", "Version"},
	[RW_RESPONDENTS] = {"Respondents", "Vastaajia", "Respondenter"},
	[RW_COMPLETE] = {"complete", "valmiita", "fullständiga"},
	[RW_PARTIAL] = {"partial", "keskeneräisiä", "ofullständiga"},
	[RW_COMPLETION_RATE] = {"Completion rate", "Vastausten valmiusaste", "Andel fullständiga svar"},
	[RW_FIRST] = {"First response", "Ensimmäinen vastaus", "Första svaret"},
	[RW_LAST] = {"Last response", "Viimeinen vastaus", "Sista svaret"},
	[RW_DESIGN] = {"Weighting and design", "Painotus ja otanta-asetelma", "Viktning och urvalsdesign"},
	[RW_CONTROLLER] = {"Data controller", "Rekisterinpitäjä", "Personuppgiftsansvarig"},
	[RW_CONTACT] = {"Contact", "Yhteystiedot", "Kontakt"},
	[RW_RETENTION] = {"Answers kept", "Vastausten säilytysaika", "Svaren sparas"},
	[RW_UNWEIGHTED] = {"unweighted, simple random sample", "painottamaton, yksinkertainen satunnaisotos", "oviktat, obundet slumpmässigt urval"},
	[RW_WEIGHT] = {"weights from", "painot muuttujasta", "vikter från"},
	[RW_STRATA] = {"strata", "ositteet", "strata"},
	[RW_CLUSTERS] = {"clusters", "ryppäät", "kluster"},
	[RW_POSTSTRAT] = {"post-stratified to", "jälkiositettu tiedostoon", "efterstratifierat till"},
	[RW_RAKE] = {"raked to", "kalibroitu reunajakaumiin (raking)", "kalibrerat (raking) till"},
	[RW_KNOWLEDGE] = {"Knowledge score", "Tietopistemäärä", "Kunskapspoäng"},
	[RW_QUESTIONS] = {"Answers to each question", "Vastaukset kysymyksittäin", "Svar per fråga"},
	[RW_NUMERIC] = {"Numbers and scales", "Lukumuotoiset vastaukset", "Numeriska svar"},
	[RW_NEEDS] = {"Training needs", "Koulutustarpeet", "Utbildningsbehov"},
	[RW_NEEDS_TOP2] = {"Share rating the topic important (top two boxes)", "Aihetta tärkeänä pitävien osuus (kaksi ylintä vaihtoehtoa)", "Andel som anser ämnet viktigt (två högsta alternativen)"},
	[RW_NEEDS_BORICH] = {"Borich needs index (mean weighted discrepancy score)", "Borichin tarveindeksi (painotettu keskimääräinen erotus)", "Borichs behovsindex (viktad medeldiskrepans)"},
	[RW_SCALES] = {"Scales", "Mittarit", "Skalor"},
	[RW_TESTS] = {"Tests of association", "Riippuvuustestit", "Test av samband"},
	[RW_METHODS] = {"Methods", "Menetelmät", "Metoder"},
	[RW_ALL] = {"All respondents", "Kaikki vastaajat", "Alla respondenter"},
	[RW_SHARE] = {"Share of respondents", "Osuus vastaajista", "Andel av respondenterna"},
	[RW_ESTIMATE] = {"Estimate", "Estimaatti", "Skattning"},
	[RW_INTERVAL] = {"Interval", "Luottamusväli", "Konfidensintervall"},
	[RW_N] = {"n", "n", "n"},
	[RW_BASE] = {"Base", "Vastanneet", "Svarande"},
	[RW_SUPPRESSED] = {"suppressed", "ei julkaista", "undertryckt"},
	[RW_VARIABLE] = {"Question", "Kysymys", "Fråga"},
	[RW_BY] = {"By", "Ryhmittely", "Per"},
	[RW_TEST] = {"Test", "Testi", "Test"},
	[RW_STATISTIC] = {"Statistic", "Testisuure", "Teststatistika"},
	[RW_DF] = {"df", "vapausasteet", "frihetsgrader"},
	[RW_P] = {"p", "p", "p"},
	[RW_P_ADJ] = {"p (adjusted)", "p (korjattu)", "p (justerat)"},
	[RW_ALPHA] = {"Cronbach's alpha", "Cronbachin alfa", "Cronbachs alfa"},
	[RW_ITEMS] = {"Items", "Osioita", "Frågor"},
	[RW_GROUP] = {"Group", "Ryhmä", "Grupp"},
	[RW_LEVEL] = {"Answer", "Vastaus", "Svar"},
	[RW_CONTENTS] = {"Contents", "Sisältö", "Innehåll"},
	[RW_METHODS_TEXT_SHARES] = {
		"Shares are the fraction of those who answered the question; respondents who skipped it are left out of its base. Each share has a %s %s interval.",
		"Osuudet on laskettu kysymykseen vastanneista; kysymyksen ohittaneet eivät ole mukana. Jokaiselle osuudelle on laskettu %s %s -luottamusväli.",
		"Andelarna räknas bland dem som besvarade frågan; de som hoppade över den ingår inte. Varje andel har ett %s %s-konfidensintervall."},
	[RW_METHODS_TEXT_DESIGN_SRS] = {
		"The respondents are treated as a simple random sample: every answer counts the same.",
		"Vastaajia käsitellään yksinkertaisena satunnaisotoksena: jokainen vastaus painaa yhtä paljon.",
		"Respondenterna behandlas som ett obundet slumpmässigt urval: varje svar väger lika mycket."},
	[RW_METHODS_TEXT_DESIGN] = {
		"Estimates are weighted; standard errors follow the survey design by linearisation, as R's survey package computes them.",
		"Estimaatit on painotettu; keskivirheet on laskettu otanta-asetelman mukaan linearisoinnilla, kuten R:n survey-paketti ne laskee.",
		"Skattningarna är viktade; medelfelen följer urvalsdesignen genom linearisering, så som R-paketet survey beräknar dem."},
	[RW_METHODS_TEXT_SUPPRESS] = {
		"Cells with fewer than %s respondents (or with fewer than %s not choosing the answer) are suppressed, and further cells where needed so that a suppressed number cannot be worked out from totals.",
		"Solut, joissa on alle %s vastaajaa (tai alle %s vastausta valitsematonta), on jätetty julkaisematta, ja tarvittaessa myös muita soluja, jottei piilotettua lukua voi päätellä summista.",
		"Celler med färre än %s respondenter (eller färre än %s som inte valde svaret) är undertryckta, och vid behov även andra celler så att ett dolt tal inte kan räknas fram ur summorna."},
	[RW_METHODS_TEXT_NO_SUPPRESS] = {
		"No cells are suppressed in this report (no minimum cell size was set).",
		"Tässä raportissa ei ole piilotettu soluja (pienintä solukokoa ei asetettu).",
		"Inga celler är undertryckta i denna rapport (ingen minsta cellstorlek angavs)."},
	[RW_METHODS_TEXT_TESTS] = {
		"Associations are tested with Pearson's chi-square test, Fisher's exact test where expected counts are small, and the Rao-Scott F test for weighted data; p-values are adjusted for multiple comparisons.",
		"Riippuvuuksia on testattu Pearsonin khiin neliö -testillä, pienillä odotetuilla frekvensseillä Fisherin tarkalla testillä ja painotetussa aineistossa Rao–Scott-F-testillä; p-arvot on korjattu monivertailun vuoksi.",
		"Samband testas med Pearsons chitvåtest, Fishers exakta test när de förväntade frekvenserna är små och Rao–Scotts F-test för viktade data; p-värdena är justerade för multipla jämförelser."},
	[RW_METHODS_TEXT_NEEDS] = {
		"Training needs are ranked by the share who rate a topic in the top two boxes and by Borich's mean weighted discrepancy score (importance minus current competence, weighted by mean importance), whose interval is a seeded percentile bootstrap.",
		"Koulutustarpeet on järjestetty kahden ylimmän vaihtoehdon osuuden ja Borichin painotetun keskimääräisen erotuksen mukaan (tärkeys miinus nykyinen osaaminen painotettuna tärkeyden keskiarvolla); sen luottamusväli on bootstrap-menetelmällä laskettu.",
		"Utbildningsbehoven rangordnas efter andelen i de två högsta alternativen och efter Borichs viktade medeldiskrepans (vikt minus nuvarande kompetens, viktad med medelvikten), vars intervall är ett bootstrapintervall."},
	[RW_METHODS_TEXT_SCALES] = {
		"A scale's internal consistency is Cronbach's alpha on respondents who answered all its items, with Feldt's interval.",
		"Mittarin sisäinen johdonmukaisuus on Cronbachin alfa niillä vastaajilla, jotka vastasivat kaikkiin sen osioihin, ja luottamusväli Feldtin menetelmällä.",
		"En skalas interna konsistens är Cronbachs alfa bland dem som besvarat alla dess frågor, med Feldts intervall."},
	[RW_SYNTHETIC_NOTE] = {"", "", ""},
	[RW_ALPHA_IF_DELETED] = {"alpha without", "alfa ilman osiota", "alfa utan frågan"},
	[RW_OTHER] = {"Other estimates", "Muut estimaatit", "Övriga skattningar"},
	[RW_KNOWLEDGE_ALL] = {"All statements", "Kaikki väittämät", "Alla påståenden"},
	[RW_DATA_TABLE] = {"(data table)", "(taulukko)", "(tabell)"},
	[RW_CI] = {"CI", "lv.", "KI"},
	[RW_APPENDIX] = {"Appendix: tables and methods", "Liite: taulukot ja menetelmät", "Bilaga: tabeller och metoder"},
	[RW_BRIEF] = {"Summary", "Tiivistelmä", "Sammanfattning"},
	[RW_FINDINGS] = {"Key findings", "Keskeiset tulokset", "Huvudresultat"},
	[RW_WHO] = {"Who answered", "Ketkä vastasivat", "Vilka svarade"},
	[RW_TABLE] = {"table", "taulukko", "tabell"},
	[RW_CORRECT] = {"Correct", "Oikein", "Rätt"},
	[RW_INCORRECT] = {"Incorrect", "Väärin", "Fel"},
	[RW_DONT_KNOW] = {"Don't know", "En tiedä", "Vet inte"},
	[RW_CHART_DOMAINS] = {"Knowledge by domain: share of answers correct, incorrect and don't know", "Tiedot osa-alueittain: oikeiden, väärien ja en tiedä -vastausten osuus", "Kunskaper per område: andel rätta, felaktiga och vet inte-svar"},
	[RW_CHART_NEEDS] = {"Training needs ranked by the Borich index, with intervals", "Koulutustarpeet Borichin indeksin mukaan järjestettynä, luottamusväleineen", "Utbildningsbehov rangordnade efter Borichs index, med intervall"},
	[RW_CHART_SCORE_GROUPS] = {"Knowledge score by group (share of the maximum score), with intervals", "Tietopistemäärä ryhmittäin (osuus enimmäispisteistä), luottamusväleineen", "Kunskapspoäng per grupp (andel av maximipoängen), med intervall"},
	[RW_CHART_DATA] = {"Data of the charts", "Kuvioiden tiedot", "Diagrammens data"},
	[RW_MWDS] = {"Borich index", "Borichin indeksi", "Borichs index"},
	[RW_SCORE_PCT] = {"Score, % of maximum", "Pisteet, % enimmäismäärästä", "Poäng, % av maximum"},
	[RW_DOMAIN] = {"Domain", "Osa-alue", "Område"},
	[RW_F_GAP] = {
		"Knowledge was weakest on “%s”: %s of the answers were correct (%s), and %s were “don't know”.",
		"Tiedot olivat heikoimmat osa-alueella ”%s”: oikeita vastauksia oli %s (%s), ja ”en tiedä” -vastauksia oli %s.",
		"Kunskaperna var svagast inom området ”%s”: %s av svaren var rätt (%s), och %s var ”vet inte”."},
	[RW_F_MISCONCEPTION] = {
		"The most common misconception: %s of the respondents got the statement “%s” wrong.",
		"Yleisin väärinkäsitys: %s vastaajista vastasi väärin väittämään ”%s”.",
		"Den vanligaste missuppfattningen: %s av respondenterna svarade fel på påståendet ”%s”."},
	[RW_F_NEEDS] = {
		"The greatest training needs by the Borich index were %s.",
		"Borichin indeksin mukaan suurimmat koulutustarpeet koskivat seuraavia aiheita: %s.",
		"Enligt Borichs index gällde de största utbildningsbehoven %s."},
	[RW_F_NEEDS_APART] = {
		"The interval of the first lies above that of the fourth-ranked topic: the top need stands out.",
		"Ensimmäisen aiheen luottamusväli on kokonaan neljänneksi sijoittuneen aiheen välin yläpuolella: suurin tarve erottuu muista.",
		"Det första ämnets intervall ligger helt över det fjärde ämnets: det största behovet skiljer sig från de övriga."},
	[RW_F_NEEDS_OVERLAP] = {
		"The intervals of the first and the fourth-ranked topics overlap: the order of the top topics is uncertain.",
		"Ensimmäisen ja neljänneksi sijoittuneen aiheen luottamusvälit ovat osittain päällekkäiset: kärkiaiheiden järjestys on epävarma.",
		"Intervallen för det första och det fjärde ämnet överlappar: ordningen mellan de främsta ämnena är osäker."},
	[RW_F_AWARE] = {
		"Of those who answered “%s”, %s chose “%s” (%s) and %s chose “%s” (%s).",
		"Kysymykseen ”%s” vastanneista %s valitsi vaihtoehdon ”%s” (%s) ja %s vaihtoehdon ”%s” (%s).",
		"Av dem som besvarade frågan ”%s” valde %s alternativet ”%s” (%s) och %s alternativet ”%s” (%s)."},
	[RW_F_ENCOUNTER] = {
		"Of those who answered “%s”, %s chose “%s” (%s).",
		"Kysymykseen ”%s” vastanneista %s valitsi vaihtoehdon ”%s” (%s).",
		"Av dem som besvarade frågan ”%s” valde %s alternativet ”%s” (%s)."},
	[RW_F_ACTION] = {
		"The most common answer to “%s” was “%s”: %s (%s).",
		"Yleisin vastaus kysymykseen ”%s” oli ”%s”: %s (%s).",
		"Det vanligaste svaret på frågan ”%s” var ”%s”: %s (%s)."},
	[RW_F_GROUPS] = {
		"After adjustment for multiple testing (%s), the answers differed between the groups in %s of %s tests (adjusted p < 0.05); the clearest difference was in “%s” (adjusted p = %s).",
		"Monivertailukorjauksen (%s) jälkeen ryhmien välinen ero oli tilastollisesti merkitsevä %s testissä (testejä yhteensä %s; korjattu p < 0,05); selvin ero oli kysymyksessä ”%s” (korjattu p = %s).",
		"Efter justering för multipla test (%s) skilde sig svaren mellan grupperna i %s av %s test (justerat p < 0,05); tydligast var skillnaden i frågan ”%s” (justerat p = %s)."},
	[RW_F_GROUPS_NONE] = {
		"After adjustment for multiple testing (%s), the answers differed between the groups in none of %s tests (adjusted p < 0.05).",
		"Monivertailukorjauksen (%s) jälkeen ryhmien välillä ei ollut tilastollisesti merkitsevää eroa yhdessäkään testissä (testejä yhteensä %s; korjattu p < 0,05).",
		"Efter justering för multipla test (%s) skilde sig svaren mellan grupperna inte i något av %s test (justerat p < 0,05)."},
	[RW_F_SCORE_GROUPS] = {
		"Knowledge scores were lowest in the group “%s”: %s (%s), and highest in the group “%s”: %s (%s).",
		"Tietopistemäärä oli matalin ryhmässä ”%s”: %s (%s), ja korkein ryhmässä ”%s”: %s (%s).",
		"Kunskapspoängen var lägst i gruppen ”%s”: %s (%s), och högst i gruppen ”%s”: %s (%s)."},
	[RW_ANSWERS_BY_GROUP] = {"Answers by group (% of those who answered)", "Vastaukset ryhmittäin (% vastanneista)", "Svar per grupp (% av dem som svarade)"},
	[RW_DERIVED] = {"Scores, training needs and scales", "Pistemäärät, koulutustarpeet ja mittarit", "Poäng, utbildningsbehov och skalor"},
	[RW_MEANS] = {"Means", "Keskiarvot", "Medelvärden"},
	[RW_SUPPRESSED_NOTE] = {"“supp.” (suppressed): too few respondents to publish the cell. Each table shows the share of those in the group who answered the question; the last line is their number.", "”ei julk.” (ei julkaista): solussa on liian vähän vastaajia julkaistavaksi. Taulukot näyttävät osuuden ryhmän niistä jäsenistä, jotka vastasivat kysymykseen; viimeisellä rivillä on heidän lukumääränsä.", "”undertr.” (undertryckt): för få svarande för att cellen ska publiceras. Tabellerna visar andelen av dem i gruppen som besvarade frågan; sista raden anger hur många de är."},
	[RW_SUPPRESSED_SHORT] = {"supp.", "ei julk.", "undertr."},
	[RW_ALT_QUESTION] = {"Dot plot of the shares for %s on a 0–100 %% axis, with interval lines; the numbers are in the table.", "Pistekuvio osuuksista (%s) asteikolla 0–100 %%, luottamusväleineen; luvut ovat taulukossa.", "Punktdiagram över andelarna (%s) på en skala 0–100 %%, med intervall; talen finns i tabellen."},
	[RW_POPULATION] = {"population", "perusjoukossa", "i populationen"},
	[RW_AGAINST_POPULATION] = {" (share of the respondents, unweighted; share in the population totals given)", " (osuus vastaajista painottamatta; osuus annetuista perusjoukon lukumääristä)", " (andel av de svarande, oviktad; andel av de angivna populationstotalerna)"},
	[RW_GROUP_MIX] = {"Respondents by group", "Vastaajat ryhmittäin", "Svarande per grupp"},
	[RW_ALT_DOMAINS] = {"Stacked bars, one per knowledge domain, of the shares of answers correct, incorrect and don't know; the numbers are in the data table.", "Pinottu palkkikuvio, yksi palkki kullekin tieto-osa-alueelle: oikeiden, väärien ja en tiedä -vastausten osuudet; luvut ovat taulukossa.", "Staplat stapeldiagram, en stapel per kunskapsområde: andelarna rätta, felaktiga och vet inte-svar; talen finns i tabellen."},
	[RW_ALT_NEEDS] = {"Dot plot of the Borich index of each training topic, highest first, with interval lines; the numbers are in the data table.", "Pistekuvio kunkin koulutusaiheen Borichin indeksistä suurimmasta alkaen, luottamusväleineen; luvut ovat taulukossa.", "Punktdiagram över Borichs index för varje utbildningsämne, högst först, med intervall; talen finns i tabellen."},
	[RW_ALT_GROUPS] = {"Dot plot of the knowledge score of each group on a 0–100 % axis, with interval lines; the numbers are in the data table.", "Pistekuvio kunkin ryhmän tietopistemäärästä asteikolla 0–100 %, luottamusväleineen; luvut ovat taulukossa.", "Punktdiagram över varje grupps kunskapspoäng på en skala 0–100 %, med intervall; talen finns i tabellen."},
	[RW_CHANGE] = {"Change", "Muutos", "Förändring"},
	[RW_CHANGE_SCORE] = {"The knowledge score (share of the maximum) %s by %s percentage points.", "Tietopistemäärä (osuus enimmäispisteistä) %s %s prosenttiyksikköä.", "Kunskapspoängen (andel av maxpoängen) %s med %s procentenheter."},
	[RW_CHANGE_BETTER] = {"Answered correctly more often (adjusted p < 0.05): %s.", "Oikeiden vastausten osuus kasvoi (korjattu p < 0,05): %s.", "Andelen rätta svar ökade (justerat p < 0,05): %s."},
	[RW_CHANGE_WORSE] = {"Answered correctly less often (adjusted p < 0.05): %s.", "Oikeiden vastausten osuus pieneni (korjattu p < 0,05): %s.", "Andelen rätta svar minskade (justerat p < 0,05): %s."},
	[RW_NONE] = {"no item", "ei yhdessäkään osiossa", "ingen fråga"},
	[RW_AND_MORE] = {"; and %s more", "; ja %s muuta", "; och %s till"},
	[RW_ROSE] = {"rose", "nousi", "steg"},
	[RW_FELL] = {"fell", "laski", "sjönk"},
	[RW_HIGHER] = {"higher", "korkeampi", "högre"},
	[RW_LOWER] = {"lower", "matalampi", "lägre"},
	[RW_F_CHANGE_COMPARE] = {
		"Compared with “%s”, the knowledge score in “%s” was %s percentage points %s (%s %s to %s; adjusted p = %s).",
		"Ryhmään ”%s” verrattuna tietopistemäärä oli ryhmässä ”%s” %s prosenttiyksikköä %s (%s %s…%s; korjattu p = %s).",
		"Jämfört med ”%s” var kunskapspoängen i ”%s” %s procentenheter %s (%s %s till %s; justerat p = %s)."},
	[RW_F_CHANGE_PAIRED] = {
		"Among the %s respondents whose answers before and after could be linked, the knowledge score %s by %s percentage points (%s %s to %s; adjusted p = %s).",
		"Niillä %s vastaajalla, joiden vastaukset ennen ja jälkeen voitiin yhdistää, tietopistemäärä %s %s prosenttiyksikköä (%s %s…%s; korjattu p = %s).",
		"Bland de %s respondenter vars svar före och efter kunde kopplas ihop %s kunskapspoängen med %s procentenheter (%s %s till %s; justerat p = %s)."},
};

const char *report_word(const char *lang, enum report_word w)
{
	const struct triple *t = &words[w];
	if (lang && !strncmp(lang, "fi", 2))
		return t->fi;
	if (lang && !strncmp(lang, "sv", 2))
		return t->sv;
	return t->en;
}
