#!/bin/sh
# embed.sh FILE SYMBOL: print a C file defining SYMBOL_text and SYMBOL_len
# with the bytes of FILE (UTF-8 text) as a string literal. '?' is escaped
# because C11 still reads "??x" as a trigraph.
set -eu
file=$1
sym=$2
printf '/* Generated from %s by scripts/embed.sh; do not edit. */\n' "$file"
printf '#include <stddef.h>\n'
printf 'extern const char %s_text[];\nextern const size_t %s_len;\n' "$sym" "$sym"
printf 'const char %s_text[] =\n' "$sym"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$file"
printf '\t"";\n'
printf 'const size_t %s_len = sizeof(%s_text) - 1;\n' "$sym" "$sym"
