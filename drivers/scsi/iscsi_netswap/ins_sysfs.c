// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the session's sysfs directory,
 * /sys/class/scsi_host/hostN/netswap/, and its counters in get_stats.
 *
 * Settings: swap (the swap mark, ins_swap.c), recovery and
 * recovery_deadline (ins_recovery.c). Readings: memalloc_active,
 * reserve_bytes, recovery_state. Counters: one table, one snapshot, one
 * show function for every counter file; the swap ones are also appended
 * to get_stats' custom area, which 'iscsiadm -m session -s' prints.
 * The directory's presence is how the admin tool tells a session driven
 * by iscsi_netswap (both modules name their hosts "iscsi_tcp").
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <net/sock.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"
#include "ins_reserve.h"
#include "ins_sysfs.h"

/*
 * The session of a host. The attributes go away (and their readers are
 * drained) in scsi_remove_host(), before the session is freed.
 */
static struct ins_session *ins_dev_session(struct device *dev)
{
	struct ins_host *ihost = shost_priv(class_to_shost(dev));

	return READ_ONCE(ihost->sess);
}

/* ------------------------------------------------------------ settings */

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
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtouint(buf, 10, &v) || v > 1)
		return -EINVAL;
	if (!sess)
		return -ENODEV;
	err = ins_swap_set(sess, v, false);
	return err ? err : count;
}
static DEVICE_ATTR_RW(swap);

static ssize_t recovery_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct ins_session *sess = ins_dev_session(dev);

	if (!sess)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n", READ_ONCE(sess->recovery.enabled));
}

static ssize_t recovery_store(struct device *dev,
			      struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct ins_session *sess = ins_dev_session(dev);
	bool v;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtobool(buf, &v))
		return -EINVAL;
	if (!sess)
		return -ENODEV;
	WRITE_ONCE(sess->recovery.enabled, v);
	return count;
}
static DEVICE_ATTR_RW(recovery);

static ssize_t recovery_deadline_show(struct device *dev,
				      struct device_attribute *attr,
				      char *buf)
{
	struct ins_session *sess = ins_dev_session(dev);

	if (!sess)
		return -ENODEV;
	return sysfs_emit(buf, "%u\n", READ_ONCE(sess->recovery.deadline));
}

static ssize_t recovery_deadline_store(struct device *dev,
				       struct device_attribute *attr,
				       const char *buf, size_t count)
{
	struct ins_session *sess = ins_dev_session(dev);
	unsigned int v;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* a day at most: longer is "for ever", which is 0 */
	if (kstrtouint(buf, 10, &v) || v > 86400)
		return -EINVAL;
	if (!sess)
		return -ENODEV;
	WRITE_ONCE(sess->recovery.deadline, v);
	return count;
}
static DEVICE_ATTR_RW(recovery_deadline);

/* ------------------------------------------------------------ readings */

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

#ifdef CONFIG_MM_RESERVE
/*
 * The reserve as the kernel holds it (ins_group.c: the session's group
 * and its socket's): its limit while the session backs swap (0
 * otherwise), what the network layer has charged to it now, and the most
 * it ever had. Their presence tells the tool the kernel registers
 * reserves itself.
 */
#define INS_GROUP_ATTR(_name, _field)					\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct ins_session *sess = ins_dev_session(dev);		\
	struct ins_group_usage u;					\
									\
	if (!sess)							\
		return -ENODEV;						\
	ins_group_usage(sess, &u);					\
	return sysfs_emit(buf, "%lu\n", u._field);			\
}									\
static DEVICE_ATTR_RO(_name)

INS_GROUP_ATTR(reserve_limit_bytes, limit);
INS_GROUP_ATTR(reserve_used_bytes, used);
INS_GROUP_ATTR(reserve_hwm_bytes, hwm);
#endif /* CONFIG_MM_RESERVE */

static ssize_t recovery_state_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct ins_session *sess = ins_dev_session(dev);
	const char *st = "idle";

	if (!sess)
		return -ENODEV;
	spin_lock_bh(&sess->lock);
	if (sess->conn && sess->state == INS_ST_RECOVERING)
		st = "recovering";
	else if (!sess->recovery.have_cfg)
		st = "unavailable";
	spin_unlock_bh(&sess->lock);
	return sysfs_emit(buf, "%s\n", st);
}
static DEVICE_ATTR_RO(recovery_state);

/* ------------------------------------------------------------ counters */

enum ins_counter {
	/* these also go to get_stats, in this order */
	INS_CNT_RX_PFMEMALLOC,
	INS_CNT_TX_RESERVE_BYTES,
	INS_CNT_TX_RESERVE_RUNS,
	INS_CNT_CMDS_HWM,
	INS_CNT_CMDS_FULL,
	INS_CNT_R2T_HWM,
	INS_CNT_WINDOW_WAITS,
	INS_CNT_IN_STATS,
	/* in-kernel recovery */
	INS_CNT_RECOVERIES = INS_CNT_IN_STATS,
	INS_CNT_RECOVERY_ATTEMPTS,
	INS_CNT_RECOVERY_LAST_MS,
	INS_CNT_RECOVERY_MAX_MS,
	INS_CNT_RECOVERY_LAST_AT,
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
	[INS_CNT_RECOVERIES]		= "recoveries",
	[INS_CNT_RECOVERY_ATTEMPTS]	= "recovery_attempts",
	[INS_CNT_RECOVERY_LAST_MS]	= "recovery_last_ms",
	[INS_CNT_RECOVERY_MAX_MS]	= "recovery_max_ms",
	[INS_CNT_RECOVERY_LAST_AT]	= "recovery_last_at_s",
};

