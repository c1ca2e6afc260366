#!/bin/sh
# noncompliant.csv and noncompliant.xlsx as a spreadsheet sees them. A real audit over fixture
# sites writes the file; headless LibreOffice imports it the way a
# Russian-locale Calc does (';', '"', UTF-8, language ru-RU) and exports
# the cells as tab-separated UTF-8 with every text cell quoted, so the
# cells and their types can be read back and compared with results.json.
#
#   BIN=build/mentor-audit sh tests/integration/office.sh
#
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "office: N passed, N failed".
# shellcheck disable=SC2016  # awk and jq programs are single-quoted on purpose
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

SOFFICE_SECS=120            # one conversion; a first start builds the profile
CSV_FILTER="Text - txt - csv (StarCalc)"
LANG_RU=1049                # ru-RU: decimal comma, Russian dates, as on a department's PC

if ! command -v soffice >/dev/null 2>&1; then
	echo "office: soffice not found: make deps-test installs libreoffice-calc-nogui" >&2
	echo "office: 0 passed, 1 failed"
	exit 1
fi

fixture_start_sites || { echo "office: 0 passed, 1 failed"; exit 1; }
PROXY=http://127.0.0.1:$FIXTURE_HTTP_PORT

# The department's shape: ';', Russian headers, extra columns. Names carry
# quotes, «», ';', commas and a line break; the phones start with '+' (the
# formula guard's case) or a digit; two cells are formulas, one with '-'. The sites give
# one compliant row (left out of the CSV) and every kind of non-compliance.
printf '%s\r\n' \
	'№;Наименование;Ссылка;Ответственный;Телефон' \
	'1;"МБОУ ""СОШ № 1""";http://full-titles.test/pedagogam-i-sotrudnikam/nastavnichestvo/;Петрова И.С.;+7 (3463) 23-46-15' \
	'2;"МБОУ ""СОШ № 15""; корпус 2";http://broken-doc.test/nastavnichestvo/;"Иванова М.П., заместитель директора; Шевченко О.И., директор";+7 (3463) 23-46-15' \
	'3;"Школа' \
	'с переменным составом";http://no-section.test/nastavnichestvo/;Сидорова А.А.;8 (3463) 22-51-40' \
	'4;"МАОУ «Гимназия № 16», филиал";http://normative-only.test/pedagogam-i-sotrudnikam/nastavnichestvo/;=1+1;+79123456789' \
	'5;МБОУ «СОШ № 5»;http://forbidden-403.test/;Логинова Е.В.;+7 (3463) 24-30-21' \
	'6;МБОУ «СОШ № 6»;not a url;;' \
	'7;МБОУ «СОШ № 22»;http://empty-section.test/nastavnichestvo/;Орлова Т.Н.;8 (3463) 24-30-21' \
	'8;МБОУ «СОШ № 21»;http://no-such-school.test/nastavnichestvo/;-2+3;' \
	> "$OUT/registry.csv"

audit() { # audit DIR [options...]
	dir=$1
	shift
	http_proxy=$PROXY "$BIN" audit --orgs "$OUT/registry.csv" --out "$OUT/$dir" \
		--as-of "$AS_OF" --quiet --delay 0 "$@"
}
check "excel audit exits 0" audit excel
check "rfc4180 audit exits 0" audit rfc --csv-dialect rfc4180
RESULTS=$OUT/excel/results.json
if ! [ -s "$OUT/excel/noncompliant.csv" ] || ! [ -s "$OUT/rfc/noncompliant.csv" ] || ! [ -s "$RESULTS" ]; then
	echo "office: no reports to open" >&2
	checks_done office
	exit 1
fi
fixture_stop

# The header, as README documents it; then the registry's extra columns.
HEADER='["№","Наименование","Ссылка","Статус","Отсутствующие документы","Не проверено","Замечания"]'
STATUS_RU='{"noncompliant":"не соответствует","no_section":"нет раздела","blocked":"не проверено: доступ закрыт",
            "unreachable":"не проверено: сайт недоступен","invalid_url":"не проверено: некорректная ссылка",
            "incomplete":"не проверено: раздел прочитан не полностью"}'
