#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# logout-under-io: log out while fio writes to the disk. The I/O must
# fail cleanly (fio ends with errors, in bounded time; no oops, WARN or
# hung task: the rig fails the run on those), the session and the disk
# must be gone, and a new login must give a disk that verifies with fio.
. "$(dirname "$0")/../lib/test.sh"
. "$(dirname "$0")/../lib/hostsync.sh"

IQN=iqn.2026-11.org.iscsi-netswap:logout-io

host_main() {
	tgt_one_lun "$IQN" 64M || return 1
	test_vm -m 384 -t 360 -- "$IQN"
}

guest_main() {
	local iqn=$1 disk pid rc i inflight=0
	cd /tmp || die "cd /tmp"
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	fio --name=busy --filename=/dev/$disk --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=16 --size=48M --time_based \
		--runtime=120 > /tmp/fio-busy.log 2>&1 &
	pid=$!
	for i in $(seq 100); do
		inflight=$(awk '{ print $1 + $2 }' /sys/block/$disk/inflight)
		[ "$inflight" -gt 0 ] && break
		sleep 0.1
	done
	[ "$inflight" -gt 0 ] || die "fio never had I/O in flight on $disk"
	sleep 2
	say "fio busy on $disk ($inflight in flight); logging out"
	timeout 90 iscsiadm -m node -T "$iqn" -p "$PORTAL" --logout ||
		die "logout under I/O failed"
	guest_wait_pid "$pid" 60
	rc=$?
	tail -5 /tmp/fio-busy.log
	[ $rc != 124 ] || die "fio still running 60 s after the logout"
	[ $rc != 0 ] || die "fio reported success although its disk went away"
	say "fio ended with status $rc after the logout"
	sleep 1
	[ ! -e /sys/block/$disk ] || die "$disk still present after logout"
	iscsiadm -m session > /dev/null 2>&1 && die "a session is left after logout"

	guest_login "$iqn" || die "re-login after the logout under I/O"
	disk=$(guest_disk "$iqn" 1) || die "no disk after re-login"
	guest_fio_verify "$disk" 16M || die "fio verify after re-login"
	guest_logout "$iqn" || die "final logout"
	say "logout under I/O: OK"
}

test_main "$@"
