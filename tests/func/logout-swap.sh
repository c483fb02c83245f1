#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# logout-swap: an administrator's logouts of a session that backs active
# swap are refused while the hog swaps on it, and every page comes back.
#
# The guest is set up as `make install` leaves a machine: `iscsi-netswap
# safe-logout on` (iscsid.safe_logout = Yes) before iscsid starts. Swap is
# a plain swapon, or `iscsi-netswap swapon` with SWAP_TOOL=1. Once the hog
# has pushed 20000 pages to swap, each form below must fail, print what
# it should, and leave the session, the disk and the swap area in place:
#   iscsiadm -m session -r SID -u        iscsiadm -m node -T IQN -p P -u
#   iscsiadm -m node -u                  iscsiadm -m node --logoutall=all
#   iscsiadm -m session -u (every session)
#   iscsiadm -m node -T IQN -p P -o delete, iscsiadm -m session -r SID -o
#   delete (the record of a live session)
#   iscsi-netswap logout DISK            (names the swap device)
# and a rescan (iscsiadm -m session -r SID -R) must keep the disk. The hog
# must then verify every page, with no swap write error. After swapoff
# the same logout succeeds at once. Last, on a fresh login with swap on
# but no pressure, `iscsi-netswap logout --force` tears the session down.
#
# SAFE_LOGOUT=0 leaves open-iscsi's default (No): the first logout then
# goes through and the guest loses its swap (Documentation/admin-guide.rst
# has what that looked like); for the docs only, it fails by design.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:logout-swap
TOOL=$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap

host_main() {
	local rc
	[ -x "$TOOL" ] || make -s -C "$RIG_REPO/userspace/iscsid-plugin" || return 1
	tgt_one_lun "$IQN" 1G || return 1
	test_vm -m 256 -t 900 -e "SWAP_TOOL=${SWAP_TOOL:-}" \
		-e "SAFE_LOGOUT=${SAFE_LOGOUT:-1}" -- "$IQN"
	rc=$?
	[ -f "$TEST_OUT/vm/result" ] && sed 's/^/  /' "$TEST_OUT/vm/result"
	return $rc
}

# still_there SID DISK: the session, its disk and the swap area are intact.
still_there() {
	[ -d "/sys/class/iscsi_session/session$1" ] || die "session $1 is gone"
	[ "$(cat "/sys/class/iscsi_session/session$1/state")" = LOGGED_IN ] ||
		die "session $1 is $(cat "/sys/class/iscsi_session/session$1/state")"
	{ [ -b "/dev/$2" ] && [ -d "/sys/block/$2" ]; } || die "disk $2 is gone"
	grep -q "^/dev/$2 " /proc/swaps || die "/dev/$2 is no longer swap"
}

# refused NAME PATTERN CMD...: CMD must fail and print PATTERN (grep -E),
# and change nothing. What it printed goes to the log and to
# /run/vmout/refused-NAME.txt (the admin guide quotes these).
refused() {
	local name=$1 pat=$2 out=/run/vmout/refused-$1.txt t0 rc
	shift 2
	t0=$SECONDS
	echo "# $*" > "$out"
	timeout 120 "$@" >> "$out" 2>&1
	rc=$?
	sed "s/^/  $name: /" "$out"
	[ "$rc" != 0 ] || die "$name: '$*' succeeded on a session that backs swap"
	[ "$rc" != 124 ] || die "$name: '$*' hung for 120 s"
	grep -Eq -- "$pat" "$out" || die "$name: '$*' did not say /$pat/"
	still_there "$SID" "$DISK"
	say "$name: refused (status $rc, $((SECONDS - t0)) s)"
	REFUSED=$((REFUSED + 1))
}

swap_on() {
	if [ "$SWAP_TOOL" = 1 ]; then
		"$TOOL" swapon "/dev/$1" || die "iscsi-netswap swapon"
	else
		swapon "/dev/$1" || die "swapon"
	fi
}

swap_off() {
	if [ "$SWAP_TOOL" = 1 ]; then
		"$TOOL" swapoff "/dev/$1" || die "iscsi-netswap swapoff"
	else
		swapoff "/dev/$1" || die "swapoff"
	fi
}

