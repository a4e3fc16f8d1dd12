#!/bin/sh
# Runs the C unit test programs named as arguments (make unit). Each prints TAP:
# "ok N - ...", "not ok N - ..." and a plan "1..N". Prints a line per program,
# every "not ok" line, the end of the output of a program that exits non-zero
# or whose plan does not match its tests, and last "N passed, N failed".
# Exit status 1 if any test failed, a program failed or a plan did not match.
set -u

passed=0 failed=0 status=0
out=$(mktemp "${TMPDIR:-/tmp}/unit.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT

for prog in "$@"; do
	name=${prog##*/}
	"$prog" >"$out" 2>&1
	rc=$?
	# passed failed planned
	set -- $(awk '
		/^ok / { ok++ }
		/^not ok / { notok++ }
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) }
		END { printf "%d %d %s\n", ok, notok, plan == "" ? "-" : plan }' "$out")
	p=$1 f=$2 plan=$3
	grep '^not ok ' "$out" | sed "s/^/$name: /"
	problem=
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		problem="exit status $rc"
	elif [ "$plan" = - ]; then
		problem="no plan (1..N)"
	elif [ "$plan" -ne $((p + f)) ]; then
		problem="planned $plan tests, ran $((p + f))"
	fi
	if [ -n "$problem" ]; then
		echo "$name: $problem; the end of its output:"
		tail -n 5 "$out" | sed 's/^/    /'
		f=$((f + 1))
	fi
	echo "$name: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -eq 0 ] || status=1
done
echo "$passed passed, $failed failed"
exit "$status"
