#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fio-verify: data integrity on the LUN. 4k random writes at QD16 verified
# with crc32c, a separate verified 4k random-read pass over what they
# wrote, then 1M sequential writes verified. Every block is checked; fio
# fails the test on the first mismatch (verify_fatal). On the debug
# kernel (KASAN makes every I/O several times slower under emulation)
# each pass covers a quarter of the blocks; the checks are the same.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:fio

host_main() {
	tgt_one_lun "$IQN" 1G || return 1
	local rand=96M seq=256M
	[ "$RIG_KERNEL" != debug ] || rand=24M seq=64M
	test_vm -m 512 -t 600 -- "$IQN" "$rand" "$seq"
}

guest_main() {
	local iqn=$1 rand=$2 seq=$3 disk common
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	common="--filename=/dev/$disk --direct=1 --ioengine=libaio --verify=crc32c
		--verify_fatal=1 --verify_dump=1 --group_reporting --output-format=normal"
	say "4k random write, QD16, verified"
	# shellcheck disable=SC2086
	fio --name=rand4k $common --rw=randwrite --bs=4k --iodepth=16 --size=$rand \
		--randseed=4242 || die "4k random write/verify"
	say "4k random read of the same blocks, QD16, verified"
	# shellcheck disable=SC2086
	fio --name=rand4k $common --rw=randwrite --bs=4k --iodepth=16 --size=$rand \
		--randseed=4242 --verify_only || die "4k random read verify"
	say "1M sequential write, QD16, verified"
	# shellcheck disable=SC2086
	fio --name=seq1m $common --rw=write --bs=1M --iodepth=16 --offset=256M \
		--size=$seq || die "1M sequential write/verify"
	guest_logout "$iqn" || die "logout"
	say "fio verify: OK"
}

test_main "$@"
