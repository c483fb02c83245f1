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
 * vm.min_free_kbytes on a stock kernel, and counts what it took.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kernel.h>
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
#include "ins_conn.h"
#include "ins_main.h"
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
	ins_conn_set_memalloc(conn, ins_swap_memalloc_wanted(sess));
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
 * takes effect at the next run, and ins_conn_set_memalloc() waits for
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
static void ins_swap_reserve(struct ins_session *sess, struct ins_conn *conn,
			     struct ins_reserve *r)
{
	struct ins_reserve_in in = {
		.tcp_rmem_max = READ_ONCE(init_net.ipv4.sysctl_tcp_rmem[2]),
		.tcp_wmem_max = READ_ONCE(init_net.ipv4.sysctl_tcp_wmem[2]),
		.can_queue = sess->shost->can_queue,
		.cmd_bytes = sizeof(struct ins_cmd),
		.r2t_bytes = sizeof(struct ins_r2t),
		.fixed_bytes = INS_LOGIN_BUF + INS_RX_LINEAR + INS_RX_HDR_MAX +
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
	spin_lock_bh(&sess->lock);
	in.r2t_slots = sess->r2t_slots;
	spin_unlock_bh(&sess->lock);
	ins_reserve_size(&in, r);
}

/*
 * The session of a host. The attributes go away (and their readers are
 * drained) in scsi_remove_host(), before the session is freed.
 */
static struct ins_session *ins_dev_session(struct device *dev)
{
	struct ins_host *ihost = shost_priv(class_to_shost(dev));

	return READ_ONCE(ihost->sess);
}

/* A counted reference to the session's connection, or NULL. */
static struct ins_conn *ins_swap_get_conn(struct ins_session *sess)
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
 * The one place the mark changes; it applies the reserve policy to the
 * live connection at once. Sleeps.
 */
static void ins_swap_set(struct ins_session *sess, bool swap, bool by_io)
{
	struct ins_reserve r;
	struct ins_conn *conn;

	conn = ins_swap_get_conn(sess);
	mutex_lock(&sess->ctl_mutex);
	if (sess->swap.swap != swap) {
		WRITE_ONCE(sess->swap.swap, swap);
		sess->swap.auto_marked = by_io;
		ins_swap_reserve(sess, conn, &r);
		if (by_io)
			shost_printk(KERN_WARNING, sess->shost,
				     "swap write on a session not marked as swap: now a swap session, memalloc=%s; its reserve of %llu bytes is not registered (use iscsi-netswap swapon)\n",
				     ins_memalloc_names[ins_memalloc_mode],
				     r.total);
		else
			shost_printk(KERN_INFO, sess->shost,
				     "%s swap session: reserve %llu bytes (rcvbuf %llu sndbuf %llu acks %llu clones %llu pools %llu), memalloc=%s\n",
				     swap ? "now a" : "no longer a", r.total,
				     r.rcvbuf, r.sndbuf, r.ack_skbs,
				     r.tx_clones, r.pools,
				     ins_memalloc_names[ins_memalloc_mode]);
	}
	if (conn)
		ins_conn_set_memalloc(conn, ins_swap_memalloc_wanted(sess));
	mutex_unlock(&sess->ctl_mutex);
	if (conn)
		iscsi_put_conn(conn->cls_conn);
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
}

static ssize_t swap_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct ins_session *sess = ins_dev_session(dev);

	if (!sess)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", READ_ONCE(sess->swap.swap));
}

static ssize_t swap_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct ins_session *sess = ins_dev_session(dev);
	unsigned int v;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtouint(buf, 10, &v) || v > 1)
		return -EINVAL;
	if (!sess)
		return -ENODEV;
	ins_swap_set(sess, v, false);
	return count;
}
static DEVICE_ATTR_RW(swap);

/* What the socket really has, not what we meant to set. */
static ssize_t memalloc_active_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct ins_session *sess = ins_dev_session(dev);
	struct ins_conn *conn;
	int on = 0;

	if (!sess)
		return -ENODEV;
	conn = ins_swap_get_conn(sess);
	if (conn) {
		mutex_lock(&sess->ctl_mutex);
		if (conn->sock)
			on = sock_flag(conn->sock->sk, SOCK_MEMALLOC);
		mutex_unlock(&sess->ctl_mutex);
		iscsi_put_conn(conn->cls_conn);
	}
	return sysfs_emit(buf, "%d\n", on);
}
static DEVICE_ATTR_RO(memalloc_active);

static ssize_t reserve_bytes_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct ins_session *sess = ins_dev_session(dev);
	struct ins_reserve r;
	struct ins_conn *conn;

	if (!sess)
		return -ENODEV;
	conn = ins_swap_get_conn(sess);
	mutex_lock(&sess->ctl_mutex);
	ins_swap_reserve(sess, conn, &r);
	mutex_unlock(&sess->ctl_mutex);
	if (conn)
		iscsi_put_conn(conn->cls_conn);
	return sysfs_emit(buf, "%llu\n", r.total);
}
static DEVICE_ATTR_RO(reserve_bytes);

/* Counters: one value per file. */
enum ins_swap_counter {
	INS_CNT_RX_PFMEMALLOC,
	INS_CNT_TX_RESERVE_BYTES,
	INS_CNT_TX_RESERVE_RUNS,
	INS_CNT_CMDS_HWM,
	INS_CNT_CMDS_FULL,
	INS_CNT_R2T_HWM,
	INS_CNT_WINDOW_WAITS,
	INS_CNT_NR,
};

