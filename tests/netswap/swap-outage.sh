#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# swap-outage: the short form of issue 5's swap scenarios, in one run of
# tests/func/swap-stress.sh (192 MiB guest, 768 MiB hog in 4 processes,
# 384 MiB on the debug kernel, every page verified) on a session with
# mutual CHAP:
#   - iscsid is SIGSTOPped before the first outage and kept stopped until
#     the hog is done: recovery cannot lean on the daemon;
#   - the target is killed twice, 10 s apart; after each kill it comes
#     back refusing logins (another CHAP secret) for 10 s, then with the
#     right one.
# Passes when every page verifies, nothing was OOM-killed or hung, no swap
# write failed, and the session recovered in the kernel once per outage.
# The long forms (10, 60, 180 s outages, 10 kills in a row, ...) are rows
# of tests/stress/scenarios (`make stress`).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/common.sh
. "$here/../lib/common.sh"
TRANSPORT=${TRANSPORT:-iscsi_netswap}
out=${TEST_OUT:-$RIG_TESTS/$TRANSPORT/swap-outage}
count=2
# On the debug kernel (three to four times slower) half the hog still
# swaps twice the guest's RAM, both outages in its first third.
hog=768
[ "$RIG_KERNEL" = debug ] && hog=384

TEST_OUT=$out SWAP_GUEST_MIB=192 HOG_MIB=$hog HOG_PROCS=4 SWAP_CHAP=1 \
	OUTAGE_SECS=5 REFUSE_SECS=10 OUTAGE_COUNT=$count OUTAGE_GAP=10 \
	STOP_ISCSID=100000 TRANSPORT=$TRANSPORT "$here/../func/swap-stress.sh"
rc=$?
[ $rc = 0 ] || exit $rc
# a failed swap write already failed swap-stress.sh (rc above)
get() { sed -n "s/^$1=//p" "$out/vm/result"; }
if [ "$TRANSPORT" = iscsi_netswap ]; then
	[ "$(get recoveries)" = "$count" ] ||
		{ echo "swap-outage: $(get recoveries) in-kernel recoveries, not $count"; exit 1; }
	[ "$(get iscsi_errors)" = 0 ] ||
		{ echo "swap-outage: connection errors went to iscsid"; exit 1; }
fi
echo "swap-outage: $count outages with refused logins, iscsid stopped:" \
	"recoveries $(get recoveries), longest stretch with no swap I/O completed" \
	"$(get longest_io_gap_s) s (none submitted: $(get longest_stall_s) s)"
