#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# swap-tool: swap sessions through the admin tool (userspace/iscsid-plugin).
# Two sessions (two targets). Proves, in one guest:
#  - sessions are not swap sessions by default (memalloc=swap): no
#    SOCK_MEMALLOC; bad writes to netswap/swap are refused;
#  - a session switched on and off many times under verified I/O keeps its
#    data and SOCK_MEMALLOC follows the switch;
#  - bad usage exits 2; a bad device, a non-iSCSI device (/dev/zero, a
#    loop device), a device already swap or not swap exit 1 and change
#    nothing (swaps, vm.min_free_kbytes, state, marks);
#  - `iscsi-netswap swapon` on a partition marks the session, sets
#    SOCK_MEMALLOC on its socket only, raises vm.min_free_kbytes by exactly
#    the session's reserve_bytes (rounded up to kB), counted once per
#    session with several partitions, summed over sessions; swapoff
#    restores the exact original after the last one;
#  - a crash of the tool after raising or after swapoff(2) is repaired by
#    the next run, and the original value still comes back exactly;
#  - memalloc=always gives every session SOCK_MEMALLOC, memalloc=never
#    none, a bad value is refused at load;
#  - swapon warns when the session's NIC driver refills its receive ring
#    without the reserves (virtio_net: RIG_NIC=virtio-net-pci, the
#    netswap/swap-tool-virtio test), and only then; status names the NIC;
#  - status (the table), status --long, status --json (parsed on the host)
#    and list show the sessions, their swap devices and reserves; status
#    works for an unprivileged user; per-command usage errors exit 2.
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/hostsync.sh
. "$(dirname "$0")/../lib/hostsync.sh"

IQN1=iqn.2026-11.org.iscsi-netswap:tool1
IQN2=iqn.2026-11.org.iscsi-netswap:tool2

host_main() {
	[ -x "$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap" ] ||
		make -s -C "$RIG_REPO/userspace/iscsid-plugin" || return 1
	tgt_start "$TEST_OUT/tgt" &&
		tgt_target 1 "$IQN1" && tgt_lun 1 1 "$TEST_OUT/tgt/lun1" 64M &&
		tgt_target 2 "$IQN2" && tgt_lun 2 1 "$TEST_OUT/tgt/lun2" 64M || return 1
	test_vm -m 384 -t 600 -- "$IQN1" "$IQN2"
	local rc=$?
	[ -f "$TEST_OUT/vm/result" ] && sed 's/^/  /' "$TEST_OUT/vm/result"
	[ $rc = 0 ] || return $rc
	check_status_json "$TEST_OUT/vm/status.json" "$TEST_OUT/vm/result"
}

# check_status_json FILE RESULT: `status --json` with three swap areas on
# two sessions, as the guest saw them (RESULT's d1, d2, min_free_kbytes).
check_status_json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
res = dict(l.strip().split("=", 1) for l in open(sys.argv[2]) if "=" in l)
d1, d2 = "/dev/" + res["d1"], "/dev/" + res["d2"]
want = {d1 + "1", d1 + "2", d2}
assert st["min_free_kbytes"] == int(res["min_free_kbytes_two_sessions"]), st["min_free_kbytes"]
assert st["safe_logout"] == "in-force", st["safe_logout"]
ss = st["sessions"]
assert len(ss) == 2, ss
devs = {d for s in ss for d in s["swap_devices"]}
assert devs == want, devs
for s in ss:
    ns = s["netswap"]
    assert s["state"] == "LOGGED_IN" and s["nic"] == "eth0", s
    assert ns["swap"] == 1 and ns["memalloc_active"] == 1, ns
    assert isinstance(ns["reserve_bytes"], int) and ns["reserve_bytes"] > 0, ns
    assert ns["recovery_state"] in ("idle", "unavailable"), ns
got = sorted(str(ss[i]["netswap"]["reserve_bytes"]) for i in (0, 1))
assert got == sorted([res["reserve_bytes_1"], res["reserve_bytes_2"]]), got
tw = st["tool_swaps"]
assert {w["path"] for w in tw} == want and all(w["active"] for w in tw), tw
assert sum(w["reserve_kb"] for w in tw) > 0
print("  status --json: 2 sessions, swap devices %s, min_free_kbytes %d" %
      (" ".join(sorted(devs)), st["min_free_kbytes"]))