guest_main() {
	local iqn=$1 hog in0 out0 rc i errs t0 busy="device or resource in use"
	REFUSED=0
	guest_load_transport
	# open-iscsi's default: off, and the tool must say so
	"$TOOL" safe-logout status > /tmp/guard.out && die "safe-logout status: 0 while it is off"
	grep -q "^safe-logout=off" /tmp/guard.out || die "safe-logout status: $(cat /tmp/guard.out)"
	if [ "$SAFE_LOGOUT" = 1 ]; then
		"$TOOL" safe-logout on || die "iscsi-netswap safe-logout on"
	fi
	guest_start_iscsid
	if [ "$SAFE_LOGOUT" = 1 ]; then
		"$TOOL" safe-logout status || die "safe logout not in force"
	fi
	guest_node "$iqn"
	guest_login "$iqn" || die "login"
	DISK=$(guest_disk "$iqn" 1) || die "no disk"
	SID=$(guest_session_id "$iqn") || die "no session"
	mkswap "/dev/$DISK" > /dev/null || die "mkswap"
	swap_on "$DISK" 2>&1 | tee /tmp/swapon.out
	[ "${PIPESTATUS[0]}" = 0 ] || die "swapon"
	if [ "$SAFE_LOGOUT" = 1 ] && grep -q "safe_logout" /tmp/swapon.out; then
		die "swapon warned about safe logout although it is in force"
	fi
	say "swap on $DISK (session $SID, $TRANSPORT, swap tool: ${SWAP_TOOL:-no})"

	in0=$(guest_vmstat pswpin)
	out0=$(guest_vmstat pswpout)
	"$RIG_TOOLS/hog" -m 640 -n 4 -t /run/vmout/timeline \
		-d "/sys/block/$DISK/stat" -M 20000:/run/vmout/swapping > /tmp/hog.out 2>&1 &
	hog=$!
	for i in $(seq 1500); do
		[ -e /run/vmout/swapping ] && break
		kill -0 "$hog" 2>/dev/null || break
		sleep 0.2
	done
	[ -e /run/vmout/swapping ] || die "the hog never pushed 20000 pages to swap"
	say "hog has 20000 pages on swap; logging out"

	refused session-logout "$busy" iscsiadm -m session -r "$SID" -u
	refused node-logout "$busy" iscsiadm -m node -T "$iqn" -p "$PORTAL" -u
	refused node-logout-all-nodes "$busy" iscsiadm -m node -u
	refused logoutall "$busy" iscsiadm -m node --logoutall=all
	refused session-logout-all "$busy" iscsiadm -m session -u
	refused session-delete "session is using it" iscsiadm -m session -r "$SID" -o delete
	refused node-delete "session is using it" \
		iscsiadm -m node -T "$iqn" -p "$PORTAL" -o delete
	refused tool-logout "backs active swap on /dev/$DISK" "$TOOL" logout "/dev/$DISK"
	kill -0 "$hog" 2>/dev/null || die "the hog ended before the logouts were done"
	iscsiadm -m session -r "$SID" -R > /tmp/rescan.out 2>&1 || die "rescan failed"
	sleep 2
	still_there "$SID" "$DISK"
	say "rescan: disk kept"

	wait "$hog"
	rc=$?
	cat /tmp/hog.out
	{
		guest_hog_result "$rc" /tmp/hog.out "$in0" "$out0"
		echo "refused=$REFUSED"
	} > /run/vmout/result
	[ "$rc" = 0 ] || die "hog failed (status $rc)"
	errs=$(sed -n 's/^swap_write_errors=//p' /run/vmout/result)
	[ "$errs" = 0 ] || die "$errs swap writes failed"
	grep -q "^verified=0$" /run/vmout/result && die "the hog verified no page"

	swap_off "$DISK"
	t0=$SECONDS
	iscsiadm -m session -r "$SID" -u || die "logout after swapoff"
	for _ in $(seq 50); do
		[ -d "/sys/class/iscsi_session/session$SID" ] || break
		sleep 0.1
	done
	[ ! -d "/sys/class/iscsi_session/session$SID" ] || die "session $SID left after its logout"
	[ ! -e "/sys/block/$DISK" ] || die "$DISK left after the logout"
	say "after swapoff: logout done in $((SECONDS - t0)) s"
	echo "logout_after_swapoff_s=$((SECONDS - t0))" >> /run/vmout/result

	# the forced way out, with nothing on swap to lose
	guest_login "$iqn" || die "login again"
	DISK=$(guest_disk "$iqn" 1) || die "no disk after the new login"
	SID=$(guest_session_id "$iqn") || die "no session after the new login"
	swap_on "$DISK" > /dev/null 2>&1 || die "swapon again"
	"$TOOL" logout --force "$SID" > /run/vmout/forced.txt 2>&1 ||
		{ cat /run/vmout/forced.txt; die "iscsi-netswap logout --force"; }
	sed 's/^/  forced: /' /run/vmout/forced.txt
	grep -q "backs active swap on /dev/$DISK" /run/vmout/forced.txt ||
		die "--force did not name the swap it takes away"
	sleep 1
	[ ! -d "/sys/class/iscsi_session/session$SID" ] || die "session $SID left after --force"
	# the swap area on the deleted disk stays listed until reboot: its
	# device node is gone, so swapoff(2) cannot name it any more
	say "logout --force: session $SID gone"
	say "logout of a swap session: OK ($REFUSED forms refused)"
}

test_main "$@"
