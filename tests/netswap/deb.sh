#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# deb: the Debian packages as an administrator meets them. The host builds
# them (`make deb`: dpkg-buildpackage, lintian with --fail-on warning);
# the guest (Debian's kernel, the host root with a private /usr) installs
# both with dpkg -i, so that DKMS builds the module for the running kernel
# there, and then:
#  - modprobe iscsi_tcp loads iscsi_netswap through the packaged rule, of
#    the packaged release; the man pages and completion are in place;
#  - the swap stress of netswap/swap-stress-tool runs with the packaged
#    /usr/sbin/iscsi-netswap;
#  - a reinstall of the tool's package while swap is on (dpkg's upgrade
#    path: prerm upgrade, postinst configure) leaves swap and
#    vm.min_free_kbytes alone;
#  - removing the tool's package with swap on swaps it off and puts
#    vm.min_free_kbytes back exactly; purging both leaves no file of
#    theirs, no DKMS module, no modprobe rule, and iscsid.conf as it was.
#
# Knobs (host side): SWAP_GUEST_MIB (384: DKMS compiles in it), HOG_MIB
# (768: netswap/swap-stress-tool runs the long one), HOG_PROCS (4).
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-12.org.iscsi-netswap:deb

host_main() {
	local rc debs
	make -s -C "$RIG_REPO" deb > "$TEST_OUT/make-deb.log" 2>&1 ||
		{ tail -30 "$TEST_OUT/make-deb.log"; echo "make deb failed"; return 1; }
	debs=$(cd "$RIG_REPO/build/deb" && ls iscsi-netswap_*.deb iscsi-netswap-dkms_*.deb) ||
		{ echo "make deb left no packages"; return 1; }
	mkdir -p "$TEST_OUT/debs" && (cd "$RIG_REPO/build/deb" && cp $debs "$TEST_OUT/debs/")
	echo "  built: $debs (lintian: no error or warning)"
	tgt_one_lun "$IQN" 2G || return 1
	# DKMS compiles in the guest: 384 MiB (one cc1 and the objects in the
	# tmpfs under /var); the hog is twice that
	NETSWAP_KO=modprobe NETSWAP_PARAMS=memalloc=swap \
		test_vm -m "${SWAP_GUEST_MIB:-384}" -t 2400 \
		-e "HOG_MIB=${HOG_MIB:-768}" -e "HOG_PROCS=${HOG_PROCS:-4}" -- "$IQN" "$TEST_OUT/debs"
	rc=$?
	[ -f "$TEST_OUT/vm/result" ] && sed 's/^/  /' "$TEST_OUT/vm/result"
	return $rc
}

# A fingerprint of what the packages may touch, but must leave as found.
system_state() {
	{
		ls -A /etc/modprobe.d /usr/src /usr/sbin
		find "/lib/modules/$(uname -r)" -name 'iscsi_netswap*'
		cat /proc/sys/vm/min_free_kbytes
		# dkms's own signing key, made at its first build, is dkms's state
		ls /var/lib/dkms 2> /dev/null | grep -v '^mok\.'
	} | md5sum
}

