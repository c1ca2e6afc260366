#!/bin/sh
# threads.sh - the verdicts do not depend on --threads (issue 15): the
# fixture corpus's tuning set (fixtures/corpus, audited as corpus.sh does) and the
# feature cases' registry, each audited with --threads 1 (the network loop
# parses), 2 and 4 (worker threads), give the same results.json, compared
# with jq -S and generated_at left out.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin
# Verdicts compared, not memory checked: the plain build when make test gives one.
BIN=${FAST_BIN:-$BIN}

# The tuning set: every kind of document and site the held-out sets have, in
# half the sites (the whole corpus is audited by corpus.sh).
corpus_registry "$OUT/corpus.csv" tune
feature_registry "$OUT/features.csv"

fixture_start_sites --tls || { echo "threads: 0 passed, 1 failed"; exit 1; }

# No delay between requests: the verdicts are compared, and more requests at
# once only press the threads harder.
audit_with() { # audit_with REGISTRY OUTDIR THREADS
	http_proxy=http://127.0.0.1:$FIXTURE_HTTP_PORT "$BIN" audit --orgs "$1" --out "$2" \
		--as-of "$AS_OF" --quiet --cacert "$FIXTURE_CA" \
		--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" --jobs 16 --tries 2 --threads "$3" --delay 0
}

same_results() { # same_results DIR1 DIR2
	jq -S 'del(.generated_at)' "$1/results.json" > "$1/norm.json" &&
		jq -S 'del(.generated_at)' "$2/results.json" > "$2/norm.json" || return 1
	cmp -s "$1/norm.json" "$2/norm.json" && return 0
	diff "$1/norm.json" "$2/norm.json" | head -20
	return 1
}

for set in corpus features; do
	for t in 1 2 4; do
		check "$set audit with --threads $t exits 0" audit_with "$OUT/$set.csv" "$OUT/$set-$t" "$t"
	done
	check "$set: --threads 2 gives the results of --threads 1" same_results "$OUT/$set-1" "$OUT/$set-2"
	check "$set: --threads 4 gives the results of --threads 1" same_results "$OUT/$set-1" "$OUT/$set-4"
done
[ -n "${THREADS_KEEP:-}" ] && cp -r "$OUT" "$THREADS_KEEP"

checks_done threads
