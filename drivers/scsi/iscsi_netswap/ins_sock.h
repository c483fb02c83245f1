/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_sock.c: socket callbacks, the receive ring, io_work.
 */
#ifndef INS_SOCK_H
#define INS_SOCK_H

#include <linux/types.h>

struct ins_conn;
struct work_struct;

void ins_sock_set_callbacks(struct ins_conn *conn);
void ins_sock_restore_callbacks(struct ins_conn *conn);
void ins_io_work(struct work_struct *work);
void ins_rx_ring_pull(struct ins_conn *conn);
int ins_sock_rx_status(struct ins_conn *conn);

#endif /* INS_SOCK_H */
