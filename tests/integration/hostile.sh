#!/bin/sh
# Hostile page shapes: a section page with 25 000 attributes in one tag
# before its documents, a page below a section nested 20 000 levels deep,
# and a section page with 60 000 links after its documents, audited
# together with a healthy school. Each page is read up to the tag that
# passed a cap of its shape; what was not read is "не проверено" for its
# own organisation only, said with the cap; the healthy school is judged as
# alone; the run takes seconds, not the minutes libxml2 would spend.
# Last line: "hostile: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

SITES=$OUT/sites
SECTION=pedagogam-i-sotrudnikam/nastavnichestvo/index.html
mkdir -p "$SITES"
cp -R fixtures/features/full-titles/sites/full-titles.test "$SITES/healthy.test"
cp -R fixtures/features/full-titles/sites/full-titles.test "$SITES/attrs.test"
cp -R fixtures/features/full-titles/sites/full-titles.test "$SITES/links.test"
cp -R fixtures/features/subpages/sites/subpages.test "$SITES/deep.test"

# 25 000 attributes in one tag before the documents' links (libxml2: quadratic).
awk 'BEGIN { s = "<div"; for (i = 0; i < 25000; i++) s = s " a" i "=1"; print s "></div>" }' > "$OUT/attrs"
sed -i "/<body/r $OUT/attrs" "$SITES/attrs.test/$SECTION"
# 60 000 links after the documents' links (the tree: hundreds of MB).
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "<a href=\"/p%d\">x</a>", i; print "" }' > "$OUT/links"
sed -i "/<\/body>/e cat $OUT/links" "$SITES/links.test/$SECTION"
# The programmes' page, two levels below the section, nested 20 000 levels deep.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "<div>"; print "" }' > "$OUT/deep"
sed -i "/<body/r $OUT/deep" "$SITES/deep.test/nastavnichestvo/dokumenty/programmy/index.html"

fixture_start "$SITES" || { echo "hostile: 0 passed, 1 failed"; exit 1; }
printf 'id,name,url\n1,Healthy,http://healthy.test/%s\n2,Attributes,http://attrs.test/%s\n3,Links,http://links.test/%s\n4,Deep,http://deep.test/nastavnichestvo/\n' \
	"${SECTION%index.html}" "${SECTION%index.html}" "${SECTION%index.html}" > "$OUT/registry.csv"

start=$(date +%s)
check "audit exits 0" "$BIN" audit --orgs "$OUT/registry.csv" --out "$OUT/run" --as-of "$AS_OF" --quiet \
	--connect-to "::127.0.0.1:$FIXTURE_HTTP_PORT" --jobs 4 --org-time 60
seconds=$(( $(date +%s) - start ))
R=$OUT/run/results.json
org() { # org ID JQ-FILTER: the filter holds for organisation ID
	jq -e --arg id "$1" ".organizations[] | select(.id == \$id) | $2" "$R" >/dev/null
}
check "the run took seconds ($seconds s), not minutes" test "$seconds" -lt 30
check "the healthy school, audited at the same time, is compliant" org 1 '.status == "compliant"'
check "25 000 attributes before the documents: incomplete, the documents not checked, the cap said" \
	org 2 '.status == "incomplete" and .unchecked_reason == "page_too_complex"
	       and (.unchecked | contains(["order", "regulation", "roadmap", "pair_orders", "programs"]))
	       and any(.findings[]; .kind == "page_too_complex" and .count == 25000 and .cap == 256
	               and .detail == "attributes in one tag")
	       and any(.problems[]; test("разметка слишком сложна"))'
check "60 000 links after the documents: compliant from what was read, the elements cap said" \
	org 3 '.status == "compliant" and any(.findings[]; .detail == "elements" and .cap == 50000 and .count == 50001)'
check "a page below the section nested too deep: the rest of the section judged, incomplete" \
	org 4 '.status == "incomplete" and .unchecked_reason == "page_too_complex"
	       and .documents.order.state == "found" and .documents.pair_orders.state == "found"
	       and .documents.programs.state == "unchecked"
	       and any(.findings[]; .detail == "levels of nesting" and (.url | endswith("/programmy/")))'
check "report.html and noncompliant.csv say «не проверено» with the reason" \
	sh -c "grep -q 'слишком сложна для автоматического разбора' '$OUT/run/noncompliant.csv' &&
	       grep -q 'слишком сложна для автоматического разбора' '$OUT/run/report.html'"

