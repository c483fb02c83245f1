#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the rig guest, PID 1 in the host root (read-only 9p with
# tmpfs overlays). Reads the job from /run/vmout/job (written by
# run-vm.sh), runs it, and leaves its exit status in /run/vmout/status.
# The console is for the kernel; the job's output goes to
# /run/vmout/guest.log. PID 1 never exits: it powers the guest off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb
out=/run/vmout

poweroff_now() {
	sync
	# without ACPI (our kernels boot with acpi=off) poweroff only halts;
	# reboot ends QEMU as well (-no-reboot)
	[ -d /sys/firmware/acpi ] && /bin/busybox poweroff -f
	/bin/busybox reboot -f
}
trap poweroff_now EXIT

# shellcheck source=/dev/null
. "$out/job" || { echo 125 > "$out/status"; poweroff_now; }

mkdir -p /dev/pts /dev/shm /run/lock
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# what udev or systemd would add to devtmpfs (bash's <(...), dkms use it)
ln -sfn /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
hostname rig-guest
sysctl -q kernel.sysrq=1
sysctl -q kernel.hung_task_timeout_secs="${RIG_HUNG_TASK_SECS:-30}"
sysctl -q kernel.hung_task_warnings=-1
sysctl -q kernel.hung_task_panic="${RIG_HUNG_TASK_PANIC:-0}"
ip link set lo up
if ip link show eth0 >/dev/null 2>&1; then
	ip addr add 10.0.2.15/24 dev eth0
	ip link set eth0 up
	ip route add default via 10.0.2.2
fi

# The watchdog is mlocked C: it still runs when memory is gone and dumps
# the kernel's view (sysrq w/m, vmstat, meminfo) before the host gives up.
"$RIG_TOOLS/watchdog" -t "$RIG_GUEST_DEADLINE" -o "$out" &

cd "$RIG_REPO" || exit 1
status=0
"$@" > "$out/guest.log" 2>&1 < /dev/null || status=$?
cp /proc/vmstat "$out/vmstat.end" 2>/dev/null
cp /proc/meminfo "$out/meminfo.end" 2>/dev/null
dmesg > "$out/dmesg.end" 2>/dev/null
# kmemleak (debug kernel): scans at the end; every report goes to the
# console, where the host's rig_kernel_problems fails the run on it
if [ -w /sys/kernel/debug/kmemleak ]; then
	# a stale copy of a pointer (a stack, a register) hides a leak from one
	# scan; the second one finds it once that copy is overwritten
	echo scan > /sys/kernel/debug/kmemleak
	sleep 2
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > "$out/kmemleak" 2>/dev/null
	[ -s "$out/kmemleak" ] && cat "$out/kmemleak" > /dev/console
fi
echo "$status" > "$out/status.tmp" && mv "$out/status.tmp" "$out/status"
