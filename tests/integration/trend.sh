#!/bin/sh
# Integration tests of report.html's trend and groups: three dated runs of
# the demo audit in a runs/ directory as the crontab example keeps them
# (runs/YYYY-MM-DD/, runs/latest the last), the sites' answers differing
# between them through the registry (the oldest run had school 1 at a
# wrong address and no school 16) and the middle one judged by a copy of
# the rule file; the last run groups by a registry column (--group-by).
# Chromium (tests/js/trend-check.mjs) compares the charts, each
# organisation's history and the groups' table and filter with the
# results.json files; a report broken on purpose shows each check failing.
# Last line: "trend: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

fixture_start fixtures/sites --tls || { echo "trend: 0 passed, 1 failed"; exit 1; }

R=$OUT/runs
mkdir -p "$R"
# The registry with one more column to group by: «Округ», three values, one of them empty.
awk 'BEGIN { split("Северный;Южный;", v, ";") }
     NR == 1 { sub(/\r$/, ""); print $0 ";Округ"; next }
     { sub(/\r$/, ""); id = $0; sub(/;.*/, "", id); print $0 ";" v[id % 3 + 1] }' \
	examples/nefteyugansk.csv > "$OUT/registry.csv"
# The oldest run's registry: school 1 at a site that does not answer, no school 16.
sed -e 's#https://lizei1.gosuslugi.ru/pedagogam-i-sotrudnikam/nastavnichestvo/#https://lizei1-old.gosuslugi.ru/#' \
	-e '/^16;/d' "$OUT/registry.csv" > "$OUT/registry-old.csv"
# The middle run's rule file: the built-in one with a comment more, so its digest differs.
cp rules/mentor.rules "$OUT/other.rules" && echo '# a comment: another digest, the same rules' >> "$OUT/other.rules"

jq_ok() { # jq_ok FILTER FILE: the filter yields true
	jq -e "$1" "$2" > /dev/null
}
run() { # run DATE REGISTRY [options...]: audit into runs/DATE; runs/latest moves on success
	_date=$1 _reg=$2
	shift 2
	"$BIN" audit --orgs "$_reg" --out "$R/$_date" --as-of "$_date" --quiet --delay 0 \
		--cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" "$@" 2> "$OUT/$_date.err" &&
		ln -sfn "$_date" "$R/latest"
}
trend_check() { # trend_check LABEL REPORT RESULTS [EARLIER...]: Chromium's checks, their lines kept in $OUT/LABEL.log
	_label=$1
	shift
	node tests/js/trend-check.mjs "$@" > "$OUT/$_label.log" 2>&1 || { cat "$OUT/$_label.log"; return 1; }
}

started=$(date +%s)
check "the first run (no --previous) exits 0" run 2026-09-15 "$OUT/registry-old.csv"
# Beside the runs: a run whose results.json does not read, a directory that is no run, and a run
# dated after the last one (a rerun of an older date must not show it as its past).
mkdir -p "$R/2026-10-01" "$R/notes" "$R/2026-12-01"
printf '{"organizations": [' > "$R/2026-10-01/results.json"
jq '.as_of = "2026-12-01"' "$R/2026-09-15/results.json" > "$R/2026-12-01/results.json"
check "the second run (--previous runs/latest, another rule file) exits 0" \
	run 2026-10-20 "$OUT/registry.csv" --previous "$R/latest" --rules "$OUT/other.rules"
check "the third run (--previous runs/latest, --group-by Округ) exits 0" \
	run 2026-11-22 "$OUT/registry.csv" --previous "$R/latest" --group-by Округ
audits=$(($(date +%s) - started))

check "the runs differ: school 1 not compliant in the first, compliant in the last" \
	sh -c "jq -e '.organizations[0].status != \"compliant\"' '$R/2026-09-15/results.json' > /dev/null &&
	       jq -e '.organizations[0].status == \"compliant\"' '$R/2026-11-22/results.json' > /dev/null &&
	       jq -e '.summary.compliant_share != 0' '$R/2026-09-15/results.json' > /dev/null"
check "the run whose results.json does not read is left out with a warning naming it" \
	grep -q "$R/2026-10-01/results.json: line 1" "$OUT/2026-11-22.err"
check "results.json keeps schema 6 and has no trend (the trend is report.html's only)" \
	jq_ok '.schema_version == 6 and (has("trend") | not)' "$R/2026-11-22/results.json"

# The last run: a point per run, each organisation's history, the groups.
check "the last run's report: the trend of three runs, the histories, the groups in Chromium" \
	trend_check last "$R/2026-11-22/report.html" "$R/2026-11-22/results.json" \
	"$R/2026-09-15/results.json" "$R/2026-10-20/results.json"
