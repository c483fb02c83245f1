// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the iscsi_transport callbacks iscsid drives over
 * netlink: session and connection objects, parameters, PDUs from
 * userspace (login, text, logout, NOP-Out) and statistics.
 */
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <net/sock.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_conn.h"
#include "ins_main.h"
#include "ins_session.h"
#include "ins_sysfs.h"
#include "ins_transport.h"
#include "ins_tx.h"

static struct iscsi_cls_session *
ins_create_session(struct iscsi_endpoint *ep, u16 cmds_max, u16 qdepth,
		   u32 initial_cmdsn)
{
	if (ep) {
		pr_err(INS_NAME ": endpoints are not used by this transport\n");
		return NULL;
	}
	return ins_session_create(cmds_max, qdepth, initial_cmdsn);
}

static int ins_parse_int(const char *buf, int min, int max, int *out)
{
	int v;

	if (kstrtoint(skip_spaces(buf), 10, &v) || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int ins_parse_u32(const char *buf, u32 min, u32 max, u32 *out)
{
	u32 v;

	if (kstrtou32(skip_spaces(buf), 10, &v) || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int ins_set_param(struct iscsi_cls_conn *cls_conn,
			 enum iscsi_param param, char *buf, int buflen)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct ins_session *sess = conn->sess;
	int v, err;
	u32 u;

	switch (param) {
	case ISCSI_PARAM_FAST_ABORT:
		return ins_parse_int(buf, 0, 1, &sess->fast_abort);
	case ISCSI_PARAM_ABORT_TMO:
		return ins_parse_int(buf, 0, INT_MAX / HZ, &sess->abort_timeout);
	case ISCSI_PARAM_LU_RESET_TMO:
		return ins_parse_int(buf, 0, INT_MAX / HZ,
				     &sess->lu_reset_timeout);
	case ISCSI_PARAM_TGT_RESET_TMO:
		return ins_parse_int(buf, 0, INT_MAX / HZ,
				     &sess->tgt_reset_timeout);
	case ISCSI_PARAM_PING_TMO:
		return ins_parse_int(buf, 0, INT_MAX / HZ, &conn->ping_tmo);
	case ISCSI_PARAM_RECV_TMO:
		return ins_parse_int(buf, 0, INT_MAX / HZ, &conn->recv_tmo);
	case ISCSI_PARAM_MAX_RECV_DLENGTH:
		return ins_parse_u32(buf, 512, INS_MAX_DSL,
				     &conn->max_recv_dlength);
	case ISCSI_PARAM_MAX_XMIT_DLENGTH:
		return ins_parse_u32(buf, 512, INS_MAX_DSL,
				     &conn->max_xmit_dlength);
	case ISCSI_PARAM_HDRDGST_EN:
		return ins_parse_int(buf, 0, 1, &conn->hdrdgst_en);
	case ISCSI_PARAM_DATADGST_EN:
		return ins_parse_int(buf, 0, 1, &conn->datadgst_en);
	case ISCSI_PARAM_INITIAL_R2T_EN:
		return ins_parse_int(buf, 0, 1, &sess->initial_r2t_en);
	case ISCSI_PARAM_MAX_R2T:
		err = ins_parse_int(buf, 1, 65535, &v);
		if (err)
			return err;
		if (v > INS_MAX_R2T) {
			iscsi_cls_conn_printk(KERN_ERR, cls_conn,
					      "MaxOutstandingR2T %d is above the supported %d\n",
					      v, INS_MAX_R2T);
			return -EINVAL;
		}
		return ins_session_set_max_r2t(sess, v);
	case ISCSI_PARAM_IMM_DATA_EN:
		return ins_parse_int(buf, 0, 1, &sess->imm_data_en);
	case ISCSI_PARAM_FIRST_BURST:
		return ins_parse_u32(buf, 512, INS_MAX_DSL, &sess->first_burst);
	case ISCSI_PARAM_MAX_BURST:
		return ins_parse_u32(buf, 512, INS_MAX_DSL, &sess->max_burst);
	case ISCSI_PARAM_PDU_INORDER_EN:
		return ins_parse_int(buf, 0, 1, &sess->pdu_inorder_en);
	case ISCSI_PARAM_DATASEQ_INORDER_EN:
		return ins_parse_int(buf, 0, 1, &sess->dataseq_inorder_en);
	case ISCSI_PARAM_ERL:
		err = ins_parse_int(buf, 0, 2, &v);
		if (err)
			return err;
		/* only ERL0 is implemented; iscsid never offers more */
		if (v != 0)
			return -EINVAL;
		sess->erl = v;
		return 0;
	case ISCSI_PARAM_EXP_STATSN:
		err = ins_parse_u32(buf, 0, U32_MAX, &u);
		if (!err)
			conn->exp_statsn = u;
		return err;
	case ISCSI_PARAM_TPGT:
		/*
		 * -1: the target named no TargetPortalGroupTag and the node
		 * record has none (created without discovery); iscsid sends
		 * it as is and the stock initiator takes it.
		 */
		return ins_parse_int(buf, -1, 65535, &sess->tpgt);
	case ISCSI_PARAM_PERSISTENT_PORT:
		return ins_parse_int(buf, 0, 65535, &conn->persistent_port);
	case ISCSI_PARAM_DISCOVERY_SESS:
		err = ins_parse_int(buf, 0, 1, &v);
		if (!err)
			sess->discovery_sess = v;
		return err;
	case ISCSI_PARAM_DEF_TIME2WAIT:
		return ins_parse_int(buf, 0, 3600, &sess->time2wait);
	case ISCSI_PARAM_DEF_TIME2RETAIN:
		return ins_parse_int(buf, 0, 3600, &sess->time2retain);
	case ISCSI_PARAM_DEF_TASKMGMT_TMO:
		return ins_parse_int(buf, 0, INT_MAX / HZ,
				     &sess->def_taskmgmt_tmo);
	case ISCSI_PARAM_USERNAME:
		return ins_switch_str(&sess->username, buf);
	case ISCSI_PARAM_USERNAME_IN:
		return ins_switch_str(&sess->username_in, buf);
	case ISCSI_PARAM_PASSWORD:
		return ins_switch_str(&sess->password, buf);
	case ISCSI_PARAM_PASSWORD_IN:
		return ins_switch_str(&sess->password_in, buf);
	case ISCSI_PARAM_TARGET_NAME:
		return ins_switch_str(&sess->targetname, buf);
	case ISCSI_PARAM_TARGET_ALIAS:
		return ins_switch_str(&sess->targetalias, buf);
	case ISCSI_PARAM_PERSISTENT_ADDRESS:
		return ins_switch_str(&conn->persistent_address, buf);
	case ISCSI_PARAM_IFACE_NAME:
		return ins_switch_str(&sess->ifacename, buf);
	case ISCSI_PARAM_INITIATOR_NAME:
		return ins_switch_str(&sess->initiatorname, buf);
	case ISCSI_PARAM_BOOT_ROOT:
		return ins_switch_str(&sess->boot_root, buf);
	case ISCSI_PARAM_BOOT_NIC:
		return ins_switch_str(&sess->boot_nic, buf);
	case ISCSI_PARAM_BOOT_TARGET:
		return ins_switch_str(&sess->boot_target, buf);
	case ISCSI_PARAM_PORTAL_TYPE:
		return ins_switch_str(&sess->portal_type, buf);
	case ISCSI_PARAM_DISCOVERY_PARENT_TYPE:
		return ins_switch_str(&sess->discovery_parent_type, buf);
	case ISCSI_PARAM_LOCAL_IPADDR:
		return ins_switch_str(&conn->local_ipaddr, buf);
	default:
		/* iscsid skips parameters a transport does not have */
		return INS_PARAM_UNSUPPORTED;
	}
}

static int ins_sock_addr(struct ins_conn *conn, bool local,
			 struct sockaddr_storage *addr)
{
	struct ins_session *sess = conn->sess;
	int rc;

	mutex_lock(&sess->ctl_mutex);
	if (!conn->sock)
		rc = -ENOTCONN;
	else if (local)
		rc = kernel_getsockname(conn->sock, (struct sockaddr *)addr);
	else
		rc = kernel_getpeername(conn->sock, (struct sockaddr *)addr);
	mutex_unlock(&sess->ctl_mutex);
	return rc < 0 ? rc : 0;
}

static int ins_emit_addr(struct sockaddr_storage *addr, bool port, char *buf)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)addr;
	struct sockaddr_in *sin = (struct sockaddr_in *)addr;

	switch (addr->ss_family) {
	case AF_INET:
		if (port)
			return sysfs_emit(buf, "%hu\n", be16_to_cpu(sin->sin_port));
		return sysfs_emit(buf, "%pI4\n", &sin->sin_addr.s_addr);
	case AF_INET6:
		if (port)
			return sysfs_emit(buf, "%hu\n",
					  be16_to_cpu(sin6->sin6_port));
		return sysfs_emit(buf, "%pI6\n", &sin6->sin6_addr);
	default:
		return -EINVAL;
	}
}

static int ins_get_conn_param(struct iscsi_cls_conn *cls_conn,
			      enum iscsi_param param, char *buf)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct sockaddr_storage addr;
	int rc;

	switch (param) {
	case ISCSI_PARAM_CONN_ADDRESS:
	case ISCSI_PARAM_CONN_PORT:
	case ISCSI_PARAM_LOCAL_PORT:
		rc = ins_sock_addr(conn, param == ISCSI_PARAM_LOCAL_PORT,
				   &addr);
		if (rc)
			return rc;
		return ins_emit_addr(&addr, param != ISCSI_PARAM_CONN_ADDRESS,
				     buf);
	case ISCSI_PARAM_PING_TMO:
		return sysfs_emit(buf, "%u\n", conn->ping_tmo);
	case ISCSI_PARAM_RECV_TMO:
		return sysfs_emit(buf, "%u\n", conn->recv_tmo);
	case ISCSI_PARAM_MAX_RECV_DLENGTH:
		return sysfs_emit(buf, "%u\n", conn->max_recv_dlength);
	case ISCSI_PARAM_MAX_XMIT_DLENGTH:
		return sysfs_emit(buf, "%u\n", conn->max_xmit_dlength);
	case ISCSI_PARAM_HDRDGST_EN:
		return sysfs_emit(buf, "%d\n", conn->hdrdgst_en);
	case ISCSI_PARAM_DATADGST_EN:
		return sysfs_emit(buf, "%d\n", conn->datadgst_en);
	case ISCSI_PARAM_IFMARKER_EN:
	case ISCSI_PARAM_OFMARKER_EN:
		return sysfs_emit(buf, "0\n");
	case ISCSI_PARAM_EXP_STATSN:
		return sysfs_emit(buf, "%u\n", conn->exp_statsn);
	case ISCSI_PARAM_PERSISTENT_PORT:
		return sysfs_emit(buf, "%d\n", conn->persistent_port);
	case ISCSI_PARAM_PERSISTENT_ADDRESS:
		return sysfs_emit(buf, "%s\n", conn->persistent_address);
	case ISCSI_PARAM_LOCAL_IPADDR:
		return sysfs_emit(buf, "%s\n", conn->local_ipaddr);
	default:
		return INS_PARAM_UNSUPPORTED;
	}
}

