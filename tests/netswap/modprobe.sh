#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# modprobe: the installed integration, as an admin gets it. In a guest whose
# module tree and /etc are private overlays: `make install`, then iscsid's
# own `modprobe iscsi_tcp` must load iscsi_netswap, a login must work
# through it, `modprobe -r iscsi_tcp` must unload it; and with stock
# iscsi_tcp loaded, loading iscsi_netswap must fail with a clear message.
# `make install` also turns on iscsid.safe_logout (iscsid refuses logouts
# of sessions that back swap); `make uninstall` puts iscsid.conf back.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-11.org.iscsi-netswap:modprobe

host_main() {
	tgt_one_lun "$IQN" 32M || return 1
	# depmod over 9p under TCG takes most of it: 280 s and more on a
	# loaded 2-core host (a fresh-clone run hit 300 s)
	test_vm -m 384 -t 600 -- "$IQN"
}

guest_main() {
	local iqn=$1 mods=/lib/modules/$(uname -r) disk
	local d
	# make install writes here; the guest's host root is read-only.
	for d in "$mods" /usr/local; do
		mkdir -p "/run/ov$d/u" "/run/ov$d/w"
		mount -t overlay -o "lowerdir=$d,upperdir=/run/ov$d/u,workdir=/run/ov$d/w" overlay "$d" ||
			die "cannot overlay $d"
	done
	cp /etc/iscsi/iscsid.conf /tmp/iscsid.conf.before
	# the module built for the kernel this guest runs (ours or Debian's)
	make -s -C "$RIG_REPO" install KVER="$(uname -r)" MODBUILD="$(dirname "$NETSWAP_KO")" ||
		die "make install"
	grep -qx 'iscsid.safe_logout = Yes' /etc/iscsi/iscsid.conf ||
		die "make install did not turn on iscsid.safe_logout"
	[ -f "$mods/updates/iscsi_netswap.ko" ] || die "module not installed"
	[ -x /usr/local/sbin/iscsi-netswap ] || die "iscsi-netswap not installed"
	modprobe -n -v iscsi_tcp | tee /tmp/plan
	grep -q 'iscsi_netswap' /tmp/plan || die "modprobe iscsi_tcp would not load iscsi_netswap"
	modprobe sd_mod

	# guest_start_iscsid edits the timeout: compare from here
	guest_start_iscsid
	/usr/local/sbin/iscsi-netswap safe-logout status || die "safe logout not in force"
	guest_node "$iqn"
	guest_login "$iqn" || die "login"
	[ -d /sys/module/iscsi_netswap ] || die "iscsid's modprobe did not load iscsi_netswap"
	[ ! -d /sys/module/iscsi_tcp ] || die "stock iscsi_tcp was loaded as well"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	guest_fio_verify "$disk" 8M || die "fio verify"
	say "iscsid loaded iscsi_netswap through modprobe.d; $disk verified"
	guest_logout "$iqn" || die "logout"
	modprobe -r iscsi_tcp || die "modprobe -r iscsi_tcp"
	[ ! -d /sys/module/iscsi_netswap ] || die "iscsi_netswap still loaded after modprobe -r"
	say "modprobe -r iscsi_tcp unloaded iscsi_netswap"

	modprobe --ignore-install iscsi_tcp || die "cannot load stock iscsi_tcp"
	dmesg -C
	modprobe libcrc32c
	if insmod "$mods/updates/iscsi_netswap.ko" 2> /tmp/insmod.err; then
		die "iscsi_netswap loaded beside iscsi_tcp"
	fi
	dmesg | grep 'iscsi_netswap' | tee /tmp/why
	grep -q 'iscsi_tcp' /tmp/why || die "no clear message about iscsi_tcp in dmesg"
	say "refused beside iscsi_tcp, with a clear message"

	sed -i 's/^node.session.timeo.replacement_timeout.*/node.session.timeo.replacement_timeout = 120/' \
		/tmp/iscsid.conf.before
	make -s -C "$RIG_REPO" uninstall KVER="$(uname -r)" || die "make uninstall"
	cmp /tmp/iscsid.conf.before /etc/iscsi/iscsid.conf || die "make uninstall left iscsid.conf changed"
	[ ! -e /usr/local/sbin/iscsi-netswap ] || die "iscsi-netswap left installed"
	say "make uninstall: iscsid.conf as before"
}

test_main "$@"
