// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - in-kernel connection recovery for swap sessions (D5).
 *
 * iscsid recovers a failed connection for iscsi_tcp: it must run,
 * allocate and reconnect while the machine may be swapping through the
 * very session that failed. For a swap session the module does it here
 * instead, with no daemon and no netlink event:
 *
 *   failure -> quiesce the old socket, keep every command
 *           -> attempt: kernel socket (SOCK_MEMALLOC from the start),
 *              connect to the portal iscsid used, log in with what
 *              iscsid's own login said (ISID, names, keys, CHAP), TSIH 0
 *              so the target reinstates the session
 *           -> success: resend every outstanding command with fresh
 *              ITTs and CmdSNs; failure: back off (capped), try again
 *
 * Commands wait meanwhile (queuecommand keeps new ones unsent, the
 * timeout handler re-arms). A session never gives up unless the admin
 * set a deadline; then it hands the failure to iscsid as iscsi_tcp
 * would. Non-swap sessions never come here.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"
#include "ins_sock.h"
#include "ins_login.h"

/* connect, and each login request/response, must finish in this time */
#define INS_RECOVERY_IO_TMO		(5 * HZ)
#define INS_RECOVERY_BACKOFF_MIN_MS	100
/* small: the goal is a stall of at most outage + 3 s */
#define INS_RECOVERY_BACKOFF_MAX_MS	1600
#define INS_RECOVERY_PDU_DATA	(INS_LOGIN_MAX_DSL + ISCSI_PAD_LEN)

static struct ins_recovery *ins_recovery_of(struct ins_session *sess)
{
	return &sess->recovery;
}

static void ins_recovery_work(struct work_struct *work);
static void ins_recovery_fail_work(struct work_struct *work);

int ins_recovery_alloc(struct ins_session *sess)
{
	struct ins_recovery *rc = ins_recovery_of(sess);

	rc->sess = sess;
	INIT_DELAYED_WORK(&rc->work, ins_recovery_work);
	INIT_WORK(&sess->fail_work, ins_recovery_fail_work);
	mutex_init(&rc->sock_mutex);
	rc->enabled = true;
	rc->staged = kzalloc(sizeof(*rc->staged), GFP_KERNEL);
	rc->cfg = kzalloc(sizeof(*rc->cfg), GFP_KERNEL);
	rc->login = kzalloc(sizeof(*rc->login), GFP_KERNEL);
	rc->rx_text = kzalloc(INS_LOGIN_MAX_DSL, GFP_KERNEL);
	rc->pdu_data = kzalloc(INS_RECOVERY_PDU_DATA, GFP_KERNEL);
	if (!rc->staged || !rc->cfg || !rc->login || !rc->rx_text ||
	    !rc->pdu_data) {
		ins_recovery_free(sess);
		return -ENOMEM;
	}
	ins_login_cfg_init(rc->staged);
	return 0;
}

/* Safe to call twice; the work and the socket are gone by now. */
void ins_recovery_free(struct ins_session *sess)
{
	struct ins_recovery *rc = ins_recovery_of(sess);

	/* secrets, and the login state and text derived from them */
	kfree_sensitive(rc->staged);
	kfree_sensitive(rc->cfg);
	kfree_sensitive(rc->login);
	kfree_sensitive(rc->rx_text);
	kfree(rc->pdu_data);
	rc->staged = NULL;
	rc->cfg = NULL;
	rc->login = NULL;
	rc->rx_text = NULL;
	rc->pdu_data = NULL;
	if (rc->net) {
		put_net(rc->net);
		rc->net = NULL;
	}
}

/**
 * ins_recovery_bound - iscsid bound a socket: a new login starts
 * @conn: connection, socket bound, ctl_mutex not held
 *
 * Remember the portal iscsid connected to, and start learning the login
 * from scratch.
 */
