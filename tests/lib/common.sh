# SPDX-License-Identifier: GPL-2.0
# Host-side helpers shared by the rig, the tests and the benchmarks.
# Sourced, not run.

RIG_REPO=${RIG_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
RIG_BUILD=${RIG_BUILD:-$RIG_REPO/build}
RIG_TOOLS=$RIG_BUILD/tools
RIG_CACHE=${RIG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iscsi_netswap}
# Debian's guest kernel: the newest 6.1 image installed by linux-image-amd64.
RIG_KVER=${RIG_KVER:-$(ls /boot/vmlinuz-6.1.*-amd64 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -1)}
# The guest kernel (KERNEL): stock, Debian's; debug or patched, ours
# (tests/kernel/build.sh), with the module built against it.
RIG_KERNEL=${KERNEL:-stock}
# Results go under RIG_TESTS/TRANSPORT/TEST, one tree per kernel.
if [ "$RIG_KERNEL" = stock ]; then
	RIG_MODULE=$RIG_BUILD/module/iscsi_netswap.ko
	RIG_TESTS=$RIG_BUILD/tests
else
	RIG_MODULE=$RIG_BUILD/module-$RIG_KERNEL/iscsi_netswap.ko
	RIG_TESTS=$RIG_BUILD/tests-$RIG_KERNEL
fi
# how much longer a run may take than on Debian's kernel (test_vm's -t)
if [ "$RIG_KERNEL" = debug ]; then
	RIG_TIME_FACTOR=${RIG_TIME_FACTOR:-3}
else
	RIG_TIME_FACTOR=${RIG_TIME_FACTOR:-1}
fi
# The guest NIC (QEMU -device): e1000e, whose receive refills may use the
# reserves; virtio-net-pci's may not (Documentation/rig.md).
RIG_NIC=${RIG_NIC:-e1000e}

rig_log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

# Build the small C tools the rig runs (host and guest share the binaries).
rig_build_tools() {
	local t
	mkdir -p "$RIG_TOOLS"
	for t in relay hog watchdog; do
		if [ ! -x "$RIG_TOOLS/$t" ] || [ "$RIG_REPO/tests/tools/$t.c" -nt "$RIG_TOOLS/$t" ]; then
			# built aside and renamed: a parallel run may be starting it
			gcc -O2 -Wall -Wextra -Werror -o "$RIG_TOOLS/$t.$BASHPID" "$RIG_REPO/tests/tools/$t.c" &&
				mv -f "$RIG_TOOLS/$t.$BASHPID" "$RIG_TOOLS/$t" || { rm -f "$RIG_TOOLS/$t.$BASHPID"; return 1; }
		fi
	done
}

# Print the path of an initramfs for a module tree, built once per content.
rig_initramfs() {
	local moddir=$1 key out
	key=$(cat "$RIG_REPO/tests/vm/mkinitramfs.sh" "$RIG_REPO/tests/vm/initramfs-init" \
		/bin/busybox "$moddir/modules.dep" | sha256sum | cut -c1-16)
	out=$RIG_CACHE/initramfs-$key.cpio.gz
	if [ ! -s "$out" ]; then
		mkdir -p "$RIG_CACHE"
		# runs side by side may build it at once: each writes its own
		# file, renamed into place (readers see a whole one or none)
		"$RIG_REPO/tests/vm/mkinitramfs.sh" "$moddir" "$out.$BASHPID" >&2 &&
			mv -f "$out.$BASHPID" "$out" || { rm -f "$out.$BASHPID" "$out.$BASHPID.tmp"; return 1; }
	fi
	echo "$out"
}

# Send one command to a QEMU human monitor socket.
rig_monitor() {
	python3 - "$1" "$2" <<'PY' 2>/dev/null
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
time.sleep(0.2)
s.sendall((sys.argv[2] + "\n").encode())
time.sleep(0.5)
s.close()
PY
}

# Lines of a guest console that mean the kernel went wrong.
RIG_KERNEL_PROBLEMS='WARNING:|BUG:|Oops|general protection fault|Kernel panic|blocked for more than [0-9]+ seconds|kernel BUG at|UBSAN:|KASAN:|KFENCE:|ODEBUG:|unreferenced object 0x|list_(add|del) corruption'
rig_kernel_problems() {
	[ -f "$1" ] || return 0
	grep -aE "$RIG_KERNEL_PROBLEMS" "$1" |
		grep -av 'sysrq' || true
}

# A free TCP port on 127.0.0.1 (tests run side by side with other work).
rig_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# rig_longest_flat TIMELINE A B: the longest stretch (s) of the hog's
# once-a-second timeline in which fields A and B both stayed put; a run
# that ends stuck counts its last stretch too. Nothing when the timeline
# has no field B.
rig_longest_flat() {
	awk -v a="$2" -v b="$3" 'NF < b { none = 1; exit }
	     NR > 1 && ($a != x || $b != y) { if ($1 - last > max) max = $1 - last; last = $1 }
	     NR == 1 { last = $1 } { x = $a; y = $b; t = $1 }
	     END { if (none || !NR) exit; if (t - last > max) max = t - last; print max + 0 }' "$1" 2>/dev/null
}

# rig_longest_stall TIMELINE: the longest stretch with no swap I/O even
# submitted (pswpin, pswpout: "secs pswpin pswpout ..."). Used in the
# guest (result files) and on the host (baseline, stress).
rig_longest_stall() {
	rig_longest_flat "$1" 2 3
}

# rig_longest_io_gap TIMELINE: the longest stretch in which the swap
# device completed no I/O (a timeline kept with hog -d: fields 7, 8).
rig_longest_io_gap() {
	rig_longest_flat "$1" 7 8
}
