# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Stress-scenario knobs for the swap stress (tests/func/swap-stress.sh),
# which sources this file. Each knob adds one competitor to the hog; all
# are off unless set, so the plain swap stress is unchanged. Sourced, not
# run; host and guest parts (the guest part runs with tests/lib/guest.sh).
#
#   STRESS_FLOOD=N        N TCP connections from a host sender on 127.0.0.1
#                         (second guestfwd, guest port 5001) into a socket
#                         of the guest that is not SOCK_MEMALLOC ...
#   STRESS_FLOOD_READ=B   ... which reads B bytes a second from each (0:
#                         never reads; default 4096): the sender keeps
#                         each receive queue full, and new segments arrive
#                         as fast as the reader makes room
#   STRESS_FIO_LUN=SIZE   a second LUN on the same target (same session)
#                         and fio 4k random writes QD8 on it while the hog
#                         runs
#   STRESS_MEMCG_PCT=P    the hog runs in a cgroup v2 whose memory.max is
#                         P % of the guest's RAM: reclaim is local to it
#
# Each knob that is set must take effect, or the run fails: a scenario
# whose competitor did not run proves nothing.

STRESS_FLOOD_GPORT=5001
STRESS_KNOBS="STRESS_FLOOD STRESS_FLOOD_READ STRESS_FIO_LUN STRESS_MEMCG_PCT"

# ---- host side --------------------------------------------------------

# stress_target_luns TID DIR: the extra LUN (after tgt_lun TID 1 ...).
stress_target_luns() {
	[ -n "${STRESS_FIO_LUN:-}" ] || return 0
	tgt_lun "$1" 2 "$2/lun2" "$STRESS_FIO_LUN"
}

# stress_host_start: start what the host side of the knobs needs and set
# STRESS_VM_OPTS (run-vm options: the knobs, the flood's guestfwd).
stress_host_start() {
	local k
	STRESS_VM_OPTS=()
	for k in $STRESS_KNOBS; do
		STRESS_VM_OPTS+=(-e "$k=${!k:-}")
	done
	if [ "${SWAP_TOOL:-}" = 1 ] && [ ! -x "$RIG_REPO/userspace/iscsid-plugin/iscsi-netswap" ]; then
		make -s -C "$RIG_REPO/userspace/iscsid-plugin" || return 1
	fi
	if [ -n "${STRESS_FLOOD:-}" ]; then
		STRESS_FLOOD_PORT=$(rig_free_port)
		python3 "$RIG_REPO/tests/stress/flood.py" send "$STRESS_FLOOD_PORT" \
			"$TEST_OUT/flood.sent" 2> "$TEST_OUT/flood.log" &
		STRESS_FLOOD_PID=$!
		local i
		for i in $(seq 50); do
			[ -s "$TEST_OUT/flood.sent" ] && break
			sleep 0.1
		done
		[ -s "$TEST_OUT/flood.sent" ] || { rig_log "flood sender did not start"; return 1; }
		STRESS_VM_OPTS+=(-f "$STRESS_FLOOD_GPORT:$STRESS_FLOOD_PORT")
	fi
	return 0
}

# stress_host_stop: stop the flood sender (by PID); its counts go to
# $TEST_OUT/flood.sent.
stress_host_stop() {
	[ -n "${STRESS_FLOOD_PID:-}" ] || return 0
	kill "$STRESS_FLOOD_PID" 2>/dev/null
	wait "$STRESS_FLOOD_PID" 2>/dev/null
	STRESS_FLOOD_PID=
	[ -f "$TEST_OUT/flood.sent" ] && sed 's/^/  flood: /' "$TEST_OUT/flood.sent"
}

# ---- guest side -------------------------------------------------------

STRESS_CG=/sys/fs/cgroup/stress

# stress_guest_start IQN: start the competitors (after swapon, before
# the hog).
stress_guest_start() {
	local iqn=$1 disk2 mem
	if [ -n "${STRESS_FIO_LUN:-}" ]; then
		disk2=$(guest_disk "$iqn" 2) || die "no disk for LUN 2"
		fio --name=lun2 --filename="/dev/$disk2" --direct=1 --ioengine=libaio \
			--rw=randwrite --bs=4k --iodepth=8 --time_based --runtime=86400 \
			--output-format=terse --output=/tmp/fio2.out > /tmp/fio2.log 2>&1 &
		STRESS_FIO_PID=$!
		say "stress: fio 4k random writes QD8 on $disk2 (LUN 2, same session)"
	fi
	if [ -n "${STRESS_FLOOD:-}" ]; then
		python3 "$RIG_REPO/tests/stress/flood.py" recv "${PORTAL%:*}" "$STRESS_FLOOD_GPORT" \
			"$STRESS_FLOOD" "${STRESS_FLOOD_READ:-4096}" /tmp/flood.recv \
			2> /run/vmout/flood-recv.log &
		STRESS_FLOOD_PID=$!
		for _ in $(seq 300); do
			[ -s /tmp/flood.recv ] && break
			kill -0 "$STRESS_FLOOD_PID" 2>/dev/null || break
			sleep 0.1
		done
		[ -s /tmp/flood.recv ] || { cat /run/vmout/flood-recv.log; die "flood receiver did not connect"; }
		say "stress: $STRESS_FLOOD flooded connections, reading ${STRESS_FLOOD_READ:-4096} B/s each"
	fi
	if [ -n "${STRESS_MEMCG_PCT:-}" ]; then
		grep -qw memory /sys/fs/cgroup/cgroup.controllers || die "no memory controller in cgroup v2"
		echo +memory > /sys/fs/cgroup/cgroup.subtree_control || die "cannot enable the memory controller"
		mkdir -p "$STRESS_CG"
		mem=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
		echo $((mem * 1024 * STRESS_MEMCG_PCT / 100)) > "$STRESS_CG/memory.max" ||
			die "cannot set memory.max"
		say "stress: the hog runs in $STRESS_CG, memory.max $(($(cat "$STRESS_CG/memory.max") >> 20)) MiB"
	fi
}

