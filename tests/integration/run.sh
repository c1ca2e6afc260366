#!/bin/sh
# Integration tests: the built binary against fixture sites served over real
# HTTP and HTTPS on 127.0.0.1 by build/fixture-server. Each check prints
# "ok NAME" or "FAIL NAME"; the last line is "integration: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

# The tests choose their own routes to the fixture server.

fixture_start_sites --tls || { echo "integration: 0 passed, 1 failed"; exit 1; }
PROXY=http://127.0.0.1:$FIXTURE_HTTP_PORT

audit_via_proxy() { # audit_via_proxy REGISTRY OUTDIR [options...]
	reg=$1
	dir=$2
	shift 2
	http_proxy=$PROXY "$BIN" audit --orgs "$reg" --out "$dir" --as-of "$AS_OF" --quiet "$@"
}

# The feature cases' registry (fixtures/features/*/case.json; their findings
# are checked by features.sh), for the tests below that need a whole registry.
feature_registry "$OUT/features.csv"

# 1. A windows-1251 registry with ';', Russian headers, quoted ';' and line breaks.
check "cp1251 registry audit exits 0" audit_via_proxy fixtures/registries/cp1251-semicolon.csv "$OUT/cp1251"
check "cp1251 registry findings" sh tests/integration/compare.sh fixtures/expected/cp1251-semicolon.json \
	"$OUT/cp1251/results.json" cp1251
check "cp1251 registry names decoded" \
	sh -c "jq -e '.organizations[0].name == \"МБОУ \\\"СОШ № 1\\\"; корпус 2\" and .organizations[0].extra[\"Ответственный\"] == \"Иванова М.П.\"' '$OUT/cp1251/results.json' >/dev/null"

# 2. The demo registry over HTTPS with the real host names: every host and
#    port is sent to the fixture server with --connect-to, trusted via --cacert.
check "demo audit over https exits 0" "$BIN" audit --orgs examples/nefteyugansk.csv --out "$OUT/demo" \
	--as-of "$AS_OF" --quiet --cacert "$FIXTURE_CA" \
	--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" --connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT"
check "demo findings" sh tests/integration/compare.sh fixtures/expected/nefteyugansk.json \
	"$OUT/demo/results.json" demo

# 3. Without --cacert the fixture certificate is not trusted: unreachable, with curl's reason.
"$BIN" audit --orgs examples/nefteyugansk.csv --out "$OUT/untrusted" --as-of "$AS_OF" --quiet \
	--tries 1 --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" --connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT"
