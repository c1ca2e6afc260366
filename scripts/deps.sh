#!/bin/sh
# Install the Debian packages mentor-audit needs to build, test and demo.
# Idempotent: only missing packages are installed, and it says which.
#   sh scripts/deps.sh           build, make test, make demo
#   sh scripts/deps.sh --extra   also make bench (nginx, wget2), make fuzz
#                                (clang's libFuzzer) and make check-valgrind
set -eu

PACKAGES="gcc make pkg-config libcurl4-openssl-dev libxml2-dev libpcre2-dev \
libcmocka-dev libmicrohttpd-dev zlib1g-dev libpsl-dev libjansson-dev openssl jq curl \
ca-certificates nodejs chromium libreoffice-calc-nogui mandoc"
EXTRA_PACKAGES="nginx wget2 time python3 clang libclang-rt-14-dev valgrind"
if [ "${1:-}" = "--extra" ]; then
	PACKAGES="$PACKAGES $EXTRA_PACKAGES"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

# Test-only JavaScript tools (a WARC reader, a driver for Debian's Chromium),
# pinned by tests/js/package-lock.json; installed after the packages.
js_tools() {
	js=$(cd "$(dirname "$0")/../tests/js" && pwd)
	if [ -d "$js/node_modules/warcio" ] && [ -d "$js/node_modules/playwright-core" ]; then
		return 0
	fi
	echo "deps: installing test tools from tests/js/package-lock.json"
	(cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
}

if [ -z "$missing" ]; then
	echo "deps: all packages present"
	js_tools
	exit 0
fi

echo "deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "deps: need root (or sudo) to install:$missing" >&2
		exit 1
	fi
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
echo "deps: done"
js_tools
