# lib.sh - start and stop the fixture server from integration tests.
# Source it (POSIX sh or bash):
#
#   . tests/integration/lib.sh
#   fixture_start fixtures/sites [--tls]   # sets FIXTURE_* below
#   fixture_start ROOT1 ROOT2 ... [--tls]  # several roots served as one
#   fixture_start_sites [--tls]            # fixtures/sites/ plus the feature cases' sites
#   curl -x "http://127.0.0.1:$FIXTURE_HTTP_PORT" http://site.test/
#   fixture_stats; fixture_reset
#   fixture_stop
#
# Exported by fixture_start: FIXTURE_TMP (temporary directory, removed by
# fixture_stop), FIXTURE_HTTP_PORT, FIXTURE_PID, FIXTURE_LOG (the server's
# request log, one line per request: HOST METHOD PATH STATUS BYTES), and
# with --tls FIXTURE_HTTPS_PORT and FIXTURE_CA (the CA certificate to trust).
# FIXTURE_KEEP=1 keeps FIXTURE_TMP after fixture_stop, to look at.
# The repository root is FIXTURE_REPO: taken from the environment, else
# found from this file's place, the current directory or the test script's.

# Checks, for the test scripts: `check NAME COMMAND...` runs the command
# and prints "ok NAME" or "FAIL NAME"; `checks_done LABEL` prints
# "LABEL: N passed, N failed" and fails when any check did.
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() {
	_ck_name=$1
	shift
	if "$@"; then ok "$_ck_name"; else bad "$_ck_name"; fi
}
checks_done() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# The demo registry audited against fixtures/sites served with --tls: the
# real https:// host names reach the fixture server through --connect-to.
# EXEC=exec makes a background run the mentor-audit process itself.
demo_audit() { # demo_audit OUTDIR [options...]
	_da_dir=$1
	shift
	${EXEC:-} "$BIN" audit --orgs examples/nefteyugansk.csv --out "$_da_dir" --as-of "$AS_OF" --quiet \
		--cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" \
		--connect-to ":80:127.0.0.1:$FIXTURE_HTTP_PORT" "$@"
}

# peak_rss STDERR_FILE COMMAND...: run COMMAND (stderr to STDERR_FILE); sets
# RC (its exit status) and RSS (its peak RSS in KB, "" when it could not be
# measured): GNU time where there is one, else the high-water mark read from
# /proc while it runs.
peak_rss() {
	_pr_err=$1
	shift
	RSS=
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$_pr_err.rss" "$@" 2> "$_pr_err"
		RC=$?
		RSS=$(tail -n 1 "$_pr_err.rss")
		return 0
	fi
	"$@" 2> "$_pr_err" &
	_pr_pid=$!
	while kill -0 "$_pr_pid" 2>/dev/null; do
		_pr_hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$_pr_pid/status" 2>/dev/null)
		[ -n "$_pr_hwm" ] && RSS=$_pr_hwm
		sleep 0.05
	done
	wait "$_pr_pid"
	RC=$?
}

# What every integration script starts with: BIN (default build/mentor-audit),
# the audit date the fixtures are dated for, no proxy from the caller's
# environment (each test chooses its own route to the fixture server), and
# a scratch directory $OUT removed at exit with the fixture server stopped
# (KEEP=1 keeps $OUT to look at).
integration_begin() {
	BIN=${BIN:-build/mentor-audit}
	AS_OF=2026-11-22
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
	OUT=$(mktemp -d)
	trap 'fixture_stop; if [ -n "${KEEP:-}" ]; then echo "kept $OUT"; else rm -rf "$OUT"; fi' EXIT INT TERM
}

FIXTURE_START_TRIES=50      # x 0.1 s: how long to wait for the port file
FIXTURE_STOP_SECS=5         # SIGKILL the server if SIGTERM has not stopped it by then

_fx_find_repo() {
	# shellcheck disable=SC3028  # BASH_SOURCE: set under bash, unset (skipped) under sh
	for _fx_d in "${FIXTURE_REPO:-}" \
		"$(dirname -- "${BASH_SOURCE:-/nonexistent/x}")/../.." \
		"$(pwd)" \
		"$(dirname -- "$0")/../.." \
		"$(dirname -- "$0")/.."; do
		if [ -n "$_fx_d" ] && [ -f "$_fx_d/scripts/mkcert.sh" ] && [ -d "$_fx_d/fixtures" ]; then
			(cd -- "$_fx_d" && pwd)
			return 0
		fi
	done
	return 1
}

