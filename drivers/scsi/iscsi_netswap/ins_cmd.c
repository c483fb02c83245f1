// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the lifecycle of a SCSI command.
 *
 * A command is the midlayer's until queuecommand starts it; then it is
 * ours ("outstanding") until one thing ends it: its response, a PDU that
 * cannot be encoded, a connection stop, a device removal, a recovery
 * given up, a task management reset. The error handler may instead take
 * it back (reclaim), or unqueue it if it never reached the wire. Every
 * one of those goes through this file, under the session lock.
 *
 * The invariant: a command is never handed back to the midlayer (by
 * scsi_done() or by an error handler's SUCCESS) while the transmit side
 * sends from its pages or the receive side copies into them. Each side
 * holds the command (INS_CMD_HOLD_TX, INS_CMD_HOLD_RX) for as long as it
 * uses the command's scatterlist; an end decided meanwhile is kept
 * (end_pending) and delivered by the side that lets go last; a reclaim
 * waits for both holds to go, and then for every delivery already under
 * way (ins_cmd_deliver()). It matters beyond the pages: the midlayer
 * zeroes this private area each time it dispatches the request again.
 * A PDU that arrives for a command that has ended finds no outstanding
 * command with its ITT: a protocol error (ins_rx.c), never a write into
 * pages the block layer has taken back.
 */
#include <linux/blk-mq.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "iscsi_netswap.h"

/* How long a reclaim waits for the sides to let go of a command. */
#define INS_RECLAIM_WAIT_MS	5000

/* Every field of a command's state but its holds; the midlayer zeroed it. */
static void ins_cmd_reset(struct ins_cmd *cmd, u32 itt)
{
	INIT_LIST_HEAD(&cmd->tx_entry);
	cmd->itt = itt;
	cmd->cmdsn = 0;
	cmd->exp_datasn = 0;
	cmd->data_in = 0;
	cmd->imm_len = 0;
	cmd->unsol_len = 0;
	cmd->unsol_sent = 0;
	cmd->unsol_datasn = 0;
	cmd->r2t_next = 0;
	cmd->r2t_head = 0;
	cmd->r2t_count = 0;
	cmd->cmd_sent = false;
	cmd->end_pending = false;
	cmd->pinged = false;
	cmd->last_xfer = jiffies;
	cmd->outstanding = true;
}

/**
 * ins_cmd_start - make a command ours
 * @sess: session, its lock held
 * @cmd: the command's private data
 * @itt: its Initiator Task Tag (request tag and connection age)
 *
 * The CmdSN is taken later, when its PDU is built, in order (ins_tx.c).
 */
void ins_cmd_start(struct ins_session *sess, struct ins_cmd *cmd, u32 itt)
{
	lockdep_assert_held(&sess->lock);
	cmd->holds = 0;
	ins_cmd_reset(cmd, itt);
	ins_swap_cmd_get(&sess->swap, sess->shost->can_queue);
}

/* Lock held: a side begins to use the command's pages. */
void ins_cmd_hold(struct ins_cmd *cmd, unsigned int hold)
{
	cmd->holds |= hold;
}

/**
 * ins_cmd_unhold - a side is done with a command's pages
 * @cmd: command, the session lock held
 * @hold: INS_CMD_HOLD_TX or INS_CMD_HOLD_RX
 *
 * Return: true when the command ended while held and this was the last
 * hold: the caller delivers it (ins_cmd_deliver()).
 */
bool ins_cmd_unhold(struct ins_cmd *cmd, unsigned int hold)
{
	cmd->holds &= ~hold;
	if (cmd->holds || !cmd->end_pending)
		return false;
	cmd->end_pending = false;
	return true;
}

/* No longer outstanding: off the transmit queue, out of the counts. */
static bool ins_cmd_forget(struct ins_session *sess, struct ins_cmd *cmd)
{
	if (!cmd->outstanding)
		return false;
	cmd->outstanding = false;
	ins_swap_cmd_put(&sess->swap);
	list_del_init(&cmd->tx_entry);
	/* its CmdSN was never taken */
	if (!cmd->cmd_sent)
		sess->queued_cmdsn--;
	return true;
}

/**
 * ins_cmd_end - end an outstanding command with the result set in it
 * @sess: session, its lock held
 * @cmd: command
 *
 * Return: true when the caller delivers it now (ins_cmd_deliver());
 * false when it was not outstanding (something else ended it first) or
 * a side still holds it (the last ins_cmd_unhold() delivers it).
 */
bool ins_cmd_end(struct ins_session *sess, struct ins_cmd *cmd)
{
	lockdep_assert_held(&sess->lock);
	if (!ins_cmd_forget(sess, cmd))
		return false;
	if (cmd->holds) {
		cmd->end_pending = true;
		return false;
	}
	return true;
}

/**
 * ins_cmd_unqueue - take back a command that never reached the target
 * @sess: session
 * @cmd: command the error handler aborts
 *
 * Return: true if it was outstanding and its command PDU not begun: its
 * CmdSN goes back unused and nothing of it is on the wire.
 */
bool ins_cmd_unqueue(struct ins_session *sess, struct ins_cmd *cmd)
{
	bool unqueued;

	spin_lock_bh(&sess->lock);
	unqueued = cmd->outstanding && !cmd->cmd_sent && !cmd->holds;
	if (unqueued)
		ins_cmd_forget(sess, cmd);
	spin_unlock_bh(&sess->lock);
	return unqueued;
}

/*
 * After the holds are gone, wait for the deliveries already decided: each
 * runs with bottom halves off from its decision to scsi_done()
 * (ins_cmd_deliver()), an RCU read-side section.
 */
static void ins_cmd_wait_deliveries(void)
{
	synchronize_rcu();
}

/**
 * ins_cmd_reclaim - take a command back for the SCSI error handler
 * @sess: session
 * @cmd: command the error handler owns (it timed out)
 *
 * The command stops being outstanding and no completion of ours will
 * follow; then this waits until neither side holds it. Sleeps.
 *
 * Return: true when the error handler may report SUCCESS; false when a
 * side kept it for INS_RECLAIM_WAIT_MS (the error handler escalates, and
 * a connection drop at the end of that releases every hold).
 */
bool ins_cmd_reclaim(struct ins_session *sess, struct ins_cmd *cmd)
{
	unsigned long end = jiffies + msecs_to_jiffies(INS_RECLAIM_WAIT_MS);

	spin_lock_bh(&sess->lock);
	ins_cmd_forget(sess, cmd);
	cmd->end_pending = false;
	spin_unlock_bh(&sess->lock);

	while (READ_ONCE(cmd->holds)) {
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	ins_cmd_wait_deliveries();
	return true;
}

/**
 * ins_cmd_requeue - send an outstanding command again on a new connection
 * @sess: session, its lock held
 * @conn: connection, quiesced and restarted (no side holds anything)
 * @cmd: outstanding command
 * @itt: its tag with the new connection's age
 */
void ins_cmd_requeue(struct ins_session *sess, struct ins_conn *conn,
		     struct ins_cmd *cmd, u32 itt)
{
	lockdep_assert_held(&sess->lock);
	WARN_ON_ONCE(!cmd->outstanding || cmd->holds);
	list_del_init(&cmd->tx_entry);
	ins_cmd_reset(cmd, itt);
	list_add_tail(&cmd->tx_entry, &conn->cmd_q);
	sess->queued_cmdsn++;
}

struct ins_cmds_filter {
	struct ins_session *sess;
	int host_byte;
	u64 lun;
	bool all_luns;
	bool removed_only;
	bool held;		/* ins_cmds_held_one() found a hold */
};

static bool ins_sdev_going(struct scsi_device *sdev)
{
	enum scsi_device_state st = READ_ONCE(sdev->sdev_state);

	return st == SDEV_CANCEL || st == SDEV_DEL;
}

static bool ins_cmds_match(struct ins_cmds_filter *f, struct scsi_cmnd *sc)
{
	if (!f->all_luns && sc->device->lun != f->lun)
		return false;
	return !f->removed_only || ins_sdev_going(sc->device);
}

static bool ins_cmds_fail_one(struct scsi_cmnd *sc, void *data)
{
	struct ins_cmds_filter *f = data;
	struct ins_cmd *cmd = ins_cmd(sc);
	bool deliver = false;

	if (!ins_cmds_match(f, sc))
		return true;
	spin_lock_bh(&f->sess->lock);
	if (cmd->outstanding) {
		sc->result = f->host_byte << 16;
		deliver = ins_cmd_end(f->sess, cmd);
	}
	spin_unlock(&f->sess->lock);
	ins_cmd_deliver(deliver ? sc : NULL);
	local_bh_enable();
	return true;
}

static bool ins_cmds_held_one(struct scsi_cmnd *sc, void *data)
{
	struct ins_cmds_filter *f = data;

	if (ins_cmds_match(f, sc) && READ_ONCE(ins_cmd(sc)->holds)) {
		f->held = true;
		return false;
	}
	return true;
}

/**
 * ins_cmds_fail - end outstanding commands with a host byte
 * @sess: session
 * @host_byte: DID_* value
 * @lun: only this LUN unless @all_luns
 * @all_luns: every LUN of the session
 */
void ins_cmds_fail(struct ins_session *sess, int host_byte, u64 lun,
		   bool all_luns)
{
	struct ins_cmds_filter f = {
		.sess = sess,
		.host_byte = host_byte,
		.lun = lun,
		.all_luns = all_luns,
	};

	scsi_host_busy_iter(sess->shost, ins_cmds_fail_one, &f);
}

/**
 * ins_cmds_fail_removed - end the commands of devices being removed
 * @sess: session whose commands wait for a recovery
 *
 * Removing a device (logout, or a delete through sysfs) waits until its
 * queue is empty; a command kept for a recovery that may never succeed
 * would hold it for ever.
 */
void ins_cmds_fail_removed(struct ins_session *sess)
{
	struct ins_cmds_filter f = {
		.sess = sess,
		.host_byte = DID_NO_CONNECT,
		.all_luns = true,
		.removed_only = true,
	};

	scsi_host_busy_iter(sess->shost, ins_cmds_fail_one, &f);
}

/**
 * ins_cmds_reclaim - end every command a task management reset dropped
 * @sess: session
 * @host_byte: DID_* value for the commands the midlayer still waits for
 * @lun: the reset LUN unless @all_luns
 * @all_luns: a target reset
 *
 * The target forgot those tasks; the error handler will retry or fail
 * the ones it owns as soon as it is told SUCCESS, so none of them may
 * still be held by a side, nor have a delivery under way. Sleeps.
 *
 * Return: true when that holds; false after INS_RECLAIM_WAIT_MS.
 */
bool ins_cmds_reclaim(struct ins_session *sess, int host_byte, u64 lun,
		      bool all_luns)
{
	unsigned long end = jiffies + msecs_to_jiffies(INS_RECLAIM_WAIT_MS);
	struct ins_cmds_filter f = {
		.sess = sess,
		.host_byte = host_byte,
		.lun = lun,
		.all_luns = all_luns,
	};

	scsi_host_busy_iter(sess->shost, ins_cmds_fail_one, &f);
	for (;;) {
		f.held = false;
		scsi_host_busy_iter(sess->shost, ins_cmds_held_one, &f);
		if (!f.held)
			break;
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	ins_cmd_wait_deliveries();
	return true;
}

/**
 * ins_cmd_window_update - apply ExpCmdSN/MaxCmdSN from a target PDU
 * @sess: session, lock held
 * @exp_cmdsn: ExpCmdSN as received
 * @max_cmdsn: MaxCmdSN as received
 *
 * The rules (RFC 7143 4.2.2.1, serial arithmetic) are the protocol
 * core's: ins_cmdsn_window_update().
 *
 * Return: true when queuecommand had found the window closed and it has
 * room again: the caller runs ins_cmd_kick_queues() after the unlock.
 */
bool ins_cmd_window_update(struct ins_session *sess, u32 exp_cmdsn,
			   u32 max_cmdsn)
{
	ins_cmdsn_window_update(&sess->win, exp_cmdsn, max_cmdsn);
	if (sess->window_closed &&
	    ins_cmdsn_window_may_queue(&sess->win, sess->queued_cmdsn)) {
		sess->window_closed = false;
		return true;
	}
	return false;
}

/* Rerun the queues that queuecommand turned away (window, recovery). */
void ins_cmd_kick_queues(struct ins_session *sess)
{
	struct scsi_device *sdev;

	shost_for_each_device(sdev, sess->shost)
		blk_mq_run_hw_queues(sdev->request_queue, true);
}
