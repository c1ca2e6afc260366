#!/bin/sh
# latency.sh - `make bench-latency`: what mentor-audit's politeness defaults
# cost when every response takes BENCH_LATENCY_MS (100) to come.
#
# Serves the first BENCH_LATENCY_N (500) organisations of the bench corpus
# with nginx adding the latency to every response (bench/lib.sh), checks that
# the server keeps up at more concurrency than the run can use
# (bench/probe.py), then runs mentor-audit with its defaults for politeness
# (no --jobs, --per-host, --per-domain, --delay, --threads) over two
# registries of the same sites:
#   shared   the corpus's own host names, sNNNNN.bench.test: one parent domain,
#            bench.test, for all of them, so --per-domain applies to the whole run
#   own      the same sites as sNNNNN.test: a parent domain each
# BENCH_LATENCY_RUNS (1) times each. bench/report.py --latency counts each
# host's requests in nginx's log, computes the lower bound the defaults imply
# (bench/README.md) and saves bench/results/DATE-latency.md and .json.
# Environment (from bench/bench.mk): BIN, BUILD, BENCH_LATENCY_MS,
# BENCH_LATENCY_N, BENCH_LATENCY_RUNS, BENCH_LATENCY_PROBE (the probe's concurrency, 64);
# BENCH_QUIET_WAIT (bench/lib.sh: how long each run waits for the cores to be idle).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh

BIN=${BIN:-build/mentor-audit}
BUILD=${BUILD:-build}
LATENCY=${BENCH_LATENCY_MS:-100}
N=${BENCH_LATENCY_N:-500}
RUNS=${BENCH_LATENCY_RUNS:-1}
PROBE=${BENCH_LATENCY_PROBE:-64}
AS_OF=2026-11-22

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

bench_require
if [ ! -r "$BENCH_NGINX_ECHO" ]; then
	echo "bench: missing $BENCH_NGINX_ECHO: Debian package libnginx-mod-http-echo (make deps-extra installs it)" >&2
	exit 1
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
CORPUS=$(cd "$(bench_corpus "$N")" && pwd)
RUN=$ROOT/$BUILD/bench/run-latency
rm -rf "$RUN"
mkdir -p "$RUN"
cat /proc/loadavg > "$RUN/loadavg-start"
cp "$CORPUS/registry.csv" "$RUN/registry-shared.csv"
sed 's#\.bench\.test/#.test/#' "$CORPUS/registry.csv" > "$RUN/registry-own.csv"
# The defaults the lower bound is computed from, as the binary states them.
"$BIN" audit --help > "$RUN/help.txt"

bench_nginx_start "$CORPUS" "$RUN/nginx" "$LATENCY"
trap bench_nginx_stop EXIT INT TERM
echo "bench-latency: $N organisations from $CORPUS on http://127.0.0.1:$BENCH_PORT, $LATENCY ms a response; load average $(cut -d' ' -f1-3 "$RUN/loadavg-start")"

bench_wait_quiet
python3 bench/probe.py --port "$BENCH_PORT" --registry "$RUN/registry-shared.csv" \
	--concurrency "$PROBE" --requests $((PROBE * 20)) --latency-ms "$LATENCY" --out "$RUN/probe.json"
# The probe's requests are not the run's.
bench_nginx_take_log "$RUN/probe.access.log"

MA="$BIN audit --as-of $AS_OF --connect-to ::127.0.0.1:$BENCH_PORT --quiet --verbose"
r=1
while [ "$r" -le "$RUNS" ]; do
	for v in shared own; do
		bench_wait_quiet
		echo "bench-latency: run $r of $RUNS: mentor-audit, registry $v"
		# shellcheck disable=SC2086
		bench_measure "latency-$v-$r" "$RUN" $MA --orgs "$RUN/registry-$v.csv" --out "$RUN/latency-$v-$r" \
			2> "$RUN/latency-$v-$r.stderr"
	done
	r=$((r + 1))
done
PORT_USED=$BENCH_PORT
bench_nginx_stop
trap - EXIT INT TERM
BENCH_PORT=$PORT_USED

bench_machine_json "$BIN" > "$RUN/machine.json"
sed "s#$ROOT/##g; s#127.0.0.1:$BENCH_PORT#127.0.0.1:PORT#g" > "$RUN/commands.txt" <<EOT
mentor-audit: $MA --orgs REGISTRY --out DIR
EOT
python3 bench/report.py --latency "$LATENCY" --run "$RUN" --corpus "$CORPUS" --runs "$RUNS" \
	--results bench/results