static int ins_get_session_param(struct iscsi_cls_session *cls,
				 enum iscsi_param param, char *buf)
{
	struct ins_session *sess = cls->dd_data;

	switch (param) {
	case ISCSI_PARAM_FAST_ABORT:
		return sysfs_emit(buf, "%d\n", sess->fast_abort);
	case ISCSI_PARAM_ABORT_TMO:
		return sysfs_emit(buf, "%d\n", sess->abort_timeout);
	case ISCSI_PARAM_LU_RESET_TMO:
		return sysfs_emit(buf, "%d\n", sess->lu_reset_timeout);
	case ISCSI_PARAM_TGT_RESET_TMO:
		return sysfs_emit(buf, "%d\n", sess->tgt_reset_timeout);
	case ISCSI_PARAM_INITIAL_R2T_EN:
		return sysfs_emit(buf, "%d\n", sess->initial_r2t_en);
	case ISCSI_PARAM_MAX_R2T:
		return sysfs_emit(buf, "%hu\n", sess->max_r2t);
	case ISCSI_PARAM_IMM_DATA_EN:
		return sysfs_emit(buf, "%d\n", sess->imm_data_en);
	case ISCSI_PARAM_FIRST_BURST:
		return sysfs_emit(buf, "%u\n", sess->first_burst);
	case ISCSI_PARAM_MAX_BURST:
		return sysfs_emit(buf, "%u\n", sess->max_burst);
	case ISCSI_PARAM_PDU_INORDER_EN:
		return sysfs_emit(buf, "%d\n", sess->pdu_inorder_en);
	case ISCSI_PARAM_DATASEQ_INORDER_EN:
		return sysfs_emit(buf, "%d\n", sess->dataseq_inorder_en);
	case ISCSI_PARAM_DEF_TASKMGMT_TMO:
		return sysfs_emit(buf, "%d\n", sess->def_taskmgmt_tmo);
	case ISCSI_PARAM_ERL:
		return sysfs_emit(buf, "%d\n", sess->erl);
	case ISCSI_PARAM_TARGET_NAME:
		return sysfs_emit(buf, "%s\n", sess->targetname);
	case ISCSI_PARAM_TARGET_ALIAS:
		return sysfs_emit(buf, "%s\n", sess->targetalias);
	case ISCSI_PARAM_TPGT:
		return sysfs_emit(buf, "%d\n", sess->tpgt);
	case ISCSI_PARAM_USERNAME:
		return sysfs_emit(buf, "%s\n", sess->username);
	case ISCSI_PARAM_USERNAME_IN:
		return sysfs_emit(buf, "%s\n", sess->username_in);
	case ISCSI_PARAM_PASSWORD:
		return sysfs_emit(buf, "%s\n", sess->password);
	case ISCSI_PARAM_PASSWORD_IN:
		return sysfs_emit(buf, "%s\n", sess->password_in);
	case ISCSI_PARAM_IFACE_NAME:
		return sysfs_emit(buf, "%s\n", sess->ifacename);
	case ISCSI_PARAM_INITIATOR_NAME:
		return sysfs_emit(buf, "%s\n", sess->initiatorname);
	case ISCSI_PARAM_BOOT_ROOT:
		return sysfs_emit(buf, "%s\n", sess->boot_root);
	case ISCSI_PARAM_BOOT_NIC:
		return sysfs_emit(buf, "%s\n", sess->boot_nic);
	case ISCSI_PARAM_BOOT_TARGET:
		return sysfs_emit(buf, "%s\n", sess->boot_target);
	case ISCSI_PARAM_DISCOVERY_SESS:
		return sysfs_emit(buf, "%d\n", sess->discovery_sess);
	case ISCSI_PARAM_PORTAL_TYPE:
		return sysfs_emit(buf, "%s\n", sess->portal_type);
	case ISCSI_PARAM_DEF_TIME2WAIT:
		return sysfs_emit(buf, "%d\n", sess->time2wait);
	case ISCSI_PARAM_DEF_TIME2RETAIN:
		return sysfs_emit(buf, "%d\n", sess->time2retain);
	case ISCSI_PARAM_TSID:
		return sysfs_emit(buf, "%u\n", sess->tsih);
	case ISCSI_PARAM_ISID:
		return sysfs_emit(buf, "%6phN\n", sess->isid);
	case ISCSI_PARAM_DISCOVERY_PARENT_TYPE:
		return sysfs_emit(buf, "%s\n", sess->discovery_parent_type ?
				  sess->discovery_parent_type : "");
	default:
		return INS_PARAM_UNSUPPORTED;
	}
}

