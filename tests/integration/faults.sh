#!/bin/sh
# Fault injection (fixtures/faults/README.md lists the sites): one audit of
# every fault site at once, through the fixture server as HTTP proxy, plus
# registry rows with unusable URLs, a duplicate id and a record with one
# cell more than the header.
# Checks that nothing is lost (every registry row once in results.json, or
# under registry_issues), the verdict and reason each fault must give, that
# memory and time stay bounded, and that the output directory holds only the
# reports. Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "faults: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
. tests/integration/lib.sh
integration_begin

REG=fixtures/registries/faults.csv
RUN_MS_MAX=90000        # the whole fault audit
HEAVY_MS_MAX=10000      # 10 000 links, 10 000 levels, 100 KB attributes
RSS_KB_MAX=204800       # peak RSS of the whole fault audit (200 MiB)
BOMB_RSS_KB_MAX=102400  # peak RSS auditing the gzip bomb alone (100 MiB)
BOMB_WIRE_MAX=262144    # bytes the tool may take of the ~1 MB gzip bomb (a quarter)
# The memory bounds are the program's own: a sanitized BIN (make test) carries
# ASan's shadow memory, so the Makefile names the plain build in RSS_BIN and
# the two measured audits run once more with it. Unset: BIN is measured.
RSS_BIN=${RSS_BIN:-$BIN}
# Under valgrind (make check-valgrind) the process carries memcheck's own
# memory: the bounds are for the program alone, so they are not checked there.
if [ -n "${VG_REAL_BIN:-}" ]; then
	RSS_KB_MAX=999999999
	BOMB_RSS_KB_MAX=999999999
fi
CAP_BODY=8388608        # CAP_BODY_BYTES (core/caps.h)
CAP_URL=8192            # CAP_URL_BYTES

fixture_start fixtures/faults || { echo "faults: 0 passed, 1 failed"; exit 1; }
PROXY=http://127.0.0.1:$FIXTURE_HTTP_PORT

now_ms() { date +%s%3N; }

# audit NAME REGISTRY [options...]: audit through the proxy into $OUT/NAME,
# 127.0.0.1 past it with --allow-private (the refused-port redirect must
# really connect: this is about a refused connection, not where links may
# lead, which tests/integration/private.sh checks), with short timeouts. Sets RC (exit status) and RSS (peak RSS in KB, "" when
# it could not be measured); stderr goes to $OUT/NAME.stderr.
audit() {
	a_name=$1
	a_reg=$2
	shift 2
	set -- "${A_BIN:-$BIN}" audit --orgs "$a_reg" --out "$OUT/$a_name" --as-of "$AS_OF" ${A_QUIET---quiet} \
		--timeout 5 --tries 2 --allow-private "$@"
	peak_rss "$OUT/$a_name.stderr" env http_proxy="$PROXY" no_proxy=127.0.0.1,localhost "$@"
}

# jqe JQ-FILTER FILE: the filter holds for the file.
jqe() { jq -e "$1" "$2" >/dev/null; }

# org ID JQ-FILTER: the filter holds for the organisation with ID (the
# first row with that id) in the main run.
org() {
	jq -e --arg id "$1" "first(.organizations[] | select(.id == \$id)) | $2" \
		"$OUT/all/results.json" >/dev/null
}

# served HOST PATH: how many body bytes the server sent for GET PATH (sum).
served() {
	awk -v h="$1" -v p="$2" '$1 == h && $2 == "GET" && $3 == p { n += $5 } END { print n + 0 }' \
		"$FIXTURE_LOG"
}

# requested HOST PATH: how many requests the server saw for PATH.
requested() {
	awk -v h="$1" -v p="$2" '$1 == h && $3 == p { n++ } END { print n + 0 }' "$FIXTURE_LOG"
}

# ------------------------------------------------------------------
# 1. One audit over every fault site and every unusable registry row.
t0=$(now_ms)
audit all "$REG"
t1=$(now_ms)
RUN_MS=$((t1 - t0))
RUN_RSS=$RSS
if [ "$RSS_BIN" != "$BIN" ]; then
	A_BIN=$RSS_BIN audit all-rss "$REG"
	RUN_RSS=$RSS
