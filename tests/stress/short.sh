#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The short form of the stress suite, as `make check` runs it (a line of
# tests/check.list): one run of every scenario on $TRANSPORT (default
# iscsi_netswap), the summary table printed; it passes when every scenario
# passed. STRESS_TRANSPORTS="iscsi_tcp iscsi_netswap" adds stock
# iscsi_tcp side by side, reported, not asserted (make stress always runs
# both; make check leaves stock out to stay within CI's time). Arguments
# go to stress.sh (scenario names, -t, -n).
# Without scenario names: the four of issue 4 (plain, flood, fio, memcg);
# the outage rows have their short form in tests/netswap/swap-outage.sh
# and netswap/recovery.sh.
here=$(cd "$(dirname "$0")" && pwd)
tr=${TRANSPORT:-iscsi_netswap}
[ $# -eq 0 ] && set -- plain flood fio memcg
exec "$here/stress.sh" -a "$tr" -t "${STRESS_TRANSPORTS:-$tr}" "$@"
