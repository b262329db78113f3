/* i18n.c - the interface's own words, one row per word, one column per language. */
#include "config.h"
#include <ctype.h>
#include <string.h>
#include "collect/i18n.h"

/* Columns in enum ui_lang order: en, fi, sv. */
static const char *const words[UI_N_LANGS * UW_N_WORDS] = {
#define W(id, en, fi, sv) [UI_EN * UW_N_WORDS + id] = en, \
	[UI_FI * UW_N_WORDS + id] = fi, [UI_SV * UW_N_WORDS + id] = sv
	W(UW_REQUIRED, "This question needs an answer.",
	  "Tähän kysymykseen on vastattava.",
	  "Den här frågan måste besvaras."),
	W(UW_CONSTRAINT, "This answer is not allowed here.",
	  "Tämä vastaus ei kelpaa tähän kysymykseen.",
	  "Svaret är inte tillåtet för den här frågan."),
	W(UW_NOT_INTEGER, "Type a whole number, e.g. 12.",
	  "Kirjoita kokonaisluku, esim. 12.",
	  "Skriv ett heltal, t.ex. 12."),
	W(UW_NOT_NUMBER, "Type a number, e.g. 3.5 (with a point).",
	  "Kirjoita luku, esim. 3.5 (desimaalierottimena piste).",
	  "Skriv ett tal, t.ex. 3.5 (med punkt som decimaltecken)."),
	W(UW_NOT_DATE, "Type a date as YYYY-MM-DD, e.g. 2024-05-31.",
	  "Kirjoita päivämäärä muodossa VVVV-KK-PP, esim. 2024-05-31.",
	  "Skriv datumet i formatet ÅÅÅÅ-MM-DD, t.ex. 2024-05-31."),
	W(UW_NOT_TIME, "Type a time as HH:MM, e.g. 14:30.",
	  "Kirjoita kellonaika muodossa TT:MM, esim. 14:30.",
	  "Skriv klockslaget i formatet TT:MM, t.ex. 14:30."),
	W(UW_NOT_DATETIME, "Type a date and time as YYYY-MM-DD HH:MM.",
	  "Kirjoita päivämäärä ja kellonaika muodossa VVVV-KK-PP TT:MM.",
	  "Skriv datum och tid i formatet ÅÅÅÅ-MM-DD TT:MM."),
	W(UW_OUT_OF_RANGE, "Choose a number from %s to %s.",
	  "Valitse luku väliltä %s–%s.",
	  "Välj ett tal mellan %s och %s."),
	W(UW_OFF_STEP, "Choose a number from %s to %s in steps of %s.",
	  "Valitse luku väliltä %s–%s %s:n välein.",
	  "Välj ett tal mellan %s och %s i steg om %s."),
	W(UW_NOT_A_CHOICE, "Choose one of the options.",
	  "Valitse jokin vaihtoehdoista.",
	  "Välj ett av alternativen."),
	W(UW_RANGE_BOUNDS, "(%s–%s)", "(%s–%s)", "(%s–%s)"),
	W(UW_DATE_FORMAT, "YYYY-MM-DD", "VVVV-KK-PP", "ÅÅÅÅ-MM-DD"),
	W(UW_TIME_FORMAT, "HH:MM", "TT:MM", "TT:MM"),
	W(UW_DATETIME_FORMAT, "YYYY-MM-DD HH:MM", "VVVV-KK-PP TT:MM", "ÅÅÅÅ-MM-DD TT:MM"),
	W(UW_OK, "OK", "OK", "OK"),
	W(UW_PROGRESS_SECTION, "Section %d of %d · %d answered",
	  "Osio %d/%d · vastauksia %d",
	  "Avsnitt %d av %d · %d svar"),
	W(UW_PROGRESS_ANSWERED, "%d answered", "Vastauksia %d", "%d svar"),
	W(UW_HELP_SELECT_ONE,
	  "Up/Down or 1-9: choose  Enter: next  PgUp: back  F2: language",
	  "Ylös/Alas tai 1–9: valitse  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Upp/Ned eller 1–9: välj  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_SELECT_MULTIPLE,
	  "Space/1-9: tick  Up/Down: move  Enter: next  PgUp: back  F2: language",
	  "Välilyönti/1–9: valitse  ↑↓: siirry  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Mellanslag/1–9: markera  ↑/↓: flytta  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_LIKERT,
	  "Left/Right or 1-9: choose  Enter: next  PgUp: back  F2: language",
	  "Vasen/Oikea tai 1–9: valitse  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Vänster/Höger eller 1–9: välj  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_RANK,
	  "Space/1-9: add in order  Enter: next  PgUp: back  F2: language",
	  "Välilyönti/1–9: lisää seuraavaksi  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Mellanslag/1–9: lägg till som nästa  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_LONG_ONE,
	  "Up/Down: choose  Enter: next  PgUp: back  F2: language",
	  "Ylös/Alas: valitse  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Upp/Ned: välj  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_LONG_MULTIPLE,
	  "Space: tick  Up/Down: move  Enter: next  PgUp: back  F2: language",
	  "Välilyönti: valitse  ↑/↓: siirry  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Mellanslag: markera  ↑/↓: flytta  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_LONG_RANK,
	  "Space: add in order  Up/Down: move  Enter: next  PgUp: back  F2: language",
	  "Välilyönti: lisää seuraavaksi  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Mellanslag: lägg till som nästa  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_LONG_ONE_HINT,
	  "Type a choice's number or the start of its label, then press Enter.",
	  "Kirjoita vaihtoehdon numero tai sen alkukirjaimet ja paina Enter.",
	  "Skriv alternativets nummer eller början av texten och tryck Enter."),
	W(UW_LONG_MULTIPLE_HINT,
	  "Number or first letters: Space ticks, Enter ticks and goes on.",
	  "Numero tai alkukirjaimet: välilyönti valitsee, Enter valitsee ja jatkaa.",
	  "Nummer eller bokstäver: mellanslag markerar, Enter markerar och fortsätter."),
	W(UW_TYPED_NUMBER, "Number: %s", "Numero: %s", "Nummer: %s"),
	W(UW_TYPED_LABEL, "Find: %s", "Haku: %s", "Sök: %s"),
	W(UW_HELP_FIELD,
	  "Type your answer  Enter: next  PgUp: back  F2: language",
	  "Kirjoita vastaus  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Skriv ditt svar  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_NOTE,
	  "Enter: continue  ↑/↓: scroll  PgUp: back  F2: language",
	  "Enter: jatka  ↑/↓: vieritä  PgUp: takaisin  F2: kieli",
	  "Enter: fortsätt  ↑/↓: rulla  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_ACK,
	  "Space: OK on/off  Enter: next  PgUp: back  F2: language",
	  "Välilyönti: OK päälle/pois  Enter: seuraava  PgUp: takaisin  F2: kieli",
	  "Mellanslag: OK på/av  Enter: nästa  PgUp: tillbaka  F2: språk"),
	W(UW_HELP_REVIEW,
	  "Enter: submit, or open the marked answer  Up/Down: move  PgUp: back",
	  "Enter: lähetä tai muuta valittua vastausta  Ylös/Alas: siirry  PgUp: takaisin",
	  "Enter: skicka eller ändra markerat svar  Upp/Ned: flytta  PgUp: tillbaka"),
	W(UW_HELP_WELCOME,
	  "Enter: start  F2: language",
	  "Enter: aloita  F2: kieli",
	  "Enter: börja  F2: språk"),
	W(UW_HELP_THANKS,
	  "Enter: next respondent",
	  "Enter: seuraava vastaaja",
	  "Enter: nästa svarande"),
	W(UW_REVIEW_TITLE, "Review your answers", "Tarkista vastauksesi", "Granska dina svar"),
	W(UW_REVIEW_INTRO,
	  "Press Enter to submit. To change an answer, move to it and press Enter.",
	  "Lähetä vastaukset painamalla Enter. Jos haluat muuttaa vastausta, siirry sen kohdalle ja paina Enter.",
	  "Tryck Enter för att skicka svaren. Vill du ändra ett svar, gå till det och tryck Enter."),
	W(UW_SUBMIT, "[ Submit ]", "[ Lähetä ]", "[ Skicka ]"),
	W(UW_UNANSWERED, "(no answer)", "(ei vastausta)", "(inget svar)"),
	W(UW_WELCOME, "Welcome", "Tervetuloa", "Välkommen"),
	W(UW_START, "Press Enter to start.", "Aloita painamalla Enter.", "Tryck Enter för att börja."),
	W(UW_RESUME_KEY, "F4: continue an unfinished response (%d)",
	  "F4: jatka keskeneräistä vastausta (%d)",
	  "F4: fortsätt med ett påbörjat svar (%d)"),
	W(UW_RESUME_TITLE, "Unfinished responses", "Keskeneräiset vastaukset", "Påbörjade svar"),
	W(UW_RESUME_HELP, "Up/Down: move  Enter: continue  Esc: back",
	  "Ylös/Alas: siirry  Enter: jatka  Esc: takaisin",
	  "Upp/Ned: flytta  Enter: fortsätt  Esc: tillbaka"),
	W(UW_THANKS_TITLE, "Thank you!", "Kiitos!", "Tack!"),
	W(UW_THANKS_TEXT, "Your answers have been saved.", "Vastauksesi on tallennettu.",
	  "Dina svar har sparats."),
	W(UW_SUBMITTED, "Submitted.", "Lähetetty.", "Skickat."),
	W(UW_OPERATOR_PROMPT, "operator secret (Esc: back): ",
	  "ylläpitäjän salasana (Esc: takaisin): ",
	  "operatörens lösenord (Esc: tillbaka): "),
	W(UW_STILL_THERE, "Still there? Press any key, or the survey starts over.",
	  "Oletko vielä siellä? Paina jotakin näppäintä, tai kysely alkaa alusta.",
	  "Är du kvar? Tryck på en tangent, annars börjar enkäten om."),
	W(UW_TOO_SMALL, "Window too small: make it at least 40x10.",
	  "Ikkuna on liian pieni: suurenna se vähintään kokoon 40x10.",
	  "Fönstret är för litet: gör det minst 40x10."),
	W(UW_MISSING_REQUIRED, "An answer is still missing here.",
	  "Tähän kysymykseen ei ole vielä vastattu.",
	  "Den här frågan har ännu inte besvarats."),
	W(UW_SKIP_CONFIRM, "Skip this question? Press Enter again to skip it.",
	  "Ohitetaanko kysymys? Ohita painamalla Enter uudelleen.",
	  "Vill du hoppa över frågan? Tryck Enter igen för att hoppa över den."),
	W(UW_PLAIN_COMMANDS,
	  "Commands: back, language, review, skip, help, quit.",
	  "Komennot: back (edellinen), language (kieli), review (tarkistus), skip (ohita), "
	  "help (ohje), quit (keskeytä).",
	  "Kommandon: back (föregående), language (språk), review (granskning), skip (hoppa över), "
	  "help (hjälp), quit (avbryt)."),
	W(UW_PLAIN_HELP,
	  "Answer each question by typing and pressing Enter. Commands:\n"
	  "  back      the previous question\n"
	  "  language  the next language of the survey\n"
	  "  review    the list of your answers\n"
	  "  skip      leave an optional question unanswered\n"
	  "  help      these instructions\n"
	  "  quit      stop; your answers so far are saved\n"
	  "To answer with one of these words, type a backslash before it (\\back).",
	  "Vastaa kuhunkin kysymykseen kirjoittamalla ja painamalla Enter. Komennot:\n"
	  "  back      edellinen kysymys\n"
	  "  language  kyselyn seuraava kieli\n"
	  "  review    luettelo vastauksistasi\n"
	  "  skip      jätä vapaaehtoinen kysymys vastaamatta\n"
	  "  help      nämä ohjeet\n"
	  "  quit      keskeytä; tähänastiset vastauksesi on tallennettu\n"
	  "Jos haluat vastata jollakin näistä sanoista, kirjoita sen eteen kenoviiva (\\back).",
	  "Besvara varje fråga genom att skriva och trycka Enter. Kommandon:\n"
	  "  back      föregående fråga\n"
	  "  language  enkätens nästa språk\n"
	  "  review    en lista över dina svar\n"
	  "  skip      lämna en frivillig fråga obesvarad\n"
	  "  help      de här anvisningarna\n"
	  "  quit      avbryt; dina svar hittills har sparats\n"
	  "Vill du svara med ett av de här orden, skriv ett omvänt snedstreck före det (\\back)."),
	W(UW_PLAIN_PROMPT_ONE, "Type the number of your answer and press Enter.",
	  "Kirjoita vastauksesi numero ja paina Enter.",
	  "Skriv numret på ditt svar och tryck Enter."),
	W(UW_PLAIN_PROMPT_MULTIPLE,
	  "Type the numbers of all that apply, separated by spaces, and press Enter.",
	  "Kirjoita kaikkien sopivien vaihtoehtojen numerot välilyönnein erotettuina ja paina Enter.",
	  "Skriv numren på alla som passar, åtskilda med mellanslag, och tryck Enter."),
	W(UW_PLAIN_PROMPT_RANK,
	  "Type the numbers in your order of preference, separated by spaces, and press Enter.",
	  "Kirjoita numerot tärkeysjärjestyksessä välilyönnein erotettuina ja paina Enter.",
	  "Skriv numren i den ordning du föredrar, åtskilda med mellanslag, och tryck Enter."),
	W(UW_PLAIN_PROMPT_FIELD, "Type your answer and press Enter.",
	  "Kirjoita vastauksesi ja paina Enter.",
	  "Skriv ditt svar och tryck Enter."),
	W(UW_PLAIN_PROMPT_NOTE, "Press Enter to continue.", "Jatka painamalla Enter.",
	  "Tryck Enter för att fortsätta."),
	W(UW_PLAIN_PROMPT_ACK, "Type 1 to confirm and press Enter.",
	  "Kuittaa kirjoittamalla 1 ja painamalla Enter.",
	  "Skriv 1 för att bekräfta och tryck Enter."),
	W(UW_PLAIN_REQUIRED, "(required)", "(pakollinen)", "(obligatorisk)"),
	W(UW_PLAIN_CURRENT, "Current answer: %s. Enter keeps it.",
	  "Nykyinen vastaus: %s. Enter säilyttää sen.",
	  "Nuvarande svar: %s. Enter behåller det."),
	W(UW_PLAIN_SKIP_HOW, "No answer given. To leave this question unanswered, type skip.",
	  "Et vastannut. Jos haluat jättää kysymyksen vastaamatta, kirjoita skip.",
	  "Du svarade inte. Vill du lämna frågan obesvarad, skriv skip."),
	W(UW_PLAIN_SKIPPED, "Left unanswered.", "Jätetty vastaamatta.", "Lämnad obesvarad."),
	W(UW_PLAIN_REVIEW_PROMPT,
	  "Type submit to send your answers, or the number of an answer to change it.",
	  "Lähetä vastauksesi kirjoittamalla submit, tai kirjoita muutettavan vastauksen numero.",
	  "Skriv submit för att skicka svaren, eller numret på ett svar du vill ändra."),
	W(UW_PLAIN_FIRST, "This is the first question.", "Tämä on ensimmäinen kysymys.",
	  "Det här är den första frågan."),
	W(UW_PLAIN_LANGUAGE, "Language: %s", "Kieli: %s", "Språk: %s"),
	W(UW_PLAIN_LEFT, "Stopped. Your answers so far are saved; the response is unfinished.",
	  "Keskeytetty. Tähänastiset vastauksesi on tallennettu; vastaus on keskeneräinen.",
	  "Avbrutet. Dina svar hittills har sparats; svaret är inte färdigt."),
#undef W
};

enum ui_lang ui_lang_from_code(const char *code)
{
	const char *open;
	char two[3];
	if (!code)
		return UI_EN;
	/* "Suomi (fi)" carries its code in parentheses. */
	open = strrchr(code, '(');
	if (open)
		code = open + 1;
	if (!isalpha((unsigned char)code[0]) || !isalpha((unsigned char)code[1]))
		return UI_EN;
	two[0] = (char)tolower((unsigned char)code[0]);
	two[1] = (char)tolower((unsigned char)code[1]);
	two[2] = '\0';
	if (isalpha((unsigned char)code[2]))
		return UI_EN;   /* "finnish", "svenska": not a code */
	if (!strcmp(two, "fi"))
		return UI_FI;
	if (!strcmp(two, "sv"))
		return UI_SV;
	return UI_EN;
}

const char *ui_text(enum ui_lang lang, enum ui_word word)
{
	const char *s;
	if ((unsigned)lang >= UI_N_LANGS || (unsigned)word >= UW_N_WORDS)
		return "";
	s = words[lang * UW_N_WORDS + word];
	return s ? s : (words[UI_EN * UW_N_WORDS + word] ? words[UI_EN * UW_N_WORDS + word] : "");
}
