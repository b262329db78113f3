#!/usr/bin/env python3
"""bench/export-formats.py - kysely export of the bench workload
(../shared/bench: 30 select_one, 5 select_multiple, numbers, weight, region,
profession) as wide CSV, sav, dta and sqlite, timed as whole processes
(median of --runs), with each format's time over the CSV's. The target of
issue 19: sav at most 2x the wide CSV at 1M respondents. A benchmark, not a
test: it prints a Markdown table and asserts nothing.

usage: bench/export-formats.py --kysely build/kysely [--sizes 1000000] [--runs 3]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SHARED") or os.path.join(HERE, "..", "..", "shared")
BENCH = os.path.join(SHARED, "bench")
WORK = os.environ.get("BENCH_WORK") or os.path.join(HERE, "work")


def workload(size):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "workload-%d.csv" % size)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(BENCH, "workload.py"), str(size), path + ".tmp"],
                       check=True)
        os.rename(path + ".tmp", path)
    return path


def timed(cmd):
    """Wall seconds and CPU seconds (user + system) of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kysely", required=True)
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    print("| rows | format | seconds (median of %d) | CPU s | MiB file | ratio to wide CSV (wall) | (CPU) |"
          % a.runs)
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in [int(s) for s in a.sizes.split(",")]:
        data = workload(size)
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "b.db")
            subprocess.run([a.kysely, "import", os.path.join(BENCH, "form"), "--db", db, data],
                           check=True, stdout=subprocess.DEVNULL)
            csv_s = csv_cpu = None
            for fmt, ext in (("wide", "csv"), ("sav", "sav"), ("dta", "dta"), ("sqlite", "db")):
                out = os.path.join(tmp, "out." + ext)
                times = []
                for _ in range(a.runs):
                    if os.path.exists(out):
                        os.remove(out)
                    times.append(timed([a.kysely, "export", "--db", db, "--format", fmt, "-o", out]))
                t = statistics.median(w for w, _ in times)
                cpu = statistics.median(c for _, c in times)
                csv_s, csv_cpu = csv_s or t, csv_cpu or cpu
                print("| %d | %s | %.2f | %.2f | %.0f | %.2f× | %.2f× |"
                      % (size, fmt, t, cpu, os.path.getsize(out) / 2**20, t / csv_s, cpu / csv_cpu),
                      flush=True)


if __name__ == "__main__":
    main()
