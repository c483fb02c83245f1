#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# digests: header and data digests (CRC32C) negotiated with tgtd, which
# answers None unless its target says otherwise. -P2 must show CRC32C for
# both, and a verified fio pass must run over the digested connection.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:digests

host_main() {
	tgt_one_lun "$IQN" 64M &&
		tgtadm_ --mode target --op update --tid 1 --name HeaderDigest --value CRC32C &&
		tgtadm_ --mode target --op update --tid 1 --name DataDigest --value CRC32C ||
		return 1
	test_vm -m 384 -t 300 -- "$IQN"
}

guest_main() {
	local iqn=$1 disk
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	guest_node_digests "$iqn" CRC32C
	guest_login "$iqn" || die "login with CRC32C digests"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	iscsiadm -m session -P2 > /tmp/p2 || die "iscsiadm -m session -P2"
	sed -n '/Negotiated iSCSI params/,$p' /tmp/p2
	grep -q "HeaderDigest: CRC32C" /tmp/p2 || die "HeaderDigest CRC32C was not negotiated"
	grep -q "DataDigest: CRC32C" /tmp/p2 || die "DataDigest CRC32C was not negotiated"
	guest_fio_verify "$disk" 16M || die "fio verify with digests"
	dmesg | grep -i 'digest' && die "the kernel reported a digest problem"
	guest_logout "$iqn" || die "logout"
	say "digests CRC32C: fio verify OK"
}

test_main "$@"
