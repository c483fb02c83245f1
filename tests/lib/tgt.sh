# SPDX-License-Identifier: GPL-2.0
# tgtd on the host, private to one test: its own mount namespace (its
# control socket under /run/tgtd is hard-coded, so /run is a fresh tmpfs
# there), listening on 127.0.0.1 only, started and stopped by PID.
# Sourced, not run. Uses TGT_DIR (state: pid, log, LUN files) and sets
# TGT_PID and TGT_PORT.

# tgt_start DIR [PORT]: start tgtd. Without PORT it takes a free port on
# 127.0.0.1 rather than 3260, so that tests, baselines and benchmarks can
# run side by side; guests always see it as 10.0.2.100:3260. tgtd sets
# SO_REUSEPORT, so a second tgtd on a busy port would silently share it:
# refuse a port somebody already listens on.
tgt_start() {
	TGT_DIR=$1
	TGT_PORT=${2:-${TGT_PORT_WANTED:-$(rig_free_port)}}
	mkdir -p "$TGT_DIR"
	if ss -Hltn "sport = :$TGT_PORT" | grep -q .; then
		rig_log "tgt_start: 127.0.0.1:$TGT_PORT is already in use"
		return 1
	fi
	unshare -m --propagation private sh -c \
		'mount -t tmpfs tmpfs /run && exec tgtd -f --iscsi portal=127.0.0.1:'"$TGT_PORT" \
		>> "$TGT_DIR/tgtd.log" 2>&1 &
	TGT_PID=$!
	echo "$TGT_PID" > "$TGT_DIR/tgtd.pid"
	local i
	for i in $(seq 100); do
		if ss -Hltnp "sport = :$TGT_PORT" | grep -q "pid=$TGT_PID,"; then
			return 0
		fi
		kill -0 "$TGT_PID" 2>/dev/null || break
		sleep 0.1
	done
	rig_log "tgtd did not start on 127.0.0.1:$TGT_PORT; see $TGT_DIR/tgtd.log"
	return 1
}

tgtadm_() {
	nsenter -t "$TGT_PID" -m tgtadm --lld iscsi "$@"
}

# tgt_target TID IQN: a target open to every initiator.
tgt_target() {
	tgt_target_closed "$1" "$2" && tgt_open "$1"
}

# tgt_target_closed TID IQN: a target that takes no login yet; give it
# its LUNs and accounts, then tgt_open TID. A target restarted under a
# logged-in initiator must come back whole: one that takes the login
# before its LUNs are in answers the resent commands with LOGICAL UNIT
# NOT SUPPORTED, which the SCSI layer fails at once.
tgt_target_closed() {
	tgtadm_ --mode target --op new --tid "$1" -T "$2"
}

# tgt_open TID: let every initiator in.
tgt_open() {
	tgtadm_ --mode target --op bind --tid "$1" -I ALL
}

# tgt_lun TID LUN FILE SIZE: a LUN backed by a sparse file (made if absent).
tgt_lun() {
	[ -e "$3" ] || truncate -s "$4" "$3" || return 1
	tgtadm_ --mode logicalunit --op new --tid "$1" --lun "$2" -b "$3"
}

# tgt_one_lun IQN SIZE: the rig's usual target: tgtd started for this
# test, target 1 named IQN open to every initiator, LUN 1 of SIZE backed
# by $TEST_OUT/tgt/lun1.
tgt_one_lun() {
	tgt_start "$TEST_OUT/tgt" &&
		tgt_target 1 "$1" &&
		tgt_lun 1 1 "$TEST_OUT/tgt/lun1" "$2"
}

# tgt_chap TID USER SECRET [MUSER MSECRET]: CHAP, and mutual CHAP if given.
tgt_chap() {
	tgtadm_ --mode account --op new --user "$2" --password "$3" &&
		tgtadm_ --mode account --op bind --tid "$1" --user "$2" || return 1
	if [ $# -ge 5 ]; then
		tgtadm_ --mode account --op new --user "$4" --password "$5" &&
			tgtadm_ --mode account --op bind --tid "$1" --user "$4" --outgoing
	fi
}

# tgt_stop: stop tgtd by PID (SIGKILL if it ignores SIGTERM).
tgt_stop() {
	[ -n "${TGT_PID:-}" ] || return 0
	kill "$TGT_PID" 2>/dev/null
	local i
	for i in $(seq 50); do
		kill -0 "$TGT_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$TGT_PID" 2>/dev/null
	wait "$TGT_PID" 2>/dev/null
	TGT_PID=
}