guest_main() {
	local iqn=$1 dir=$2 ver t0 before m0 disk conf
	# dpkg writes under /usr: a private tmpfs layer over the host's
	mkdir -p /mnt/usr
	mount -t tmpfs tmpfs /mnt/usr && mkdir /mnt/usr/upper /mnt/usr/work &&
		mount -t overlay overlay -o lowerdir=/usr,upperdir=/mnt/usr/upper,workdir=/mnt/usr/work /usr ||
		die "cannot overlay /usr"
	# man-db would rebuild its index under emulation for minutes; one
	# compiler at a time fits the guest
	rm -f /var/lib/man-db/auto-update
	export parallel_jobs=1		# dkms's make -j
	before=$(system_state)
	m0=$(cat /proc/sys/vm/min_free_kbytes)
	# a package must not edit iscsid.conf (open-iscsi's conffile)
	conf=$(md5sum < /etc/iscsi/iscsid.conf)

	t0=$SECONDS
	dpkg -i "$dir"/iscsi-netswap-dkms_*.deb "$dir"/iscsi-netswap_*.deb > /tmp/dpkg.out 2>&1 ||
		{ tail -40 /tmp/dpkg.out; tail -30 /var/lib/dkms/iscsi_netswap/*/build/make.log; die "dpkg -i"; }
	say "dpkg -i: both packages installed, DKMS built the module in $((SECONDS - t0)) s"
	ver=$(dpkg-query -W -f='${Version}' iscsi-netswap)
	dkms status -m iscsi_netswap | grep -q "^iscsi_netswap/$ver, $(uname -r), x86_64: installed" ||
		{ dkms status; die "dkms status: not installed for $(uname -r)"; }
	[ "$(modinfo -F version iscsi_netswap)" = "$ver" ] || die "modinfo: not release $ver"
	[ "$(/usr/sbin/iscsi-netswap --version)" = "iscsi-netswap $ver" ] || die "iscsi-netswap --version"
	for f in /usr/share/man/man8/iscsi-netswap.8.gz /usr/share/man/man4/iscsi_netswap.4.gz \
		/usr/share/bash-completion/completions/iscsi-netswap /etc/modprobe.d/iscsi_netswap.conf; do
		[ -f "$f" ] || die "$f not installed"
	done
	[ "$(md5sum < /etc/iscsi/iscsid.conf)" = "$conf" ] || die "the install edited iscsid.conf"

	# modprobe iscsi_tcp (guest_setup) now loads the packaged module
	guest_tool_swap_stress "$iqn" /usr/sbin/iscsi-netswap
	guest_expect_eq "/sys/module/iscsi_netswap/version" "$(cat /sys/module/iscsi_netswap/version)" "$ver"

	# --- a reinstall of the tool's package with swap on: dpkg's upgrade
	# path (its prerm and postinst) changes nothing; the dkms package's
	# scripts are dh_dkms's own
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	/usr/sbin/iscsi-netswap swapon "/dev/${disk}1" || die "swapon for the upgrade"
	local m1
	m1=$(cat /proc/sys/vm/min_free_kbytes)
	dpkg -i "$dir"/iscsi-netswap_*.deb > /tmp/dpkg.out 2>&1 ||
		{ tail -40 /tmp/dpkg.out; die "dpkg -i (upgrade)"; }
	grep -q "^/dev/${disk}1 " /proc/swaps || die "the upgrade turned swap off"
	guest_expect_eq "min_free_kbytes across the upgrade" "$(cat /proc/sys/vm/min_free_kbytes)" "$m1"
	say "reinstall (upgrade path) with swap on: swap stays, min_free_kbytes $m1"

	# --- remove with swap on, then purge: the system as before
	dpkg -r iscsi-netswap > /tmp/dpkg.out 2>&1 || { cat /tmp/dpkg.out; die "dpkg -r iscsi-netswap"; }
	grep -q "^/dev/${disk}1 " /proc/swaps && die "swap still on after the tool's removal"
	guest_expect_eq "min_free_kbytes after dpkg -r" "$(cat /proc/sys/vm/min_free_kbytes)" "$m0"
	[ -f /etc/modprobe.d/iscsi_netswap.conf ] || die "dpkg -r removed the conffile (purge's job)"
	guest_logout "$iqn" > /dev/null || die "logout"
	rmmod iscsi_netswap || die "rmmod iscsi_netswap"
	conf=$(md5sum < /etc/iscsi/iscsid.conf)
	dpkg -P iscsi-netswap iscsi-netswap-dkms > /tmp/dpkg.out 2>&1 || { cat /tmp/dpkg.out; die "dpkg -P"; }
	if [ "$(system_state)" != "$before" ]; then
		ls -A /etc/modprobe.d /usr/src; find /lib/modules -name 'iscsi_netswap*'; ls /var/lib/dkms
		die "purge left the system different from before the install"
	fi
	[ "$(md5sum < /etc/iscsi/iscsid.conf)" = "$conf" ] || die "the purge edited iscsid.conf"
	dpkg-query -W -f='${db:Status-Status}\n' iscsi-netswap iscsi-netswap-dkms 2> /dev/null |
		grep -qv not-installed && die "dpkg still has a package of ours"
	say "remove with swap on: swapped off, min_free_kbytes back to $m0; purge: nothing of ours left"
}

test_main "$@"
