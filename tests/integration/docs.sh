#!/bin/sh
# The documentation and the scheduling examples against the binary: the man
# page is lint-clean and names every option `--help` prints, every command
# and every exit status; README.md names every option; the crontab entry
# parses and its command, run twice against fixture sites, leaves dated runs
# and a runs/latest link the second run compared with; the systemd units
# verify and their ExecStart does the same.
#
#   BIN=build/mentor-audit sh tests/integration/docs.sh
#
# Each check prints "ok NAME" or "FAIL NAME"; the last line is
# "docs: N passed, N failed".
# shellcheck disable=SC2016  # awk programs are single-quoted on purpose
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tests/integration/lib.sh
integration_begin

MAN=docs/mentor-audit.1
CRON=examples/mentor-audit.cron
SERVICE=examples/mentor-audit.service
TIMER=examples/mentor-audit.timer
# The examples' own paths, replaced by a temporary directory and this build.
EXAMPLE_BASE=/srv/mentor-audit
EXAMPLE_BIN=/usr/local/bin/mentor-audit

BIN_ABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

# 1. The man page.
lint_clean() {
	mandoc -Tlint -Wwarning "$MAN" > "$OUT/lint" 2>&1
	rc=$?
	sed 's/^/    /' "$OUT/lint"
	[ "$rc" -eq 0 ] && ! [ -s "$OUT/lint" ]
}
check "mandoc -Tlint -Wwarning $MAN is clean" lint_clean

# The page as a reader sees it: overstrike (bold, underline) removed.
bs=$(printf '\b')
mandoc -Tascii "$MAN" 2>/dev/null | sed "s/.$bs//g" > "$OUT/man.txt"
"$BIN" --help > "$OUT/help.txt" 2>&1
options=$(grep -o -- '--[a-z][a-z-]*' "$OUT/help.txt" | sort -u)
check "--help lists options" test -n "$options"

# names_all FILE WORD...: FILE names every WORD as a whole option; the
# missing ones are listed.
names_all() {
	file=$1
	shift
	missing=
	for w in "$@"; do
		grep -Eq -- "(^|[^a-z-])$w([^a-z-]|\$)" "$file" || missing="$missing $w"
	done
	[ -z "$missing" ] && return 0
	echo "    missing from $file:$missing"
	return 1
}
# Every option has its own entry under OPTIONS: a line that starts with it.
options_entries() {
	awk '/^OPTIONS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' "$OUT/man.txt" > "$OUT/options"
	missing=
	for o in $options; do
		grep -Eq -- "^ +$o( |,|\$)" "$OUT/options" || missing="$missing $o"
	done
	[ -z "$missing" ] && return 0
	echo "    no entry under OPTIONS:$missing"
	return 1
}
check "the man page has an entry under OPTIONS for every option of --help" options_entries
# shellcheck disable=SC2086
check "README.md names every option of --help" names_all README.md $options

synopsis_has_commands() {
	awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' "$OUT/man.txt" > "$OUT/synopsis"
	# shellcheck disable=SC2013  # one command name a word
	for c in $(sed -n 's/^ *\(Usage: \)\{0,1\}mentor-audit \([a-z][a-z]*\) .*/\2/p' "$OUT/help.txt"); do
		grep -q "mentor-audit $c " "$OUT/synopsis" || { echo "    SYNOPSIS lacks $c"; return 1; }
	done
	grep -q 'mentor-audit diff' "$OUT/synopsis"
}
check "SYNOPSIS shows every command of --help (audit, check, robots, diff)" synopsis_has_commands

exit_status_complete() {
	awk '/^EXIT STATUS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' "$OUT/man.txt" > "$OUT/exit"
	for code in 0 1 2 3 4 5 6 7; do
		grep -Eq "^ +$code( |\$)" "$OUT/exit" || { echo "    EXIT STATUS lacks $code"; return 1; }
	done
}
check "EXIT STATUS describes every exit code 0..7" exit_status_complete

check "FILES names every report" names_all "$OUT/man.txt" results.json noncompliant.csv summary.md summary.docx \
	report.html changes.csv changes.html notices/
check "SEE ALSO: curl(1), crontab(5), systemd.timer(5)" \
	sh -c "awk '/^SEE ALSO/ { on = 1; next } /^[A-Z]/ { on = 0 } on' '$OUT/man.txt' |
		grep -q 'curl(1).*crontab(5).*systemd.timer(5)'"

