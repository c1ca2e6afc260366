#!/bin/sh
# run.sh - `make bench`: mentor-audit and wget2 over one generated corpus.
#
# Generates (once) BENCH_N school sites under $BUILD/bench, serves them with
# nginx on 127.0.0.1, then runs, BENCH_RUNS times each and in turn:
#   mentor-audit   audit of the registry (the section pages)
#   wget2 --spider recursive over the same section URLs: GET for pages, HEAD
#                  for documents, as mentor-audit checks them
#   wget2          the same, downloading the documents (--delete-after)
# and prints one table (bench/report.py), saved as bench/results/DATE-N<N>.md
# and .json. Environment (from bench/bench.mk): BIN, BUILD, BENCH_N,
# BENCH_RUNS, BENCH_JOBS, BENCH_PER_HOST, BENCH_THREADS (mentor-audit's --threads; empty: its default).
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
# The most transfers mentor-audit has in flight; wget2 gets as many threads.
CONC=$((JOBS * PER_HOST))
AS_OF=2026-11-22

# Each tool chooses its own way to nginx; none from the caller's environment.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

bench_require
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
CORPUS=$(cd "$(bench_corpus "$N")" && pwd)
RUN=$ROOT/$BUILD/bench/run-N$N
rm -rf "$RUN"
mkdir -p "$RUN/wget2-cwd"

bench_nginx_start "$CORPUS" "$RUN/nginx"
trap bench_nginx_stop EXIT INT TERM
echo "bench: $N organisations from $CORPUS on http://127.0.0.1:$BENCH_PORT (nginx, 2 workers)"

MA="$BIN audit --orgs $CORPUS/registry.csv --as-of $AS_OF --jobs $JOBS --per-host $PER_HOST \
--per-domain $CONC --delay 0 --connect-to ::127.0.0.1:$BENCH_PORT ${BENCH_THREADS:+--threads $BENCH_THREADS} --quiet --out"
W2="wget2 --no-config --recursive --level=2 --no-parent --max-threads=$CONC \
--http-proxy=127.0.0.1:$BENCH_PORT --input-file=$CORPUS/urls.txt --tries=3 --timeout=30 --quiet"

# wget2's exit 8 says some response was an error: the corpus has 404s on purpose.
wget2_ok() {
	if [ "$1" -ne 8 ]; then
		echo "bench: wget2 failed with exit status $1" >&2
		exit 1
	fi
}

r=1
while [ "$r" -le "$RUNS" ]; do
	echo "bench: run $r of $RUNS: mentor-audit"
	# shellcheck disable=SC2086
	bench_measure "mentor-audit-$r" "$RUN" $MA "$RUN/mentor-audit-$r"
	echo "bench: run $r of $RUNS: wget2 --spider"
	# shellcheck disable=SC2086
	(cd "$RUN/wget2-cwd" && bench_measure "wget2-spider-$r" "$RUN" $W2 --spider) || wget2_ok $?
	echo "bench: run $r of $RUNS: wget2 (download)"
	# shellcheck disable=SC2086
	(cd "$RUN/wget2-cwd" && bench_measure "wget2-download-$r" "$RUN" $W2 --delete-after) || wget2_ok $?
	r=$((r + 1))
done
PORT_USED=$BENCH_PORT
bench_nginx_stop
trap - EXIT INT TERM
BENCH_PORT=$PORT_USED

bench_machine_json "$BIN" > "$RUN/machine.json"
# As a reader would type them: paths from the repository, nginx's port as PORT.
sed "s#$ROOT/##g; s#127.0.0.1:$BENCH_PORT#127.0.0.1:PORT#g" > "$RUN/commands.txt" <<EOF
mentor-audit: $MA DIR
wget2 --spider: (cd DIR2 && $W2 --spider)
wget2 (download): (cd DIR2 && $W2 --delete-after)
EOF
python3 bench/report.py --run "$RUN" --corpus "$CORPUS" --runs "$RUNS" \
	--jobs "$JOBS" --per-host "$PER_HOST" --results bench/results
