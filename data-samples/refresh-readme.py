#!/usr/bin/env python3
"""refresh-readme.py - reruns the walkthrough of data-samples/README.md.

    python3 data-samples/refresh-readme.py build/kysely

Every "$ " line inside a ```console block is run with sh from a scratch
folder that sees surveys/ and data-samples/ (as from the top of the source
tree, kysely on the PATH), and the lines under it are replaced by what it
printed (stdout and stderr together). tests/cli/data-samples.sh runs the
same commands the same way and fails when the README is out of date: run
this after a change to kysely's output, and read the diff before
committing it."""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: refresh-readme.py KYSELY")
    kysely = os.path.abspath(sys.argv[1])
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    readme = os.path.join(top, "data-samples", "README.md")
    scratch = tempfile.mkdtemp()
    try:
        os.mkdir(os.path.join(scratch, "bin"))
        work = os.path.join(scratch, "work")
        os.mkdir(work)
        os.symlink(kysely, os.path.join(scratch, "bin", "kysely"))
        os.symlink(os.path.join(top, "surveys"), os.path.join(work, "surveys"))
        os.symlink(os.path.join(top, "data-samples"), os.path.join(work, "data-samples"))
        env = dict(os.environ, PATH=os.path.join(scratch, "bin") + os.pathsep + os.environ["PATH"])
        out, inside = [], False
        with open(readme, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for line in lines:
            if line.startswith("```console"):
                inside = True
            elif line.startswith("```"):
                inside = False
            elif inside and not line.startswith("$ "):
                continue  # old output: replaced below
            out.append(line)
            if inside and line.startswith("$ "):
                script = os.path.join(scratch, "cmd.sh")
                with open(script, "w", encoding="utf-8") as f:
                    f.write(line[2:] + "\n")
                got = subprocess.run(["sh", script], cwd=work, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT).stdout.decode("utf-8")
                if got and not got.endswith("\n"):
                    sys.exit("output without a final newline: " + line)
                if got:
                    out.append(got[:-1])
        with open(readme, "w", encoding="utf-8") as f:
            f.write("\n".join(out))
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
