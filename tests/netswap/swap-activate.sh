#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# swap-activate: plain swapon(8) on a kernel with the mm-patches series
# (our debug and patched kernels) sets up what iscsi-netswap swapon does
# on Debian's kernel, through the kernel's own reserve. Proves, in one
# guest:
#  - before swapon the session is not swap, no reserve is registered, the
#    zones' emergency pages are 0;
#  - swapon of a partition (sd's swap_activate -> the host template's)
#    marks the session, sets SOCK_MEMALLOC, registers the session's
#    reserve_bytes: the receive buffer's part as its socket's group under
#    "net" (sk_reserve_register), the rest as the session's group, both
#    rounded up to pages and listed in /sys/kernel/debug/mm_reserve; the
#    zones' emergency pages and their min watermarks rise by exactly the
#    tree's total, which is those two groups and nothing else (the "net"
#    group reserves nothing for IP fragments);
#  - a second swap area on the same disk counts on sd (swap_areas 2) and
#    changes nothing else; swapoff of one keeps it all, of the last undoes
#    it all: emergency pages and min watermarks back to what they were;
#  - a reserve the kernel refuses (the module's reserve_extra_kb raised so
#    the reserve passes a quarter of RAM) fails the swapon, and leaves no
#    swap, no mark and no emergency pages behind;
#  - iscsi-netswap swapon/swapoff leave vm.min_free_kbytes alone there:
#    the kernel holds the reserve.
# Swap under pressure through a session registered this way is
# netswap/swap-outage on the debug kernel (a plain swapon there), which
# also checks the group's high-water mark against its limit.
# Debian's kernel has no series: there this test fails, saying so.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:activate
TOOL=$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap

host_main() {
	[ "$RIG_KERNEL" != stock ] ||
		{ echo "swap-activate: needs KERNEL=debug or patched (Debian's kernel lacks the mm-patches series)"; return 1; }
	[ -x "$TOOL" ] || make -s -C "$RIG_REPO/userspace/iscsid-plugin" || return 1
	tgt_start "$TEST_OUT/tgt" && tgt_target 1 "$IQN" &&
		tgt_lun 1 1 "$TEST_OUT/tgt/lun1" 64M || return 1
	test_vm -m 256 -t 300 -- "$IQN"
}

# The sum over the zones of a /proc/zoneinfo field ("min", "emergency").
zone_sum() {
	awk -v k="$1" '$1 == k && NF == 2 { s += $2 } END { print s + 0 }' /proc/zoneinfo
}

# Everything swapon may change, for the refusal's "nothing changed".
snapshot() {
	{
		tail -n +2 /proc/swaps
		cat "$NS/swap" "$NS/memalloc_active" "$NS/reserve_limit_bytes"
		zone_sum emergency
		zone_sum min
		cat "$SDK/swap_areas"
	} | md5sum
}

