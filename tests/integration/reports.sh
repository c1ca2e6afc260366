#!/bin/sh
# Integration tests of the reports an audit leaves for people and scripts:
# report.html in headless Chromium (at 1366 px too: rows, words, the
# indicator table), the directors' notices printed to PDF, changes between
# runs (--previous and diff), the WARC evidence archive read by an
# independent WARC reader.
# The demo registry is audited over HTTPS against the fixture sites, with
# --delay 0: the reports are tested here, not the politeness delay.
# Last line: "reports: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

fixture_start fixtures/sites --tls || { echo "reports: 0 passed, 1 failed"; exit 1; }

jq_ok() { # jq_ok FILTER FILE: the filter yields true
	jq -e "$1" "$2" >/dev/null
}

quietly() { # quietly CMD...: its output only when it fails
	"$@" > "$OUT/quietly.log" 2>&1 || { cat "$OUT/quietly.log"; return 1; }
}

CONTACT='Отдел общего образования, Иванова А. П., 8 (3463) 00-00-00'
# A row of report.html at 1366 px may be this tall: the tallest fixture row (the
# site without a section: five findings, 315 px) with room for about five more
# lines of findings. The evidence once opened inside its row made rows of
# 2 400 to 3 600 px; a row past this bound means something is in the row that
# belongs in the evidence.
MAX_ROW_PX=400

# 1. The first run, keeping the evidence archive.
check "audit --warc exits 0" demo_audit "$OUT/run1" --warc "$OUT/evidence.warc.gz" --contact "$CONTACT" --delay 0
check "report.html written" test -s "$OUT/run1/report.html"
check "no changes.csv without --previous" test ! -e "$OUT/run1/changes.csv"
check "report.html is self-contained (no external references)" \
	sh -c "! grep -Eiq '<(link|img|iframe|object|embed)[ >]|src=\"[a-z]+:|url\\(' '$OUT/run1/report.html'"

# The legend: every status of this run, and no other, with its meaning and what to do.
legend_ok() {
	jq -r '[.organizations[] | select(.counted) | .status] | unique[]' "$OUT/run1/results.json" > "$OUT/statuses"
	grep -o '<dt data-status="[a-z_]*"' "$OUT/run1/report.html" | sed 's/.*="\(.*\)"/\1/' | sort > "$OUT/legend"
	[ -s "$OUT/statuses" ] && cmp -s "$OUT/statuses" "$OUT/legend" &&
		[ "$(grep -c '<p class="next"><b>Что делать:</b> [^<]' "$OUT/run1/report.html")" -eq "$(wc -l < "$OUT/statuses")" ]
}
check "report.html: a legend of this run's statuses, each with what to do" legend_ok

# 2. report.html in Debian's Chromium: chart and table rendered, sorting,
#    filtering, evidence links, no request leaves the file.
check "report.html renders in headless Chromium" \
	quietly node tests/js/report-check.mjs "$OUT/run1/report.html" "$OUT/run1/results.json" "$OUT/report.png"
#    At 1366 px: the indicator table first with results.json's figures, the
#    evidence in a wide panel, no row taller than MAX_ROW_PX, no word broken,
#    a link to each notice.
check "report.html at 1366 px: indicator figures, evidence panel, rows within $MAX_ROW_PX px, no word broken, notice links" \
	quietly node tests/js/layout-check.mjs "$OUT/run1/report.html" "$OUT/run1/results.json" "$MAX_ROW_PX"

