#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The short form of the stress suite, as `make check` runs it (a line of
# tests/check.list): one run of every scenario on $TRANSPORT (default
# iscsi_netswap), the summary table printed; it passes when every scenario
# passed. STRESS_TRANSPORTS="iscsi_tcp iscsi_netswap" adds stock
# iscsi_tcp side by side, reported, not asserted (make stress always runs
# both; make check leaves stock out to stay within CI's time). Arguments
# go to stress.py (scenario names, -t, -n).
# Without scenario names: flood and memcg, the two of issue 4 that no
# other test of make check covers. The other two have their short form
# elsewhere in make check, which keeps it within its time with the debug
# kernel's tests: plain is netswap/swap-stress-tool (4 x guest RAM, every
# page verified), fio is netswap/zero-alloc's steady state (the hog and
# fio on a second LUN of the swap session). `short.sh plain flood fio
# memcg` runs all four. The outage rows have their short form in
# tests/netswap/swap-outage.sh and netswap/recovery.sh.
here=$(cd "$(dirname "$0")" && pwd)
tr=${TRANSPORT:-iscsi_netswap}
[ $# -eq 0 ] && set -- flood memcg
exec "$here/stress.py" -a "$tr" -t "${STRESS_TRANSPORTS:-$tr}" "$@"