static int ins_get_host_param(struct Scsi_Host *shost,
			      enum iscsi_host_param param, char *buf)
{
	struct ins_host *ihost = shost_priv(shost);
	struct ins_session *sess = ihost->sess;
	struct sockaddr_storage addr;
	struct ins_conn *conn;
	int rc;

	switch (param) {
	case ISCSI_HOST_PARAM_NETDEV_NAME:
		return sysfs_emit(buf, "%s\n", ihost->netdev);
	case ISCSI_HOST_PARAM_HWADDRESS:
		return sysfs_emit(buf, "%s\n", ihost->hwaddress);
	case ISCSI_HOST_PARAM_INITIATOR_NAME:
		return sysfs_emit(buf, "%s\n", ihost->initiatorname);
	case ISCSI_HOST_PARAM_IPADDRESS:
		if (!sess)
			return -ENOTCONN;
		spin_lock_bh(&sess->lock);
		conn = sess->conn;
		if (conn)
			iscsi_get_conn(conn->cls_conn);
		spin_unlock_bh(&sess->lock);
		if (!conn)
			return -ENOTCONN;
		rc = ins_sock_addr(conn, true, &addr);
		if (!rc)
			rc = ins_emit_addr(&addr, false, buf);
		iscsi_put_conn(conn->cls_conn);
		return rc;
	default:
		return INS_PARAM_UNSUPPORTED;
	}
}

