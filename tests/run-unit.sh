#!/bin/sh
# Run every cmocka unit-test binary given, then print one closing line.
set -u
pass=0
fail=0
for t in "$@"; do
	if "$t"; then
		pass=$((pass + 1))
	else
		echo "unit: FAILED: $t" >&2
		fail=$((fail + 1))
	fi
done
echo "unit suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
