#!/bin/sh
# Run every cmocka unit-test binary given: one line per suite, the suite's
# full output only when it fails, then one closing line.
set -u
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$@"; do
	if "$t" > "$log" 2>&1; then
		pass=$((pass + 1))
		echo "ok $(basename "$t") ($(grep -c '^\[       OK \]' "$log") tests)"
	else
		cat "$log"
		echo "FAIL $(basename "$t")" >&2
		fail=$((fail + 1))
	fi
done
echo "unit suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
