#!/usr/bin/env python3
"""bench.py - time kysely against the peers of ../shared/bench on one machine, in one run.

usage: bench/run.sh [--sizes 10000,100000,1000000] [--runs 3] [--peer-runs N]
                    [--peers auto|none|all] [--kysely build/kysely] [--smoke]
                    [--with-duckdb] [--duckdb-dir DIR]

For each size: generate the workload (../shared/bench/workload.py, cached in
bench/work/), time `kysely import` and `kysely analyze --by profession`
(unweighted, --weight weight, and --strata region --cluster profession --weight weight)
and `kysely report --by profession --weight weight` as whole processes
(median of --runs, peak RSS from /usr/bin/time -v), run the installed peers
on the same file, check that kysely's shares and means equal the peers' to
1e-6, and write bench/results/latest.md (+ a dated copy and a CSV).
--smoke: 10k rows, one run, no peers, shares checked against a
plain-Python count of the CSV (the check CI runs).

--with-duckdb adds DuckDB (bench/duckdb_peer.mjs): `npm install
@duckdb/node-api` in --duckdb-dir (default ~/.cache/kysely-bench/duckdb,
outside the project; needs node and npm and the npm registry), the peer
script copied beside it, then timed from DuckDB's own store (made once
per size with --load, not timed) and from the CSV. Never done by the
test suite.
"""
import collections, csv, datetime, math, os, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
SHARED = os.environ.get("SHARED") or os.path.join(os.path.dirname(TOP), "shared")
BENCH = os.path.join(SHARED, "bench")
WORK = os.environ.get("BENCH_WORK") or os.path.join(HERE, "work")
RESULTS = os.environ.get("BENCH_RESULTS") or os.path.join(HERE, "results")
TOL = 1e-6


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# CPU seconds of a process: user + system, and user alone
Cpu = collections.namedtuple("Cpu", "total user")


def timed(cmd, cwd=None, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak MiB, Cpu)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-v", "-o", tf.name] + cmd
        r = subprocess.run(full, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr.strip()[-800:]))
        secs = rss = None
        cpu = user = 0.0
        for line in tf.read().splitlines():
            line = line.strip()
            if line.startswith("User time (seconds)") or line.startswith("System time (seconds)"):
                cpu += float(line.rsplit(" ", 1)[1])
            if line.startswith("User time (seconds)"):
                user = float(line.rsplit(" ", 1)[1])
            if line.startswith("Elapsed (wall clock) time"):
                t = line.rsplit(" ", 1)[1].split(":")
                secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(t)))
            elif line.startswith("Maximum resident set size"):
                rss = int(line.rsplit(" ", 1)[1]) / 1024.0
        return secs, rss, Cpu(cpu, user)


def median_run(n, fn):
    """Median wall and CPU seconds of n runs, and the largest peak memory."""
    times, mems, cpus = [], [], []
    for _ in range(n):
        s, m, c = fn()
        times.append(s)
        mems.append(m)
        cpus.append(c)
    return statistics.median(times), max(mems), Cpu(statistics.median(c.total for c in cpus),
                                                    statistics.median(c.user for c in cpus))


def workload(size):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "workload-%d.csv" % size)
    if not os.path.exists(path):
        log("generating %d rows" % size)
        subprocess.run([sys.executable, os.path.join(BENCH, "workload.py"), str(size), path + ".tmp"], check=True)
        os.rename(path + ".tmp", path)
    return path


def read_estimates(path):
    """kysely estimates.csv -> {(variable, group, level, statistic): estimate}; group '(all)' overall."""
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["by"] not in ("", "profession") or r["estimate"] == "":
                continue
            group = r["group"] if r["by"] else "(all)"
            out[(r["variable"], group, r["level"], r["statistic"])] = float(r["estimate"])
    return out


def compare_peer(kysely_est, peer_csv, weighted):
    """Counts peer rows kysely matches within TOL; returns (matched, total, worst)."""
    kinds = {"share": "proportion", "option": "proportion", "mean": "mean"}
    if weighted:
        kinds = {"wshare": "proportion", "woption": "proportion", "wmean": "mean"}
    matched = total = 0
    worst = 0.0
    with open(peer_csv, newline="") as f:
        for r in csv.DictReader(f):
            stat = kinds.get(r["analysis"])
            if stat is None or r["estimate"] in ("", "NA", "NaN"):
                continue
            total += 1
            key = (r["variable"], r["group"], r["level"] if stat == "proportion" else "", stat)
            mine = kysely_est.get(key)
            if mine is None:
                continue
            diff = abs(mine - float(r["estimate"]))
            scale = max(1.0, abs(float(r["estimate"]))) if stat == "mean" else 1.0
            worst = max(worst, diff / scale)
            if diff <= TOL * scale:
                matched += 1
    return matched, total, worst