fi
check "audit exits 0 (exit $RC)" test "$RC" -eq 0
check "whole run under $((RUN_MS_MAX / 1000)) s ($RUN_MS ms)" test "$RUN_MS" -lt "$RUN_MS_MAX"
check "peak RSS under $((RSS_KB_MAX / 1024)) MiB (${RUN_RSS:-?} KB)" test "${RUN_RSS:-999999999}" -lt "$RSS_KB_MAX"
check "output dir holds the reports and the notices, nothing else" \
	sh -c "[ \"\$(ls -A '$OUT/all' | sort | tr '\n' ' ')\" = 'noncompliant.csv noncompliant.xlsx notices report.html results.json summary.docx summary.md ' ]"
for f in results.json noncompliant.csv summary.md report.html; do
	check "$f is valid UTF-8" sh -c "iconv -f UTF-8 -t UTF-8 '$OUT/all/$f' >/dev/null 2>&1"
done
check "nothing of /etc/passwd in any report or notice" sh -c "! grep -rq 'root:x:0:0' '$OUT/all'"

# Fault answers are logged by the server once their connection is over:
# wait until the log stops growing (at most 5 s).
i=0
n0=-1
n1=$(wc -l < "$FIXTURE_LOG")
while [ "$n0" != "$n1" ] && [ "$i" -lt 25 ]; do
	sleep 0.2
	n0=$n1
	n1=$(wc -l < "$FIXTURE_LOG")
	i=$((i + 1))
done

# ------------------------------------------------------------------
# 2. Nothing lost: every data record of the registry is in results.json
#    exactly once, by its line and id, unless the registry reader could not
#    read it, in which case it is under registry_issues. (No field of this
#    registry spans lines, so a record is a line.)
awk -F, 'NR > 1 && NF > 0 { print NR, $1 }' "$REG" > "$OUT/reg-records"
jq -r '.organizations[] | "\(.line) \(.id)"' "$OUT/all/results.json" > "$OUT/res-rows"
jq -r '.registry_issues[] | .line' "$OUT/all/results.json" > "$OUT/res-unread"
check "results.json: one row per readable record ($(wc -l < "$OUT/res-rows") of $(wc -l < "$OUT/reg-records") records, $(wc -l < "$OUT/res-unread") unreadable)" \
	test "$(($(wc -l < "$OUT/res-rows") + $(wc -l < "$OUT/res-unread")))" -eq "$(wc -l < "$OUT/reg-records")"
# (FILENAME, not NR == FNR: the first file may be empty.)
awk 'FILENAME == ARGV[1] { unread[$1] = 1; next } !($1 in unread)' "$OUT/res-unread" "$OUT/reg-records" \
	> "$OUT/reg-rows"
check "results.json: rows in registry order, each line once, ids as in the registry" \
	cmp -s "$OUT/reg-rows" "$OUT/res-rows"
check "the record with a fifth cell is a row; the cell is kept as column 5, the other rows have it empty" \
	jqe '([.organizations[] | select(.line == 33)][0].extra["столбец 5"] == "лишнее") and
	     ([.organizations[] | select(.line != 33) | .extra["столбец 5"]] | unique == [""]) and
	     (.registry_issues == [])' "$OUT/all/results.json"
check "no registry issue on stderr" sh -c "! grep -q '$REG:' '$OUT/all.stderr'"
check "duplicate id 21: both rows audited, and no registry issue" \
	sh -c "jq -e '([.organizations[] | select(.id == \"21\") | .line] == [22, 32]) and
		([.registry_issues[] | select(.line == 32)] | length == 0)' \
		'$OUT/all/results.json' >/dev/null"
check "the second id 21 row has its own verdict" \
	jqe '[.organizations[] | select(.line == 32)][0].status == "compliant"' "$OUT/all/results.json"
check "summary counts every row once, every organisation once" \
	jqe '.summary.rows == (.organizations | length) and ([.summary.by_status[]] | add) == .summary.total
	     and .summary.total == ([.organizations[] | select(.counted)] | length)' \
	"$OUT/all/results.json"
check "no request for any host but the fault sites" \
	sh -c "awk '{ print \$1 }' '$FIXTURE_LOG' | sort -u | while read -r h; do [ -d 'fixtures/faults/'\"\$h\" ] || exit 1; done"

# ------------------------------------------------------------------
# 3. Unusable URLs: invalid_url with the reason, nothing fetched.
for id in 22 23 24 25 26 27 28 29 30; do
	check "row $id: invalid_url, reason in .reason and problems, all missing" \
		org "$id" '.status == "invalid_url" and (.missing | length) == 5 and (.reason | length > 0) and
			(.problems | any(test("^некорректная ссылка в реестре: .+")))'
