#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms: the module as DKMS builds it. In an overlay chroot of the host root
# (the host itself is left untouched), `make dkms` puts the source under
# /usr/src and has dkms add, build and install it for Debian's kernel;
# then a kernel is "installed" after it (our debug kernel, its build tree
# as /lib/modules/REL/build) and the kernel's own hook
# (/etc/kernel/header_postinst.d/dkms, what linux-headers' postinst runs)
# builds the module for it. Each build is loaded in a guest of its kernel:
# the module carries the release number, logs in, reads and writes the LUN
# with verification, and `dkms remove` takes it away again.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-12.org.iscsi-netswap:dkms
NEW_KERNEL=${DKMS_NEW_KERNEL:-debug}
ROOT=

# the chroot and everything mounted below it (the binds are slaves)
host_cleanup() {
	if [ -n "$ROOT" ] && mountpoint -q "$ROOT"; then
		umount -R "$ROOT" 2> /dev/null || umount -R -l "$ROOT"
	fi
}

# in_chroot CMD...: run CMD in the overlay chroot, as root
in_chroot() {
	chroot "$ROOT" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# The built module of KVER in the chroot (dkms may compress it).
built_ko() {
	local f
	for f in "$ROOT/lib/modules/$1/updates/dkms/iscsi_netswap.ko"{,.xz,.zst,.gz}; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

host_main() {
	local ver kdir rel ko ko2 o
	command -v dkms > /dev/null || { echo "dkms is not installed (make deps)"; return 1; }
	ver=$("$RIG_REPO/userspace/iscsid-plugin/version.sh") || return 1
	# make check has built it already; a run of this test alone builds it
	make -s -C "$RIG_REPO" kernel KERNEL="$NEW_KERNEL" > "$TEST_OUT/kernel.log" 2>&1 ||
		{ tail -20 "$TEST_OUT/kernel.log"; echo "cannot build kernel $NEW_KERNEL"; return 1; }
	kdir=$("$RIG_REPO/tests/kernel/build.sh" --path "$NEW_KERNEL") || return 1
	rel=$(cat "$kdir/release")

	o=$TEST_OUT/overlay
	ROOT=$TEST_OUT/root
	mkdir -p "$o/upper" "$o/work" "$ROOT"
	mount -t overlay overlay -o "lowerdir=/,upperdir=$o/upper,workdir=$o/work" "$ROOT" ||
		{ ROOT=; echo "cannot mount the overlay chroot"; return 1; }
	for m in proc sys dev; do
		mount --rbind "/$m" "$ROOT/$m" && mount --make-rslave "$ROOT/$m" || return 1
	done
	mount -t tmpfs tmpfs "$ROOT/tmp" || return 1
	in_chroot dkms status -m iscsi_netswap | grep -q . &&
		{ echo "dkms already knows iscsi_netswap on this host: the chroot is not clean"; return 1; }

	# --- make dkms: Debian's kernel
	in_chroot make -s -C "$RIG_REPO" dkms KVER="$RIG_KVER" > "$TEST_OUT/make-dkms.log" 2>&1 ||
		{ tail -30 "$TEST_OUT/make-dkms.log"; echo "make dkms failed"; return 1; }
	ko=$(built_ko "$RIG_KVER") || { tail -30 "$TEST_OUT/make-dkms.log"; echo "no module for $RIG_KVER"; return 1; }
	in_chroot dkms status -m iscsi_netswap -v "$ver" | tee "$TEST_OUT/dkms-status" |
		grep -q "^iscsi_netswap/$ver, $RIG_KVER, x86_64: installed" ||
		{ cat "$TEST_OUT/dkms-status"; echo "dkms status: not installed for $RIG_KVER"; return 1; }
	[ "$(modinfo -F version "$ko")" = "$ver" ] || { echo "$ko: version is not $ver"; return 1; }
	echo "  make dkms: $ver built and installed for $RIG_KVER (${ko#"$ROOT"})"

	# --- a kernel installed afterwards: the hook linux-headers' postinst runs
	mkdir -p "$ROOT/lib/modules/$rel"
	ln -sfn "$kdir/obj" "$ROOT/lib/modules/$rel/build"
	in_chroot /etc/kernel/header_postinst.d/dkms "$rel" > "$TEST_OUT/hook.log" 2>&1
	ko2=$(built_ko "$rel") || { tail -30 "$TEST_OUT/hook.log"; echo "the kernel hook built nothing for $rel"; return 1; }
	[ "$(modinfo -F vermagic "$ko2" | cut -d' ' -f1)" = "$rel" ] || { echo "$ko2: not built for $rel"; return 1; }
	echo "  kernel hook: built and installed for $NEW_KERNEL ($rel)"

	tgt_one_lun "$IQN" 64M || return 1
	# modinfo and insmod read compressed modules; the guests take the file as is
	NETSWAP_KO=$ko test_vm -m 256 -t 300 -- "$IQN" "$ver" || return 1
	mv "$TEST_OUT/vm" "$TEST_OUT/vm-stock"
	NETSWAP_KO=$ko2 KERNEL=$NEW_KERNEL RIG_TIME_FACTOR=3 test_vm -m 384 -t 300 -- "$IQN" "$ver" || return 1

	# --- dkms remove: every kernel's module goes
	in_chroot dkms remove -m iscsi_netswap -v "$ver" --all > "$TEST_OUT/remove.log" 2>&1 ||
		{ cat "$TEST_OUT/remove.log"; echo "dkms remove failed"; return 1; }
	built_ko "$RIG_KVER" > /dev/null || built_ko "$rel" > /dev/null &&
		{ echo "dkms remove left a module"; return 1; }
	in_chroot dkms status -m iscsi_netswap | grep -q . && { echo "dkms still lists iscsi_netswap"; return 1; }
	echo "  dkms remove: both modules gone"
}

guest_main() {
	local iqn=$1 ver=$2 disk
	guest_setup "$iqn"
	guest_expect_eq "/sys/module/iscsi_netswap/version" "$(cat /sys/module/iscsi_netswap/version)" "$ver"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	[ -f "$(guest_netswap_dir "$disk")/swap" ] || die "$disk is not on an iscsi_netswap session"
	# built against a kernel with the reserve series, DKMS's build found it
	if grep -q '^reserve_charge ' /proc/vmstat; then
		[ -f "$(guest_netswap_dir "$disk")/reserve_limit_bytes" ] ||
			die "the DKMS build for $(uname -r) did not detect the reserve series"
		say "the build detected the kernel's reserve series (netswap/reserve_limit_bytes)"
	fi
	guest_fio_verify "$disk" 16M || die "verified fio on $disk"
	guest_logout "$iqn" || die "logout"
	say "$(uname -r): the DKMS build $ver logs in, writes and reads back 16M verified"
}

test_main "$@"
