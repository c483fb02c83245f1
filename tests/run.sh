#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the test runner behind `make check`.
#
# usage: [KERNEL=stock|debug|patched] tests/run.sh [-j N] [-t "TRANSPORT..."] [-l] [TEST...]
#   TEST       unit, fuzz, lint, kernel, or a rig test under tests/ (e.g.
#              func/login, or iscsi_netswap/func/login for that transport
#              alone); default: everything in tests/check.list, each
#              with the transports (and kernels) listed there
#   -t LIST    transports for named rig tests (default: iscsi_tcp)
#   -j N       run N tests at a time (default: $CHECK_JOBS, else 2)
#   -l         list what would run, in schedule order, run nothing
#
# Every test (each transport and kernel of a rig test, each suite) is one
# job in its own process group, its output in a log file that is printed whole when
# the job ends, followed by a PASS/FAIL line with its time. Jobs start
# longest first (the weights in check.list). Unit suites report their own
# counts, which are added in. The last line is "N passed, N failed"; the
# exit status is non-zero if anything failed. SIGINT/SIGTERM stop the
# running jobs (their own traps stop their targets and guests).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

transports=iscsi_tcp
list_only=0
njobs=${CHECK_JOBS:-2}
while getopts "t:j:l" opt; do
	case $opt in
	t) transports=$OPTARG ;;
	j) njobs=$OPTARG ;;
	l) list_only=1 ;;
	*) sed -n '6,13s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $njobs in
'' | *[!0-9]* | 0) echo "run.sh: -j wants a positive number, not '$njobs'" >&2; exit 2 ;;
esac