void ins_recovery_bound(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_recovery *rc = ins_recovery_of(sess);
	struct sock *sk = conn->sock->sk;
	struct sockaddr_storage peer;
	int len;

	len = kernel_getpeername(conn->sock, (struct sockaddr *)&peer);
	spin_lock_bh(&sess->lock);
	ins_login_cfg_init(rc->staged);
	rc->staged_ok = true;
	rc->cancel = false;
	if (len > 0) {
		memcpy(&rc->peer, &peer, len);
		rc->peer_len = len;
	}
	WRITE_ONCE(rc->rcvbuf, sk->sk_userlocks & SOCK_RCVBUF_LOCK ?
				READ_ONCE(sk->sk_rcvbuf) : 0);
	WRITE_ONCE(rc->sndbuf, sk->sk_userlocks & SOCK_SNDBUF_LOCK ?
				READ_ONCE(sk->sk_sndbuf) : 0);
	spin_unlock_bh(&sess->lock);
	if (len > 0 && !rc->net)
		rc->net = get_net(sock_net(conn->sock->sk));
}

/**
 * ins_recovery_login_pdu - learn from a Login Request iscsid sends
 * @sess: session, lock held
 * @bhs: the request's BHS
 * @data: its data segment
 * @len: data segment length
 */
void ins_recovery_login_pdu(struct ins_session *sess, const u8 *bhs,
			    const char *data, u32 len)
{
	struct ins_recovery *rc = ins_recovery_of(sess);

	if (rc->staged_ok && ins_login_cfg_absorb(rc->staged, bhs, data, len))
		rc->staged_ok = false;
}

/**
 * ins_recovery_started - iscsid's login reached full feature phase
 * @conn: connection, just started
 *
 * What iscsid offered is now what a recovery offers.
 */
void ins_recovery_started(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_recovery *rc = ins_recovery_of(sess);

	spin_lock_bh(&sess->lock);
	rc->have_cfg = rc->staged_ok && rc->peer_len > 0 &&
		       !rc->staged->discovery;
	if (rc->have_cfg)
		memcpy(rc->cfg, rc->staged, sizeof(*rc->cfg));
	spin_unlock_bh(&sess->lock);
}

/*
 * Take a failure of a live swap session into the kernel: FAILED ->
 * RECOVERING and the first attempt queued. Session lock held. Returns
 * false for the stock path (iscsid is told).
 */
static bool ins_recovery_begin(struct ins_session *sess, int err)
{
	struct ins_recovery *rc = ins_recovery_of(sess);

	lockdep_assert_held(&sess->lock);
	if (sess->fail_from != INS_ST_LIVE || !READ_ONCE(sess->swap.swap) ||
	    !READ_ONCE(rc->enabled) || !rc->have_cfg || rc->cancel)
		return false;
	if (err == ISCSI_ERR_SCSI_EH_SESSION_RST)
		return false;	/* the EH owns the commands: stock path */
	if (!ins_state_change(sess, INS_ST_RECOVERING))
		return false;
	rc->failed_at = sess->fail_at;
	rc->attempt = 0;
	rc->backoff_ms = INS_RECOVERY_BACKOFF_MIN_MS;
	rc->last_err = err;
	mod_delayed_work(ins_wq, &rc->work, 0);
	return true;
}

/**
 * ins_recovery_fail_work - decide who recovers a failed connection
 * @work: ins_session.fail_work, queued by ins_state_fail()
 *
 * A swap session that was live recovers in the kernel when recovery is
 * on and iscsid's login can be replayed; every other failure is reported
 * to iscsid, which stops the connection and logs in again, as it does
 * for iscsi_tcp. A stop or destroy that came first cancelled this work
 * (ins_recovery_cancel()), or left a state other than FAILED.
 */
static void ins_recovery_fail_work(struct work_struct *work)
{
	struct ins_session *sess = container_of(work, struct ins_session,
						fail_work);
	struct iscsi_cls_conn *cls_conn = NULL;
	int err;

	spin_lock_bh(&sess->lock);
	err = sess->fail_err;
	sess->fail_err = 0;
	if (err && sess->conn && sess->state == INS_ST_FAILED &&
	    !ins_recovery_begin(sess, err))
		cls_conn = sess->conn->cls_conn;
	spin_unlock_bh(&sess->lock);
	if (cls_conn)
		iscsi_conn_error_event(cls_conn, err);
}