static int ins_set_host_param(struct Scsi_Host *shost,
			      enum iscsi_host_param param, char *buf,
			      int buflen)
{
	struct ins_host *ihost = shost_priv(shost);

	switch (param) {
	case ISCSI_HOST_PARAM_NETDEV_NAME:
		return ins_switch_str(&ihost->netdev, buf);
	case ISCSI_HOST_PARAM_HWADDRESS:
		return ins_switch_str(&ihost->hwaddress, buf);
	case ISCSI_HOST_PARAM_INITIATOR_NAME:
		return ins_switch_str(&ihost->initiatorname, buf);
	default:
		return INS_PARAM_UNSUPPORTED;
	}
}

/**
 * ins_send_pdu - the send_pdu callback: a PDU built by iscsid
 * @cls_conn: connection
 * @hdr: basic header segment
 * @data: data segment
 * @data_size: its length
 *
 * Login and Text (one request/response at a time), Logout and NOP-Out
 * go into their preallocated slots and out through io_work. As with
 * the stock initiator the ITT is ours, and CmdSN comes from the session.
 */
static int ins_send_pdu(struct iscsi_cls_conn *cls_conn,
			struct iscsi_hdr *hdr, char *data, u32 data_size)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct ins_session *sess = conn->sess;
	u8 op = hdr->opcode & ISCSI_OPCODE_MASK;
	struct ins_login_req login;
	enum ins_mgmt_slot slot;
	struct ins_mgmt *m;
	bool login_phase, is_login;
	u32 dlen;
	int err = 0;

	switch (op) {
	case ISCSI_OP_LOGIN:
	case ISCSI_OP_TEXT:
		slot = INS_MGMT_LOGIN;
		break;
	case ISCSI_OP_LOGOUT:
		slot = INS_MGMT_LOGOUT;
		break;
	case ISCSI_OP_NOOP_OUT:
		slot = INS_MGMT_UNOP;
		break;
	default:
		return -EINVAL;
	}
	/*
	 * iscsid passes the data segment with its pad bytes; what the PDU
	 * carries is the header's DataSegmentLength. Sending the padded
	 * length would add empty keys, which LIO refuses.
	 */
	dlen = ntoh24(hdr->dlength);
	m = &sess->mgmt[slot];
	if (dlen > data_size || dlen > m->data_cap)
		return -EINVAL;

	spin_lock_bh(&sess->lock);
	/*
	 * A connection that failed has its error event on the way to
	 * iscsid, which recovers from that. Failing this PDU too would give
	 * iscsid a second, racing error path (2.1.8 can then retry bind
	 * forever with -ENOTCONN); like the stock initiator, take the PDU
	 * and drop it: no answer comes, the event does.
	 */
	if (sess->state == INS_ST_FAILED || sess->state == INS_ST_RECOVERING)
		goto out;
	if (sess->state != INS_ST_LOGIN && sess->state != INS_ST_LIVE) {
		err = -ENOTCONN;
		goto out;
	}
	/* login only before start, logout and NOP-Out only after it */
	login_phase = sess->state == INS_ST_LOGIN;
	is_login = op == ISCSI_OP_LOGIN;
	if (op != ISCSI_OP_TEXT && login_phase != is_login) {
		err = -EINVAL;
		goto out;
	}
	if (m->busy) {
		err = -EBUSY;
		goto out;
	}
	memcpy(m->hdr, hdr, INS_BHS_LEN);
	if (dlen)
		memcpy(m->data, data, dlen);
	m->data_len = dlen;
	if (hdr->itt != RESERVED_ITT)
		ins_bhs_set_itt(m->hdr, ins_mgmt_itt(conn, slot));
	ins_bhs_set_cmdsn(m->hdr, sess->cmdsn);
	if (sess->state == INS_ST_LIVE &&
	    !(hdr->opcode & ISCSI_OP_IMMEDIATE)) {
		sess->cmdsn++;
		sess->queued_cmdsn++;
	}
	/* remembered for in-kernel session reinstatement (D5) */
	if (op == ISCSI_OP_LOGIN &&
	    !ins_bhs_decode_login_req(m->hdr, INS_BHS_LEN, &login)) {
		memcpy(sess->isid, login.isid, sizeof(sess->isid));
		sess->tsih = login.tsih;
		ins_recovery_login_pdu(sess, m->hdr,
				       m->data, dlen);
	}
	if (op == ISCSI_OP_LOGOUT)
		ins_state_change(sess, INS_ST_LOGOUT);
	ins_tx_queue_mgmt(conn, m);
	/* a NOP-Out without ITT gets no answer: nothing to wait for */
	if (hdr->itt == RESERVED_ITT)
		m->busy = false;
