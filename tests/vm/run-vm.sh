#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh - boot a rig guest under QEMU (TCG) and run one command in it.
#
# usage: run-vm.sh [options] -- COMMAND [ARGS...]
#   -k KERNEL     kernel image (default: Debian's /boot/vmlinuz-$RIG_KVER, or
#                 with KERNEL=debug|patched in the environment, ours)
#   -M MODDIR     its module tree (default: /lib/modules/<kernel version>)
#   -m MIB        guest memory (default 512)
#   -c CPUS       guest CPUs (default 2)
#   -t SECONDS    wall-clock limit (default 600); past it the run is a stall
#   -o OUTDIR     where results go (default: build/vm/run-$$)
#   -f GP:HP      guest 10.0.2.100:GP reaches host 127.0.0.1:HP (repeatable)
#   -e VAR=VAL    environment for COMMAND (repeatable)
#   -a ARGS       extra kernel command line (RIG_APPEND in the environment
#                 adds to every guest's: experiments, e.g. a sysctl.X=Y)
#
# The guest sees the host root read-only (9p) with tmpfs overlays on /etc,
# /var, /tmp, /root, /mnt and /run, so COMMAND (a path on the host, run from
# the repository root) uses the host's iscsiadm, fio and our fresh builds.
# It reaches the host only through -f relays to 127.0.0.1.
#
# Results in OUTDIR: console.log (kernel), guest.log (COMMAND's output),
# status, vmstat/meminfo/dmesg at the end, and on a stall the watchdog's
# evidence (*.stall, sysrq output in console.log).
#
# Exit status: COMMAND's; 124 on a stall (time limit); 125 rig failure; 126
# when COMMAND passed but the kernel logged a WARN, BUG, oops or hung task.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/common.sh
. "$repo/tests/lib/common.sh"

kernel="" moddir="" mem=512 cpus=2 limit=600 outdir="" append=""
fwds=() envs=()
while getopts "k:M:m:c:t:o:f:e:a:" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	M) moddir=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	t) limit=$OPTARG ;;
	o) outdir=$OPTARG ;;
	f) fwds+=("$OPTARG") ;;
	e) envs+=("$OPTARG") ;;
	a) append="$append $OPTARG" ;;
	*) sed -n '4,17s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
	sed -n '4,17s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi

if [ -z "$kernel" ] && [ "$RIG_KERNEL" != stock ]; then
	# one of ours: its modules replace /lib/modules in the guest
	kdir=$("$repo/tests/kernel/build.sh" --path "$RIG_KERNEL") || exit 125
	[ -f "$kdir/done" ] || { echo "run-vm: kernel $RIG_KERNEL not built (make kernel KERNEL=$RIG_KERNEL)" >&2; exit 125; }
	kernel=$kdir/bzImage
	moddir=${moddir:-$kdir/root/lib/modules/$(cat "$kdir/release")}
	# ACPI's AML interpreter under KASAN and kmemleak, emulated, stalls
	# the boot for a minute (soft lockups in _PRT); QEMU's MP table and
	# PCI routing need no ACPI
	append="$append ins_modules=$kdir/root/lib/modules acpi=off"
fi
append="$append${RIG_APPEND:+ $RIG_APPEND}"
kernel=${kernel:-/boot/vmlinuz-$RIG_KVER}
if [ -z "$moddir" ]; then
	moddir=/lib/modules/$(basename "$kernel" | sed 's/^vmlinuz-//')
fi
[ -r "$kernel" ] || { echo "run-vm: no kernel $kernel" >&2; exit 125; }
[ -d "$moddir" ] || { echo "run-vm: no module tree $moddir" >&2; exit 125; }
outdir=${outdir:-$RIG_BUILD/vm/run-$$}
rm -rf "$outdir"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

rig_build_tools || exit 125
initrd=$(rig_initramfs "$moddir") || exit 125

# The job file: environment and argv for guest-init.sh, shell-quoted.
{
	printf 'export RIG_REPO=%q RIG_TOOLS=%q RIG_GUEST_DEADLINE=%q\n' \
		"$repo" "$RIG_TOOLS" "$((limit > 90 ? limit - 30 : limit / 2))"
	for e in "${envs[@]}"; do
		printf 'export %q\n' "$e"
	done
	printf 'set --'
	printf ' %q' "$@"
	printf '\n'
} > "$outdir/job"

net=(-nic none)
if [ ${#fwds[@]} -gt 0 ]; then
	nd="user,id=n0,restrict=on"
	for f in "${fwds[@]}"; do
		# RIG_RELAY=nc measures the naive relay (Documentation/rig.md).
		if [ "${RIG_RELAY:-}" = nc ]; then
			relay="busybox nc 127.0.0.1"
		else
			relay=$RIG_TOOLS/relay
		fi
		nd="$nd,guestfwd=tcp:10.0.2.100:${f%%:*}-cmd:$relay ${f##*:}"
	done
	net=(-netdev "$nd" -device "$RIG_NIC,netdev=n0")
fi

qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$mem" \
	-display none -vga none -no-reboot \
	-serial "file:$outdir/console.log" \
	-monitor "unix:$outdir/monitor.sock,server=on,wait=off" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0,115200 panic=-1 sysrq_always_enabled ins_stage2=$here/guest-init.sh$append" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$outdir,mount_tag=vmout,security_model=none,multidevs=remap" \
	"${net[@]}" > "$outdir/qemu.log" 2>&1 &
qpid=$!
echo "$qpid" > "$outdir/qemu.pid"

deadline=$((SECONDS + limit))
while kill -0 "$qpid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
	sleep 1
done
stalled=0
if kill -0 "$qpid" 2>/dev/null; then
	stalled=1
	# The keyboard path to sysrq works even when no guest process can run.
	for k in w m; do
		rig_monitor "$outdir/monitor.sock" "sendkey alt-sysrq-$k"
		sleep 3
	done
	rig_monitor "$outdir/monitor.sock" quit
	sleep 2
	kill "$qpid" 2>/dev/null
	sleep 1
	kill -9 "$qpid" 2>/dev/null
fi
wait "$qpid" 2>/dev/null
rm -f "$outdir/monitor.sock"
find "$outdir" -maxdepth 1 -type f -empty -delete

if [ $stalled = 1 ]; then
	echo "run-vm: STALL: no result after ${limit}s; evidence in $outdir" \
	     "(console.log: sysrq w/m; vmstat.stall, meminfo.stall)" >&2
	status=124
elif [ -s "$outdir/status" ]; then
	status=$(cat "$outdir/status")
else
	echo "run-vm: guest ended without a status; see $outdir/console.log" >&2
	status=125
fi
problems=$(rig_kernel_problems "$outdir/console.log")
if [ -n "$problems" ]; then
	echo "run-vm: kernel problems in the guest console:" >&2
	echo "$problems" | head -20 >&2
	# The first report whole: a WARN's message is printed before its
	# "WARNING:" line, its stack after; CI keeps only what we print.
	echo "run-vm: the first of them in context:" >&2
	grep -anE -m1 -B4 -A30 "$RIG_KERNEL_PROBLEMS" "$outdir/console.log" >&2
	[ "$status" = 0 ] && status=126
fi
exit "$status"