def python_counts(csv_path):
    """Unweighted shares of q01..q30 overall, counted in plain Python (the smoke check)."""
    counts, bases = {}, {}
    with open(csv_path, newline="") as f:
        for r in csv.DictReader(f):
            for q in ("q%02d" % i for i in range(1, 31)):
                v = r[q]
                if v:
                    bases[q] = bases.get(q, 0) + 1
                    counts[(q, v)] = counts.get((q, v), 0) + 1
    return {(q, "(all)", v, "proportion"): c / bases[q] for (q, v), c in counts.items()}


QUESTIONS = ["profession", "region"] + ["q%02d" % i for i in range(1, 31)] + \
    ["m%d" % i for i in range(1, 6)] + ["years", "hours"]


def collect_script(csv_path, script_path):
    """The workload as a collect --script (NAME=VALUE lines, submit); returns the answers."""
    answers = 0
    with open(csv_path, newline="") as f, open(script_path, "w") as out:
        for r in csv.DictReader(f):
            for q in QUESTIONS:
                if r[q]:
                    out.write("%s=%s\n" % (q, r[q]))
                    answers += 1
            out.write("submit\n")
    return answers


def have(cmd):
    return shutil.which(cmd) is not None


def r_has_survey():
    if not have("Rscript"):
        return False
    return subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True).returncode == 0


def pandas_python():
    """A Python that has pandas and statsmodels: this one, or Debian's."""
    for py in (sys.executable, "/usr/bin/python3"):
        if os.access(py, os.X_OK) and subprocess.run(
                [py, "-c", "import pandas, statsmodels, scipy"], capture_output=True).returncode == 0:
            return py
    return None


DUCKDB_PACKAGE = "@duckdb/node-api"


def duckdb_setup(folder):
    """Installs DuckDB's node API in folder (once) and copies the peer beside it; returns the script."""
    if not (have("node") and have("npm")):
        raise RuntimeError("--with-duckdb needs node and npm (apt-get install nodejs npm)")
    os.makedirs(folder, exist_ok=True)
    if not os.path.isdir(os.path.join(folder, "node_modules", *DUCKDB_PACKAGE.split("/"))):
        log("npm install %s in %s" % (DUCKDB_PACKAGE, folder))
        if not os.path.exists(os.path.join(folder, "package.json")):
            with open(os.path.join(folder, "package.json"), "w") as f:
                f.write('{"private": true, "type": "module"}\n')
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", DUCKDB_PACKAGE], cwd=folder,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError("npm install %s failed: %s" % (DUCKDB_PACKAGE, r.stderr.strip()[-800:]))
    script = os.path.join(folder, "duckdb_peer.mjs")
    shutil.copyfile(os.path.join(HERE, "duckdb_peer.mjs"), script)
    return script


def duckdb_peers(size, data, script):
    """DuckDB's runs, from its own store (made once here, untimed) and from the CSV."""
    store = os.path.join(WORK, "duckdb-%d.duckdb" % size)
    if not os.path.exists(store) or os.path.getmtime(store) < os.path.getmtime(data):
        for p in (store, store + ".wal"):
            if os.path.exists(p):
                os.unlink(p)
        log("loading DuckDB's store at %d (not timed)" % size)
        subprocess.run(["node", script, "--load", data, store], check=True)
    return [("DuckDB (store)", mode, ["node", script, store, mode]) for mode in "uw"] + \
        [("DuckDB (CSV)", mode, ["node", script, data, mode]) for mode in "uw"]


