// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - connection life cycle: create, bind to the socket that
 * iscsid connected, start (full feature phase), stop, destroy, and the
 * NOP-Out keepalive that detects a dead peer.
 */
#include <linux/file.h>
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/ratelimit.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_conn.h"
#include "ins_sock.h"
#include "ins_tx.h"

static void ins_ka_work(struct work_struct *work);

struct iscsi_cls_conn *ins_conn_create(struct iscsi_cls_session *cls_sess,
				       u32 cid)
{
	struct ins_session *sess = cls_sess->dd_data;
	struct iscsi_cls_conn *cls_conn;
	struct ins_conn *conn;

	/* one connection per session, as with iscsi_tcp */
	mutex_lock(&sess->ctl_mutex);
	if (sess->conn) {
		mutex_unlock(&sess->ctl_mutex);
		return NULL;
	}

	cls_conn = iscsi_alloc_conn(cls_sess, sizeof(*conn), cid);
	if (!cls_conn) {
		mutex_unlock(&sess->ctl_mutex);
		return NULL;
	}
	conn = cls_conn->dd_data;
	conn->sess = sess;
	conn->cls_conn = cls_conn;
	conn->max_recv_dlength = INS_RX_LINEAR;
	conn->max_xmit_dlength = INS_RX_LINEAR;
	INIT_WORK(&conn->io_work, ins_io_work);
	conn->rx_take = ins_sock_take;
	INIT_DELAYED_WORK(&conn->ka_work, ins_ka_work);
	INIT_LIST_HEAD(&conn->mgmt_q);
	INIT_LIST_HEAD(&conn->cmd_q);
	ratelimit_state_init(&conn->rx_log_rs, DEFAULT_RATELIMIT_INTERVAL,
			     DEFAULT_RATELIMIT_BURST);

	if (iscsi_add_conn(cls_conn)) {
		iscsi_put_conn(cls_conn);
		mutex_unlock(&sess->ctl_mutex);
		return NULL;
	}
	spin_lock_bh(&sess->lock);
	sess->conn = conn;
	spin_unlock_bh(&sess->lock);
	mutex_unlock(&sess->ctl_mutex);
	return cls_conn;
}

void ins_conn_destroy(struct iscsi_cls_conn *cls_conn)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct ins_session *sess = conn->sess;

	iscsi_remove_conn(cls_conn);
	ins_recovery_cancel(sess);

	/* no connection: queuecommand answers DID_NO_CONNECT from here on */
	spin_lock_bh(&sess->lock);
	ins_state_change(sess, INS_ST_NEW);
	spin_unlock_bh(&sess->lock);

	ins_sock_quiesce(conn);
	ins_cmds_fail(sess, DID_TRANSPORT_DISRUPTED, 0, true);

	spin_lock_bh(&sess->lock);
	sess->conn = NULL;
	spin_unlock_bh(&sess->lock);
	wake_up_all(&sess->state_wait);

	kfree(conn->persistent_address);
	kfree(conn->local_ipaddr);
	iscsi_put_conn(cls_conn);
}

/**
 * ins_conn_bind - the bind_conn callback
 * @cls_sess: session
 * @cls_conn: connection
 * @fd: descriptor, in iscsid, of the TCP socket it connected
 * @is_leading: leading connection of the session
 *
 * Takes a reference on the socket file, hooks the socket callbacks and
 * resets the state machines. iscsid logs in through send_pdu next.
 */
int ins_conn_bind(struct iscsi_cls_session *cls_sess,
		  struct iscsi_cls_conn *cls_conn, u64 fd, int is_leading)
{
	struct ins_session *sess = cls_sess->dd_data;
	struct ins_conn *conn = cls_conn->dd_data;
	struct socket *sock;
	int err;

	sock = sockfd_lookup((int)fd, &err);
	if (!sock) {
		iscsi_cls_conn_printk(KERN_ERR, cls_conn,
				      "sockfd_lookup failed %d\n", err);
		return -EEXIST;
	}
	if (!sk_is_tcp(sock->sk)) {
		sockfd_put(sock);
		return -EINVAL;
	}

