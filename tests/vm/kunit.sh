#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kunit: the module's KUnit suites (drivers/scsi/iscsi_netswap/ins_kunit.c:
# scatterlist seek and CRC32C over pages, the receive ring, the reserve
# formula, a command's lifecycle, the connection state table) and those
# of the mm-patches series (mm_reserve: reservation groups; sk_reserve:
# the reserve of memalloc sockets) in a guest
# of our own kernel, which has KUnit (Debian's does
# not: on KERNEL=stock this fails, saying so). Every suite must report
# "ok" in the KTAP output, every case must have run, and none may fail;
# on the debug kernel the checkers watch the run as for any other test.
. "$(dirname "$0")/../lib/test.sh"

# The suites and how many cases each has: a case that silently went
# missing must fail the test as surely as one that failed.
SUITES="iscsi_netswap_sg:4 iscsi_netswap_ring:4 iscsi_netswap_reserve:5 iscsi_netswap_cmd:6 iscsi_netswap_state:4 mm_reserve:8 sk_reserve:4"

host_main() {
	local ko=${RIG_MODULE%/*}/iscsi_netswap_kunit.ko
	[ "$RIG_KERNEL" != stock ] || { echo "kunit: needs KERNEL=debug or patched (Debian's kernel has no KUnit)"; return 1; }
	[ -f "$ko" ] || { echo "kunit: $ko was not built (CONFIG_KUNIT missing from the tree?)"; return 1; }
	test_vm -m 512 -t 120 -- "$ko"
}

guest_main() {
	local ktap=/run/vmout/ktap.txt s name cases ran bad=0
	modprobe -a kunit libcrc32c || die "modprobe kunit libcrc32c"
	dmesg -C
	insmod "$1" || die "insmod $1"
	# the series' suites are modules of our kernel
	modprobe -a mm_reserve_kunit sock_reserve_kunit ||
		die "modprobe mm_reserve_kunit sock_reserve_kunit (the kernel lacks mm-patches/?)"
	dmesg > "$ktap"
	for s in $SUITES; do
		name=${s%:*} cases=${s#*:}
		# a suite's own verdict is its top-level "ok N - name" line
		if ! grep -Eq "\] ok [0-9]+ (- )?$name\$" "$ktap"; then
			say "suite $name: no ok line"
			bad=1
		fi
		ran=$(sed -n "/# Subtest: $name\$/,/\] \(not \)\{0,1\}ok [0-9]* \(- \)\{0,1\}$name\$/p" "$ktap" |
			grep -Ec '\]     ok [0-9]+ ')
		say "suite $name: $ran of $cases cases ok"
		[ "$ran" = "$cases" ] || bad=1
	done
	if grep -q 'not ok' "$ktap"; then
		grep -B5 'not ok' "$ktap"
		bad=1
	fi
	[ $bad = 0 ] || { cat "$ktap"; die "KUnit failures"; }
	rmmod iscsi_netswap_kunit mm_reserve_kunit sock_reserve_kunit || die "rmmod"
}

test_main "$@"
