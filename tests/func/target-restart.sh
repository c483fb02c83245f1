#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# target-restart: while a verified fio write runs, tgtd is killed and
# started again on the same port with the same LUN file. iscsid must
# recover the session through the transport's callbacks (connection
# error, stop, bind, login, start) and fio must finish and verify every
# block. DefaultTime2Wait is raised to 8 s so that iscsid's first new
# login comes after the target is back: a login attempt during the outage
# is accepted by the rig's user network and closed at once, which can
# leave iscsid 2.1.8 retrying bind forever (-107, open-iscsi issue #387)
# with either transport; that is iscsid's bug, not what this tests.
. "$(dirname "$0")/../lib/test.sh"
. "$(dirname "$0")/../lib/hostsync.sh"

IQN=iqn.2026-11.org.iscsi-netswap:restart
OUTAGE_SECS=${OUTAGE_SECS:-3}

setup_target() {
	tgt_start "$TEST_OUT/tgt" "${1:-}" &&
		tgt_target_closed 1 "$IQN" &&
		tgt_lun 1 1 "$TEST_OUT/tgt/lun1" 64M &&
		tgt_open 1
}

host_main() {
	local vmpid rc
	setup_target || return 1
	test_vm -m 384 -t 480 -- "$IQN" &
	vmpid=$!
	if host_wait_for fio-started "$vmpid"; then
		sleep 3
		tgt_stop
		host_signal target-down
		rig_log "tgtd killed for ${OUTAGE_SECS}s"
		sleep "$OUTAGE_SECS"
		if setup_target "$TGT_PORT"; then
			host_signal target-up
			rig_log "tgtd back on port $TGT_PORT"
		else
			rig_log "tgtd restart failed"
		fi
	fi
	wait "$vmpid"
	rc=$?
	return $rc
}

guest_main() {
	local iqn=$1 disk pid rc
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	guest_node_set "$iqn" node.session.iscsi.DefaultTime2Wait 8
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	# about 15 s of writes at a fixed pace, so the outage falls inside
	fio --name=restart --filename=/dev/$disk --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=8 --size=16M --rate_iops=280 \
		--verify=crc32c --verify_fatal=1 > /tmp/fio-restart.log 2>&1 &
	pid=$!
	guest_signal fio-started
	guest_wait_pid "$pid" 300
	rc=$?
	tail -8 /tmp/fio-restart.log
	[ -e /run/vmout/target-down ] || die "fio finished before the target went down"
	[ -e /run/vmout/target-up ] || die "the host could not restart tgtd"
	[ $rc = 0 ] || die "fio across the target restart failed (status $rc)"
	dmesg | grep -q "detected conn error" ||
		die "no connection error was reported: the outage was not seen"
	iscsiadm -m session -P1 | grep -q "iSCSI Session State: LOGGED_IN" ||
		die "session not LOGGED_IN after the restart"
	say "fio verify across the target restart: OK"
	guest_fio_verify "$disk" 8M || die "fio verify after the restart"
	guest_logout "$iqn" || die "logout"
	say "target restart: OK"
}

test_main "$@"