	mutex_lock(&sess->ctl_mutex);
	if (conn->sock) {
		mutex_unlock(&sess->ctl_mutex);
		sockfd_put(sock);
		return -EBUSY;
	}
	conn->sock = sock;
	mutex_unlock(&sess->ctl_mutex);

	ins_sock_prepare(sock);
	ins_sock_flush(conn);

	spin_lock_bh(&sess->lock);
	if (!ins_state_change(sess, INS_ST_LOGIN)) {
		enum ins_state st = sess->state;

		spin_unlock_bh(&sess->lock);
		iscsi_cls_conn_printk(KERN_ERR, cls_conn,
				      "bind refused: connection is %s\n",
				      ins_state_name(st));
		mutex_lock(&sess->ctl_mutex);
		conn->sock = NULL;
		mutex_unlock(&sess->ctl_mutex);
		sockfd_put(sock);
		return -EINVAL;
	}
	conn->age = (conn->age + 1) & INS_ITT_AGE_MASK;
	conn->hdrdgst_en = 0;
	conn->datadgst_en = 0;
	/* the target may have shrunk its window since the last login */
	sess->queued_cmdsn = sess->cmdsn;
	ins_cmdsn_window_reset(&sess->win, sess->cmdsn);
	if (is_leading)
		sess->conn = conn;
	spin_unlock_bh(&sess->lock);

	ins_sock_set_callbacks(conn);
	ins_swap_conn_bound(conn);
	ins_recovery_bound(conn);
	return 0;
}

int ins_conn_start(struct iscsi_cls_conn *cls_conn)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct ins_session *sess = conn->sess;

	if ((sess->imm_data_en || !sess->initial_r2t_en) &&
	    sess->first_burst > sess->max_burst) {
		iscsi_cls_conn_printk(KERN_INFO, cls_conn,
				      "invalid burst lengths: first_burst %u max_burst %u\n",
				      sess->first_burst, sess->max_burst);
		return -EINVAL;
	}
	if (conn->ping_tmo && !conn->recv_tmo)
		conn->recv_tmo = 5;
	if (conn->recv_tmo && !conn->ping_tmo)
		conn->ping_tmo = 5;

	spin_lock_bh(&sess->lock);
	/* only the login iscsid just made leads to LIVE */
	if (!conn->sock || sess->state != INS_ST_LOGIN ||
	    !ins_state_change(sess, INS_ST_LIVE)) {
		spin_unlock_bh(&sess->lock);
		return -ENOTCONN;
	}
	sess->unblocked = true;
	conn->last_rx = jiffies;
	spin_unlock_bh(&sess->lock);

	if (conn->recv_tmo)
		mod_delayed_work(ins_wq, &conn->ka_work, conn->recv_tmo * HZ);

	ins_recovery_started(conn);
	iscsi_unblock_session(sess->cls);
	wake_up_all(&sess->state_wait);
	ins_queue_io(conn);
	return 0;
}

/**
 * ins_conn_stop - the stop_conn callback
 * @cls_conn: connection
 * @flag: STOP_CONN_RECOVER (iscsid will log in again) or STOP_CONN_TERM
 *
 * Called by iscsid, or by the transport class after a failure was
 * reported to iscsid (ins_recovery_fail_work()).
 * Quiesces the socket, blocks the session for recovery, and hands every
 * outstanding command back to the midlayer for a retry.
 */