# stress_exec CMD...: run CMD (the hog) where the knobs want it.
stress_exec() {
	if [ -n "${STRESS_MEMCG_PCT:-}" ]; then
		# shellcheck disable=SC2016
		sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$STRESS_CG" "$@"
	else
		"$@"
	fi
}

# stress_guest_stop: stop the competitors (after the hog).
stress_guest_stop() {
	# shellcheck source=../lib/hostsync.sh
	declare -F guest_wait_pid > /dev/null || . "$RIG_REPO/tests/lib/hostsync.sh"
	if [ -n "${STRESS_FIO_PID:-}" ]; then
		kill -INT "$STRESS_FIO_PID" 2>/dev/null
		guest_wait_pid "$STRESS_FIO_PID" 120
		STRESS_FIO_RC=$?
	fi
	if [ -n "${STRESS_FLOOD_PID:-}" ]; then
		# it must have run all along
		if kill -0 "$STRESS_FLOOD_PID" 2>/dev/null; then
			STRESS_FLOOD_ALIVE=1
			kill "$STRESS_FLOOD_PID" 2>/dev/null
		else
			STRESS_FLOOD_ALIVE=0
		fi
		guest_wait_pid "$STRESS_FLOOD_PID" 60
	fi
}

# stress_guest_result: key=value lines for the result file.
stress_guest_result() {
	if [ -n "${STRESS_FIO_LUN:-}" ]; then
		echo "fio2_status=${STRESS_FIO_RC:-none}"
		# terse v3: field 47 is the KiB written, 49 the write IOPS
		echo "fio2_write_iops=$(awk -F';' '$1 == 3 { print $49 }' /tmp/fio2.out 2>/dev/null)"
		echo "fio2_write_kib=$(awk -F';' '$1 == 3 { print $47 }' /tmp/fio2.out 2>/dev/null)"
	fi
	if [ -n "${STRESS_FLOOD:-}" ]; then
		sed 's/^/flood_/' /tmp/flood.recv
		echo "flood_receiver_alive_at_end=${STRESS_FLOOD_ALIVE:-0}"
		# what receiving cost the guest: drops for want of memory
		echo "tcp_rcvq_drops=$(guest_netstat TCPRcvQDrop)"
		echo "tcp_pfmemalloc_drops=$(guest_netstat PFMemallocDrop)"
		echo "tcp_memory_pressures=$(guest_netstat TCPMemoryPressures)"
		echo "tcp_prune_called=$(guest_netstat PruneCalled)"
	fi
	if [ -n "${STRESS_MEMCG_PCT:-}" ]; then
		echo "memcg_max_mib=$(($(cat "$STRESS_CG/memory.max") >> 20))"
		echo "memcg_peak_mib=$(($(cat "$STRESS_CG/memory.peak" 2>/dev/null || cat "$STRESS_CG/memory.current") >> 20))"
		sed 's/^/memcg_events_/; s/ /=/' "$STRESS_CG/memory.events"
		awk '$1 == "pgscan" || $1 == "pgsteal" { print "memcg_" $1 "=" $2 }' "$STRESS_CG/memory.stat"
	fi
}

# stress_guest_check: each knob that was set took effect.
stress_guest_check() {
	if [ -n "${STRESS_FIO_LUN:-}" ]; then
		# fio ends with status 128 when SIGINT stops it (as here), with its report
		case ${STRESS_FIO_RC:-none} in
		0 | 128) ;;
		*) die "fio on LUN 2 failed (status ${STRESS_FIO_RC:-none})" ;;
		esac
		[ "$(awk -F';' '$1 == 3 { print int($47) }' /tmp/fio2.out)" -gt 0 ] || die "fio wrote nothing to LUN 2"
	fi
	if [ -n "${STRESS_FLOOD:-}" ]; then
		if [ "${STRESS_FLOOD_ALIVE:-0}" != 1 ]; then
			tail -5 /run/vmout/flood-recv.log
			die "the flood receiver died before the hog was done"
		fi
		[ "$(sed -n 's/^open=//p' /tmp/flood.recv)" = "$STRESS_FLOOD" ] ||
			die "the flood lost connections: $(tr '\n' ' ' < /tmp/flood.recv)"
		[ "${STRESS_FLOOD_READ:-4096}" = 0 ] ||
			[ "$(sed -n 's/^bytes_read=//p' /tmp/flood.recv)" -gt 0 ] ||
			die "the flood receiver read nothing"
	fi
	if [ -n "${STRESS_MEMCG_PCT:-}" ]; then
		[ "$(awk '$1 == "max" { print $2 }' "$STRESS_CG/memory.events")" -gt 0 ] ||
			die "the cgroup never reached memory.max: reclaim was not local"
	fi
}
