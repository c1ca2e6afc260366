#!/bin/sh
# The demo: serve the bundled offline copies of 16 Нефтеюганск school sites
# on 127.0.0.1 (HTTP and HTTPS, real host names), audit the registry in
# examples/nefteyugansk.csv against them and print the summary.
#
# The sites keep their real https:// URLs: --connect-to sends every host's
# port 443 (and 80) to the local fixture server, and --cacert trusts the
# throwaway certificate authority made for it. Nothing leaves the machine.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh

OUT=${DEMO_OUT:-build/demo}
# The fixtures are dated for the 2026-2027 academic year; the audit date is
# fixed so the demo shows the same picture whenever it runs.
AS_OF=${DEMO_AS_OF:-2026-11-22}
# An audit of the same sites a month earlier, kept as a dated run the way the
# crontab keeps them (runs/YYYY-MM-DD/): the demo's audit compares with it
# (--previous), so report.html shows what changed and the trend.
EARLIER=${DEMO_EARLIER:-2026-10-22}
RUNS=${DEMO_RUNS:-build/demo-runs}

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
fixture_start fixtures/sites --tls
trap fixture_stop EXIT INT TERM

echo "demo: fixture sites on https://127.0.0.1:$FIXTURE_HTTPS_PORT and http://127.0.0.1:$FIXTURE_HTTP_PORT"
demo_audit() { # demo_audit OUT AS_OF [options...]
	_out=$1
	_as_of=$2
	shift 2
	build/mentor-audit audit --orgs examples/nefteyugansk.csv --out "$_out" --as-of "$_as_of" \
		--group-by 'Тип организации' --contact 'Отдел общего образования, тел. 8 (3463) 00-00-00' \
		--cacert "$FIXTURE_CA" \
		--connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" \
		--connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT" "$@"
}
echo "demo: an earlier audit of the same sites, dated $EARLIER, into $RUNS/$EARLIER ..."
demo_audit "$RUNS/$EARLIER" "$EARLIER" --quiet
echo "demo: build/mentor-audit audit --orgs examples/nefteyugansk.csv --out $OUT --as-of $AS_OF --group-by 'Тип организации' --previous $RUNS/$EARLIER ..."
echo
demo_audit "$OUT" "$AS_OF" --previous "$RUNS/$EARLIER"
echo
echo "Not compliant (from $OUT/results.json):"
jq -r '.organizations[] | select(.status != "compliant" and .counted != false)
       | .unchecked as $u
       | ([.missing[] | select(IN($u[]) | not)] | join(", ")) as $miss
       | ([.missing[] | select(IN($u[]))] | join(", ")) as $unch
       | "  \(.id)\t\(.status)\t\(if $miss != "" then "missing: " + $miss else "" end)\(
            if $unch != "" then "not checked (\(.unchecked_reason)): " + $unch else "" end)"' \
	"$OUT/results.json"
echo
echo "Open $OUT/summary.md (or $OUT/summary.docx in Word) for the department's table, $OUT/noncompliant.xlsx (or .csv) in Excel or LibreOffice."
echo "Open $OUT/report.html in a browser: the indicators by type of organisation, what changed since $EARLIER and the trend; the directors' notices are in $OUT/notices/."
