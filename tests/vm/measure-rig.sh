#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# measure-rig.sh - how fast is the rig's own path, guest <-> 127.0.0.1?
#
# Raw TCP through the guestfwd relay (guest -> host and host -> guest, 256
# MiB each), and QD1 4k read latency on a tgtd LUN with stock iscsi_tcp.
# Numbers go to stdout; Documentation/rig.md records them.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:measure
SINK_PORT="" SOURCE_PORT="" sink_pid="" source_pid=""

host_cleanup() {
	[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
	[ -n "$source_pid" ] && kill "$source_pid" 2>/dev/null
}

host_main() {
	SINK_PORT=$(rig_free_port)
	SOURCE_PORT=$(rig_free_port)
	# A sink and a source on 127.0.0.1 for one connection each.
	python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); c, _ = s.accept()
while c.recv(1 << 20): pass' "$SINK_PORT" &
	sink_pid=$!
	python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); c, _ = s.accept()
buf = bytes(1 << 20)
for _ in range(256): c.sendall(buf)
c.close()' "$SOURCE_PORT" &
	source_pid=$!
	tgt_one_lun "$IQN" 256M || return 1
	test_vm -m 512 -t 400 -f "5001:$SINK_PORT" -f "5002:$SOURCE_PORT" -- "$IQN" || return 1
	grep '^RESULT' "$TEST_OUT/vm/guest.log" | sed 's/^RESULT //'
}

guest_main() {
	local iqn=$1 t0 t1 disk
	sleep 1
	t0=$(date +%s.%N)
	dd if=/dev/zero bs=1M count=256 status=none > /dev/tcp/10.0.2.100/5001 || die "send"
	t1=$(date +%s.%N)
	echo "RESULT tcp guest->host: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f MiB/s", 256 / (b - a) }')"
	t0=$(date +%s.%N)
	cat < /dev/tcp/10.0.2.100/5002 | dd of=/dev/null bs=1M status=none || die "receive"
	t1=$(date +%s.%N)
	echo "RESULT tcp host->guest: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f MiB/s", 256 / (b - a) }')"
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	dd if=/dev/urandom of=/dev/$disk bs=1M count=64 oflag=direct status=none
	fio --name=qd1 --filename=/dev/$disk --direct=1 --ioengine=psync --rw=randread \
		--bs=4k --size=64M --runtime=20 --time_based --output-format=terse --terse-version=3 \
		> /tmp/qd1 || die "fio"
	# terse v3: field 8 read IOPS, field 16 clat mean (us)
	echo "RESULT iscsi 4k QD1 randread ($TRANSPORT): $(awk -F';' '{ printf "%d IOPS, mean completion latency %.2f ms", $8, $16 / 1000 }' /tmp/qd1)"
}

test_main "$@"