out:
	spin_unlock_bh(&sess->lock);
	if (!err)
		ins_queue_io(conn);
	return err;
}

static void ins_get_stats(struct iscsi_cls_conn *cls_conn,
			  struct iscsi_stats *stats)
{
	struct ins_conn *conn = cls_conn->dd_data;
	struct ins_stats *s = &conn->stats;

	stats->txdata_octets = s->txdata_octets;
	stats->rxdata_octets = s->rxdata_octets;
	stats->noptx_pdus = s->noptx_pdus;
	stats->scsicmd_pdus = s->scsicmd_pdus;
	stats->tmfcmd_pdus = s->tmfcmd_pdus;
	stats->login_pdus = s->login_pdus;
	stats->text_pdus = s->text_pdus;
	stats->dataout_pdus = s->dataout_pdus;
	stats->logout_pdus = s->logout_pdus;
	stats->snack_pdus = 0;
	stats->noprx_pdus = s->noprx_pdus;
	stats->scsirsp_pdus = s->scsirsp_pdus;
	stats->tmfrsp_pdus = s->tmfrsp_pdus;
	stats->textrsp_pdus = s->textrsp_pdus;
	stats->datain_pdus = s->datain_pdus;
	stats->logoutrsp_pdus = s->logoutrsp_pdus;
	stats->r2t_pdus = s->r2t_pdus;
	stats->async_pdus = s->async_pdus;
	stats->rjt_pdus = s->rjt_pdus;
	stats->digest_err = s->digest_err;
	stats->timeout_err = s->timeout_err;
	stats->custom_length = 2;
	strscpy(stats->custom[0].desc, "tx_sendpage_copies",
		ISCSI_STATS_CUSTOM_DESC_MAX);
	stats->custom[0].value = s->sendpage_copy;
	strscpy(stats->custom[1].desc, "eh_abort_cnt",
		ISCSI_STATS_CUSTOM_DESC_MAX);
	stats->custom[1].value = s->eh_abort_cnt;
	ins_sysfs_fill_stats(conn->sess, stats);
}

