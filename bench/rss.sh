#!/bin/sh
# rss.sh - `make bench-rss`: mentor-audit alone at 1 000 and 10 000 organisations,
# its peak RSS at each and the ratio (bench/report.py --rss), saved as
# bench/results/DATE-rss.md and .json. Same generator and settings as
# bench/run.sh. Environment: BIN, BUILD, BENCH_JOBS, BENCH_PER_HOST,
# BENCH_RSS_SIZES ("1000 10000"), BENCH_RSS_RUNS (1), BENCH_THREADS (--threads; empty: the default).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh

BIN=${BIN:-build/mentor-audit}
BUILD=${BUILD:-build}
SIZES=${BENCH_RSS_SIZES:-1000 10000}
RUNS=${BENCH_RSS_RUNS:-1}
JOBS=${BENCH_JOBS:-16}
PER_HOST=${BENCH_PER_HOST:-2}
CONC=$((JOBS * PER_HOST))
AS_OF=2026-11-22

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

bench_require
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
RUN=$ROOT/$BUILD/bench/run-rss
rm -rf "$RUN"
mkdir -p "$RUN"
trap bench_nginx_stop EXIT INT TERM

csv=""
for n in $SIZES; do
	corpus=$(cd "$(bench_corpus "$n")" && pwd)
	bench_nginx_start "$corpus" "$RUN/nginx-N$n"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		echo "bench-rss: $n organisations, run $r of $RUNS: mentor-audit"
		bench_measure "mentor-audit-N$n-$r" "$RUN" "$BIN" audit --orgs "$corpus/registry.csv" \
			--as-of "$AS_OF" --jobs "$JOBS" --per-host "$PER_HOST" --per-domain "$CONC" --delay 0 ${BENCH_THREADS:+--threads "$BENCH_THREADS"} \
			--connect-to "::127.0.0.1:$BENCH_PORT" --quiet --out "$RUN/mentor-audit-N$n-$r"
		r=$((r + 1))
	done
	bench_nginx_stop
	csv="${csv:+$csv,}$n"
done
trap - EXIT INT TERM

bench_machine_json "$BIN" > "$RUN/machine.json"
python3 bench/report.py --rss --run "$RUN" --sizes "$csv" --runs "$RUNS" \
	--jobs "$JOBS" --per-host "$PER_HOST" --results bench/results