done
# What is wrong, in English for scripts, stays in .reason; the problem quotes the URL in Russian.
check "row 22 (empty): says empty URL" org 22 '.reason == "empty URL" and .unchecked_reason == "invalid_url"'
check "row 23 (ftp:): not http(s)" org 23 '.reason == "not an http or https URL"'
check "row 26 (10 KB URL): too long" org 26 '.reason | test("URL too long")'
check "row 27 (file:): not http(s)" org 27 '.reason == "not an http or https URL"'
check "row 24 (javascript:): not http(s), in .reason" org 24 '.reason == "not an http or https URL"'

# ------------------------------------------------------------------
# 4. Each fault, its verdict.
check "reset mid-body: unreachable with curl's reason" \
	org 1 '.status == "unreachable" and (.reason | test("Connection reset by peer"))'
check "reset mid-body: the server cut the body at 400 bytes, every time" \
	sh -c "awk '\$1 == \"reset-mid-body.test\" && \$3 == \"/nastavnichestvo/\" { n++; if (\$5 != 400) bad++ }
		END { exit !(n > 0 && bad == 0) }' '$FIXTURE_LOG'"
check "truncated chunked: unreachable with curl's reason" \
	org 2 '.status == "unreachable" and (.reason | test("transfer closed with outstanding read data remaining"))'
check "Content-Length above the body: unreachable with curl's reason" \
	org 3 '.status == "unreachable" and (.reason | test("transfer closed with [0-9]+ bytes remaining to read"))'
check "Content-Length below the body: noncompliant on the bytes promised, all five missing" \
	org 4 '.status == "noncompliant" and .section_reached and (.missing | length) == 5'

check "endless body: compliant, cut at the cap and said so" \
	org 5 '.status == "compliant" and (.problems | any(test("страница http://endless-body.test/nastavnichestvo/ обрезана по пределу размера")))'
b=$(served endless-body.test /nastavnichestvo/)
check "endless body: the tool read the cap and stopped ($b bytes sent)" \
	sh -c "[ '$b' -ge $CAP_BODY ] && [ '$b' -lt $((CAP_BODY * 16)) ]"
check "endless body, no charset, cut inside a letter: compliant, cut and said so" \
	org 6 '.status == "compliant" and (.problems | any(test("обрезана по пределу размера")))'

check "gzip bomb: compliant, cut at the cap and said so" \
	org 7 '.status == "compliant" and (.problems | any(test("страница http://gzip-bomb.test/nastavnichestvo/ обрезана по пределу размера")))'

check "binary as text/html: noncompliant, section reached, all five missing" \
	org 8 '.status == "noncompliant" and .section_reached and (.missing | length) == 5'
check "invalid UTF-8: compliant" org 9 '.status == "compliant"'
check "invalid UTF-8: bad bytes became U+FFFD in the titles" \
	org 9 '(.documents.order.title | test("\uFFFD")) and (.documents.regulation.title | test("\uFFFD"))'
check "mixed encodings, UTF-8 declared: compliant" org 10 '.status == "compliant"'
check "mixed encodings, nothing declared: compliant (UTF-8 bulk read as UTF-8)" \
	org 11 '.status == "compliant"'
check "malformed HTML: compliant" org 12 '.status == "compliant"'
check "malformed HTML: neither the link inside the open comment nor the second href requested" \
	sh -c "[ \$(awk '\$1 == \"malformed-html.test\" && (\$3 == \"/files/hidden.pdf\" || \$3 == \"/files/none.pdf\")' '$FIXTURE_LOG' | wc -l) -eq 0 ]"
check "10 000 nested elements: read to the nesting cap, the documents below it not checked, said so" \
	org 13 '.status == "incomplete" and .unchecked_reason == "page_too_complex"
	        and any(.findings[]; .detail == "levels of nesting" and .cap == 1024)'
check "10 000 links: the documents after them found, or the dropped links reported" \
	org 14 '.status == "compliant" or (.problems | any(test("many-links.test/nastavnichestvo/") and test("ссыл")))'
check "long URLs and attributes: compliant" org 15 '.status == "compliant"'
check "long URLs: none over $CAP_URL bytes requested" \
	sh -c "awk '\$1 == \"long-url.test\" && length(\$3) > $CAP_URL { exit 1 }' '$FIXTURE_LOG'"