void ins_conn_stop(struct iscsi_cls_conn *cls_conn, int flag)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct ins_session *sess = conn->sess;
	bool block = false;

	/* iscsid takes over (or logs out): no attempt of ours may race it */
	ins_recovery_cancel(sess);

	spin_lock_bh(&sess->lock);
	if (flag == STOP_CONN_TERM) {
		ins_state_change(sess, INS_ST_TERMINATED);
	} else if (sess->state != INS_ST_GIVEN_UP &&
		   ins_state_change(sess, INS_ST_STOPPED)) {
		/* block what start unblocked, once */
		block = sess->unblocked;
		sess->unblocked = false;
	}
	spin_unlock_bh(&sess->lock);

	ins_sock_quiesce(conn);
	if (block)
		iscsi_block_session(sess->cls);
	ins_cmds_fail(sess, DID_TRANSPORT_DISRUPTED, 0, true);
	if (flag == STOP_CONN_RECOVER) {
		conn->hdrdgst_en = 0;
		conn->datadgst_en = 0;
	}
	wake_up_all(&sess->state_wait);
}

/**
 * ins_send_ping - queue a NOP-Out ping unless one is outstanding
 * @conn: connection, LIVE
 *
 * Return: 0 when a ping is (or already was) on its way.
 */
int ins_send_ping(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_mgmt *m = &sess->mgmt[INS_MGMT_PING];
	struct ins_nop_out_req req = {
		.ttt = INS_RESERVED_TAG,
		.immediate = true,
	};
	int ret = 0;

	spin_lock_bh(&sess->lock);
	if (!ins_state_may_request(sess->state)) {
		ret = -ENOTCONN;
	} else if (!m->busy) {
		/* ExpStatSN goes in when it is sent */
		req.itt = ins_mgmt_itt(conn, INS_MGMT_PING);
		req.cmdsn = sess->cmdsn;
		ins_bhs_encode_nop_out(m->hdr, &req);
		m->data_len = 0;
		conn->ping_sent = jiffies;
		ins_tx_queue_mgmt(conn, m);
	}
	spin_unlock_bh(&sess->lock);
	if (!ret)
		ins_queue_io(conn);
	return ret;
}

/*
 * noop_out_interval (recv_tmo): ping after that long without receiving;
 * noop_out_timeout (ping_tmo): the peer is dead if the ping is not
 * answered in time and nothing else arrived in that time either. The
 * target answers a ping in order, after the Data-In it has queued: on a
 * saturated link (swap-in under a flood) the answer can take longer than
 * the timeout while PDUs keep arriving, and a connection that delivers
 * PDUs is alive.
 */
static void ins_ka_work(struct work_struct *work)
{
	struct ins_conn *conn = container_of(to_delayed_work(work),
					     struct ins_conn, ka_work);
	struct ins_session *sess = conn->sess;
	unsigned long now = jiffies, next;
	bool ping_busy, dead = false, ping = false;

	if (!conn->recv_tmo || !conn->ping_tmo)
		return;

	spin_lock_bh(&sess->lock);
	if (!ins_state_may_request(sess->state)) {
		spin_unlock_bh(&sess->lock);
		return;
	}
	ping_busy = sess->mgmt[INS_MGMT_PING].busy;
	if (ping_busy) {
		next = conn->ping_sent;
		if (time_after(conn->last_rx, next))
			next = conn->last_rx;
		next += conn->ping_tmo * HZ;
		if (time_after_eq(now, next))
			dead = true;
	} else {
		next = conn->last_rx + conn->recv_tmo * HZ;
		if (time_after_eq(now, next)) {
			ping = true;
			next = now + conn->ping_tmo * HZ;
		}
	}
	spin_unlock_bh(&sess->lock);

	if (dead) {
		iscsi_cls_conn_printk(KERN_ERR, conn->cls_conn,
				      "ping timeout of %d secs expired, recv timeout %d, last rx %lu, last ping %lu, now %lu\n",
				      conn->ping_tmo, conn->recv_tmo,
				      conn->last_rx, conn->ping_sent, now);
		conn->stats.timeout_err++;
		ins_state_fail(conn, ISCSI_ERR_NOP_TIMEDOUT);
		return;
	}
	if (ping)
		ins_send_ping(conn);
	queue_delayed_work(ins_wq, &conn->ka_work,
			   time_after(next, now) ? next - now : 1);
}