/* The transport class gave up waiting for a relogin. */
static void ins_session_recovery_timedout(struct iscsi_cls_session *cls)
{
	struct ins_session *sess = cls->dd_data;

	spin_lock_bh(&sess->lock);
	ins_state_change(sess, INS_ST_GIVEN_UP);
	spin_unlock_bh(&sess->lock);
	wake_up_all(&sess->state_wait);
}

/* The same sysfs attributes as iscsi_tcp: iscsid reads these. */
umode_t ins_attr_is_visible(int param_type, int param)
{
	switch (param_type) {
	case ISCSI_HOST_PARAM:
		switch (param) {
		case ISCSI_HOST_PARAM_NETDEV_NAME:
		case ISCSI_HOST_PARAM_HWADDRESS:
		case ISCSI_HOST_PARAM_IPADDRESS:
		case ISCSI_HOST_PARAM_INITIATOR_NAME:
			return 0444;
		default:
			return 0;
		}
	case ISCSI_PARAM:
		switch (param) {
		case ISCSI_PARAM_MAX_RECV_DLENGTH:
		case ISCSI_PARAM_MAX_XMIT_DLENGTH:
		case ISCSI_PARAM_HDRDGST_EN:
		case ISCSI_PARAM_DATADGST_EN:
		case ISCSI_PARAM_CONN_ADDRESS:
		case ISCSI_PARAM_CONN_PORT:
		case ISCSI_PARAM_LOCAL_PORT:
		case ISCSI_PARAM_EXP_STATSN:
		case ISCSI_PARAM_PERSISTENT_ADDRESS:
		case ISCSI_PARAM_PERSISTENT_PORT:
		case ISCSI_PARAM_PING_TMO:
		case ISCSI_PARAM_RECV_TMO:
		case ISCSI_PARAM_INITIAL_R2T_EN:
		case ISCSI_PARAM_MAX_R2T:
		case ISCSI_PARAM_IMM_DATA_EN:
		case ISCSI_PARAM_FIRST_BURST:
		case ISCSI_PARAM_MAX_BURST:
		case ISCSI_PARAM_PDU_INORDER_EN:
		case ISCSI_PARAM_DATASEQ_INORDER_EN:
		case ISCSI_PARAM_ERL:
		case ISCSI_PARAM_TARGET_NAME:
		case ISCSI_PARAM_TPGT:
		case ISCSI_PARAM_USERNAME:
		case ISCSI_PARAM_PASSWORD:
		case ISCSI_PARAM_USERNAME_IN:
		case ISCSI_PARAM_PASSWORD_IN:
		case ISCSI_PARAM_FAST_ABORT:
		case ISCSI_PARAM_ABORT_TMO:
		case ISCSI_PARAM_LU_RESET_TMO:
		case ISCSI_PARAM_TGT_RESET_TMO:
		case ISCSI_PARAM_IFACE_NAME:
		case ISCSI_PARAM_INITIATOR_NAME:
			return 0444;
		default:
			return 0;
		}
	}
	return 0;
}

struct iscsi_transport ins_iscsi_transport = {
	.owner			= THIS_MODULE,
	.name			= "tcp",
	.caps			= CAP_RECOVERY_L0 | CAP_MULTI_R2T | CAP_HDRDGST |
				  CAP_DATADGST,
	.create_session		= ins_create_session,
	.destroy_session	= ins_session_destroy,
	.create_conn		= ins_conn_create,
	.bind_conn		= ins_conn_bind,
	.destroy_conn		= ins_conn_destroy,
	.attr_is_visible	= ins_attr_is_visible,
	.set_param		= ins_set_param,
	.get_conn_param		= ins_get_conn_param,
	.get_session_param	= ins_get_session_param,
	.start_conn		= ins_conn_start,
	.stop_conn		= ins_conn_stop,
	.get_host_param		= ins_get_host_param,
	.set_host_param		= ins_set_host_param,
	.send_pdu		= ins_send_pdu,
	.get_stats		= ins_get_stats,
	.session_recovery_timedout = ins_session_recovery_timedout,
};
