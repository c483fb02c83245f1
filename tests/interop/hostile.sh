#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hostile: a scriptable hostile target (hostile/target.py, host side,
# 127.0.0.1 only) serves two real LUNs and misbehaves on purpose while
# the initiator holds commands: one named case at a time (hostile/cases.py:
# Data-In arithmetic, R2T abuse, TMF races, stale and unsent ITTs, digests,
# floods, CmdSN window abuse, hostile logins on the in-kernel relogin). The
# guest (hostile/guest.py) arms each case, runs verified O_DIRECT I/O
# through it and judges the outcome: connection dropped and recovered,
# every request ended and every byte right, the kernel log ratelimited;
# the rig fails the run on any KASAN/lockdep/WARN/hung-task report (run it
# with KERNEL=debug). iscsi_netswap sessions are marked for swap (in-kernel
# recovery); on iscsi_tcp the outcomes are recorded, and only safety
# (requests end, data right) is asserted.
# HOSTILE_CASES=name,class,... runs a subset.
. "$(dirname "$0")/../lib/test.sh"

IQN=iqn.2026-12.org.iscsi-netswap:hostile
CHAP=rig:rig-secret-01:tgt:tgt-secret-022

host_cleanup() {
	if [ -n "${HOSTILE_PID:-}" ]; then
		kill "$HOSTILE_PID" 2>/dev/null
		wait "$HOSTILE_PID" 2>/dev/null
	fi
}

host_main() {
	local ctl i
	TGT_PORT=$(rig_free_port)
	ctl=$(rig_free_port)
	mkdir -p "$TEST_OUT/tgt"
	python3 "$(dirname "$0")/hostile/target.py" -p "$TGT_PORT" -c "$ctl" -t "$IQN" \
		-b "$TEST_OUT/tgt/lun0,$TEST_OUT/tgt/lun1" --fill 32,8 \
		--chap "${CHAP%%:*}:$(echo "$CHAP" | cut -d: -f2)" \
		--mutual "$(echo "$CHAP" | cut -d: -f3-)" > "$TEST_OUT/target.log" 2>&1 &
	HOSTILE_PID=$!
	for i in $(seq 100); do
		ss -Hltn "sport = :$ctl" | grep -q . && break
		sleep 0.1
	done
	test_vm -m 384 -t 2400 -f "3262:$ctl" -e "HOSTILE_CASES=${HOSTILE_CASES:-}" -- "$IQN"
	local rc=$?
	cp "$TEST_OUT/vm/hostile.jsonl" "$TEST_OUT/" 2>/dev/null
	return $rc
}

guest_main() {
	local iqn=$1
	guest_load_transport
	guest_start_iscsid
	python3 "$RIG_REPO/tests/interop/hostile/guest.py" --ctl 10.0.2.100:3262 \
		--iqn "$iqn" --transport "$TRANSPORT" --out /run/vmout \
		--chap "$CHAP" ${HOSTILE_CASES:+--cases "$HOSTILE_CASES"}
}

test_main "$@"