PY
}

TOOL=$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap

minfree() {
	cat /proc/sys/vm/min_free_kbytes
}

# expect_rc WANT CMD...: run CMD, its status must be WANT.
expect_rc() {
	local want=$1 rc=0
	shift
	"$@" > /tmp/out 2>&1 || rc=$?
	sed 's/^/    | /' /tmp/out
	[ "$rc" = "$want" ] || die "'$*' exited $rc, want $want"
}

# A fingerprint of everything the tool may change.
snapshot() {
	{
		minfree
		tail -n +2 /proc/swaps
		cat /run/iscsi-netswap/state 2>/dev/null
		cat "$NS1/swap" "$NS2/swap" "$NS1/memalloc_active" "$NS2/memalloc_active"
	} | md5sum
}

# expect_refused WANT CMD...: CMD must exit WANT and change nothing.
expect_refused() {
	local before
	before=$(snapshot)
	expect_rc "$@"
	[ "$(snapshot)" = "$before" ] || die "'${*:2}' changed something"
}

kb() {
	echo $((($1 + 1023) / 1024))
}

# complete_tool WORD...: what the bash completion offers for the last WORD
complete_tool() {
	PATH=$(dirname "$TOOL"):$PATH bash -c '. "$1"; shift
		COMP_WORDS=(iscsi-netswap "$@"); COMP_CWORD=$#
		_iscsi_netswap; printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$RIG_REPO/userspace/iscsid-plugin/completion/iscsi-netswap" "$@"
}

relogin() {
	guest_logout "$IQN1" > /dev/null || die "logout $IQN1"
	guest_logout "$IQN2" > /dev/null 2>&1
	rmmod iscsi_netswap || die "rmmod"
	insmod "${NETSWAP_KO:-$RIG_REPO/build/module/iscsi_netswap.ko}" "$@" || die "insmod $*"
	guest_login "$IQN1" > /dev/null || die "login $IQN1"
	guest_login "$IQN2" > /dev/null || die "login $IQN2"
	D1=$(guest_disk "$IQN1" 1) || die "no disk for $IQN1"
	D2=$(guest_disk "$IQN2" 1) || die "no disk for $IQN2"
	NS1=$(guest_netswap_dir "$D1")
	NS2=$(guest_netswap_dir "$D2")
}