guest_main() {
	local iqn=$1 disk hctl e0 m0 r lim pages e1 m1 f0 before tot sess_kb sock_kb
	mount -t debugfs none /sys/kernel/debug 2> /dev/null
	[ -r /sys/kernel/debug/mm_reserve ] ||
		die "no /sys/kernel/debug/mm_reserve: this kernel lacks the mm-patches series"
	grep -q '^        emergency ' /proc/zoneinfo || die "/proc/zoneinfo has no emergency line"
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	hctl=$(basename "$(readlink -f "/sys/block/$disk/device")")
	NS=/sys/class/scsi_host/host${hctl%%:*}/netswap
	SDK=/sys/class/scsi_disk/$hctl
	[ -r "$NS/reserve_limit_bytes" ] || die "no $NS/reserve_limit_bytes: module built without the series?"
	[ -r "$SDK/swap_areas" ] || die "no $SDK/swap_areas"

	printf 'o\nn\np\n1\n2048\n+24M\nn\np\n2\n51200\n\nw\n' | busybox fdisk "/dev/$disk" > /dev/null 2>&1
	guest_wait_dev "${disk}1"
	guest_wait_dev "${disk}2"
	mkswap "/dev/${disk}1" > /dev/null && mkswap "/dev/${disk}2" > /dev/null || die mkswap

	# --- before: nothing registered
	e0=$(zone_sum emergency)
	m0=$(zone_sum min)
	f0=$(cat /proc/sys/vm/min_free_kbytes)
	guest_expect_eq "emergency pages before swapon" "$e0" 0
	guest_expect_eq "$NS/swap" "$(cat "$NS/swap")" 0
	guest_expect_eq "reserve_limit_bytes before swapon" "$(cat "$NS/reserve_limit_bytes")" 0
	guest_expect_eq "swap_areas before swapon" "$(cat "$SDK/swap_areas")" 0
	say "before: min watermarks $m0 pages, emergency 0, session not swap"

	# --- a refused reserve: the admin's extra takes it past a quarter of RAM
	local extra=/sys/module/iscsi_netswap/parameters/reserve_extra_kb
	echo 131072 > "$extra" || die "cannot set reserve_extra_kb"
	say "reserve_bytes with reserve_extra_kb=131072: $(cat "$NS/reserve_bytes")"
	before=$(snapshot)
	dmesg -C
	if swapon "/dev/${disk}1" 2> /tmp/swapon.err; then
		die "swapon of a reserve past a quarter of RAM succeeded"
	fi
	sed 's/^/    | /' /tmp/swapon.err
	[ "$(snapshot)" = "$before" ] || die "the refused swapon changed something"
	dmesg | grep -q 'refused swap' || { dmesg | tail; die "no 'refused swap' in the kernel log"; }
	echo 0 > "$extra"
	say "a reserve past a quarter of RAM: swapon refused, nothing changed"

	# --- plain swapon
	swapon "/dev/${disk}1" || die "swapon ${disk}1"
	r=$(cat "$NS/reserve_bytes")
	lim=$(cat "$NS/reserve_limit_bytes")
	pages=$(((r + 4095) / 4096))
	guest_expect_eq "$NS/swap" "$(cat "$NS/swap")" 1
	guest_expect_eq "$NS/memalloc_active" "$(cat "$NS/memalloc_active")" 1
	guest_expect_eq "swap_areas" "$(cat "$SDK/swap_areas")" 1
	sed 's/^/    | /' /sys/kernel/debug/mm_reserve
	sess_kb=$(guest_reserve_kb 'session[0-9]+')
	sock_kb=$(guest_reserve_kb 'sock-[0-9]+')
	[ "$sess_kb" -gt 0 ] || die "no session group in debugfs"
	[ "$sock_kb" -gt 0 ] || die "no socket group (sock-INODE) in debugfs"
	guest_expect_eq "the net group: its socket's group only" "$(guest_reserve_kb net)" "$sock_kb"
	guest_expect_eq "the tree's total: session + socket groups" "$(guest_reserve_kb total)" $((sess_kb + sock_kb))
	# the two parts are rounded up to pages each
	guest_expect_eq "reserve_limit_bytes (session + socket groups)" "$lim" $(((sess_kb + sock_kb) * 1024))
	[ "$lim" -ge $((pages * 4096)) ] && [ "$lim" -le $(((pages + 1) * 4096)) ] ||
		die "reserve_limit_bytes $lim for reserve_bytes $r ($pages pages)"
	tot=$(($(guest_reserve_kb total) / 4))
	e1=$(zone_sum emergency)
	m1=$(zone_sum min)
	# each zone's share is rounded down: the sum is short by < 1 a zone
	local nz
	nz=$(grep -c '^        emergency ' /proc/zoneinfo)
	[ "$e1" -le "$tot" ] && [ "$e1" -gt $((tot - nz)) ] ||
		die "emergency pages $e1 for a reserve tree of $tot pages"
	guest_expect_eq "min watermarks rise by the emergency pages" $((m1 - m0)) "$e1"
	say "swapon ${disk}1: marked, SOCK_MEMALLOC, group of $lim bytes; min $m0 -> $m1 (+$e1 emergency)"

	# --- a second area on the same disk, then the first one off
	swapon "/dev/${disk}2" || die "swapon ${disk}2"
	guest_expect_eq "swap_areas with two areas" "$(cat "$SDK/swap_areas")" 2
	guest_expect_eq "reserve_limit_bytes with two areas" "$(cat "$NS/reserve_limit_bytes")" "$lim"
	guest_expect_eq "emergency pages with two areas" "$(zone_sum emergency)" "$e1"
	swapoff "/dev/${disk}2" || die "swapoff ${disk}2"
	guest_expect_eq "swap_areas after one swapoff" "$(cat "$SDK/swap_areas")" 1
	guest_expect_eq "$NS/swap after one swapoff" "$(cat "$NS/swap")" 1
	guest_expect_eq "emergency pages after one swapoff" "$(zone_sum emergency)" "$e1"
	say "two areas: sd counts 2, the session is registered once; one swapoff keeps it"

	# --- the last swapoff undoes it all
	swapoff "/dev/${disk}1" || die "swapoff ${disk}1"
	guest_expect_eq "swap_areas after the last swapoff" "$(cat "$SDK/swap_areas")" 0
	guest_expect_eq "$NS/swap after the last swapoff" "$(cat "$NS/swap")" 0
	guest_expect_eq "$NS/memalloc_active after the last swapoff" "$(cat "$NS/memalloc_active")" 0
	guest_expect_eq "reserve_limit_bytes after the last swapoff" "$(cat "$NS/reserve_limit_bytes")" 0
	guest_expect_eq "emergency pages after the last swapoff" "$(zone_sum emergency)" 0
	guest_expect_eq "min watermarks after the last swapoff" "$(zone_sum min)" "$m0"
	grep -Eq '^ +(session[0-9]+|net|sock-[0-9]+) ' /sys/kernel/debug/mm_reserve &&
		{ cat /sys/kernel/debug/mm_reserve; die "a group is left in debugfs"; }
	say "last swapoff: unmarked, group gone, watermarks back to $m0"

	# --- the tool: the kernel holds the reserve, min_free_kbytes stays
	"$TOOL" swapon "/dev/${disk}1" || die "iscsi-netswap swapon"
	guest_expect_eq "min_free_kbytes after iscsi-netswap swapon" "$(cat /proc/sys/vm/min_free_kbytes)" "$f0"
	guest_expect_eq "reserve_limit_bytes after iscsi-netswap swapon" "$(cat "$NS/reserve_limit_bytes")" "$lim"
	"$TOOL" swapoff "/dev/${disk}1" || die "iscsi-netswap swapoff"
	guest_expect_eq "min_free_kbytes after iscsi-netswap swapoff" "$(cat /proc/sys/vm/min_free_kbytes)" "$f0"
	guest_expect_eq "emergency pages after iscsi-netswap swapoff" "$(zone_sum emergency)" 0
	say "iscsi-netswap: vm.min_free_kbytes left at $f0, the kernel registers the reserve"
	say "swap-activate: OK"
}

test_main "$@"
