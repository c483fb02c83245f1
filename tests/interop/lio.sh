#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lio: interop with the kernel's LIO target inside the guest, over the
# guest's loopback: login, fio verify with digests off and on, and CHAP
# plus mutual CHAP.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:lio

host_main() {
	test_vm -m 1024 -t 600 -- "$IQN"
}

guest_main() {
	local iqn=$1 disk dg
	PORTAL=127.0.0.1:3260
	. "$RIG_REPO/tests/lib/lio.sh"
	ip link set lo up
	lio_start
	lio_target "$iqn" 192M
	guest_setup "$iqn"
	for dg in None CRC32C; do
		guest_node_digests "$iqn" "$dg"
		guest_login "$iqn" || die "login (digests $dg)"
		disk=$(guest_disk "$iqn" 0) || die "no disk (digests $dg)"
		iscsiadm -m session -P2 | grep -q "HeaderDigest: $dg" ||
			die "HeaderDigest $dg was not negotiated"
		guest_fio_verify "$disk" 48M || die "fio verify on LIO (digests $dg)"
		guest_logout "$iqn" || die "logout (digests $dg)"
		say "LIO, digests $dg: fio verify OK"
	done
	lio_chap "$iqn" rig-user rig-secret-0001 rig-target rig-tsecret-02
	guest_node_digests "$iqn" None
	guest_node_chap "$iqn" rig-user rig-secret-0001 rig-target rig-tsecret-02
	guest_login "$iqn" || die "login with mutual CHAP"
	disk=$(guest_disk "$iqn" 0) || die "no disk (CHAP)"
	guest_fio_verify "$disk" 16M || die "fio verify with CHAP"
	guest_logout "$iqn" || die "logout (CHAP)"
	say "LIO, mutual CHAP: OK"
}

test_main "$@"
