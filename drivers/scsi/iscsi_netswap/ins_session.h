/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - ins_session.c: a session: its preallocated buffers, CmdSN
 * window, parameters.
 */
#ifndef INS_SESSION_H
#define INS_SESSION_H

#include <linux/types.h>

#include "iscsi_netswap.h"

struct iscsi_cls_session;

struct iscsi_cls_session *ins_session_create(u16 cmds_max, u16 qdepth,
					     u32 initial_cmdsn);
void ins_session_destroy(struct iscsi_cls_session *cls);
int ins_session_set_max_r2t(struct ins_session *sess, int max_r2t);
int ins_switch_str(char **param, const char *buf);

#endif /* INS_SESSION_H */