guest_main() {
	local m0 r1 r2 k1 k2 i loopdev
	guest_load_transport
	# as `make install` leaves a machine: swapon has no logout to warn of
	"$TOOL" safe-logout on > /dev/null || die "iscsi-netswap safe-logout on"
	guest_start_iscsid
	guest_node "$IQN1"
	guest_node "$IQN2"
	guest_login "$IQN1" || die "login $IQN1"
	guest_login "$IQN2" || die "login $IQN2"
	D1=$(guest_disk "$IQN1" 1) || die "no disk for $IQN1"
	D2=$(guest_disk "$IQN2" 1) || die "no disk for $IQN2"
	NS1=$(guest_netswap_dir "$D1")
	NS2=$(guest_netswap_dir "$D2")
	[ -f "$NS1/swap" ] && [ -f "$NS2/swap" ] || die "no netswap attributes under $NS1, $NS2"
	say "sessions: $D1 -> $NS1, $D2 -> $NS2"

	# --- default policy: no session uses the reserves
	guest_expect_eq "memalloc parameter" "$(cat /sys/module/iscsi_netswap/parameters/memalloc)" swap
	for ns in "$NS1" "$NS2"; do
		guest_expect_eq "$ns/swap" "$(cat "$ns/swap")" 0
		guest_expect_eq "$ns/memalloc_active" "$(cat "$ns/memalloc_active")" 0
	done
	for bad in 2 abc -1 ""; do
		if echo "$bad" 2> /dev/null > "$NS1/swap"; then
			die "netswap/swap accepted '$bad'"
		fi
	done
	guest_expect_eq "swap after bad writes" "$(cat "$NS1/swap")" 0
	if echo 1 2> /dev/null > "$NS1/reserve_bytes"; then
		die "reserve_bytes is writable"
	fi
	say "default: no SOCK_MEMALLOC; bad sysfs writes refused"

	# --- live switch under verified I/O
	guest_fio_verify "$D2" 32M &
	local fio=$!
	for i in $(seq 40); do
		echo 1 > "$NS2/swap" || die "mark $i"
		guest_expect_eq "memalloc_active after mark $i" "$(cat "$NS2/memalloc_active")" 1
		sleep 0.1
		echo 0 > "$NS2/swap" || die "unmark $i"
		guest_expect_eq "memalloc_active after unmark $i" "$(cat "$NS2/memalloc_active")" 0
	done
	guest_wait_pid "$fio" 300 || die "fio verify during the switches failed"
	say "40 switches on/off during verified fio: data intact, SOCK_MEMALLOC followed"

	# --- partitions and swap areas
	printf 'o\nn\np\n1\n2048\n+24M\nn\np\n2\n51200\n\nw\n' | busybox fdisk "/dev/$D1" > /dev/null 2>&1
	guest_wait_dev "${D1}1"
	guest_wait_dev "${D1}2"
	mkswap "/dev/${D1}1" > /dev/null && mkswap "/dev/${D1}2" > /dev/null &&
		mkswap "/dev/$D2" > /dev/null || die mkswap
	modprobe loop 2> /dev/null
	truncate -s 16M /tmp/loop.img
	loopdev=$(losetup -f --show /tmp/loop.img) || die losetup
	mkswap "$loopdev" > /dev/null || die "mkswap $loopdev"

	m0=$(minfree)
	r1=$(cat "$NS1/reserve_bytes")
	r2=$(cat "$NS2/reserve_bytes")
	[ "$r1" -gt 0 ] && [ "$r2" -gt 0 ] || die "reserve_bytes $r1 $r2"
	k1=$(kb "$r1")
	k2=$(kb "$r2")
	say "vm.min_free_kbytes $m0; reserve_bytes $r1 ($k1 kB) and $r2 ($k2 kB)"

	# --- refusals
	expect_refused 2 "$TOOL"
	expect_refused 2 "$TOOL" frob /dev/zero
	expect_refused 2 "$TOOL" swapon
	expect_refused 2 "$TOOL" swapon "/dev/${D1}1" extra
	expect_refused 2 "$TOOL" status extra
	expect_refused 1 "$TOOL" swapon /dev/zero
	expect_refused 1 "$TOOL" swapon /dev/does-not-exist
	expect_refused 1 "$TOOL" swapon "$loopdev"
	expect_refused 1 "$TOOL" swapoff "$loopdev"
	expect_refused 1 "$TOOL" swapoff "/dev/${D1}1"
	[ ! -e /run/iscsi-netswap/state ] || die "a refused command left a state file"
	say "usage errors exit 2; bad, non-iSCSI and non-swap devices exit 1; nothing changed"

	# the disk with a partition table is not offered, its partitions are
	[ "$(complete_tool swapon /dev/ | sort)" = "$(printf '%s\n' "/dev/${D1}1" "/dev/${D1}2" "/dev/$D2" | sort)" ] ||
		die "completion of swapon: $(complete_tool swapon /dev/ | tr '\n' ' ')"
	nic=$(guest_nic_driver)
	# --- swapon on a partition
	expect_rc 0 "$TOOL" swapon "/dev/${D1}1"
	grep -q "^/dev/${D1}1 " /proc/swaps || die "${D1}1 not in /proc/swaps"
	guest_expect_eq "$NS1/swap" "$(cat "$NS1/swap")" 1
	guest_expect_eq "$NS1/memalloc_active" "$(cat "$NS1/memalloc_active")" 1
	guest_expect_eq "$NS2/memalloc_active (not swap)" "$(cat "$NS2/memalloc_active")" 0
	guest_expect_eq "reserve_bytes after marking" "$(cat "$NS1/reserve_bytes")" "$r1"
	guest_expect_eq "min_free_kbytes after swapon ${D1}1" "$(minfree)" $((m0 + k1))
	say "swapon ${D1}1: session marked, SOCK_MEMALLOC on, min_free_kbytes $m0 -> $(minfree) (+$k1)"
	# the NIC: a warning exactly when its driver cannot use the reserves
	if [ "$nic" = virtio_net ]; then
		grep -q "warning: eth0 (virtio_net) refills its receive ring without the memory reserves" /tmp/out ||
			die "no warning for a swap session behind virtio_net"
	else
		! grep -q warning /tmp/out || die "a warning for a swap session behind $nic"
	fi
	say "swapon behind eth0 ($nic): $(grep -c warning /tmp/out) warning line(s)"

	expect_refused 1 "$TOOL" swapon "/dev/${D1}1"
	# a second swap area on the same session: its reserve counts once
	expect_rc 0 "$TOOL" swapon "/dev/${D1}2"
	guest_expect_eq "min_free_kbytes with two areas on one session" "$(minfree)" $((m0 + k1))
	expect_rc 0 "$TOOL" swapon "/dev/$D2"
	guest_expect_eq "$NS2/memalloc_active" "$(cat "$NS2/memalloc_active")" 1
	guest_expect_eq "min_free_kbytes with two sessions" "$(minfree)" $((m0 + k1 + k2))
	expect_rc 0 "$TOOL" status --long
	for kv in swap=1 memalloc_active=1 "reserve_bytes=$r1" "swap_device=/dev/${D1}1" \
		"swap_device=/dev/${D1}2" "nic=eth0 driver=$nic "; do
		grep "target=$IQN1 " /tmp/out | grep -q " $kv" || die "status --long does not show $kv for session 1"
	done
	# the table: a heading and one line per session, the first swap device leading
	expect_rc 0 "$TOOL" status
	head -1 /tmp/out | grep -q '^DEVICE  *SESSION  *TARGET  *STATE  *RESERVE  *MEMALLOC  *RECOVERIES  *LAST RECOVERY  *CMDS HWM  *R2T HWM$' ||
		die "status: no heading"
	grep -q "^/dev/${D1}1 +1  .* $IQN1  *LOGGED_IN  *$(kb "$r1")k (min_free)  *on  *0  *never  " /tmp/out ||
		die "status: no line for session 1"
	grep -q "^/dev/$D2  .* $IQN2  *LOGGED_IN  *$(kb "$r2")k (min_free)  *on  " /tmp/out ||
		die "status: no line for session 2"
	grep -q "^vm.min_free_kbytes $(minfree) = $m0 before the tool's first swapon + $((k1 + k2)) reserved by it$" /tmp/out ||
		die "status: no vm.min_free_kbytes line"
	"$TOOL" status --json > /run/vmout/status.json || die "status --json"
	# read only, for anybody
	expect_refused 0 setpriv --reuid=65534 --regid=65534 --clear-groups "$TOOL" status
	grep -q "^/dev/${D1}1 +1 " /tmp/out || die "status as nobody does not show session 1"
	expect_rc 0 "$TOOL" list
	for d in "${D1}1" "${D1}2" "$D2"; do
		grep -q "^/dev/$d  .*  iscsi_netswap  *swap  *iqn" /tmp/out || die "list does not show $d as swap"
	done
	grep -q "^/dev/$D1  .*  iscsi_netswap  *parts  *$IQN1$" /tmp/out || die "list does not show $D1's partitions in use"
	# bash completion: swapoff offers the swap devices, swapon no device in use
	[ "$(complete_tool swapoff "")" = "$(printf '%s\n' "/dev/${D1}1" "/dev/${D1}2" "/dev/$D2" --all --help)" ] ||
		die "completion of swapoff: $(complete_tool swapoff "" | tr '\n' ' ')"
	[ "$(complete_tool swapon "")" = "$(printf "%s\n" -p --help)" ] || die "completion of swapon offers a device in use"
	[ "$(complete_tool status --j)" = --json ] || die "completion of status --j"
	expect_rc 0 "$TOOL" status --help
	grep -q "^usage: iscsi-netswap status \[--json | --long\]$" /tmp/out || die "status --help"
	expect_refused 2 "$TOOL" status --frob
	expect_refused 2 "$TOOL" list extra
	say "two sessions: min_free_kbytes $(minfree) = $m0 + $k1 + $k2; status, --long, --json, list agree"

	expect_rc 0 "$TOOL" swapoff "/dev/${D1}1"
	guest_expect_eq "$NS1/swap with ${D1}2 still swap" "$(cat "$NS1/swap")" 1
	guest_expect_eq "min_free_kbytes" "$(minfree)" $((m0 + k1 + k2))
	expect_rc 0 "$TOOL" swapoff "/dev/${D1}2"
	guest_expect_eq "$NS1/swap" "$(cat "$NS1/swap")" 0
	guest_expect_eq "$NS1/memalloc_active" "$(cat "$NS1/memalloc_active")" 0
	guest_expect_eq "min_free_kbytes" "$(minfree)" $((m0 + k2))
	expect_refused 1 "$TOOL" swapoff "/dev/${D1}1"

	# --- crashes: after swapoff(2), then after raising before swapon(2)
	expect_rc 9 env ISCSI_NETSWAP_CRASH_AT=after-swapoff "$TOOL" swapoff "/dev/$D2"
	grep -q "^/dev/$D2 " /proc/swaps && die "$D2 still swap after swapoff(2)"
	guest_expect_eq "min_free_kbytes after the crash" "$(minfree)" $((m0 + k2))
	expect_rc 0 "$TOOL" status
	grep -q "^stale: /dev/$D2 " /tmp/out || die "status does not report the stale entry"
	expect_rc 0 "$TOOL" swapon "/dev/${D1}1"
	guest_expect_eq "$NS2/swap (repaired)" "$(cat "$NS2/swap")" 0
	guest_expect_eq "min_free_kbytes (repaired)" "$(minfree)" $((m0 + k1))
	expect_rc 9 env ISCSI_NETSWAP_CRASH_AT=after-raise "$TOOL" swapon "/dev/$D2"
	guest_expect_eq "min_free_kbytes raised before the crash" "$(minfree)" $((m0 + k1 + k2))
	expect_rc 0 "$TOOL" swapoff "/dev/${D1}1"
	guest_expect_eq "min_free_kbytes after the last swapoff" "$(minfree)" "$m0"
	guest_expect_eq "$NS1/swap" "$(cat "$NS1/swap")" 0
	guest_expect_eq "$NS2/swap" "$(cat "$NS2/swap")" 0
	[ ! -e /run/iscsi-netswap/state ] || die "state file left after the last swapoff"
	[ "$(tail -n +2 /proc/swaps | wc -l)" = 0 ] || die "swap left active"
	say "crashes repaired; min_free_kbytes back to exactly $m0"

	# --- the module parameter
	relogin memalloc=always
	guest_expect_eq "memalloc=always $NS1" "$(cat "$NS1/memalloc_active")" 1
	guest_expect_eq "memalloc=always $NS2" "$(cat "$NS2/memalloc_active")" 1
	relogin memalloc=never
	echo 1 > "$NS1/swap" || die "mark with memalloc=never"
	guest_expect_eq "memalloc=never, marked" "$(cat "$NS1/memalloc_active")" 0
	echo 0 > "$NS1/swap"
	guest_logout "$IQN1" > /dev/null
	guest_logout "$IQN2" > /dev/null
	rmmod iscsi_netswap || die rmmod
	if insmod "${NETSWAP_KO:-$RIG_REPO/build/module/iscsi_netswap.ko}" memalloc=sometimes 2> /dev/null; then
		die "memalloc=sometimes accepted"
	fi
	say "memalloc=always: every socket; never: none; a bad value refused"
	{
		echo "min_free_kbytes_before=$m0"
		echo "reserve_bytes_1=$r1"
		echo "reserve_bytes_2=$r2"
		echo "min_free_kbytes_two_sessions=$((m0 + k1 + k2))"
		echo "d1=$D1"
		echo "d2=$D2"
	} > /run/vmout/result
	losetup -d "$loopdev"
	say "swap-tool: OK"
}

test_main "$@"
