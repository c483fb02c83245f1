// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - sessions: the Scsi_Host that carries one session, the
 * class session object and everything preallocated for its lifetime.
 */
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_group.h"
#include "ins_host.h"
#include "ins_main.h"
#include "ins_session.h"

/* Same rules as the stock initiator, so iscsid's cmds_max means the same. */
static int ins_cmds_max(u16 requested)
{
	unsigned int n = requested ? requested : INS_DEF_CMDS_MAX;

	if (n < INS_MIN_CMDS_MAX) {
		pr_err(INS_NAME ": invalid cmds_max %u (minimum %u)\n",
		       n, INS_MIN_CMDS_MAX);
		return -EINVAL;
	}
	if (n > INS_MAX_CMDS_MAX)
		n = INS_MAX_CMDS_MAX;
	if (!is_power_of_2(n))
		n = rounddown_pow_of_two(n);
	return n;
}

/* Safe to call twice: the error paths of session creation do. */
static void ins_session_free_bufs(struct ins_session *sess)
{
	kvfree(sess->r2t_pool);
	kfree(sess->login_buf);
	kfree(sess->nop_buf);
	kfree(sess->rx_hdr);
	kfree(sess->rx_linear);
	kvfree(sess->rx_ring);
	sess->r2t_pool = NULL;
	sess->login_buf = NULL;
	sess->nop_buf = NULL;
	sess->rx_hdr = NULL;
	sess->rx_linear = NULL;
	sess->rx_ring = NULL;
}

/*
 * Everything the session needs after login is allocated here, once:
 * management PDUs, the login/text buffer, the NOP echo buffer, the
 * receive header and linear data buffers and the receive ring (decision
 * D3).
 */
static int ins_session_alloc_bufs(struct ins_session *sess)
{
	int i;

	sess->login_buf = kzalloc(INS_LOGIN_BUF, GFP_KERNEL);
	sess->nop_buf = kzalloc(INS_RX_LINEAR, GFP_KERNEL);
	sess->rx_hdr = kzalloc(INS_RXF_HDR_MAX, GFP_KERNEL);
	sess->rx_linear = kzalloc(INS_RX_LINEAR + ISCSI_PAD_LEN, GFP_KERNEL);
	sess->rx_ring = kvmalloc(INS_RX_RING, GFP_KERNEL);
	/* one R2T per command until a larger MaxOutstandingR2T is set */
	sess->r2t_slots = 1;
	sess->r2t_pool = kvcalloc(sess->shost->can_queue,
				  sizeof(*sess->r2t_pool), GFP_KERNEL);
	if (!sess->login_buf || !sess->nop_buf || !sess->rx_hdr ||
	    !sess->rx_linear || !sess->rx_ring || !sess->r2t_pool) {
		ins_session_free_bufs(sess);
		return -ENOMEM;
	}
	for (i = 0; i < INS_MGMT_NR; i++)
		INIT_LIST_HEAD(&sess->mgmt[i].entry);
	sess->mgmt[INS_MGMT_LOGIN].data = sess->login_buf;
	sess->mgmt[INS_MGMT_LOGIN].data_cap = INS_LOGIN_BUF;
	sess->mgmt[INS_MGMT_NOPREPLY].data = sess->nop_buf;
	sess->mgmt[INS_MGMT_NOPREPLY].data_cap = INS_RX_LINEAR;
	return 0;
}

/**
 * ins_session_create - the create_session callback
 * @cmds_max: total tasks iscsid asks for (node.session.cmds_max)
 * @qdepth: per-LUN queue depth (node.session.queue_depth)
 * @initial_cmdsn: first CmdSN
 *
 * Does what iscsi_host_alloc()/iscsi_host_add()/iscsi_session_setup() do
 * for iscsi_tcp, without libiscsi: one Scsi_Host per session, added to
 * the SCSI midlayer (which runs the transport's host setup), then the
 * class session as target 0 of that host.
 */
