#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The release number, from its one source (INS_RELEASE of the module's
# header): the module, the tool, dkms.conf, the packages and the man
# pages carry it; tests/lint/abi.sh checks they agree.
here=$(dirname "$0")
v=$(sed -n 's/^#define INS_RELEASE[[:space:]]*"\(.*\)"/\1/p' \
	"$here/../../drivers/scsi/iscsi_netswap/iscsi_netswap.h")
[ -n "$v" ] || { echo "version.sh: no INS_RELEASE in iscsi_netswap.h" >&2; exit 1; }
echo "$v"
