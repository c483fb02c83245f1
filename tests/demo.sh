#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# demo: boot a 256 MiB guest, log in to a tgtd LUN on 127.0.0.1, swap on it,
# push 1 GiB of verified anonymous memory through it, and report. With
# iscsi_netswap (the default) swap is turned on by `iscsi-netswap swapon`
# and the target is killed for DEMO_OUTAGE seconds (10; 0 for none) in the
# middle of the swap-out: the session recovers in the kernel. Stock
# iscsi_tcp (DEMO_TRANSPORT=iscsi_tcp) runs without the outage: it did
# not survive one in any run (Documentation/baseline.md).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
transport=${DEMO_TRANSPORT:-iscsi_netswap}
out=$RIG_BUILD/demo
outage=${DEMO_OUTAGE:-10}
knobs=()
if [ "$transport" = iscsi_netswap ]; then
	knobs+=(SWAP_TOOL=1)
	[ "$outage" -gt 0 ] 2>/dev/null && knobs+=("OUTAGE_SECS=$outage")
else
	outage=0
fi
echo "iscsi_netswap demo: a 256 MiB QEMU guest swaps on an iSCSI LUN ($transport)"
[ "$outage" -gt 0 ] 2>/dev/null &&
	echo "the target is killed for $outage s in the middle of the swap-out"
echo "(QEMU under TCG: this takes about 3-4 minutes)"
# The demo's target takes the well-known port when it is free.
ss -Hltn 'sport = :3260' | grep -q . || export TGT_PORT_WANTED=3260
env "${knobs[@]}" TRANSPORT="$transport" TEST_OUT="$out" SWAP_GUEST_MIB=256 \
	HOG_MIB=1024 HOG_PROCS=4 "$here/func/swap-stress.sh" > "$out.log" 2>&1
rc=$?
r=$out/vm/result
get() { sed -n "s/^$1=//p" "$r" 2>/dev/null; }
echo
echo "==================== report ===================="
if [ -s "$r" ]; then
	pg=$(get pages)
	printf '%-26s %s\n' "transport" "$(get transport)" \
		"guest RAM / swap LUN" "256 MiB / 2 GiB (tgtd on 127.0.0.1)" \
		"memory written" "$((pg * 4 / 1024)) MiB in 4 processes" \
		"pages verified" "$(get verified) of $pg" \
		"bad pages" "$(get bad)" \
		"swapped out / in" "$(($(get pswpout) * 4 / 1024)) MiB / $(($(get pswpin) * 4 / 1024)) MiB" \
		"time write / verify" "$(get write_s) s / $(get verify_s) s" \
		"elapsed" "$(get elapsed_s) s" \
		"swap-out rate" "$(awk -v p="$(get pswpout)" -v t="$(get elapsed_s)" 'BEGIN { printf "%.0f pages/s", p / t }')" \
		"OOM kills / swap errors" "$(get oom_kills) / $(get swap_write_errors)"
	if [ "$outage" -gt 0 ] 2>/dev/null; then
		printf '%-26s %s\n' "target outage" "$outage s, during the swap-out" \
			"in-kernel recoveries" "$(get recoveries) (last took $(get recovery_last_ms) ms)" \
			"longest swap I/O stall" "$(get longest_stall_s) s" \
			"iscsid involved" "no ($(get iscsi_errors) error events sent to it)"
	fi
else
	echo "no result: the guest did not finish (see $out.log)"
fi
if [ $rc = 0 ]; then
	echo "verdict                    PASS: every page came back intact"
else
	echo "verdict                    FAIL (status $rc): see $out.log and $out/vm/"
	tail -15 "$out.log"
fi
echo "================================================"
exit $rc
