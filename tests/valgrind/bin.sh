#!/bin/sh
# Stands in for build/mentor-audit when the integration scripts run under
# valgrind memcheck (make check-valgrind): the same arguments, the same exit
# code, unless memcheck finds an error or a leak, then exit 97. Each
# process writes its report to $VG_LOGS/PID.log for tests/valgrind/run.sh.
# PCRE2's JIT code is invisible to memcheck (false "uninitialised" reports):
# the patterns are interpreted instead, which matches the same.
MENTOR_AUDIT_PCRE_JIT=0
export MENTOR_AUDIT_PCRE_JIT
exec valgrind --quiet --error-exitcode=97 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--log-file="$VG_LOGS/%p.log" "$VG_REAL_BIN" "$@"
