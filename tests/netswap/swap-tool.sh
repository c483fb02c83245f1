#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# swap-tool: swap sessions through the admin tool (userspace/iscsid-plugin).
# Two sessions (two targets). Proves, in one guest:
#  - sessions are not swap sessions by default (memalloc=swap): no
#    SOCK_MEMALLOC; bad writes to netswap/swap are refused;
#  - a session switched on and off many times under verified I/O keeps its
#    data and SOCK_MEMALLOC follows the switch;
#  - bad usage exits 2; a bad device, a non-iSCSI device (/dev/zero, a
#    loop device), a device already swap or not swap exit 1 and change
#    nothing (swaps, vm.min_free_kbytes, state, marks);
#  - `iscsi-netswap swapon` on a partition marks the session, sets
#    SOCK_MEMALLOC on its socket only, raises vm.min_free_kbytes by exactly
#    the session's reserve_bytes (rounded up to kB), counted once per
#    session with several partitions, summed over sessions; swapoff
#    restores the exact original after the last one;
#  - a crash of the tool after raising or after swapoff(2) is repaired by
#    the next run, and the original value still comes back exactly;
#  - memalloc=always gives every session SOCK_MEMALLOC, memalloc=never
#    none, a bad value is refused at load;
#  - swapon warns when the session's NIC driver refills its receive ring
#    without the reserves (virtio_net: RIG_NIC=virtio-net-pci, the
#    netswap/swap-tool-virtio test), and only then; status names the NIC.
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/hostsync.sh
. "$(dirname "$0")/../lib/hostsync.sh"

IQN1=iqn.2026-11.org.iscsi-netswap:tool1
IQN2=iqn.2026-11.org.iscsi-netswap:tool2

host_main() {
	[ -x "$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap" ] ||
		make -s -C "$RIG_REPO/userspace/iscsid-plugin" || return 1
	tgt_start "$TEST_OUT/tgt" &&
		tgt_target 1 "$IQN1" && tgt_lun 1 1 "$TEST_OUT/tgt/lun1" 64M &&
		tgt_target 2 "$IQN2" && tgt_lun 2 1 "$TEST_OUT/tgt/lun2" 64M || return 1
	test_vm -m 384 -t 600 -- "$IQN1" "$IQN2"
	local rc=$?
	[ -f "$TEST_OUT/vm/result" ] && sed 's/^/  /' "$TEST_OUT/vm/result"
	return $rc
}

TOOL=$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap

minfree() {
	cat /proc/sys/vm/min_free_kbytes
}

# expect_rc WANT CMD...: run CMD, its status must be WANT.
expect_rc() {
	local want=$1 rc=0
	shift
	"$@" > /tmp/out 2>&1 || rc=$?
	sed 's/^/    | /' /tmp/out
	[ "$rc" = "$want" ] || die "'$*' exited $rc, want $want"
}

# A fingerprint of everything the tool may change.
snapshot() {
	{
		minfree
		tail -n +2 /proc/swaps
		cat /run/iscsi-netswap/state 2>/dev/null
		cat "$NS1/swap" "$NS2/swap" "$NS1/memalloc_active" "$NS2/memalloc_active"
	} | md5sum
}

# expect_refused WANT CMD...: CMD must exit WANT and change nothing.
expect_refused() {
	local before
	before=$(snapshot)
	expect_rc "$@"
	[ "$(snapshot)" = "$before" ] || die "'${*:2}' changed something"
}

kb() {
	echo $((($1 + 1023) / 1024))
}

relogin() {
	guest_logout "$IQN1" > /dev/null || die "logout $IQN1"
	guest_logout "$IQN2" > /dev/null 2>&1
	rmmod iscsi_netswap || die "rmmod"
	insmod "${NETSWAP_KO:-$RIG_REPO/build/module/iscsi_netswap.ko}" "$@" || die "insmod $*"
	guest_login "$IQN1" > /dev/null || die "login $IQN1"
	guest_login "$IQN2" > /dev/null || die "login $IQN2"
	D1=$(guest_disk "$IQN1" 1) || die "no disk for $IQN1"
	D2=$(guest_disk "$IQN2" 1) || die "no disk for $IQN2"
	NS1=$(guest_netswap_dir "$D1")
	NS2=$(guest_netswap_dir "$D2")
}

