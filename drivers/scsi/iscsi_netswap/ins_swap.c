// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - swap sessions (decisions D4 and D6).
 *
 * A session backs swap when the admin tool (userspace/iscsid-plugin,
 * iscsi-netswap) marks it through /sys/class/scsi_host/hostN/netswap/swap.
 * Only then, by default, does its socket get SOCK_MEMALLOC and its io_work
 * run under PF_MEMALLOC: the emergency reserves serve swap and nothing
 * else. The module parameter memalloc= can force the iscsi_tcp behaviour
 * (always) or turn reserve use off (never).
 *
 * Each session also states how much transient memory it may need at worst
 * (reserve_bytes, Documentation/reserve.rst), which the tool adds to
 * vm.min_free_kbytes on a stock kernel, and counts what it took. On a
 * kernel with the mm-patches series the reserve is registered with the
 * kernel instead (ins_group.c), and swapon(8) itself marks the session
 * through the SCSI host's swap_activate method: no tool is needed.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched/mm.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"
#include "ins_reserve.h"

enum ins_memalloc_mode {
	INS_MEMALLOC_SWAP,
	INS_MEMALLOC_ALWAYS,
	INS_MEMALLOC_NEVER,
};

static const char * const ins_memalloc_names[] = {
	[INS_MEMALLOC_SWAP]	= "swap",
	[INS_MEMALLOC_ALWAYS]	= "always",
	[INS_MEMALLOC_NEVER]	= "never",
};

static int ins_memalloc_mode = INS_MEMALLOC_SWAP;

static int ins_memalloc_param_set(const char *val,
				  const struct kernel_param *kp)
{
	int i = sysfs_match_string(ins_memalloc_names, val);

	if (i < 0)
		return -EINVAL;
	*(int *)kp->arg = i;
	return 0;
}

static int ins_memalloc_param_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 ins_memalloc_names[*(int *)kp->arg]);
}

static const struct kernel_param_ops ins_memalloc_param_ops = {
	.set = ins_memalloc_param_set,
	.get = ins_memalloc_param_get,
};

/*
 * Added to every swap session's reserve; read when a session is marked,
 * so a change counts from the next swapon.
 */
static unsigned int ins_reserve_extra_kb;
module_param_named(reserve_extra_kb, ins_reserve_extra_kb, uint, 0644);
MODULE_PARM_DESC(reserve_extra_kb,
		 "KiB added to every swap session's reserve for what its formula does not count, e.g. a NIC driver's receive refills (default 0)");

/* Load time only: a change would have to revisit every live session. */
module_param_cb(memalloc, &ins_memalloc_param_ops, &ins_memalloc_mode, 0444);
MODULE_PARM_DESC(memalloc,
		 "Emergency reserves for the socket: swap (only sessions marked as swap, default), always (every session, like iscsi_tcp), never");

/**
 * ins_swap_memalloc_wanted - should this session's socket use reserves?
 * @sess: session; ctl_mutex held, or a racy hint is good enough
 */
bool ins_swap_memalloc_wanted(struct ins_session *sess)
{
	switch (ins_memalloc_mode) {
	case INS_MEMALLOC_ALWAYS:
		return true;
	case INS_MEMALLOC_NEVER:
		return false;
	default:
		return READ_ONCE(sess->swap.swap);
	}
}

/**
 * ins_swap_conn_bound - apply the policy to a freshly bound socket
 * @conn: connection whose socket iscsid just bound
 */
void ins_swap_conn_bound(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;

	mutex_lock(&sess->ctl_mutex);
	sess->swap.rx_last = NULL;
	ins_swap_set_memalloc(conn, ins_swap_memalloc_wanted(sess));
	mutex_unlock(&sess->ctl_mutex);
}

/**
 * ins_swap_io_begin - enter io_work's memory context
 * @conn: connection
 * @ctx: filled here, handed back to ins_swap_io_end()
 *
 * Never recurse into I/O; and while the socket may use the reserves,
 * neither may the allocations made on its behalf (skb heads, page frags
 * for copies): PF_MEMALLOC. The flag is sampled once per run: a switch
 * takes effect at the next run, and ins_swap_set_memalloc() waits for
 * the current one before it takes the socket out of the reserves.
 */
void ins_swap_io_begin(struct ins_conn *conn, struct ins_io_ctx *ctx)
{
	ctx->noio = memalloc_noio_save();
	ctx->reserve = READ_ONCE(conn->memalloc);
	if (ctx->reserve)
		ctx->noreclaim = memalloc_noreclaim_save();
}

