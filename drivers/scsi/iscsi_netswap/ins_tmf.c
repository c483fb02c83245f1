// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - SCSI error handling through iSCSI task management:
 * ABORT TASK, LOGICAL UNIT RESET, TARGET WARM RESET, and as the last
 * resort a connection drop that iscsid (ERL0) turns into a new login.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_tmf.h"
#include "ins_tx.h"

void ins_tmf_rsp(struct ins_session *sess, u8 response)
{
	spin_lock_bh(&sess->lock);
	if (sess->tmf_state == INS_TMF_QUEUED) {
		sess->tmf_response = response;
		sess->tmf_state = INS_TMF_DONE;
	}
	spin_unlock_bh(&sess->lock);
	wake_up_all(&sess->tmf_wait);
}

void ins_tmf_fail(struct ins_session *sess)
{
	spin_lock_bh(&sess->lock);
	if (sess->tmf_state == INS_TMF_QUEUED)
		sess->tmf_state = INS_TMF_FAILED;
	spin_unlock_bh(&sess->lock);
	wake_up_all(&sess->tmf_wait);
}

/**
 * ins_tmf_exec - send one task management request and wait for it
 * @sess: session
 * @func: task management function (INS_TMF_ABORT_TASK, ... in core)
 * @lun: logical unit
 * @cmd: referenced task for ABORT TASK, else NULL
 * @timeout: seconds
 * @response: the target's response code
 *
 * A request the target does not answer in time ends the connection:
 * under ERL0 that is the only way to know where the task stands.
 *
 * Return: 0 with @response set, or a negative errno.
 */
static int ins_tmf_exec(struct ins_session *sess, u8 func, u64 lun,
			struct ins_cmd *cmd, int timeout, u8 *response)
{
	struct ins_mgmt *m = &sess->mgmt[INS_MGMT_TMF];
	struct ins_tmf_req req = {
		.function = func,
		.ref_itt = INS_RESERVED_TAG,
		.immediate = true,
	};
	struct ins_conn *conn;
	enum ins_tmf_state st;
	long left;
	int ret = 0;

	mutex_lock(&sess->tmf_mutex);
	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	if (!conn || !ins_state_may_request(sess->state)) {
		ret = -ENOTCONN;
		goto unlock;
	}
	if (m->busy) {
		ret = -EBUSY;
		goto unlock;
	}
	ins_lun_encode(lun, req.lun);
	req.itt = ins_mgmt_itt(conn, INS_MGMT_TMF);
	req.cmdsn = sess->cmdsn;
	if (cmd) {
		req.ref_itt = cmd->itt;
		req.ref_cmdsn = cmd->cmdsn;
		req.exp_datasn = cmd->exp_datasn;
	}
	if (ins_bhs_encode_tmf(m->hdr, &req)) {
		ret = -EINVAL;
		goto unlock;
	}
	m->data_len = 0;
	sess->tmf_state = INS_TMF_QUEUED;
	ins_tx_queue_mgmt(conn, m);
	spin_unlock_bh(&sess->lock);

	ins_queue_io(conn);
	left = wait_event_timeout(sess->tmf_wait,
				  READ_ONCE(sess->tmf_state) != INS_TMF_QUEUED,
				  (timeout > 0 ? timeout : 10) * HZ);

	spin_lock_bh(&sess->lock);
	st = sess->tmf_state;
	*response = sess->tmf_response;
	sess->tmf_state = INS_TMF_IDLE;
	spin_unlock_bh(&sess->lock);

	if (st == INS_TMF_DONE)
		goto out;
	ret = -EIO;
	if (!left) {
		iscsi_cls_session_printk(KERN_ERR, sess->cls,
					 "task management function 0x%x timed out after %d s: dropping the connection\n",
					 func, timeout);
		ins_state_fail(conn, ISCSI_ERR_SCSI_EH_SESSION_RST);
		ret = -ETIMEDOUT;
	}
	goto out;
unlock:
	spin_unlock_bh(&sess->lock);
out:
	mutex_unlock(&sess->tmf_mutex);
	return ret;
}