# 2b. The directors' notices: one per organisation counted and not compliant,
#     none for a compliant one; each printed by Chromium to one A4 page whose
#     text names the organisation and every document results.json says is
#     missing (not found, or not checked), and the department's contact.
notices_match() {
	jq -r '.organizations[] | select(.counted != false and .status != "compliant") | .id + ".html"' \
		"$OUT/run1/results.json" | sort > "$OUT/notices.want"
	ls "$OUT/run1/notices" | sort > "$OUT/notices.got"
	[ -s "$OUT/notices.want" ] && cmp -s "$OUT/notices.want" "$OUT/notices.got" ||
		{ diff "$OUT/notices.want" "$OUT/notices.got"; return 1; }
}
check "a notice for every organisation not compliant or not checked, none for a compliant one" notices_match
print_pdf() { # print_pdf HTML PDF: Chromium's print of HTML, and its text beside the PDF (.txt)
	rm -rf "$OUT/chromium-print"
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$OUT/chromium-print" \
		--no-pdf-header-footer --print-to-pdf="$2" "file://$1" > "$OUT/print.log" 2>&1
	[ -s "$2" ] || { cat "$OUT/print.log"; return 1; }
	pdftotext -layout "$2" "${2%.pdf}.txt"
}
one_a4() { # one_a4 PDF
	pdfinfo "$1" | grep -q '^Pages: *1$' && pdfinfo "$1" | grep -q 'Page size: *59[45]\.[0-9]* x 84[12]'
}
doc_name() { # doc_name KEY: the document's name in the built-in rule file
	awk -v k="[document $1]" '$0 == k { on = 1; next } on && /^name = / { sub(/^name = /, ""); print; exit }' rules/mentor.rules
}
notice_says() { # notice_says ID: the notice's text names the organisation, each missing document, the contact
	_txt=$OUT/notice-$1.txt
	tr '\n' ' ' < "$_txt" | tr -s ' ' > "$_txt.flat"
	_org=$(jq -c --arg id "$1" '.organizations[] | select(.id == $id)' "$OUT/run1/results.json")
	grep -qF -- "$(printf '%s' "$_org" | jq -r .name)" "$_txt.flat" || { echo "notice $1: no organisation name"; return 1; }
	grep -qF -- "Иванова А. П." "$_txt.flat" || { echo "notice $1: no contact"; return 1; }
	for _k in $(printf '%s' "$_org" | jq -r '.missing[]'); do
		if printf '%s' "$_org" | jq -e --arg k "$_k" '.unchecked | index($k)' > /dev/null; then
			_want="$(doc_name "$_k"): не проверен"
		else
			_want="$(doc_name "$_k"): не найден"
		fi
		grep -qF -- "$_want" "$_txt.flat" || { echo "notice $1: no «$_want»"; return 1; }
	done
}
notice_pdf() { # notice_pdf ID: printed, one A4 page
	print_pdf "$OUT/run1/notices/$1.html" "$OUT/notice-$1.pdf" && one_a4 "$OUT/notice-$1.pdf"
}
# A later run into the same --out in which every organisation is compliant
# (the registry's first three rows) leaves no notice of the earlier run.
head -n 4 examples/nefteyugansk.csv > "$OUT/compliant.csv"
cp -R "$OUT/run1" "$OUT/rerun"
check "a rerun where all are compliant exits 0" "$BIN" audit --orgs "$OUT/compliant.csv" --out "$OUT/rerun" \
	--as-of "$AS_OF" --quiet --cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT"
