#!/bin/sh
# make demo needs only what the demo uses (issue 13): a fresh clone of this
# repository's committed HEAD runs `make demo` with npm's registry
# unreachable and with npm, npx, node, Chromium, LibreOffice, apt-get and
# sudo shadowed by stubs that fail and log their call. It must exit 0,
# print the demo's summary and write build/demo/results.json, and no stub
# may have been called: the demo runs no test tool, and on a machine with
# the packages installed scripts/deps.sh installs nothing.
# Uncommitted changes are not in the clone: commit first.
#
#   sh tests/integration/demo_deps.sh
#
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "demo_deps: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

DEMO_SECS=600               # clone's build from scratch and the demo (about 30 s)
STUBBED="npm npx node nodejs chromium chromium-browser soffice libreoffice apt-get apt sudo"

# Stubs, first in PATH: each says it was called, logs it and fails.
STUBS=$OUT/stubs
CALLED=$OUT/stubs-called.log
mkdir -p "$STUBS"
for tool in $STUBBED; do
	cat > "$STUBS/$tool" <<EOF
#!/bin/sh
echo "demo_deps: stub $tool called: \$*" >&2
echo "$tool \$*" >> '$CALLED'
exit 97
EOF
	chmod +x "$STUBS/$tool"
done
shadowed() {
	for _t in $STUBBED; do
		[ "$(PATH=$STUBS:$PATH command -v "$_t")" = "$STUBS/$_t" ] || return 1
	done
}
check "the stubs shadow $STUBBED" shadowed

REV=$(git -C "$ROOT" rev-parse HEAD) || REV=""
check "HEAD of $ROOT is known" [ -n "$REV" ]
check "a fresh clone of HEAD ($REV)" \
	sh -c "git clone -q --no-checkout '$ROOT' '$OUT/clone' && git -C '$OUT/clone' checkout -q --detach '$REV'"

# make demo in the clone: nothing from a calling make (make test passes
# BUILD, SANITIZE and the fixture server's place), the stubs first in PATH.
started=$(date +%s)
(
	cd "$OUT/clone" || exit 1
	unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BUILD SANITIZE OPTFLAGS RSS_BIN \
		BIN FIXTURE_SERVER FIXTURE_REPO DEMO_OUT DEMO_AS_OF
	PATH=$STUBS:$PATH
	npm_config_registry=http://127.0.0.1:9/
	export PATH npm_config_registry
	exec timeout "$DEMO_SECS" make demo
) > "$OUT/demo.out" 2>&1
rc=$?
echo "demo_deps: make demo in the clone took $(($(date +%s) - started)) s"

check "make demo exits 0" [ "$rc" -eq 0 ]
check "the demo printed its summary" grep -q '^Audited 16 organisations' "$OUT/demo.out"
check "build/demo/results.json in the clone, 16 organisations" \
	sh -c "jq -e '.organizations | length == 16' '$OUT/clone/build/demo/results.json' >/dev/null 2>&1"
check "no stub was called" [ ! -s "$CALLED" ]
if [ "$fail" -ne 0 ]; then
	echo "--- make demo (exit $rc), last lines:"
	tail -n 30 "$OUT/demo.out"
	if [ -s "$CALLED" ]; then
		echo "--- stubs called:"
		cat "$CALLED"
	fi
	echo "---"
fi

checks_done demo_deps
