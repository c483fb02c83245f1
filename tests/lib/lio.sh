# SPDX-License-Identifier: GPL-2.0
# LIO (the kernel's own target) inside a rig guest, on the guest's
# loopback, for interop tests. Never for swap tests: same kernel, same
# memory. Guest side; sourced after guest.sh.

LIO_DIR=/tmp/lio

lio_start() {
	modprobe target_core_mod && modprobe target_core_file &&
		modprobe iscsi_target_mod || die "cannot load the LIO modules"
	mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	mkdir -p "$LIO_DIR" /etc/target /run/dbus
	# targetcli asks the system bus for tcmu-runner backstores and gives
	# up without one.
	[ -S /run/dbus/system_bus_socket ] || dbus-daemon --system --fork ||
		die "cannot start the system bus for targetcli"
}

# lio_target IQN SIZE: a fileio LUN (tmpfs-backed) open to any initiator,
# portal 127.0.0.1:3260 only.
lio_target() {
	local iqn=$1 name
	name=$(echo "$iqn" | tr -c 'a-zA-Z0-9\n' _)
	targetcli /backstores/fileio create "name=$name" "file_or_dev=$LIO_DIR/$name" \
		"size=$2" write_back=false > /dev/null &&
		targetcli /iscsi create "$iqn" > /dev/null &&
		targetcli "/iscsi/$iqn/tpg1/luns" create "/backstores/fileio/$name" > /dev/null &&
		{ targetcli "/iscsi/$iqn/tpg1/portals" delete 0.0.0.0 3260 > /dev/null 2>&1; true; } &&
		targetcli "/iscsi/$iqn/tpg1/portals" create 127.0.0.1 3260 > /dev/null &&
		targetcli "/iscsi/$iqn/tpg1" set attribute authentication=0 \
			demo_mode_write_protect=0 generate_node_acls=1 cache_dynamic_acls=1 > /dev/null ||
		die "cannot create LIO target $iqn"
}

# lio_chap IQN USER SECRET [MUSER MSECRET]: require CHAP (mutual if given).
lio_chap() {
	local iqn=$1 mutual=""
	[ $# -ge 5 ] && mutual="mutual_userid=$4 mutual_password=$5"
	# shellcheck disable=SC2086
	targetcli "/iscsi/$iqn/tpg1" set auth "userid=$2" "password=$3" $mutual > /dev/null &&
		targetcli "/iscsi/$iqn/tpg1" set attribute authentication=1 > /dev/null ||
		die "cannot set CHAP on $iqn"
}
