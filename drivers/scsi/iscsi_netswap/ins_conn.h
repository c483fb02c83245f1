/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_conn.c: a connection: bind, start, stop, failure,
 * quiesce, pings.
 */
#ifndef INS_CONN_H
#define INS_CONN_H

#include <linux/types.h>
#include <scsi/iscsi_if.h>

struct ins_conn;
struct ins_mgmt;
struct iscsi_cls_conn;
struct iscsi_cls_session;
struct socket;

struct iscsi_cls_conn *ins_conn_create(struct iscsi_cls_session *cls_sess,
				       u32 cid);
void ins_conn_destroy(struct iscsi_cls_conn *cls_conn);
int ins_conn_bind(struct iscsi_cls_session *cls_sess,
		  struct iscsi_cls_conn *cls_conn, u64 fd, int is_leading);
int ins_conn_start(struct iscsi_cls_conn *cls_conn);
void ins_conn_stop(struct iscsi_cls_conn *cls_conn, int flag);
int ins_send_ping(struct ins_conn *conn);

#endif /* INS_CONN_H */
