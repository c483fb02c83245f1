#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh [--path|--series|--prepare] debug|patched - the rig's own guest kernels.
#
# Builds Debian's linux-source-6.1 (/usr/src/linux-source-6.1.tar.xz) with
# the series in mm-patches/ applied (its `series` file, in order) and
# tinyconfig + tests/kernel/rig.config + the series' own options
# (mm-patches/series.config) + tests/kernel/FLAVOUR.config. Both flavours
# carry the series: "patched" is the series alone, "debug" adds the
# checkers, so that make check tests the series without a kernel build of
# its own. The result is cached by content: the key hashes the tarball,
# the fragments, the series and its patches, this script and the
# compiler, so a second run builds nothing and any change builds anew.
#
# The cache directory ($RIG_CACHE/kernel-FLAVOUR-KEY, printed on stdout)
# holds src/ (the tree), obj/ (the O= build, for out-of-tree modules:
# make -C obj M=...), bzImage, root/lib/modules/RELEASE and release.
# --path prints that directory without building (it may not exist yet);
# --prepare stops once the tree is patched and configured (the mechanism's
# own test, tests/kernel/Makefile); --series prints the patches the flavour
# applies, one a line (none for an empty series).
# KERNEL_SERIES_DIR replaces mm-patches/.
# Older builds of the same flavour are removed when a new one is done.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/common.sh
. "$repo/tests/lib/common.sh"

usage() {
	sed -n '4,19s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

path_only=0 prepare_only=0 series_only=0
case ${1:-} in
--path) path_only=1; shift ;;
--series) series_only=1; shift ;;
--prepare) prepare_only=1; shift ;;
esac
[ $# = 1 ] || usage
flavour=$1
case $flavour in
debug | patched) ;;
*) echo "build.sh: unknown kernel '$flavour' (debug or patched)" >&2; usage ;;
esac

tarball=${KERNEL_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
series_dir=${KERNEL_SERIES_DIR:-$repo/mm-patches}
[ -r "$tarball" ] || { echo "build.sh: no $tarball (make deps installs linux-source-6.1)" >&2; exit 1; }
# the options the series' features need, if it has any
fragments=("$here/rig.config")
[ ! -f "$series_dir/series.config" ] || fragments+=("$series_dir/series.config")
fragments+=("$here/$flavour.config")

# The patches of the series, in order: the series file names them one a
# line; '#' starts a comment.
patches=()
if [ -f "$series_dir/series" ]; then
	while read -r p _; do
		[ -n "$p" ] && [ "${p#\#}" = "$p" ] || continue
		[ -f "$series_dir/$p" ] || { echo "build.sh: $series_dir/series names $p, which is missing" >&2; exit 1; }
		patches+=("$series_dir/$p")
	done < "$series_dir/series"
fi

if [ $series_only = 1 ]; then
	for p in ${patches[@]+"${patches[@]}"}; do
		echo "$p"
	done
	exit 0
fi

# The tarball is hashed once per (size, mtime): it is 130 MB.
tar_key() {
	local stamp sum f
	stamp=$(stat -c '%s-%Y' "$tarball")
	f=$RIG_CACHE/linux-source.sha256
	if [ -s "$f" ] && [ "$(cut -d' ' -f2 "$f")" = "$stamp" ]; then
		cut -d' ' -f1 "$f"
		return
	fi
	sum=$(sha256sum "$tarball" | cut -c1-64)
	mkdir -p "$RIG_CACHE"
	echo "$sum $stamp" > "$f"
	echo "$sum"
}

key=$({
	tar_key
	cat "$0" "${fragments[@]}"
	gcc --version | head -1
	for p in ${patches[@]+"${patches[@]}"}; do
		echo "patch ${p##*/}"
		cat "$p"
	done
} | sha256sum | cut -c1-16)
dir=$RIG_CACHE/kernel-$flavour-$key
if [ $path_only = 1 ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$RIG_CACHE"
# one build per flavour at a time; a waiting run then finds it done
exec 9> "$RIG_CACHE/kernel-$flavour.lock"
flock 9
if [ -f "$dir/done" ] || { [ $prepare_only = 1 ] && [ -f "$dir/prepared" ]; }; then
	echo "$dir"
	exit 0
fi

t0=$SECONDS
rm -rf "$dir"
mkdir -p "$dir"
rig_log "kernel $flavour ($key): extracting linux-source-6.1"
tar -C "$dir" -xJf "$tarball"
mv "$dir/linux-source-6.1" "$dir/src"
for p in ${patches[@]+"${patches[@]}"}; do
	rig_log "kernel $flavour: applying ${p##*/}"
	patch -d "$dir/src" -p1 --batch --forward --quiet < "$p" ||
		{ echo "build.sh: ${p##*/} does not apply to linux-source-6.1" >&2; exit 1; }
done

src=$dir/src obj=$dir/obj
mkdir -p "$obj"
make -s -C "$src" O="$obj" tinyconfig > /dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
	"${fragments[@]}" > "$obj/merge.log"
make -s -C "$src" O="$obj" olddefconfig > /dev/null
# every option the fragments ask for must be in the result: a misspelt
# or unsatisfiable one would silently give another kernel than described
missing=$(grep -h '^CONFIG_' "${fragments[@]}" | while IFS== read -r k v; do
	got=$(sed -n "s/^$k=//p" "$obj/.config")
	if [ "$v" = n ]; then
		[ -z "$got" ] || echo "$k=$v (got $got)"
	elif [ "$got" != "$v" ]; then
		echo "$k=$v (got ${got:-unset})"
	fi
done)
[ -z "$missing" ] || { echo "build.sh: the config lacks:" >&2; echo "$missing" >&2; exit 1; }
touch "$dir/prepared"
if [ $prepare_only = 1 ]; then
	echo "$dir"
	exit 0
fi

rig_log "kernel $flavour: building ($(nproc) jobs)"
make -s -C "$src" O="$obj" LOCALVERSION="-ins-$flavour" -j"$(nproc)" bzImage modules
make -s -C "$src" O="$obj" LOCALVERSION="-ins-$flavour" \
	INSTALL_MOD_PATH="$dir/root" INSTALL_MOD_STRIP=1 modules_install > /dev/null
cp "$obj/arch/x86/boot/bzImage" "$dir/bzImage"
make -s -C "$src" O="$obj" LOCALVERSION="-ins-$flavour" kernelrelease > "$dir/release"
touch "$dir/done"
for old in "$RIG_CACHE"/kernel-"$flavour"-*; do
	[ "$old" = "$dir" ] || [ ! -d "$old" ] || rm -rf "$old"
done
rig_log "kernel $flavour: $(cat "$dir/release") built in $((SECONDS - t0)) s"
echo "$dir"
