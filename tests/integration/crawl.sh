#!/bin/sh
# Crawler politeness and failure handling against the fixture server
# (fixtures/README-crawl.md lists the sites): robots.txt, Crawl-delay and
# the per-host delay as the server saw them, per-domain concurrency,
# transient and persistent errors, hosts that never answer or refuse,
# untrusted TLS, redirect loops, calendar traps, gzip, conditional requests
# with --cache, the User-Agent, progress output and the robots command.
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "crawl: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

fixture_start_sites --tls || { echo "crawl: 0 passed, 1 failed"; exit 1; }
PROXY=http://127.0.0.1:$FIXTURE_HTTP_PORT

now_ms() { date +%s%3N; }

# registry NAME HOST... : a registry of the hosts' sections, ids 1..N.
registry() {
	reg_name=$1
	shift
	i=0
	echo "id,name,url" > "$OUT/$reg_name.csv"
	for h in "$@"; do
		i=$((i + 1))
		echo "$i,School $h,http://$h/nastavnichestvo/" >> "$OUT/$reg_name.csv"
	done
}

audit() { # audit NAME [options...]: audit $OUT/NAME.csv through the proxy into $OUT/NAME
	run_name=$1
	shift
	http_proxy=$PROXY "$BIN" audit --orgs "$OUT/$run_name.csv" --out "$OUT/$run_name" --as-of "$AS_OF" --quiet "$@"
}

# org RUN ID JQ-FILTER: the filter holds for organisation ID of RUN's results.json.
org() {
	jq -e --arg id "$2" ".organizations[] | select(.id == \$id) | $3" "$OUT/$1/results.json" >/dev/null
}

# stat FILE JQ-FILTER: the filter holds for the saved server stats.
stat() { jq -e "$2" "$1" >/dev/null; }

# 1. robots.txt: the * group, an agent's own group with Crawl-delay, 5xx, 404.
registry robots robots-deny.test robots-agent.test robots-5xx.test robots-404.test
fixture_reset
check "robots: audit exits 0" audit robots
fixture_stats > "$OUT/robots-stats.json"
check "robots: Disallow for * makes the site blocked, naming line and rule" \
	org robots 1 '.status == "blocked" and (.reason | test("robots.txt line 5: Disallow: /nastavnichestvo/ \\(User-agent: \\*\\)"))'
check "robots: nothing below a disallowed section was requested" \
	stat "$OUT/robots-stats.json" '[.hosts["robots-deny.test"].paths | keys[] | select(startswith("/nastavnichestvo"))] | length == 0'
check "robots: the agent's own group allows the section: compliant" org robots 2 '.status == "compliant"'
check "robots: the disallowed archive was never requested" \
	stat "$OUT/robots-stats.json" '[.hosts["robots-agent.test"].paths | keys[] | select(startswith("/nastavnichestvo/arhiv"))] | length == 0'
check "robots: Crawl-delay 1 s: requests at least 1 s apart at the server" \
	stat "$OUT/robots-stats.json" '.hosts["robots-agent.test"].min_gap_ms >= 950 and .hosts["robots-agent.test"].requests >= 5'
check "robots: robots.txt read once per host" \
	stat "$OUT/robots-stats.json" '[.hosts[] | .paths["/robots.txt"] // 0] | all(. == 1 or . == 3)'
check "robots: a 5xx robots.txt is retried, then the site is blocked" \
	org robots 3 '.status == "blocked" and (.reason | test("robots.txt answered HTTP 503"))'
check "robots: after a 5xx robots.txt nothing else was requested" \
	stat "$OUT/robots-stats.json" '.hosts["robots-5xx.test"].paths == {"/robots.txt": 3}'
check "robots: a 404 robots.txt allows all: compliant" org robots 4 '.status == "compliant"'

# A dead origin behind the proxy: the proxy answers 502 (the fixture server
# does so for a host it has no site of), which is no robots.txt of the site's.
registry proxy502 dead-origin.test
check "proxy: audit of a dead origin exits 0" audit proxy502
check "proxy: its 502 for robots.txt is unreachable, not blocked" \
	org proxy502 1 '.status == "unreachable" and (.reason | test("proxy answered HTTP 502"))'
check "politeness: default delay 0.5 s between requests to one host" \
	stat "$OUT/robots-stats.json" '.hosts["robots-404.test"].min_gap_ms >= 450'
# The exact rule in results.json for the IT person; the CSV says it in plain Russian.
check "robots: the rule in results.json" grep -q "robots.txt line 5: Disallow: /nastavnichestvo/" "$OUT/robots/results.json"
check "robots: blocked reason in noncompliant.csv, in Russian" \
	grep -q "сайт запрещает автоматическую проверку этих страниц (файл robots.txt)" "$OUT/robots/noncompliant.csv"
