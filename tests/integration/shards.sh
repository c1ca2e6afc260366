#!/bin/sh
# Sharding: four `audit --shard K/4` runs (in parallel, as on four machines)
# merged with `mentor-audit merge` equal one audit of the whole registry,
# timestamps aside. Last line: "shards: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

fixture_start fixtures/sites --tls || { echo "shards: 0 passed, 1 failed"; exit 1; }

without_time() { # the file without the line that carries the generation time
	grep -v -e '"generated_at"' -e 'Сформировано' -e 'сформирован' "$1"
}

# Every audit here runs with --delay 0: what is tested is how shards split and
# merge, not the politeness delay, which made this the slowest script of make
# test (118 s of waiting for the demo's hosts, 10 s of work).
NO_DELAY="--delay 0"
shard_audit() { # shard_audit OUTDIR [options...]: the demo's registry
	demo_audit "$@" $NO_DELAY
}

same_but_time() {
	without_time "$1" > "$OUT/a" && without_time "$2" > "$OUT/b" && cmp -s "$OUT/a" "$OUT/b"
}

# 1. One run, and four shards at the same time.
check "whole run exits 0" shard_audit "$OUT/whole"
pids=
for k in 1 2 3 4; do
	shard_audit "$OUT/shard$k" --shard "$k/4" &
	pids="$pids $!"
done
rcs=
for p in $pids; do
	wait "$p"
	rcs="$rcs$?"
done
check "four shards exit 0 ($rcs)" test "$rcs" = "0000"
check "each shard says which it is" \
	sh -c "for k in 1 2 3 4; do jq -e \".shard == {\\\"index\\\": \$k, \\\"count\\\": 4}\" '$OUT'/shard\$k/results.json >/dev/null || exit 1; done"
check "the shards split the registry: every id once, none lost" \
	sh -c "jq -r '.organizations[].id' '$OUT'/shard*/results.json | sort > '$OUT/ids.shards' &&
	       jq -r '.organizations[].id' '$OUT/whole/results.json' | sort > '$OUT/ids.whole' &&
	       cmp -s '$OUT/ids.shards' '$OUT/ids.whole' && [ \$(sort -u '$OUT/ids.shards' | wc -l) -eq 16 ]"
check "no shard is empty or the whole (the hash spreads 16 ids)" \
	sh -c "for k in 1 2 3 4; do n=\$(jq '.organizations | length' '$OUT'/shard\$k/results.json); [ \$n -ge 1 ] && [ \$n -lt 16 ] || exit 1; done"

# 2. Merged, in any order of directories.
check "merge exits 0" "$BIN" merge "$OUT/shard3" "$OUT/shard1" "$OUT/shard4" "$OUT/shard2" \
	--out "$OUT/merged" --quiet
check "merged results.json equals the whole run's (timestamps aside)" \
	sh -c "jq -S 'del(.generated_at)' '$OUT/whole/results.json' > '$OUT/w.json' &&
	       jq -S 'del(.generated_at)' '$OUT/merged/results.json' > '$OUT/m.json' && cmp -s '$OUT/w.json' '$OUT/m.json'"
check "merged noncompliant.csv equals the whole run's" cmp -s "$OUT/whole/noncompliant.csv" "$OUT/merged/noncompliant.csv"
check "merged summary.md equals the whole run's (timestamps aside)" \
	same_but_time "$OUT/whole/summary.md" "$OUT/merged/summary.md"
check "merged report.html equals the whole run's (timestamps aside)" \
	same_but_time "$OUT/whole/report.html" "$OUT/merged/report.html"
check "merge --group-by Ответственный: one group per person, adding up to the whole run" \
	sh -c "'$BIN' merge '$OUT/shard2' '$OUT/shard4' '$OUT/shard1' '$OUT/shard3' --out '$OUT/merged-g' --quiet \
	         --group-by ' ответственный ' &&
	       jq -e '.group_by == \" ответственный \" and (.groups | length) == 16 and
	              ([.groups[].summary.total] | add) == .summary.total and
	              ([.groups[].summary.compliant] | add) == .summary.compliant' '$OUT/merged-g/results.json' >/dev/null &&
	       grep -q '^## Показатели по группам' '$OUT/merged-g/summary.md'"
