#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recovery: in-kernel connection recovery of a swap session (issue 5,
# Documentation/recovery.rst), with iscsid's view checked at each step.
#
# 1. The session is marked as swap; tgtd is killed for 10 s while a
#    verified fio write runs. The module must recover by itself: sysfs
#    says "recovering" and iscsiadm -P3 shows the session FAILED during
#    the outage, LOGGED_IN after it; fio finishes and verifies; iscsid
#    never hears of it (no connection error event, nothing in its log);
#    the new socket has the buffer sizes iscsid set on its own (the
#    session's reserve_bytes, computed from them, does not change).
# 2. With netswap/recovery_deadline=2 and a 5 s outage, the module gives
#    up and hands the failure to iscsid, which recovers the session the
#    stock way; fio still verifies.
# 3. tgtd is killed for good and the admin logs out during the recovery:
#    the logout completes, the session is gone, the waiting writes fail
#    cleanly.
# Any hung task, WARN or oops fails the run (the rig checks the console).
. "$(dirname "$0")/../lib/test.sh"
. "$(dirname "$0")/../lib/hostsync.sh"

IQN=iqn.2026-11.org.iscsi-netswap:recovery

setup_target() {
	tgt_start "$TEST_OUT/tgt" "${1:-}" &&
		tgt_target_closed 1 "$IQN" &&
		tgt_lun 1 1 "$TEST_OUT/tgt/lun1" 64M &&
		tgt_open 1
}

# host_outage EVENT SECS: kill tgtd when the guest signals EVENT, bring it
# back SECS later.
host_outage() {
	host_wait_for "$1" "$vmpid" 600 || return 1
	sleep 3
	tgt_stop
	host_signal "$1.down"
	rig_log "$1: tgtd killed for $2 s"
	sleep "$2"
	setup_target "$TGT_PORT" || { rig_log "tgtd restart failed"; return 1; }
	host_signal "$1.up"
	rig_log "$1: tgtd back"
}

host_main() {
	local rc
	[ "$TRANSPORT" = iscsi_netswap ] || { echo "recovery: iscsi_netswap only"; return 1; }
	setup_target || return 1
	test_vm -m 384 -t 900 -- "$IQN" &
	vmpid=$!
	host_outage phase1 10 &&
		host_outage phase2 5 &&
		host_wait_for phase3 "$vmpid" 600 &&
		{ tgt_stop; host_signal phase3.down; rig_log "phase3: tgtd killed for good"; }
	wait "$vmpid"
	rc=$?
	[ -f "$TEST_OUT/vm/result" ] && sed 's/^/  /' "$TEST_OUT/vm/result"
	return $rc
}