def run_peers(size, data, runs, which, peer_runs=None, duckdb=None):
    """Times each installed peer; returns rows and the peer output files to compare."""
    rows, outputs = [], []
    peers = []
    if have("Rscript"):
        peers += [("R base", "u", ["Rscript", os.path.join(BENCH, "r_base.R"), data, "u"]),
                  ("R base", "w", ["Rscript", os.path.join(BENCH, "r_base.R"), data, "w"])]
    py = pandas_python()
    if py:
        peers += [("pandas", "u", [py, os.path.join(BENCH, "pandas_peer.py"), data, "u"]),
                  ("pandas", "w", [py, os.path.join(BENCH, "pandas_peer.py"), data, "w"])]
    if have("pspp"):
        peers += [("PSPP", "u", None), ("PSPP", "w", None)]
    if duckdb:
        peers += duckdb_peers(size, data, duckdb)
    if r_has_survey() and (which == "all" or size <= 100000):
        peers += [("R survey (mean)", "w", ["Rscript", os.path.join(BENCH, "r_survey.R"), data, "mean"])]
    for name, mode, cmd in peers:
        out = os.path.join(WORK, "peer-%s-%s-%d.csv" % (name.split()[0].lower() + name.split()[-1].strip("()").lower(), mode, size))
        if name == "PSPP":
            sps = out.replace(".csv", ".sps")
            subprocess.run([sys.executable, os.path.join(BENCH, "mk_pspp.py"), data, mode, sps], check=True)
            cmd_full = ["pspp", "-o", out.replace(".csv", ".txt"), sps]
        else:
            cmd_full = cmd + [out]
        log("peer %s %s at %d" % (name, mode, size))
        try:
            n = peer_runs if peer_runs else (runs if size < 1000000 else max(1, min(runs, 3)))
            secs, mib, cpu = median_run(n, lambda: timed(cmd_full))
        except RuntimeError as e:
            log(str(e))
            continue
        rows.append((name, mode, secs, mib, cpu))
        if name in ("R base", "pandas") or name.startswith("DuckDB"):
            outputs.append((name, mode, out))
    return rows, outputs


def main(argv):
    sizes, runs, peers, kysely, smoke = [10000, 100000, 1000000], 3, "auto", os.path.join(TOP, "build", "kysely"), False
    peer_runs = None
    duckdb_dir = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kysely-bench", "duckdb")
    with_duckdb = False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--sizes":
            sizes = [int(x) for x in argv[i + 1].split(",")]; i += 2
        elif a == "--runs":
            runs = int(argv[i + 1]); i += 2
        elif a == "--peer-runs":
            peer_runs = int(argv[i + 1]); i += 2
        elif a == "--peers":
            peers = argv[i + 1]; i += 2
        elif a == "--kysely":
            kysely = os.path.abspath(argv[i + 1]); i += 2
        elif a == "--smoke":
            smoke = True; i += 1
        elif a == "--with-duckdb":
            with_duckdb = True; i += 1
        elif a == "--duckdb-dir":
            duckdb_dir = os.path.abspath(argv[i + 1]); i += 2
        elif a in ("-h", "--help"):
            print(__doc__); return 0
        else:
            print("bench: unknown option '%s'" % a, file=sys.stderr); return 2
    if smoke:
        sizes, runs, peers = [10000], 1, "none"
    if not os.access(kysely, os.X_OK):
        print("bench: %s: not built (run ./dev.sh test or make first)" % kysely, file=sys.stderr)
        return 2
    duckdb = None
    if with_duckdb and not smoke:
        try:
            duckdb = duckdb_setup(duckdb_dir)
        except RuntimeError as e:
            print("bench: %s" % e, file=sys.stderr)
            return 2
    form = os.path.join(BENCH, "form")
    table, failures = [], []
    per_size = {}
    for size in sizes:
        data = workload(size)
        tmp = tempfile.mkdtemp(prefix="kysely-bench-")
        db = os.path.join(tmp, "bench.db")

        def do_import():
            for p in (db, db + "-wal", db + "-shm"):
                if os.path.exists(p):
                    os.unlink(p)
            return timed([kysely, "import", form, "--db", db, data])
        log("kysely import at %d" % size)
        t_imp, m_imp, c_imp = median_run(runs, do_import)
        table.append(("kysely import", "", size, t_imp, m_imp, c_imp))
        analyses = [("u", ["--by", "profession"]), ("w", ["--by", "profession", "--weight", "weight"]),
                    ("design", ["--by", "profession", "--weight", "weight", "--strata", "region", "--cluster", "profession"])]
        est = {}
        for mode, opts in analyses:
            out = os.path.join(tmp, "out-" + mode)
            log("kysely analyze %s at %d" % (mode, size))
            secs, mib, cpu = median_run(runs, lambda: timed([kysely, "analyze", "--db", db, "--out", out, "--digits", "15"] + opts))
            table.append(("kysely analyze", mode, size, secs, mib, cpu))
            est[mode] = read_estimates(os.path.join(out, "estimates.csv"))
        html = os.path.join(tmp, "report.html")
        log("kysely report at %d" % size)
        secs, mib, cpu = median_run(runs, lambda: timed([kysely, "report", "--db", db, "-o", html, "--by", "profession", "--weight", "weight"]))
        table.append(("kysely report", "report", size, secs, mib, cpu))
        if size <= 100000:
            # collect's store path (session checks, record rewrite, answer
            # log) driven by a script, 1000 responses per transaction
            script = os.path.join(tmp, "collect.txt")
            answers = collect_script(data, script)
            cdb = os.path.join(tmp, "collect.db")

            def do_collect():
                for p in (cdb, cdb + "-wal", cdb + "-shm"):
                    if os.path.exists(p):
                        os.unlink(p)
                return timed([kysely, "collect", form, "--db", cdb, "--script", script, "--batch", "1000"])
            log("kysely collect --script at %d" % size)
            secs, mib, cpu = median_run(runs, do_collect)
            table.append(("kysely collect", "script --batch 1000", size, secs, mib, cpu))
            per_size.setdefault(size, []).append("kysely collect --script --batch 1000: %d answers in %.2f s, %.0f answers/s" % (answers, secs, answers / secs))
        if smoke:
            ref = python_counts(data)
            bad = [k for k, v in ref.items() if k not in est["u"] or abs(est["u"][k] - v) > TOL]
            if bad:
                failures.append("smoke: %d of %d shares differ from a plain count, e.g. %s" % (len(bad), len(ref), bad[0]))
            else:
                log("smoke: all %d shares equal a plain count of the CSV" % len(ref))
        if peers != "none":
            rows, outputs = run_peers(size, data, runs, peers, peer_runs, duckdb)
            for name, mode, secs, mib, cpu in rows:
                table.append((name, mode, size, secs, mib, cpu))
            for name, mode, out in outputs:
                m, t, worst = compare_peer(est["u" if mode == "u" else "w"], out, mode == "w")
                per_size.setdefault(size, []).append("%s %s: %d of %d estimates equal (worst difference %.2g)" % (name, mode, m, t, worst))
                if m != t:
                    failures.append("%s %s at %d: only %d of %d estimates agree to %g" % (name, mode, size, m, t, TOL))
        shutil.rmtree(tmp, ignore_errors=True)
    write_results(table, per_size, failures, smoke)
    for f in failures:
        print("bench: " + f, file=sys.stderr)
    return 1 if failures else 0


