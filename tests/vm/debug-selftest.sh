#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# debug-selftest: on the debug kernel (KERNEL=debug), the rig must fail a
# run on the reports it promises to catch. tests/vm/rigbug/rigbug.ko,
# built against the debug tree, does one thing wrong on purpose:
#  - bug=none: nothing, the run passes (the module itself is clean);
#  - bug=oob: a write past a kmalloc'ed buffer: KASAN reports it, the run
#    ends with status 126 although its command succeeded;
#  - bug=leak: a buffer nobody points to: the end-of-run kmemleak scan
#    reports an unreferenced object, status 126.
# On any other kernel there is nothing to prove: it fails, saying so.
. "$(dirname "$0")/../lib/test.sh"

host_main() {
	local kdir mod=$RIG_BUILD/rigbug bug rc want
	[ "$RIG_KERNEL" = debug ] || { echo "debug-selftest: needs KERNEL=debug"; return 1; }
	kdir=$("$RIG_REPO/tests/kernel/build.sh" debug) || return 1
	rm -rf "$mod" && mkdir -p "$mod" && cp "$RIG_REPO"/tests/vm/rigbug/{rigbug.c,Kbuild} "$mod"/ &&
		make -s -C "$kdir/obj" M="$mod" modules || return 1
	for bug in none oob leak; do
		want=126
		[ $bug = none ] && want=0
		TEST_OUT=$TEST_OUT/$bug test_vm -m 512 -t 120 -- "$mod/rigbug.ko" "$bug" > "$TEST_OUT/$bug.out" 2>&1
		rc=$?
		[ "$rc" = "$want" ] || { cat "$TEST_OUT/$bug.out"; echo "bug=$bug: status $rc, expected $want"; return 1; }
		case $bug in
		oob) grep -q 'BUG: KASAN: slab-out-of-bounds' "$TEST_OUT/$bug/vm/console.log" ||
			{ echo "bug=oob: no KASAN report"; return 1; } ;;
		leak) grep -q 'unreferenced object 0x' "$TEST_OUT/$bug/vm/console.log" ||
			{ echo "bug=leak: no kmemleak report"; return 1; } ;;
		esac
		echo "bug=$bug: status $rc, as expected"
	done
}

guest_main() {
	insmod "$1" bug="$2" || die "insmod rigbug bug=$2"
	# kmemleak reports only objects older than 5 s at the scan
	sleep 6
	say "rigbug bug=$2 loaded"
}

test_main "$@"
