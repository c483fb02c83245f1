// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the SCSI host: template, queuecommand, command
 * completion and the command timeout policy.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/jiffies.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"

struct ins_session *ins_shost_session(struct Scsi_Host *shost)
{
	struct ins_host *ihost = shost_priv(shost);

	return ihost->sess;
}

/**
 * ins_scsi_done - complete a command from any context
 * @sc: command with its result set
 *
 * The midlayer finishes a command in BLOCK_SOFTIRQ. Raised from process
 * context (io_work) that softirq wakes ksoftirqd, one more scheduling
 * step on every completion; with bottom halves off it runs on the way
 * out of local_bh_enable() instead, as it does after the receive softirq.
 */
void ins_scsi_done(struct scsi_cmnd *sc)
{
	local_bh_disable();
	scsi_done(sc);
	local_bh_enable();
}

/**
 * ins_cmd_finish - hand a command back to the midlayer
 * @sess: session
 * @cmd: command whose sc->result is set
 *
 * A command whose PDU is half way onto the socket still has its pages in
 * use: its completion waits until the transmit side lets go of it.
 */
void ins_cmd_finish(struct ins_session *sess, struct ins_cmd *cmd)
{
	spin_lock_bh(&sess->lock);
	if (!cmd->inflight) {
		spin_unlock_bh(&sess->lock);
		return;
	}
	cmd->inflight = false;
	ins_swap_cmd_put(&sess->swap);
	list_del_init(&cmd->tx_entry);
	if (!cmd->cmd_sent)
		sess->queued_cmdsn--;
	if (cmd->tx_busy) {
		cmd->done_deferred = true;
		spin_unlock_bh(&sess->lock);
		return;
	}
	spin_unlock_bh(&sess->lock);
	ins_scsi_done(ins_sc(cmd));
}

struct ins_fail_ctx {
	struct ins_session *sess;
	int host_byte;
	u64 lun;
	bool all_luns;
	bool removed_only;
};

static bool ins_sdev_going(struct scsi_device *sdev)
{
	enum scsi_device_state st = READ_ONCE(sdev->sdev_state);

	return st == SDEV_CANCEL || st == SDEV_DEL;
}

static bool ins_fail_one(struct scsi_cmnd *sc, void *data)
{
	struct ins_fail_ctx *ctx = data;
	struct ins_cmd *cmd = ins_cmd(sc);

	if (!ctx->all_luns && sc->device->lun != ctx->lun)
		return true;
	if (ctx->removed_only && !ins_sdev_going(sc->device))
		return true;
	spin_lock_bh(&ctx->sess->lock);
	if (!cmd->inflight) {
		spin_unlock_bh(&ctx->sess->lock);
		return true;
	}
	sc->result = ctx->host_byte << 16;
	spin_unlock_bh(&ctx->sess->lock);
	ins_cmd_finish(ctx->sess, cmd);
	return true;
}

/**
 * ins_fail_all_cmds - complete outstanding commands with a host byte
 * @sess: session
 * @host_byte: DID_* value
 * @lun: only this LUN unless @all_luns
 * @all_luns: every LUN of the session
 */
void ins_fail_all_cmds(struct ins_session *sess, int host_byte, u64 lun,
		       bool all_luns)
{
	struct ins_fail_ctx ctx = {
		.sess = sess,
		.host_byte = host_byte,
		.lun = lun,
		.all_luns = all_luns,
	};

	scsi_host_busy_iter(sess->shost, ins_fail_one, &ctx);
}

/**
 * ins_fail_removed_cmds - end the commands of devices being removed
 * @sess: session whose commands wait for a recovery
 *
 * Removing a device (logout, or a delete through sysfs) waits until its
 * queue is empty; a command kept for a recovery that may never succeed
 * would hold it for ever.
 */
