#!/usr/bin/env python3
"""`kysely collect --plain` through a pseudo-terminal (tests/tui/plain.sh).

Every step waits for the prompt ("> ") the program prints when it reads a
line, never for a fixed time. Checks: answers by number, a constraint
refusal, back, skip, a language switch, a review jump, a literal answer
behind a backslash, the rows in the database, end of input leaving the
response partial, and that no transcript holds an escape sequence or
any control character but CR, LF and TAB. Then the bundled survey is
completed in fi, sv and en by an answerer that reads what is printed."""
import fcntl, os, re, select, sqlite3, subprocess, sys, termios, time

KYSELY, SRCDIR, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
MINI = os.path.join(SRCDIR, "tests/tui/mini.csv")
SURVEY = os.path.join(SRCDIR, "surveys/ht-needs")
TIMEOUT = 30


def fail(msg, run=None):
    print("FAIL: " + msg)
    if run is not None:
        print("--- transcript tail ---")
        print(run.text()[-3000:])
    sys.exit(1)


class Run:
    """kysely on the slave side of a pty; we hold the master."""

    def __init__(self, args, term="xterm", name="run"):
        master, slave = os.openpty()
        env = dict(os.environ, TERM=term, LC_ALL="C.UTF-8")
        self.err = open(os.path.join(TMP, name + ".err"), "w+b")
        self.proc = subprocess.Popen([KYSELY] + args, stdin=slave, stdout=slave,
                                     stderr=self.err, env=env, start_new_session=True,
                                     preexec_fn=self.take_terminal)
        os.close(slave)
        self.fd, self.out, self.mark = master, b"", 0

    @staticmethod
    def take_terminal():
        """The pty becomes the controlling terminal, so that Ctrl-C is a signal."""
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    def text(self):
        return self.out.decode("utf-8", "replace")

    def pump(self, until, what):
        deadline = time.monotonic() + TIMEOUT
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                fail("timed out waiting for " + what, self)
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                if not until():
                    fail("kysely ended while waiting for " + what, self)
                return
            self.out += chunk

    def prompt(self):
        """What was printed since the last line sent, once kysely asks again."""
        # the echo of the line sent comes first: a prompt after it is new
        self.pump(lambda: len(self.out) > self.mark and self.out.endswith(b"> "), "a prompt")
        chunk = self.out[self.mark:].decode("utf-8")
        return chunk

    def send(self, line):
        self.mark = len(self.out)
        os.write(self.fd, line.encode("utf-8") + b"\n")

    def expect(self, text):
        got = self.prompt()
        if text not in got:
            fail("expected %r after the last answer" % text, self)
        return got

    def answer(self, line, expected):
        self.send(line)
        return self.expect(expected)

    def finish(self):
        """Reads to the end of output (the pty closes when kysely exits)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                fail("kysely did not end", self)
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.out += chunk
        rc = self.proc.wait(TIMEOUT)
        os.close(self.fd)
        self.err.seek(0)
        return rc, self.err.read().decode("utf-8", "replace")

    def check_clean(self):
        bad = [b for b in set(self.out) if (b < 0x20 and b not in (9, 10, 13)) or b == 0x7f]
        if bad:
            fail("control characters %r in the transcript" % sorted(bad), self)
        if re.search("[\u0080-\u009f]", self.text()):
            fail("C1 control characters in the transcript", self)


def slots(db, where="1"):
    row = sqlite3.connect(db).execute("SELECT uuid, status, answers FROM response WHERE " + where
                                      + " ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        fail("no response in " + db)
    blob, i, out = bytes(row[2] or b""), 0, []
    while i < len(blob):
        n = shift = 0
        while True:
            b = blob[i]
            i += 1
            n |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                break
        out.append(blob[i:i + n].decode("utf-8"))
        i += n
    return row[0], row[1], out


def own_form():
    db = os.path.join(TMP, "mini.db")
    r = Run([ "collect", MINI, "--db", db, "--plain", "--lang", "en"], name="mini")
    r.expect("Commands: back, language, review, skip, help, quit.")
    got = r.expect("What is your profession? (required)")
    for want in ("  1. Nurse", "  2. Doctor", "Type the number of your answer and press Enter."):
        if want not in got:
            fail("first question lacks %r" % want, r)
    r.answer("2", "Your age in years (required)")
    got = r.answer("200", "Age must be 18–80 years")
    if "Your age" in got:
        fail("a refused answer printed the question again", r)
    # every answer is committed when given: the age is in the log before submit
    r.answer("44", "Have you met a victim")
    if not sqlite3.connect(db).execute("SELECT count(*) FROM answer_log WHERE value = '44'").fetchone()[0]:
        fail("the accepted age is not in the database before submit", r)
    r.answer("1", "How many times? (required)")      # skip logic opens `times`
    r.answer("back", "Have you met a victim")
    r.answer("back", "Current answer: 44. Enter keeps it.")
    r.answer("", "Have you met a victim")
    r.answer("1", "How many times?")
    r.answer("0", "This answer is not allowed here.")  # constraint . > 0, default message
    r.answer("3", "Competence")
    r.answer("help", "skip      leave an optional question unanswered")
    r.answer("", "To leave this question unanswered, type skip.")
    r.answer("skip", "Left unanswered.")
    got = r.expect("Which topics would you like training on?")
    r.answer("1 9", "Choose one of the options.")
    r.answer("3 1", "When were you last trained?")
    r.answer("language", "Kieli: Suomi (fi)")
    got = r.expect("Milloin sait viimeksi koulutusta?")
    if "Kirjoita vastauksesi ja paina Enter. VVVV-KK-PP" not in got:
        fail("the date prompt is not in Finnish", r)
    r.answer("2024-05-31", "Kommentit, Lääkäri")
    r.answer("\\back", "Tarkista vastauksesi")
    got = r.expect("Lähetä vastauksesi kirjoittamalla submit")
    m = re.search(r"  (\d+)\. Mikä on ammattisi\?: Lääkäri", got)
    if not m:
        fail("the review does not list the profession", r)
    r.answer(m.group(1), "Nykyinen vastaus: Lääkäri. Enter säilyttää sen.")
    got = r.answer("3", "Tarkista vastauksesi")
    if "Mikä on ammattisi?: Kätilö" not in got or "Kommentit, Kätilö: back" not in got:
        fail("the review jump did not return with the changed answer", r)
    r.send("submit")
    r.pump(lambda: b"Kiitos!" in r.out[r.mark:], "the thanks")
    rc, err = r.finish()
    if rc != 0:
        fail("exit %d: %s" % (rc, err), r)
    r.check_clean()
    uuid, status, v = slots(db)
    if status != "complete":
        fail("the response is " + status)
    want = {1: "midwife", 2: "44", 3: "yes", 4: "3", 5: "", 6: "interpreting indicators",
            7: "2024-05-31", 8: "back"}
    for slot, value in want.items():
        if v[slot] != value:
            fail("slot %d is %r, not %r (%r)" % (slot, v[slot], value, v))
    lang = sqlite3.connect(db).execute("SELECT lang FROM response WHERE uuid = ?", (uuid,)).fetchone()[0]
    if lang != "fi":
        fail("the language switch was not recorded: " + lang)


def end_of_input():
    """Ctrl-D leaves the response partial and says how to continue; TERM=dumb
    chooses the plain mode without --plain."""
    db = os.path.join(TMP, "eof.db")
    r = Run(["collect", MINI, "--db", db, "--lang", "sv"], term="dumb", name="eof")
    r.expect("Vilket är ditt yrke? (obligatorisk)")
    r.answer("1", "Din ålder i år")
    r.send("\x04")
    rc, err = r.finish()
    if rc != 0:
        fail("end of input: exit %d: %s" % (rc, err), r)
    r.check_clean()
    if "Avbrutet. Dina svar hittills har sparats" not in r.text():
        fail("end of input: no word that the response is unfinished", r)
    uuid, status, v = slots(db)
    if status != "partial" or v[1] != "nurse":
        fail("end of input: the response is %s with %r" % (status, v[1]))
    if ("--plain --resume " + uuid) not in err:
        fail("end of input: no resume command on stderr: " + err)
    return db, uuid


def interrupt(db, uuid):
    """--resume goes on where the answers stop; a terminal unknown to
    terminfo gets the plain mode; Ctrl-C leaves the response partial; an
    arrow key's escape sequence never reaches an answer."""
    r = Run(["collect", MINI, "--db", db, "--resume", uuid], term="no-such-terminal-kysely",
            name="intr")
    r.expect("Din ålder i år (obligatorisk)")
    r.answer("4\x1b[D\x1b[C5", "Har du mött ett offer")
    r.send("\x03")
    rc, err = r.finish()
    if rc != 0:
        fail("Ctrl-C: exit %d: %s" % (rc, err), r)
    r.check_clean()
    _, status, v = slots(db)
    if status != "partial" or v[2] != "45":
        fail("Ctrl-C: the response is %s with age %r" % (status, v[2]))
    if ("--resume " + uuid) not in err:
        fail("Ctrl-C: no resume command on stderr: " + err)


