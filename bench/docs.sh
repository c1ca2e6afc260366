#!/bin/sh
# docs.sh - `make bench-docs` (issue 16, point 8): what reading documents costs.
#
# 1. Per document: BENCH_DOCS_PER_CLASS files of each class of bench/docpool.py's
#    pool (the fixture sites' real documents; spread over each class's sizes) through
#    doc_bench (doc_extract() in process, BENCH_DOCS_ITERATIONS reads, OCR'd files
#    BENCH_DOCS_OCR_ITERATIONS; then a fresh process per file for the peak RSS
#    growth) and through doc_tools.py (pdftotext, a process per file; pdftoppm +
#    tesseract for the scans and images).
# 2. A whole run: the corpus of BENCH_DOCS_N organisations (bench/gen.py
#    --docs-pool), nginx, mentor-audit with --threads 1 and 2 (BENCH_THREADS_LIST),
#    BENCH_DOCS_RUNS times each, sampled by bench/procwatch.py.
# With BENCH_DOCS_OMP1=1 the OCR'd files of 1. and the runs of 2. are measured once
# more with OMP_THREAD_LIMIT=1 in the environment (parsers/ocr.h's advice; the tool's
# reader processes set it themselves since 483119c, doc_bench in process does not),
# labelled so.
# The tables (bench/report_docs.py): bench/results/DATE-docs.md and .json.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh

BIN=${BIN:-build/mentor-audit}
BUILD=${BUILD:-build}
DOC_BENCH=${DOC_BENCH:-$BUILD/bench/doc_bench}
N=${BENCH_DOCS_N:-200}
RUNS=${BENCH_DOCS_RUNS:-1}
PER_CLASS=${BENCH_DOCS_PER_CLASS:-6}
ITER=${BENCH_DOCS_ITERATIONS:-100}
OCR_ITER=${BENCH_DOCS_OCR_ITERATIONS:-2}
TOOL_RUNS=${BENCH_DOCS_TOOL_RUNS:-20}
OMP1=${BENCH_DOCS_OMP1:-1}
JOBS=${BENCH_JOBS:-16}
PER_HOST=${BENCH_PER_HOST:-2}
LIST=${BENCH_THREADS_LIST:-1 2}
CONC=$((JOBS * PER_HOST))
AS_OF=2026-11-22

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
bench_require
for t in pdftotext pdftoppm pdffonts pdfimages pdfinfo tesseract; do
	command -v $t >/dev/null 2>&1 || { echo "bench-docs: missing $t (Debian: poppler-utils, tesseract-ocr; make deps-extra)" >&2; exit 1; }
done
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
RUN=$ROOT/$BUILD/bench/run-docs
rm -rf "$RUN"
mkdir -p "$RUN"
cat /proc/loadavg > "$RUN/loadavg-start"
echo "bench-docs: load average $(cut -d' ' -f1-3 "$RUN/loadavg-start")"

POOL=$BUILD/bench/docpool
if [ ! -s "$POOL/pool.json" ] || [ bench/docpool.py -nt "$POOL/pool.json" ]; then
	python3 bench/docpool.py --out "$POOL"
fi
# CLASS:FILE for PER_CLASS files of each class, evenly spaced in its size order.
python3 - "$POOL" "$PER_CLASS" > "$RUN/files.txt" <<'PY'
import json, os, sys
pool_dir, k = sys.argv[1], int(sys.argv[2])
p = json.load(open(os.path.join(pool_dir, "pool.json"), encoding="utf-8"))
for cls in p["classes"]:
    fs = sorted(p["pool"][cls], key=lambda f: (f["bytes"], f["file"]))
    n = min(k, len(fs))
    idx = sorted({round(i * (len(fs) - 1) / max(1, n - 1)) for i in range(n)}) if n > 1 else [0][:n]
    for i in idx:
        print("%s:%s" % (cls, os.path.join(pool_dir, fs[i]["file"])))
PY
FILES=$(cat "$RUN/files.txt")
OCR_FILES=$(grep -E '^(pdf-scan|image):' "$RUN/files.txt" || true)

