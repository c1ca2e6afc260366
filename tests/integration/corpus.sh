#!/bin/sh
# corpus.sh - audit the whole fixture corpus (fixtures/corpus/*.json, one
# expected-findings file per site) and measure the verdicts:
#   precision, recall and F1 per document type, organisation accuracy
#   (status as expected), for the tuning set, the held-out set and all.
# Fails when, over the tuning set (the sites the rules are tuned against, the
# feature cases among them), any required document type's F1 is below
# CORPUS_MIN_F1 (0.98) or the accuracy is below CORPUS_MIN_ACCURACY (0.97):
# a change that breaks what the rules were made to do fails here.
# The documents reported but not required (required = no in the rule file:
# the bases, the organisation's programme, the curator order) are measured
# and printed too, but have too few cases yet for a gate of their own.
# The held-out set ("set": "heldout") was written apart from the rules and
# is never used to tune them; its figures and the whole corpus's are
# printed, never gated: a gate on them would make them a tuning target.
# CORPUS_SET=tune audits the tuning set alone (make check does, for time);
# make corpus audits and measures them all.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

MIN_F1=${CORPUS_MIN_F1:-0.98}
MIN_ACC=${CORPUS_MIN_ACCURACY:-0.97}
# The required documents of the built-in rules: the ones a verdict rests on.
GATED=$(awk '/^\[document /{id=$2; sub(/\]$/, "", id)} /^required = yes/{printf "\"%s\",", id}' rules/mentor.rules)
GATED="[${GATED%,}]"

# One expected file per site -> one registry row per site (id = file name).
corpus_registry "$OUT/registry.csv" "${CORPUS_SET:-}"
jq -n '[inputs | {key: (input_filename | sub(".*/"; "") | sub("\\.json$"; "")), value: .}] | from_entries' \
	fixtures/corpus/*.json > "$OUT/expected.json"

fixture_start_sites --tls || { echo "corpus: 0 passed, 1 failed"; exit 1; }
corpus_audit "$OUT/registry.csv" "$OUT/run"
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "corpus: audit exited $rc"
	echo "corpus: 0 passed, 1 failed"
	exit 1
fi
[ -n "${CORPUS_KEEP:-}" ] && cp "$OUT/run/results.json" "$CORPUS_KEEP"

jq -r -n --slurpfile e "$OUT/expected.json" --slurpfile r "$OUT/run/results.json" \
	--argjson minf1 "$MIN_F1" --argjson minacc "$MIN_ACC" --argjson gated "$GATED" '
  def r3: . * 1000 | round / 1000;
  def f1(p; r): if (p + r) == 0 then 0 else 2 * p * r / (p + r) end;
  ($e[0]) as $exp
  | ($r[0].organizations) as $orgs
  | ($orgs[0].documents | keys_unsorted) as $docs
  | [ $orgs[] | . as $o | $exp[$o.id] as $x
      | {set: $x.set, ok: ($o.status == $x.status), id: $o.id, want: $x.status, got: $o.status,
         found: [$o.documents | to_entries[] | select(.value.found) | .key], expect: $x.found,
         pairs: $o.counts.pair_orders, want_pairs: $x.pairs,
         progs: $o.counts.programs, want_progs: $x.program_count} ] as $rows
  | def measure($name; sel):
      ($rows | map(select(sel))) as $rs
      | [ $docs[] as $d
          | ($rs | map(select((.found | index($d)) and (.expect | index($d)))) | length) as $tp
          | ($rs | map(select((.found | index($d)) and ((.expect | index($d)) | not))) | length) as $fp
          | ($rs | map(select(((.found | index($d)) | not) and (.expect | index($d)))) | length) as $fn
          | (if $tp + $fp == 0 then 1 else $tp / ($tp + $fp) end) as $p
          | (if $tp + $fn == 0 then 1 else $tp / ($tp + $fn) end) as $rc
          | {doc: $d, tp: $tp, fp: $fp, fn: $fn, p: $p, r: $rc, f1: f1($p; $rc)} ]
        as $per
      | def counted(got; want): ($rs | map(select(want != null)))
          | {n: length, exact: (map(select(got == want)) | length)};
      {name: $name, n: ($rs | length), per: $per,
         pairs: counted(.pairs; .want_pairs), progs: counted(.progs; .want_progs),
         acc: (if ($rs | length) == 0 then 1 else ($rs | map(select(.ok)) | length) / ($rs | length) end)};
    [ measure("tuning"; .set == "tune"), measure("held-out"; .set == "heldout"), measure("all"; true) ]
      | map(select(.n > 0)) as $sets
  | ( $sets[] | "\(.name): \(.n) sites, organisation accuracy \(.acc | r3)",
        (.per[] | "  \(.doc | . + "            " | .[0:12]) P \(.p | r3)  R \(.r | r3)  F1 \(.f1 | r3)  (tp \(.tp), fp \(.fp), fn \(.fn))"),
        "  counts (indicators 8, 10): pairs exact \(.pairs.exact) of \(.pairs.n) sites, programmes exact \(.progs.exact) of \(.progs.n)" ),
    ( $rows[] | select(.want_pairs != null and .pairs != .want_pairs)
      | "  pairs differ: \(.id) [\(.set)] counted \(.pairs), expected \(.want_pairs)" ),
    ( $rows[] | select(.want_progs != null and .progs != .want_progs)
      | "  programmes differ: \(.id) [\(.set)] counted \(.progs), expected \(.want_progs)" ),
    ( $rows[] | select(.ok | not) | "  wrong status: \(.id) [\(.set)] got \(.got), expected \(.want)" ),
    ( $rows[] | select((.found | sort) != (.expect | sort))
      | "  documents differ: \(.id) [\(.set)] found \(.found | join(",")), expected \(.expect | join(","))" ),
    ( $sets[] | select(.name == "tuning")
      | ([.per[] | select(.f1 < $minf1) | .doc | select(. as $d | $gated | index($d))]) as $low
      | if ($low | length) > 0 or .acc < $minacc
        then "corpus: 0 passed, 1 failed (tuning set below F1 \($minf1) for [\($low | join(","))] or accuracy \(.acc | r3) < \($minacc))"
        else "corpus: 1 passed, 0 failed" end )' > "$OUT/report.txt"
cat "$OUT/report.txt"
tail -n 1 "$OUT/report.txt" | grep -q "1 passed, 0 failed"