check "the second run's report: the trend of two runs (not the later ones beside it), no groups" \
	trend_check second "$R/2026-10-20/report.html" "$R/2026-10-20/results.json" "$R/2026-09-15/results.json"
check "the first run's report: no trend, no history, no groups" \
	trend_check first "$R/2026-09-15/report.html" "$R/2026-09-15/results.json"
# The second run was judged by the other rule file: for it, the first run's is the other one.
check "the chart's note names the runs judged by another rule file and the one with another registry" \
	sh -c "grep -q 'Проверка от 20.10.2026 выполнена по другому файлу правил' '$R/2026-11-22/report.html' &&
	       grep -q 'Проверка от 15.09.2026 выполнена по другому реестру' '$R/2026-11-22/report.html' &&
	       grep -q 'Проверка от 15.09.2026 выполнена по другому файлу правил' '$R/2026-10-20/report.html'"
# Each indicator's chart is labelled (aria-label) with the indicator's name as results.json gives it.
chart_labels() {
	jq -r '.summary.indicators[] | "trend-ind-\(.number)\t\(.name)"' "$R/2026-11-22/results.json" > "$OUT/labels.want"
	sed -n 's/.*<svg class="trend" id="\(trend-ind-[0-9]*\)"[^>]* aria-label="\([^"]*\)".*/\1\t\2/p' \
		"$R/2026-11-22/report.html" > "$OUT/labels.got"
	[ -s "$OUT/labels.want" ] && cmp -s "$OUT/labels.want" "$OUT/labels.got"
}
check "each indicator's chart is labelled with its name" chart_labels

# The cap: 37 earlier runs in a directory of their own (copies of the second run's results.json,
# dated monthly from 2023-01-15, each with its own compliant share); the trend shows the latest
# CAP_TREND_RUNS (36), oldest first, and this run.
M=$OUT/many
mkdir -p "$M"
earlier=
for i in $(seq 0 36); do
	d=$(date -u -d "2023-01-15 +$i month" +%F)
	mkdir -p "$M/$d"
	jq --arg d "$d" --argjson s "$(( (i * 7) % 100 ))" '.as_of = $d | .summary.compliant_share = $s' \
		"$R/2026-10-20/results.json" > "$M/$d/results.json"
	[ "$i" -eq 0 ] || earlier="$earlier $M/$d/results.json"
done
ln -sfn "$d" "$M/latest"
check "a run after 37 earlier ones exits 0" \
	"$BIN" audit --orgs "$OUT/registry.csv" --out "$M/2026-11-22" --as-of 2026-11-22 --quiet --delay 0 \
	--cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" --previous "$M/latest"
# shellcheck disable=SC2086  # $earlier: the 36 paths, none with a space
check "its report shows the latest 36 earlier runs, oldest first, and itself" \
	trend_check many "$M/2026-11-22/report.html" "$M/2026-11-22/results.json" $earlier

# Each check can fail: the last report broken in five places, each a check must catch.
perl -0pe '
	s/(id="trend-compliant".*?data-share=")[0-9.]+/${1}99.9/s;             # a point of the share moved
	s/(id="trend-ind-1".*?)<g class="pt".*?<\/g>\n/$1/s;                  # an indicator chart loses a point
	s/(<div class="history">.*?)<li[^>]*>.*?<\/li>/$1/s;                   # a history loses its newest run
	s/(<table class="groups">.*?<td class="num"[^>]*><b>)[^<]*/${1}1,0&#160;%/s; # a group cell altered
	s/(<tr class="org"[^>]*) data-group="g2"/$1 data-group="g1"/;          # a row put in another group
' "$R/2026-11-22/report.html" > "$R/2026-11-22/broken.html"
node tests/js/trend-check.mjs "$R/2026-11-22/broken.html" "$R/2026-11-22/results.json" \
	"$R/2026-09-15/results.json" "$R/2026-10-20/results.json" > "$OUT/broken.log" 2>&1
check "the broken report fails the check" test $? -eq 1
for what in "compliant share's chart" "each indicator's chart" "earlier statuses" \
	"«Показатели по группам» equals" "the group select"; do
	check "the broken report fails: $what" grep -q "^not ok - .*$what" "$OUT/broken.log"
done
check "the broken report passes the rest (no request leaves the file)" grep -q '^ok - no request leaves the file' "$OUT/broken.log"

echo "# three audits: ${audits} s; the whole script: $(($(date +%s) - started)) s"
checks_done trend
