# SPDX-License-Identifier: GPL-2.0
# Host <-> guest hand-shakes for rig tests whose host part acts while the
# guest runs (add a LUN, stop or restart the target). Both sides see the
# run's result directory: $TEST_OUT/vm on the host, /run/vmout in the guest
# (a 9p share without caching). Sourced, not run; owned by the transport
# engineer (tests that fault the target).

SYNC_GUEST_DIR=/run/vmout

# host_wait_for NAME PID [SECONDS]: wait until the guest created NAME;
# fail early if the VM (PID) is gone.
host_wait_for() {
	local f=$TEST_OUT/vm/$1 i
	for i in $(seq $((${3:-300} * 5))); do
		[ -e "$f" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.2
	done
	rig_log "guest never signalled $1"
	return 1
}

# host_signal NAME: tell the guest something happened (with a timestamp).
host_signal() {
	date +%s > "$TEST_OUT/vm/$1.tmp" && mv "$TEST_OUT/vm/$1.tmp" "$TEST_OUT/vm/$1"
}

# guest_signal NAME: tell the host something happened.
guest_signal() {
	date +%s > "$SYNC_GUEST_DIR/$1.tmp" && mv "$SYNC_GUEST_DIR/$1.tmp" "$SYNC_GUEST_DIR/$1"
}

# guest_wait_for NAME [SECONDS]: wait until the host created NAME.
guest_wait_for() {
	local i
	for i in $(seq $((${2:-120} * 5))); do
		[ -e "$SYNC_GUEST_DIR/$1" ] && return 0
		sleep 0.2
	done
	return 1
}

# guest_kernel_noise: kernel messages above info level from the iSCSI
# stack (ours, iscsi_tcp, libiscsi, the transport class), one per line.
guest_kernel_noise() {
	dmesg -l emerg,alert,crit,err,warn,notice |
		grep -Ei 'iscsi|connection[0-9]+:|session[0-9]+|netswap' || true
}

# guest_wait_pid PID SECONDS: wait for a background job; kill it and
# return 124 if it is still running after SECONDS; else its status.
guest_wait_pid() {
	local pid=$1 i
	for i in $(seq $(($2 * 5))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 124
	fi
	wait "$pid"
}