check "the rerun: all compliant, notices/ empty (no stale notice)" \
	sh -c "jq -e '.summary.compliant == 3 and .summary.total == 3' '$OUT/rerun/results.json' > /dev/null &&
	       [ -d '$OUT/rerun/notices' ] && [ -z \"\$(ls -A '$OUT/rerun/notices')\" ]"
for id in $(sed 's/\.html$//' "$OUT/notices.want"); do
	check "notice $id: Chromium prints it to one A4 page" notice_pdf "$id"
	check "notice $id: names the organisation, each document missing or not checked, the contact" notice_says "$id"
done

# 3. The evidence archive: every response a WARC 1.1 record, one gzip
#    member each, read by warcio (npm), an independent reader; every
#    reference in results.json names a record at its offset.
check "WARC file written, no temporary file left" \
	sh -c "test -s '$OUT/evidence.warc.gz' && ! ls -A '$OUT' | grep -q '\.tmp-'"
check "WARC gzip members all decompress" sh -c "gzip -t '$OUT/evidence.warc.gz'"
check "WARC read by warcio; results.json references resolve" \
	quietly node tests/js/warc-check.mjs "$OUT/evidence.warc.gz" "$OUT/run1/results.json"
check "results.json names the archive" jq_ok ".warc == \"$OUT/evidence.warc.gz\"" "$OUT/run1/results.json"
check "every found document points to its page's and its link's record" \
	jq_ok '[.organizations[].documents[] | select(.found)] | length > 40 and
	       all(.warc.page.record_id != null and .warc.link.record_id != null)' "$OUT/run1/results.json"
check "every reached organisation lists the pages looked at" \
	jq_ok '[.organizations[] | select(.status == "compliant" or .status == "noncompliant")]
	       | all(.evidence | length >= 1 and all(.warc.offset >= 0))' "$OUT/run1/results.json"
check "a site blocked by robots.txt points to the robots.txt answer it rests on" \
	jq_ok '[.organizations[] | select(.status == "blocked")] | length >= 1 and
	       all(.evidence | any(.url | endswith("/robots.txt")) and all(.warc.offset >= 0 and .http_status >= 500))' \
	"$OUT/run1/results.json"
check "a found document's link record is that document's answer" \
	sh -c "off=\$(jq '.organizations[0].documents.order.warc.link.offset' '$OUT/run1/results.json') &&
	       url=\$(jq -r '.organizations[0].documents.order.url' '$OUT/run1/results.json') &&
	       tail -c +\$((off + 1)) '$OUT/evidence.warc.gz' | gzip -dc 2>/dev/null | head -c 2000 |
	       grep -aq \"^WARC-Target-URI: \$url\""

# 4. Changes between runs. The previous run is the first one edited as a
#    department's earlier audit would differ: school 1 had no road map,
#    school 4 was compliant, school 16 was not in the registry, school 99 was.
jq '(.organizations[0].documents.roadmap.found) = false
    | .organizations[0].status = "noncompliant"
    | (.organizations[3].documents.programs.found) = true
    | .organizations[3].status = "compliant"
    | .organizations |= map(select(.id != "16"))
    | .organizations += [.organizations[1] | .id = "99" | .name = "Закрытая школа"]
    | .as_of = "2026-05-20" | .summary.compliant_share = 50' \
	"$OUT/run1/results.json" > "$OUT/prev.json"
mkdir -p "$OUT/prev" && mv "$OUT/prev.json" "$OUT/prev/results.json"
check "audit --previous exits 0" demo_audit "$OUT/run2" --previous "$OUT/prev" --csv-dialect rfc4180 --delay 0
check "changes.csv written" test -s "$OUT/run2/changes.csv"
check "changes.csv: school 1 published the road map" \
	grep -q '^1,.*,не соответствует,соответствует,Дорожная карта (план мероприятий)' "$OUT/run2/changes.csv"
check "changes.csv: school 4 lost its programmes" \
	grep -q '^4,.*,соответствует,не соответствует,,Персонализированные программы' "$OUT/run2/changes.csv"
check "changes.csv: school 16 is new, school 99 is gone" \
	sh -c "grep -q '^16,.*,не было в реестре,' '$OUT/run2/changes.csv' && grep -q '^99,Закрытая школа,.*,нет в реестре,' '$OUT/run2/changes.csv'"
check "changes.csv: exactly those four rows" \
	test "$(grep -c . "$OUT/run2/changes.csv")" -eq 5
check "report.html with changes renders in Chromium; its table matches changes.csv" \
	quietly node tests/js/report-check.mjs "$OUT/run2/report.html" "$OUT/run2/results.json" "$OUT/report2.png" \
	"$OUT/run2/changes.csv"
check "report.html has the changes section with the shares then and now" \
	sh -c "grep -q 'id=\"changes\"' '$OUT/run2/report.html' && grep -q '50,0.%.*20.05.2026.*56,3.%' '$OUT/run2/report.html'"

# 5. diff says the same as --previous about the same two runs.
check "diff exits 0" sh -c "'$BIN' diff '$OUT/prev' '$OUT/run2' --out '$OUT/diff' --csv-dialect rfc4180 > '$OUT/diff.out'"
check "diff's changes.csv equals --previous's" cmp -s "$OUT/diff/changes.csv" "$OUT/run2/changes.csv"
check "diff writes changes.html" grep -q 'id="changes-table"' "$OUT/diff/changes.html"
check "diff prints the shares" grep -q 'compliant share: 50.0% (2026-05-20) -> 56.3% (2026-11-22)' "$OUT/diff.out"
check "diff in the Excel dialect: BOM and ';'" \
	sh -c "'$BIN' diff '$OUT/prev' '$OUT/run2' --out '$OUT/diff-excel' --quiet && head -c 3 '$OUT/diff-excel/changes.csv' | od -An -tx1 | grep -q 'ef bb bf' && grep -q '^1;' '$OUT/diff-excel/changes.csv'"

# 6. Wrong inputs are refused before anything is fetched, naming the file.
"$BIN" audit --orgs examples/nefteyugansk.csv --out "$OUT/noprev" --previous "$OUT/nowhere" --quiet \
	2> "$OUT/noprev.err"
check "--previous without results.json: exit 3" test $? -eq 3
check "--previous error names the file" grep -q "$OUT/nowhere/results.json" "$OUT/noprev.err"
check "--previous error leaves no output" test ! -e "$OUT/noprev"
mkdir -p "$OUT/broken" && printf '{"organizations": [' > "$OUT/broken/results.json"
"$BIN" diff "$OUT/broken" "$OUT/run2" --out "$OUT/diff2" 2> "$OUT/broken.err"
check "diff with broken JSON: exit 3" test $? -eq 3
check "diff error names the file and line" grep -q "broken/results.json: line 1" "$OUT/broken.err"

# 7. The director's notice (check --notice): printed by Chromium to PDF, one
#    A4 page whose words agree with check's own verdict on the same site.
NOTICE_SITE=https://sosh8ugansk.gosuslugi.ru/pedagogam-i-sotrudnikam/nastavnichestvo/
"$BIN" check "$NOTICE_SITE" --as-of "$AS_OF" --quiet --notice "$OUT/notice.html" --contact "$CONTACT" \
	--cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" > "$OUT/notice.check" 2> "$OUT/notice.err"
check "check --notice exits 0 and writes the notice" test -s "$OUT/notice.html"
check "Chromium prints the notice to PDF" print_pdf "$OUT/notice.html" "$OUT/notice.pdf"
check "the notice is one A4 page" one_a4 "$OUT/notice.pdf"
missing_n=$(grep -c 'MISSING  (.*)$' "$OUT/notice.check")
found_n=$(grep -c '^[a-z_]* *FOUND ' "$OUT/notice.check")
check "the notice says as check does: $found_n documents placed, $missing_n not found" \
	sh -c "[ \$(grep -o 'размещён —' '$OUT/notice.txt' | wc -l) -eq $found_n ] && [ \$(grep -o ': не найден' '$OUT/notice.txt' | wc -l) -eq $missing_n ]"
check "the notice names the organisation's site, the date, what to do and the department's contact" \
	sh -c "grep -q 'Руководителю организации' '$OUT/notice.txt' && grep -q 'sosh8ugansk.gosuslugi.ru' '$OUT/notice.txt' &&
		grep -q '22 ноября 2026 г.' '$OUT/notice.txt' && grep -q 'Разместить в разделе' '$OUT/notice.txt' &&
		grep -q 'Иванова А. П.' '$OUT/notice.txt'"

checks_done reports