# A host that refuses connections, named by two organisations: tried for the
# first, remembered as down for the run, not tried again for the second.
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'id,name,url\n1,First,http://dead.test/a/\n2,Second,http://dead.test/b/\n' > "$OUT/dead.csv"
check "a dead host: audit exits 0" "$BIN" audit --orgs "$OUT/dead.csv" --out "$OUT/dead" --as-of "$AS_OF" \
	--quiet --jobs 1 --ignore-robots --connect-to "dead.test:80:127.0.0.1:$closed"
R=$OUT/dead/results.json
check "a dead host: both unreachable (connect); the second not tried again, said so" \
	sh -c "jq -e '[.organizations[] | .status == \"unreachable\" and .unchecked_reason == \"connect\"] | all' '$R' >/dev/null &&
	       jq -e '.organizations[1].findings | any(.kind == \"host_down\")' '$R' >/dev/null &&
	       jq -e '.organizations[1].problems | any(test(\"уже не ответил раньше\"))' '$R' >/dev/null &&
	       jq -e '.organizations[0].findings | all(.kind != \"host_down\")' '$R' >/dev/null"

# Issue 15's measure: a page with 200 000 attributes in one tag beside three
# healthy schools leaves their verdicts as they are, and the run's wall time
# within 10 % of the run without it (the better of two runs each; the
# healthy sites' requests are spaced by --delay, so the runs take seconds).
for h in 1 2 3; do
	cp -R fixtures/features/full-titles/sites/full-titles.test "$SITES/healthy$h.test"
done
cp -R fixtures/features/full-titles/sites/full-titles.test "$SITES/attrs200k.test"
awk 'BEGIN { printf "<div"; for (i = 0; i < 200000; i++) printf " a%d=1", i; print "></div>" }' > "$OUT/attrs200k"
sed -i "/<body/r $OUT/attrs200k" "$SITES/attrs200k.test/$SECTION"
printf 'id,name,url\n' > "$OUT/three.csv"
for h in 1 2 3; do
	printf '%s,Healthy %s,http://healthy%s.test/%s\n' "$h" "$h" "$h" "${SECTION%index.html}" >> "$OUT/three.csv"
done
cp "$OUT/three.csv" "$OUT/four.csv"
printf '4,Attributes,http://attrs200k.test/%s\n' "${SECTION%index.html}" >> "$OUT/four.csv"
now_ms() { date +%s%3N; }
best_ms() { # best_ms NAME REGISTRY: the better wall time of two audits, in ms; results in $OUT/NAME
	b_best=
	for b_try in 1 2; do
		b_start=$(now_ms)
		"$BIN" audit --orgs "$2" --out "$OUT/$1" --as-of "$AS_OF" --quiet --jobs 4 --delay 0.3 \
			--connect-to "::127.0.0.1:$FIXTURE_HTTP_PORT" || return 1
		b_ms=$(( $(now_ms) - b_start ))
		if [ -z "$b_best" ] || [ "$b_ms" -lt "$b_best" ]; then b_best=$b_ms; fi
	done
	echo "$b_best"
}
alone_ms=$(best_ms three "$OUT/three.csv")
beside_ms=$(best_ms four "$OUT/four.csv")
for run in three four; do
	jq -S '[.organizations[] | select(.id != "4")]' "$OUT/$run/results.json" > "$OUT/$run.healthy.json"
done
check "200 000 attributes beside three healthy schools: their verdicts as without it" \
	cmp "$OUT/three.healthy.json" "$OUT/four.healthy.json"
check "... and the page itself not checked, the cap said" \
	jq -e '.organizations[] | select(.id == "4") | .status == "incomplete"
	       and any(.findings[]; .count == 200000 and .cap == 256)' "$OUT/four/results.json" >/dev/null
check "... and the run's wall time within 10 % of the run without it (${beside_ms:-?} ms against ${alone_ms:-?} ms)" \
	test "${beside_ms:-999999999}" -le $(( ${alone_ms:-0} * 110 / 100 ))

