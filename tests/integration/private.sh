#!/bin/sh
# private.sh - no way in through the sites (fixtures/private/README.md): a
# site's section links a document on another host that resolves to
# 127.0.0.1 (localhost), another document answers with a redirect to
# http://127.0.0.1:PORT/..., and a second site redirects every page there.
# The fixture sites are reached with --resolve (the user's own mapping) and
# audited WITHOUT --allow-private:
#   - each refused link is a finding (private_address, or
#     document_private_address for a document, which then does not count:
#     broken, missing, the organisation noncompliant), in Russian in
#     problems and noncompliant.csv, in English from `check`;
#   - the fixture server never received a request for localhost or
#     127.0.0.1 (its per-host stats and its log);
#   - through a proxy the literal 127.0.0.1 redirect is still refused, while
#     the name localhost is the proxy's to resolve (README: what a proxy
#     leaves unchecked);
#   - with --allow-private everything is fetched and the school is compliant.
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "private: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
. tests/integration/lib.sh
integration_begin

# The sites name the server's port (@PORT@), known only once it runs: serve a
# copy and write the port in (the server reads every file at every request).
cp -R fixtures/private "$OUT/root"
fixture_start "$OUT/root" || { echo "private: 0 passed, 1 failed"; exit 1; }
PORT=$FIXTURE_HTTP_PORT
find "$OUT/root" -type f \( -name '*.html' -o -name _site.conf \) -exec sed -i "s/@PORT@/$PORT/g" {} +

LINKS=http://private-links.test:$PORT/nastavnichestvo/
REDIRECT=http://private-redirect.test:$PORT/nastavnichestvo/
printf 'id;name;url\n91;МБОУ «СОШ № 91»;%s\n92;МБОУ «СОШ № 92»;%s\n' "$LINKS" "$REDIRECT" > "$OUT/registry.csv"
MAP="--resolve private-links.test:$PORT:127.0.0.1 --resolve private-redirect.test:$PORT:127.0.0.1"

# audit NAME [options...]: audit the registry into $OUT/NAME.
audit() {
	a_name=$1
	shift
	"$BIN" audit --orgs "$OUT/registry.csv" --out "$OUT/$a_name" --as-of "$AS_OF" --quiet --delay 0 "$@"
}
# org NAME ID JQ-FILTER: the filter holds for organisation ID of run NAME.
org() {
	jq -e --arg id "$2" "first(.organizations[] | select(.id == \$id)) | $3" "$OUT/$1/results.json" >/dev/null
}
# stat FILE JQ-FILTER: the filter holds for saved fixture stats.
stat() { jq -e "$2" "$1" >/dev/null; }
# never_asked: the server saw no request for localhost or 127.0.0.1, in its stats or its log.
never_asked() {
	stat "$1" '(.hosts["localhost"] == null) and (.hosts["127.0.0.1"] == null)' &&
		! awk '$1 == "localhost" || $1 == "127.0.0.1"' "$FIXTURE_LOG" | grep -q .
}

# 1. Without --allow-private: the links into the loopback network are findings, never requests.
fixture_reset
: > "$FIXTURE_LOG"
# shellcheck disable=SC2086  # MAP: two options, no blanks inside
check "audit without --allow-private exits 0" audit plain $MAP
fixture_stats > "$OUT/plain-stats.json"
check "the server never received a refused request" never_asked "$OUT/plain-stats.json"
check "the site itself was read (the user's --resolve mapping)" \
	stat "$OUT/plain-stats.json" '.hosts["private-links.test"].paths["/nastavnichestvo/"] >= 1'
check "links: noncompliant, three documents found" \
	org plain 91 '.status == "noncompliant" and ([.documents[] | select(.found)] | length) == 3'
check "links: the regulation (on localhost) and the pair order (redirect to 127.0.0.1) missing, broken" \
	org plain 91 '(.missing | sort) == ["pair_orders", "regulation"] and
	              ([.documents | to_entries[] | select(.value.broken_url != null) | .key] | sort) == ["pair_orders", "regulation"]'
check "links: a document_private_address finding for each, with the address" \
	org plain 91 '[.findings[] | select(.kind == "document_private_address")] as $f |
	              ($f | length) == 2 and
	              ([$f[] | select(.document == "pair_orders" and .detail == "127.0.0.1")] | length) == 1 and
	              ([$f[] | select(.document == "regulation" and (.detail == "127.0.0.1" or .detail == "::1"))] | length) == 1'
check "links: no broken_link finding besides" org plain 91 '[.findings[] | select(.kind == "broken_link")] | length == 0'
check "links: in Russian in the problems" \
	org plain 91 '[.problems[] | select(test("^ссылка на документ «.*» ведёт на внутренний адрес сети \\((127\\.0\\.0\\.1|::1)\\) — не открывалась, документ не засчитан: "))] | length == 2'
check "links: the refused ones among the rejected, as broken links" \
	org plain 91 '[.rejected[] | select(.reason == "broken_link" and (.detail | test("not a public address")))] | length == 2'
check "redirect: no section, the refused redirect a private_address finding" \
	org plain 92 '.status == "no_section" and
	              ([.findings[] | select(.kind == "private_address" and .detail == "127.0.0.1" and
	                                     (.url | startswith("http://127.0.0.1:")))] | length) >= 1'
check "noncompliant.csv names the internal address" grep -q "внутренний адрес сети (127.0.0.1)" "$OUT/plain/noncompliant.csv"

# 2. check explains it in English, still without a request inward.
fixture_reset
# shellcheck disable=SC2086
"$BIN" check "$LINKS" --as-of "$AS_OF" --delay 0 $MAP > "$OUT/check.txt" 2>&1
check "check: names the internal address of the pair order's link" \
	grep -q "leads to an internal network address (127.0.0.1), not opened; the document does not count" "$OUT/check.txt"
fixture_stats > "$OUT/check-stats.json"
check "check: the server never received a refused request" never_asked "$OUT/check-stats.json"

# 3. Through a proxy the tool cannot see where a name leads; an IP address in a URL it still refuses.
fixture_reset
: > "$FIXTURE_LOG"
check "through a proxy: audit exits 0" env http_proxy="http://127.0.0.1:$PORT" \
	"$BIN" audit --orgs "$OUT/registry.csv" --out "$OUT/proxy" --as-of "$AS_OF" --quiet --delay 0
fixture_stats > "$OUT/proxy-stats.json"
check "through a proxy: the redirect to 127.0.0.1 refused, never asked" \
	stat "$OUT/proxy-stats.json" '.hosts["127.0.0.1"] == null'
check "through a proxy: the pair order a document_private_address finding" \
	org proxy 91 '[.findings[] | select(.kind == "document_private_address" and .document == "pair_orders")] | length == 1'
check "through a proxy: localhost is the proxy's to resolve (what README says is not checked)" \
	stat "$OUT/proxy-stats.json" '.hosts["localhost"].requests >= 1'

# 4. --allow-private: the department's choice for tests and intranet sites.
fixture_reset
# shellcheck disable=SC2086
check "--allow-private: audit exits 0" audit open $MAP --allow-private
fixture_stats > "$OUT/open-stats.json"
check "--allow-private: links compliant" org open 91 '.status == "compliant"'
check "--allow-private: no private_address findings" \
	org open 91 '[.findings[] | select(.kind | test("private_address"))] | length == 0'
check "--allow-private: localhost and 127.0.0.1 asked" \
	stat "$OUT/open-stats.json" '.hosts["localhost"].requests >= 1 and .hosts["127.0.0.1"].requests >= 1'

checks_done private
