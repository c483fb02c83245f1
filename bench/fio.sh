#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/fio.sh - fio throughput, stock iscsi_tcp against iscsi_netswap.
#
# usage: bench/fio.sh [-t "TRANSPORT..."] [-r SECONDS]
#
# For each transport, in one run and on the same tgtd LUN: 4k random read
# and random write at QD16, 1M sequential read and write at QD16. Prints a
# table with each transport's result and the ratio to the first transport
# (stock iscsi_tcp). Results also go to build/bench/fio.md.
. "$(dirname "$0")/../tests/lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:bench
JOBS="randread:4k randwrite:4k read:1M write:1M"

host_main() {
	local transports="iscsi_tcp iscsi_netswap" runtime=30 opt tr
	while getopts "t:r:" opt; do
		case $opt in
		t) transports=$OPTARG ;;
		r) runtime=$OPTARG ;;
		*) sed -n '6,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
		esac
	done
	tgt_start "$TEST_OUT/tgt" &&
		tgt_target 1 "$IQN" &&
		tgt_lun 1 1 "$TEST_OUT/tgt/lun1" 1G || return 1
	for tr in $transports; do
		TRANSPORT=$tr
		TEST_OUT=$RIG_BUILD/bench/fio/$tr test_vm -m 1024 -t 900 -- "$IQN" "$runtime" ||
			return 1
		grep '^RESULT' "$RIG_BUILD/bench/fio/$tr/vm/guest.log" | cut -d' ' -f2- \
			> "$RIG_BUILD/bench/fio/$tr.txt"
	done
	report $transports | tee "$RIG_BUILD/bench/fio.md"
}

report() {
	local base=$1 tr j
	printf '| workload |'
	for tr in "$@"; do printf ' %s |' "$tr"; done
	[ $# -gt 1 ] && for tr in "${@:2}"; do printf ' %s / %s |' "$tr" "$base"; done
	echo
	printf '|---|'
	for tr in "$@" "${@:2}"; do printf -- '---|'; done
	echo
	for j in $JOBS; do
		printf '| %s QD16 |' "${j#*:} ${j%%:*}"
		for tr in "$@"; do
			printf ' %s |' "$(awk -v j="$j" '$1 == j { print $2, $3, "(" $4, "MiB/s)" }' "$RIG_BUILD/bench/fio/$tr.txt")"
		done
		for tr in "${@:2}"; do
			awk -v j="$j" 'FNR == 1 { f++ } $1 == j { v[f] = $4 } END {
				if (v[1] > 0) printf " %.2f |", v[2] / v[1]; else printf " n/a |" }' \
				"$RIG_BUILD/bench/fio/$base.txt" "$RIG_BUILD/bench/fio/$tr.txt"
		done
		echo
	done
}

guest_main() {
	local iqn=$1 runtime=$2 disk j
	guest_load_transport
	guest_start_iscsid
	guest_node "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	# Reads must find written blocks, not holes tgtd answers from nothing.
	dd if=/dev/zero of=/dev/$disk bs=1M count=512 oflag=direct status=none || die "prefill"
	for j in $JOBS; do
		fio --name=bench --filename=/dev/$disk --direct=1 --ioengine=libaio \
			--rw="${j%%:*}" --bs="${j#*:}" --iodepth=16 --size=512M \
			--runtime="$runtime" --time_based --ramp_time=3 \
			--output-format=json > /tmp/fio.json || die "fio $j"
		python3 - "$j" /tmp/fio.json <<'PY'
import json, sys
job = json.load(open(sys.argv[2]))["jobs"][0]
d = job["read"] if job["read"]["io_bytes"] else job["write"]
print("RESULT %s %.0f IOPS %.1f" % (sys.argv[1], d["iops"], d["bw"] / 1024.0))
PY
	done
	guest_logout "$iqn"
}

test_main "$@"
