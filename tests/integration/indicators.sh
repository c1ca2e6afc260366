#!/bin/sh
# The department's figures, computed by hand: every indicator of the demo's
# table is worked out here from the fixtures' expected findings
# (fixtures/corpus/demo-*.json, written by a person per site), with the
# methodology's own definitions (Table 1 of the Izhevsk monitoring report,
# seed 001), and compared with what the audit printed in summary.md and
# results.json. Nothing here reads the rule file.
# Last line: "indicators: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

jq_ok() { jq -e "$@" >/dev/null; }

fixture_start fixtures/sites --tls || { echo "indicators: 0 passed, 1 failed"; exit 1; }
check "demo audit exits 0" demo_audit "$OUT/run" --quiet

# Table 1: number, letter, and what an organisation must have to count.
# "section" is indicator 14 (a section reached); 15 is the four documents.
cat > "$OUT/table1.json" <<'JSON'
[
 {"number": 1,  "letter": "N", "needs": ["order"]},
 {"number": 2,  "letter": "P", "needs": ["regulation"]},
 {"number": 3,  "letter": "Q", "needs": ["mentor_base"]},
 {"number": 4,  "letter": "T", "needs": ["mentee_base"]},
 {"number": 5,  "letter": "K", "needs": ["roadmap"]},
 {"number": 6,  "letter": "A", "needs": ["org_program"]},
 {"number": 7,  "letter": "B", "needs": ["curator_order"]},
 {"number": 9,  "letter": "H", "needs": ["pair_orders"]},
 {"number": 14, "letter": "F", "needs": ["section"]},
 {"number": 15, "letter": "Q", "needs": ["order", "regulation", "pair_orders", "programs"]}
]
JSON
jq -s '.' fixtures/corpus/demo-*.json > "$OUT/expected.json"

# By hand: V is every organisation; an organisation not checked (blocked,
# unreachable, invalid URL) has nothing found and is left out of the
# checked denominator; a share is count / V × 100, rounded half-up to 0.1.
jq -n --slurpfile t "$OUT/table1.json" --slurpfile e "$OUT/expected.json" '
  def r1: (. * 10 + 0.5 | floor) / 10;
  def unchecked: .status | IN("blocked", "unreachable", "invalid_url", "incomplete");
  def has($d): if $d == "section" then (.status | IN("compliant", "noncompliant"))
               else (.found | index($d)) != null end;
  ($e[0]) as $orgs | ($orgs | length) as $v
  | [ $t[0][] as $row
      | ($orgs | map(select(. as $o | $row.needs | all(. as $d | $o | has($d)))) | length) as $n
      | ($orgs | map(select(unchecked)) | length) as $u
      | {number: $row.number, letter: $row.letter, count: $n, total: $v, unchecked: $u,
         share: ($n * 100 / $v | r1),
         checked_share: (if $v - $u > 0 then $n * 100 / ($v - $u) | r1 else 0 end)} ]' \
	> "$OUT/by_hand.json"

check "by hand: indicator 15 of the demo is 10 of 16" \
	jq_ok '.[] | select(.number == 15) | .count == 10 and .share == 62.5' "$OUT/by_hand.json"
check "results.json: the indicator table equals the one computed by hand" \
	jq_ok --slurpfile h "$OUT/by_hand.json" \
	'[.summary.indicators[] | {number, letter, count, total: 16, unchecked, share, checked_share}] == $h[0]' \
	"$OUT/run/results.json"

# summary.md: each row's number, letter, "N1 / V" and value, in the Russian form.
jq -r '.[] | "\(.number)\t\(.letter)\t\(.count)\t\(.total)\t\(.share)"' "$OUT/by_hand.json" |
while IFS='	' read -r num letter count total share; do
	value=$(printf '%.1f' "$share" | tr . ,)
	if grep -q "^| $num | .*($letter) | $letter = ${letter}1 / V × 100 % = $count / $total × 100 %.* | $value % |" \
		"$OUT/run/summary.md"; then
		echo "ok summary.md indicator $num ($letter) = $count / $total = $value %"
	else
		echo "FAIL summary.md indicator $num ($letter) = $count / $total = $value %"
	fi
