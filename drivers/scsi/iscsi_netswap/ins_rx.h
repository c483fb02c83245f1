/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_rx.c: the receive state machine and PDU dispatch.
 */
#ifndef INS_RX_H
#define INS_RX_H

#include <linux/types.h>

struct ins_conn;

int ins_rx_run(struct ins_conn *conn);
bool ins_rx_run_atomic(struct ins_conn *conn);
void ins_rx_reset(struct ins_conn *conn);

#endif /* INS_RX_H */
