#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER_OR_MODDIR OUT
#
# Builds the rig's initramfs: busybox-static, our /init, and the modules
# needed to reach the host root over virtio-9p and both guest NIC drivers
# (RIG_NIC: e1000e or virtio-net-pci), resolved with modules.dep
# (dependencies first), so it follows whatever kernel it is built for.
# Kernels with virtio/9p/overlay built in need no modules at all.
set -euo pipefail

moddir=$1
out=$2
[ -d "$moddir" ] || moddir=/lib/modules/$moddir
here=$(cd "$(dirname "$0")" && pwd)
wanted="virtio_pci virtio_net e1000e 9pnet_virtio 9p overlay"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,newroot,lib/modules}
cp /bin/busybox "$work/bin/busybox"
cp "$here/initramfs-init" "$work/init"
chmod 755 "$work/init"

# Depth-first walk of modules.dep: a module's dependencies go before it.
declare -A seen=()
order=()
add_module() {
	local name=$1 path deps d
	path=$(awk -F: -v n="$name" '{ f = $1; sub(".*/", "", f); sub(/\.ko(\.[a-z]+)?$/, "", f); gsub("-", "_", f); if (f == n) { print $0; exit } }' "$moddir/modules.dep")
	[ -n "$path" ] || return 0	# built in (or absent): nothing to load
	deps=${path#*:}
	path=${path%%:*}
	[ -n "${seen[$path]:-}" ] && return 0
	seen[$path]=1
	for d in $deps; do
		d=${d##*/}; d=${d%%.ko*}; d=${d//-/_}
		add_module "$d"
	done
	order+=("$path")
}
for m in $wanted; do
	add_module "$m"
done
: > "$work/modules.order"
for p in "${order[@]}"; do
	cp "$moddir/$p" "$work/lib/modules/"
	echo "${p##*/}" >> "$work/modules.order"
done

(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
