#!/bin/sh
# parse.sh - `make bench-parse`: CPU per section page, libxml2's parse alone
# against mentor-audit's per-page work (bench/parse_bench.c), over section
# pages of the bench corpus: BENCH_PARSE_PAGES pages (24) spread evenly over
# the organisations, so all three CMS templates and the whole 40-150 KB range
# are in. Saves bench/results/DATE-parse.md and .json.
# Environment: PARSE_BENCH (the binary), BUILD, BENCH_N, BENCH_PARSE_PAGES,
# BENCH_PARSE_ITERATIONS (30).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh

PARSE_BENCH=${PARSE_BENCH:-build/bench/parse_bench}
BUILD=${BUILD:-build}
N=${BENCH_N:-1000}
PAGES=${BENCH_PARSE_PAGES:-24}
ITER=${BENCH_PARSE_ITERATIONS:-30}

command -v python3 >/dev/null 2>&1 || { echo "bench-parse: missing Debian package python3 (make deps)" >&2; exit 1; }
corpus=$(bench_corpus "$N")
RUN=$BUILD/bench/run-parse
mkdir -p "$RUN"
# FILE URL pairs: the section page (the registry's URL) of every N/PAGES-th organisation.
args=$(awk -F, -v n="$N" -v pages="$PAGES" -v dir="$corpus/sites" '
	NR > 1 && (NR - 2) % int(n / pages > 1 ? n / pages : 1) == 0 && k < pages {
		url = $NF; sub(/\r$/, "", url)
		path = url; sub(/^http:\/\//, "", path)
		printf "%s/%sindex.html %s\n", dir, path, url; k++
	}' "$corpus/registry.csv")
# shellcheck disable=SC2086
"$PARSE_BENCH" --iterations "$ITER" $args | tee "$RUN/parse.txt"
python3 - "$RUN/parse.txt" "$N" <<'PY'
import datetime, json, os, sys
text = open(sys.argv[1], encoding="utf-8").read()
data = json.loads([l for l in text.splitlines() if l.startswith("json: ")][0][6:])
today = datetime.date.today().isoformat()
data.update({"date": today, "corpus_n": int(sys.argv[2])})
ratio = data["ratio"]
md = "\n".join([
    "# CPU per section page: libxml2 against mentor-audit (%s)" % today, "",
    "`make bench-parse`: %d section pages of the %s-organisation bench corpus, %d iterations, CPU time of the process." %
    (data["pages"], data["corpus_n"], data["iterations"]), "",
    "```", "\n".join(l for l in text.splitlines() if not l.startswith("json: ")), "```", "",
    "Target (issue 7): mentor-audit's CPU per HTML page ≤ 2 × libxml2's own parse time for the page: %s "
    "(per-page work %.2f ms against %.2f ms: %.2f×; html_parse alone %.2f×)." %
    ("met" if ratio <= 2 else "NOT met", data["page_ns"] / 1e6, data["libxml2_ns"] / 1e6, ratio,
     data["html_parse_ns"] / data["libxml2_ns"]), ""])
os.makedirs("bench/results", exist_ok=True)
stem = "bench/results/%s-parse" % today
open(stem + ".md", "w", encoding="utf-8").write(md)
json.dump(data, open(stem + ".json", "w", encoding="utf-8"), indent=1)
print(md.splitlines()[-2] if md.splitlines()[-1] == "" else md.splitlines()[-1])
print("bench-parse: saved %s.md and %s.json" % (stem, stem))
PY
