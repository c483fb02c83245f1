#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# demo: boot a 256 MiB guest, log in to a tgtd LUN on 127.0.0.1, swap on it,
# push 1 GiB of verified anonymous memory through it, and report.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
transport=${DEMO_TRANSPORT:-iscsi_tcp}
out=$RIG_BUILD/demo
echo "iscsi_netswap demo: a 256 MiB QEMU guest swaps on an iSCSI LUN ($transport)"
echo "(QEMU under TCG: this takes about 3-4 minutes)"
# The demo's target takes the well-known port when it is free.
ss -Hltn 'sport = :3260' | grep -q . || export TGT_PORT_WANTED=3260
TRANSPORT=$transport TEST_OUT=$out SWAP_GUEST_MIB=256 HOG_MIB=1024 HOG_PROCS=4 \
	"$here/func/swap-stress.sh" > "$out.log" 2>&1
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