void ins_fail_removed_cmds(struct ins_session *sess)
{
	struct ins_fail_ctx ctx = {
		.sess = sess,
		.host_byte = DID_NO_CONNECT,
		.all_luns = true,
		.removed_only = true,
	};

	scsi_host_busy_iter(sess->shost, ins_fail_one, &ctx);
}

/* The CmdSN window opened again after queuecommand said busy. */
void ins_kick_queues(struct ins_session *sess)
{
	struct scsi_device *sdev;

	shost_for_each_device(sdev, sess->shost)
		blk_mq_run_hw_queues(sdev->request_queue, true);
}

void ins_cmd_init(struct ins_cmd *cmd, u32 itt, u32 cmdsn)
{
	INIT_LIST_HEAD(&cmd->tx_entry);
	cmd->itt = itt;
	cmd->cmdsn = cmdsn;
	cmd->exp_datasn = 0;
	cmd->data_in = 0;
	cmd->imm_len = 0;
	cmd->unsol_len = 0;
	cmd->unsol_sent = 0;
	cmd->unsol_datasn = 0;
	cmd->r2t_head = 0;
	cmd->r2t_count = 0;
	cmd->cmd_sent = false;
	cmd->tx_busy = false;
	cmd->done_deferred = false;
	cmd->pinged = false;
	cmd->last_xfer = jiffies;
	cmd->inflight = true;
}

/*
 * queuecommand: give the command a CmdSN if the target's window allows,
 * put it on the connection's transmit list and kick io_work. Nothing is
 * allocated and nothing sleeps.
 */
static int ins_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *sc)
{
	struct ins_session *sess = ins_shost_session(shost);
	struct ins_cmd *cmd = ins_cmd(sc);
	struct ins_conn *conn;
	u32 itt;
	int rc;

	/*
	 * In-kernel recovery: the class shows FAILED, but the command is
	 * taken and kept, to be sent when the connection is back. A busy
	 * answer would leave it where neither a logout nor a device removal
	 * could end it.
	 */
	if (unlikely(READ_ONCE(sess->recovery.recovering))) {
		spin_lock_bh(&sess->lock);
		conn = sess->conn;
		if (conn && sess->recovery.recovering) {
			ins_cmd_init(cmd, scsi_cmd_to_rq(sc)->tag |
				     ((u32)conn->age << INS_ITT_AGE_SHIFT), 0);
			ins_swap_cmd_get(&sess->swap, shost->can_queue);
			spin_unlock_bh(&sess->lock);
			return 0;
		}
		spin_unlock_bh(&sess->lock);
	}
	rc = iscsi_session_chkready(sess->cls);
	if (rc) {
		sc->result = rc;
		scsi_done(sc);
		return 0;
	}
	/* more than 16 bytes go in an Extended CDB AHS (ins_tx.c) */
	if (unlikely(!sc->cmd_len || sc->cmd_len > INS_MAX_CMD_LEN)) {
		sc->result = DID_ERROR << 16;
		scsi_done(sc);
		return 0;
	}

	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	if (!conn || conn->state != INS_CONN_FFP ||
	    sess->state != INS_SESS_LOGGED_IN) {
		enum ins_sess_state st = sess->state;

		spin_unlock_bh(&sess->lock);
		if (st == INS_SESS_TERMINATE || st == INS_SESS_FREE) {
			sc->result = DID_NO_CONNECT << 16;
			scsi_done(sc);
			return 0;
		}
		if (st == INS_SESS_RECOVERY_FAILED) {
			sc->result = DID_TRANSPORT_FAILFAST << 16;
			scsi_done(sc);
			return 0;
		}
		/* about to be blocked for recovery, or logging out */
		return SCSI_MLQUEUE_TARGET_BUSY;
	}
	if (!ins_cmdsn_window_may_queue(&sess->win, sess->queued_cmdsn)) {
		sess->window_closed = true;
		sess->swap.window_waits++;
		spin_unlock_bh(&sess->lock);
		return SCSI_MLQUEUE_TARGET_BUSY;
	}
	itt = scsi_cmd_to_rq(sc)->tag | ((u32)conn->age << INS_ITT_AGE_SHIFT);
	/* the CmdSN itself is taken when the PDU is built, in order */
	sess->queued_cmdsn++;
	ins_cmd_init(cmd, itt, 0);
	ins_swap_cmd_get(&sess->swap, shost->can_queue);
	list_add_tail(&cmd->tx_entry, &conn->cmd_q);
	spin_unlock_bh(&sess->lock);

	ins_swap_note_cmd(&sess->swap, scsi_cmd_to_rq(sc)->cmd_flags);

	ins_conn_queue_io(conn);
	return 0;
}