# Memory: 40 section pages that never end, fetched at once, each kept up to
# its 8 MiB cap. The page bodies of the run wait for room in one budget
# (CAP_RUN_BODY_BYTES), so the run's peak RSS stays under 64 MiB plus one
# page's parse per thread, whatever the number of pages in flight (before:
# 318 MB with --threads 1, 362 MB with 2). A page's parse is measured here:
# an audit of one such page less an audit of a page that is not there.
# Measured on the plain build (RSS_BIN), as in faults.sh.
RSS_BIN=${RSS_BIN:-$BIN}
ENDLESS=$OUT/endless
printf 'id,name,url\n' > "$OUT/endless.csv"
for i in $(seq 1 40); do
	mkdir -p "$ENDLESS/big$i.test/nast"
	printf '<html><head><title>Наставничество</title></head><body><h1>Наставничество</h1>\n' \
		> "$ENDLESS/big$i.test/nast/index.html"
	echo 'endless /nast/' > "$ENDLESS/big$i.test/_site.conf"
	printf '%s,Big %s,http://big%s.test/nast/\n' "$i" "$i" "$i" >> "$OUT/endless.csv"
done
fixture_stop
fixture_start "$ENDLESS" || { echo "hostile: 0 passed, 1 failed"; exit 1; }
measured() { # measured NAME REGISTRY THREADS: audit with RSS_BIN; sets RC and RSS (KB)
	peak_rss "$OUT/$1.stderr" "$RSS_BIN" audit --orgs "$2" --out "$OUT/$1" --as-of "$AS_OF" --quiet \
		--ignore-robots --jobs 40 --threads "$3" --connect-to "::127.0.0.1:$FIXTURE_HTTP_PORT"
}
head -n 2 "$OUT/endless.csv" > "$OUT/one.csv"
printf 'id,name,url\n1,None,http://big1.test/none/\n' > "$OUT/none.csv"
measured none "$OUT/none.csv" 1
none_kb=${RSS:-0}
measured one "$OUT/one.csv" 1
page_kb=$(( ${RSS:-0} - none_kb ))
echo "one page's parse: $page_kb KB (an audit of one page $RSS KB, of none $none_kb KB)"
for t in 1 2; do
	measured "endless-$t" "$OUT/endless.csv" "$t"
	bound=$(( 65536 + t * page_kb ))
	check "40 endless pages at once, --threads $t: exit 0, peak RSS ${RSS:-?} KB under 64 MiB + $t x $page_kb KB" \
		test "$RC" -eq 0 -a "${RSS:-999999999}" -lt "$bound"
	check "... every one of the 40 read up to its cap, none lost to the wait" \
		jq -e '[.organizations[] | .status == "incomplete" and .unchecked_reason == "truncated"]
		       | length == 40 and all' "$OUT/endless-$t/results.json" >/dev/null
done

# A document poppler cannot be stopped on (a page of a million text
# operators: 15 s and 0.9 GB in process) as the road map, beside a healthy
# school: its reader process is stopped at --doc-time, the road map is judged
# by its link and said to be unread, the healthy school is as alone, and no
# reader is left running.
fixture_stop
DOCS=$OUT/docsites
mkdir -p "$DOCS"
cp -R fixtures/features/full-titles/sites/full-titles.test "$DOCS/heavydoc.test"
cp -R fixtures/features/full-titles/sites/full-titles.test "$DOCS/healthy.test"
cp fixtures/docs/hostile/ops-1m.pdf "$DOCS/heavydoc.test/upload/iblock/3a1/dorozhnaya_karta.pdf"
fixture_start "$DOCS" || { echo "hostile: 0 passed, 1 failed"; exit 1; }
printf 'id,name,url\n1,Healthy,http://healthy.test/%s\n2,Heavy document,http://heavydoc.test/%s\n' \
	"${SECTION%index.html}" "${SECTION%index.html}" > "$OUT/heavydoc.csv"
start=$(now_ms)
check "a document its reader cannot finish: audit exits 0" "$BIN" audit --orgs "$OUT/heavydoc.csv" \
	--out "$OUT/heavydoc" --as-of "$AS_OF" --quiet --connect-to "::127.0.0.1:$FIXTURE_HTTP_PORT" --doc-time 3
ms=$(( $(now_ms) - start ))
R=$OUT/heavydoc/results.json
check "... in seconds ($ms ms): the reader was stopped at --doc-time, not waited for" test "$ms" -lt 40000
check "... the road map judged by its link, said to be unread; the school compliant" \
	org 2 '.status == "compliant" and .documents.roadmap.recognised == "link"
	       and any(.findings[]; .kind == "document_unread" and .document == "roadmap" and .detail == "over_cap")'
check "... the healthy school beside it compliant, its documents read by their headings or links" \
	org 1 '.status == "compliant" and all(.findings[]; .kind != "document_unread")'
check "... no reader process left running" sh -c "! pgrep -f '[_]_read-documents' >/dev/null"

checks_done hostile
