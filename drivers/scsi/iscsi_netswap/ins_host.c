// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the SCSI host: template, queuecommand and the command
 * timeout policy (a command's lifecycle is ins_cmd.c's).
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
#include "ins_conn.h"
#include "ins_host.h"
#include "ins_sysfs.h"
#include "ins_tmf.h"

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
	if (unlikely(READ_ONCE(sess->state) == INS_ST_RECOVERING)) {
		spin_lock_bh(&sess->lock);
		conn = sess->conn;
		if (conn && sess->state == INS_ST_RECOVERING) {
			ins_cmd_start(sess, cmd, scsi_cmd_to_rq(sc)->tag |
				      ((u32)conn->age << INS_ITT_AGE_SHIFT));
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
	if (!conn || sess->state != INS_ST_LIVE) {
		enum ins_state st = sess->state;

		spin_unlock_bh(&sess->lock);
		if (!conn || st == INS_ST_TERMINATED || st == INS_ST_NEW) {
			sc->result = DID_NO_CONNECT << 16;
			scsi_done(sc);
			return 0;
		}
		if (st == INS_ST_GIVEN_UP) {
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
	ins_cmd_start(sess, cmd, itt);
	list_add_tail(&cmd->tx_entry, &conn->cmd_q);
	spin_unlock_bh(&sess->lock);

	ins_swap_note_cmd(&sess->swap, scsi_cmd_to_rq(sc)->cmd_flags);

	ins_queue_io(conn);
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
	if (sess->state != INS_ST_LIVE || !conn) {
		/* more time while the connection can still come back */
		if (conn && sess->state != INS_ST_TERMINATED &&
		    sess->state != INS_ST_GIVEN_UP &&
		    sess->state != INS_ST_NEW)
			ret = BLK_EH_RESET_TIMER;
		goto out;
	}
	if (!cmd->outstanding)
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
#ifdef CONFIG_SCSI_SWAP_NOTIFY
	.swap_activate		= ins_swap_activate,
	.swap_deactivate	= ins_swap_deactivate,
#endif
	.shost_groups		= ins_shost_groups,
};