# wait_for_file_value FILE VALUE SECS
wait_value() {
	local i
	for i in $(seq $(($3 * 5))); do
		[ "$(cat "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.2
	done
	return 1
}

session_states() {
	iscsiadm -m session -P3 2>/dev/null |
		sed -n 's/^[[:space:]]*\(iSCSI Session State\|iSCSI Connection State\): */\1=/p' |
		tr '\n' ' '
}

# start_fio DISK NAME: a paced, verified random write in the background,
# its pid in FIO_PID (not in a subshell: the caller waits for it)
start_fio() {
	fio --name="$2" --filename="/dev/$1" --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=8 --size=16M --rate_iops=200 \
		--verify=crc32c --verify_fatal=1 > "/tmp/fio-$2.log" 2>&1 &
	FIO_PID=$!
}

# What a hung device removal waits for: request states per queue.
dump_blk_state() {
	local f
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	for f in /sys/class/scsi_device/*/device/state; do echo "$f: $(cat "$f")"; done
	ls /sys/kernel/debug/block/
	for f in /sys/kernel/debug/block/*/hctx*/busy /sys/kernel/debug/block/*/hctx*/dispatch \
		/sys/kernel/debug/block/*/requeue_list /sys/kernel/debug/block/*/state; do
		echo "== $f"
		timeout 2 cat "$f"
	done
	ls /sys/class/scsi_host/host*/device/session*/target*/ 2>/dev/null
	ps -o pid,stat,args | grep -v "\]$" | head -30
	cat /proc/"$(pidof iscsid | cut -d' ' -f1)"/stack 2>/dev/null
}

guest_main() {
	local iqn=$1 disk d ns pid rc st errs0 t0 t1 res0
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	# iscsid's own reconnect (phase 2) must come after the target is back
	guest_node_set "$iqn" node.session.iscsi.DefaultTime2Wait 8
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	d=$(basename "$(readlink -f "/sys/block/$disk/device")")
	ns=/sys/class/scsi_host/host${d%%:*}/netswap
	[ "$(cat "$ns/recovery_state")" = idle ] ||
		die "recovery_state is $(cat "$ns/recovery_state") after login"
	echo 1 > "$ns/swap" || die "mark the session as swap"
	res0=$(cat "$ns/reserve_bytes")
	echo 7 > "$ns/recovery_deadline" 2>/dev/null ||
		die "recovery_deadline refused a valid value"
	echo 0 > "$ns/recovery_deadline"
	if echo bogus > "$ns/recovery_deadline" 2>/dev/null; then
		die "recovery_deadline took 'bogus'"
	fi

	say "phase 1: 10 s outage, in-kernel recovery"
	errs0=$(dmesg | grep -c "detected conn error")
	start_fio "$disk" phase1
	pid=$FIO_PID
	guest_signal phase1
	wait_value "$ns/recovery_state" recovering 120 ||
		die "the session never went into recovery"
	st=$(session_states)
	say "during the outage: $st"
	case $st in
	*"iSCSI Session State=FAILED"*) ;;
	*) die "iscsiadm does not show the recovery: $st" ;;
	esac
	wait_value "$ns/recoveries" 1 120 || die "no recovery within 120 s"
	# the new socket has the buffers iscsid gave its own (tcp.window_size),
	# so the window, and the reserve sized for it, did not grow
	guest_expect_eq "reserve_bytes after the recovery" "$(cat "$ns/reserve_bytes")" "$res0"
	st=$(session_states)
	say "after it: $st; recovered in $(cat "$ns/recovery_last_ms") ms," \
	    "$(cat "$ns/recovery_attempts") attempts"
	case $st in
	*"iSCSI Session State=LOGGED_IN"*) ;;
	*) die "session not LOGGED_IN after the recovery: $st" ;;
	esac
	guest_wait_pid "$pid" 300
	rc=$?
	tail -4 /tmp/fio-phase1.log
	[ $rc = 0 ] || die "fio across the in-kernel recovery failed ($rc)"
	[ "$(dmesg | grep -c "detected conn error")" = "$errs0" ] ||
		die "a connection error went to iscsid during in-kernel recovery"
	if grep -q "Kernel reported iSCSI connection" /run/vmout/syslog; then
		die "iscsid heard of the failure"
	fi

	say "phase 2: deadline 2 s, 5 s outage, iscsid takes over"
	echo 2 > "$ns/recovery_deadline"
	start_fio "$disk" phase2
	pid=$FIO_PID
	guest_signal phase2
	guest_wait_pid "$pid" 300
	rc=$?
	tail -4 /tmp/fio-phase2.log
	[ $rc = 0 ] || die "fio across the iscsid recovery failed ($rc)"
	dmesg | grep -q "in-kernel recovery gave up" || die "the deadline did not end the recovery"
	[ "$(dmesg | grep -c "detected conn error")" -gt "$errs0" ] ||
		die "the failure never reached iscsid"
	[ "$(cat "$ns/recoveries")" = 1 ] || die "recoveries is $(cat "$ns/recoveries"), not 1"
	iscsiadm -m session -P1 | grep -q "iSCSI Session State: LOGGED_IN" ||
		die "iscsid did not recover the session"
	echo 0 > "$ns/recovery_deadline"

	say "phase 3: logout while the target is gone"
	# iscsid logged in again: it taught the module a fresh login
	wait_value "$ns/recovery_state" idle 30 || die "recovery unavailable after iscsid's login"
	guest_signal phase3
	guest_wait_for phase3.down 120 || die "the host did not kill the target"
	dd if=/dev/zero of="/dev/$disk" bs=4k count=256 oflag=direct 2> /tmp/dd.log &
	pid=$!
	wait_value "$ns/recovery_state" recovering 120 || die "no recovery after the final kill"
	t0=$(date +%s)
	( sleep 45; dump_blk_state ) &
	timeout 120 iscsiadm -m node -T "$iqn" -u > /tmp/logout.log 2>&1 ||
		{ cat /tmp/logout.log; die "logout during the recovery failed"; }
	t1=$(date +%s)
	say "logout took $((t1 - t0)) s"
	if iscsiadm -m session > /dev/null 2>&1; then
		die "a session is left after the logout"
	fi
	guest_wait_pid "$pid" 60
	rc=$?
	[ $rc = 124 ] && die "writes still hang 60 s after the logout"
	[ $rc = 0 ] && die "writes to a logged-out session succeeded"
	{
		echo "phase1_recovery_ms=$(dmesg | sed -n 's/.*recovered in the kernel after \([0-9]*\) ms.*/\1/p' | head -1)"
		echo "logout_s=$((t1 - t0))"
	} > /run/vmout/result
	say "recovery: OK"
}

test_main "$@"
