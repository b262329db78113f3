#!/usr/bin/env python3
"""bench/wide.py - how kysely scales with the width of its inputs (security
review L4): a responses file of N columns (import, export), a database of
M form ids (export, which lists them when no --form is given; export
--form), and a form of N chained calculations (validate: names, references,
cycles). Each size doubles the one before, so near-linear work shows as
times that roughly double. A benchmark, not a test: it prints a table and
asserts nothing.

usage: bench/wide.py --kysely build/kysely [--columns 25000,50000,100000]
                     [--forms 10000,20000,40000] [--chain 25000,50000,100000]
"""
import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FORM = os.path.join(HERE, "..", "surveys", "example-onefile.csv")


def timed(cmd):
    """Wall seconds and child CPU seconds of cmd; exits on failure unless allowed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode, done.stderr.decode(errors="replace").strip()


def wide_csv(path, n):
    with open(path, "w") as f:
        f.write("respondent,role," + ",".join("a%d" % i for i in range(n)) + "\n")
        f.write("r1,nurse," + ",".join("v" for _ in range(n)) + "\n")


def forms_db(kysely, work, m):
    db = os.path.join(work, "forms%d.db" % m)
    csv = os.path.join(work, "r.csv")
    subprocess.run([kysely, "simulate", FORM, "-n", "5", "--seed", "1", "-o", csv], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([kysely, "import", FORM, "--db", db, csv], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    con = sqlite3.connect(db)
    con.executemany("INSERT INTO form(form_id, version, title, definition, sha, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (("f%07d" % i, "1", "t", "x", "x", "now") for i in range(m)))
    con.commit()
    con.close()
    return db


def chain_form(work, n):
    d = os.path.join(work, "chain%d" % n)
    os.makedirs(d)
    with open(os.path.join(d, "survey.csv"), "w") as f:
        f.write("type,name,label,calculation\ninteger,c0,C,\n")
        for i in range(1, n):
            f.write("calculate,c%d,,${c%d} + 1\n" % (i, i - 1))
    with open(os.path.join(d, "choices.csv"), "w") as f:
        f.write("list_name,name,label\n")
    with open(os.path.join(d, "settings.csv"), "w") as f:
        f.write("form_id,form_title,version\nchain,T,1\n")
    return d


def row(what, size, result):
    wall, cpu, rc, err = result
    note = "" if rc == 0 else "exit %d%s" % (rc, " (several forms: refused)" if "several forms" in err else "")
    print("| %s | %d | %.2f | %.2f | %s |" % (what, size, wall, cpu, note))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kysely", default=os.path.join(HERE, "..", "build", "kysely"))
    ap.add_argument("--columns", default="25000,50000,100000")
    ap.add_argument("--forms", default="10000,20000,40000")
    ap.add_argument("--chain", default="25000,50000,100000")
    a = ap.parse_args()
    sizes = lambda s: [int(x) for x in s.split(",") if x]
    k = os.path.abspath(a.kysely)
    with tempfile.TemporaryDirectory(prefix="kysely-wide.") as work:
        print("| what | size | seconds | CPU s | note |")
        print("|---|---:|---:|---:|---|")
        for n in sizes(a.columns):
            csv, db = os.path.join(work, "wide%d.csv" % n), os.path.join(work, "wide%d.db" % n)
            wide_csv(csv, n)
            row("import, columns", n, timed([k, "import", FORM, "--db", db, csv]))
            row("export, columns", n, timed([k, "export", "--db", db, "-o", os.devnull]))
        for m in sizes(a.forms):
            db = forms_db(k, work, m)
            # refused (several forms, exit 2): the time is the listing's
            row("export, form ids", m, timed([k, "export", "--db", db, "-o", os.devnull]))
            row("export --form, form ids", m, timed([k, "export", "--db", db, "--form",
                                                     "example_onefile", "-o", os.devnull]))
        for n in sizes(a.chain):
            row("validate, chained calculations", n, timed([k, "validate", chain_form(work, n)]))


if __name__ == "__main__":
    main()
