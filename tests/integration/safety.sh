#!/bin/sh
# Safety: site and registry text can neither run in the reports nor reach
# the file system or a shell.
#  - a document title and a school name carrying <script> and onerror
#    payloads: report.html, loaded in headless Chromium, shows them as text
#    and none of them runs;
#  - registry ids that look like paths: nothing is written outside --out;
#  - the program runs no shell and starts no process.
# Last line: "safety: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

# A school site whose section and document titles carry script payloads.
SITE=$OUT/sites/xss.test
mkdir -p "$SITE/nastavnichestvo" "$OUT/work"
PAYLOAD='<script>document.title="PWNED"</script><img src=x onerror="document.body.setAttribute(\x27data-pwned\x27,\x271\x27)">'
cat > "$SITE/nastavnichestvo/index.html" <<HTML
<!doctype html><html><head><meta charset="utf-8"><title>Наставничество</title></head><body>
<h1>Наставничество</h1><ul>
<li><a href="/docs/prikaz.pdf">Приказ от 01.09.2026 № 5 «О внедрении целевой модели наставничества» &lt;script&gt;document.title="PWNED"&lt;/script&gt;</a></li>
<li><a href="/docs/polozhenie.pdf" title='Положение о наставничестве &lt;img src=x onerror="document.body.setAttribute(&#39;data-pwned&#39;,&#39;1&#39;)"&gt;'>Положение о системе наставничества</a></li>
<li><a href="javascript:document.title='PWNED'">Дорожная карта внедрения целевой модели наставничества</a></li>
</ul></body></html>
HTML
mkdir -p "$SITE/docs"
python3 fixtures/docs/placeholder.py "$SITE/docs.pdf" "$SITE/docs/prikaz.pdf" "$SITE/docs/polozhenie.pdf"
fixture_start "$OUT/sites" || { echo "safety: 0 passed, 1 failed"; exit 1; }

# Registry: a hostile school name, and ids shaped like paths.
printf 'id;name;url\n' > "$OUT/registry.csv"
printf '"../../escape";"Школа <script>document.title=""PWNED""</script> %s";http://xss.test/nastavnichestvo/\n' \
	'<img src=x onerror=document.body.setAttribute(1,1)>' >> "$OUT/registry.csv"
printf '"/etc/passwd";"Лицей";http://xss.test/nastavnichestvo/\n' >> "$OUT/registry.csv"
printf '"..";"Гимназия";file:///etc/passwd\n' >> "$OUT/registry.csv"

cd "$OUT/work"
check "audit of hostile text exits 0" \
	env http_proxy="http://127.0.0.1:$FIXTURE_HTTP_PORT" "$ROOT/$BIN" audit --orgs ../registry.csv \
	--out ../out --as-of "$AS_OF" --quiet --delay 0
cd "$ROOT"
check "every row reported, the file: URL as invalid_url" \
	sh -c "jq -e '(.organizations | length == 3) and .organizations[2].status == \"invalid_url\"' '$OUT/out/results.json' >/dev/null"
check "the payloads reached the report (so the test means something)" \
	sh -c "grep -q 'document.title=&quot;PWNED&quot;' '$OUT/out/report.html' && grep -q 'onerror' '$OUT/out/report.html'"
check "no payload appears unescaped in report.html" \
	sh -c "! grep -Eq '<script>document|<img src=x|href=\"javascript:' '$OUT/out/report.html'"

# In the browser: the DOM after every script ran shows no payload at work.
rm -rf "$OUT/chromium"
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$OUT/chromium" --virtual-time-budget=3000 --dump-dom \
	"file://$OUT/out/report.html" > "$OUT/dom.html" 2> "$OUT/chromium.log"
check "Chromium loaded report.html" grep -q 'id="orgs"' "$OUT/dom.html"
check "no payload ran in Chromium (title unchanged, no data-pwned)" \
	sh -c "! grep -q '<title>PWNED' '$OUT/dom.html' && ! grep -q 'data-pwned=\"1\"' '$OUT/dom.html' && ! grep -Eq '<body[^>]* 1=\"1\"' '$OUT/dom.html'"

# Nothing outside --out: the work directory and the scratch root hold only what the test made.
check "nothing written outside --out" \
	sh -c "[ -z \"\$(ls -A '$OUT/work')\" ] && [ ! -e '$OUT/escape' ] && [ ! -e /escape ]"
check "--out holds only the reports and the notices" \
	sh -c "[ \"\$(ls '$OUT/out' | tr '\n' ' ')\" = 'noncompliant.csv noncompliant.xlsx notices report.html results.json summary.docx summary.md ' ]"
# The ids "../../escape", "/etc/passwd" and ".." name notices inside notices/, by the README's mapping.
check "notices named safely: ~XX for every byte but A-Z a-z 0-9 - _" \
	sh -c "[ \"\$(ls '$OUT/out/notices' | sort | tr '\n' ' ')\" = '~2E~2E.html ~2E~2E~2F~2E~2E~2Fescape.html ~2Fetc~2Fpasswd.html ' ]"

# No shell: one place alone starts a process, the documents' reader
# (src/sandbox.c): this program again, with a fixed argument vector.
check "no system(), popen() or exec*() in the program's sources; posix_spawn in src/sandbox.c alone" \
	sh -c "! grep -En '\\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|posix_spawn|fork)\\s*\\(' \$(ls core/*.c parsers/*.c rules/*.c crawler/*.c reports/*.c src/*.c | grep -v '^src/sandbox.c\$') &&
	       ! grep -En '\\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|fork)\\s*\\(' src/sandbox.c"

checks_done safety
