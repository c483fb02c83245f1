#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lint/abi: Documentation/ABI/testing/sysfs-class-scsi_host-netswap names
# every file of the module's netswap/ group and nothing else, and the
# release number is the same wherever it is written.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$root/drivers/scsi/iscsi_netswap
abi=$root/Documentation/ABI/testing/sysfs-class-scsi_host-netswap
fail=0

# the attribute list of ins_sysfs.c: &dev_attr_X.attr and &ins_cattr_X.attr.attr
code=$(sed -n '/^static struct attribute \*ins_netswap_attrs\[\]/,/^};/p' "$src/ins_sysfs.c" |
	sed -n 's/.*&\(dev_attr\|ins_cattr\)_\([a-z0-9_]*\)\.attr.*/\2/p' | sort)
doc=$(sed -n 's|^What:[[:space:]]*/sys/class/scsi_host/hostX/netswap/\([a-z0-9_]\+\)$|\1|p' "$abi" | sort)
[ -n "$code" ] || { echo "abi: no attributes found in ins_sysfs.c"; exit 1; }
if [ "$code" != "$doc" ]; then
	echo "abi: ins_sysfs.c and $abi differ (< code, > doc):"
	diff <(echo "$code") <(echo "$doc") | grep '^[<>]'
	fail=1
fi

ver=$("$root/userspace/iscsid-plugin/version.sh") || exit 1
for man in "$root"/userspace/iscsid-plugin/man/*.[48]; do
	grep -q "^\.TH .* \"[a-z_-]* $ver\" " "$man" || { echo "abi: $man: .TH does not name release $ver"; fail=1; }
done
dk=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$root/userspace/iscsid-plugin/dkms.conf")
if [ "$ver" != "$dk" ]; then
	echo "abi: INS_RELEASE '$ver' and dkms.conf PACKAGE_VERSION '$dk' differ"
	fail=1
fi
if [ -f "$root/debian/changelog" ]; then
	deb=$(sed -n '1s/^[^(]*(\([^)-]*\).*/\1/p' "$root/debian/changelog")
	[ "$deb" = "$ver" ] || { echo "abi: debian/changelog '$deb' and INS_RELEASE '$ver' differ"; fail=1; }
fi
exit $fail
