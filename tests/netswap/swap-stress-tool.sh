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

TOOL=$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap

guest_main() {
	local iqn=$1 disk ns d m0 m1 r out0 in0 rc ooms txr c
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	d=$(basename "$(readlink -f "/sys/block/$disk/device")")
	ns=/sys/class/scsi_host/host${d%%:*}/netswap
	[ "$(cat "$ns/memalloc_active")" = 0 ] || die "socket has SOCK_MEMALLOC before swapon"
	# one partition over the whole LUN
	printf 'o\nn\np\n1\n2048\n\nw\n' | busybox fdisk "/dev/$disk" > /dev/null 2>&1
	for i in $(seq 50); do
		[ -b "/dev/${disk}1" ] && break
		sleep 0.1
	done
	mkswap "/dev/${disk}1" > /dev/null || die "mkswap"
	m0=$(cat /proc/sys/vm/min_free_kbytes)
	"$TOOL" swapon "/dev/${disk}1" || die "iscsi-netswap swapon"
	m1=$(cat /proc/sys/vm/min_free_kbytes)
	r=$(cat "$ns/reserve_bytes")
	[ "$(cat "$ns/swap")" = 1 ] || die "session not marked"
	[ "$(cat "$ns/memalloc_active")" = 1 ] || die "no SOCK_MEMALLOC on a swap session"
	[ "$m1" = $((m0 + (r + 1023) / 1024)) ] || die "min_free_kbytes $m0 -> $m1, reserve $r"
	say "swap on ${disk}1 through iscsi-netswap; reserve $r bytes; min_free_kbytes $m0 -> $m1;" \
	    "hog ${HOG_MIB} MiB in $HOG_PROCS processes, guest RAM" \
	    "$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
	in0=$(guest_vmstat pswpin)
	out0=$(guest_vmstat pswpout)
	"$RIG_TOOLS/hog" -m "$HOG_MIB" -n "$HOG_PROCS" -t /run/vmout/timeline | tee /tmp/hog.out
	rc=${PIPESTATUS[0]}
	ooms=$(dmesg | grep -c 'Out of memory\|oom-kill')
	{
		guest_hog_result "$rc" /tmp/hog.out "$in0" "$out0"
		echo "reserve_bytes=$r"
		echo "min_free_kbytes_before=$m0"
		echo "min_free_kbytes_swap=$m1"
		for c in rx_pfmemalloc_skbs tx_reserve_bytes tx_reserve_runs cmds_hwm \
			cmds_pool_full r2t_hwm cmdsn_window_waits; do
			echo "$c=$(cat "$ns/$c")"
		done
		echo "tcp_pfmemalloc_drops=$(guest_netstat PFMemallocDrop)"
	} > /run/vmout/result
	cat /run/vmout/result
	# the same counters through get_stats
	iscsiadm -m session -r "$(guest_session_id "$iqn")" -s > /tmp/stats 2>&1
	grep netswap_ /tmp/stats | sed 's/^/iscsiadm: /'
	grep -q 'netswap_tx_reserve_bytes: [1-9]' /tmp/stats ||
		die "iscsiadm -m session -s does not show the netswap counters"
	txr=$(cat "$ns/tx_reserve_bytes")
	"$TOOL" swapoff "/dev/${disk}1" || die "iscsi-netswap swapoff"
	[ "$(cat /proc/sys/vm/min_free_kbytes)" = "$m0" ] ||
		die "min_free_kbytes $(cat /proc/sys/vm/min_free_kbytes) after swapoff, was $m0"
	[ "$(cat "$ns/memalloc_active")" = 0 ] || die "SOCK_MEMALLOC left after swapoff"
	[ "$ooms" = 0 ] || die "OOM killer ran ($ooms times)"
	[ "$rc" = 0 ] || die "hog failed (status $rc)"
	# every swapped-out page went over the socket while it was a swap
	# session: at least that many bytes were sent under PF_MEMALLOC
	[ "$txr" -ge $(($(sed -n 's/^pswpout=//p' /run/vmout/result) * 4096)) ] ||
		die "tx_reserve_bytes $txr is less than the swap-out traffic"
	say "swap stress through iscsi-netswap: OK"
}

test_main "$@"