done > "$OUT/rows.txt"
cat "$OUT/rows.txt"
pass=$((pass + $(grep -c '^ok' "$OUT/rows.txt")))
fail=$((fail + $(grep -c '^FAIL' "$OUT/rows.txt")))
check "summary.md: rows in the methodology's order (1 2 3 4 5 6 7 9 14 15)" \
	sh -c "grep -oE '^\\| [0-9]+ \\| Доля' '$OUT/run/summary.md' | grep -oE '[0-9]+' | tr '\\n' ' ' |
		grep -qx '1 2 3 4 5 6 7 9 14 15 '"
check "summary.md: the road map is not part of indicator 15" \
	sh -c "grep '^| 15 |' '$OUT/run/summary.md' | grep -v -q 'Дорожная карта'"
check "report.html: the same table" \
	sh -c "grep -q 'data-indicator=\"15\"' '$OUT/run/report.html' && grep -q '62,5' '$OUT/run/report.html'"

# 2. Could not check is never "missing": the demo's school 11 answers robots.txt
#    with 503. Its documents are neither found nor missing, in every report.
check "results.json: school 11 has every document unchecked, none missing by state" \
	jq_ok '.organizations[] | select(.id == "11") | .status == "blocked"
	       and .unchecked_reason == "robots_error"
	       and ([.documents[] | .state] | unique) == ["unchecked"]
	       and (.unchecked | length) == (.documents | length)' "$OUT/run/results.json"
check "summary.md: school 11 lists no missing document, all as not checked, with the reason" \
	sh -c "grep '^| 11 |' '$OUT/run/summary.md' | grep -q '| не проверено: доступ закрыт |  | Приказ о внедрении, .* — сайт отвечает ошибкой'"
check "noncompliant.csv: school 11 has an empty 'missing' cell and a 'not checked' one" \
	sh -c "grep '^11;' '$OUT/run/noncompliant.csv' | grep -q ';не проверено: доступ закрыт;;\"Приказ о внедрении'"
check "report.html: school 11 shows 'не проверено', not a missing list" \
	sh -c "grep -A3 'data-status=\"blocked\"' '$OUT/run/report.html' | grep -q 'не проверено: Приказ о внедрении'"
# The technical detail stays in results.json and in report.html's evidence («Подробно»).
perl -0pe 's{<article class="evidence".*?</article>}{}gs' "$OUT/run/report.html" > "$OUT/report-text.html"
check "summary.md, noncompliant.csv, report.html: no English fragments of curl or RFC 9309" \
	sh -c "! grep -Eq 'RFC 9309|Could not|Operation timed|SSL|federal act|built-in rules|duplicate id' \
		'$OUT/run/summary.md' '$OUT/run/noncompliant.csv' '$OUT/report-text.html'"
url11=$(jq -r '.organizations[] | select(.id == "11") | .url' "$OUT/run/results.json")
"$BIN" check "$url11" --as-of "$AS_OF" --cacert "$FIXTURE_CA" \
	--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" > "$OUT/check11.txt" 2>/dev/null
check "check: school 11's documents are NOT CHECKED, none MISSING" \
	sh -c "grep -q 'NOT CHECKED' '$OUT/check11.txt' && ! grep -q 'MISSING' '$OUT/check11.txt'"

# 5. The same organisation twice: school 1 under a wrong URL and its right one
#    (same id), school 2 again under its name in capitals with a wrong URL.
head -n 1 examples/nefteyugansk.csv > "$OUT/twice.csv"
sed -n 2p examples/nefteyugansk.csv | sed 's#https://lizei1.gosuslugi.ru/[^;]*#https://lizei1-wrong.gosuslugi.ru/nastavnichestvo/#' >> "$OUT/twice.csv"
sed -n 2,3p examples/nefteyugansk.csv >> "$OUT/twice.csv"
sed -n 3p examples/nefteyugansk.csv | sed 's/^2;/20;/; s/школа № 2/ШКОЛА № 2/; s#https://sosh2ugansk[^;]*#https://sosh2-wrong.gosuslugi.ru/#' >> "$OUT/twice.csv"
"$BIN" audit --orgs "$OUT/twice.csv" --out "$OUT/twice" --as-of "$AS_OF" --quiet --cacert "$FIXTURE_CA" \
	--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" >/dev/null 2>&1
