# SPDX-License-Identifier: GPL-2.0
# Guest-side helpers: run inside a rig guest (tests/vm/run-vm.sh), as root,
# with the host's open-iscsi and the repository at $RIG_REPO.
# Sourced, not run. TRANSPORT selects iscsi_tcp or iscsi_netswap.

PORTAL=${PORTAL:-10.0.2.100:3260}
TRANSPORT=${TRANSPORT:-iscsi_tcp}

say() {
	printf '[%6.1f] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"
}

die() {
	say "FAIL: $*"
	exit 1
}

# Load the initiator transport under test. Both register the iSCSI
# transport "tcp"; iscsid cannot tell them apart, which is the point.
guest_load_transport() {
	# No udev in the guest: nothing would load sd for a new LUN.
	modprobe sd_mod || die "modprobe sd_mod"
	case $TRANSPORT in
	iscsi_tcp)
		modprobe iscsi_tcp || die "modprobe iscsi_tcp"
		;;
	iscsi_netswap)
		if [ "${NETSWAP_KO:-}" = modprobe ]; then
			# installed (a package): the modprobe.d rule maps iscsi_tcp to it
			modprobe iscsi_tcp ${NETSWAP_PARAMS:-} || die "modprobe iscsi_tcp"
			[ -d /sys/module/iscsi_netswap ] || die "modprobe iscsi_tcp did not load iscsi_netswap"
		else
			# insmod does not follow dependencies: load them first.
			modprobe -a scsi_transport_iscsi libcrc32c || die "modprobe dependencies"
			insmod "${NETSWAP_KO:-$RIG_REPO/build/module/iscsi_netswap.ko}" ${NETSWAP_PARAMS:-} ||
				die "insmod iscsi_netswap.ko"
		fi
		;;
	*)
		die "unknown TRANSPORT '$TRANSPORT'"
		;;
	esac
	[ -d /sys/class/iscsi_transport/tcp ] || die "no iSCSI transport 'tcp' registered"
	say "transport $TRANSPORT loaded"
}

# iscsid forks off and kills its own process group on exit: own session.
guest_start_iscsid() {
	mkdir -p /run/lock/iscsi /var/lib/iscsi /etc/iscsi
	[ -s /etc/iscsi/initiatorname.iscsi ] ||
		echo "InitiatorName=iqn.2026-11.org.iscsi-netswap:rig-guest" > /etc/iscsi/initiatorname.iscsi
	sed -i 's/^node.session.timeo.replacement_timeout.*/node.session.timeo.replacement_timeout = 120/' \
		/etc/iscsi/iscsid.conf
	# iscsid logs through syslog; keep its words with the run's results.
	if [ -d /run/vmout ] && [ ! -S /dev/log ]; then
		busybox syslogd -O /run/vmout/syslog
	fi
	setsid iscsid || die "iscsid did not start"
	local i
	for i in $(seq 50); do
		[ -s /run/iscsid.pid ] && return 0
		sleep 0.1
	done
	die "iscsid wrote no pid file"
}

guest_iscsid_pid() {
	cat /run/iscsid.pid
}

# guest_node IQN: discover through the relay and keep one node record for
# IQN at the guest-side portal (the target advertises 127.0.0.1:PORT,
# which means nothing inside the guest).
guest_node() {
	local iqn=$1
	iscsiadm -m discovery -t sendtargets -p "$PORTAL" > /tmp/discovery.out 2>&1 ||
		{ cat /tmp/discovery.out; die "discovery at $PORTAL failed"; }
	grep -q " $iqn\$" /tmp/discovery.out || { cat /tmp/discovery.out; die "$iqn not discovered"; }
	iscsiadm -m node -T "$iqn" -o delete > /dev/null 2>&1
	iscsiadm -m node -o new -T "$iqn" -p "$PORTAL" > /dev/null || die "node record for $iqn"
}

# guest_setup IQN...: the transport under test loaded, iscsid running, a
# node record for each IQN; what every test does before its first login.
guest_setup() {
	local iqn
	guest_load_transport
	guest_start_iscsid
	for iqn in "$@"; do
		guest_node "$iqn"
	done
}

