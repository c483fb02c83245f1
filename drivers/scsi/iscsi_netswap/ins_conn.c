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
#include "ins_main.h"
#include "ins_rx.h"
#include "ins_session.h"
#include "ins_sock.h"
#include "ins_tmf.h"
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

/**
 * ins_conn_set_memalloc - let the socket use the emergency reserves
 * @conn: connection
 * @enable: true while the session backs active swap (decision D4)
 *
 * The single place that turns SOCK_MEMALLOC on or off for a connection;
 * the policy is ins_swap_memalloc_wanted(). Called with ctl_mutex held,
 * which keeps the socket bound, from process context: it sleeps.
 *
 * Live sessions switch safely: the socket lock orders the change against
 * io_work's sendmsg and receive-ring pull and against sk_data_ready (and
 * sk_clear_memalloc() must reclaim the socket's forward allocation under
 * it). Turning reserves on, the socket goes first and io_work follows at
 * its next run; turning them off, io_work stops using PF_MEMALLOC first
 * (its running pass is waited for) and the socket follows.
 */
void ins_conn_set_memalloc(struct ins_conn *conn, bool enable)
{
	struct sock *sk;

	lockdep_assert_held(&conn->sess->ctl_mutex);
	if (!conn->sock || conn->memalloc == enable)
		return;
	sk = conn->sock->sk;
	if (enable) {
		lock_sock(sk);
		sk_set_memalloc(sk);
		release_sock(sk);
		WRITE_ONCE(conn->memalloc, true);
		ins_conn_queue_io(conn);
	} else {
		WRITE_ONCE(conn->memalloc, false);
		flush_work(&conn->io_work);
		lock_sock(sk);
		sk_clear_memalloc(sk);
		release_sock(sk);
	}
}

/* Forget every queued PDU; io_work is not running. */
static void ins_conn_flush_queues(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_cmd *cmd, *tmp, *tx_done = NULL, *rx_done = NULL;
	int i;

	spin_lock_bh(&sess->lock);
	/* a half-sent or half-received PDU lets go of its command */
	if (conn->tx.cmd && ins_cmd_unhold(conn->tx.cmd, INS_CMD_HOLD_TX))
		tx_done = conn->tx.cmd;
	if (conn->rx.cmd && ins_cmd_unhold(conn->rx.cmd, INS_CMD_HOLD_RX))
		rx_done = conn->rx.cmd;
	list_for_each_entry_safe(cmd, tmp, &conn->cmd_q, tx_entry)
		list_del_init(&cmd->tx_entry);
	INIT_LIST_HEAD(&conn->mgmt_q);
	for (i = 0; i < INS_MGMT_NR; i++) {
		INIT_LIST_HEAD(&sess->mgmt[i].entry);
		sess->mgmt[i].queued = false;
		sess->mgmt[i].busy = false;
	}
	ins_tx_reset(conn);
	ins_rx_reset(conn);
	spin_unlock(&sess->lock);
	ins_cmd_deliver(tx_done ? ins_sc(tx_done) : NULL);
	ins_cmd_deliver(rx_done ? ins_sc(rx_done) : NULL);
	local_bh_enable();
}

/*
 * Detach from the socket and give it back to iscsid's file, or release
 * it if a recovery created it.
 */
static void ins_conn_release_sock(struct ins_conn *conn)
{
	struct socket *sock = conn->sock;
	bool kernel;

	if (!sock)
		return;

	/* start the shutdown now even if iscsid is slow to close the fd */
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_hold(sock->sk);
	ins_sock_restore_callbacks(conn);
	sock_put(sock->sk);

	cancel_work_sync(&conn->io_work);
	cancel_delayed_work_sync(&conn->ka_work);

	mutex_lock(&conn->sess->ctl_mutex);
	ins_conn_set_memalloc(conn, false);
	conn->sock = NULL;
	kernel = conn->sock_kernel;
	conn->sock_kernel = false;
	mutex_unlock(&conn->sess->ctl_mutex);
	if (kernel)
		sock_release(sock);
	else
		sockfd_put(sock);
}

