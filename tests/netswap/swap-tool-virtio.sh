#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# swap-tool-virtio: netswap/swap-tool with the guest on a virtio NIC
# (RIG_NIC=virtio-net-pci). Everything swap-tool proves holds there too,
# and `iscsi-netswap swapon` must warn that virtio_net refills its receive
# ring without the reserves (Documentation/reserve.rst).
export RIG_NIC=virtio-net-pci TEST_NAME=swap-tool-virtio
exec "$(dirname "$0")/swap-tool.sh" "$@"
