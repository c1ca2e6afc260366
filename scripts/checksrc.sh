#!/bin/sh
# checksrc.sh - the project's source style, as curl's checksrc does it:
#   LABEL       one cleanup label per function, named out:
#   ASSIGN      no assignment inside an if condition
#   FUNC_LEN    no function body over FUNC_MAX lines
#   FILE_LEN    no source file over FILE_MAX lines
#   CYRILLIC    no Russian string literal outside the files that hold the
#               words people read (the allow list below, each with its reason)
# on the C sources outside tests/, fixtures/, fuzz/ and bench/. Prints
# "FILE:LINE: RULE: what" per finding and the last line
# "checksrc: N passed, N failed"; exits 1 when any rule fails.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

FUNC_MAX=${FUNC_MAX:-80}
FILE_MAX=${FILE_MAX:-700}

# Files whose string literals may be Russian, and why.
ALLOW_CYRILLIC='
reports/		the reports: every word a department reads is written here
rules/verdict.c		label tables of statuses, rejections and causes (reports render them)
parsers/registry.c	the name of an unnamed registry column, shown in the reports
parsers/registry_header.c	the Russian header names a registry is recognised by
parsers/registry_repeats.c	the quote characters a name is compared without
parsers/dates.c		the Russian month names dates are read in
'

files=$(git ls-files '*.c' '*.h' | grep -Ev '^(tests|fixtures|fuzz|bench)/')
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Strings and character constants blanked, so that their contents never look like code.
strip_literals() {
	sed -E "s/'(\\\\.|[^'\\\\])'/''/g; s/\"(\\\\.|[^\"\\\\])*\"/\"\"/g" "$1"
}

for f in $files; do
	n=$(wc -l < "$f")
	[ "$n" -gt "$FILE_MAX" ] && echo "$f:1: FILE_LEN: $n lines (at most $FILE_MAX)" >> "$out"
	case "$f" in *.c) ;; *) continue ;; esac
	grep -nE '^[a-z_][a-z_0-9]*:[[:space:]]*$' "$f" | grep -vE '^[0-9]+:out:' |
		sed "s|^\([0-9]*\):\(.*\)|$f:\1: LABEL: '\2' (the cleanup label is out:)|" >> "$out"
	strip_literals "$f" | awk -v f="$f" -v max="$FUNC_MAX" '
		/^\{/ { start = NR }
		/^\}/ { if (start && NR - start - 1 > max) printf "%s:%d: FUNC_LEN: %d lines (at most %d)\n", f, start, NR - start - 1, max; start = 0 }
		# An if condition, followed over its continuation lines until its parentheses close.
		{
			line = $0
			if (!depth && line !~ /(^|[^a-z_])if[ \t]*\(/) next
			if (!depth) { sub(/.*(^|[^a-z_])if[ \t]*\(/, "(", line); at = NR }
			for (i = 1; i <= length(line); i++) {
				c = substr(line, i, 1)
				if (c == "(") depth++
				else if (c == ")") { depth--; if (depth == 0) break }
				else if (c == "=" && depth > 0) {
					p = substr(line, i - 1, 1); q = substr(line, i + 1, 1)
					if (p !~ /[=!<>+*\/%&|^-]/ && q != "=") { printf "%s:%d: ASSIGN: assignment inside an if condition\n", f, at; depth = 0; break }
				}
			}
			if (depth < 0) depth = 0
		}' >> "$out"
	allowed=no
	for a in $(echo "$ALLOW_CYRILLIC" | awk 'NF { print $1 }'); do
		case "$f" in "$a"*) allowed=yes ;; esac
	done
	if [ "$allowed" = no ]; then
		grep -nP '"[^"]*[\x{0400}-\x{04FF}][^"]*"' "$f" 2>/dev/null | grep -vE '^[0-9]+:\s*(\*|/\*|//)' |
			sed "s|^\([0-9]*\):.*|$f:\1: CYRILLIC: a Russian string outside the reports' words|" >> "$out"
	fi
done

cat "$out"
failed=$(wc -l < "$out")
echo "checksrc: $([ "$failed" -eq 0 ] && echo 1 || echo 0) passed, $([ "$failed" -eq 0 ] && echo 0 || echo 1) failed ($failed findings)"
[ "$failed" -eq 0 ]