/* Shut the attempt's socket so that a blocked connect or receive ends. */
static void ins_recovery_kick_sock(struct ins_recovery *rc)
{
	mutex_lock(&rc->sock_mutex);
	if (rc->sock)
		kernel_sock_shutdown(rc->sock, SHUT_RDWR);
	mutex_unlock(&rc->sock_mutex);
}

static void ins_recovery_put_sock(struct ins_recovery *rc)
{
	struct socket *sock;

	mutex_lock(&rc->sock_mutex);
	sock = rc->sock;
	rc->sock = NULL;
	mutex_unlock(&rc->sock_mutex);
	if (!sock)
		return;
	if (sock_flag(sock->sk, SOCK_MEMALLOC)) {
		ins_group_sock_off(rc->sess, sock->sk);
		sk_clear_memalloc(sock->sk);
	}
	sock_release(sock);
}

/**
 * ins_recovery_cancel - stop_conn or destroy: no more attempts
 * @sess: session
 *
 * Waits for an attempt under way, cutting its socket short, and drops a
 * failure not yet acted on (the stop deals with the connection). The
 * caller then fails or keeps the commands as for any stop.
 */
void ins_recovery_cancel(struct ins_session *sess)
{
	struct ins_recovery *rc = ins_recovery_of(sess);

	spin_lock_bh(&sess->lock);
	rc->cancel = true;
	spin_unlock_bh(&sess->lock);
	cancel_work_sync(&sess->fail_work);
	ins_recovery_kick_sock(rc);
	cancel_delayed_work_sync(&rc->work);
	ins_recovery_put_sock(rc);
}

static int ins_recovery_send(struct socket *sock, const void *hdr, u32 hlen,
			     const void *data, u32 dlen)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	struct kvec iov[2] = {
		{ .iov_base = (void *)hdr, .iov_len = hlen },
		{ .iov_base = (void *)data, .iov_len = dlen },
	};
	int n = dlen ? 2 : 1;
	int ret;

	ret = kernel_sendmsg(sock, &msg, iov, n, hlen + dlen);
	if (ret < 0)
		return ret;
	return ret == hlen + dlen ? 0 : -EIO;
}