guest_main() {
	local m0 r1 r2 k1 k2 i loopdev
	guest_load_transport
	# as `make install` leaves a machine: swapon has no logout to warn of
	"$TOOL" safe-logout on > /dev/null || die "iscsi-netswap safe-logout on"
	guest_start_iscsid
	guest_node "$IQN1"
	guest_node "$IQN2"
	guest_login "$IQN1" || die "login $IQN1"
	guest_login "$IQN2" || die "login $IQN2"
	D1=$(guest_disk "$IQN1" 1) || die "no disk for $IQN1"
	D2=$(guest_disk "$IQN2" 1) || die "no disk for $IQN2"
	NS1=$(guest_netswap_dir "$D1")
	NS2=$(guest_netswap_dir "$D2")
	[ -f "$NS1/swap" ] && [ -f "$NS2/swap" ] || die "no netswap attributes under $NS1, $NS2"
	say "sessions: $D1 -> $NS1, $D2 -> $NS2"

	# --- default policy: no session uses the reserves
	guest_expect_eq "memalloc parameter" "$(cat /sys/module/iscsi_netswap/parameters/memalloc)" swap
	for ns in "$NS1" "$NS2"; do
		guest_expect_eq "$ns/swap" "$(cat "$ns/swap")" 0
		guest_expect_eq "$ns/memalloc_active" "$(cat "$ns/memalloc_active")" 0
	done
	for bad in 2 abc -1 ""; do
		if echo "$bad" 2> /dev/null > "$NS1/swap"; then
			die "netswap/swap accepted '$bad'"
		fi
	done
	guest_expect_eq "swap after bad writes" "$(cat "$NS1/swap")" 0
	if echo 1 2> /dev/null > "$NS1/reserve_bytes"; then
		die "reserve_bytes is writable"
	fi
	say "default: no SOCK_MEMALLOC; bad sysfs writes refused"

	# --- live switch under verified I/O
	guest_fio_verify "$D2" 32M &
	local fio=$!
	for i in $(seq 40); do
		echo 1 > "$NS2/swap" || die "mark $i"
		guest_expect_eq "memalloc_active after mark $i" "$(cat "$NS2/memalloc_active")" 1
		sleep 0.1
		echo 0 > "$NS2/swap" || die "unmark $i"
		guest_expect_eq "memalloc_active after unmark $i" "$(cat "$NS2/memalloc_active")" 0
	done
	guest_wait_pid "$fio" 300 || die "fio verify during the switches failed"
	say "40 switches on/off during verified fio: data intact, SOCK_MEMALLOC followed"

	# --- partitions and swap areas
	printf 'o\nn\np\n1\n2048\n+24M\nn\np\n2\n51200\n\nw\n' | busybox fdisk "/dev/$D1" > /dev/null 2>&1
	guest_wait_dev "${D1}1"
	guest_wait_dev "${D1}2"
	mkswap "/dev/${D1}1" > /dev/null && mkswap "/dev/${D1}2" > /dev/null &&
		mkswap "/dev/$D2" > /dev/null || die mkswap
	modprobe loop 2> /dev/null
	truncate -s 16M /tmp/loop.img
	loopdev=$(losetup -f --show /tmp/loop.img) || die losetup
	mkswap "$loopdev" > /dev/null || die "mkswap $loopdev"

	m0=$(minfree)
	r1=$(cat "$NS1/reserve_bytes")
	r2=$(cat "$NS2/reserve_bytes")
	[ "$r1" -gt 0 ] && [ "$r2" -gt 0 ] || die "reserve_bytes $r1 $r2"
	k1=$(kb "$r1")
	k2=$(kb "$r2")
	say "vm.min_free_kbytes $m0; reserve_bytes $r1 ($k1 kB) and $r2 ($k2 kB)"

	# --- refusals
	expect_refused 2 "$TOOL"
	expect_refused 2 "$TOOL" frob /dev/zero
	expect_refused 2 "$TOOL" swapon
	expect_refused 2 "$TOOL" swapon "/dev/${D1}1" extra
	expect_refused 2 "$TOOL" status extra
	expect_refused 1 "$TOOL" swapon /dev/zero
	expect_refused 1 "$TOOL" swapon /dev/does-not-exist
	expect_refused 1 "$TOOL" swapon "$loopdev"
	expect_refused 1 "$TOOL" swapoff "$loopdev"
	expect_refused 1 "$TOOL" swapoff "/dev/${D1}1"
	[ ! -e /run/iscsi-netswap/state ] || die "a refused command left a state file"
	say "usage errors exit 2; bad, non-iSCSI and non-swap devices exit 1; nothing changed"

	nic=$(guest_nic_driver)
	# --- swapon on a partition
	expect_rc 0 "$TOOL" swapon "/dev/${D1}1"
	grep -q "^/dev/${D1}1 " /proc/swaps || die "${D1}1 not in /proc/swaps"
	guest_expect_eq "$NS1/swap" "$(cat "$NS1/swap")" 1
	guest_expect_eq "$NS1/memalloc_active" "$(cat "$NS1/memalloc_active")" 1
	guest_expect_eq "$NS2/memalloc_active (not swap)" "$(cat "$NS2/memalloc_active")" 0
	guest_expect_eq "reserve_bytes after marking" "$(cat "$NS1/reserve_bytes")" "$r1"
	guest_expect_eq "min_free_kbytes after swapon ${D1}1" "$(minfree)" $((m0 + k1))
	say "swapon ${D1}1: session marked, SOCK_MEMALLOC on, min_free_kbytes $m0 -> $(minfree) (+$k1)"
	# the NIC: a warning exactly when its driver cannot use the reserves
	if [ "$nic" = virtio_net ]; then
		grep -q "warning: eth0 (virtio_net) refills its receive ring without the memory reserves" /tmp/out ||
			die "no warning for a swap session behind virtio_net"
	else
		! grep -q warning /tmp/out || die "a warning for a swap session behind $nic"
	fi
	say "swapon behind eth0 ($nic): $(grep -c warning /tmp/out) warning line(s)"

	expect_refused 1 "$TOOL" swapon "/dev/${D1}1"
	# a second swap area on the same session: its reserve counts once
	expect_rc 0 "$TOOL" swapon "/dev/${D1}2"
	guest_expect_eq "min_free_kbytes with two areas on one session" "$(minfree)" $((m0 + k1))
	expect_rc 0 "$TOOL" swapon "/dev/$D2"
	guest_expect_eq "$NS2/memalloc_active" "$(cat "$NS2/memalloc_active")" 1
	guest_expect_eq "min_free_kbytes with two sessions" "$(minfree)" $((m0 + k1 + k2))
	expect_rc 0 "$TOOL" status
	grep -q "swap=1 memalloc_active=1 reserve_bytes=$r1" /tmp/out || die "status does not show session 1"
	grep -q "nic=eth0 driver=$nic " /tmp/out || die "status does not show the NIC (eth0, $nic)"
	say "two sessions: min_free_kbytes $(minfree) = $m0 + $k1 + $k2"

	expect_rc 0 "$TOOL" swapoff "/dev/${D1}1"
	guest_expect_eq "$NS1/swap with ${D1}2 still swap" "$(cat "$NS1/swap")" 1
	guest_expect_eq "min_free_kbytes" "$(minfree)" $((m0 + k1 + k2))
	expect_rc 0 "$TOOL" swapoff "/dev/${D1}2"
	guest_expect_eq "$NS1/swap" "$(cat "$NS1/swap")" 0
	guest_expect_eq "$NS1/memalloc_active" "$(cat "$NS1/memalloc_active")" 0
	guest_expect_eq "min_free_kbytes" "$(minfree)" $((m0 + k2))
	expect_refused 1 "$TOOL" swapoff "/dev/${D1}1"

	# --- crashes: after swapoff(2), then after raising before swapon(2)
	expect_rc 9 env ISCSI_NETSWAP_CRASH_AT=after-swapoff "$TOOL" swapoff "/dev/$D2"
	grep -q "^/dev/$D2 " /proc/swaps && die "$D2 still swap after swapoff(2)"
	guest_expect_eq "min_free_kbytes after the crash" "$(minfree)" $((m0 + k2))
	expect_rc 0 "$TOOL" status
	grep -q stale /tmp/out || die "status does not report the stale entry"
	expect_rc 0 "$TOOL" swapon "/dev/${D1}1"
	guest_expect_eq "$NS2/swap (repaired)" "$(cat "$NS2/swap")" 0
	guest_expect_eq "min_free_kbytes (repaired)" "$(minfree)" $((m0 + k1))
	expect_rc 9 env ISCSI_NETSWAP_CRASH_AT=after-raise "$TOOL" swapon "/dev/$D2"
	guest_expect_eq "min_free_kbytes raised before the crash" "$(minfree)" $((m0 + k1 + k2))
	expect_rc 0 "$TOOL" swapoff "/dev/${D1}1"
	guest_expect_eq "min_free_kbytes after the last swapoff" "$(minfree)" "$m0"
	guest_expect_eq "$NS1/swap" "$(cat "$NS1/swap")" 0
	guest_expect_eq "$NS2/swap" "$(cat "$NS2/swap")" 0
	[ ! -e /run/iscsi-netswap/state ] || die "state file left after the last swapoff"
	[ "$(tail -n +2 /proc/swaps | wc -l)" = 0 ] || die "swap left active"
	say "crashes repaired; min_free_kbytes back to exactly $m0"

	# --- the module parameter
	relogin memalloc=always
	guest_expect_eq "memalloc=always $NS1" "$(cat "$NS1/memalloc_active")" 1
	guest_expect_eq "memalloc=always $NS2" "$(cat "$NS2/memalloc_active")" 1
	relogin memalloc=never
	echo 1 > "$NS1/swap" || die "mark with memalloc=never"
	guest_expect_eq "memalloc=never, marked" "$(cat "$NS1/memalloc_active")" 0
	echo 0 > "$NS1/swap"
	guest_logout "$IQN1" > /dev/null
	guest_logout "$IQN2" > /dev/null
	rmmod iscsi_netswap || die rmmod
	if insmod "${NETSWAP_KO:-$RIG_REPO/build/module/iscsi_netswap.ko}" memalloc=sometimes 2> /dev/null; then
		die "memalloc=sometimes accepted"
	fi
	say "memalloc=always: every socket; never: none; a bad value refused"
	{
		echo "min_free_kbytes_before=$m0"
		echo "reserve_bytes_1=$r1"
		echo "reserve_bytes_2=$r2"
		echo "min_free_kbytes_two_sessions=$((m0 + k1 + k2))"
	} > /run/vmout/result
	losetup -d "$loopdev"
	say "swap-tool: OK"
}

test_main "$@"