void ins_swap_io_end(struct ins_conn *conn, struct ins_io_ctx *ctx,
		     u64 tx_bytes)
{
	struct ins_swap *sw = &conn->sess->swap;

	if (ctx->reserve) {
		if (tx_bytes) {
			atomic64_add(tx_bytes, &sw->tx_reserve_bytes);
			atomic64_inc(&sw->tx_reserve_runs);
		}
		memalloc_noreclaim_restore(ctx->noreclaim);
	}
	memalloc_noio_restore(ctx->noio);
}

/**
 * ins_swap_rx_skb - count a pfmemalloc skb as the receive ring takes it
 * @conn: connection
 * @skb: an skb of its receive queue; socket locked
 *
 * The ring's tcp_read_sock() actor sees every skb, once or (when the
 * ring fills) in several pieces, in order: the last one counted is
 * remembered so that pieces count once. Only a SOCK_MEMALLOC socket is
 * ever given pfmemalloc skbs (sk_filter_trim_cap() drops them for the
 * others and counts TcpExt PFMemallocDrop).
 */
void ins_swap_rx_skb(struct ins_conn *conn, struct sk_buff *skb)
{
	struct ins_swap *sw = &conn->sess->swap;

	if (skb_pfmemalloc(skb) && skb != sw->rx_last) {
		sw->rx_last = skb;
		atomic64_inc(&sw->rx_pfmemalloc);
	}
}

/* ctl_mutex held (the socket stays put). */
void ins_swap_reserve(struct ins_session *sess, struct ins_conn *conn,
		      struct ins_reserve *r)
{
	struct ins_reserve_in in = {
		.tcp_rmem_max = READ_ONCE(init_net.ipv4.sysctl_tcp_rmem[2]),
		.tcp_wmem_max = READ_ONCE(init_net.ipv4.sysctl_tcp_wmem[2]),
		.can_queue = sess->shost->can_queue,
		.cmd_bytes = sizeof(struct ins_cmd),
		.r2t_bytes = sizeof(struct ins_r2t),
		.fixed_bytes = INS_LOGIN_BUF + INS_RX_LINEAR + INS_RXF_HDR_MAX +
			INS_RX_LINEAR + ISCSI_PAD_LEN + INS_RX_RING +
			sizeof(struct ins_session) + sizeof(struct ins_conn),
	};

	if (conn && conn->sock) {
		struct sock *sk = conn->sock->sk;
		struct net *net = sock_net(sk);

		in.tcp_rmem_max = READ_ONCE(net->ipv4.sysctl_tcp_rmem[2]);
		in.tcp_wmem_max = READ_ONCE(net->ipv4.sysctl_tcp_wmem[2]);
		in.rcvbuf = READ_ONCE(sk->sk_rcvbuf);
		in.sndbuf = READ_ONCE(sk->sk_sndbuf);
		in.rcvbuf_locked = sk->sk_userlocks & SOCK_RCVBUF_LOCK;
		in.sndbuf_locked = sk->sk_userlocks & SOCK_SNDBUF_LOCK;
		in.mss = READ_ONCE(tcp_sk(sk)->mss_cache);
	}
	/*
	 * Generic KASAN keeps freed objects in a quarantine of up to 1/32 of
	 * RAM before they are free again (mm/kasan/quarantine.c), so reserve
	 * memory a dropped skb gave back is not there for the next one.
	 */
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		in.quarantine = ((u64)totalram_pages() << PAGE_SHIFT) / 32;
	in.extra = (u64)READ_ONCE(ins_reserve_extra_kb) << 10;
	spin_lock_bh(&sess->lock);
	in.r2t_slots = sess->r2t_slots;
	spin_unlock_bh(&sess->lock);
	ins_reserve_size(&in, r);
}

/* A counted reference to the session's connection, or NULL. */
struct ins_conn *ins_swap_get_conn(struct ins_session *sess)
{
	struct ins_conn *conn;

	spin_lock_bh(&sess->lock);
	conn = sess->conn;
	if (conn)
		iscsi_get_conn(conn->cls_conn);
	spin_unlock_bh(&sess->lock);
	return conn;
}

/**
 * ins_swap_set - mark or unmark a session as backing swap
 * @sess: session
 * @swap: the new mark
 * @by_io: the mark comes from a swap write seen in queuecommand
 *
 * The one place the mark changes; it registers or drops the session's
 * reserve (kernels with reservation groups) and applies the reserve
 * policy to the live connection at once. Sleeps.
 *
 * Return: 0, or the error of the reserve's registration, in which case
 * the session stays unmarked. A swap write marks the session whatever
 * happens: its swap is already there.
 */