static int ins_recovery_recv(struct socket *sock, void *buf, u32 len)
{
	struct msghdr msg = { .msg_flags = MSG_WAITALL | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int ret;

	if (!len)
		return 0;
	ret = kernel_recvmsg(sock, &msg, &iov, 1, len, msg.msg_flags);
	if (ret < 0)
		return ret;
	return ret == len ? 0 : -ECONNRESET;
}

/*
 * Fill the login configuration for this attempt: what iscsid's login
 * said, the secrets iscsid set as parameters, and fresh tags.
 */
static int ins_recovery_prepare(struct ins_conn *conn, u8 age)
{
	struct ins_session *sess = conn->sess;
	struct ins_recovery *rc = ins_recovery_of(sess);
	struct ins_login_cfg *cfg = rc->cfg;
	size_t n;

	mutex_lock(&sess->ctl_mutex);
	spin_lock_bh(&sess->lock);
	cfg->tsih = 0;			/* session reinstatement */
	cfg->itt = (INS_ITT_MGMT_BASE + INS_MGMT_LOGIN) |
		   ((u32)age << INS_ITT_AGE_SHIFT);
	cfg->cmdsn = sess->cmdsn;
	cfg->exp_statsn = 0;
	spin_unlock_bh(&sess->lock);
	cfg->secret_len = 0;
	cfg->secret_in_len = 0;
	if (cfg->chap && sess->password) {
		n = strlen(sess->password);
		if (n <= INS_CHAP_SECRET_MAX) {
			memcpy(cfg->secret, sess->password, n);
			cfg->secret_len = n;
		}
		if (!cfg->username[0] && sess->username)
			strscpy(cfg->username, sess->username,
				sizeof(cfg->username));
	}
	if (cfg->mutual && sess->password_in) {
		n = strlen(sess->password_in);
		if (n <= INS_CHAP_SECRET_MAX) {
			memcpy(cfg->secret_in, sess->password_in, n);
			cfg->secret_in_len = n;
		}
		if (sess->username_in)
			strscpy(cfg->username_in, sess->username_in,
				sizeof(cfg->username_in));
	}
	mutex_unlock(&sess->ctl_mutex);
	/*
	 * A secret iscsid did not pass down fails the attempt: logging in
	 * without CHAP, or without checking the target, would be weaker
	 * than what the session was set up with.
	 */
	if ((cfg->chap && !cfg->secret_len) ||
	    (cfg->mutual && !cfg->secret_in_len))
		return -EACCES;
	return 0;
}

/* One login over @sock, in this work's context; blocking with timeouts. */
static int ins_recovery_login(struct ins_recovery *rc, struct socket *sock)
{
	struct ins_login *l = rc->login;
	u8 rnd[INS_LOGIN_RAND_LEN];
	u8 bhs[INS_BHS_LEN];
	struct ins_pdu pdu;
	int dlen, ret;
	u32 pad;

	get_random_bytes(rnd, sizeof(rnd));
	l->status_class = 0;
	l->status_detail = 0;
	ret = ins_login_init(l, rc->cfg, rc->rx_text, INS_LOGIN_MAX_DSL,
			     rnd, sizeof(rnd));
	if (ret)
		return ret;
	for (;;) {
		dlen = ins_login_build(l, bhs, (char *)rc->pdu_data,
				       INS_LOGIN_MAX_DSL);
		if (dlen < 0)
			return dlen;
		pad = ins_pad(dlen);
		memset(rc->pdu_data + dlen, 0, pad);
		ret = ins_recovery_send(sock, bhs, INS_BHS_LEN, rc->pdu_data,
					dlen + pad);
		if (ret)
			return ret;
		ret = ins_recovery_recv(sock, bhs, INS_BHS_LEN);
		if (ret)
			return ret;
		ret = ins_bhs_decode(bhs, INS_BHS_LEN, INS_LOGIN_MAX_DSL, &pdu);
		if (ret)
			return ret;
		if (pdu.ahs_len)
			return -EPROTO;
		ret = ins_recovery_recv(sock, rc->pdu_data,
					pdu.dlength + ins_pad(pdu.dlength));
		if (ret)
			return ret;
		ret = ins_login_recv(l, &pdu, (char *)rc->pdu_data,
				     pdu.dlength);
		if (ret == INS_LOGIN_DONE)
			return 0;
		if (ret < 0)
			return ret;
	}
}

/**
 * ins_recovery_attempt - connect and log in once
 * @conn: connection under recovery
 * @age: the connection generation the new ITTs carry
 *
 * On success the logged-in socket waits in rc->sock.
 */
static int ins_recovery_attempt(struct ins_conn *conn, u8 age)
{
	struct ins_session *sess = conn->sess;
	struct ins_recovery *rc = ins_recovery_of(sess);
	int ret, rcvbuf, sndbuf;
	struct socket *sock;
	struct sock *sk;

	ret = ins_recovery_prepare(conn, age);
	if (ret)
		return ret;
	ret = sock_create_kern(rc->net, rc->peer.ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &sock);
	if (ret)
		return ret;
	sk = sock->sk;
	ins_sock_prepare(sock);
	/*
	 * iscsid's buffer sizes (its tcp.window_size), or autotuning where it
	 * set none: the window, and the reserve sized for it, stay the same.
	 */
	rcvbuf = READ_ONCE(rc->rcvbuf);
	sndbuf = READ_ONCE(rc->sndbuf);
	lock_sock(sk);
	if (rcvbuf) {
		sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
		WRITE_ONCE(sk->sk_rcvbuf, rcvbuf);
	}
	if (sndbuf) {
		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		WRITE_ONCE(sk->sk_sndbuf, sndbuf);
	}
	release_sock(sk);
	/* the reserves serve this socket before it sends its first byte */
	if (ins_swap_memalloc_wanted(sess)) {
		sk_set_memalloc(sk);
		ins_group_sock_on(sess, sk);
	}
	/* the login below blocks: bound it */
	sk->sk_sndtimeo = INS_RECOVERY_IO_TMO;
	sk->sk_rcvtimeo = INS_RECOVERY_IO_TMO;

	mutex_lock(&rc->sock_mutex);
	rc->sock = sock;
	mutex_unlock(&rc->sock_mutex);
	if (READ_ONCE(rc->cancel))
		return -ECANCELED;

	ret = kernel_connect(sock, (struct sockaddr *)&rc->peer, rc->peer_len,
			     0);
	if (ret)
		return ret;
	return ins_recovery_login(rc, sock);
}

struct ins_requeue_ctx {
	struct ins_conn *conn;
	u32 count;
};

static bool ins_recovery_requeue_one(struct scsi_cmnd *sc, void *data)
{
	struct ins_requeue_ctx *ctx = data;
	struct ins_conn *conn = ctx->conn;
	struct ins_session *sess = conn->sess;
	struct ins_cmd *cmd = ins_cmd(sc);
	u32 itt;

	spin_lock_bh(&sess->lock);
	/* commands queued since the switch already carry the new age */
	if (cmd->outstanding &&
	    ((cmd->itt >> INS_ITT_AGE_SHIFT) & INS_ITT_AGE_MASK) != conn->age) {
		itt = scsi_cmd_to_rq(sc)->tag |
		      ((u32)conn->age << INS_ITT_AGE_SHIFT);
		/*
		 * The midlayer retries a command only within (allowed + 1)
		 * timeouts of its first dispatch. A target that restarted
		 * answers the first command of the new connection with a
		 * UNIT ATTENTION (power on or reset), which it retries: after
		 * a 180 s outage that retry would be refused and the swap
		 * write fail. The wait for the connection is not the
		 * command's own time.
		 */
		sc->jiffies_at_alloc = jiffies;
		ins_cmd_requeue(sess, conn, cmd, itt);
		ctx->count++;
	}
	spin_unlock_bh(&sess->lock);
	return true;
}

/* The new login is done: make its socket the connection's and go. */
static void ins_recovery_resume(struct ins_conn *conn, u8 age)
{
	struct ins_session *sess = conn->sess;
	struct ins_recovery *rc = ins_recovery_of(sess);
	const struct ins_params *p = &rc->login->nego.result;
	struct ins_requeue_ctx ctx = { .conn = conn };
	struct socket *sock;
	u32 ms;

	mutex_lock(&rc->sock_mutex);
	sock = rc->sock;
	rc->sock = NULL;
	mutex_unlock(&rc->sock_mutex);

	/* back to the timeouts of full feature phase */
	ins_sock_prepare(sock);

	mutex_lock(&sess->ctl_mutex);
	conn->sock = sock;
	conn->sock_kernel = true;
	conn->memalloc = sock_flag(sock->sk, SOCK_MEMALLOC);
	mutex_unlock(&sess->ctl_mutex);

	spin_lock_bh(&sess->lock);
	conn->age = age;
	conn->exp_statsn = rc->login->exp_statsn;
	conn->hdrdgst_en = p->header_digest;
	conn->datadgst_en = p->data_digest;
	conn->max_xmit_dlength = p->max_xmit_dsl;
	sess->first_burst = p->first_burst;
	sess->max_burst = p->max_burst;
	sess->imm_data_en = p->immediate_data;
	sess->initial_r2t_en = p->initial_r2t;
	sess->max_r2t = min_t(u32, p->max_outstanding_r2t, sess->r2t_slots);
	sess->tsih = rc->login->tsih;
	sess->cmdsn = rc->login->exp_cmdsn;
	sess->queued_cmdsn = sess->cmdsn;
	ins_cmdsn_window_reset(&sess->win, sess->cmdsn);
	ins_cmd_window_update(sess, rc->login->exp_cmdsn,
			      rc->login->max_cmdsn);
	/*
	 * New commands take the normal path from here on. Nothing else
	 * leaves RECOVERING: a stop or destroy cancels this work first.
	 */
	WARN_ON_ONCE(!ins_state_change(sess, INS_ST_LIVE));
	conn->last_rx = jiffies;
	ms = jiffies_to_msecs(jiffies - rc->failed_at);
	rc->recoveries++;
	rc->last_ms = ms;
	rc->last_at = ktime_get_boottime_seconds();
	if (ms > rc->max_ms)
		rc->max_ms = ms;
	spin_unlock_bh(&sess->lock);

	/* the old connection's commands, and those taken meanwhile */
	scsi_host_busy_iter(sess->shost, ins_recovery_requeue_one, &ctx);

	ins_sock_set_callbacks(conn);
	ins_state_show_class(sess, true);
	shost_printk(KERN_INFO, sess->shost,
		     "connection recovered in the kernel after %u ms (%u attempts), %u commands resent\n",
		     ms, rc->attempt, ctx.count);
	if (conn->recv_tmo)
		mod_delayed_work(ins_wq, &conn->ka_work, conn->recv_tmo * HZ);
	wake_up_all(&sess->state_wait);
	ins_queue_io(conn);
	ins_cmd_kick_queues(sess);
}

/* The admin's deadline passed: hand the failure to iscsid after all. */
static void ins_recovery_give_up(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_recovery *rc = ins_recovery_of(sess);

	shost_printk(KERN_ERR, sess->shost,
		     "in-kernel recovery gave up after %u s (deadline), last error %d: reporting to iscsid\n",
		     rc->deadline, rc->last_err);
	ins_state_show_class(sess, true);
	spin_lock_bh(&sess->lock);
	ins_state_change(sess, INS_ST_FAILED);
	spin_unlock_bh(&sess->lock);
	iscsi_conn_error_event(conn->cls_conn, ISCSI_ERR_CONN_FAILED);
}

static void ins_recovery_work(struct work_struct *work)
{
	struct ins_recovery *rc = container_of(to_delayed_work(work),
					       struct ins_recovery, work);
	struct ins_session *sess = rc->sess;
	struct ins_group_scope scope;
	unsigned int noreclaim;
	struct ins_conn *conn;
	bool first;
	int ret;
	u8 age;

	/* swap waits on this work: it must neither reclaim nor do I/O */
	noreclaim = memalloc_noreclaim_save();

	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	if (!conn || sess->state != INS_ST_RECOVERING || rc->cancel) {
		spin_unlock_bh(&sess->lock);
		goto out;
	}
	first = rc->attempt++ == 0;
	rc->attempts++;
	age = (conn->age + 1) & INS_ITT_AGE_MASK;
	spin_unlock_bh(&sess->lock);

	if (first) {
		shost_printk(KERN_WARNING, sess->shost,
			     "connection failed (error %d): recovering in the kernel, swap I/O waits\n",
			     rc->last_err);
		ins_state_show_class(sess, false);
		ins_sock_quiesce(conn);
		/* requests answered busy before the failure: take them now */
		ins_cmd_kick_queues(sess);
	}

	/*
	 * A logout (the class unbinds the session: its devices go) or a
	 * device delete waits for the commands we keep; it must not hang.
	 */
	if (READ_ONCE(sess->cls->target_state) == ISCSI_SESSION_TARGET_UNBINDING)
		ins_cmds_fail(sess, DID_NO_CONNECT, 0, true);
	else
		ins_cmds_fail_removed(sess);
	ins_group_scope_enter(sess, &scope);
	ret = ins_recovery_attempt(conn, age);
	ins_group_scope_exit(&scope);
	if (!ret && !READ_ONCE(rc->cancel)) {
		ins_recovery_resume(conn, age);
		goto out;
	}
	ins_recovery_put_sock(rc);
	rc->last_err = ret;
	if (READ_ONCE(rc->cancel))
		goto out;
	if (rc->deadline &&
	    time_after(jiffies, rc->failed_at + rc->deadline * HZ)) {
		ins_recovery_give_up(conn);
		goto out;
	}
	if (rc->attempt == 1 || rc->attempt % 10 == 0)
		shost_printk(KERN_INFO, sess->shost,
			     "recovery attempt %u failed (%d, login status %02x%02x), %u commands wait, next in %u ms\n",
			     rc->attempt, ret, rc->login->status_class,
			     rc->login->status_detail,
			     READ_ONCE(sess->swap.cmds_inflight), rc->backoff_ms);
	queue_delayed_work(ins_wq, &rc->work,
			   msecs_to_jiffies(rc->backoff_ms));
	rc->backoff_ms = min(rc->backoff_ms * 2, INS_RECOVERY_BACKOFF_MAX_MS);
out:
	memalloc_noreclaim_restore(noreclaim);
}
