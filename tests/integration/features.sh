#!/bin/sh
# features.sh - the feature cases, one folder each (fixtures/README-features.md):
#
#   fixtures/features/CASE/case.json      the registry row, the expected findings
#                                         and a one-line description
#   fixtures/features/CASE/sites/HOST/    the fixture sites the case needs, laid
#                                         out as in fixtures/sites/ (optional)
#   fixtures/features/CASE/case.rules     the case's own rule file (optional):
#                                         the case is audited in a run of its
#                                         own, with --rules
#
# Every case.json is checked for its shape, the registry is built from the
# cases' rows (feature_registry in lib.sh), the fixture server serves the
# cases' sites (and nothing else), and one audit reaches them through the
# server acting as an HTTP proxy. Each case's organisation is then compared
# with its "expected" object:
#   status            the status, exactly;
#   found             the set of documents found, exactly ([] for none);
#   section_url       (optional) the section URL, exactly;
#   rejected_reasons  (optional) each reason is among the organisation's
#                     rejected candidates' reasons;
#   unchecked         (optional) the set of documents unchecked, exactly;
#   unchecked_reason  (optional) the unchecked_reason, exactly (null for none);
#   finding_kinds     (optional) each kind is among the organisation's findings'.
# And the run as a whole (of the cases without a rule file of their own): the
# audit exits 0, --out holds the four reports and nothing else,
# noncompliant.csv has one row per organisation not compliant, and
# results.json has every registry row once, in the registry's order.
#
#   sh tests/integration/features.sh [CASE...]   # only the named case folders
#
# Each check prints "ok NAME" or "FAIL NAME: why"; the last line is
# "features: N passed, N failed". KEEP=1 keeps the run's directory.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

CASES=fixtures/features

# The case folders to run: the ones named, else every one.
if [ $# -eq 0 ]; then
	feature_cases > "$OUT/cases"
else
	for c in "$@"; do
		printf '%s\n' "$FIXTURE_REPO/$CASES/${c%/}"
	done > "$OUT/cases"
fi

# 1. Each case.json's shape. A case that fails here is not audited.
shape='
	def string_array: type == "array" and all(.[]; type == "string");
	[ (if type != "object" then "not a JSON object" else empty end),
	  (if type == "object" then
	    (keys - ["description", "expected", "row"] | if length > 0 then "unknown keys \(join(", "))" else empty end),
	    (.description | if type != "string" or . == "" or test("\n") then "description: one non-empty line" else empty end),
	    (.row | if type != "object" then "row: an object"
	            elif (.id | type != "string" or . == "") then "row.id: a non-empty string"
	            elif (.name | type) != "string" or (.url | type) != "string" then "row.name, row.url: strings"
	            elif ([.[] | select(type != "string")] | length) > 0 then "row: every column a string"
	            else empty end),
	    (.expected | if type != "object" then "expected: an object"
	                 else (keys - ["finding_kinds", "found", "rejected_reasons", "section_url", "status", "unchecked",
	                               "unchecked_reason"]
	                       | if length > 0 then "expected: unknown keys \(join(", "))" else empty end),
	                      (if (.status | type) != "string" then "expected.status: a string" else empty end),
	                      (if (.found | string_array | not) then "expected.found: an array of strings" else empty end),
	                      (if has("section_url") and (.section_url | type) != "string" then "expected.section_url: a string" else empty end),
	                      (if has("rejected_reasons") and (.rejected_reasons | string_array | not) then "expected.rejected_reasons: an array of strings" else empty end),
	                      (if has("unchecked") and (.unchecked | string_array | not) then "expected.unchecked: an array of strings" else empty end),
	                      (if has("unchecked_reason") and ((.unchecked_reason | type) | IN("string", "null") | not) then "expected.unchecked_reason: a string or null" else empty end),
	                      (if has("finding_kinds") and (.finding_kinds | string_array | not) then "expected.finding_kinds: an array of strings" else empty end)
	                 end)
	  else empty end) ]
	| join("; ")'
: > "$OUT/valid"
while IFS= read -r dir; do
	name=${dir##*/}
	why=
	case $name in
	'' | [!a-z0-9]* | *[!a-z0-9-]*) why="folder name: lower-case letters, digits and -" ;;
	esac
	if [ -z "$why" ] && [ ! -f "$dir/case.json" ]; then
		why="no case.json in $CASES/$name"
	fi
	if [ -z "$why" ]; then
		why=$(jq -r "$shape" "$dir/case.json" 2>&1) || why="case.json: $(printf '%s' "$why" | head -n 1)"
	fi
	# A host of fixtures/sites/ too would be two sites where both are served.
	for site in "$dir"/sites/*/; do
		[ -d "$site" ] || continue
		site=${site%/}
		site=${site##*/}
		[ -d "fixtures/sites/$site" ] && why="${why:+$why; }sites/$site is in fixtures/sites/ too"
	done
	if [ -n "$why" ]; then
		bad "$name: $why"
	else
		printf '%s\n' "$dir" >> "$OUT/valid"
	fi