# check.list: "TRANSPORTS TEST [SECONDS]"; SECONDS is the test's time on
# an idle host, used only to start long tests first. A transport written
# KERNEL:TRANSPORT runs on that kernel of ours; a plain one on $KERNEL
# (stock by default); +TRANSPORT is a reference run (CHECK_FULL=1 only).
# With KERNEL=debug|patched set, every rig test runs on that kernel, once
# per transport, reference runs included.
declare -A weight=()
list=()
while read -r line; do
	line=${line%%#*}
	read -r -a f <<< "$line"
	[ ${#f[@]} -gt 0 ] || continue
	w=100
	if [[ ${f[-1]} =~ ^[0-9]+$ ]]; then
		w=${f[-1]}
		unset 'f[-1]'
	fi
	t=${f[-1]%.sh}
	unset 'f[-1]'
	weight[$t]=$w
	list+=("${f[*]}|$t")
done < "$here/check.list"
# the debug kernel's own proof that it catches what it promises, and the
# module's KUnit suites, which need a kernel with KUnit
case $RIG_KERNEL in
debug)
	weight[vm/debug-selftest]=200
	list+=("iscsi_tcp|vm/debug-selftest")
	;;
esac
if [ "$RIG_KERNEL" != stock ]; then
	weight[vm/kunit]=60
	list+=("iscsi_netswap|vm/kunit")
fi

# The jobs: name (what the log and the verdict say), test, transport
# ("" for a suite), kernel, weight. A debug-kernel job weighs twice its
# stock time: it starts before stock jobs of the same length.
j_name=() j_test=() j_tr=() j_k=() j_w=()
declare -A j_seen=()
add_job() {
	local w=${weight[$2]:-100}
	[ -z "${j_seen[$1]:-}" ] || return 0
	j_seen[$1]=1
	[ "$4" = debug ] && w=$((w * 2))
	j_name+=("$1") j_test+=("$2") j_tr+=("$3") j_k+=("$4") j_w+=("$w")
}
plan=()
if [ $# -eq 0 ]; then
	plan=("${list[@]}")
else
	for t in "$@"; do
		# TRANSPORT/TEST names one transport for that test alone
		case $t in
		iscsi_tcp/* | iscsi_netswap/*) plan+=("${t%%/*}|${t#*/}") ;;
		*) plan+=("$transports|${t%.sh}") ;;
		esac
	done
fi
for entry in "${plan[@]}"; do
	trs=${entry%%|*}
	t=${entry#*|}
	case $t in
	unit | fuzz | lint | kernel)
		add_job "$t" "$t" "" ""
		;;
	*)
		for tok in $trs; do
			# +TRANSPORT: a reference run of stock code, in make
			# check-full and on our kernels, not in make check
			if [[ $tok == +* ]]; then
				[ "$RIG_KERNEL" != stock ] || [ "${CHECK_FULL:-0}" = 1 ] || continue
				tok=${tok#+}
			fi
			k=$RIG_KERNEL tr=$tok
			if [[ $tok == *:* ]]; then
				tr=${tok#*:}
				[ "$RIG_KERNEL" != stock ] || k=${tok%%:*}
			fi
			# Tests of our own packaging are about iscsi_netswap alone.
			[ "${t%%/*}" = netswap ] && tr=iscsi_netswap
			if [ "$k" = stock ]; then
				add_job "$tr/$t" "$t" "$tr" "$k"
			else
				add_job "$k:$tr/$t" "$t" "$tr" "$k"
			fi
		done
		;;
	esac
done

# Longest first; equal weights keep the order of the list.
order=()
if [ ${#j_name[@]} -gt 0 ]; then
	mapfile -t order < <(for i in "${!j_name[@]}"; do
		printf '%s\t%s\n' "${j_w[$i]}" "$i"
	done | sort -s -t$'\t' -k1,1nr | cut -f2)
fi

if [ $list_only = 1 ]; then
	for i in "${order[@]}"; do
		printf '%5s  %s\n' "${j_w[$i]}" "${j_name[$i]}"
	done
	exit 0
fi

# Kernels of ours that jobs run on: build each (or find it cached) and the
# module against it before the first guest boots.
declare -A kernels=()
for i in "${order[@]}"; do
	[ -z "${j_k[$i]}" ] || [ "${j_k[$i]}" = stock ] || kernels[${j_k[$i]}]=1
done
for k in "${!kernels[@]}"; do
	t0=$SECONDS
	mkdir -p "$RIG_BUILD"
	make -s --no-print-directory -C "$here/.." kernel module KERNEL="$k" > "$RIG_BUILD/kernel-$k.log" 2>&1 ||
		{ tail -30 "$RIG_BUILD/kernel-$k.log"; echo "run.sh: cannot build kernel $k"; echo "0 passed, 1 failed"; exit 1; }
	printf '[%s] kernel %s: %s (%d s)\n' "$(date +%H:%M:%S)" "$k" "$("$here/kernel/build.sh" --path "$k")" $((SECONDS - t0))
done

passed=0 failed=0 failures=()
t_start=$SECONDS
logdir=$RIG_BUILD/tests
mkdir -p "$logdir"
times=$logdir/run-times.txt
: > "$times"

# A job's log sits beside its result directory (build/tests/TRANSPORT/NAME,
# which the test itself empties when it starts).
job_log() {
	local dir=$logdir
	if [ -z "${j_tr[$1]}" ]; then
		echo "$logdir/${j_test[$1]}.log"
	else
		[ "${j_k[$1]}" = stock ] || dir=$RIG_BUILD/tests-${j_k[$1]}
		echo "$dir/${j_tr[$1]}/$(basename "${j_test[$1]}").log"
	fi
}

declare -A running=()	# pid (= process group) -> job
j_t0=()

start_job() {
	local i=$1 t=${j_test[$1]} log
	log=$(job_log "$i")
	mkdir -p "$(dirname "$log")"
	j_t0[$i]=$SECONDS
	if [ -z "${j_tr[$i]}" ]; then
		setsid make -s --no-print-directory -C "$here/$t" check < /dev/null > "$log" 2>&1 &
	elif [ -x "$here/$t.sh" ]; then
		KERNEL=${j_k[$i]} TRANSPORT=${j_tr[$i]} setsid "$here/$t.sh" < /dev/null > "$log" 2>&1 &
	else
		echo "no such test: $t" > "$log"
		(exit 127) &
	fi
	running[$!]=$i
	printf '[%s] start %s\n' "$(date +%H:%M:%S)" "${j_name[$i]}"
}

# finish_job PID STATUS: print the job's log and verdict, count it.
finish_job() {
	local pid=$1 rc=$2 i=${running[$1]} log dt line p f verdict
	unset 'running[$pid]'
	log=$(job_log "$i")
	dt=$((SECONDS - j_t0[i]))
	printf '%s\t%s\t%s\n' "$dt" "$rc" "${j_name[$i]}" >> "$times"
	echo "=== ${j_name[$i]}"
	cat "$log" 2>/dev/null
	if [ -z "${j_tr[$i]}" ]; then
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
		if [ -z "$line" ]; then
			failed=$((failed + 1))
			failures+=("${j_name[$i]}: no result line (status $rc)")
			verdict=FAIL
		else
			p=${line%% passed*}
			f=${line#*passed, }
			f=${f%% failed*}
			passed=$((passed + p))
			failed=$((failed + f))
			verdict=PASS
			[ "$f" = 0 ] || { verdict=FAIL; failures+=("${j_name[$i]}: $f failed"); }
		fi
	elif [ "$rc" = 0 ]; then
		passed=$((passed + 1))
		verdict=PASS
	else
		failed=$((failed + 1))
		failures+=("${j_name[$i]}")
		verdict=FAIL
	fi
	echo "$verdict ${j_name[$i]} ($dt s, status $rc; log $log)"
	if kill -0 -- "-$pid" 2>/dev/null; then
		echo "note: ${j_name[$i]} left processes running (process group $pid)"
	fi
	echo
}

stopping=0
on_signal() {
	stopping=$1
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# stop_all: SIGTERM to every running job's process group, SIGKILL to what
# is left after a grace period; each test's EXIT trap stops its tgtd.
stop_all() {
	local pid i
	echo
	echo "run.sh: interrupted; stopping ${#running[@]} running job(s)"
	for pid in "${!running[@]}"; do
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
	done
	for i in $(seq 30); do
		for pid in "${!running[@]}"; do
			kill -0 "$pid" 2>/dev/null && break
			pid=
		done
		[ -n "${pid:-}" ] || break
		sleep 0.5
	done
	for pid in "${!running[@]}"; do
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
	done
	for pid in "${!running[@]}"; do
		wait "$pid" 2>/dev/null
		i=${running[$pid]}
		unset 'running[$pid]'
		failed=$((failed + 1))
		failures+=("${j_name[$i]} (interrupted after $((SECONDS - j_t0[i])) s; log $(job_log "$i"))")
	done
}

echo "run.sh: ${#order[@]} jobs, $njobs at a time; logs under $logdir"
# Build what every guest shares once, before guests start side by side.
for i in "${order[@]}"; do
	if [ -n "${j_tr[$i]}" ] && [ -n "$RIG_KVER" ]; then
		rig_build_tools && rig_initramfs "/lib/modules/$RIG_KVER" > /dev/null
		break
	fi
done

next=0
while :; do
	while [ $stopping = 0 ] && [ ${#running[@]} -lt "$njobs" ] && [ $next -lt ${#order[@]} ]; do
		start_job "${order[$next]}"
		next=$((next + 1))
	done
	[ ${#running[@]} -gt 0 ] || break
	if [ $stopping != 0 ]; then
		stop_all
		break
	fi
	done_pid=
	wait -n -p done_pid "${!running[@]}"
	rc=$?
	# A signal interrupts the wait: then no job has ended.
	[ -n "${done_pid:-}" ] && finish_job "$done_pid" "$rc"
done

echo
[ $next -ge ${#order[@]} ] || echo "run.sh: $((${#order[@]} - next)) job(s) not run"
# CPU time of the jobs and everything they waited for (guests included):
# near $njobs x the wall time means the host was the limit.
# (`times` in this shell: a pipe or $(...) would ask a fresh subshell)
times > "$logdir/.run-cpu.$$"
cpu=$(tail -1 "$logdir/.run-cpu.$$" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%.1f", t / 60 }')
rm -f "$logdir/.run-cpu.$$"
echo "Ran in $(((SECONDS - t_start) / 60)) min $(((SECONDS - t_start) % 60)) s," \
	"$njobs at a time, $cpu min of CPU (times per test: $times)."
for f in "${failures[@]+"${failures[@]}"}"; do
	echo "FAILED: $f"
done
echo "$passed passed, $failed failed"
[ $stopping = 0 ] || exit "$stopping"
[ "$failed" = 0 ]
