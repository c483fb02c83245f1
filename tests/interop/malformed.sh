#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# malformed: a fake target (faketgt.py, host side, 127.0.0.1 only) logs in
# normally, then misbehaves once per connection: a SCSI Response whose
# SenseLength runs past its data segment (the answer to the first command
# of the scan; stock libiscsi fails that command, iscsi_netswap the
# connection, since the codec refuses the PDU), a NOP-In with 16 KiB of
# ping data, an unknown opcode, a Data-In for a task that does not exist,
# a 16 MiB data segment, a SCSI Response without its F bit. Each must end
# that connection (the transport's error event, iscsid logs in again),
# never oops or WARN (the rig fails the run on those). On iscsi_netswap
# each must be named in the kernel log; iscsi_tcp takes the NOP-In (it is
# legal under a 256 KiB MaxRecvDataSegmentLength; the fake target then
# closes the connection itself). Finally the session logs out cleanly.
# First, a second fake target that never names its TargetPortalGroupTag
# (iscsid then passes TPGT -1) must be usable: login, logout.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:faketgt
SCRIPT=sense-overrun,oversize-nop,bad-opcode,stray-data-in,huge-dlength,reserved-bits

host_cleanup() {
	local pid
	for pid in ${FAKE_PID:-} ${FAKE2_PID:-}; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}

# fake_start PORT LOG ARGS...: start faketgt.py, wait until it listens.
fake_start() {
	local port=$1 log=$2 i
	shift 2
	python3 "$(dirname "$0")/faketgt.py" -p "$port" -t "$IQN" "$@" > "$log" 2>&1 &
	for i in $(seq 50); do
		ss -Hltn "sport = :$port" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

host_main() {
	local port2
	TGT_PORT=$(rig_free_port)
	fake_start "$TGT_PORT" "$TEST_OUT/faketgt.log" -s "$SCRIPT" || return 1
	FAKE_PID=$!
	port2=$(rig_free_port)
	fake_start "$port2" "$TEST_OUT/faketgt-notpgt.log" -s none --no-tpgt || return 1
	FAKE2_PID=$!
	test_vm -m 256 -t 240 -f "3261:$port2" -- "$IQN"
	local rc=$?
	sed 's/^/  /' "$TEST_OUT/faketgt.log" | tail -20
	return $rc
}

guest_main() {
	local iqn=$1 n=0 i want pat
	want=$(echo "$SCRIPT" | tr ',' '\n' | wc -l)
	guest_load_transport
	guest_start_iscsid

	# no TargetPortalGroupTag from the target, none in the node record
	iscsiadm -m node -o new -T "$iqn" -p 10.0.2.100:3261 > /dev/null || die "node record"
	iscsiadm -m node -T "$iqn" -p 10.0.2.100:3261 --login ||
		die "login to a target that names no TargetPortalGroupTag"
	iscsiadm -m session -P1 | grep -q "iSCSI Session State: LOGGED_IN" ||
		die "session without a TPGT is not LOGGED_IN"
	iscsiadm -m node -T "$iqn" -p 10.0.2.100:3261 --logout || die "logout (no TPGT)"
	iscsiadm -m node -T "$iqn" -p 10.0.2.100:3261 -o delete
	say "target without TargetPortalGroupTag: login and logout OK"

	iscsiadm -m node -o new -T "$iqn" -p "$PORTAL" > /dev/null || die "node record"
	guest_login "$iqn" || die "login to the fake target"
	for i in $(seq 120); do
		n=$(dmesg | grep -c 'detected conn error')
		[ "$n" -ge "$want" ] && break
		sleep 0.5
	done
	dmesg | grep -E 'connection[0-9]+:|session[0-9]+:' | sed 's/^/  /'
	[ "$n" -ge "$want" ] || die "only $n of $want misbehaving connections ended"
	if [ "$TRANSPORT" = iscsi_netswap ]; then
		for pat in 'SenseLength runs past its 20-byte data segment' \
			   'carries 16384 data bytes, more than the 8192-byte receive buffer' \
			   'malformed PDU from target: opcode 0x3e' \
			   'bad Data-In (itt 0xbeef00' \
			   'data segment of 16777200 bytes exceeds MaxRecvDataSegmentLength' \
			   'malformed PDU from target: opcode 0x21 flags 0x00'; do
			dmesg | grep -qF "$pat" || die "no kernel message: $pat"
		done
		say "every misbehaviour was named in the kernel log"
	fi
	timeout 90 iscsiadm -m node -T "$iqn" -p "$PORTAL" --logout ||
		die "logout from the fake target"
	sleep 1
	iscsiadm -m session > /dev/null 2>&1 && die "a session is left after logout"
	say "malformed target PDUs: $n connections ended cleanly"
}

test_main "$@"