/*
 * Command timeout: while the session is down or the connection still
 * shows life, give the command more time; otherwise ping the target once
 * and then let the SCSI EH abort it.
 */
static enum blk_eh_timer_return ins_eh_timed_out(struct scsi_cmnd *sc)
{
	struct ins_session *sess = ins_shost_session(sc->device->host);
	struct ins_cmd *cmd = ins_cmd(sc);
	enum blk_eh_timer_return ret = BLK_EH_DONE;
	struct ins_conn *conn;
	unsigned long tmo = scsi_cmd_to_rq(sc)->timeout;
	bool ping = false;

	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	if (sess->state != INS_SESS_LOGGED_IN || !conn ||
	    conn->state != INS_CONN_FFP) {
		if (sess->state != INS_SESS_TERMINATE &&
		    sess->state != INS_SESS_RECOVERY_FAILED &&
		    sess->state != INS_SESS_FREE)
			ret = BLK_EH_RESET_TIMER;
		goto out;
	}
	if (!cmd->inflight)
		goto out;
	if (sess->mgmt[INS_MGMT_PING].busy) {
		/* the ping decides whether the connection is dead */
		ret = BLK_EH_RESET_TIMER;
		goto out;
	}
	if (time_after(cmd->last_xfer + tmo / 2, jiffies)) {
		ret = BLK_EH_RESET_TIMER;
		goto out;
	}
	if (!cmd->pinged && conn->recv_tmo) {
		cmd->pinged = true;
		ping = true;
		ret = BLK_EH_RESET_TIMER;
	}
out:
	spin_unlock_bh(&sess->lock);
	if (ping && ins_send_ping(conn))
		ret = BLK_EH_DONE;
	return ret;
}

static int ins_slave_configure(struct scsi_device *sdev)
{
	struct ins_session *sess = ins_shost_session(sdev->host);
	struct ins_conn *conn = sess->conn;

	/* a data digest needs pages that do not change while being sent */
	if (conn && conn->datadgst_en)
		blk_queue_flag_set(QUEUE_FLAG_STABLE_WRITES,
				   sdev->request_queue);
	blk_queue_dma_alignment(sdev->request_queue, 0);
	return 0;
}

struct scsi_host_template ins_sht = {
	.module			= THIS_MODULE,
	.name			= "iSCSI Initiator over TCP/IP (iscsi_netswap)",
	.proc_name		= "iscsi_tcp",
	.queuecommand		= ins_queuecommand,
	.change_queue_depth	= scsi_change_queue_depth,
	.can_queue		= INS_MAX_CMDS_MAX - INS_MGMT_NR,
	.cmd_per_lun		= INS_DEF_CMD_PER_LUN,
	.sg_tablesize		= INS_SG_TABLESIZE,
	.max_sectors		= INS_MAX_SECTORS,
	.this_id		= -1,
	.track_queue_depth	= 1,
	.cmd_size		= sizeof(struct ins_cmd),
	.eh_timed_out		= ins_eh_timed_out,
	.eh_abort_handler	= ins_eh_abort,
	.eh_device_reset_handler = ins_eh_device_reset,
	.eh_target_reset_handler = ins_eh_target_reset,
	.slave_configure	= ins_slave_configure,
	.shost_groups		= ins_shost_groups,
};