# 1. Per document.
bench_wait_quiet
cat /proc/loadavg > "$RUN/extract.loadavg"
echo "bench-docs: doc_extract, $(echo "$FILES" | wc -l) files, $ITER reads ($OCR_ITER OCR'd)"
# shellcheck disable=SC2086
"$DOC_BENCH" --iterations "$ITER" --ocr-iterations "$OCR_ITER" $FILES > "$RUN/extract.jsonl"
cat /proc/loadavg > "$RUN/memory.loadavg"
echo "bench-docs: peak RSS growth, a process per file"
for f in $FILES; do
	"$DOC_BENCH" --memory "$f"
done > "$RUN/memory.jsonl"
bench_wait_quiet
cat /proc/loadavg > "$RUN/tools.loadavg"
echo "bench-docs: pdftotext ($TOOL_RUNS runs a file), pdftoppm + tesseract"
# shellcheck disable=SC2086
python3 bench/doc_tools.py --work "$RUN/tools" --runs "$TOOL_RUNS" --ocr-runs 1 $FILES > "$RUN/tools.jsonl"
if [ "$OMP1" = 1 ] && [ -n "$OCR_FILES" ]; then
	bench_wait_quiet
	cat /proc/loadavg > "$RUN/omp1.loadavg"
	echo "bench-docs: the OCR'd files again with OMP_THREAD_LIMIT=1"
	# shellcheck disable=SC2086
	OMP_THREAD_LIMIT=1 "$DOC_BENCH" --iterations 1 --ocr-iterations "$OCR_ITER" $OCR_FILES > "$RUN/extract-omp1.jsonl"
	# shellcheck disable=SC2086
	OMP_THREAD_LIMIT=1 python3 bench/doc_tools.py --work "$RUN/tools" --runs 1 --ocr-runs 1 $OCR_FILES \
		> "$RUN/tools-omp1.jsonl"
fi

# 2. A whole run.
CORPUS=$BUILD/bench/corpus-docs-N$N
if [ ! -s "$CORPUS/manifest.json" ] || [ bench/gen.py -nt "$CORPUS/manifest.json" ] ||
	[ "$POOL/pool.json" -nt "$CORPUS/manifest.json" ]; then
	rm -rf "$CORPUS"
	python3 bench/gen.py --n "$N" --out "$CORPUS" --docs-pool "$POOL" >&2
fi
CORPUS=$(cd "$CORPUS" && pwd)
find "$CORPUS/sites" -type f -exec cat {} + > /dev/null
bench_nginx_start "$CORPUS" "$RUN/nginx"
trap bench_nginx_stop EXIT INT TERM
MA="$BIN audit --orgs $CORPUS/registry.csv --as-of $AS_OF --jobs $JOBS --per-host $PER_HOST \
--per-domain $CONC --delay 0 --connect-to ::127.0.0.1:$BENCH_PORT --quiet --verbose"
ENVS="default"
[ "$OMP1" = 1 ] && ENVS="default omp1"
r=1
while [ "$r" -le "$RUNS" ]; do
	for e in $ENVS; do
		for t in $LIST; do
			name="$e-threads$t-$r"
			bench_wait_quiet
			echo "bench-docs: run $r of $RUNS: mentor-audit --threads $t, $N organisations ($e environment)"
			if [ "$e" = omp1 ]; then
				# shellcheck disable=SC2086
				OMP_THREAD_LIMIT=1 BENCH_WATCH=mentor-audit bench_measure "$name" "$RUN" $MA \
					--threads "$t" --out "$RUN/$name" 2> "$RUN/$name.stderr" || true
			else
				# shellcheck disable=SC2086
				BENCH_WATCH=mentor-audit bench_measure "$name" "$RUN" $MA --threads "$t" \
					--out "$RUN/$name" 2> "$RUN/$name.stderr" || true
			fi
		done
	done
	r=$((r + 1))
done
PORT_USED=$BENCH_PORT
bench_nginx_stop
trap - EXIT INT TERM

bench_machine_json "$BIN" > "$RUN/machine.json"
{
	echo "mentor-audit: $MA --threads T --out DIR" | sed "s#$ROOT/##g; s#127.0.0.1:$PORT_USED#127.0.0.1:PORT#g"
	echo "tools: $(pdftotext -v 2>&1 | head -1); tesseract $(tesseract --version 2>&1 | head -1)"
} > "$RUN/commands.txt"
python3 bench/report_docs.py --run "$RUN" --corpus "$CORPUS" --runs "$RUNS" --threads "$LIST" \
	--envs "$ENVS" --results bench/results