check "merged notices/ equal the whole run's" diff -r "$OUT/whole/notices" "$OUT/merged/notices"
check "the same shard twice selects the same organisations" \
	sh -c "'$BIN' audit --orgs examples/nefteyugansk.csv --out '$OUT/again' --shard 2/4 --as-of '$AS_OF' --quiet $NO_DELAY \
	         --cacert '$FIXTURE_CA' --connect-to ':443:127.0.0.1:$FIXTURE_HTTPS_PORT' \
	         --connect-to ':80:127.0.0.1:$FIXTURE_HTTP_PORT' &&
	       [ \"\$(jq -c '[.organizations[].id]' '$OUT/again/results.json')\" = \"\$(jq -c '[.organizations[].id]' '$OUT/shard2/results.json')\" ]"

# 3. A merge that would not equal the whole run is refused, naming the file.
"$BIN" merge "$OUT/shard1" "$OUT/shard2" "$OUT/shard3" --out "$OUT/partial" 2> "$OUT/partial.err"
check "merge of 3 of 4 shards: exit 3, no output" sh -c "[ $? -eq 3 ] && [ ! -e '$OUT/partial' ]"
check "merge of 3 of 4 shards: names the missing one" grep -q "shard 4/4 missing" "$OUT/partial.err"
"$BIN" merge "$OUT/shard1" "$OUT/shard1" "$OUT/shard3" "$OUT/shard4" --out "$OUT/twice" 2> "$OUT/twice.err"
check "merge with a shard twice: exit 3 naming it" sh -c "[ $? -eq 3 ] && grep -q 'shard1/results.json: shard 1/4 given twice' '$OUT/twice.err'"
"$BIN" merge "$OUT/whole" --out "$OUT/notshard" 2> "$OUT/notshard.err"
check "merge of a whole run: exit 3" sh -c "[ $? -eq 3 ] && grep -q 'not the output of audit --shard' '$OUT/notshard.err'"

# The registry is compared by its rows, not its path; the rules by their bytes.
cp examples/nefteyugansk.csv "$OUT/copy.csv"
reg_audit() { # reg_audit REGISTRY OUTDIR [options...]
	_ra_reg=$1; _ra_dir=$2; shift 2
	"$BIN" audit --orgs "$_ra_reg" --out "$_ra_dir" --as-of "$AS_OF" --quiet $NO_DELAY --cacert "$FIXTURE_CA" \
		--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" --connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT" "$@"
}
reg_audit "$OUT/copy.csv" "$OUT/copy4" --shard 4/4
"$BIN" merge "$OUT/shard1" "$OUT/shard2" "$OUT/shard3" "$OUT/copy4" --out "$OUT/copymerged" --quiet
check "merge: the same registry at another path is the same registry (exit $?)" \
	sh -c "jq -S 'del(.generated_at, .registry)' '$OUT/whole/results.json' > '$OUT/w2.json' &&
	       jq -S 'del(.generated_at, .registry)' '$OUT/copymerged/results.json' > '$OUT/c2.json' && cmp -s '$OUT/w2.json' '$OUT/c2.json'"
check "results.json names the registry's and the rules' digests" \
	jq -e '(.registry_digest | test("^fnv1a64:[0-9a-f]{16}$")) and (.rules_digest | test("^fnv1a64:[0-9a-f]{16}$")) and .schema_version >= 3' "$OUT/whole/results.json"
sed '$d' examples/nefteyugansk.csv > "$OUT/copy.csv"
reg_audit "$OUT/copy.csv" "$OUT/changed4" --shard 4/4
"$BIN" merge "$OUT/shard1" "$OUT/shard2" "$OUT/shard3" "$OUT/changed4" --out "$OUT/changedmerged" 2> "$OUT/changed.err"
check "merge: a registry changed at the same path is refused, naming the shard (exit 3)" \
	sh -c "[ $? -eq 3 ] && grep -q 'changed4/results.json: shard 4/4 is of another run .*another registry' '$OUT/changed.err' && [ ! -e '$OUT/changedmerged' ]"
{ cat rules/mentor.rules; echo "# a local change"; } > "$OUT/local.rules"
shard_audit "$OUT/rules4" --shard 4/4 --rules "$OUT/local.rules"
"$BIN" merge "$OUT/shard1" "$OUT/shard2" "$OUT/shard3" "$OUT/rules4" --out "$OUT/rulesmerged" 2> "$OUT/rules.err"
check "merge: shards judged by different rule files are refused, naming the shard (exit 3)" \
	sh -c "[ $? -eq 3 ] && grep -q 'rules4/results.json: shard 4/4 is of another run .*another rule file' '$OUT/rules.err'"
for k in 1 2; do shard_audit "$OUT/local$k" --shard "$k/2" --rules "$OUT/local.rules"; done
"$BIN" merge "$OUT/local1" "$OUT/local2" --out "$OUT/localmerged" 2> "$OUT/local.err"
check "merge: without the shards' --rules, refused (exit 3)" \
	sh -c "[ $? -eq 3 ] && grep -q 'another rule file than merge' '$OUT/local.err'"
check "merge: with them, merged" "$BIN" merge "$OUT/local1" "$OUT/local2" --out "$OUT/localmerged" \
	--rules "$OUT/local.rules" --quiet

check "--shard 5/4: exit 2" sh -c "'$BIN' audit --orgs x --out y --shard 5/4 2>/dev/null; [ \$? -eq 2 ]"

# 4. A registry with a repeated school and an unreadable record, in two shards:
#    each shard and the merge exit 7 (records lost), and the merge counts the
#    repeated school once, as one run of the whole registry does.
{ cat examples/nefteyugansk.csv; sed -n 2p examples/nefteyugansk.csv | sed 's#https://lizei1[^;]*#https://lizei1-wrong.gosuslugi.ru/#';
  printf '99;"Школа с незакрытой кавычкой;https://x.test/\n'; } > "$OUT/lossy.csv"
lossy() { # lossy OUTDIR [options]
	_ld=$1; shift
	"$BIN" audit --orgs "$OUT/lossy.csv" --out "$_ld" --as-of "$AS_OF" --quiet $NO_DELAY --cacert "$FIXTURE_CA" \
		--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" "$@" 2>/dev/null
}
lossy "$OUT/lossy-whole"; rc_whole=$?
lossy "$OUT/lossy1" --shard 1/2; rc1=$?
lossy "$OUT/lossy2" --shard 2/2; rc2=$?
"$BIN" merge "$OUT/lossy1" "$OUT/lossy2" --out "$OUT/lossy-merged" --quiet 2>/dev/null; rc_merged=$?
check "lost records: the whole run, both shards and the merge exit 7 ($rc_whole $rc1 $rc2 $rc_merged)" \
	test "$rc_whole $rc1 $rc2 $rc_merged" = "7 7 7 7"
check "merge: the repeated school counted once, as in the whole run (17 rows, V 16)" \
	sh -c "jq -e '.summary.rows == 17 and .summary.total == 16' '$OUT/lossy-merged/results.json' >/dev/null &&
	       jq -S 'del(.generated_at)' '$OUT/lossy-whole/results.json' > '$OUT/lw.json' &&
	       jq -S 'del(.generated_at)' '$OUT/lossy-merged/results.json' > '$OUT/lm.json' &&
	       jq -e --slurpfile w '$OUT/lw.json' '.summary == \$w[0].summary' '$OUT/lm.json' >/dev/null"

checks_done shards
