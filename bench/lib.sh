# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Host-side helpers of the benchmarks (bench/fio.sh, bench/swap.sh).
# Sourced, not run, after tests/lib/common.sh.
#
# The host is shared: other engineers run QEMU guests on the same cores.
# The benchmarks therefore interleave the transports (A B B A ...) so that
# a change of load hits both alike, and keep a record of the host's load
# next to every round, so that a reader can see what the numbers were
# measured against.

# bench_order "A B" ROUNDS: the run order, ROUNDS rounds of each transport,
# every other block reversed: A B B A A B ... Block k (k = 1..ROUNDS) holds
# one round of every transport, so a ratio can be taken inside each block.
bench_order() {
	local trs rounds=$2 k i order=()
	read -ra trs <<< "$1"
	for k in $(seq "$rounds"); do
		if [ $((k % 2)) = 1 ]; then
			order+=("${trs[@]}")
		else
			for ((i = ${#trs[@]} - 1; i >= 0; i--)); do
				order+=("${trs[i]}")
			done
		fi
	done
	echo "${order[@]}"
}

# bench_other_guests: how many QEMU processes are running that are not
# ours (ours run with an output directory under $RIG_BUILD/bench/).
bench_other_guests() {
	local p c n=0
	for p in $(pgrep qemu-system); do
		c=$(tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline") || continue # gone
		[[ $c == *"$RIG_BUILD/bench/"* ]] || n=$((n + 1))
	done
	echo "$n"
}

# bench_load_start FILE TAGFILE: every 5 s, append "EPOCH LOAD1 OTHERS TAG"
# to FILE, where TAG is the last "ROUND ..." line of TAGFILE (the round
# running at that moment, "-" before the first). Sets BENCH_LOAD_PID.
bench_load_start() {
	local file=$1 tagfile=$2
	(
		sp=
		trap '[ -n "$sp" ] && kill "$sp" 2>/dev/null; exit 0' TERM
		while :; do
			tag=$(grep -a '^ROUND ' "$tagfile" 2>/dev/null | tail -1 | tr ' ' '_')
			printf '%s %s %s %s\n' "$(date +%s)" "$(cut -d' ' -f1 /proc/loadavg)" \
				"$(bench_other_guests)" "${tag:--}" >> "$file"
			sleep 5 &
			sp=$!
			wait "$sp"
		done
	) &
	BENCH_LOAD_PID=$!
}

bench_load_stop() {
	[ -n "${BENCH_LOAD_PID:-}" ] || return 0
	kill "$BENCH_LOAD_PID" 2>/dev/null
	wait "$BENCH_LOAD_PID" 2>/dev/null
	BENCH_LOAD_PID=
}

# bench_module DIR: copy the iscsi_netswap module under test into DIR and
# point NETSWAP_KO at the copy, so that a rebuild during the run (others
# work in the same tree) cannot change it between rounds. Sets
# BENCH_MODULE_DESC (path, srcversion, build time) for the reports.
bench_module() {
	local src=${NETSWAP_KO:-$RIG_MODULE}
	[ -f "$src" ] || { rig_log "bench: no module $src (run 'make' first)"; return 1; }
	mkdir -p "$1"
	# the first copy names the original; a nested bench keeps that name
	: "${BENCH_MODULE_DESC:=$src (sha256 $(sha256sum < "$src" | cut -c1-12), built $(date -u -r "$src" '+%Y-%m-%d %H:%M UTC'))}"
	cp -pf "$src" "$1/iscsi_netswap.ko" || return 1
	NETSWAP_KO=$1/iscsi_netswap.ko
	export NETSWAP_KO BENCH_MODULE_DESC
}