int ins_swap_set(struct ins_session *sess, bool swap, bool by_io)
{
	struct ins_reserve r;
	struct ins_conn *conn;
	int err = 0;

	conn = ins_swap_get_conn(sess);
	mutex_lock(&sess->ctl_mutex);
	if (sess->swap.swap != swap) {
		ins_swap_reserve(sess, conn, &r);
		if (swap)
			err = ins_group_register(sess, r.total, r.rcvbuf);
		else
			ins_group_unregister(sess);
		if (err && !by_io) {
			shost_printk(KERN_ERR, sess->shost,
				     "cannot register a swap reserve of %llu bytes (%d): not a swap session\n",
				     r.total, err);
			goto unlock;
		}
		WRITE_ONCE(sess->swap.swap, swap);
		sess->swap.auto_marked = by_io;
		if (by_io)
			shost_printk(KERN_WARNING, sess->shost,
				     "swap write on a session not marked as swap: now a swap session, memalloc=%s; its reserve of %llu bytes is %s\n",
				     ins_memalloc_names[ins_memalloc_mode],
				     r.total, INS_HAVE_GROUPS && !err ?
				     "registered" :
				     "not registered (use iscsi-netswap swapon)");
		else
			shost_printk(KERN_INFO, sess->shost,
				     "%s swap session: reserve %llu bytes (rcvbuf %llu sndbuf %llu acks %llu clones %llu pools %llu quarantine %llu extra %llu)%s, memalloc=%s\n",
				     swap ? "now a" : "no longer a", r.total,
				     r.rcvbuf, r.sndbuf, r.ack_skbs,
				     r.tx_clones, r.pools, r.quarantine, r.extra,
				     INS_HAVE_GROUPS && swap ?
				     " registered" : "",
				     ins_memalloc_names[ins_memalloc_mode]);
		err = 0;
	}
	if (conn)
		ins_swap_set_memalloc(conn, ins_swap_memalloc_wanted(sess));
unlock:
	mutex_unlock(&sess->ctl_mutex);
	if (conn)
		iscsi_put_conn(conn->cls_conn);
	return err;
}

/**
 * ins_swap_activate - the host template's swap_activate: swapon(8) of a disk
 * @sdev: the disk's device (sd calls for its first swap area only)
 *
 * The session's first disk that holds swap marks it, which registers its
 * reserve: a plain swapon gets what the tool would have set up. Return:
 * 0, or the registration's error, which fails the swapon.
 */
int ins_swap_activate(struct scsi_device *sdev)
{
	struct ins_session *sess = ins_shost_session(sdev->host);
	int err = 0;

	if (!sess)
		return -ENODEV;
	mutex_lock(&sess->swap.lun_mutex);
	if (!sess->swap.swap_luns)
		err = ins_swap_set(sess, true, false);
	if (!err)
		sess->swap.swap_luns++;
	mutex_unlock(&sess->swap.lun_mutex);
	return err;
}

/* swapoff(8) of the disk's last swap area: the last one unmarks. */
void ins_swap_deactivate(struct scsi_device *sdev)
{
	struct ins_session *sess = ins_shost_session(sdev->host);

	if (!sess)
		return;
	mutex_lock(&sess->swap.lun_mutex);
	if (sess->swap.swap_luns && !--sess->swap.swap_luns)
		ins_swap_set(sess, false, false);
	mutex_unlock(&sess->swap.lun_mutex);
}

static void ins_swap_mark_work(struct work_struct *work)
{
	struct ins_session *sess = container_of(work, struct ins_session,
						 swap.mark_work);
	unsigned int noreclaim;

	/* swap writes wait on this: it must not reclaim into them */
	noreclaim = memalloc_noreclaim_save();
	ins_swap_set(sess, true, true);
	memalloc_noreclaim_restore(noreclaim);
}

void ins_swap_mark_async(struct ins_swap *sw)
{
	queue_work(ins_wq, &sw->mark_work);
}

void ins_swap_init(struct ins_session *sess)
{
	INIT_WORK(&sess->swap.mark_work, ins_swap_mark_work);
	mutex_init(&sess->swap.lun_mutex);
	ins_group_init(sess);
}

/**
 * ins_swap_set_memalloc - let the socket use the emergency reserves
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
void ins_swap_set_memalloc(struct ins_conn *conn, bool enable)
{
	struct sock *sk;

	lockdep_assert_held(&conn->sess->ctl_mutex);
	if (!conn->sock)
		return;
	sk = conn->sock->sk;
	if (enable) {
		if (!conn->memalloc) {
			lock_sock(sk);
			sk_set_memalloc(sk);
			release_sock(sk);
			WRITE_ONCE(conn->memalloc, true);
			ins_queue_io(conn);
		}
		/* after a mark or an unmark (memalloc=always keeps it on) */
		ins_group_sock_on(conn->sess, sk);
	} else if (conn->memalloc) {
		ins_group_sock_off(conn->sess, sk);
		WRITE_ONCE(conn->memalloc, false);
		flush_work(&conn->io_work);
		lock_sock(sk);
		sk_clear_memalloc(sk);
		release_sock(sk);
	}
}
