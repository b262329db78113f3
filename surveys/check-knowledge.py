#!/usr/bin/env python3
"""check-knowledge.py - the design rules of a knowledge test, on any form.

    python3 surveys/check-knowledge.py FORM [FORM...]

FORM is an XLSForm folder (survey.csv, choices.csv) or a one-file CSV.
A scored item is a select whose list has a `score` (surveys/README.md).
A form without scored items passes. Otherwise every scored item must be

  - required, with a don't-know choice in its list (the choice whose
    `dont_know` column is yes; without that column, the choice named
    dont_know), so that requiring an answer never forces a guess;

and the true/false items (a select_one whose best-scoring choice is named
`true` or `false`) must have

  - balanced keys: between 45 % and 55 % keyed true, so that answering
    "true" to everything scores about half;
  - no cue words: for each language of the labels and each cue word of
    that language (absolutes, hedges and negations, CUES below; whole
    words, any case), the number of true-keyed items whose label holds
    the word must equal the number of false-keyed items that hold it.
    Equal counts in balanced classes mean that the word says nothing
    about the key, which is what a test-wise respondent exploits; the
    simplest way to pass is to use none of them.

Prints one line per broken rule (FILE:LINE: ...) and exits 1 if any."""
import csv
import os
import re
import sys

CUES = {
    "fi": "aina vain ainoastaan ei eivät eikä en et emme ette koskaan ikinä yleensä "
          "tavallisesti useimmiten voi voivat voida voidaan voisi saattaa saattavat "
          "usein myös kaikki",
    "sv": "alltid endast bara inte ej aldrig ingen inga inget vanligtvis vanligen "
          "oftast kan kunna kanske ofta också även alla",
    "en": "always only never not no none cannot can could may might usually "
          "generally sometimes often also all",
}
CUES = {lang: words.split() for lang, words in CUES.items()}
LANG_NAMES = {"suomi": "fi", "finnish": "fi", "svenska": "sv", "swedish": "sv", "english": "en"}
YES = ("yes", "true", "true()")


def norm(name):
    return re.sub(r"\s+", " ", name.strip().lower()).replace("list name", "list_name")


def read_sheets(form):
    """{sheet: (header, [(line, row dict)])}, lines as in the file."""
    def rows_of(path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            out = []
            for row in reader:
                out.append((reader.line_num - (sum(c.count("\n") for c in row)), row))
            return out
    sheets = {}
    if os.path.isdir(form):
        for sheet in ("survey", "choices"):
            path = os.path.join(form, sheet + ".csv")
            if not os.path.exists(path):
                continue
            rows = rows_of(path)
            header = [norm(c) for c in rows[0][1]]
            sheets[sheet] = (path, [(ln, dict(zip(header, r))) for ln, r in rows[1:]])
        return sheets
    current, header = None, None
    for ln, row in rows_of(form):
        if row and row[0].strip():
            current, header = norm(row[0]), [norm(c) for c in row[1:]]
            sheets[current] = (form, [])
        elif current:
            sheets[current][1].append((ln, dict(zip(header, row[1:]))))
    return sheets


def lang_of(column):
    """'label::Suomi (fi)' -> 'fi'; 'label:English' -> 'en'; 'label' -> None (all)."""
    m = re.search(r"\(([a-z]{2,3})\)\s*$", column)
    if m:
        return m.group(1)
    tail = re.split(r":+", column, maxsplit=1)
    if len(tail) == 2:
        return LANG_NAMES.get(tail[1].strip().lower())
    return None


def check(form):
    bad = []
    sheets = read_sheets(form)
    if "survey" not in sheets or "choices" not in sheets:
        return bad
    cpath, crows = sheets["choices"]
    has_dk_col = any("dont_know" in r for _, r in crows)
    lists = {}
    for ln, r in crows:
        if r.get("list_name", "").strip():
            lists.setdefault(r["list_name"].strip(), []).append(r)
    spath, srows = sheets["survey"]
    labels = sorted({c for _, r in srows for c in r if c == "label" or c.startswith("label:")})
    true_items, false_items = [], []
    for ln, r in srows:
        parts = r.get("type", "").split()
        if len(parts) != 2 or parts[0] not in ("select_one", "select_multiple"):
            continue
        choices = lists.get(parts[1], [])
        scored = [c for c in choices if c.get("score", "").strip()]
        if not scored:
            continue
        where = "%s:%d: '%s'" % (spath, ln, r.get("name", ""))
        if r.get("required", "").strip().lower() not in YES:
            bad.append(where + ": scored item is not required")
        if has_dk_col:
            dk = [c for c in choices if c.get("dont_know", "").strip().lower() in YES]
        else:
            dk = [c for c in choices if c.get("name", "").strip() == "dont_know"]
        if not dk:
            bad.append(where + ": list '%s' has no don't-know choice" % parts[1])
        if parts[0] != "select_one":
            continue
        key = max(scored, key=lambda c: float(c["score"]))["name"].strip()
        if key in ("true", "false"):
            (true_items if key == "true" else false_items).append((ln, r))
    n = len(true_items) + len(false_items)
    if n:
        share = len(true_items) / n
        if not 0.45 <= share <= 0.55:
            bad.append("%s: %d of %d true/false items keyed true (%.0f %%; 45-55 %% wanted)"
                       % (spath, len(true_items), n, 100 * share))
    for col in labels:
        lang = lang_of(col)
        words = CUES.get(lang) if lang else sorted({w for ws in CUES.values() for w in ws})
        if not words:
            continue
        def holders(items, word):
            return [ln for ln, r in items
                    if word in re.findall(r"\w+", r.get(col, "").lower())]
        for word in words:
            t, f = holders(true_items, word), holders(false_items, word)
            if len(t) != len(f):
                bad.append("%s: cue word '%s' in '%s': %d true-keyed items (lines %s), %d false-keyed (lines %s)"
                           % (spath, word, col, len(t), " ".join(map(str, t)) or "-",
                              len(f), " ".join(map(str, f)) or "-"))
    return bad


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: check-knowledge.py FORM [FORM...]")
    bad = []
    for form in sys.argv[1:]:
        bad += check(form)
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