/* Wait for the session to be logged in again, or to be given up. */
static int ins_wait_session(struct ins_session *sess)
{
	enum ins_state st;

	wait_event(sess->state_wait,
		   (st = READ_ONCE(sess->state)) == INS_ST_LIVE ||
		   st == INS_ST_TERMINATED || st == INS_ST_GIVEN_UP ||
		   st == INS_ST_NEW);
	return st == INS_ST_LIVE ? 0 : -ENOTCONN;
}

int ins_eh_abort(struct scsi_cmnd *sc)
{
	struct ins_session *sess = ins_shost_session(sc->device->host);
	struct ins_cmd *cmd = ins_cmd(sc);
	struct ins_conn *conn;
	bool outstanding;
	u8 resp = 0;
	int ret;

	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	if (conn)
		conn->stats.eh_abort_cnt++;
	outstanding = cmd->outstanding;
	spin_unlock_bh(&sess->lock);
	/* ended meanwhile (a response, a connection stop): take it back */
	if (!outstanding)
		return ins_cmd_reclaim(sess, cmd) ? SUCCESS : FAILED;
	/* never reached the target: its CmdSN goes back unused */
	if (ins_cmd_unqueue(sess, cmd))
		return SUCCESS;

	ret = ins_tmf_exec(sess, INS_TMF_ABORT_TASK, sc->device->lun,
			   cmd, sess->abort_timeout, &resp);
	if (ret) {
		/* no answer, but the connection stop may have ended it */
		if (!READ_ONCE(cmd->outstanding) && ins_cmd_reclaim(sess, cmd))
			return SUCCESS;
		return FAILED;
	}
	switch (resp) {
	case INS_TMF_RSP_COMPLETE:
	case INS_TMF_RSP_NO_TASK:
		return ins_cmd_reclaim(sess, cmd) ? SUCCESS : FAILED;
	default:
		iscsi_cls_session_printk(KERN_INFO, sess->cls,
					 "abort of itt 0x%x refused (response %u)\n",
					 cmd->itt, resp);
		return FAILED;
	}
}

int ins_eh_device_reset(struct scsi_cmnd *sc)
{
	struct ins_session *sess = ins_shost_session(sc->device->host);
	u64 lun = sc->device->lun;
	u8 resp = 0;
	int ret;

	ret = ins_tmf_exec(sess, INS_TMF_LUN_RESET, lun, NULL,
			   sess->lu_reset_timeout, &resp);
	if (ret || resp != INS_TMF_RSP_COMPLETE)
		return FAILED;
	/* the target dropped every task of the LU */
	return ins_cmds_reclaim(sess, DID_RESET, lun, false) ? SUCCESS : FAILED;
}

/*
 * Target reset: TARGET WARM RESET first; when that is not possible, drop
 * the connection and wait for iscsid to log in again (session recovery).
 */
int ins_eh_target_reset(struct scsi_cmnd *sc)
{
	struct ins_session *sess = ins_shost_session(sc->device->host);
	struct ins_conn *conn;
	u8 resp = 0;
	int ret;

	ret = ins_tmf_exec(sess, INS_TMF_TARGET_WARM_RESET, 0, NULL,
			   sess->tgt_reset_timeout, &resp);
	if (!ret && resp == INS_TMF_RSP_COMPLETE &&
	    ins_cmds_reclaim(sess, DID_RESET, 0, true))
		return SUCCESS;

	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	spin_unlock_bh(&sess->lock);
	if (conn)
		ins_state_fail(conn, ISCSI_ERR_SCSI_EH_SESSION_RST);
	/* the connection stop fails every command, then iscsid logs in */
	if (ins_wait_session(sess))
		return FAILED;
	return SUCCESS;
}
