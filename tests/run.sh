#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the test runner behind `make check`.
#
# usage: tests/run.sh [-t "TRANSPORT..."] [TEST...]
#   TEST       unit, or a rig test under tests/ (e.g. func/login); default:
#              unit and every tests/func/*.sh
#   -t LIST    transports for rig tests (default: $CHECK_TRANSPORTS or
#              iscsi_tcp)
#
# Each rig test runs once per transport. Unit suites report their own
# counts, which are added in. The last line is "N passed, N failed"; the
# exit status is non-zero if anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
transports=${CHECK_TRANSPORTS:-iscsi_tcp}
while getopts "t:" opt; do
	case $opt in
	t) transports=$OPTARG ;;
	*) sed -n '6,13s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	tests=(unit fuzz lint vm/selftest)
	for t in "$here"/func/*.sh "$here"/interop/*.sh "$here"/netswap/*.sh; do
		t=${t#"$here"/}
		tests+=("${t%.sh}")
	done
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

for t in "${tests[@]}"; do
	case $t in
	unit | fuzz | lint)
		if [ -f "$here/$t/Makefile" ]; then
			echo "=== $t"
			run_unit "$here/$t"
		fi
		;;
	*)
		t=${t%.sh}
		if [ ! -x "$here/$t.sh" ]; then
			echo "no such test: $t" >&2
			failed=$((failed + 1))
			failures+=("$t: missing")
			continue
		fi
		trs=$transports
		# The rig's own self-test does not depend on the transport; tests
		# of our packaging are about iscsi_netswap alone.
		[ "${t%%/*}" = vm ] && trs=${transports%% *}
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
