# bench: the benchmark against the peers (bench/run.sh) and its smoke test
EXTRA_DIST += bench/bench.py bench/run.sh bench/wide.py bench/export-formats.py bench/duckdb_peer.mjs
# the central PostgreSQL store: sync and analyze timings (issue 21)
EXTRA_DIST += bench/pg.sh
TESTS += bench/smoke.sh
dist_check_SCRIPTS += bench/smoke.sh
