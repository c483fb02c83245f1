#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# swap-stress-tool: the swap stress of tests/func/swap-stress.sh (a
# 256 MiB guest, a 1 GiB hog over 4 processes, every page verified) with
# swap enabled the way an admin does it here: `iscsi-netswap swapon` on a
# partition of the LUN, module parameter memalloc=swap. Fails on a bad
# page, an OOM kill, a hung task or a stall; on a session that was not
# marked, or whose socket did not have SOCK_MEMALLOC, or whose swap
# traffic was not sent under the reserves (tx_reserve_bytes must cover
# at least the bytes swapped out); and if vm.min_free_kbytes does not
# come back exactly at swapoff. Prints the session's counters.
#
# Knobs (host side): SWAP_GUEST_MIB (256), HOG_MIB (1024), HOG_PROCS (4),
# SWAP_LUN (2G), SWAP_LIMIT (1500 s).
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:swaptool

host_main() {
	local rc
	[ -x "$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap" ] ||
		make -s -C "$RIG_REPO/userspace/iscsid-plugin" || return 1
	tgt_one_lun "$IQN" "${SWAP_LUN:-2G}" || return 1
	NETSWAP_PARAMS="memalloc=swap${NETSWAP_PARAMS:+ $NETSWAP_PARAMS}" \
		test_vm -m "${SWAP_GUEST_MIB:-256}" -t "${SWAP_LIMIT:-1500}" \
		-e "HOG_MIB=${HOG_MIB:-1024}" -e "HOG_PROCS=${HOG_PROCS:-4}" -- "$IQN"
	rc=$?
	[ -f "$TEST_OUT/vm/result" ] && sed 's/^/  /' "$TEST_OUT/vm/result"
	return $rc
}

guest_main() {
	guest_tool_swap_stress "$1" "$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap"
}

test_main "$@"
