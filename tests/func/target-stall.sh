#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# target-stall: tgtd is SIGSTOPped for longer than the SCSI command
# timeout plus the abort timeout (10 s and 5 s here; NOP-Out pings off so
# that the command timeout, not the ping, notices), with writes in
# flight; then SIGCONTed. The SCSI EH
# must run (abort, resets), the I/O must complete or fail cleanly in
# bounded time, and the session must be LOGGED_IN and pass fio verify
# afterwards.
. "$(dirname "$0")/../lib/test.sh"
. "$(dirname "$0")/../lib/hostsync.sh"

IQN=iqn.2026-11.org.iscsi-netswap:stall
STALL_SECS=${STALL_SECS:-24}

host_main() {
	local vmpid rc
	tgt_one_lun "$IQN" 64M || return 1
	test_vm -m 384 -t 480 -- "$IQN" &
	vmpid=$!
	if host_wait_for ready "$vmpid"; then
		kill -STOP "$TGT_PID" && host_signal stopped
		rig_log "tgtd stopped for ${STALL_SECS}s"
		sleep "$STALL_SECS"
		kill -CONT "$TGT_PID" && host_signal continued
		rig_log "tgtd continued"
	fi
	wait "$vmpid"
	rc=$?
	kill -CONT "$TGT_PID" 2>/dev/null
	return $rc
}

guest_main() {
	local iqn=$1 disk pid rc sdev tmo
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	guest_node_set "$iqn" node.conn[0].timeo.noop_out_interval 0
	guest_node_set "$iqn" node.conn[0].timeo.noop_out_timeout 0
	guest_node_set "$iqn" node.session.err_timeo.abort_timeout 5
	guest_node_set "$iqn" node.session.err_timeo.lu_reset_timeout 5
	guest_node_set "$iqn" node.session.err_timeo.tgt_reset_timeout 5
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	sdev=/sys/block/$disk/device
	echo 10 > $sdev/timeout || die "cannot set the command timeout"
	guest_fio_verify "$disk" 8M || die "fio verify before the stall"
	guest_signal ready
	guest_wait_for stopped 60 || die "the host did not stop tgtd"
	say "tgtd stopped; writing to $disk"
	fio --name=stall --filename=/dev/$disk --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=8 --size=8M --offset=16M \
		--verify=crc32c > /tmp/fio-stall.log 2>&1 &
	pid=$!
	guest_wait_pid "$pid" 200
	rc=$?
	tail -5 /tmp/fio-stall.log
	[ $rc != 124 ] || die "I/O issued during the stall still hangs after 200 s"
	say "I/O issued during the stall ended with status $rc"
	guest_wait_for continued 60 || die "the host did not continue tgtd"
	tmo=$(cat $sdev/iotmo_cnt 2>/dev/null)
	say "command timeouts seen by the midlayer: $tmo"
	[ "${tmo:-0}" != 0 ] && [ "$((tmo))" -gt 0 ] ||
		die "no command timed out: the EH path was not exercised"
	for i in $(seq 60); do
		iscsiadm -m session -P1 2>/dev/null | grep -q "iSCSI Session State: LOGGED_IN" && break
		sleep 1
	done
	iscsiadm -m session -P1 | grep -q "iSCSI Session State: LOGGED_IN" ||
		die "session not LOGGED_IN after the stall"
	[ "$(cat $sdev/state)" = running ] || die "$disk is $(cat $sdev/state) after the stall"
	guest_fio_verify "$disk" 8M || die "fio verify after the stall"
	guest_logout "$iqn" || die "logout"
	say "target stall: OK"
}

test_main "$@"
