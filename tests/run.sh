#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the test runner behind `make check`.
#
# usage: tests/run.sh [-t "TRANSPORT..."] [TEST...]
#   TEST       unit, fuzz, lint, or a rig test under tests/ (e.g.
#              func/login); default: everything in tests/check.list, each
#              with the transports listed there
#   -t LIST    transports for named rig tests (default: iscsi_tcp)
#   -l         list what would run, run nothing
#
# Unit suites report their own counts, which are added in. The last line is "N passed, N failed"; the
# exit status is non-zero if anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
transports=iscsi_tcp
list_only=0
while getopts "t:l" opt; do
	case $opt in
	t) transports=$OPTARG ;;
	l) list_only=1 ;;
	*) sed -n '6,11s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

# "TRANSPORTS|TEST" pairs: from tests/check.list, or the named tests on -t.
plan=()
if [ $# -eq 0 ]; then
	while read -r line; do
		line=${line%%#*}
		[ -n "${line// /}" ] || continue
		t=${line##*[[:space:]]}
		trs=$(echo "${line%"$t"}" | xargs)
		plan+=("$trs|$t")
	done < "$here/check.list"
else
	for t in "$@"; do
		plan+=("$transports|$t")
	done
fi

if [ $list_only = 1 ]; then
	printf '%s\n' "${plan[@]}"
	exit 0
fi

passed=0 failed=0 failures=()
t_start=$SECONDS

run_unit() {
	local dir=$1 log line p f
	log=$(mktemp)
	make -s --no-print-directory -C "$dir" check 2>&1 | tee "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	rm -f "$log"
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		failures+=("$dir: no result line")
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" = 0 ] || failures+=("$dir: $f failed")
}

for entry in "${plan[@]}"; do
	trs=${entry%%|*}
	t=${entry#*|}
	case $t in
	unit | fuzz | lint)
		echo "=== $t"
		run_unit "$here/$t"
		;;
	*)
		t=${t%.sh}
		if [ ! -x "$here/$t.sh" ]; then
			echo "no such test: $t" >&2
			failed=$((failed + 1))
			failures+=("$t: missing")
			continue
		fi
		# Tests of our own packaging are about iscsi_netswap alone.
		[ "${t%%/*}" = netswap ] && trs=iscsi_netswap
		for tr in $trs; do
			echo "=== $tr/$t"
			if TRANSPORT=$tr "$here/$t.sh"; then
				passed=$((passed + 1))
			else
				failed=$((failed + 1))
				failures+=("$tr/$t")
			fi
		done
		;;
	esac
done

echo
echo "Ran in $(((SECONDS - t_start) / 60)) min $(((SECONDS - t_start) % 60)) s."
for f in "${failures[@]+"${failures[@]}"}"; do
	echo "FAILED: $f"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