FIXTURE_REPO=$(_fx_find_repo) || {
	echo "lib.sh: cannot find the mentor-audit repository root (set FIXTURE_REPO)" >&2
	FIXTURE_REPO=.
}
export FIXTURE_REPO

_fx_fail() {
	echo "fixture_start: $*" >&2
	if [ -n "${FIXTURE_TMP:-}" ] && [ -f "$FIXTURE_TMP/server.out" ]; then
		echo "--- fixture-server output:" >&2
		cat "$FIXTURE_TMP/server.out" >&2
		echo "---" >&2
	fi
	fixture_stop || true
}

# Names for the certificate: every site directory under $1 that is a DNS name.
_fx_site_names() {
	for _fx_d in "$1"/*/; do
		[ -d "$_fx_d" ] || continue
		_fx_n=$(basename -- "$_fx_d")
		case $_fx_n in
		'' | *[!A-Za-z0-9._-]*) ;;
		*) printf '%s\n' "$_fx_n" ;;
		esac
	done
}

# Several roots are served as one: a directory of symbolic links, one per
# site directory of every root, under FIXTURE_TMP. A host found in two
# roots is an error. Prints the directory; $@ are absolute roots.
_fx_merge_roots() {
	_fx_m=$FIXTURE_TMP/root
	mkdir -p -- "$_fx_m" || return 1
	for _fx_r in "$@"; do
		for _fx_d in "$_fx_r"/*/; do
			[ -d "$_fx_d" ] || continue
			_fx_d=${_fx_d%/}
			_fx_n=${_fx_d##*/}
			if [ -e "$_fx_m/$_fx_n" ] || [ -L "$_fx_m/$_fx_n" ]; then
				echo "fixture_start: site $_fx_n is in two roots: $(readlink -- "$_fx_m/$_fx_n") and $_fx_d" >&2
				return 1
			fi
			ln -s -- "$_fx_d" "$_fx_m/$_fx_n" || return 1
		done
	done
	printf '%s\n' "$_fx_m"
}

# fixture_start ROOT... [--tls]
# One ROOT is served as it is; several are merged (_fx_merge_roots).
fixture_start() {
	_fx_tls=0
	_fx_nroots=0
	for _fx_a in "$@"; do
		if [ "$_fx_a" = "--tls" ]; then
			_fx_tls=1
		elif [ -d "$_fx_a" ]; then
			_fx_nroots=$((_fx_nroots + 1))
		else
			_fx_nroots=0
			break
		fi
	done
	if [ "$_fx_nroots" -lt 1 ]; then
		echo "fixture_start: usage: fixture_start ROOT... [--tls] (each ROOT a directory)" >&2
		return 1
	fi
	if [ -n "${FIXTURE_PID:-}" ]; then
		echo "fixture_start: a fixture server is already running (pid $FIXTURE_PID)" >&2
		return 1
	fi
	# The server built beside the binary under test (build-asan/ for make
	# test), unless FIXTURE_SERVER names one; else the plain build's.
	_fx_server=${FIXTURE_SERVER:-}
	if [ -z "$_fx_server" ] && [ -n "${BIN:-}" ] && [ -x "$(dirname -- "$BIN")/fixture-server" ]; then
		_fx_server=$(dirname -- "$BIN")/fixture-server
	fi
	[ -n "$_fx_server" ] || _fx_server=$FIXTURE_REPO/build/fixture-server
	case $_fx_server in
	/*) ;;
	*) _fx_server=$FIXTURE_REPO/$_fx_server ;;
	esac
	if [ ! -x "$_fx_server" ]; then
		echo "fixture_start: $_fx_server missing: run make fixture-server" >&2
		return 1
	fi

	FIXTURE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fixture.XXXXXX") || return 1
	FIXTURE_LOG=$FIXTURE_TMP/requests.log
	export FIXTURE_TMP FIXTURE_LOG
	if [ "$_fx_nroots" -eq 1 ]; then
		for _fx_a in "$@"; do
			[ "$_fx_a" = "--tls" ] || _fx_root=$(cd -- "$_fx_a" && pwd)
		done
	else
		# Absolute roots, kept in the positional parameters until merged.
		for _fx_a in "$@"; do
			shift
			[ "$_fx_a" = "--tls" ] || set -- "$@" "$(cd -- "$_fx_a" && pwd)"
		done
		_fx_root=$(_fx_merge_roots "$@") || {
			_fx_fail "cannot serve the roots as one"
			return 1
		}
	fi
	set -- --root "$_fx_root" --http 0 --port-file "$FIXTURE_TMP/ports" --log "$FIXTURE_LOG"
	if [ "$_fx_tls" = 1 ]; then
		# shellcheck disable=SC2046  # one name a word: the names have no blanks
		sh "$FIXTURE_REPO/scripts/mkcert.sh" "$FIXTURE_TMP/certs" \
			$(_fx_site_names "$_fx_root") '*.gosuslugi.ru' '*.gosweb.gosuslugi.ru' \
			>"$FIXTURE_TMP/mkcert.out" 2>&1 || {
			cat "$FIXTURE_TMP/mkcert.out" >&2
			_fx_fail "scripts/mkcert.sh failed"
			return 1
		}
		FIXTURE_CA=$FIXTURE_TMP/certs/ca.pem
		export FIXTURE_CA
		set -- "$@" --https 0 --cert "$FIXTURE_TMP/certs/server.pem" \
			--key "$FIXTURE_TMP/certs/server.key"
	fi

	"$_fx_server" "$@" >"$FIXTURE_TMP/server.out" 2>&1 &
	FIXTURE_PID=$!
	export FIXTURE_PID

	_fx_i=0
	while [ ! -s "$FIXTURE_TMP/ports" ] && [ "$_fx_i" -lt "$FIXTURE_START_TRIES" ]; do
		kill -0 "$FIXTURE_PID" 2>/dev/null || break
		sleep 0.1
		_fx_i=$((_fx_i + 1))
	done
	if [ ! -s "$FIXTURE_TMP/ports" ]; then
		_fx_fail "fixture-server did not come up (root $_fx_root)"
		return 1
	fi
	FIXTURE_HTTP_PORT=$(sed -n 's/^http=//p' "$FIXTURE_TMP/ports")
	export FIXTURE_HTTP_PORT
	if [ "$_fx_tls" = 1 ]; then
		FIXTURE_HTTPS_PORT=$(sed -n 's/^https=//p' "$FIXTURE_TMP/ports")
		export FIXTURE_HTTPS_PORT
		if [ -z "$FIXTURE_HTTPS_PORT" ]; then
			_fx_fail "no https port in $FIXTURE_TMP/ports"
			return 1
		fi
	fi
	if [ -z "$FIXTURE_HTTP_PORT" ]; then
		_fx_fail "no http port in $FIXTURE_TMP/ports"
		return 1
	fi
	return 0
}

# fixture_start_sites [--tls]: every fixture site the audits use, that is
# fixtures/sites/ and the sites of every feature case
# (fixtures/features/CASE/sites/, tests/integration/features.sh).
fixture_start_sites() {
	for _fx_c in "$FIXTURE_REPO"/fixtures/features/*/sites; do
		[ -d "$_fx_c" ] && set -- "$@" "$_fx_c"
	done
	fixture_start "$FIXTURE_REPO/fixtures/sites" "$@"
}

# corpus_registry FILE [SET]: the corpus registry (fixtures/corpus/*.json, one
# expected-findings file per site) as CSV, one row per site, its id the file
# name, with the site's set (tune, heldout) as a column; with SET, only the
# sites of that set.
corpus_registry() {
	{
		echo 'id,name,url,set'
		for _cr_f in "$FIXTURE_REPO"/fixtures/corpus/*.json; do
			_cr_id=$(basename "$_cr_f" .json)
			jq -r --arg id "$_cr_id" --arg set "${2:-}" \
				'select($set == "" or .set == $set) | [$id, .name, .url, .set] | @csv' "$_cr_f"
		done
	} > "$1"
}

# corpus_audit REGISTRY OUTDIR [options...]: audit the corpus registry as
# corpus.sh does, against fixture_start_sites --tls (HTTP through the server
# as a proxy, HTTPS through --connect-to). Returns the audit's exit status.
corpus_audit() {
	_ca_reg=$1
	_ca_out=$2
	shift 2
	http_proxy=http://127.0.0.1:$FIXTURE_HTTP_PORT "$BIN" audit --orgs "$_ca_reg" --out "$_ca_out" \
		--as-of "$AS_OF" --quiet --cacert "$FIXTURE_CA" --connect-to ":443:127.0.0.1:$FIXTURE_HTTPS_PORT" \
		--jobs 16 --tries 2 "$@"
}

# feature_cases: the feature case folders (fixtures/features/*/, each with
# a case.json), one a line, sorted by name (C locale), without the slash.
feature_cases() {
	for _fr_c in "$FIXTURE_REPO"/fixtures/features/*/; do
		[ -d "$_fr_c" ] && printf '%s\n' "${_fr_c%/}"
	done | LC_ALL=C sort
}

# feature_registry FILE [CASE_DIR...]: write the registry of the feature
# cases (every one of feature_cases when none is named) to FILE as CSV, one
# row per case in the order given, from the "row" object of its case.json.
# Columns: id, name, url, then every other key of the rows, sorted; a row
# without one of them leaves it empty.
feature_registry() {
	_fr_out=$1
	shift
	if [ $# -eq 0 ]; then
		while IFS= read -r _fr_c; do
			[ -n "$_fr_c" ] && set -- "$@" "$_fr_c"
		done <<EOF
$(feature_cases)
EOF
	fi
	for _fr_c in "$@"; do
		set -- "$@" "$_fr_c/case.json"
		shift
	done
	jq -s -r '
		([.[].row | keys_unsorted[]] | unique - ["id", "name", "url"]) as $extra
		| (["id", "name", "url"] + $extra) as $cols
		| ($cols | @csv), (.[].row as $r | [$cols[] | $r[.] // "" | tostring] | @csv)' "$@" > "$_fr_out"
}

# fixture_stop: stop the server (SIGTERM, SIGKILL after FIXTURE_STOP_SECS),
# wait for it, remove FIXTURE_TMP. Non-zero when the server did not exit 0.
fixture_stop() {
	_fx_rc=0
	if [ -n "${FIXTURE_PID:-}" ]; then
		kill "$FIXTURE_PID" 2>/dev/null || true
		# Watchdog: a server that ignores SIGTERM still goes away.
		(sleep "$FIXTURE_STOP_SECS"; kill -9 "$FIXTURE_PID") >/dev/null 2>&1 &
		_fx_dog=$!
		wait "$FIXTURE_PID" 2>/dev/null || _fx_rc=$?
		if [ "$_fx_rc" = 127 ]; then
			# Not this shell's child: poll until it is gone.
			_fx_rc=0
			_fx_i=0
			while kill -0 "$FIXTURE_PID" 2>/dev/null && [ "$_fx_i" -lt "$FIXTURE_STOP_SECS"0 ]; do
				sleep 0.1
				_fx_i=$((_fx_i + 1))
			done
		fi
		kill "$_fx_dog" 2>/dev/null || true
		wait "$_fx_dog" 2>/dev/null || true
		if [ "$_fx_rc" != 0 ]; then
			echo "fixture_stop: fixture-server exited with status $_fx_rc" >&2
		fi
	fi
	if [ -n "${FIXTURE_TMP:-}" ] && [ "${FIXTURE_KEEP:-0}" != 1 ]; then
		rm -rf -- "$FIXTURE_TMP"
	fi
	unset FIXTURE_PID FIXTURE_TMP FIXTURE_LOG FIXTURE_HTTP_PORT FIXTURE_HTTPS_PORT FIXTURE_CA
	return "$_fx_rc"
}

# fixture_stats: print the server's stats JSON.
fixture_stats() {
	curl -s --noproxy '*' --max-time 10 "http://127.0.0.1:${FIXTURE_HTTP_PORT:?fixture server not started}/__fixture/stats"
}

# fixture_reset: zero the server's stats.
fixture_reset() {
	curl -s --noproxy '*' --max-time 10 -o /dev/null \
		"http://127.0.0.1:${FIXTURE_HTTP_PORT:?fixture server not started}/__fixture/reset"
}
