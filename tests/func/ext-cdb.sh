#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ext-cdb: a 32-byte CDB (READ(32), variable length) travels in an
# Extended CDB AHS (RFC 7143 11.3.1.3): the target must answer it with a
# SCSI status (data, or a CHECK CONDITION if it does not implement the
# command), never a host-level failure, and the connection must stay up.
# Then the same with header digests on, which cover the AHS.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:ext-cdb
# READ(32): opcode 7f, additional length 0x18, service action 0009,
# LBA 0, expected initial LBA 0, transfer length 1 block
CDB32="7f 00 00 00 00 00 00 18 00 09 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"

host_main() {
	tgt_one_lun "$IQN" 16M &&
		tgtadm_ --mode target --op update --tid 1 --name HeaderDigest --value CRC32C,None ||
		return 1
	test_vm -m 256 -t 240 -- "$IQN"
}

# ext_cdb_once DISK: one READ(32) through SG_IO; judge the outcome.
ext_cdb_once() {
	local disk=$1 rc
	# shellcheck disable=SC2086
	sg_raw -v -r 512 "/dev/$disk" $CDB32 > /tmp/sg.out 2>&1
	rc=$?
	cat /tmp/sg.out
	grep -qi 'host_status\|driver_status\|transport' /tmp/sg.out &&
		die "READ(32) failed below SCSI (status $rc)"
	grep -q 'SCSI Status: \(Good\|Check Condition\)' /tmp/sg.out || [ $rc = 0 ] ||
		die "READ(32) got no SCSI status (sg_raw status $rc)"
	dd if=/dev/$disk of=/dev/null bs=4k count=4 iflag=direct status=none ||
		die "$disk unusable after READ(32)"
	dmesg | grep -q 'conn error\|dropping the connection' &&
		die "the connection failed around READ(32)"
	return 0
}

guest_main() {
	local iqn=$1 disk dg
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	for dg in None CRC32C; do
		guest_node_set "$iqn" node.conn[0].iscsi.HeaderDigest "$dg"
		guest_login "$iqn" || die "login (HeaderDigest $dg)"
		disk=$(guest_disk "$iqn" 1) || die "no disk"
		iscsiadm -m session -P2 | grep -q "HeaderDigest: $dg" ||
			die "HeaderDigest $dg not negotiated"
		ext_cdb_once "$disk"
		guest_logout "$iqn" || die "logout"
		say "READ(32) with HeaderDigest $dg: answered by the target"
	done
	say "ext-cdb: OK"
}

test_main "$@"
