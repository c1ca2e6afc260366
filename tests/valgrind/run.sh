#!/bin/sh
# make check-valgrind: the integration suite with every mentor-audit run
# under valgrind memcheck. Passes when the scripts pass and memcheck
# reported no error and no definite or indirect leak in any run.
# Usage: sh tests/valgrind/run.sh BIN [SCRIPT...]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VG_REAL_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ $# -gt 0 ] || set -- run features reports resume faults
VG_LOGS=$(mktemp -d)
export VG_REAL_BIN VG_LOGS
command -v valgrind >/dev/null 2>&1 || { echo "check-valgrind: valgrind not found (apt-get install valgrind)"; exit 1; }

status=0
for s in "$@"; do
	[ -f "tests/integration/$s.sh" ] || continue
	BIN=tests/valgrind/bin.sh sh "tests/integration/$s.sh" > "$VG_LOGS/$s.out" 2>&1 || status=1
	tail -1 "$VG_LOGS/$s.out"
done

runs=$(ls "$VG_LOGS"/*.log 2>/dev/null | wc -l)
bad=0
for log in "$VG_LOGS"/*.log; do
	[ -s "$log" ] || continue
	if grep -Eq 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|indirectly lost: [1-9]|Invalid (read|write)|uninitialised' "$log"; then
		echo "memcheck: $(basename "$log" .log):"
		sed 's/^/    /' "$log" | head -60
		bad=$((bad + 1))
	fi
done
echo "check-valgrind: $runs mentor-audit runs under memcheck, $bad with errors or leaks"
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ] || { echo "check-valgrind: FAILED (logs in $VG_LOGS)"; exit 1; }
rm -rf "$VG_LOGS"