def write_results(table, per_size, failures, smoke):
    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M")
    by = {(t, m, s): (sec, mib) for t, m, s, sec, mib, cpu in table}
    lines = ["# kysely benchmark, %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "",
             "Machine: %d cores, %s, load average %.1f at the end. Median wall, user and CPU (user+system) seconds of the runs, whole process; peak RSS in MiB; the ratio is the peer's wall time over kysely analyze's on the same file and analysis." % (os.cpu_count(), os.uname().machine, os.getloadavg()[0]), "",
             "| tool | analysis | rows | seconds | user s | CPU s | MiB | ratio to kysely analyze |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for t, m, s, sec, mib, cpu in table:
        ref = by.get(("kysely analyze", "u" if m in ("u", "") else ("w" if m == "w" else m), s))
        ratio = ""
        if not t.startswith("kysely") and ref:
            ratio = "%.1f×" % (sec / ref[0])
        lines.append("| %s | %s | %d | %.3f | %.2f | %.2f | %.0f | %s |" % (t, {"u": "unweighted", "w": "weighted", "design": "strata+clusters", "": "load CSV",
                                                              "report": "HTML, by profession, weighted"}.get(m, m), s, sec, cpu.user, cpu.total, mib or 0, ratio))
    lines.append("")
    for s, notes in sorted(per_size.items()):
        for n in notes:
            lines.append("- %d rows: %s" % (s, n))
    for f in failures:
        lines.append("- FAILED: " + f)
    text = "\n".join(lines) + "\n"
    name = "smoke.md" if smoke else "latest.md"
    with open(os.path.join(RESULTS, name), "w") as f:
        f.write(text)
    if not smoke:
        with open(os.path.join(RESULTS, "bench-%s.md" % stamp), "w") as f:
            f.write(text)
        with open(os.path.join(RESULTS, "bench-%s.csv" % stamp), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["tool", "analysis", "rows", "seconds", "mib", "cpu_seconds", "user_seconds"])
            w.writerows(row[:5] + (row[5].total, row[5].user) for row in table)
    sys.stdout.write(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
