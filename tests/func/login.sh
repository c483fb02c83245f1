#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# login: SendTargets discovery, login, session details (-P3), logout and
# re-login against tgtd. The disk must appear after each login and go away
# after each logout; the session must carry the negotiated parameters.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:login

host_main() {
	tgt_one_lun "$IQN" 64M || return 1
	test_vm -m 256 -t 240 -- "$IQN"
}

guest_main() {
	local iqn=$1 round disk sid
	guest_setup "$iqn"
	for round in 1 2; do
		guest_login "$iqn" || die "login round $round"
		disk=$(guest_disk "$iqn" 1) || die "no disk after login round $round"
		say "round $round: logged in, disk $disk"
		[ "$(cat /sys/block/$disk/size)" = 131072 ] || die "$disk has the wrong size"
		dd if=/dev/$disk of=/dev/null bs=64k count=16 iflag=direct status=none ||
			die "cannot read $disk"
		iscsiadm -m session -P3 > /tmp/p3 || die "iscsiadm -m session -P3"
		cat /tmp/p3
		grep -q "Target: $iqn" /tmp/p3 || die "-P3 does not show the target"
		grep -q "iSCSI Session State: LOGGED_IN" /tmp/p3 || die "-P3: session not LOGGED_IN"
		grep -q "Attached scsi disk $disk" /tmp/p3 || die "-P3 does not show $disk"
		grep -q "MaxRecvDataSegmentLength:" /tmp/p3 || die "-P3 shows no negotiated values"
		grep -q "Iface Transport: tcp" /tmp/p3 || die "-P3: transport is not tcp"
		sid=$(guest_session_id "$iqn") || die "no sysfs session"
		iscsiadm -m session -r "$sid" -s > /tmp/stats || die "iscsiadm -m session -s"
		grep -q "rxdata_octets" /tmp/stats || die "no session statistics"
		guest_logout "$iqn" || die "logout round $round"
		sleep 1
		[ ! -e /sys/block/$disk ] || die "$disk still present after logout"
		iscsiadm -m session > /dev/null 2>&1 && die "a session is left after logout"
		say "round $round: logged out, $disk gone"
	done
	say "login/logout: OK"
}

test_main "$@"
