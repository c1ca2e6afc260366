#!/bin/sh
# jit.sh - the same verdicts with PCRE2's JIT and without (--no-jit):
#   1. the corpus's tuning set (fixtures/corpus/, audited as corpus.sh does) twice:
#      results.json the same but for generated_at, and no rule error in it;
#   2. the rule-error feature case (fixtures/features/rule-error/), whose
#      rule file blows up on the roadmap's link text, twice: the same
#      results.json, the roadmap unchecked with the rule error found, its
#      pattern named as case.rules:LINE with PCRE2's message.
#
#   BIN=build/mentor-audit sh tests/integration/jit.sh
#
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "jit: N passed, N failed". KEEP=1 keeps the runs.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin
# Verdicts compared, not memory checked: the plain build when make test gives one.
BIN=${FAST_BIN:-$BIN}

CASE=fixtures/features/rule-error

# same A B: the two results.json alike but for when they were written.
same() {
	jq -S 'del(.generated_at)' "$1" > "$1.cmp" && jq -S 'del(.generated_at)' "$2" > "$2.cmp" &&
		cmp "$1.cmp" "$2.cmp"
}
org() { # org RESULTS JQ-TEST: the first organisation passes the test
	jq -e ".organizations[0] | $2" "$1" >/dev/null
}
no_rule_error() {
	jq -e '[.organizations[].findings[] | select(.kind | test("rule_error"))] == []' "$1" >/dev/null
}

fixture_start_sites --tls || { bad "fixture server"; checks_done jit; exit; }

# 1. The corpus.
# The tuning set (the whole corpus is audited by corpus.sh, with JIT).
corpus_registry "$OUT/registry.csv" tune
# No delay between requests: the verdicts are compared, not the politeness.
check "corpus with JIT: exit 0" corpus_audit "$OUT/registry.csv" "$OUT/jit" --delay 0
check "corpus with --no-jit: exit 0" corpus_audit "$OUT/registry.csv" "$OUT/nojit" --no-jit --delay 0
check "corpus: the same results.json with and without JIT" same "$OUT/jit/results.json" "$OUT/nojit/results.json"
check "corpus: no rule error" no_rule_error "$OUT/jit/results.json"

# 2. A rule file that blows up.
feature_registry "$OUT/case.csv" "$FIXTURE_REPO/$CASE"
for mode in jit nojit; do
	opt=
	[ "$mode" = nojit ] && opt=--no-jit
	# shellcheck disable=SC2086  # $opt: one option or none
	check "rule-error case, $mode: exit 0" env http_proxy="http://127.0.0.1:$FIXTURE_HTTP_PORT" \
		"$BIN" audit --orgs "$OUT/case.csv" --out "$OUT/case-$mode" --rules "$CASE/case.rules" \
		--as-of "$AS_OF" --quiet $opt
done
r=$OUT/case-jit/results.json
check "rule-error case: the same results.json with and without JIT" same "$r" "$OUT/case-nojit/results.json"
check "rule-error case: incomplete, the roadmap unchecked for a rule error" \
	org "$r" '.status == "incomplete" and .unchecked == ["roadmap"] and .unchecked_reason == "rule_error"
	          and .documents.roadmap.state == "unchecked" and .documents.order.state == "found"'
line=$(grep -n '^match = ^(\\w+\\s?)+карт$' "$CASE/case.rules" | cut -d: -f1)
check "rule-error case: the finding names the link and $CASE/case.rules:$line" \
	org "$r" "[.findings[] | select(.kind == \"rule_error\" and .document == \"roadmap\" and .cause == \"rule_error\"
	          and .url == \"http://rule-error.test/files/plan_meropriyatiy.pdf\"
	          and .detail == \"$CASE/case.rules:$line: match limit exceeded\")] | length == 1"
check "rule-error case: the problems say it in Russian" \
	org "$r" '.problems | any(test("документом «Дорожная карта»: ошибка правила .*case.rules:[0-9]+: match limit exceeded"))'

checks_done jit
