#!/bin/sh
# bench/run.sh - the benchmark against the peers; see bench/bench.py --help.
# Peers, when wanted: apt-get install r-base-core r-cran-survey pspp python3-pandas python3-statsmodels
# DuckDB: --with-duckdb (needs node and npm; installs @duckdb/node-api outside the project)
exec python3 "$(dirname "$0")/bench.py" "$@"
