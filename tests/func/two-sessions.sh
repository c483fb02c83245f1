#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# two-sessions: two targets on one tgtd, two sessions at once, a verified
# fio pass on both disks concurrently; then both log out.
. "$(dirname "$0")/../lib/test.sh"

IQN1=iqn.2026-11.org.iscsi-netswap:two-a
IQN2=iqn.2026-11.org.iscsi-netswap:two-b

host_main() {
	tgt_start "$TEST_OUT/tgt" &&
		tgt_target 1 "$IQN1" &&
		tgt_lun 1 1 "$TEST_OUT/tgt/lun-a" 64M &&
		tgt_target 2 "$IQN2" &&
		tgt_lun 2 1 "$TEST_OUT/tgt/lun-b" 64M || return 1
	test_vm -m 512 -t 360 -- "$IQN1" "$IQN2"
}

guest_main() {
	local iqn1=$1 iqn2=$2 d1 d2 p1 p2 r1=0 r2=0 n
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn1" "$iqn2"
	guest_login "$iqn1" || die "login $iqn1"
	guest_login "$iqn2" || die "login $iqn2"
	d1=$(guest_disk "$iqn1" 1) || die "no disk for $iqn1"
	d2=$(guest_disk "$iqn2" 1) || die "no disk for $iqn2"
	[ "$d1" != "$d2" ] || die "both sessions show the same disk $d1"
	n=$(iscsiadm -m session 2>/dev/null | grep -c '^tcp:')
	[ "$n" = 2 ] || die "expected 2 sessions, iscsiadm shows $n"
	say "two sessions: $d1 ($iqn1), $d2 ($iqn2)"
	guest_fio_verify "$d1" 16M > /tmp/fio1 2>&1 &
	p1=$!
	guest_fio_verify "$d2" 16M > /tmp/fio2 2>&1 &
	p2=$!
	wait $p1 || r1=$?
	wait $p2 || r2=$?
	[ $r1 = 0 ] || { cat /tmp/fio1; die "fio verify on $d1 (status $r1)"; }
	[ $r2 = 0 ] || { cat /tmp/fio2; die "fio verify on $d2 (status $r2)"; }
	say "concurrent fio verify on $d1 and $d2: OK"
	guest_logout "$iqn1" || die "logout $iqn1"
	n=$(iscsiadm -m session 2>/dev/null | grep -c '^tcp:')
	[ "$n" = 1 ] || die "expected 1 session after the first logout, found $n"
	dd if=/dev/$d2 of=/dev/null bs=64k count=16 iflag=direct status=none ||
		die "$d2 unusable after the other session logged out"
	guest_logout "$iqn2" || die "logout $iqn2"
	iscsiadm -m session > /dev/null 2>&1 && die "a session is left after both logouts"
	say "two sessions: OK"
}

test_main "$@"