def no_kiosk():
    """The kiosk cannot clear a plain terminal: refused, whichever way plain is chosen."""
    for args, term in ((["--plain"], "xterm"), ([], "dumb")):
        env = dict(os.environ, TERM=term, KYSELY_KIOSK_SECRET="s3cret-pin")
        p = subprocess.run([KYSELY, "collect", MINI, "--db", os.path.join(TMP, "k.db"), "--kiosk"]
                           + args, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=TIMEOUT)
        if p.returncode != 2 or b"'--kiosk' needs a full-screen terminal" not in p.stderr:
            fail("--kiosk %r with TERM=%s: exit %d, %r" % (args, term, p.returncode, p.stderr))


PROMPTS = {
    "fi": ("Kirjoita vastauksesi numero", "Kirjoita kaikkien sopivien", "Kirjoita numerot tärkeys",
           "Kirjoita vastauksesi ja paina", "Jatka painamalla Enter", "Kuittaa kirjoittamalla 1",
           "Lähetä vastauksesi kirjoittamalla submit", "Kiitos!"),
    "sv": ("Skriv numret på ditt svar", "Skriv numren på alla", "Skriv numren i den ordning",
           "Skriv ditt svar och tryck", "Tryck Enter för att fortsätta", "Skriv 1 för att bekräfta",
           "Skriv submit för att skicka", "Tack!"),
    "en": ("Type the number of your answer", "Type the numbers of all", "Type the numbers in your",
           "Type your answer and press", "Press Enter to continue", "Type 1 to confirm",
           "Type submit to send", "Thank you!"),
}
FIELD_TRIES = ["1", "30", "2020-01-01", "12:00", "2020-01-01 12:00", "skip"]


