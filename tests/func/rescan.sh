#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rescan: a LUN is added on the target while the guest is logged in;
# `iscsiadm -m session -R` must make the new disk appear, and it must pass
# a verified fio run, as must the first LUN afterwards.
. "$(dirname "$0")/../lib/test.sh"
. "$(dirname "$0")/../lib/hostsync.sh"

IQN=iqn.2026-11.org.iscsi-netswap:rescan

host_main() {
	local vmpid rc
	tgt_one_lun "$IQN" 32M || return 1
	test_vm -m 384 -t 300 -- "$IQN" &
	vmpid=$!
	if host_wait_for logged-in "$vmpid"; then
		tgt_lun 1 2 "$TEST_OUT/tgt/lun2" 48M && host_signal lun-added ||
			rig_log "could not add LUN 2"
	fi
	wait "$vmpid"
	rc=$?
	return $rc
}

guest_main() {
	local iqn=$1 d1 d2
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	d1=$(guest_disk "$iqn" 1) || die "no disk for LUN 1"
	guest_disk "$iqn" 2 1 > /dev/null && die "LUN 2 exists before it was added"
	guest_signal logged-in
	guest_wait_for lun-added 120 || die "the host did not add LUN 2"
	say "LUN 2 added on the target; rescanning"
	iscsiadm -m session -R || die "iscsiadm -m session -R"
	d2=$(guest_disk "$iqn" 2 30) || die "no disk for LUN 2 after the rescan"
	[ "$(cat /sys/block/$d2/size)" = 98304 ] || die "$d2 has the wrong size"
	say "LUN 2 is $d2"
	guest_fio_verify "$d2" 16M || die "fio verify on the new LUN $d2"
	guest_fio_verify "$d1" 8M || die "fio verify on LUN 1 ($d1) after the rescan"
	guest_logout "$iqn" || die "logout"
	say "rescan: OK"
}

test_main "$@"
