#!/bin/sh
# The Debian package as an administrator gets it: `make deb` builds it (or
# DEB=FILE names one built already), dpkg installs it, the installed
# /usr/bin/mentor-audit audits the demo's registry against the fixture sites
# and its verdicts and indicators must be this build's; the installed files
# are where README says (the manual page, the rule file identical to the
# built-in one and giving the same verdicts, the examples naming /usr/bin);
# lintian, when installed, finds nothing; dpkg removes it all again.
#
#   BIN=build/mentor-audit FIXTURE_SERVER=build/fixture-server sh tests/integration/deb.sh
#
# It installs a package, so it needs root (or sudo), and refuses to run
# where mentor-audit is installed as a package already. make deb-check
# runs it alone, and it is the last of make test's scripts (about 90 s, half
# of it the build).
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "deb: N passed, N failed".
# shellcheck disable=SC2016  # jq programs are single-quoted on purpose
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

PKG=mentor-audit
INSTALLED=/usr/bin/mentor-audit
started=$(date +%s)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "deb: needs root (or sudo) to install the package" >&2
		echo "deb: 0 passed, 1 failed"
		exit 1
	fi
	SUDO=sudo
fi
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; then
	echo "deb: $PKG is installed as a package already; remove it first (dpkg -r $PKG)" >&2
	echo "deb: 0 passed, 1 failed"
	exit 1
fi

# 1. Build (make deb), unless DEB names a package.
if [ -z "${DEB:-}" ]; then
	build_started=$(date +%s)
	# Not the calling make's variables (make test's SANITIZE and BUILD): the package's own build.
	check "make deb builds the package" sh -c 'env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory deb > "$1/deb-build.log" 2>&1 ||
		{ tail -n 30 "$1/deb-build.log"; exit 1; }' _ "$OUT"
	echo "deb: the build took $(($(date +%s) - build_started)) s"
	DEB=$(ls build/deb/"$PKG"_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -n 1)
fi
if ! [ -s "${DEB:-}" ]; then
	echo "deb: no package to install" >&2
	checks_done deb
	exit 1
fi
echo "deb: $DEB, $(wc -c < "$DEB") bytes"

# 2. Install with dpkg; from here on, the package is removed at exit whatever happens.
remove_package() { $SUDO dpkg --purge "$PKG" > "$OUT/purge.log" 2>&1; }
trap 'remove_package; fixture_stop; if [ -n "${KEEP:-}" ]; then echo "kept $OUT"; else rm -rf "$OUT"; fi' EXIT INT TERM
check "dpkg installs the package" sh -c '$1 dpkg -i "$2" > "$3/install.log" 2>&1 || { cat "$3/install.log"; exit 1; }' \
	_ "$SUDO" "$DEB" "$OUT"
check "$INSTALLED is the package's and says its version" \
	sh -c "dpkg -S '$INSTALLED' | grep -q '^$PKG:' && '$INSTALLED' --version | grep -q '$(sed -n 's/^VERSION := //p' Makefile)'"
check "the manual page is installed, gzipped" test -s /usr/share/man/man1/mentor-audit.1.gz
check "the rule file is installed, the binary's built-in one" cmp -s /usr/share/mentor-audit/mentor.rules rules/mentor.rules
examples_installed() {
	for f in mentor-audit.service mentor-audit.timer mentor-audit.cron README.md; do
		[ -s "/usr/share/doc/$PKG/examples/$f" ] || { echo "    missing: $f"; return 1; }
	done
	grep -q "$INSTALLED audit " "/usr/share/doc/$PKG/examples/mentor-audit.service" &&
		! grep -l '/usr/local/' /usr/share/doc/"$PKG"/examples/*
}
check "the examples are installed and name the installed paths" examples_installed

# 3. The demo's audit by the installed binary and by this build: the same verdicts.
fixture_start fixtures/sites --tls || { checks_done deb; exit 1; }
BUILT=$BIN
BIN=$INSTALLED
check "the installed mentor-audit audits the demo's registry" demo_audit "$OUT/installed"
check "...and with the installed rule file" demo_audit "$OUT/rules-file" --rules /usr/share/mentor-audit/mentor.rules
BIN=$BUILT
check "this build audits the demo's registry" demo_audit "$OUT/built"
fixture_stop
# Each organisation's verdict, and the indicator table.
verdicts() {
	jq -S '[.organizations[] | {id, status, found, missing, unchecked, unchecked_reason}], .summary.indicators' "$1"
}
same_verdicts() { # same_verdicts A.json B.json
	verdicts "$1" > "$OUT/a.verdicts" && verdicts "$2" > "$OUT/b.verdicts" || return 1
	diff "$OUT/a.verdicts" "$OUT/b.verdicts" > "$OUT/verdicts.diff" && return 0
	sed 's/^/    /' "$OUT/verdicts.diff" | head -n 20
	return 1
}
norgs=$(jq '.organizations | length' "$OUT/built/results.json" 2>/dev/null)
check "the installed binary's verdicts and indicators are this build's (${norgs:-0} organisations)" \
	same_verdicts "$OUT/built/results.json" "$OUT/installed/results.json"
check "the installed rule file gives the same verdicts" \
	same_verdicts "$OUT/installed/results.json" "$OUT/rules-file/results.json"
check "the installed binary writes every report" sh -c 'cd "$1" && for f in $(ls "$2"); do test -s "$f" || exit 1; done' \
	_ "$OUT/installed" "$OUT/built"
# The comparison fails on a run that differs: one organisation's status changed.
jq '.organizations[0].status = "blocked"' "$OUT/installed/results.json" > "$OUT/changed.json"
caught() { ! same_verdicts "$@" > /dev/null; }
check "the comparison catches one changed verdict" caught "$OUT/installed/results.json" "$OUT/changed.json"

# 4. lintian, when there is one: its output as it is.
if command -v lintian >/dev/null 2>&1; then
	lintian --pedantic "$DEB" > "$OUT/lintian.log" 2>&1
	grep -v '^running with root privileges' "$OUT/lintian.log" | sed 's/^/    lintian: /'
	check "lintian --pedantic: no tag" sh -c '! grep -q "^[EWIPX]: " "$1"' _ "$OUT/lintian.log"
else
	echo "deb: lintian not installed (make deb installs it), not run"
fi

# 5. Removed: nothing of it left.
check "dpkg removes the package and its files" sh -c 'remove_ok=0; $1 dpkg --purge mentor-audit > /dev/null 2>&1 &&
	! [ -e /usr/bin/mentor-audit ] && ! [ -e /usr/share/mentor-audit ] && ! [ -e /usr/share/doc/mentor-audit ] &&
	! [ -e /usr/share/man/man1/mentor-audit.1.gz ] &&
	! dpkg-query -W -f="\${Status}" mentor-audit 2>/dev/null | grep -q "install ok installed"' _ "$SUDO"

echo "deb: took $(($(date +%s) - started)) s"
checks_done deb
