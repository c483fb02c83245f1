/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_sock.c: socket callbacks, both ends of the receive
 * ring, io_work.
 */
#ifndef INS_SOCK_H
#define INS_SOCK_H

#include <linux/types.h>

struct ins_conn;
struct socket;
struct work_struct;

void ins_sock_set_callbacks(struct ins_conn *conn);
void ins_sock_restore_callbacks(struct ins_conn *conn);
void ins_io_work(struct work_struct *work);
int ins_sock_take(struct ins_conn *conn, void *buf, u32 len);
void ins_sock_prepare(struct socket *sock);
void ins_sock_flush(struct ins_conn *conn);
void ins_sock_quiesce(struct ins_conn *conn);

#endif /* INS_SOCK_H */
