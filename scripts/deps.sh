#!/bin/sh
# Install the Debian packages mentor-audit needs, by level; each level
# includes the ones before it. Idempotent: only missing packages are
# installed, and it says which.
#   sh scripts/deps.sh [--run]   make, make demo: the compiler, the libraries the
#                                binary and build/fixture-server link (the document
#                                readers among them: poppler, libzip, Tesseract with
#                                its Russian and English data, leptonica, libgsf;
#                                libxlsxwriter for noncompliant.xlsx),
#                                openssl (the
#                                demo's throwaway certificate), jq (the demo's list
#                                of non-compliant organisations)
#   sh scripts/deps.sh --test    also make test: cmocka, curl, unzip, nodejs and npm,
#                                chromium, libreoffice-calc-nogui and -writer-nogui, mandoc, and
#                                `npm ci` of the test tools in tests/js
#   sh scripts/deps.sh --deb     make deb: the run level and what builds a Debian
#                                package (debhelper, dpkg-dev) and checks it (lintian);
#                                nothing of the tests'
#   sh scripts/deps.sh --extra   also make bench (nginx and its echo module, wget2; for
#                                bench-docs poppler-utils and tesseract-ocr), make fuzz
#                                (clang's libFuzzer) and make check-valgrind
set -eu

RUN_PACKAGES="gcc make pkg-config libcurl4-openssl-dev libxml2-dev libpcre2-dev \
libmicrohttpd-dev zlib1g-dev libpsl-dev libjansson-dev openssl jq ca-certificates \
libpoppler-glib-dev libzip-dev libtesseract-dev libleptonica-dev tesseract-ocr-rus \
tesseract-ocr-eng libgsf-1-dev libuchardet-dev libidn2-dev libxlsxwriter-dev"
TEST_PACKAGES="libcmocka-dev curl nodejs chromium libreoffice-calc-nogui libreoffice-writer-nogui mandoc unzip poppler-utils"
DEB_PACKAGES="debhelper dpkg-dev lintian"
EXTRA_PACKAGES="nginx libnginx-mod-http-echo wget2 time python3 clang libclang-rt-14-dev valgrind \
poppler-utils tesseract-ocr"

case ${1:-} in
'' | --run) level='run' ;;
--test) level='test' ;;
--extra) level='extra' ;;
--deb) level='deb' ;;
*)
	echo "usage: sh scripts/deps.sh [--run | --test | --extra | --deb]" >&2
	exit 2
	;;
esac

PACKAGES=$RUN_PACKAGES
case $level in
test | extra) PACKAGES="$PACKAGES $TEST_PACKAGES" ;;
deb) PACKAGES="$PACKAGES $DEB_PACKAGES" ;;
esac
[ "$level" != extra ] || PACKAGES="$PACKAGES $EXTRA_PACKAGES"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Debian's nodejs comes without npm, NodeSource's nodejs brings its own (and
# conflicts with Debian's npm): ask for the package only when the command is missing.
if { [ "$level" = test ] || [ "$level" = extra ]; } && ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

# Test-only JavaScript tools (a WARC reader, a driver for Debian's Chromium),
# pinned by tests/js/package-lock.json; installed after the packages, and
# not for make or make demo.
js_tools() {
	case $level in run | deb) return 0 ;; esac
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
