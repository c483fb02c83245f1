/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_tx.c: the transmit state machine.
 */
#ifndef INS_TX_H
#define INS_TX_H

#include <linux/types.h>

struct ins_conn;
struct ins_mgmt;

int ins_tx_run(struct ins_conn *conn);
void ins_tx_reset(struct ins_conn *conn);
void ins_tx_queue_mgmt(struct ins_conn *conn, struct ins_mgmt *m);

#endif /* INS_TX_H */