done < "$OUT/cases"

# Every case's id, and each only once: the results are matched by id.
while IFS= read -r dir; do
	jq -r --arg case "${dir##*/}" '"\(.row.id)\t\($case)"' "$dir/case.json"
done < "$OUT/valid" > "$OUT/ids"
dups=$(cut -f 1 "$OUT/ids" | sort | uniq -d | tr '\n' ' ')
check "case ids unique${dups:+ (twice: $dups)}" test -z "$dups"

if [ ! -s "$OUT/valid" ]; then
	checks_done features
	exit
fi

# 2. One audit of every valid case with the built-in rules, the cases' sites
# served as one root; a case with a rule file of its own in a run of its own.
: > "$OUT/own-rules"
set --
while IFS= read -r dir; do
	if [ -f "$dir/case.rules" ]; then
		printf '%s\n' "$dir" >> "$OUT/own-rules"
	else
		set -- "$@" "$dir"
	fi
done < "$OUT/valid"
if [ $# -gt 0 ]; then
	feature_registry "$OUT/registry.csv" "$@"
	for dir in "$@"; do
		jq -r '.row.id' "$dir/case.json"
	done | jq -R . | jq -s -c . > "$OUT/ids.json"
fi
set --
while IFS= read -r dir; do
	[ -d "$dir/sites" ] && set -- "$@" "$dir/sites"
done < "$OUT/valid"
[ $# -gt 0 ] || { mkdir -p "$OUT/no-sites" && set -- "$OUT/no-sites"; }
fixture_start "$@" || { bad "fixture server for the cases' sites"; checks_done features; exit; }

results=$OUT/run/results.json
if [ -s "$OUT/registry.csv" ]; then
	check "audit exits 0" env http_proxy="http://127.0.0.1:$FIXTURE_HTTP_PORT" \
		"$BIN" audit --orgs "$OUT/registry.csv" --out "$OUT/run" --as-of "$AS_OF" --quiet --group-by district
fi
set --
[ -s "$results" ] && set -- "$results"
while IFS= read -r dir; do
	name=${dir##*/}
	feature_registry "$OUT/$name.csv" "$dir"
	check "$name: audit with its own rules exits 0" env http_proxy="http://127.0.0.1:$FIXTURE_HTTP_PORT" \
		"$BIN" audit --orgs "$OUT/$name.csv" --out "$OUT/run-$name" --rules "$dir/case.rules" --as-of "$AS_OF" --quiet
	[ -s "$OUT/run-$name/results.json" ] && set -- "$@" "$OUT/run-$name/results.json"
done < "$OUT/own-rules"
# Every run's organisations, for the comparison below.
if [ $# -gt 0 ] && jq -e . "$@" >/dev/null 2>&1; then
	jq -s '{organizations: [.[].organizations[]]}' "$@" > "$OUT/all.json"
fi

# 3. Each case against its expected findings.
while IFS= read -r dir; do
	jq -c --arg case "${dir##*/}" '{case: $case, id: .row.id, expected: .expected}' "$dir/case.json"
done < "$OUT/valid" > "$OUT/expected.jsonl"
if [ -s "$OUT/all.json" ]; then
	jq -r -n --slurpfile r "$OUT/all.json" '
	  ($r[0].organizations | map({key: .id, value: .}) | from_entries) as $got
	  | inputs | .case as $case | .expected as $want | $got[.id] as $have
	  | if $have == null then "FAIL \($case): id \(.id) missing from results.json"
	    else
	      ([$have.documents | to_entries[] | select(.value.found) | .key] | sort) as $found
	      | ([$have.rejected[]?.reason] | unique) as $reasons
	      | ([$have.findings[]?.kind] | unique) as $kinds
	      | [ (if $have.status != $want.status then
	             "status \($have.status), expected \($want.status) (problems: \($have.problems | join(" | ")))"
	           else empty end),
	          (if $found != ($want.found | sort) then
	             "found \($found | join(",")), expected \($want.found | sort | join(","))"
	           else empty end),
	          (if $want.section_url != null and $have.section_url != $want.section_url then
	             "section_url \($have.section_url), expected \($want.section_url)"
	           else empty end),
	          (($want.rejected_reasons // []) - $reasons
	           | if length > 0 then
	               "rejected reasons \($reasons | join(",")), expected among them \(join(","))"
	             else empty end),
	          (if $want | has("unchecked") and (($have.unchecked // []) | sort) != ($want.unchecked | sort) then
	             "unchecked \($have.unchecked // [] | join(",")), expected \($want.unchecked | sort | join(","))"
	           else empty end),
	          (if $want | has("unchecked_reason") and $have.unchecked_reason != $want.unchecked_reason then
	             "unchecked_reason \($have.unchecked_reason), expected \($want.unchecked_reason)"
	           else empty end),
	          (($want.finding_kinds // []) - $kinds
	           | if length > 0 then
	               "finding kinds \($kinds | join(",")), expected among them \(join(","))"
	             else empty end) ]
	      | if length == 0 then "ok \($case)" else "FAIL \($case): \(join("; "))" end
	    end' "$OUT/expected.jsonl" > "$OUT/compared"
else
	sed 's/^{"case":"\([^"]*\)".*/FAIL \1: no results.json/' "$OUT/expected.jsonl" > "$OUT/compared"
fi
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }" ;;
	*) bad "${line#FAIL }" ;;
	esac
done < "$OUT/compared"

# 4. The run as a whole (of the cases with the built-in rules).
if [ ! -s "$OUT/registry.csv" ]; then
	checks_done features
	exit
fi
check "reports written, no temporary files" sh -c "test -s '$OUT/run/results.json' && test -s '$OUT/run/noncompliant.csv' && test -s '$OUT/run/noncompliant.xlsx' && test -s '$OUT/run/summary.md' && test -s '$OUT/run/summary.docx' && test -s '$OUT/run/report.html' && test -d '$OUT/run/notices' && [ \$(ls -A '$OUT/run' | wc -l) -eq 7 ]"
nonc=$(jq '[.organizations[] | select(.status != "compliant")] | length' "$results" 2>/dev/null)
rows=$(tr -d '\r' < "$OUT/run/noncompliant.csv" 2>/dev/null | awk 'BEGIN{q=0} {n=gsub(/"/,"\""); if (q==0) r++; if (n%2==1) q=1-q} END{print r-1}')
check "noncompliant.csv has one row per non-compliant organisation (${nonc:-?})" test "${nonc:-x}" = "$rows"
in_order() {
	jq -e --slurpfile ids "$OUT/ids.json" '[.organizations[].id] == $ids[0]' "$results" >/dev/null 2>&1
}
check "every registry row once, in order" in_order

# --group-by district: one group per district, in the registry's order of
# first use, each counting its own rows; the groups add up to the whole run.
groups_rows() {
	jq -e '[.organizations[] | .extra.district // ""] as $d
		| (.groups | map(.name)) == ($d | reduce .[] as $x ([]; if index([$x]) then . else . + [$x] end))
		and all(.groups[]; .name as $n | .summary.rows == ([$d[] | select(. == $n)] | length))' \
		"$results" >/dev/null 2>&1
}
sums() {
	jq -e '.group_by == "district" and
		([.groups[].summary.total] | add) == .summary.total and
		([.groups[].summary.compliant] | add) == .summary.compliant and
		([range(.summary.indicators | length) as $i
		  | ([.groups[].summary.indicators[$i].count] | add) == .summary.indicators[$i].count] | all)' \
		"$results" >/dev/null 2>&1
}
check "--group-by district: a group per district in registry order, each with its rows" groups_rows
check "--group-by district: the groups add up to the run (total, compliant, every indicator)" sums
check "--group-by district: summary.md has the groups' table" grep -q '^## Показатели по группам: district' "$OUT/run/summary.md"
check "--group-by NOPE: exit 3 before anything is fetched" sh -c \
	"'$BIN' audit --orgs '$OUT/registry.csv' --out '$OUT/nope' --group-by NOPE --quiet 2>'$OUT/nope.err'; test \$? -eq 3 && grep -q 'no column \"NOPE\"' '$OUT/nope.err' && test ! -e '$OUT/nope/results.json'"

checks_done features