# guest_node_set IQN NAME VALUE: set a node record value before login.
guest_node_set() {
	iscsiadm -m node -T "$1" -p "$PORTAL" -o update -n "$2" -v "$3" ||
		die "cannot set $2 on $1"
}

# guest_expect_eq WHAT GOT WANT: GOT must be WANT.
guest_expect_eq() {
	[ "$2" = "$3" ] || die "$1: got '$2', want '$3'"
}

# guest_wait_dev NAME: /dev/NAME appears (a partition after fdisk).
guest_wait_dev() {
	local i
	for i in $(seq 50); do
		[ -b "/dev/$1" ] && return 0
		sleep 0.1
	done
	die "/dev/$1 did not appear"
}

# guest_netswap_dir DISK: the netswap directory of the session behind DISK.
guest_netswap_dir() {
	local d
	d=$(basename "$(readlink -f "/sys/block/$1/device")")
	echo "/sys/class/scsi_host/host${d%%:*}/netswap"
}

guest_login() {
	iscsiadm -m node -T "$1" -p "$PORTAL" --login
}

guest_logout() {
	iscsiadm -m node -T "$1" -p "$PORTAL" --logout
}

# guest_disk IQN LUN [TIMEOUT]: print the sdX of that LUN once it exists.
# guest_nic_driver: the driver of the guest's NIC (eth0), e.g. e1000e.
guest_nic_driver() {
	basename "$(readlink /sys/class/net/eth0/device/driver)"
}

guest_disk() {
	local iqn=$1 lun=$2 limit=${3:-30} s d i
	for i in $(seq $((limit * 10))); do
		for s in /sys/class/iscsi_session/session*; do
			[ "$(cat "$s/targetname" 2>/dev/null)" = "$iqn" ] || continue
			for d in "$s"/device/target*/*:"$lun"/block/*; do
				if [ -e "$d" ] && [ -b "/dev/${d##*/}" ]; then
					echo "${d##*/}"
					return 0
				fi
			done
		done
		sleep 0.1
	done
	return 1
}

# guest_session_id IQN: the iSCSI session number (sysfs sessionN) for IQN.
guest_session_id() {
	local s
	for s in /sys/class/iscsi_session/session*; do
		if [ "$(cat "$s/targetname" 2>/dev/null)" = "$1" ]; then
			echo "${s##*session}"
			return 0
		fi
	done
	return 1
}

# guest_vmstat NAME: one counter of /proc/vmstat.
guest_vmstat() {
	awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat
}

# guest_reserve_kb NAME [COLUMN]: a reservation group of the mm-patches
# series in /sys/kernel/debug/mm_reserve, by the name of its line (an awk
# regex, anchored: "total", "session[0-9]+", "sock-[0-9]+"): its limit in
# kB, or column 4, its high-water mark; 0 when it is not there.
guest_reserve_kb() {
	awk -v g="^$1\$" -v c="${2:-2}" '$1 ~ g { print $c; f = 1; exit }
		END { if (!f) print 0 }' /sys/kernel/debug/mm_reserve
}

# guest_netstat KEY: a TcpExt counter of /proc/net/netstat (nothing when
# the kernel has no such counter).
guest_netstat() {
	awk -v key="$1" '/^TcpExt:/ { if (!h) { split($0, k); h = 1 } else
		for (i = 2; i <= NF; i++) if (k[i] == key) print $i }' /proc/net/netstat
}