static const char * const ins_counter_names[INS_CNT_NR] = {
	[INS_CNT_RX_PFMEMALLOC]		= "rx_pfmemalloc_skbs",
	[INS_CNT_TX_RESERVE_BYTES]	= "tx_reserve_bytes",
	[INS_CNT_TX_RESERVE_RUNS]	= "tx_reserve_runs",
	[INS_CNT_CMDS_HWM]		= "cmds_hwm",
	[INS_CNT_CMDS_FULL]		= "cmds_pool_full",
	[INS_CNT_R2T_HWM]		= "r2t_hwm",
	[INS_CNT_WINDOW_WAITS]		= "cmdsn_window_waits",
};

static void ins_swap_counters(struct ins_session *sess, u64 *v)
{
	struct ins_swap *sw = &sess->swap;

	v[INS_CNT_RX_PFMEMALLOC] = atomic64_read(&sw->rx_pfmemalloc);
	v[INS_CNT_TX_RESERVE_BYTES] = atomic64_read(&sw->tx_reserve_bytes);
	v[INS_CNT_TX_RESERVE_RUNS] = atomic64_read(&sw->tx_reserve_runs);
	spin_lock_bh(&sess->lock);
	v[INS_CNT_CMDS_HWM] = sw->cmds_hwm;
	v[INS_CNT_CMDS_FULL] = sw->cmds_full;
	v[INS_CNT_R2T_HWM] = sw->r2t_hwm;
	v[INS_CNT_WINDOW_WAITS] = sw->window_waits;
	spin_unlock_bh(&sess->lock);
}

struct ins_counter_attr {
	struct device_attribute attr;
	enum ins_swap_counter which;
};

static ssize_t ins_counter_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct ins_counter_attr *ca =
		container_of(attr, struct ins_counter_attr, attr);
	struct ins_session *sess = ins_dev_session(dev);
	u64 v[INS_CNT_NR];

	if (!sess)
		return -ENODEV;
	ins_swap_counters(sess, v);
	return sysfs_emit(buf, "%llu\n", v[ca->which]);
}

#define INS_COUNTER_ATTR(_name, _which)					\
	static struct ins_counter_attr ins_cattr_##_name = {		\
		.attr = __ATTR(_name, 0444, ins_counter_show, NULL),	\
		.which = _which,					\
	}

INS_COUNTER_ATTR(rx_pfmemalloc_skbs, INS_CNT_RX_PFMEMALLOC);
INS_COUNTER_ATTR(tx_reserve_bytes, INS_CNT_TX_RESERVE_BYTES);
INS_COUNTER_ATTR(tx_reserve_runs, INS_CNT_TX_RESERVE_RUNS);
INS_COUNTER_ATTR(cmds_hwm, INS_CNT_CMDS_HWM);
INS_COUNTER_ATTR(cmds_pool_full, INS_CNT_CMDS_FULL);
INS_COUNTER_ATTR(r2t_hwm, INS_CNT_R2T_HWM);
INS_COUNTER_ATTR(cmdsn_window_waits, INS_CNT_WINDOW_WAITS);

static struct attribute *ins_swap_attrs[] = {
	&dev_attr_swap.attr,
	&dev_attr_memalloc_active.attr,
	&dev_attr_reserve_bytes.attr,
	&ins_cattr_rx_pfmemalloc_skbs.attr.attr,
	&ins_cattr_tx_reserve_bytes.attr.attr,
	&ins_cattr_tx_reserve_runs.attr.attr,
	&ins_cattr_cmds_hwm.attr.attr,
	&ins_cattr_cmds_pool_full.attr.attr,
	&ins_cattr_r2t_hwm.attr.attr,
	&ins_cattr_cmdsn_window_waits.attr.attr,
	/* in-kernel recovery, ins_recovery.c */
	&dev_attr_recovery.attr,
	&dev_attr_recovery_deadline.attr,
	&dev_attr_recovery_state.attr,
	&dev_attr_recoveries.attr,
	&dev_attr_recovery_attempts.attr,
	&dev_attr_recovery_last_ms.attr,
	&dev_attr_recovery_max_ms.attr,
	NULL,
};

/*
 * A named group: /sys/class/scsi_host/hostN/netswap/. Its presence is
 * how the admin tool knows that a session is driven by iscsi_netswap
 * (both modules name their hosts "iscsi_tcp").
 */
static const struct attribute_group ins_swap_group = {
	.name = "netswap",
	.attrs = ins_swap_attrs,
};

const struct attribute_group *ins_shost_groups[] = {
	&ins_swap_group,
	NULL,
};

/**
 * ins_swap_get_stats - append the swap counters to get_stats' custom area
 * @sess: session
 * @stats: filled by the caller up to custom_length
 *
 * iscsiadm -m session -s prints them after the standard counters.
 */
void ins_swap_get_stats(struct ins_session *sess, struct iscsi_stats *stats)
{
	u64 v[INS_CNT_NR];
	int i;

	ins_swap_counters(sess, v);
	for (i = 0; i < INS_CNT_NR; i++) {
		u32 n = stats->custom_length;

		if (n >= ISCSI_STATS_CUSTOM_MAX)
			return;
		snprintf(stats->custom[n].desc, ISCSI_STATS_CUSTOM_DESC_MAX,
			 "netswap_%s", ins_counter_names[i]);
		stats->custom[n].value = v[i];
		stats->custom_length = n + 1;
	}
}