check "long attributes: no string over 16 KiB in results.json" \
	jqe '[.. | strings | length] | max < 16384' "$OUT/all/results.json"

# A redirect to another scheme is the site's own answer: the link leads to no web page.
check "redirect to file:: not followed; the registry link is reported broken, no section" \
	org 16 '.status == "no_section" and (.problems | any(test("ссылка из реестра не открывается \\(перенаправляет на адрес, который не является веб-страницей")))'
check "redirect to ftp:: not followed; the registry link is reported broken, no section" \
	org 17 '.status == "no_section" and (.problems | any(test("ссылка из реестра не открывается \\(перенаправляет на адрес, который не является веб-страницей")))'
check "redirect to a refused port: unreachable with curl's reason" \
	org 18 '.status == "unreachable" and (.reason | test("Failed to connect to 127.0.0.1 port 9"))'
check "redirect to another host: followed, compliant there, registry fix suggested" \
	org 19 '.status == "compliant" and .section_url == "http://redirect-target.test/nastavnichestvo/" and
		(.problems | any(test("раздел найден по адресу http://redirect-target.test/nastavnichestvo/")))'
check "redirect to a host whose robots.txt disallows the section: blocked" \
	org 20 '.status == "blocked" and (.reason | test("robots.txt"))'
check "redirect to a host whose robots.txt disallows the section: the section never requested there" \
	test "$(requested robots-target.test /nastavnichestvo/)" -eq 0
check "document link redirected to ftp:: a broken link (noncompliant, order missing), the others found" \
	org 21 '.status == "noncompliant" and .missing == ["order"] and .documents.order.broken_url != null
		and .documents.regulation.found and .documents.roadmap.found
		and .documents.pair_orders.found and .documents.programs.found
		and (.problems | any(test("битая ссылка на документ «Приказ о внедрении»")))'

# ------------------------------------------------------------------
# 5. The heavy pages alone, timed, and the gzip bomb alone, measured.
printf 'id,name,url\n1,Links,http://many-links.test/nastavnichestvo/\n2,Deep,http://deep-nesting.test/nastavnichestvo/\n3,Long,http://long-url.test/nastavnichestvo/\n' \
	> "$OUT/heavy.csv"
t0=$(now_ms)
audit heavy "$OUT/heavy.csv" --delay 0
t1=$(now_ms)
HEAVY_MS=$((t1 - t0))
check "heavy pages: audit exits 0" test "$RC" -eq 0
check "heavy pages: 10 000 links, 10 000 levels, 100 KB attributes in under $((HEAVY_MS_MAX / 1000)) s ($HEAVY_MS ms)" \
	test "$HEAVY_MS" -lt "$HEAVY_MS_MAX"
printf 'id,name,url\n1,Bomb,http://gzip-bomb.test/nastavnichestvo/\n' > "$OUT/bomb.csv"
A_QUIET=--verbose audit bomb "$OUT/bomb.csv" --delay 0
BOMB_RSS=$RSS
# What the tool itself took off the wire (its own count, curl's), not what the
# server wrote: the loopback's socket buffers can hold the whole ~1 MB bomb.
BOMB_BYTES=$(sed -n 's/.* \([0-9][0-9]*\) bytes received.*/\1/p' "$OUT/bomb.stderr" | tail -n 1)
if [ "$RSS_BIN" != "$BIN" ]; then
	A_BIN=$RSS_BIN audit bomb-rss "$OUT/bomb.csv" --delay 0
	BOMB_RSS=$RSS
fi
check "gzip bomb alone: audit exits 0" test "$RC" -eq 0
check "gzip bomb alone: the tool read little of it (${BOMB_BYTES:-?} bytes of ~1 MB compressed)" \
	test "${BOMB_BYTES:-999999999}" -lt "$BOMB_WIRE_MAX"
check "gzip bomb alone: peak RSS under $((BOMB_RSS_KB_MAX / 1024)) MiB (${BOMB_RSS:-?} KB)" \
	test "${BOMB_RSS:-999999999}" -lt "$BOMB_RSS_KB_MAX"

echo "faults: timing: whole run ${RUN_MS} ms (peak RSS ${RUN_RSS:-?} KB), heavy pages ${HEAVY_MS} ms, gzip bomb peak RSS ${BOMB_RSS:-?} KB"
checks_done faults