struct iscsi_cls_session *ins_session_create(u16 cmds_max, u16 qdepth,
					     u32 initial_cmdsn)
{
	struct iscsi_cls_session *cls;
	struct ins_session *sess;
	struct Scsi_Host *shost;
	struct ins_host *ihost;
	int total;

	total = ins_cmds_max(cmds_max);
	if (total < 0)
		return NULL;

	shost = scsi_host_alloc(&ins_sht, sizeof(struct ins_host));
	if (!shost)
		return NULL;
	ihost = shost_priv(shost);
	shost->transportt = ins_scsi_transport;
	shost->max_lun = ins_max_lun;
	shost->max_id = 0;
	shost->max_channel = 0;
	/* longer CDBs travel in an Extended CDB AHS */
	shost->max_cmd_len = INS_MAX_CMD_LEN;
	/*
	 * Keep the stock split: a few tasks of cmds_max are for management,
	 * the rest for SCSI commands.
	 */
	shost->can_queue = total - INS_MGMT_NR;
	shost->cmd_per_lun = qdepth ? qdepth : INS_DEF_CMD_PER_LUN;
	if (shost->cmd_per_lun > shost->can_queue)
		shost->cmd_per_lun = shost->can_queue;

	if (scsi_add_host(shost, NULL))
		goto put_host;

	cls = iscsi_alloc_session(shost, &ins_iscsi_transport,
				  sizeof(struct ins_session));
	if (!cls)
		goto remove_host;
	sess = cls->dd_data;
	sess->cls = cls;
	sess->shost = shost;
	spin_lock_init(&sess->lock);
	mutex_init(&sess->ctl_mutex);
	mutex_init(&sess->tmf_mutex);
	init_waitqueue_head(&sess->tmf_wait);
	init_waitqueue_head(&sess->state_wait);
	sess->state = INS_ST_NEW;
	sess->cmdsn = initial_cmdsn;
	sess->queued_cmdsn = initial_cmdsn;
	ins_cmdsn_window_reset(&sess->win, initial_cmdsn);
	ins_swap_init(sess);
	sess->max_r2t = 1;
	sess->initial_r2t_en = 1;
	sess->first_burst = 65536;
	sess->max_burst = 262144;
	sess->fast_abort = 1;
	sess->abort_timeout = 10;
	sess->lu_reset_timeout = 15;
	sess->tgt_reset_timeout = 30;

	if (ins_session_alloc_bufs(sess))
		goto free_session;
	if (ins_recovery_alloc(sess))
		goto free_session;

	/* sessions pin the module, as with iscsi_tcp */
	if (!try_module_get(THIS_MODULE))
		goto free_session;

	ihost->sess = sess;
	if (iscsi_add_session(cls, 0))
		goto put_module;
	return cls;

put_module:
	ihost->sess = NULL;
	module_put(THIS_MODULE);
free_session:
	/*
	 * The host's sysfs attributes may have seen the session: take the
	 * host out of sysfs (which waits for their readers) before freeing.
	 */
	scsi_remove_host(shost);
	ins_recovery_free(sess);
	ins_session_free_bufs(sess);
	iscsi_free_session(cls);
	scsi_host_put(shost);
	return NULL;
remove_host:
	scsi_remove_host(shost);
put_host:
	scsi_host_put(shost);
	return NULL;
}

static void ins_session_free_strings(struct ins_session *sess)
{
	kfree(sess->targetname);
	kfree(sess->targetalias);
	kfree(sess->username);
	kfree(sess->username_in);
	kfree_sensitive(sess->password);
	kfree_sensitive(sess->password_in);
	kfree(sess->ifacename);
	kfree(sess->initiatorname);
	kfree(sess->boot_root);
	kfree(sess->boot_nic);
	kfree(sess->boot_target);
	kfree(sess->portal_type);
	kfree(sess->discovery_parent_type);
}

/**
 * ins_session_destroy - the destroy_session callback
 * @cls: class session; its connection is already destroyed
 *
 * The session leaves sysfs before the host so that no get_host_param
 * runs against a freed session.
 */
void ins_session_destroy(struct iscsi_cls_session *cls)
{
	struct ins_session *sess = cls->dd_data;
	struct Scsi_Host *shost = sess->shost;
	struct ins_host *ihost = shost_priv(shost);

	if (WARN_ON_ONCE(sess->conn))
		return;

	iscsi_remove_session(cls);
	scsi_remove_host(shost);
	/* no command is left to mark the session (ins_swap_note_cmd) */
	cancel_work_sync(&sess->swap.mark_work);
	ins_recovery_cancel(sess);
	mutex_lock(&sess->ctl_mutex);
	ins_group_unregister(sess);
	mutex_unlock(&sess->ctl_mutex);

	ihost->sess = NULL;
	ins_recovery_free(sess);
	ins_session_free_bufs(sess);
	ins_session_free_strings(sess);
	kfree(ihost->netdev);
	kfree(ihost->hwaddress);
	kfree(ihost->initiatorname);
	iscsi_free_session(cls);
	scsi_host_put(shost);
	module_put(THIS_MODULE);
}

/**
 * ins_session_set_max_r2t - apply a negotiated MaxOutstandingR2T
 * @sess: session
 * @max_r2t: 1..INS_MAX_R2T
 *
 * Grows every command's R2T ring when needed. iscsid sets the value
 * after the login and before start_conn: no command is in flight then,
 * so nothing uses the old rings. Sleeping allocation, control path only.
 *
 * Return: 0, -EBUSY in full feature phase, or -ENOMEM.
 */
int ins_session_set_max_r2t(struct ins_session *sess, int max_r2t)
{
	struct ins_r2t *pool, *old = NULL;
	int ret = 0;

	if (max_r2t <= sess->r2t_slots) {
		spin_lock_bh(&sess->lock);
		sess->max_r2t = max_r2t;
		spin_unlock_bh(&sess->lock);
		return 0;
	}
	pool = kvcalloc(array_size(sess->shost->can_queue, max_r2t),
			sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;
	spin_lock_bh(&sess->lock);
	if (sess->conn && ins_state_ffp(sess->state)) {
		old = pool;
		ret = -EBUSY;
	} else {
		old = sess->r2t_pool;
		sess->r2t_pool = pool;
		sess->r2t_slots = max_r2t;
		sess->max_r2t = max_r2t;
	}
	spin_unlock_bh(&sess->lock);
	kvfree(old);
	return ret;
}

/* Replace a string parameter; sleeping allocation, control path only. */
int ins_switch_str(char **param, const char *buf)
{
	char *s;

	if (*param && !strcmp(*param, buf))
		return 0;
	s = kstrdup(buf, GFP_NOIO);
	if (!s)
		return -ENOMEM;
	/* the same call sets CHAP secrets: none is left behind in the heap */
	kfree_sensitive(*param);
	*param = s;
	return 0;
}
