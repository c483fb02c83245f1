#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/swap.sh - the swap workload of `make bench`, stock iscsi_tcp against
# iscsi_netswap.
#
# usage: bench/swap.sh [-t "TRANSPORT..."] [-n ROUNDS]
#   -t  transports, the first is the base of the ratios (iscsi_tcp iscsi_netswap)
#   -n  runs per transport, in A B B A order (2)
#
# Each run is tests/func/swap-stress.sh in a fresh guest (the hog leaves
# nothing reusable behind), one at a time, the transports interleaved so
# that a change of the host's load hits both alike. iscsi_netswap turns
# swap on with `iscsi-netswap swapon` (SWAP_TOOL=1), as an administrator
# would. Knobs of swap-stress.sh honoured from the environment:
# SWAP_GUEST_MIB (256), HOG_MIB (4 x guest), HOG_PROCS (4). Elapsed is the
# hog's (write and verify phases); pswpout/s is pswpout over it. A run that
# fails is a result (its outcome is reported), not a failure of the bench:
# the exit status is 0 unless the rig itself broke.
set -u
. "$(dirname "$0")/../tests/lib/common.sh"
# shellcheck source=lib.sh
. "$RIG_REPO/bench/lib.sh"

transports="iscsi_tcp iscsi_netswap" rounds=2
while getopts "t:n:" opt; do
	case $opt in
	t) transports=$OPTARG ;;
	n) rounds=$OPTARG ;;
	*) sed -n '7,9s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done

out=$RIG_BUILD/bench/swap
mem=${SWAP_GUEST_MIB:-256}
hog=${HOG_MIB:-$((mem * 4))}
procs=${HOG_PROCS:-4}
order=$(bench_order "$transports" "$rounds")
tool=$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap

rm -rf "$out"
mkdir -p "$out"
bench_module "$out" || exit 125
if [[ " $transports " == *" iscsi_netswap "* ]] && [ ! -x "$tool" ]; then
	rig_log "bench: no $tool (run 'make' first)"
	exit 125
fi
trap bench_load_stop EXIT
{
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "kernel=$RIG_KVER"
	echo "module=$BENCH_MODULE_DESC"
	echo "order=$order"
	echo "guest_mib=$mem"
	echo "hog_mib=$hog"
	echo "hog_procs=$procs"
	echo "cores=$(nproc)"
	echo "load_start=$(cat /proc/loadavg)"
} > "$out/meta"
: > "$out/runs.txt"
bench_load_start "$out/load.txt" "$out/rounds"

rnd=0 broke=0
for tr in $order; do
	rnd=$((rnd + 1))
	swaptool=
	[ "$tr" = iscsi_netswap ] && swaptool=1
	rig_log "bench: swap run $rnd ($tr), ${hog} MiB through a ${mem} MiB guest"
	echo "ROUND $rnd $tr" >> "$out/rounds"
	# Only the plain stress: no outage, CHAP or stopped iscsid from the
	# caller's environment.
	env -u OUTAGE_SECS -u STOP_ISCSID -u OUTAGE_COUNT -u SWAP_CHAP -u REFUSE_SECS \
		TRANSPORT="$tr" TEST_OUT="$out/run-$rnd" SWAP_TOOL="$swaptool" \
		SWAP_GUEST_MIB="$mem" HOG_MIB="$hog" HOG_PROCS="$procs" SWAP_LIMIT=1800 \
		NETSWAP_KO="$NETSWAP_KO" \
		"$RIG_REPO/tests/func/swap-stress.sh" > "$out/run-$rnd.log" 2>&1
	rc=$?
	echo "ROUND $rnd done" >> "$out/rounds"
	echo "$rnd $tr $rc" >> "$out/runs.txt"
	rig_log "bench: swap run $rnd ($tr): status $rc," \
		"elapsed $(sed -n 's/^elapsed_s=//p' "$out/run-$rnd/vm/result" 2>/dev/null) s"
	[ $rc = 125 ] && broke=1
done
bench_load_stop
echo "load_end=$(cat /proc/loadavg)" >> "$out/meta"

# shellcheck disable=SC2086
python3 "$RIG_REPO/bench/report.py" swap "$out" $transports > "$RIG_BUILD/bench/swap.md" || exit 125
echo
cat "$RIG_BUILD/bench/swap.md"
echo
[ $broke = 0 ] || { rig_log "bench: the rig broke in a swap run (status 125)"; exit 125; }
exit 0
