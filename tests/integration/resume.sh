#!/bin/sh
# Interrupted runs: SIGTERM / SIGINT midway leave a journal and no reports;
# --resume finishes without fetching the finished organisations again and
# gives the same results.json as an uninterrupted run (timestamps aside).
# Last line: "resume: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

JOURNAL_WAIT=200           # x 0.1 s: how long to wait for finished organisations
fixture_start fixtures/sites --tls || { echo "resume: 0 passed, 1 failed"; exit 1; }

finished_in() { # finished_in DIR: organisations in DIR's journal
	n=$(grep -c '^{"index": ' "$1/journal.json" 2>/dev/null)
	echo "${n:-0}"
}

# interrupt SIGNAL DIR: start a run, send SIGNAL once at least 4 organisations are done.
interrupt() {
	# exec: the background process is mentor-audit itself, so the signal reaches it.
	(EXEC=exec demo_audit "$2") 2> "$2.err" &
	pid=$!
	n=0
	while [ "$(finished_in "$2")" -lt 4 ] && [ "$n" -lt "$JOURNAL_WAIT" ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -"$1" "$pid"
	wait "$pid"
}

same_results() { # same_results A B: equal but for generated_at
	jq -S 'del(.generated_at)' "$1" > "$OUT/a.json" &&
		jq -S 'del(.generated_at)' "$2" > "$OUT/b.json" &&
		cmp -s "$OUT/a.json" "$OUT/b.json"
}

# 1. The uninterrupted run to compare with.
check "uninterrupted run exits 0" demo_audit "$OUT/full"
check "no journal left after a completed run" test ! -e "$OUT/full/journal.json"

# 2. SIGTERM midway.
interrupt TERM "$OUT/run"
check "SIGTERM: exit 6" test $? -eq 6
done_before=$(finished_in "$OUT/run")
check "SIGTERM: journal kept with finished organisations ($done_before of 16)" \
	sh -c "[ $done_before -ge 4 ] && [ $done_before -lt 16 ]"
check "SIGTERM: no reports written" sh -c "! ls '$OUT/run' | grep -v '^journal.json$' | grep -q ."
check "SIGTERM: the message says how to continue" grep -q -- "--resume" "$OUT/run.err"
# The hosts of the finished organisations, which the resumed run must not ask again.
jq -rs '.[1:][] | .org.url' "$OUT/run/journal.json" | sed 's|^[a-z]*://||; s|[/:].*||' | sort -u \
	> "$OUT/finished-hosts"
# A crash can leave the last record cut short: it must be ignored.
printf '{"index": 15, "org":\n{"id": "16", "name": "cut' >> "$OUT/run/journal.json"

# 3. --resume.
fixture_reset
check "--resume exits 0" demo_audit "$OUT/run" --resume
check "--resume: same results.json as the uninterrupted run" \
	same_results "$OUT/full/results.json" "$OUT/run/results.json"
check "--resume: same noncompliant.csv" cmp -s "$OUT/full/noncompliant.csv" "$OUT/run/noncompliant.csv"
check "--resume: journal removed" test ! -e "$OUT/run/journal.json"
fixture_stats > "$OUT/stats.json"
asked=0
while read -r host; do
	n=$(jq --arg h "$host" '.hosts[$h].requests // 0' "$OUT/stats.json")
	asked=$((asked + n))
done < "$OUT/finished-hosts"
check "--resume: no request to the $(wc -l < "$OUT/finished-hosts") finished organisations' hosts (saw $asked)" \
	test "$asked" -eq 0
check "--resume: the others were fetched" sh -c "jq -e '.hosts | length >= 1' '$OUT/stats.json' >/dev/null"

# 4. SIGINT (Ctrl-C) the same way; then resume gives the same again.
interrupt INT "$OUT/int"
check "SIGINT: exit 6" test $? -eq 6
check "SIGINT then --resume: exit 0" demo_audit "$OUT/int" --resume
check "SIGINT then --resume: same results.json" same_results "$OUT/full/results.json" "$OUT/int/results.json"

# 5. The audit date: a resumed run keeps the interrupted run's unless --as-of says
#    otherwise, and another --as-of than the journal's is refused.
saved_as_of=$AS_OF
AS_OF=2026-10-01
interrupt TERM "$OUT/dated"
AS_OF=$saved_as_of
"$BIN" audit --orgs examples/nefteyugansk.csv --out "$OUT/dated" --resume --quiet --as-of 2026-11-22 \
	--cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" \
	--connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT" 2> "$OUT/dated.err"
check "--resume with another --as-of than the journal's: exit 3" \
	sh -c "[ $? -eq 3 ] && grep -q 'audited as of 2026-10-01, not 2026-11-22' '$OUT/dated.err'"
check "--resume without --as-of: exit 0" \
	"$BIN" audit --orgs examples/nefteyugansk.csv --out "$OUT/dated" --resume --quiet \
	--cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" \
	--connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT"
check "--resume without --as-of keeps the interrupted run's date" \
	sh -c "jq -e '.as_of == \"2026-10-01\"' '$OUT/dated/results.json' >/dev/null"

# 6. A journal of another run is refused, naming the file.
interrupt TERM "$OUT/other"
printf 'id,name,url\n1,Другая школа,http://other.test/\n' > "$OUT/other.csv"
"$BIN" audit --orgs "$OUT/other.csv" --out "$OUT/other" --resume --quiet 2> "$OUT/other.err"
check "--resume with another registry: exit 3" test $? -eq 3
check "--resume with another registry: names the journal" grep -q "$OUT/other/journal.json" "$OUT/other.err"
check "--resume with --warc is refused (exit 2)" \
	sh -c "'$BIN' audit --orgs examples/nefteyugansk.csv --out '$OUT/w' --resume --warc '$OUT/w.warc.gz' 2>/dev/null; [ \$? -eq 2 ]"

checks_done resume
