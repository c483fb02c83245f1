#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# logout-swap-tool: func/logout-swap with swap turned on and off by
# `iscsi-netswap swapon/swapoff` (a marked session with its sized
# reserve), as an administrator sets it up: every logout form is refused
# there too, and swapon does not warn about logouts.
export SWAP_TOOL=1 TEST_NAME=logout-swap-tool
exec "$(dirname "$0")/../func/logout-swap.sh" "$@"
