#!/bin/sh
# threads.sh - `make bench-threads`: mentor-audit alone over the BENCH_N corpus
# with --threads 1 and --threads 2 (BENCH_THREADS_LIST), in turn, BENCH_RUNS
# times each: wall time, user and system CPU, peak RSS (/usr/bin/time -v) and
# the longest stall of the network loop (its --verbose log). Same corpus,
# nginx and settings as bench/run.sh (--jobs 16 --per-host 2 --per-domain 32
# --delay 0). The table (bench/report.py --threads) is saved as
# bench/results/DATE-threads.md and .json. Environment (from bench/bench.mk):
# BIN, BUILD, BENCH_N, BENCH_RUNS, BENCH_JOBS, BENCH_PER_HOST, BENCH_THREADS_LIST;
# BENCH_QUIET_WAIT (bench/lib.sh: how long each run waits for the cores to be idle).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh

BIN=${BIN:-build/mentor-audit}
BUILD=${BUILD:-build}
N=${BENCH_N:-1000}
RUNS=${BENCH_RUNS:-3}
JOBS=${BENCH_JOBS:-16}
PER_HOST=${BENCH_PER_HOST:-2}
LIST=${BENCH_THREADS_LIST:-1 2}
CONC=$((JOBS * PER_HOST))
AS_OF=2026-11-22

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

bench_require
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
CORPUS=$(cd "$(bench_corpus "$N")" && pwd)
RUN=$ROOT/$BUILD/bench/run-threads
rm -rf "$RUN"
mkdir -p "$RUN"
cat /proc/loadavg > "$RUN/loadavg-start"

bench_nginx_start "$CORPUS" "$RUN/nginx"
trap bench_nginx_stop EXIT INT TERM
echo "bench-threads: $N organisations from $CORPUS on http://127.0.0.1:$BENCH_PORT; load average $(cut -d' ' -f1-3 "$RUN/loadavg-start")"

# --verbose for the loop's longest stall, logged at info level at the end of the run.
MA="$BIN audit --orgs $CORPUS/registry.csv --as-of $AS_OF --jobs $JOBS --per-host $PER_HOST \
--per-domain $CONC --delay 0 --connect-to ::127.0.0.1:$BENCH_PORT --quiet --verbose"

csv=""
for t in $LIST; do
	csv="${csv:+$csv,}$t"
done
r=1
while [ "$r" -le "$RUNS" ]; do
	for t in $LIST; do
		bench_wait_quiet
		echo "bench-threads: run $r of $RUNS: mentor-audit --threads $t"
		# shellcheck disable=SC2086
		bench_measure "threads$t-$r" "$RUN" $MA --threads "$t" --out "$RUN/threads$t-$r" \
			2> "$RUN/threads$t-$r.stderr"
	done
	r=$((r + 1))
done
PORT_USED=$BENCH_PORT
bench_nginx_stop
trap - EXIT INT TERM
BENCH_PORT=$PORT_USED

bench_machine_json "$BIN" > "$RUN/machine.json"
sed "s#$ROOT/##g; s#127.0.0.1:$BENCH_PORT#127.0.0.1:PORT#g" > "$RUN/commands.txt" <<EOT
mentor-audit: $MA --threads T --out DIR
EOT
python3 bench/report.py --threads "$csv" --run "$RUN" --corpus "$CORPUS" --runs "$RUNS" \
	--jobs "$JOBS" --per-host "$PER_HOST" --results bench/results
