#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftest: the rig's failure detection must itself fail tests.
#  1. A guest that never finishes is cut at its time limit: run-vm.sh
#     exits 124 and leaves evidence (watchdog dumps, sysrq output).
#  2. A task stuck in uninterruptible I/O (tgtd SIGSTOPped under an
#     fsync) is reported by the hung-task detector: run-vm.sh exits 126
#     although the guest command itself succeeds.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:selftest

host_main() {
	local rc i
	"$RIG_REPO/tests/vm/run-vm.sh" -m 256 -t 80 -o "$TEST_OUT/stall" -- sleep 600
	rc=$?
	[ $rc = 124 ] || { echo "stall: run-vm.sh exited $rc, expected 124"; return 1; }
	[ -s "$TEST_OUT/stall/watchdog.fired" ] || { echo "stall: the guest watchdog did not fire"; return 1; }
	[ -s "$TEST_OUT/stall/vmstat.stall" ] || { echo "stall: no vmstat evidence"; return 1; }
	grep -q 'Show Blocked State' "$TEST_OUT/stall/console.log" ||
		{ echo "stall: no sysrq-w output in the console"; return 1; }
	echo "stall detected: status 124 with evidence"

	tgt_one_lun "$IQN" 16M || return 1
	test_vm -m 256 -t 300 -- "$IQN" &
	local vm=$!
	for i in $(seq 600); do
		[ -e "$TEST_OUT/vm/reading" ] && break
		sleep 0.2
	done
	kill -STOP "$TGT_PID"
	sleep 75
	kill -CONT "$TGT_PID"
	wait $vm
	rc=$?
	[ $rc = 126 ] || { echo "hung task: run-vm.sh exited $rc, expected 126"; return 1; }
	grep -q 'blocked for more than' "$TEST_OUT/vm/console.log" ||
		{ echo "hung task: no hung-task report in the console"; return 1; }
	echo "hung task detected: status 126"
}

guest_main() {
	local iqn=$1 disk
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	: > /run/vmout/reading
	sleep 2
	# A buffered write then fsync: the wait for writeback is a plain
	# uninterruptible sleep, which is what the detector reports (direct
	# I/O and page-cache reads use hung-task-aware or killable waits).
	dd if=/dev/zero of=/dev/$disk bs=4k count=1 seek=99 conv=fsync status=none
	say "write returned $?"
	sleep 5
	exit 0
}

test_main "$@"