def reply_for(chunk, p, tries):
    """What a respondent who takes the first offer types."""
    last = chunk.rstrip("> ").rstrip().splitlines()[-1]
    numbers = re.findall(r"^  (\d+)\. ", chunk, re.M)
    if last.startswith(p[6]):
        return "submit"
    if last.startswith(p[2]):
        return " ".join(numbers)
    if last.startswith(p[0]) or last.startswith(p[1]):
        return "1"
    if last.startswith(p[4]):
        return ""
    if last.startswith(p[5]):
        return "1"
    if last.startswith(p[3]):
        m = re.search(r"\((-?[\d.]+)–", last)
        if m:
            return m.group(1)
        return FIELD_TRIES[min(tries, len(FIELD_TRIES) - 1)]
    return None


def bundled(lang, form=SURVEY, name="ht", minimum=10):
    db = os.path.join(TMP, "%s-%s.db" % (name, lang))
    p = PROMPTS[lang]
    r = Run(["collect", form, "--db", db, "--lang", lang]
            + (["--plain"] if lang != "fi" else []),
            term="dumb" if lang == "fi" else "xterm-256color", name=name + "-" + lang)
    chunk, tries, steps = r.prompt(), 0, 0
    while True:
        steps += 1
        if steps > 400:
            fail("%s: the survey did not end" % lang, r)
        reply = reply_for(chunk, p, tries)
        if reply is None:
            fail("%s: no known prompt in %r" % (lang, chunk[-300:]), r)
        r.send(reply)
        if reply == "submit":
            break
        chunk = r.prompt()
        moved = "\n\r\n" in chunk
        tries = 0 if moved else tries + 1
        if tries > len(FIELD_TRIES):
            fail("%s: an answer keeps being refused" % lang, r)
    r.pump(lambda: p[7].encode() in r.out[r.mark:], "the thanks")
    rc, err = r.finish()
    if rc != 0:
        fail("%s: exit %d: %s" % (lang, rc, err), r)
    r.check_clean()
    uuid, status, v = slots(db)
    if status != "complete":
        fail("%s: the response is %s" % (lang, status))
    if sum(1 for x in v if x) < minimum:
        fail("%s: only %d answers stored" % (lang, sum(1 for x in v if x)))
    if p[7] not in r.text() or PROMPTS[lang][0] not in r.text():
        fail("%s: the prompts are not in the language" % lang, r)
    print("ok - %s: %d lines typed, %d values stored" % (lang, steps, sum(1 for x in v if x)))
    with open(os.path.join(TMP, "%s-%s.txt" % (name, lang)), "w") as f:
        f.write(r.text())
    return r.text()


own_form()
print("ok - own form: numbers, refusals, back, skip, language, review jump")
partial = end_of_input()
print("ok - end of input leaves the response partial; TERM=dumb is plain")
interrupt(*partial)
print("ok - resume, Ctrl-C, unknown TERM, escape sequences typed")
no_kiosk()
print("ok - --kiosk refused in plain mode")
text = bundled("en", os.path.join(SRCDIR, "tests/tui/debrief.csv"), "debrief", 3)
for want in ("Your results", "Correct: ", "Correct answer: ", "Trafficking can happen entirely within Finland.",
             "The assistance"):
    if want not in text:
        fail("the debrief lacks %r" % want)
print("ok - the debrief is printed after submit")
for code in ("fi", "sv", "en"):
    bundled(code)
