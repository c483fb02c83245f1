/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - the lifecycle of a SCSI command (ins_cmd.c): the only
 * place that starts, ends, reclaims, unqueues or requeues one.
 */
#ifndef INS_CMD_H
#define INS_CMD_H

#include <linux/types.h>
#include <linux/bottom_half.h>
#include <linux/spinlock.h>
#include <scsi/scsi_cmnd.h>

struct ins_session;
struct ins_conn;
struct ins_cmd;

/* What holds a command's pages (struct ins_cmd.holds). */
#define INS_CMD_HOLD_TX		0x1	/* a PDU of it is half sent */
#define INS_CMD_HOLD_RX		0x2	/* a Data-In is being copied into it */

void ins_cmd_start(struct ins_session *sess, struct ins_cmd *cmd, u32 itt);
void ins_cmd_hold(struct ins_cmd *cmd, unsigned int hold);
bool ins_cmd_unhold(struct ins_cmd *cmd, unsigned int hold);
bool ins_cmd_end(struct ins_session *sess, struct ins_cmd *cmd);
bool ins_cmd_unqueue(struct ins_session *sess, struct ins_cmd *cmd);
bool ins_cmd_reclaim(struct ins_session *sess, struct ins_cmd *cmd);
void ins_cmd_requeue(struct ins_session *sess, struct ins_conn *conn,
		     struct ins_cmd *cmd, u32 itt);
void ins_cmds_fail(struct ins_session *sess, int host_byte, u64 lun,
		   bool all_luns);
void ins_cmds_fail_removed(struct ins_session *sess);
bool ins_cmds_reclaim(struct ins_session *sess, int host_byte, u64 lun,
		      bool all_luns);
bool ins_cmd_window_update(struct ins_session *sess, u32 exp_cmdsn,
			   u32 max_cmdsn);
void ins_cmd_kick_queues(struct ins_session *sess);

/**
 * ins_cmd_deliver - hand an ended command to the midlayer
 * @sc: the command ins_cmd_end() or ins_cmd_unhold() said to deliver,
 *	or NULL
 *
 * Called after spin_unlock() of the spin_lock_bh() section that made the
 * decision, with bottom halves still off; the caller turns them on again
 * after its last delivery. That makes the span from the decision to
 * scsi_done() one RCU read-side section, which the error handler waits
 * out (ins_cmd_reclaim()) before it takes a command back: no completion
 * of ours can reach a command the midlayer has dispatched again.
 * Bottom halves off also runs BLOCK_SOFTIRQ on the way out of
 * local_bh_enable() rather than waking ksoftirqd from io_work.
 */
static inline void ins_cmd_deliver(struct scsi_cmnd *sc)
{
	if (sc)
		scsi_done(sc);
}

#endif /* INS_CMD_H */