# Why documents were not checked, as README's «не проверено» section words it (results.json unchecked_reason).
CAUSE_RU='{"robots":"сайт запрещает автоматическую проверку этих страниц (файл robots.txt)",
  "robots_error":"сайт отвечает ошибкой на запрос правил для роботов (robots.txt), поэтому проверять его нельзя, пока ошибка не исчезнет",
  "denied":"сайт отказал в доступе",
  "dns":"адрес сайта не найден: такого доменного имени нет или оно не отвечает",
  "connect":"сервер сайта не принимает соединение","timeout":"сайт не ответил вовремя",
  "tls":"не удалось установить защищённое соединение с сайтом (ошибка сертификата)",
  "server_error":"сервер сайта отвечает ошибкой","network":"ошибка связи с сайтом",
  "time_budget":"истекло время, отведённое на проверку одной организации",
  "invalid_url":"ссылка в реестре некорректна",
  "links_cap":"на странице раздела больше ссылок, чем прочитано",
  "truncated":"страница раздела больше допустимого размера и прочитана не до конца"}'
# Document id -> its Russian name, from the rule file the audit used (the built-in one).
DOC_NAMES=$(awk '
	/^\[document / { id = $2; sub(/\]$/, "", id); next }
	/^\[/ { id = "" }
	id != "" && /^name[ \t]*=/ { v = $0; sub(/^name[ \t]*=[ \t]*/, "", v); printf "%s\t%s\n", id, v; id = "" }' \
	rules/mentor.rules | jq -R -s 'split("\n") | map(select(. != "") | split("\t") | {(.[0]): .[1]}) | add')

# expected_cells GUARD: "ROW<TAB>COL<TAB>VALUE" for every cell the CSV should
# hold, from results.json. GUARD=1 adds the excel dialect's leading apostrophe.
expected_cells() {
	jq -r --argjson head "$HEADER" --argjson st "$STATUS_RU" --argjson names "$DOC_NAMES" \
		--argjson cause "$CAUSE_RU" --arg guard "$1" '
		def formula: test("^[=+@\t\r]") or (startswith("-") and . != "-" and (test("^-[0-9]+([.,][0-9]+)?$") | not));
		def guard: if $guard == "1" and formula then "'\''" + . else . end;
		def unchecked_cell: (.unchecked as $u | [.missing[] | select(. as $d | $u | index($d))]) as $docs
		  | if ($docs | length) == 0 then ""
		    else ($docs | map($names[.]) | join("; ")) + " — " + $cause[.unchecked_reason] end;
		($head + (.organizations[0].extra // {} | keys_unsorted)) as $h
		| [$h] + [.organizations[] | select(.status != "compliant" and .counted)
		          | [.id, .name, .url, $st[.status],
		             (.unchecked as $u | [.missing[] | select(. as $d | $u | index($d) | not)] | map($names[.]) | join("; ")),
		             unchecked_cell, (.problems | join("; "))] + [.extra[]]]
		| to_entries[] | .key as $r | .value | to_entries[]
		| "\($r + 1)\t\(.key + 1)\t\(.value // "" | guard)"' "$RESULTS"
}

# cells FILE: LibreOffice's tab-separated export (text cells quoted, quotes
# doubled, a line break kept inside quotes) as "ROW<TAB>COL<TAB>TYPE<TAB>VALUE",
# TYPE T for text, N for a number (unquoted), E for empty; a line break in
# a value becomes the two characters \n.
cells() {
	awk '
	function emit() { printf "%d\t%d\t%s\t%s\n", row, col, quoted ? "T" : (cell == "" ? "E" : "N"), cell }
	BEGIN { row = 1; col = 1; cell = ""; quoted = 0; inq = 0 }
	{
		line = $0
		if (inq)
			cell = cell "\\n"
		n = length(line)
		for (i = 1; i <= n; i++) {
			c = substr(line, i, 1)
			if (inq) {
				if (c != "\"")
					cell = cell c
				else if (substr(line, i + 1, 1) == "\"") {
					cell = cell c
					i++
				} else
					inq = 0
			} else if (c == "\"") {
				inq = 1
				quoted = 1
			} else if (c == "\t") {
				emit()
				col++
				cell = ""
				quoted = 0
			} else
				cell = cell c
		}
		if (!inq) {
			emit()
			row++
			col = 1
			cell = ""
			quoted = 0
		}
	}' "$1"
}

# to_cells NAME INPUT IMPORT-OPTIONS: open INPUT in Calc with the CSV import
# options, export it as $OUT/NAME.tsv and its cells as $OUT/NAME.cells.
# A fresh profile per run: works as root, and beside another soffice.
to_cells() {
	mkdir -p "$OUT/lo-$1" "$OUT/profile-$1"
	timeout "$SOFFICE_SECS" soffice --headless --norestore "-env:UserInstallation=file://$OUT/profile-$1" \
		"--infilter=$CSV_FILTER:$3" \
		--convert-to "csv:$CSV_FILTER:9,34,76,1,,0,true" --outdir "$OUT/lo-$1" "$2" \
		> "$OUT/lo-$1.log" 2>&1
	if ! [ -s "$OUT/lo-$1/$(basename "$2")" ]; then
		echo "office: soffice could not convert $2 ($3):" >&2
		cat "$OUT/lo-$1.log" >&2
		return 1
	fi
	mv "$OUT/lo-$1/$(basename "$2")" "$OUT/$1.tsv"
	cells "$OUT/$1.tsv" > "$OUT/$1.cells"
}
cell() { awk -F '\t' -v r="$2" -v c="$3" '$1 == r && $2 == c { print $4 }' "$1"; }
type_of() { awk -F '\t' -v r="$2" -v c="$3" '$1 == r && $2 == c { print $3 }' "$1"; }
row_of_id() { awk -F '\t' -v id="$2" '$1 > 1 && $2 == 1 && $4 == id { print $1 }' "$1"; }

# same_values EXPECTED ACTUAL [AWK-CONDITION]: the cells' values agree
# (only those the condition selects); on a mismatch, show the difference.
same_values() {
	awk -F '\t' "${3:-1}" "$1" > "$OUT/want"
	awk -F '\t' "${3:-1}" "$2" > "$OUT/got"
	diff "$OUT/want" "$OUT/got" > "$OUT/diff" && return 0
	sed 's/^/    /' "$OUT/diff" | head -n 20
	return 1
}

# The audit's own view of the rows the checks pick out.
ncols=$(jq --argjson head "$HEADER" '$head + (.organizations[0].extra // {} | keys_unsorted) | length' "$RESULTS")
nonc=$(jq '[.organizations[] | select(.status != "compliant")] | length' "$RESULTS")
column_of() { jq --argjson head "$HEADER" --arg name "$1" '$head + (.organizations[0].extra | keys_unsorted) | index($name) + 1' "$RESULTS"; }
phone_col=$(column_of Телефон)
resp_col=$(column_of Ответственный)
missing_2=$(jq -r --argjson names "$DOC_NAMES" '.organizations[] | select(.id == "2") | .missing | map($names[.]) | join("; ")' "$RESULTS")
problems_3=$(jq -r '.organizations[] | select(.id == "3") | .problems | join("; ")' "$RESULTS")
expected_cells 1 > "$OUT/expected-excel.cells"
expected_cells 0 > "$OUT/expected-rfc.cells"

# 1. The default (excel) dialect, opened as a Russian-locale Calc opens it.
check "LibreOffice opens the excel CSV (';', '\"', UTF-8, ru-RU)" \
	to_cells excel "$OUT/excel/noncompliant.csv" "59,34,76,1,,$LANG_RU"
X=$OUT/excel
[ -s "$X.cells" ] || : > "$X.cells"
cut -f 1,2,4 "$X.cells" > "$X.values"
check "first header cell is «№», no BOM artefact" test "$(cell "$X.cells" 1 1)" = "№"
check "header: the documented columns, then the registry's extra ones" \
	same_values "$OUT/expected-excel.cells" "$X.values" '$1 == 1'
check "one row per non-compliant organisation ($nonc)" \
	test "$(awk -F '\t' '$1 > m { m = $1 } END { print m - 1 }' "$X.cells")" = "$nonc"
check "every row has the header's $ncols columns" \
	awk -F '\t' -v n="$ncols" '$2 > m[$1] { m[$1] = $2 } END { for (r in m) if (m[r] != n) exit 1; exit NR == 0 }' "$X.cells"
check "every name intact: Cyrillic, quotes, «», ';', commas" \
	same_values "$OUT/expected-excel.cells" "$X.values" '$1 > 1 && $2 == 2'
check "missing documents of row 2 as results.json lists them" \
	test "$(cell "$X.cells" "$(row_of_id "$X.cells" 2)" 5)" = "$missing_2"
check "both problems of row 3 in one cell, as results.json lists them" \
	test "$(cell "$X.cells" "$(row_of_id "$X.cells" 3)" 7)" = "$problems_3"
phones_text() {
	awk -F '\t' -v c="$phone_col" '$1 > 1 && $2 == c && $3 == "N" { exit 1 }' "$X.cells" &&
		same_values "$OUT/expected-excel.cells" "$X.values" "\$1 > 1 && \$2 == $phone_col"
}
check "phones stay text, as written ('+' ones behind the formula guard's apostrophe)" phones_text
row4=$(row_of_id "$X.cells" 4)
check "a formula in a cell stays inert text" \
	test "$(type_of "$X.cells" "$row4" "$resp_col"):$(cell "$X.cells" "$row4" "$resp_col")" = "T:'=1+1"
row8=$(row_of_id "$X.cells" 8)
check "a formula starting with '-' stays inert text" \
	test "$(type_of "$X.cells" "$row8" "$resp_col"):$(cell "$X.cells" "$row8" "$resp_col")" = "T:'-2+3"
check "no number but the № column" awk -F '\t' '$1 > 1 && $2 != 1 && $3 == "N" { exit 1 }' "$X.cells"
check "every cell as results.json says" same_values "$OUT/expected-excel.cells" "$X.values"

# 2. A double-click opens the import dialog, which sniffs a UTF-8 BOM and
#    preselects UTF-8 (Excel does the same). The headless import above
#    names the charset because, without one, LibreOffice 7.4 takes the
#    system charset and ignores the BOM; so the BOM is checked as bytes.
check "the excel CSV starts with the UTF-8 BOM" \
	test "$(head -c 3 "$OUT/excel/noncompliant.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf

# 3. The rfc4180 dialect with ',': every column imported as text, so the
#    cells are the file's own and must be results.json's, unguarded. (With
#    the Standard format Calc would run =1+1 and read +79123456789 as a
#    number: that file is for scripts.)
text_cols=$(i=1; while [ "$i" -le "$ncols" ]; do printf '%s%s/2' "${sep:-}" "$i"; sep=/; i=$((i + 1)); done)
check "LibreOffice opens the rfc4180 CSV (',', '\"', UTF-8, text columns)" \
	to_cells rfc "$OUT/rfc/noncompliant.csv" "44,34,76,1,$text_cols,$LANG_RU"
[ -s "$OUT/rfc.cells" ] || : > "$OUT/rfc.cells"
cut -f 1,2,4 "$OUT/rfc.cells" > "$OUT/rfc.values"
check "rfc4180: every cell as results.json says, without the formula guard" \
	same_values "$OUT/expected-rfc.cells" "$OUT/rfc.values"
check "rfc4180: every row has the header's $ncols columns" \
	awk -F '\t' -v n="$ncols" '$2 > m[$1] { m[$1] = $2 } END { for (r in m) if (m[r] != n) exit 1; exit NR == 0 }' "$OUT/rfc.cells"

# 4. noncompliant.xlsx, opened by Calc and saved as the same tab-separated
#    text: every cell is results.json's, unguarded, and every cell is text
#    (codes keep leading zeros, nothing is a formula), as in the CSVs.
xlsx_cells() {
	mkdir -p "$OUT/lo-xlsx" "$OUT/profile-xlsx"
	timeout "$SOFFICE_SECS" soffice --headless --norestore "-env:UserInstallation=file://$OUT/profile-xlsx" \
		--convert-to "csv:$CSV_FILTER:9,34,76,1,,0,true" --outdir "$OUT/lo-xlsx" "$OUT/excel/noncompliant.xlsx" \
		> "$OUT/lo-xlsx.log" 2>&1
	[ -s "$OUT/lo-xlsx/noncompliant.csv" ] || { cat "$OUT/lo-xlsx.log" >&2; return 1; }
	cells "$OUT/lo-xlsx/noncompliant.csv" > "$OUT/xlsx.cells"
}
check "LibreOffice opens noncompliant.xlsx" xlsx_cells
[ -s "$OUT/xlsx.cells" ] || : > "$OUT/xlsx.cells"
# The last column, past the CSV's, links each row's notice: checked on its own below.
awk -F '\t' -v n="$ncols" '$2 <= n' "$OUT/xlsx.cells" | cut -f 1,2,4 > "$OUT/xlsx.values"
check "xlsx: every cell as results.json says, without the formula guard" \
	same_values "$OUT/expected-rfc.cells" "$OUT/xlsx.values"
check "xlsx: every cell below the header is text, the № column too" \
	awk -F '\t' '$1 > 1 && $3 == "N" { exit 1 } END { exit NR == 0 }' "$OUT/xlsx.cells"
check "xlsx: a second sheet holds the indicator table" \
	sh -c "unzip -p '$OUT/excel/noncompliant.xlsx' xl/workbook.xml | grep -q 'name=\"Показатели\"'"
check "xlsx: the header frozen and filtered" \
	sh -c "unzip -p '$OUT/excel/noncompliant.xlsx' xl/worksheets/sheet1.xml | grep -q 'state=\"frozen\"' &&
		unzip -p '$OUT/excel/noncompliant.xlsx' xl/worksheets/sheet1.xml | grep -q '<autoFilter'"
check "xlsx: the sections' addresses are hyperlinks, one per row with an http(s) address" \
	test "$(unzip -p "$OUT/excel/noncompliant.xlsx" xl/worksheets/_rels/sheet1.xml.rels | grep -o 'Target="https\?://' | wc -l)" -eq \
	"$(jq '[.organizations[] | select(.status != "compliant" and .counted and (.url | test("^https?://")))] | length' "$RESULTS")"
# The notice column: «Открыть уведомление» on every row, a link (Excel's relative form,
# notices\NAME) to a notice the run wrote, one per row, with the path as its tooltip.
notice_links() {
	rows=$(awk -F '\t' '$1 > m { m = $1 } END { print m - 1 }' "$OUT/xlsx.cells")
	[ "$(cell "$OUT/xlsx.cells" 1 $((ncols + 1)))" = "Уведомление директору" ] || { echo "    header"; return 1; }
	[ "$(awk -F '\t' -v c=$((ncols + 1)) '$1 > 1 && $2 == c && $4 == "Открыть уведомление"' "$OUT/xlsx.cells" | wc -l)" -eq "$rows" ] ||
		{ echo "    not every row says «Открыть уведомление»"; return 1; }
	unzip -p "$OUT/excel/noncompliant.xlsx" xl/worksheets/_rels/sheet1.xml.rels | grep -o 'Target="notices\\[^"]*"' |
		sed 's/^Target="notices.//; s/"$//' > "$OUT/xlsx.notices"
	[ "$(wc -l < "$OUT/xlsx.notices")" -eq "$rows" ] || { echo "    $(wc -l < "$OUT/xlsx.notices") links for $rows rows"; return 1; }
	while IFS= read -r n; do
		[ -f "$OUT/excel/notices/$n" ] || { echo "    no notices/$n"; return 1; }
	done < "$OUT/xlsx.notices"
}
check "xlsx: each row links its director's notice, which the run wrote" notice_links

# 5. The registry saved by Calc as a workbook (every column text, as a
#    department's sheet is typed) is audited as its CSV was: the same rows,
#    names, addresses, extra columns and verdicts.
registry_xlsx() {
	mkdir -p "$OUT/lo-reg" "$OUT/profile-reg"
	timeout "$SOFFICE_SECS" soffice --headless --norestore "-env:UserInstallation=file://$OUT/profile-reg" \
		"--infilter=$CSV_FILTER:59,34,76,1,1/2/2/2/3/2/4/2/5/2" --convert-to 'xlsx:Calc MS Excel 2007 XML' \
		--outdir "$OUT/lo-reg" "$OUT/registry.csv" > "$OUT/lo-reg.log" 2>&1
	[ -s "$OUT/lo-reg/registry.xlsx" ] || { cat "$OUT/lo-reg.log" >&2; return 1; }
	fixture_start_sites || return 1
	http_proxy=http://127.0.0.1:$FIXTURE_HTTP_PORT "$BIN" audit --orgs "$OUT/lo-reg/registry.xlsx" \
		--out "$OUT/xlsx-reg" --as-of "$AS_OF" --quiet --delay 0
	rc=$?
	fixture_stop
	[ "$rc" -eq 0 ] || { echo "    audit of the workbook exited $rc"; return 1; }
	view='[.organizations[] | {id, name, url, status, missing, extra}]'
	jq "$view" "$RESULTS" > "$OUT/reg-csv.json" && jq "$view" "$OUT/xlsx-reg/results.json" > "$OUT/reg-xlsx.json" &&
		diff "$OUT/reg-csv.json" "$OUT/reg-xlsx.json" | head -n 20 && cmp -s "$OUT/reg-csv.json" "$OUT/reg-xlsx.json"
}
check "the registry as an .xlsx workbook: the same rows and verdicts as its CSV" registry_xlsx

# 6. summary.docx, opened by Writer and saved as XHTML: the indicator table's
#    cells, row by row, are results.json's indicators (№, name and letter,
#    the formula's letters, the count, the share as Russian reports write
#    it); the title's date, V and the note on «не проверено» are its summary's.
docx_cells() { # docx_cells DOCX NAME: Writer's XHTML of DOCX, its table cells as $OUT/NAME.cells
	mkdir -p "$OUT/lo-$2" "$OUT/profile-$2"
	timeout "$SOFFICE_SECS" soffice --headless --norestore "-env:UserInstallation=file://$OUT/profile-$2" \
		--convert-to 'html:XHTML Writer File:UTF8' --outdir "$OUT/lo-$2" "$1" > "$OUT/lo-$2.log" 2>&1
	html=$OUT/lo-$2/$(basename "$1" .docx).html
	[ -s "$html" ] || { cat "$OUT/lo-$2.log" >&2; return 1; }
	# "ROW<TAB>COL<TAB>TEXT" per <td>, tags dropped and entities read back; the text before the table as row 0.
	awk 'BEGIN { RS = "</tr>" }
	function text(s) {
		gsub(/<[^>]*>/, "", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
		gsub(/&amp;/, "\\&", s); gsub(/\n/, " ", s); return s
	}
	/<td/ {
		n = split($0, part, "<td")
		if (!row) { sub(/<table.*/, "", part[1]); printf "0\t0\t%s\n", text(part[1]) }
		row++
		for (i = 2; i <= n; i++) { c = part[i]; sub(/<\/td>.*/, "", c); sub(/^[^>]*>/, "", c); printf "%d\t%d\t%s\n", row, i - 1, text(c) }
	}
	!/<td/ && row { printf "%d\t0\t%s\n", row + 1, text($0) }' "$html" > "$OUT/$2.cells"
}
# The table results.json gives: the header, then per indicator its five cells.
expected_docx() {
	jq -r '
		def ru: (. * 10 | round) as $t | "\($t / 10 | floor),\($t % 10)\u00a0%";
		(["№", "Показатель", "Методика расчета", "Количество ОО", "Значение показателя"]
		 | to_entries[] | "1\t\(.key + 1)\t\(.value)"),
		(.summary.indicators | to_entries[] | (.key + 2) as $r | .value
		 | [(.number | tostring), "\(.name) (\(.letter))", "\(.letter) = \(.letter)1 / V × 100 %",
		    (.count | tostring), (.share | ru)]
		 | to_entries[] | "\($r)\t\(.key + 1)\t\(.value)")' "$RESULTS"
}
# Cell by cell; the formula's cell up to its legend (", где").
same_docx() { # same_docx CELLS
	awk -F '\t' '$1 > 0 && $2 > 0 { if ($2 == 3 && $1 > 1) sub(/, где .*/, "", $3); print $1 "\t" $2 "\t" $3 }' "$1" > "$OUT/docx.got"
	diff "$OUT/docx.want" "$OUT/docx.got" > "$OUT/docx.diff" && return 0
	sed 's/^/    /' "$OUT/docx.diff" | head -n 20
	return 1
}
expected_docx > "$OUT/docx.want"
check "LibreOffice Writer opens summary.docx" docx_cells "$OUT/excel/summary.docx" docx
[ -s "$OUT/docx.cells" ] || : > "$OUT/docx.cells"
check "docx: every cell of the indicator table as results.json's indicators ($(jq '.summary.indicators | length' "$RESULTS") rows)" \
	same_docx "$OUT/docx.cells"
# The comparison itself fails on a table that differs: one count in Writer's output changed, one row dropped.
caught() { ! same_docx "$1" > /dev/null; }
awk -F '\t' 'BEGIN { OFS = "\t" } $1 == 3 && $2 == 4 { $3 = $3 + 1 } { print }' "$OUT/docx.cells" > "$OUT/docx-bad.cells"
awk -F '\t' '$1 != 4' "$OUT/docx.cells" > "$OUT/docx-short.cells"
check "docx: the comparison catches a changed count" caught "$OUT/docx-bad.cells"
check "docx: the comparison catches a missing row" caught "$OUT/docx-short.cells"
docx_head=$(awk -F '\t' '$1 == 0 { print $3 }' "$OUT/docx.cells")
docx_note=$(awk -F '\t' '$2 == 0 && $1 > 0 { print $3 }' "$OUT/docx.cells")
as_of_ru=$(jq -r '.as_of | split("-") | reverse | join(".")' "$RESULTS")
check "docx: the audit's date and V in the title" sh -c "printf '%s' \"\$1\" | grep -q \"по состоянию на $as_of_ru\" &&
	printf '%s' \"\$1\" | grep -q \"(V): $(jq .summary.total "$RESULTS")\\.\"" _ "$docx_head"
check "docx: the note says how many could not be checked, and each share among those checked" \
	sh -c "printf '%s' \"\$1\" | grep -q \"Не проверено: $(jq .summary.unchecked "$RESULTS") ОО из $(jq .summary.total "$RESULTS")\" &&
	[ \$(printf '%s' \"\$1\" | grep -o 'показатель [0-9]* – [0-9]*,[0-9] % ([0-9]* из [0-9]*)' | wc -l) -eq $(jq '.summary.indicators | length' "$RESULTS") ]" _ "$docx_note"

# With --group-by, each group's table (Таблица 2.K) after Table 1: its caption
# names the group and its V, and its cells are that group's indicators in
# results.json's groups (rows 1 and 2 share a phone, 6 and 8 have none: 6 groups).
expected_groups() {
	jq -r '
		def ru: (. * 10 | round) as $t | "\($t / 10 | floor),\($t % 10)\u00a0%";
		.groups | to_entries[] | (.key + 1) as $k | .value
		| "Таблица 2.\($k). Телефон: \(if .name == "" then "(не указано)" else .name end) (ОО: \(.summary.total))",
		  (.summary.indicators[] | "\(.number)\t\(.name) (\(.letter))\t\(.count)\(if .unchecked > 0 then " (не пров. \(.unchecked))" else "" end)\t\(.share | ru)")' \
		"$OUT/groups/results.json"
}
docx_groups() {
	audit groups --group-by 'Телефон' || return 1
	docx_cells "$OUT/groups/summary.docx" groups || return 1
	expected_groups > "$OUT/groups.want"
	# Writer's captions «Таблица 2.K …», each followed by its table's rows (cells 1-4) but the header.
	n=$(($(jq '.summary.indicators | length' "$OUT/groups/results.json") + 1))
	grep -o 'Таблица 2\.[^<]*' "$OUT/lo-groups/summary.html" | sed 's/&quot;/"/g; s/&amp;/\&/g' > "$OUT/groups.captions"
	awk -F '\t' -v n="$n" '
		FNR == NR { cap[++ncap] = $0; next }
		$1 > n && $2 >= 1 { row[$1] = row[$1] (row[$1] == "" ? "" : "\t") $3; if (!($1 in seen)) { seen[$1] = 1; order[++m] = $1 } }
		END { k = 0; for (i = 1; i <= m; i++) { r = row[order[i]]; if (r ~ /^№\t/) { print cap[++k]; continue } print r } }' \
		"$OUT/groups.captions" "$OUT/groups.cells" > "$OUT/groups.got"
	[ "$(jq '.groups | length' "$OUT/groups/results.json")" -eq 6 ] || { echo "    not 6 groups"; return 1; }
	diff "$OUT/groups.want" "$OUT/groups.got" > "$OUT/groups.diff" && return 0
	sed 's/^/    /' "$OUT/groups.diff" | head -n 20
	return 1
}
check "docx with --group-by Телефон: a table per group (caption, V, every indicator) as results.json's groups" docx_groups
xlsx_groups() {
	x=$OUT/groups/noncompliant.xlsx
	unzip -p "$x" xl/workbook.xml | grep -q 'name="По группам"' || { echo "    no sheet «По группам»"; return 1; }
	want=$(jq '(.groups | length + 1) * (.summary.indicators | length) + 1' "$OUT/groups/results.json")
	got=$(unzip -p "$x" xl/worksheets/sheet3.xml | grep -o '<row ' | wc -l)
	[ "$got" = "$want" ] || { echo "    $got rows, want $want"; return 1; }
	unzip -p "$x" xl/worksheets/sheet3.xml | grep -q '<autoFilter' || { echo "    no filter"; return 1; }
}
check "xlsx with --group-by: a sheet «По группам», a row per group and indicator and «Всего», filtered" xlsx_groups

checks_done office