# 2. The crontab. No crontab(1) can check a file without installing it,
#    so the entry is parsed here: environment lines, then jobs of five time
#    fields (in range) and a command whose every % is escaped as \%.
cron_parses() {
	awk '
	function field_ok(f, lo, hi,    n, i, parts, item, step, ab) {
		n = split(f, parts, ",")
		for (i = 1; i <= n; i++) {
			item = parts[i]
			step = ""
			if (index(item, "/")) {
				step = substr(item, index(item, "/") + 1)
				item = substr(item, 1, index(item, "/") - 1)
				if (step !~ /^[0-9]+$/ || step + 0 == 0) return 0
			}
			if (item == "*") continue
			if (item ~ /^[0-9]+$/) { if (item + 0 < lo || item + 0 > hi) return 0; continue }
			if (item ~ /^[0-9]+-[0-9]+$/) {
				split(item, ab, "-")
				if (ab[1] + 0 < lo || ab[2] + 0 > hi || ab[1] + 0 > ab[2] + 0) return 0
				continue
			}
			return 0
		}
		return 1
	}
	/^[ \t]*(#|$)/ { next }
	/^[A-Za-z_][A-Za-z0-9_]*[ \t]*=/ { next }
	{
		jobs++
		if (NF < 6) { print "    line " NR ": fewer than five time fields and a command"; bad = 1; next }
		if (!field_ok($1, 0, 59) || !field_ok($2, 0, 23) || !field_ok($3, 1, 31) ||
		    !field_ok($4, 1, 12) || !field_ok($5, 0, 7)) {
			print "    line " NR ": a time field is out of range: " $1 " " $2 " " $3 " " $4 " " $5
			bad = 1
		}
		cmd = $0
		for (i = 1; i <= 5; i++) sub(/^[ \t]*[^ \t]+/, "", cmd)
		if (cmd ~ /(^|[^\\])%/) { print "    line " NR ": a % not written \\%"; bad = 1 }
	}
	END {
		if (jobs != 1) { print "    " jobs + 0 " job lines, expected 1"; bad = 1 }
		exit bad
	}' "$CRON" &&
		# cron ignores a last line without a newline
		[ "$(tail -c 1 "$CRON" | od -An -c | tr -d ' ')" = '\n' ]
}
check "$CRON: one job, five time fields in range, % escaped, newline at the end" cron_parses

# The job's command as cron hands it to sh: \% becomes %, the example's
# directory a temporary one. date +%F answers FAKE_DAY, so that two runs
# fall on two days.
cron_command() {
	grep -Ev '^[ \t]*(#|$)|^[A-Za-z_][A-Za-z0-9_]*[ \t]*=' "$CRON" |
		awk '{ for (i = 1; i <= 5; i++) sub(/^[ \t]*[^ \t]+/, ""); sub(/^[ \t]+/, ""); print }' |
		sed 's/\\%/%/g'
}
# ExecStart= as systemd runs it: continued lines joined, $$ a literal $,
# any other $NAME or ${NAME} an environment variable (none is set: empty),
# %% a literal %.
exec_start() {
	awk '
	on || /^ExecStart=/ {
		line = $0
		if (!on) sub(/^ExecStart=/, "", line)
		cont = sub(/\\$/, " ", line)
		out = out line
		on = cont
		if (!on) { print out; exit }
	}' "$SERVICE" |
		sed 's/\$\$/@DOLLAR@/g; s/\${[A-Za-z_][A-Za-z0-9_]*}//g; s/\$[A-Za-z_][A-Za-z0-9_]*//g
		     s/@DOLLAR@/$/g; s/%%/%/g'
}

mkdir -p "$OUT/bin" "$OUT/man/man1"
# The examples keep the polite default --delay; the fixture sites need none.
printf '#!/bin/sh\nexec "%s" "$@" --delay 0\n' "$BIN_ABS" > "$OUT/bin/mentor-audit"
chmod +x "$OUT/bin/mentor-audit"
cat > "$OUT/bin/date" <<'EOF'
#!/bin/sh
if [ "${1:-}" = +%F ] && [ -n "${FAKE_DAY:-}" ]; then echo "$FAKE_DAY"; exit 0; fi
exec /bin/date "$@"
EOF
chmod +x "$OUT/bin/date"

if fixture_start_sites; then
	PROXY=http://127.0.0.1:$FIXTURE_HTTP_PORT
	ok "fixture server for the scheduled runs"
else
	bad "fixture server for the scheduled runs"
	PROXY=http://127.0.0.1:9
fi
# new_base DIR: the examples' layout with a one-school registry.
new_base() {
	mkdir -p "$1/runs" "$1/log"
	printf 'id,name,url\n1,МБОУ «СОШ № 1»,http://full-titles.test/pedagogam-i-sotrudnikam/nastavnichestvo/\n' \
		> "$1/registry.csv"
}
# scheduled_runs NAME COMMAND: run COMMAND twice, on two days, in a fresh
# base; then day one and day two have reports, day two compared with day
# one, and runs/latest points to day two.
scheduled_runs() {
	base=$OUT/$1
	new_base "$base"
	cmd=$(printf '%s\n' "$2" | sed "s|$EXAMPLE_BASE|$base|g; s|$EXAMPLE_BIN|$OUT/bin/mentor-audit|g")
	for day in 2026-11-21 2026-11-22; do
		(cd "$base" && FAKE_DAY=$day PATH="$OUT/bin:/usr/bin:/bin" http_proxy=$PROXY \
			sh -c "$cmd") > "$OUT/$1.$day.out" 2>&1 || {
			echo "    $1 on $day exited $?:"
			sed 's/^/    /' "$OUT/$1.$day.out"
			return 1
		}
	done
	for f in runs/2026-11-21/results.json runs/2026-11-22/report.html runs/2026-11-22/changes.csv; do
		[ -s "$base/$f" ] || { echo "    $1: no $f"; return 1; }
	done
	[ "$(readlink "$base/runs/latest")" = 2026-11-22 ] || { echo "    $1: runs/latest is not 2026-11-22"; return 1; }
}
check "$CRON: two nights give dated runs, changes.csv and runs/latest" scheduled_runs cron "$(cron_command)"
check "$CRON: on success cron mails the summary: the share and where the reports are" \
	sh -c "grep -q '^Audited 1 organisations as of ' '$OUT/cron.2026-11-22.out' &&
		grep -q '^Reports: runs/2026-11-22/results.json' '$OUT/cron.2026-11-22.out' &&
		! grep -q 'exit' '$OUT/cron.2026-11-22.out' && grep -q 'exit 0' '$OUT/cron/log/mentor-audit.log'"
# An interrupted day (its directory holds journal.json) is continued by the next
# start that day: the command's shell, with a mentor-audit that notes its arguments.
resumes_interrupted_day() {
	base=$OUT/cron-resume
	new_base "$base"
	mkdir -p "$base/runs/2026-11-23" "$OUT/fakebin"
	: > "$base/runs/2026-11-23/journal.json"
	printf '#!/bin/sh\necho "$*" >> "%s/args"\n' "$OUT" > "$OUT/fakebin/mentor-audit"
	chmod +x "$OUT/fakebin/mentor-audit"
	cp "$OUT/bin/date" "$OUT/fakebin/"
	cmd=$(printf '%s\n' "$(cron_command)" | sed "s|$EXAMPLE_BASE|$base|g")
	for day in 2026-11-23 2026-11-24; do
		(cd "$base" && FAKE_DAY=$day PATH="$OUT/fakebin:/usr/bin:/bin" sh -c "$cmd") > /dev/null 2>&1
	done
	sed 's/^/    /' "$OUT/args"
	grep -q -- '--out runs/2026-11-23 .*--resume' "$OUT/args" && ! grep -q -- '--out runs/2026-11-24 .*--resume' "$OUT/args"
}
check "$CRON: a start on a day whose run was interrupted continues it with --resume" resumes_interrupted_day

# 3. The systemd units.
has_keys() { # has_keys FILE KEY=VALUE... (a VALUE of * takes any)
	file=$1
	shift
	for kv in "$@"; do
		case $kv in
		*=\*) grep -q "^${kv%\*}." "$file" ;;
		*) grep -qx -- "$kv" "$file" ;;
		esac || { echo "    $file lacks $kv"; return 1; }
	done
}
check "$SERVICE: oneshot, a dedicated user, hardened" has_keys "$SERVICE" \
	Type=oneshot 'User=*' 'ExecStart=*' NoNewPrivileges=yes ProtectSystem=strict \
	"ReadWritePaths=$EXAMPLE_BASE" PrivateTmp=yes ProtectHome=yes 'CapabilityBoundingSet='
check "$TIMER: calendar, persistent, randomised, installed in timers.target" has_keys "$TIMER" \
	'OnCalendar=*' Persistent=true 'RandomizedDelaySec=*' WantedBy=timers.target
if command -v systemd-analyze >/dev/null 2>&1; then
	# Documentation=man:mentor-audit(1) is looked up with man(1): show it this page.
	cp "$MAN" "$OUT/man/man1/"
	verify_units() {
		MANPATH=$OUT/man systemd-analyze verify "$SERVICE" "$TIMER" > "$OUT/verify" 2>&1
		rc=$?
		sed 's/^/    /' "$OUT/verify"
		# verify exits 0 on a value it cannot parse and ignores: any word fails.
		[ "$rc" -eq 0 ] && ! [ -s "$OUT/verify" ]
	}
	check "systemd-analyze verify: both units clean" verify_units
else
	echo "note: systemd-analyze not installed; the units were checked for their keys only"
fi
check "$SERVICE: ExecStart runs twice, dated runs, changes.csv and runs/latest" \
	scheduled_runs service "$(exec_start)"

checks_done docs
