#!/bin/sh
# regress.sh BIN_PREFIX TARGET... - run every file of fuzz/corpus/TARGET/
# through BIN_PREFIX<TARGET> once (a replay_* driver or a libFuzzer fuzz_*
# binary: both run each file given as an argument once and exit).
# Fails when any input crashes, trips a sanitizer, a header promise
# (FUZZ_CHECK) or leaks; then each file is run alone to name the culprit.
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 BIN_PREFIX TARGET..." >&2
	exit 2
fi
prefix=$1
shift
corpus=$(dirname "$0")/corpus

# The caller's settings come last, so they win.
ASAN_OPTIONS="detect_leaks=1:handle_abort=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS

# libFuzzer writes a crashing input to ./crash-*; keep the work tree clean.
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT

failed=0
for t in "$@"; do
	bin=$prefix$t
	dir=$corpus/$t
	if [ ! -x "$bin" ]; then
		echo "fuzz-regress: $bin is not built" >&2
		exit 1
	fi
	opts=
	case ${bin##*/} in
	fuzz_*) opts=-artifact_prefix=$artifacts/ ;;
	esac
	# The corpus files become the arguments; the loop already holds the targets.
	set -- "$dir"/*
	if [ ! -e "$1" ]; then
		echo "fuzz-regress: $t: no corpus in $dir" >&2
		failed=1
		continue
	fi
	log=$(mktemp)
	if "$bin" $opts "$@" >"$log" 2>&1; then
		echo "fuzz-regress: $t: $# inputs ok"
		rm -f "$log"
		continue
	fi
	failed=1
	echo "fuzz-regress: $t: FAILED; the first report:" >&2
	grep -m 1 -A 30 -E '^==[0-9]+==ERROR|runtime error|broken promise|^SUMMARY' "$log" >&2 || tail -n 40 "$log" >&2
	rm -f "$log"
	for f in "$@"; do
		if ! "$bin" $opts "$f" >/dev/null 2>&1; then
			echo "fuzz-regress: $t: fails on $f (rerun: $bin $f)" >&2
		fi
	done
done
exit $failed