check "untrusted TLS is unreachable with a reason" \
	sh -c "jq -e '.organizations[0] | .status == \"unreachable\" and .unchecked_reason == \"tls\"
		and (.reason | test(\"certificate|SSL\")) and (.problems | join(\" \") | test(\"сертификат\"))' '$OUT/untrusted/results.json' >/dev/null"

# 4. --resolve as in curl: the URL keeps its host name and carries the port.
printf 'id,name,url\n1,Resolve test,http://full-titles.test:%s/pedagogam-i-sotrudnikam/nastavnichestvo/\n' \
	"$FIXTURE_HTTP_PORT" > "$OUT/resolve.csv"
check "--resolve audit exits 0" "$BIN" audit --orgs "$OUT/resolve.csv" --out "$OUT/resolve" --as-of "$AS_OF" \
	--quiet --resolve "full-titles.test:$FIXTURE_HTTP_PORT:127.0.0.1"
check "--resolve findings" sh -c "jq -e '.organizations[0].status == \"compliant\"' '$OUT/resolve/results.json' >/dev/null"

# 5. The per-host limit holds through a proxy: every request goes to the
#    proxy's address, yet the server never sees more than --per-host
#    requests at once for one site, and does see that many.
printf 'id,name,url\na,Slow A,http://slow-a.test/nastavnichestvo/\nb,Slow B,http://slow-b.test/nastavnichestvo/\n' > "$OUT/slow.csv"
for limit in 1 2 3; do
	fixture_reset
	check "per-host $limit audit exits 0" audit_via_proxy "$OUT/slow.csv" "$OUT/slow$limit" --per-host "$limit" --jobs 2 --delay 0
	check "per-host $limit findings" sh tests/integration/compare.sh fixtures/expected/slow.json \
		"$OUT/slow$limit/results.json" "per-host-$limit"
	fixture_stats > "$OUT/stats$limit.json"
	check "per-host $limit: server saw exactly $limit at once per site" \
		sh -c "jq -e '.hosts[\"slow-a.test\"].max_concurrent == $limit and .hosts[\"slow-b.test\"].max_concurrent == $limit' '$OUT/stats$limit.json' >/dev/null"
done

# 6. `check URL` explains each verdict: the found link with its text and
#    rule, and each rejected candidate with its reason.
http_proxy=$PROXY "$BIN" check http://broken-doc.test/nastavnichestvo/ --as-of "$AS_OF" > "$OUT/check-broken.txt"
check "check: exit 0 and status" grep -q "^Status:  noncompliant" "$OUT/check-broken.txt"
check "check: broken link named with its status" \
	grep -q "rejected broken_link (HTTP 404): «Приказ" "$OUT/check-broken.txt"
check "check: found document with text, rule pattern and link status" \
	sh -c "grep -q '^order        FOUND' '$OUT/check-broken.txt' && grep -q 'rule     order, pattern at built-in rules:' '$OUT/check-broken.txt' && grep -q 'link     HTTP 200, application/pdf' '$OUT/check-broken.txt'"
http_proxy=$PROXY "$BIN" check http://normative-only.test/pedagogam-i-sotrudnikam/nastavnichestvo/ \
	--as-of "$AS_OF" > "$OUT/check-normative.txt"
check "check: higher-level acts rejected as such" grep -q "rejected higher_level_act" "$OUT/check-normative.txt"

# 7. Exit codes and one-line errors.
expect_exit() { # expect_exit CODE PATTERN COMMAND...
	want=$1
	pattern=$2
	shift 2
	"$@" > "$OUT/stdout" 2> "$OUT/stderr"
	got=$?
	[ "$got" -eq "$want" ] && grep -q -- "$pattern" "$OUT/stderr"
}
check "no arguments: exit 2" expect_exit 2 "Usage" "$BIN"
check "check without URL: exit 2" expect_exit 2 "exactly one URL" "$BIN" check
check "unknown option: exit 2" expect_exit 2 "unknown option" "$BIN" audit --orgs x --out y --bogus
# An error a person can act on: the exit code, one line naming the file, and no output left.
expect_error() { # expect_error CODE PATTERN COMMAND... (the command writes to $OUT/x)
	expect_exit "$@" && [ "$(wc -l < "$OUT/stderr")" -eq 1 ] && [ ! -e "$OUT/x" ]
}
check "missing registry: exit 3, one line naming the file, no output" expect_error 3 "no-such.csv" \
	"$BIN" audit --orgs "$OUT/no-such.csv" --out "$OUT/x"
check "registry that is a directory: exit 3, one line naming it, no output" expect_error 3 "$OUT/dir.csv" \
	sh -c "mkdir -p '$OUT/dir.csv' && exec '$BIN' audit --orgs '$OUT/dir.csv' --out '$OUT/x'"
printf '[document order]\nname = x\nmatch = (unclosed\n' > "$OUT/bad.rules"
check "bad rule: exit 3, one line with file:line and offset, no output" \
	expect_error 3 "bad.rules:3: bad pattern at offset" \
	"$BIN" audit --orgs "$OUT/features.csv" --out "$OUT/x" --rules "$OUT/bad.rules"
printf 'name,comment\nA,B\n' > "$OUT/nourl.csv"
check "registry without URL column: exit 3, one line, no output" expect_error 3 "nourl.csv" \
	"$BIN" audit --orgs "$OUT/nourl.csv" --out "$OUT/x"
touch "$OUT/file"
fixture_reset
check "unwritable --out: exit 4 naming the path" expect_exit 4 "$OUT/file/sub" \
	audit_via_proxy fixtures/registries/cp1251-semicolon.csv "$OUT/file/sub"
fixture_stats > "$OUT/stats-unwritable.json"
check "unwritable --out: one line, refused before anything is fetched" \
	sh -c "[ \$(wc -l < '$OUT/stderr') -eq 1 ] && jq -e '[.hosts[].requests] | add // 0 | . == 0' '$OUT/stats-unwritable.json' >/dev/null"

# 8. Cron: --fail-under gives exit 5 below the share (reports still written), 0 at or above it.
check "--fail-under above the share: exit 5 naming it" expect_exit 5 "below --fail-under 90%" \
	audit_via_proxy "$OUT/features.csv" "$OUT/fail-under" --fail-under 90 --delay 0
check "--fail-under: reports written anyway" test -s "$OUT/fail-under/results.json"
share=$(jq '.summary.compliant_share' "$OUT/fail-under/results.json")
check "--fail-under at the share ($share): exit 0" \
	audit_via_proxy "$OUT/features.csv" "$OUT/fail-under2" --fail-under "$share" --delay 0
check "--fail-under 101: exit 2" expect_exit 2 "percentage" "$BIN" audit --orgs x --out y --fail-under 101

# 9. --csv-dialect rfc4180: no BOM, commas, CRLF, the same rows as the Excel file.
printf 'id;name;url;Телефон\n1;"Школа ""Радуга"", корпус 2";http://forbidden-403.test/;+7 (3463) 22-33-44\n' \
	> "$OUT/rfc.csv"
check "--csv-dialect rfc4180 exits 0" audit_via_proxy "$OUT/rfc.csv" "$OUT/rfc" --csv-dialect rfc4180 --delay 0
check "rfc4180: header without BOM, comma-separated, CRLF" \
	sh -c "head -n 1 '$OUT/rfc/noncompliant.csv' | grep -q '^№,Наименование,Ссылка,Статус,Отсутствующие документы,Не проверено,Замечания,Телефон'\$(printf '\\r')'\$'"
check "rfc4180: a comma or quote in a cell is quoted, quotes doubled; the extra column kept as is" \
	grep -q '^1,"Школа ""Радуга"", корпус 2",http://forbidden-403.test/,не проверено: доступ закрыт,,.* — сайт отказал в доступе,.*код ответа 403.*,+7 (3463) 22-33-44' "$OUT/rfc/noncompliant.csv"
check "--csv-dialect other: exit 2" expect_exit 2 "csv-dialect" "$BIN" audit --orgs x --out y --csv-dialect tsv

# 10. No row lost: a registry with an unreadable record is audited all the same, and the
#     run says so with exit 7 (which wins over --fail-under's 5).
printf 'id;name;url\n1;Школа 1;http://full-titles.test/pedagogam-i-sotrudnikam/nastavnichestvo/\n2;"Школа 2"x;http://forbidden-403.test/\n3;Школа 3;http://forbidden-403.test/\n' \
	> "$OUT/unread.csv"
check "an unreadable registry record: exit 7, one line with the count" \
	sh -c "http_proxy='$PROXY' '$BIN' audit --orgs '$OUT/unread.csv' --out '$OUT/unread' --as-of '$AS_OF' --quiet \
	         --delay 0 2> '$OUT/unread.err'; [ \$? -eq 7 ] &&
	       [ \$(grep -c 'could not be read' '$OUT/unread.err') -eq 1 ] &&
	       grep -q 'unread.csv: 1 registry record could not be read' '$OUT/unread.err' &&
	       grep -q 'unread.csv:3: text after the closing quote in column 2' '$OUT/unread.err'"
jq_true() { # jq_true FILTER FILE: the filter yields true
	jq -e "$1" "$2" >/dev/null
}
check "exit 7: every readable row in results.json, the unreadable one under registry_issues" \
	jq_true '([.organizations[] | .line] == [2, 4]) and
	       (.registry_issues == [{"line": 3, "reason": "text after the closing quote in column 2"}]) and
	       (.registry_issues_dropped == 0)' "$OUT/unread/results.json"
check "exit 7: the four reports are written" \
	sh -c "for f in results.json noncompliant.csv summary.md report.html; do test -s '$OUT/unread/'\$f || exit 1; done"
check "exit 7 wins over --fail-under, and both are said" \
	sh -c "http_proxy='$PROXY' '$BIN' audit --orgs '$OUT/unread.csv' --out '$OUT/unread2' --as-of '$AS_OF' --quiet \
	         --delay 0 --fail-under 100 2> '$OUT/unread2.err'; [ \$? -eq 7 ] &&
	       grep -q 'below --fail-under 100%' '$OUT/unread2.err' && grep -q 'could not be read' '$OUT/unread2.err'"

checks_done integration