/* Every counter at once, each read under the lock that guards it. */
static void ins_counters(struct ins_session *sess, u64 *v)
{
	struct ins_recovery *rc = &sess->recovery;
	struct ins_swap *sw = &sess->swap;

	v[INS_CNT_RX_PFMEMALLOC] = atomic64_read(&sw->rx_pfmemalloc);
	v[INS_CNT_TX_RESERVE_BYTES] = atomic64_read(&sw->tx_reserve_bytes);
	v[INS_CNT_TX_RESERVE_RUNS] = atomic64_read(&sw->tx_reserve_runs);
	spin_lock_bh(&sess->lock);
	v[INS_CNT_CMDS_HWM] = sw->cmds_hwm;
	v[INS_CNT_CMDS_FULL] = sw->cmds_full;
	v[INS_CNT_R2T_HWM] = sw->r2t_hwm;
	v[INS_CNT_WINDOW_WAITS] = sw->window_waits;
	/* a recovery's end writes these together, under the lock */
	v[INS_CNT_RECOVERIES] = rc->recoveries;
	v[INS_CNT_RECOVERY_LAST_MS] = rc->last_ms;
	v[INS_CNT_RECOVERY_MAX_MS] = rc->max_ms;
	v[INS_CNT_RECOVERY_LAST_AT] = rc->last_at;
	spin_unlock_bh(&sess->lock);
	/* only the recovery work writes it */
	v[INS_CNT_RECOVERY_ATTEMPTS] = READ_ONCE(rc->attempts);
}

struct ins_counter_attr {
	struct device_attribute attr;
	enum ins_counter which;
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
	ins_counters(sess, v);
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
INS_COUNTER_ATTR(recoveries, INS_CNT_RECOVERIES);
INS_COUNTER_ATTR(recovery_attempts, INS_CNT_RECOVERY_ATTEMPTS);
INS_COUNTER_ATTR(recovery_last_ms, INS_CNT_RECOVERY_LAST_MS);
INS_COUNTER_ATTR(recovery_max_ms, INS_CNT_RECOVERY_MAX_MS);
INS_COUNTER_ATTR(recovery_last_at_s, INS_CNT_RECOVERY_LAST_AT);

static struct attribute *ins_netswap_attrs[] = {
	&dev_attr_swap.attr,
	&dev_attr_memalloc_active.attr,
	&dev_attr_reserve_bytes.attr,
#ifdef CONFIG_MM_RESERVE
	&dev_attr_reserve_limit_bytes.attr,
	&dev_attr_reserve_used_bytes.attr,
	&dev_attr_reserve_hwm_bytes.attr,
#endif
	&ins_cattr_rx_pfmemalloc_skbs.attr.attr,
	&ins_cattr_tx_reserve_bytes.attr.attr,
	&ins_cattr_tx_reserve_runs.attr.attr,
	&ins_cattr_cmds_hwm.attr.attr,
	&ins_cattr_cmds_pool_full.attr.attr,
	&ins_cattr_r2t_hwm.attr.attr,
	&ins_cattr_cmdsn_window_waits.attr.attr,
	&dev_attr_recovery.attr,
	&dev_attr_recovery_deadline.attr,
	&dev_attr_recovery_state.attr,
	&ins_cattr_recoveries.attr.attr,
	&ins_cattr_recovery_attempts.attr.attr,
	&ins_cattr_recovery_last_ms.attr.attr,
	&ins_cattr_recovery_max_ms.attr.attr,
	&ins_cattr_recovery_last_at_s.attr.attr,
	NULL,
};

static const struct attribute_group ins_netswap_group = {
	.name = "netswap",
	.attrs = ins_netswap_attrs,
};

const struct attribute_group *ins_shost_groups[] = {
	&ins_netswap_group,
	NULL,
};

/**
 * ins_sysfs_fill_stats - append the swap counters to get_stats' custom area
 * @sess: session
 * @stats: filled by the caller up to custom_length
 *
 * iscsiadm -m session -s prints them after the standard counters, each
 * name with a "netswap_" prefix.
 */
void ins_sysfs_fill_stats(struct ins_session *sess, struct iscsi_stats *stats)
{
	u64 v[INS_CNT_NR];
	int i;

	ins_counters(sess, v);
	for (i = 0; i < INS_CNT_IN_STATS; i++) {
		u32 n = stats->custom_length;

		if (n >= ISCSI_STATS_CUSTOM_MAX)
			return;
		snprintf(stats->custom[n].desc, ISCSI_STATS_CUSTOM_DESC_MAX,
			 "netswap_%s", ins_counter_names[i]);
		stats->custom[n].value = v[i];
		stats->custom_length = n + 1;
	}
}