check "robots: summary counts blocked apart" \
	sh -c "jq -e '.summary.by_status.blocked == 2 and .summary.by_status.noncompliant == 0' '$OUT/robots/results.json' >/dev/null"
registry ignore robots-deny.test
check "--ignore-robots: the same site is compliant" audit ignore --ignore-robots
check "--ignore-robots: result" org ignore 1 '.status == "compliant"'

# 2. The robots command says which line decided.
"$BIN" robots fixtures/sites/robots-agent.test/robots.txt http://robots-agent.test/nastavnichestvo/arhiv/x.pdf \
	> "$OUT/robots-cmd.txt"
check "robots command: disallowed exits 1" test $? -eq 1
check "robots command: names the line" grep -q "line 6: Disallow: /nastavnichestvo/arhiv/ (group User-agent: mentor-audit)" "$OUT/robots-cmd.txt"
check "robots command: other agents fall to *" sh -c "'$BIN' robots fixtures/sites/robots-agent.test/robots.txt http://robots-agent.test/nastavnichestvo/ --user-agent Googlebot/2.1 | grep -q 'line 2: Disallow: / (group User-agent: \\*)'"
check "robots command: allowed exits 0" sh -c "'$BIN' robots fixtures/sites/robots-agent.test/robots.txt http://robots-agent.test/nastavnichestvo/ >/dev/null"

# 3. At most --per-domain transfers at once to one parent domain, however many hosts.
set --
for i in 1 2 3 4 5 6 7 8 9 10; do set -- "$@" "s$i.edu-platform.test"; done
registry platform "$@"
fixture_reset
check "per-domain: audit exits 0" audit platform --jobs 10 --per-domain 3 --delay 0
fixture_stats > "$OUT/platform-stats.json"
check "per-domain: all ten compliant" sh -c "jq -e '.summary.by_status.compliant == 10' '$OUT/platform/results.json' >/dev/null"
check "per-domain: the server saw exactly 3 at once for edu-platform.test" \
	stat "$OUT/platform-stats.json" '.domains["edu-platform.test"].max_concurrent == 3'

# 4. Transient and persistent errors.
registry flaky flaky-503.test
fixture_reset
check "503 once then 200: audit exits 0" audit flaky
check "503 once then 200: compliant" org flaky 1 '.status == "compliant"'
fixture_stats > "$OUT/flaky-stats.json"
check "503 once then 200: the section was asked twice" \
	stat "$OUT/flaky-stats.json" '.hosts["flaky-503.test"].paths["/nastavnichestvo/"] == 2'
registry ratelimit ratelimit-429.test
fixture_reset
t0=$(now_ms)
check "429 with Retry-After: audit exits 0" audit ratelimit
t1=$(now_ms)
check "429 with Retry-After: compliant" org ratelimit 1 '.status == "compliant"'
check "429 with Retry-After 2: the run waited at least 2 s ($((t1 - t0)) ms)" test $((t1 - t0)) -ge 2000
registry walls always-429.test forbidden-403.test
check "persistent 429 and 403: audit exits 0" audit walls
check "persistent 429: blocked with the status" org walls 1 '.status == "blocked" and .reason == "HTTP 429"'
check "persistent 403: blocked with the status" org walls 2 '.status == "blocked" and .reason == "HTTP 403"'
check "403 reason in noncompliant.csv, in Russian" grep -q "сайт отказал в доступе, код ответа 403" "$OUT/walls/noncompliant.csv"

# 5. Hosts that never answer, refuse, do not resolve, loop.
registry hang hang.test
t0=$(now_ms)
check "never answers: audit exits 0" audit hang --timeout 1 --tries 2
t1=$(now_ms)
check "never answers: unreachable, timed out" org hang 1 '.status == "unreachable" and (.reason | test("timed out"))'
check "never answers: bounded by timeout x tries ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 8000
printf 'id,name,url\n1,Refused,http://refused.test/nastavnichestvo/\n2,No DNS,http://no-such-school.invalid/nastavnichestvo/\n' > "$OUT/refused.csv"
check "refused and unresolvable: audit exits 0" "$BIN" audit --orgs "$OUT/refused.csv" --out "$OUT/refused" \
	--as-of "$AS_OF" --quiet --tries 1 --connect-to "refused.test:80:127.0.0.1:9"
check "connection refused: unreachable with curl's reason" \
	org refused 1 '.status == "unreachable" and (.reason | test("connect"; "i"))'
check "unresolvable host: unreachable with curl's reason" \
	org refused 2 '.status == "unreachable" and (.reason | test("resolve"; "i"))'