check "repeated rows: every row audited with its own verdict, V counts 2 organisations" \
	jq_ok '(.organizations | length) == 4 and .summary.rows == 4 and .summary.total == 2
	       and .summary.compliant == 2 and .summary.compliant_share == 100' "$OUT/twice/results.json"
check "repeated rows: the row that reached the section counts; the others are marked" \
	jq_ok '[.organizations[] | {id, counted, r: .repeats.line, s: .section_reached}]
	       == [{id: "1", counted: false, r: null, s: false}, {id: "1", counted: true, r: 2, s: true},
	           {id: "2", counted: true, r: null, s: true}, {id: "20", counted: false, r: 4, s: false}]' \
	"$OUT/twice/results.json"
check "repeated rows: summary.md names the wrong URLs as registry corrections" \
	sh -c "grep -q 'Одна организация в нескольких строках реестра: 2' '$OUT/twice/summary.md' &&
	       grep -q 'lizei1-wrong.gosuslugi.ru' '$OUT/twice/summary.md' && grep -q 'sosh2-wrong' '$OUT/twice/summary.md'"
check "repeated rows: nobody is listed as non-compliant (the organisations are compliant)" \
	sh -c "test \$(wc -l < '$OUT/twice/noncompliant.csv') -eq 1"
check "repeated rows: report.html marks the repeated rows" \
	sh -c "grep -c 'та же организация, что в строке' '$OUT/twice/report.html' | grep -qx 2"

# A section page with more links than are read: what was not read is not checked.
mkdir -p "$OUT/sites/many-links.test/nastavnichestvo"
{
	echo '<html><head><meta charset="utf-8"><title>Наставничество</title></head><body><h1>Наставничество</h1><ul>'
	echo '<li><a href="/docs/polozhenie.pdf">Положение о системе наставничества педагогических работников</a></li>'
	i=0
	while [ $i -lt 5100 ]; do echo "<li><a href=\"/news/$i.html\">Новость $i</a></li>"; i=$((i + 1)); done
	echo '<li><a href="/docs/prikaz.pdf">Приказ о внедрении целевой модели наставничества</a></li>'
	echo '</ul></body></html>'
} > "$OUT/sites/many-links.test/nastavnichestvo/index.html"
mkdir -p "$OUT/sites/many-links.test/docs"
python3 fixtures/docs/placeholder.py "$OUT/sites/many-links.test/docs/polozhenie.pdf" \
	"$OUT/sites/many-links.test/docs/prikaz.pdf"
printf 'id,name,url\n1,Школа со многими ссылками,http://many-links.test/nastavnichestvo/\n' > "$OUT/many.csv"
fixture_stop
fixture_start "$OUT/sites" || { echo "indicators: 0 passed, 1 failed"; exit 1; }
http_proxy=http://127.0.0.1:$FIXTURE_HTTP_PORT "$BIN" audit --orgs "$OUT/many.csv" --out "$OUT/many" \
	--as-of "$AS_OF" --quiet --delay 0 >/dev/null 2>&1
check "a section read in part is 'incomplete', its unread documents unchecked, the read one found" \
	jq_ok '.organizations[0] | .status == "incomplete" and .unchecked_reason == "links_cap"
	       and .documents.regulation.state == "found" and .documents.order.state == "unchecked"
	       and .documents.roadmap.state == "unchecked"' "$OUT/many/results.json"
check "summary.md: the incomplete school is not checked, with the reason in Russian" \
	sh -c "grep -q 'не проверено: раздел прочитан не полностью |  | Приказ о внедрении.* — на странице раздела больше ссылок' '$OUT/many/summary.md'"

checks_done indicators
