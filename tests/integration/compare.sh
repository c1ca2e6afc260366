#!/bin/sh
# compare.sh EXPECTED.json RESULTS.json [LABEL]
# Compare an audit's results.json with expected findings: per organisation
# the status, the set of documents found and, where given, the section URL.
# Also checks that every registry row appears exactly once, in order.
# Prints one line per mismatch and a closing "N passed, N failed" line.
set -eu
expected=$1
results=$2
label=${3:-compare}

jq -r -n --slurpfile e "$expected" --slurpfile r "$results" '
  ($e[0].orgs) as $exp
  | ($r[0].organizations) as $orgs
  | ($orgs | map({key: .id, value: .}) | from_entries) as $got
  | [ $exp | to_entries[] | .key as $id | .value as $want | $got[$id] as $have
      | if $have == null then "FAIL \($id): missing from results.json"
        elif $have.status != $want.status then
          "FAIL \($id): status \($have.status), expected \($want.status) (problems: \($have.problems | join(" | ")))"
        elif ([$have.documents | to_entries[] | select(.value.found) | .key] | sort) != ($want.found | sort) then
          "FAIL \($id): found \([$have.documents | to_entries[] | select(.value.found) | .key] | sort | join(",")), expected \($want.found | sort | join(","))"
        elif ($want.section_url != null and $have.section_url != $want.section_url) then
          "FAIL \($id): section_url \($have.section_url), expected \($want.section_url)"
        else "ok \($id)" end ]
  + [ if ($orgs | length) != ($orgs | map(.id) | unique | length) then "FAIL rows: an id appears twice" else "ok rows-unique" end ]
  | .[]' > "${TMPDIR:-/tmp}/compare.$$"

grep '^FAIL' "${TMPDIR:-/tmp}/compare.$$" || true
pass=$(grep -c '^ok' "${TMPDIR:-/tmp}/compare.$$" || true)
fail=$(grep -c '^FAIL' "${TMPDIR:-/tmp}/compare.$$" || true)
rm -f "${TMPDIR:-/tmp}/compare.$$"
echo "$label: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