/**
 * ins_conn_quiesce - stop both sides of a connection, forget its PDUs
 * @conn: connection
 *
 * The socket is detached (given back to iscsid's file, or released if a
 * recovery made it), io_work and the pings are stopped, every queued or
 * half-done PDU is dropped with the holds it had on commands, and a
 * waiting task management request fails. The commands stay outstanding:
 * stop and destroy fail them next, a recovery sends them again.
 */
void ins_conn_quiesce(struct ins_conn *conn)
{
	ins_conn_release_sock(conn);
	ins_conn_flush_queues(conn);
	ins_tmf_fail(conn->sess);
}

/**
 * ins_conn_prepare_sock - what every socket of ours is set to
 * @sock: iscsid's socket at bind, or one a recovery created
 *
 * Socket allocations happen while a swap-out may be waiting on us: never
 * recurse into I/O. Page frags from the task would be taken in whatever
 * context io_work runs, so use the socket's own. Sends time out after
 * 15 s; receives never block (tcp_read_sock()). A recovery sets its own
 * timeouts for its blocking login and calls this again once it is done.
 */
void ins_conn_prepare_sock(struct socket *sock)
{
	struct sock *sk = sock->sk;

	sk->sk_reuse = SK_CAN_REUSE;
	sk->sk_allocation = GFP_NOIO | __GFP_NOWARN;
	sk->sk_use_task_frag = false;
	sk->sk_sndtimeo = 15 * HZ;
	sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sock_no_linger(sk);
	tcp_sock_set_nodelay(sk);
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

	ins_conn_quiesce(conn);
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

	ins_conn_prepare_sock(sock);
	ins_conn_flush_queues(conn);

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
	ins_conn_queue_io(conn);
	return 0;
}

/**
 * ins_conn_stop - the stop_conn callback
 * @cls_conn: connection
 * @flag: STOP_CONN_RECOVER (iscsid will log in again) or STOP_CONN_TERM
 *
 * Called by iscsid, or by the transport class after ins_conn_failure().
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

	ins_conn_quiesce(conn);
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
 * ins_conn_failure - report a broken connection
 * @conn: connection
 * @err: reason for iscsid and the log
 *
 * Only the first report counts. The transport class then runs
 * ins_conn_stop(STOP_CONN_RECOVER) and iscsid reconnects.
 */
void ins_conn_failure(struct ins_conn *conn, enum iscsi_err err)
{
	struct ins_session *sess = conn->sess;
	bool report = false;

	spin_lock_bh(&sess->lock);
	if (ins_recovery_begin(conn, err)) {
		spin_unlock_bh(&sess->lock);
		return;
	}
	/* a failure in any other state is already being dealt with */
	if (sess->state == INS_ST_LOGIN || ins_state_ffp(sess->state))
		report = ins_state_change(sess, INS_ST_FAILED);
	spin_unlock_bh(&sess->lock);

	if (report)
		iscsi_conn_error_event(conn->cls_conn, err);
}

void ins_conn_queue_io(struct ins_conn *conn)
{
	queue_work(ins_wq, &conn->io_work);
}

/* Queue a filled management slot; lock held. */
void ins_queue_mgmt(struct ins_conn *conn, struct ins_mgmt *m)
{
	m->busy = true;
	if (!m->queued) {
		list_add_tail(&m->entry, &conn->mgmt_q);
		m->queued = true;
	}
}

/**
 * ins_send_ping - queue a NOP-Out ping unless one is outstanding
 * @conn: connection in full feature phase
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
	if (!ins_state_ffp(sess->state)) {
		ret = -ENOTCONN;
	} else if (!m->busy) {
		/* ExpStatSN goes in when it is sent */
		req.itt = ins_mgmt_itt(conn, INS_MGMT_PING);
		req.cmdsn = sess->cmdsn;
		ins_bhs_encode_nop_out(m->hdr, &req);
		m->data_len = 0;
		conn->ping_sent = jiffies;
		ins_queue_mgmt(conn, m);
	}
	spin_unlock_bh(&sess->lock);
	if (!ret)
		ins_conn_queue_io(conn);
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
	if (!ins_state_ffp(sess->state)) {
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
		ins_conn_failure(conn, ISCSI_ERR_NOP_TIMEDOUT);
		return;
	}
	if (ping)
		ins_send_ping(conn);
	queue_delayed_work(ins_wq, &conn->ka_work,
			   time_after(next, now) ? next - now : 1);
}