registry loop redirect-loop.test
check "redirect loop: audit exits 0" audit loop
check "redirect loop: unreachable, redirects capped" org loop 1 '.status == "unreachable" and (.reason | test("redirects"))'

# 6. TLS with a certificate the system does not trust, then with --cacert.
printf 'id,name,url\n1,TLS,https://robots-404.test/nastavnichestvo/\n' > "$OUT/tls.csv"
check "untrusted TLS: audit exits 0" "$BIN" audit --orgs "$OUT/tls.csv" --out "$OUT/tls" --as-of "$AS_OF" --quiet \
	--tries 1 --connect-to "::127.0.0.1:$FIXTURE_HTTPS_PORT"
check "untrusted TLS: unreachable, certificate named" org tls 1 '.status == "unreachable" and (.reason | test("certificate"))'
check "trusted with --cacert: audit exits 0" "$BIN" audit --orgs "$OUT/tls.csv" --out "$OUT/tls2" --as-of "$AS_OF" \
	--quiet --cacert "$FIXTURE_CA" --connect-to "::127.0.0.1:$FIXTURE_HTTPS_PORT"
check "trusted with --cacert: compliant" org tls2 1 '.status == "compliant"'

# 7. An endless calendar stays bounded and the documents behind it are still found; gzip.
registry trap calendar-trap.test gzip-section.test
fixture_reset
check "calendar trap: audit exits 0" audit trap --depth 5
fixture_stats > "$OUT/trap-stats.json"
check "calendar trap: compliant (documents page reached)" org trap 1 '.status == "compliant"'
check "calendar trap: at most 6 calendar pages fetched" \
	stat "$OUT/trap-stats.json" '[.hosts["calendar-trap.test"].paths | to_entries[] | select(.key | startswith("/nastavnichestvo/kalendar")) | .value] | add <= 6'
check "gzip page: compliant" org trap 2 '.status == "compliant"'

# 8. --cache: a second run over unchanged sites moves far fewer bytes.
feature_registry "$OUT/cache1.csv"
cp "$OUT/cache1.csv" "$OUT/cache2.csv"
fixture_reset
check "cache: first run exits 0" audit cache1 --cache "$OUT/cache-dir" --delay 0
b1=$(fixture_stats | jq '[.hosts[].bytes] | add')
fixture_reset
check "cache: second run exits 0" audit cache2 --cache "$OUT/cache-dir" --delay 0
fixture_stats > "$OUT/cache-stats.json"
b2=$(jq '[.hosts[].bytes] | add' "$OUT/cache-stats.json")
check "cache: second run got 304s" stat "$OUT/cache-stats.json" '[.hosts[].not_modified] | add > 20'
check "cache: second run moved under a fifth of the body bytes ($b2 of $b1)" test "$((b2 * 5))" -lt "$b1"
check "cache: same verdicts both runs" \
	sh -c "[ \"\$(jq -c '[.organizations[] | [.id, .status, .missing]]' '$OUT/cache1/results.json')\" = \"\$(jq -c '[.organizations[] | [.id, .status, .missing]]' '$OUT/cache2/results.json')\" ]"

# 9. User-Agent, and no progress output when stderr is not a terminal.
check "User-Agent names the tool, its version and URL" \
	stat "$OUT/cache-stats.json" '.hosts["full-titles.test"].user_agent | test("^mentor-audit/[0-9.]+ \\(\\+https?://")'
registry ua robots-404.test
fixture_reset
http_proxy=$PROXY "$BIN" audit --orgs "$OUT/ua.csv" --out "$OUT/ua" --as-of "$AS_OF" --user-agent "dept-audit/1.0" \
	> "$OUT/ua.stdout" 2> "$OUT/ua.stderr"
fixture_stats > "$OUT/ua-stats.json"
check "--user-agent overrides" stat "$OUT/ua-stats.json" '.hosts["robots-404.test"].user_agent == "dept-audit/1.0"'
check "no progress when stderr is not a terminal" test ! -s "$OUT/ua.stderr"
if command -v script >/dev/null 2>&1; then
	script -qec "http_proxy=$PROXY '$BIN' audit --orgs '$OUT/ua.csv' --out '$OUT/ua-tty' --as-of $AS_OF" \
		"$OUT/tty.log" > /dev/null 2>&1
	check "progress on a terminal: done/total, rate, time left" grep -q "1/1 organisations, .*/s, about .* left" "$OUT/tty.log"
	script -qec "http_proxy=$PROXY '$BIN' audit --orgs '$OUT/ua.csv' --out '$OUT/ua-tty' --as-of $AS_OF --quiet" \
		"$OUT/tty-quiet.log" > /dev/null 2>&1
	check "--quiet: no progress on a terminal either" sh -c "! grep -q organisations '$OUT/tty-quiet.log'"
fi

checks_done crawl
