#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# r2t: writes driven by many outstanding R2Ts per command. tgtd and the
# node both ask for MaxOutstandingR2T=32, no immediate data, 16 KiB bursts,
# so a 1 MiB write needs 64 R2Ts, up to 32 at once (more than the 16 the
# transport once had room for). -P2 must show the values; verified fio
# writes must pass.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:r2t

host_main() {
	local kv
	tgt_one_lun "$IQN" 64M || return 1
	for kv in MaxOutstandingR2T=32 MaxBurstLength=16384 FirstBurstLength=16384 \
		  ImmediateData=No InitialR2T=Yes; do
		tgtadm_ --mode target --op update --tid 1 --name "${kv%%=*}" \
			--value "${kv#*=}" || return 1
	done
	test_vm -m 384 -t 300 -- "$IQN"
}

guest_main() {
	local iqn=$1 disk
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	guest_node_set "$iqn" node.session.iscsi.MaxOutstandingR2T 32
	guest_node_set "$iqn" node.session.iscsi.MaxBurstLength 16384
	guest_node_set "$iqn" node.session.iscsi.ImmediateData No
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	iscsiadm -m session -P2 > /tmp/p2
	grep -E 'MaxOutstandingR2T|MaxBurstLength|ImmediateData|InitialR2T' /tmp/p2
	grep -q "MaxOutstandingR2T: 32" /tmp/p2 || die "MaxOutstandingR2T 32 not negotiated"
	grep -q "MaxBurstLength: 16384" /tmp/p2 || die "MaxBurstLength 16384 not negotiated"
	grep -q "ImmediateData: No" /tmp/p2 || die "ImmediateData No not negotiated"
	guest_fio_verify "$disk" 16M || die "fio verify with 32 outstanding R2Ts"
	guest_logout "$iqn" || die "logout"
	say "MaxOutstandingR2T 32: fio verify OK"
}

test_main "$@"
