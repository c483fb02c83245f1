#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# chap: tgtd requires CHAP, then mutual CHAP. The right secrets log in and
# the disk reads; a wrong secret fails the login with iscsiadm's normal
# authentication error (24) and leaves no session behind.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:chap

host_main() {
	tgt_one_lun "$IQN" 32M &&
		tgt_chap 1 rig-user rig-secret-0001 rig-target rig-tsecret-02 || return 1
	test_vm -m 256 -t 300 -- "$IQN"
}

guest_main() {
	local iqn=$1 disk rc
	guest_setup "$iqn"

	guest_node_chap "$iqn" rig-user wrong-secret-0001
	guest_login "$iqn"
	rc=$?
	[ $rc = 24 ] || die "login with a wrong secret: status $rc, expected 24 (auth failure)"
	iscsiadm -m session > /dev/null 2>&1 && die "a session exists after a failed login"
	say "wrong secret: login refused (status 24)"

	guest_node_chap "$iqn" rig-user rig-secret-0001 rig-target wrong-tsecret-2
	guest_login "$iqn"
	rc=$?
	[ $rc != 0 ] || die "login succeeded although the target's mutual secret is wrong"
	iscsiadm -m session > /dev/null 2>&1 && die "a session exists after a failed mutual login"
	say "wrong mutual secret: login refused (status $rc)"

	guest_node_chap "$iqn" rig-user rig-secret-0001 rig-target rig-tsecret-02
	guest_login "$iqn" || die "login with mutual CHAP"
	disk=$(guest_disk "$iqn" 1) || die "no disk after CHAP login"
	dd if=/dev/$disk of=/dev/null bs=64k count=16 iflag=direct status=none || die "read $disk"
	guest_logout "$iqn" || die "logout"
	say "mutual CHAP: OK"
}

test_main "$@"