# guest_node_chap IQN USER SECRET [MUSER MSECRET]: CHAP (mutual if given).
guest_node_chap() {
	guest_node_set "$1" node.session.auth.authmethod CHAP
	guest_node_set "$1" node.session.auth.username "$2"
	guest_node_set "$1" node.session.auth.password "$3"
	if [ $# -ge 5 ]; then
		guest_node_set "$1" node.session.auth.username_in "$4"
		guest_node_set "$1" node.session.auth.password_in "$5"
	fi
}

# guest_node_digests IQN CRC32C|None: header and data digests.
guest_node_digests() {
	guest_node_set "$1" node.conn[0].iscsi.HeaderDigest "$2"
	guest_node_set "$1" node.conn[0].iscsi.DataDigest "$2"
}

# guest_fio_verify DISK SIZE: a short verified 4k random + 1M sequential
# write pass; every block is read back and checked.
guest_fio_verify() {
	local f="--filename=/dev/$1 --direct=1 --ioengine=libaio --verify=crc32c --verify_fatal=1
		--verify_state_save=0"
	# shellcheck disable=SC2086
	fio --name=r4k $f --rw=randwrite --bs=4k --iodepth=16 --size="$2" \
		--output-format=terse > /dev/null || return 1
	# shellcheck disable=SC2086
	fio --name=s1m $f --rw=write --bs=1M --iodepth=8 --size="$2" \
		--output-format=terse > /dev/null
}

# guest_recovery_result DISK: in-kernel recovery and reserve counters of
# the session behind DISK (iscsi_netswap), as key=value lines; nothing for
# iscsi_tcp.
guest_recovery_result() {
	local ns c
	ns=$(guest_netswap_dir "$1")
	[ -d "$ns" ] || return 0
	for c in recoveries recovery_attempts recovery_last_ms recovery_max_ms \
		rx_pfmemalloc_skbs tx_reserve_runs reserve_limit_bytes \
		reserve_hwm_bytes; do
		# the reserve group's files: kernels with the mm-patches series
		[ -e "$ns/$c" ] || continue
		echo "$c=$(cat "$ns/$c")"
	done
	# the socket's reserve (mm-patches): pfmemalloc skbs it had no room for
	c=$(guest_netstat PFMemallocReserveDrop)
	[ -z "$c" ] || echo "pfmemalloc_reserve_drops=$c"
	# the charges any group refused (a socket's or a reconnect's); and the
	# session's group, charged by the reconnects' reserve scopes: the most
	# one attempt took from the emergency reserves
	c=$(guest_vmstat reserve_charge_fail)
	[ -z "$c" ] || echo "reserve_charge_fail=$c"
	[ -r /sys/kernel/debug/mm_reserve ] || return 0
	# the disk's device path runs through its session: .../sessionN/target...
	c=$(readlink -f "/sys/block/$1/device" | grep -o 'session[0-9]*' | head -n 1)
	echo "reconnect_reserve_hwm_bytes=$(($(guest_reserve_kb "$c" 4) * 1024))"
}

# guest_hog_result STATUS HOGOUT PSWPIN0 PSWPOUT0: the key=value summary of
# a hog run and of what the kernel saw meanwhile, on stdout (the swap tests
# write it to /run/vmout/result, which make baseline and make demo read).
guest_hog_result() {
	echo "transport=$TRANSPORT"
	echo "hog_status=$1"
	sed -n 's/^hog: pages \([0-9]*\) written \([0-9]*\) verified \([0-9]*\) bad \([0-9]*\) workers-died \([0-9]*\)/pages=\1\nverified=\3\nbad=\4\nworkers_died=\5/p' "$2"
	sed -n 's/^hog: write \([0-9.]*\) s, verify \([0-9.]*\) s, total \([0-9.]*\) s/write_s=\1\nverify_s=\2\nelapsed_s=\3/p' "$2"
	echo "pswpin=$(($(guest_vmstat pswpin) - $3))"
	echo "pswpout=$(($(guest_vmstat pswpout) - $4))"
	echo "oom_kills=$(dmesg | grep -c 'Out of memory\|oom-kill')"
	echo "iscsi_errors=$(dmesg | grep -c ' connection[0-9:]* error\|detected conn error')"
	echo "swap_write_errors=$(dmesg | grep -c 'Write-error on swap-device')"
}

# guest_tool_swap_stress IQN TOOL: the swap stress with swap made through
# the admin tool TOOL on a partition over the whole LUN (HOG_MIB in
# HOG_PROCS processes): no bad page, no OOM kill, the session marked with
# SOCK_MEMALLOC, swap traffic sent under the reserves, vm.min_free_kbytes
# raised by the reserve and back exactly at swapoff. Writes
# /run/vmout/result. netswap/swap-stress-tool and netswap/deb use it.
guest_tool_swap_stress() {
	local iqn=$1 TOOL=$2 disk ns d m0 m1 r out0 in0 rc ooms txr c
	guest_setup "$iqn"
	guest_login "$iqn" || die "login"
	disk=$(guest_disk "$iqn" 1) || die "no disk"
	d=$(basename "$(readlink -f "/sys/block/$disk/device")")
	ns=/sys/class/scsi_host/host${d%%:*}/netswap
	[ "$(cat "$ns/memalloc_active")" = 0 ] || die "socket has SOCK_MEMALLOC before swapon"
	# one partition over the whole LUN
	printf 'o\nn\np\n1\n2048\n\nw\n' | busybox fdisk "/dev/$disk" > /dev/null 2>&1
	for i in $(seq 50); do
		[ -b "/dev/${disk}1" ] && break
		sleep 0.1
	done
	mkswap "/dev/${disk}1" > /dev/null || die "mkswap"
	m0=$(cat /proc/sys/vm/min_free_kbytes)
	"$TOOL" swapon "/dev/${disk}1" || die "iscsi-netswap swapon"
	m1=$(cat /proc/sys/vm/min_free_kbytes)
	r=$(cat "$ns/reserve_bytes")
	[ "$(cat "$ns/swap")" = 1 ] || die "session not marked"
	[ "$(cat "$ns/memalloc_active")" = 1 ] || die "no SOCK_MEMALLOC on a swap session"
	[ "$m1" = $((m0 + (r + 1023) / 1024)) ] || die "min_free_kbytes $m0 -> $m1, reserve $r"
	say "swap on ${disk}1 through iscsi-netswap; reserve $r bytes; min_free_kbytes $m0 -> $m1;" \
	    "hog ${HOG_MIB} MiB in $HOG_PROCS processes, guest RAM" \
	    "$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
	in0=$(guest_vmstat pswpin)
	out0=$(guest_vmstat pswpout)
	"$RIG_TOOLS/hog" -m "$HOG_MIB" -n "$HOG_PROCS" -t /run/vmout/timeline | tee /tmp/hog.out
	rc=${PIPESTATUS[0]}
	ooms=$(dmesg | grep -c 'Out of memory\|oom-kill')
	{
		guest_hog_result "$rc" /tmp/hog.out "$in0" "$out0"
		echo "reserve_bytes=$r"
		echo "min_free_kbytes_before=$m0"
		echo "min_free_kbytes_swap=$m1"
		for c in rx_pfmemalloc_skbs tx_reserve_bytes tx_reserve_runs cmds_hwm \
			cmds_pool_full r2t_hwm cmdsn_window_waits; do
			echo "$c=$(cat "$ns/$c")"
		done
		echo "tcp_pfmemalloc_drops=$(guest_netstat PFMemallocDrop)"
	} > /run/vmout/result
	cat /run/vmout/result
	# the same counters through get_stats
	iscsiadm -m session -r "$(guest_session_id "$iqn")" -s > /tmp/stats 2>&1
	grep netswap_ /tmp/stats | sed 's/^/iscsiadm: /'
	grep -q 'netswap_tx_reserve_bytes: [1-9]' /tmp/stats ||
		die "iscsiadm -m session -s does not show the netswap counters"
	txr=$(cat "$ns/tx_reserve_bytes")
	"$TOOL" swapoff "/dev/${disk}1" || die "iscsi-netswap swapoff"
	[ "$(cat /proc/sys/vm/min_free_kbytes)" = "$m0" ] ||
		die "min_free_kbytes $(cat /proc/sys/vm/min_free_kbytes) after swapoff, was $m0"
	[ "$(cat "$ns/memalloc_active")" = 0 ] || die "SOCK_MEMALLOC left after swapoff"
	[ "$ooms" = 0 ] || die "OOM killer ran ($ooms times)"
	[ "$rc" = 0 ] || die "hog failed (status $rc)"
	# every swapped-out page went over the socket while it was a swap
	# session: at least that many bytes were sent under PF_MEMALLOC
	[ "$txr" -ge $(($(sed -n 's/^pswpout=//p' /run/vmout/result) * 4096)) ] ||
		die "tx_reserve_bytes $txr is less than the swap-out traffic"
	say "swap stress through iscsi-netswap: OK"
}
