// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - receive state machine and PDU dispatch.
 *
 * The bytes come from the session's receive ring (ins_sock.c). Headers
 * are copied into the preallocated header buffer, Data-In payloads
 * straight into the command's pages, other payloads into the
 * preallocated linear buffer. Nothing blocks; the machine keeps its
 * position across runs. Anything the target gets wrong ends the
 * connection with an error event; it never reaches a BUG.
 *
 * Two contexts run the machine, one at a time (INS_RX_OWNED):
 * sk_data_ready, in softirq, for the PDUs that complete commands (Data-In
 * and SCSI Response: they need nothing but the session lock), and io_work
 * for the rest and for whatever sk_data_ready leaves. Completing in the
 * softirq that received the status, as iscsi_tcp does, keeps a wakeup of
 * io_work off every command's path.
 */
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/ratelimit.h>
#include <linux/scatterlist.h>
#include <net/sock.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_tcq.h>
#include <scsi/scsi_transport_iscsi.h>

#include "iscsi_netswap.h"
#include "ins_rxframe.h"
#include "ins_rx.h"
#include "ins_tmf.h"
#include "ins_tx.h"

/*
 * Every message in this file is provoked by what a target sends, and a
 * target may send it without end: all go through the connection's limit.
 */
#define ins_rx_log(conn, level, fmt, ...)				\
	do {								\
		struct ins_conn *c__ = (conn);				\
									\
		if (__ratelimit(&c__->rx_log_rs))			\
			iscsi_cls_conn_printk(level, c__->cls_conn,	\
					      fmt, ##__VA_ARGS__);	\
	} while (0)

static struct iscsi_hdr *ins_rx_hdr(struct ins_conn *conn)
{
	return conn->sess->rx_hdr;
}

/* Returns bytes read, 0 if nothing is available, or -ISCSI_ERR_*. */
static int ins_rx_check(struct ins_conn *conn, int r)
{
	if (r > 0) {
		conn->stats.rxdata_octets += r;
		return r;
	}
	if (r == -EAGAIN)
		return 0;
	if (r == 0) {
		/* the target closes after our logout: not an error */
		if (READ_ONCE(conn->sess->state) == INS_ST_LOGOUT)
			return 0;
		return -ISCSI_ERR_TCP_CONN_CLOSE;
	}
	if (r == -ECONNRESET || r == -EPIPE)
		return -ISCSI_ERR_TCP_CONN_CLOSE;
	return -ISCSI_ERR_CONN_FAILED;
}

/*
 * Take up to @len bytes out of the receive ring into @buf. Returns bytes
 * taken, 0 when nothing is there yet, or -ISCSI_ERR_* when the target
 * closed the connection or it failed.
 */
static int ins_rx_copy(struct ins_conn *conn, void *buf, u32 len)
{
	return ins_rx_check(conn, conn->rx_take(conn, buf, len));
}

/* Receive into the current scatterlist position, at most @len bytes. */
static int ins_rx_sg(struct ins_conn *conn, u32 len)
{
	struct ins_rx *rx = &conn->rx;
	struct scatterlist *sg = rx->sg;
	u32 off = sg->offset + rx->sg_off;
	struct page *page = sg_page(sg) + (off >> PAGE_SHIFT);
	u32 poff = offset_in_page(off);
	u32 n = min3(len, sg->length - rx->sg_off, (u32)PAGE_SIZE - poff);
	u8 *p = kmap_local_page(page);
	int r;

	r = ins_rx_copy(conn, p + poff, n);
	if (r > 0)
		ins_rxf_data_digest(&rx->frame, p + poff, r);
	kunmap_local(p);
	if (r <= 0)
		return r;
	rx->sg_off += r;
	if (rx->sg_off == sg->length) {
		rx->sg = sg_next(sg);
		rx->sg_off = 0;
	}
	return r;
}

static struct ins_cmd *ins_rx_find_cmd(struct ins_conn *conn, u32 itt)
{
	struct Scsi_Host *shost = conn->sess->shost;
	u32 idx = itt & INS_ITT_INDEX_MASK;
	struct scsi_cmnd *sc;
	struct ins_cmd *cmd;

	if ((itt >> INS_ITT_AGE_SHIFT) != conn->age ||
	    idx >= (u32)shost->can_queue)
		return NULL;
	sc = scsi_host_find_tag(shost, idx);
	if (!sc)
		return NULL;
	cmd = ins_cmd(sc);
	/* the target cannot know the tag of a command it has not been sent */
	if (!cmd->outstanding || !cmd->cmd_sent || cmd->itt != itt)
		return NULL;
	return cmd;
}

static bool ins_rx_known_opcode(u8 op)
{
	switch (op) {
	case INS_OP_NOP_IN:
	case INS_OP_SCSI_RSP:
	case INS_OP_TMF_RSP:
	case INS_OP_LOGIN_RSP:
	case INS_OP_TEXT_RSP:
	case INS_OP_DATA_IN:
	case INS_OP_LOGOUT_RSP:
	case INS_OP_R2T:
	case INS_OP_ASYNC:
	case INS_OP_REJECT:
		return true;
	default:
		return false;
	}
}

static bool ins_rx_mgmt_itt(struct ins_conn *conn, u32 itt,
			    enum ins_mgmt_slot slot)
{
	return itt == ins_mgmt_itt(conn, slot);
}

/*
 * A Data-In header: find its command and the place in the command's
 * scatterlist where the payload goes. What the header alone can get
 * wrong the protocol core has refused already; this checks it against
 * the command.
 */
static int ins_rx_data_in_hdr(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_rx *rx = &conn->rx;
	const struct ins_pdu *pdu = &rx->pdu;
	const struct ins_pdu_data_in *d = &pdu->u.data_in;
	struct scsi_cmnd *sc;
	struct ins_cmd *cmd;
	int err = 0;

	spin_lock_bh(&sess->lock);
	cmd = ins_rx_find_cmd(conn, pdu->itt);
	if (!cmd) {
		err = -ISCSI_ERR_BAD_ITT;
		goto unlock;
	}
	sc = ins_sc(cmd);
	switch (ins_data_in_check(pdu, cmd->exp_datasn,
				  sess->pdu_inorder_en && sess->dataseq_inorder_en ?
				  cmd->data_in : INS_DATA_ANY_ORDER,
				  scsi_bufflen(sc),
				  sc->sc_data_direction == DMA_FROM_DEVICE)) {
	case 0:
		break;
	case -ERANGE:
		err = -ISCSI_ERR_DATASN;
		goto unlock;
	case -EOVERFLOW:
	case -EILSEQ:
		err = -ISCSI_ERR_DATA_OFFSET;
		goto unlock;
	default:
		err = -ISCSI_ERR_PROTO;
		goto unlock;
	}
	rx->sg = scsi_sglist(sc);
	rx->sg_off = d->offset;
	while (rx->sg && rx->sg_off >= rx->sg->length) {
		rx->sg_off -= rx->sg->length;
		rx->sg = sg_next(rx->sg);
	}
	if (pdu->dlength && !rx->sg) {
		err = -ISCSI_ERR_DATA_OFFSET;
		goto unlock;
	}
	/* its pages are written from here to the end of the PDU */
	ins_cmd_hold(cmd, INS_CMD_HOLD_RX);
	rx->cmd = cmd;
unlock:
	spin_unlock_bh(&sess->lock);
	if (err)
		ins_rx_log(conn, KERN_ERR,
			   "bad Data-In (itt 0x%x datasn %u offset %u len %u): %d\n",
			   pdu->itt, d->datasn, d->offset, pdu->dlength, -err);
	return err;
}

/*
 * A complete header is in: check its digest, have the protocol core
 * decode and check it, and decide where its payload goes.
 */
static int ins_rx_hdr_done(void *ctx)
{
	struct ins_conn *conn = ctx;
	struct ins_session *sess = conn->sess;
	u8 *bhs = sess->rx_hdr;
	struct ins_rx *rx = &conn->rx;
	u32 max_dlen = max_t(u32, conn->max_recv_dlength, INS_RX_LINEAR);
	int rc;

	conn->last_rx = jiffies;
	rx->cmd = NULL;
	rx->linear_len = 0;

	rc = ins_bhs_decode(bhs, INS_BHS_LEN, max_dlen, &rx->pdu);
	if (rc == -EMSGSIZE) {
		ins_rx_log(conn, KERN_ERR,
			   "data segment of %u bytes exceeds MaxRecvDataSegmentLength %u\n",
			   ins_bhs_dlength(bhs), conn->max_recv_dlength);
		return -ISCSI_ERR_DATALEN;
	}
	if (rc) {
		ins_rx_log(conn, KERN_ERR,
			   "malformed PDU from target: opcode 0x%02x flags 0x%02x itt 0x%x (%d)\n",
			   bhs[0], bhs[1], ins_bhs_itt(bhs), rc);
		return ins_rx_known_opcode(ins_bhs_opcode(bhs)) ?
			-ISCSI_ERR_PROTO : -ISCSI_ERR_BAD_OPCODE;
	}

	if (rx->pdu.opcode == INS_OP_DATA_IN)
		return ins_rx_data_in_hdr(conn);
	/*
	 * Other payloads (sense data, NOP-In ping data, Text, Login, Reject,
	 * Async) land in the preallocated linear buffer. What does not fit
	 * cannot be handled correctly: refuse it rather than cut it short.
	 */
	if (rx->pdu.dlength > INS_RX_LINEAR) {
		ins_rx_log(conn, KERN_ERR,
			   "opcode 0x%02x carries %u data bytes, more than the %u-byte receive buffer: dropping the connection\n",
			   rx->pdu.opcode, rx->pdu.dlength, INS_RX_LINEAR);
		return -ISCSI_ERR_DATALEN;
	}
	return 0;
}

/* The residual of a SCSI Response or a final Data-In. */
static void ins_rx_set_residual(struct scsi_cmnd *sc, const struct ins_pdu *pdu)
{
	u32 res;

	if (ins_pdu_residual(pdu, scsi_bufflen(sc), &res))
		sc->result = DID_BAD_TARGET << 16;
	else
		scsi_set_resid(sc, res);
}

/* GOOD status for a read whose data does not fill what it claims. */
static int ins_rx_short_read(struct ins_conn *conn, const struct ins_pdu *pdu,
			     u32 received, u32 bufflen)
{
	ins_rx_log(conn, KERN_ERR,
		   "GOOD status for itt 0x%x with %u of %u bytes and no residual to match\n",
		   pdu->itt, received, bufflen);
	return -ISCSI_ERR_PROTO;
}

static int ins_rx_data_in(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	const struct ins_pdu *pdu = &conn->rx.pdu;
	struct ins_cmd *cmd = conn->rx.cmd;
	struct scsi_cmnd *sc = ins_sc(cmd);
	bool deliver, short_read = false;

	conn->stats.datain_pdus++;
	spin_lock_bh(&sess->lock);
	conn->rx.cmd = NULL;
	/* still outstanding unless it was ended while held (a device removal) */
	if (cmd->outstanding) {
		cmd->exp_datasn++;
		cmd->data_in += pdu->dlength;
		/* progress is data: empty Data-Ins must not hold off the EH */
		if (pdu->dlength)
			cmd->last_xfer = jiffies;
		/* the core accepts status only on the final Data-In */
		if (pdu->has_status &&
		    ins_read_status_check(pdu, scsi_bufflen(sc), cmd->data_in,
					  sc->sc_data_direction == DMA_FROM_DEVICE)) {
			short_read = true;
		} else if (pdu->has_status) {
			sc->result = pdu->u.data_in.status;
			ins_rx_set_residual(sc, pdu);
			ins_cmd_end(sess, cmd);
		}
	}
	deliver = ins_cmd_unhold(cmd, INS_CMD_HOLD_RX);
	spin_unlock(&sess->lock);
	ins_cmd_deliver(deliver ? sc : NULL);
	local_bh_enable();
	if (short_read)
		return ins_rx_short_read(conn, pdu, cmd->data_in, scsi_bufflen(sc));
	return 0;
}

static int ins_rx_scsi_rsp(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	const struct ins_pdu *pdu = &conn->rx.pdu;
	const struct ins_pdu_scsi_rsp *r = &pdu->u.scsi_rsp;
	const u8 *sense;
	u32 sense_len;
	struct scsi_cmnd *sc;
	struct ins_cmd *cmd;
	bool deliver;

	conn->stats.scsirsp_pdus++;
	if (ins_scsi_rsp_sense(sess->rx_linear, conn->rx.linear_len, &sense,
			       &sense_len)) {
		ins_rx_log(conn, KERN_ERR,
			   "SCSI Response (itt 0x%x): SenseLength runs past its %u-byte data segment\n",
			   pdu->itt, conn->rx.linear_len);
		return -ISCSI_ERR_PROTO;
	}
	spin_lock_bh(&sess->lock);
	cmd = ins_rx_find_cmd(conn, pdu->itt);
	if (!cmd) {
		spin_unlock_bh(&sess->lock);
		return -ISCSI_ERR_BAD_ITT;
	}
	sc = ins_sc(cmd);
	cmd->last_xfer = jiffies;
	if (ins_read_status_check(pdu, scsi_bufflen(sc), cmd->data_in,
				  sc->sc_data_direction == DMA_FROM_DEVICE)) {
		u32 got = cmd->data_in;

		spin_unlock_bh(&sess->lock);
		return ins_rx_short_read(conn, pdu, got, scsi_bufflen(sc));
	}
	if (r->response != INS_RSP_COMPLETED) {
		sc->result = DID_ERROR << 16;
	} else {
		sc->result = r->status;
		/* sense longer than the midlayer keeps is cut, not refused */
		if (sense)
			memcpy(sc->sense_buffer, sense,
			       min_t(u32, sense_len, SCSI_SENSE_BUFFERSIZE));
		ins_rx_set_residual(sc, pdu);
	}
	deliver = ins_cmd_end(sess, cmd);
	spin_unlock(&sess->lock);
	ins_cmd_deliver(deliver ? sc : NULL);
	local_bh_enable();
	return 0;
}

static int ins_rx_r2t(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	const struct ins_pdu *pdu = &conn->rx.pdu;
	u32 offset = pdu->u.r2t.offset;
	u32 len = pdu->u.r2t.desired_len;
	struct ins_r2t_limits lim;
	struct scsi_cmnd *sc;
	struct ins_cmd *cmd;
	struct ins_r2t *slot;
	int err = 0;

	conn->stats.r2t_pdus++;
	spin_lock_bh(&sess->lock);
	cmd = ins_rx_find_cmd(conn, pdu->itt);
	if (!cmd) {
		err = -ISCSI_ERR_BAD_ITT;
		goto out;
	}
	sc = ins_sc(cmd);
	lim.bufflen = scsi_bufflen(sc);
	lim.exp_offset = sess->dataseq_inorder_en ? cmd->r2t_next :
			 INS_DATA_ANY_ORDER;
	lim.max_burst = sess->max_burst;
	lim.pending = cmd->r2t_count;
	lim.max_pending = min(sess->max_r2t, sess->r2t_slots);
	lim.is_write = sc->sc_data_direction == DMA_TO_DEVICE;
	err = ins_r2t_check(pdu, &lim);
	switch (err) {
	case 0:
		break;
	case -ENOSPC:
		err = -ISCSI_ERR_R2TSN;
		goto out;
	case -EOVERFLOW:
	case -E2BIG:
	case -EILSEQ:
		err = -ISCSI_ERR_DATA_OFFSET;
		goto out;
	default:
		err = -ISCSI_ERR_PROTO;
		goto out;
	}
	slot = ins_cmd_r2t(sess, cmd, cmd->r2t_head + cmd->r2t_count);
	slot->ttt = pdu->ttt;
	slot->offset = offset;
	slot->len = len;
	slot->sent = 0;
	slot->datasn = 0;
	cmd->r2t_count++;
	cmd->r2t_next = offset + len;
	ins_swap_r2t_depth(&sess->swap, cmd->r2t_count);
	cmd->last_xfer = jiffies;
	if (list_empty(&cmd->tx_entry))
		list_add_tail(&cmd->tx_entry, &conn->cmd_q);
out:
	spin_unlock_bh(&sess->lock);
	if (err)
		ins_rx_log(conn, KERN_ERR, "bad R2T (offset %u len %u): %d\n",
			   offset, len, -err);
	return err;
}

/* Answer a NOP-In that carries a target transfer tag. Lock held. */
static void ins_rx_queue_nop_reply(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_mgmt *m = &sess->mgmt[INS_MGMT_NOPREPLY];
	u32 len = min_t(u32, conn->rx.linear_len, INS_RX_LINEAR);
	struct ins_nop_out_req req = {
		.itt = INS_RESERVED_TAG,
		.ttt = conn->rx.pdu.ttt,
		.cmdsn = sess->cmdsn,
		.dlength = len,
		.immediate = true,
	};

	/* the previous answer is still on the wire: its buffer is busy */
	if (conn->tx.mgmt == m) {
		ins_rx_log(conn, KERN_WARNING,
			   "NOP-In while the previous answer is being sent: dropped\n");
		return;
	}
	/* the answer echoes the LUN, the TTT and the ping data */
	memcpy(req.lun, conn->rx.pdu.lun, sizeof(req.lun));
	ins_bhs_encode_nop_out(m->hdr, &req);
	memcpy(m->data, sess->rx_linear, len);
	m->data_len = len;
	ins_tx_queue_mgmt(conn, m);
}

static int ins_rx_nop_in(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	const struct ins_pdu *pdu = &conn->rx.pdu;
	bool to_user = false;
	int err = 0;

	conn->stats.noprx_pdus++;
	spin_lock_bh(&sess->lock);
	if (pdu->itt != INS_RESERVED_TAG) {
		if (ins_rx_mgmt_itt(conn, pdu->itt, INS_MGMT_PING)) {
			sess->mgmt[INS_MGMT_PING].busy = false;
		} else if (ins_rx_mgmt_itt(conn, pdu->itt, INS_MGMT_UNOP)) {
			sess->mgmt[INS_MGMT_UNOP].busy = false;
			to_user = true;
		} else {
			err = -ISCSI_ERR_BAD_ITT;
		}
	}
	if (!err && pdu->ttt != INS_RESERVED_TAG)
		ins_rx_queue_nop_reply(conn);
	spin_unlock_bh(&sess->lock);

	if (to_user)
		iscsi_recv_pdu(conn->cls_conn, ins_rx_hdr(conn),
			       sess->rx_linear, conn->rx.linear_len);
	return err;
}

/* Login, Text and Logout responses go up to iscsid as they came. */
static int ins_rx_to_user(struct ins_conn *conn, enum ins_mgmt_slot slot)
{
	struct ins_session *sess = conn->sess;
	u32 itt = conn->rx.pdu.itt;

	spin_lock_bh(&sess->lock);
	if (itt != INS_RESERVED_TAG && !ins_rx_mgmt_itt(conn, itt, slot)) {
		spin_unlock_bh(&sess->lock);
		return -ISCSI_ERR_BAD_ITT;
	}
	sess->mgmt[slot].busy = false;
	spin_unlock_bh(&sess->lock);

	if (iscsi_recv_pdu(conn->cls_conn, ins_rx_hdr(conn), sess->rx_linear,
			   conn->rx.linear_len))
		return -ISCSI_ERR_CONN_FAILED;
	return 0;
}

static int ins_rx_tmf_rsp(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	const struct ins_pdu *pdu = &conn->rx.pdu;

	conn->stats.tmfrsp_pdus++;
	if (!ins_rx_mgmt_itt(conn, pdu->itt, INS_MGMT_TMF))
		return -ISCSI_ERR_BAD_ITT;
	spin_lock_bh(&sess->lock);
	sess->mgmt[INS_MGMT_TMF].busy = false;
	spin_unlock_bh(&sess->lock);
	ins_tmf_rsp(sess, pdu->u.tmf_rsp.response);
	return 0;
}

/**
 * ins_rx_async - act on an Async Message
 * @conn: connection the message came on
 *
 * Only the events iscsid acts on (logout request, connection or session
 * drop, renegotiation) go up to it; a SCSI event or a vendor event is
 * counted and logged. iscsi_recv_pdu() allocates, and a target that sends
 * thousands of messages fills the netlink socket: a message iscsid does
 * not get is no reason to drop the connection, since a target that means
 * to drop it will, and a logout request it repeats (or ends with a drop
 * after Time2Retain).
 *
 * Return: 0; an Async Message never fails the connection.
 */
static int ins_rx_async(struct ins_conn *conn)
{
	const struct ins_pdu_async *a = &conn->rx.pdu.u.async;
	int err;

	conn->stats.async_pdus++;
	ins_rx_log(conn, KERN_INFO,
		   "async event %u (vcode %u, param %u/%u/%u)\n",
		   a->event, a->vcode, a->param1, a->param2, a->param3);
	switch (a->event) {
	case INS_ASYNC_LOGOUT_REQUEST:
	case INS_ASYNC_DROP_CONN:
	case INS_ASYNC_DROP_ALL_CONNS:
	case INS_ASYNC_NEGOTIATE:
		break;
	default:
		return 0;
	}
	err = iscsi_recv_pdu(conn->cls_conn, ins_rx_hdr(conn),
			     conn->sess->rx_linear, conn->rx.linear_len);
	if (err)
		ins_rx_log(conn, KERN_WARNING,
			   "async event %u not passed to iscsid (%d)\n",
			   a->event, err);
	return 0;
}

static int ins_rx_reject(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	u8 reason = conn->rx.pdu.u.reject.reason;
	/* the data segment is the rejected header (the core checked its size) */
	const u8 *bad = sess->rx_linear;
	u8 op = ins_bhs_opcode(bad);
	u32 itt = ins_bhs_itt(bad);
	struct ins_cmd *cmd = NULL;
	bool deliver = false;

	conn->stats.rjt_pdus++;
	ins_rx_log(conn, KERN_ERR,
		   "target rejected a PDU: reason 0x%x, opcode 0x%x, itt 0x%x\n",
		   reason, op, itt);

	/* ERL0 cannot resend: only a new connection recovers */
	if (reason == INS_REJECT_DATA_DIGEST)
		return -ISCSI_ERR_DATA_DGST;

	spin_lock_bh(&sess->lock);
	switch (op) {
	case INS_OP_SCSI_CMD:
		cmd = ins_rx_find_cmd(conn, itt);
		if (cmd) {
			ins_sc(cmd)->result = DID_ERROR << 16;
			deliver = ins_cmd_end(sess, cmd);
		}
		break;
	case INS_OP_NOP_OUT:
		if (ins_rx_mgmt_itt(conn, itt, INS_MGMT_PING))
			sess->mgmt[INS_MGMT_PING].busy = false;
		else if (ins_rx_mgmt_itt(conn, itt, INS_MGMT_UNOP))
			sess->mgmt[INS_MGMT_UNOP].busy = false;
		break;
	case INS_OP_LOGOUT_REQ:
		sess->mgmt[INS_MGMT_LOGOUT].busy = false;
		break;
	case INS_OP_TEXT_REQ:
		sess->mgmt[INS_MGMT_LOGIN].busy = false;
		break;
	default:
		break;
	}
	spin_unlock(&sess->lock);
	ins_cmd_deliver(deliver ? ins_sc(cmd) : NULL);
	local_bh_enable();

	if (op == INS_OP_TMF_REQ && ins_rx_mgmt_itt(conn, itt, INS_MGMT_TMF))
		ins_tmf_rsp(sess, INS_TMF_RSP_REJECTED);
	return 0;
}

/* A whole PDU (header, data, digests) has arrived. */
static int ins_rx_pdu(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	const struct ins_pdu *pdu = &conn->rx.pdu;
	bool kick;

	spin_lock_bh(&sess->lock);
	/* the one place a StatSN is acknowledged: the core says which carry one */
	if (pdu->has_status)
		conn->exp_statsn = pdu->statsn + 1;
	kick = ins_cmd_window_update(sess, pdu->exp_cmdsn, pdu->max_cmdsn);
	spin_unlock_bh(&sess->lock);
	if (kick) {
		ins_cmd_kick_queues(sess);
		/* resent commands wait in cmd_q for the window too */
		conn->rx.need_work = true;
	}

	switch (pdu->opcode) {
	case INS_OP_DATA_IN:
		return ins_rx_data_in(conn);
	case INS_OP_SCSI_RSP:
		return ins_rx_scsi_rsp(conn);
	case INS_OP_R2T:
		return ins_rx_r2t(conn);
	case INS_OP_NOP_IN:
		return ins_rx_nop_in(conn);
	case INS_OP_TMF_RSP:
		return ins_rx_tmf_rsp(conn);
	case INS_OP_LOGIN_RSP:
		return ins_rx_to_user(conn, INS_MGMT_LOGIN);
	case INS_OP_TEXT_RSP:
		conn->stats.textrsp_pdus++;
		return ins_rx_to_user(conn, INS_MGMT_LOGIN);
	case INS_OP_LOGOUT_RSP:
		conn->stats.logoutrsp_pdus++;
		return ins_rx_to_user(conn, INS_MGMT_LOGOUT);
	case INS_OP_ASYNC:
		return ins_rx_async(conn);
	case INS_OP_REJECT:
		return ins_rx_reject(conn);
	default:
		/* ins_bhs_decode() accepts no other opcode */
		return -ISCSI_ERR_BAD_OPCODE;
	}
}

/* Read payload bytes of the current PDU: the framer's data op. */
static int ins_rx_data(void *ctx, u32 left)
{
	struct ins_conn *conn = ctx;
	struct ins_rx *rx = &conn->rx;
	u8 *dst;
	int r;

	if (rx->cmd) {
		if (!rx->sg)
			return -ISCSI_ERR_DATA_OFFSET;
		return ins_rx_sg(conn, left);
	}
	/* ins_rx_hdr_done() made sure the whole segment fits */
	dst = (u8 *)conn->sess->rx_linear + rx->linear_len;
	r = ins_rx_copy(conn, dst, left);
	if (r > 0) {
		ins_rxf_data_digest(&rx->frame, dst, r);
		rx->linear_len += r;
	}
	return r;
}

static int ins_rx_take(void *ctx, void *buf, u32 len)
{
	return ins_rx_copy(ctx, buf, len);
}

static int ins_rx_pdu_done(void *ctx)
{
	struct ins_conn *conn = ctx;
	int r = ins_rx_pdu(conn);

	conn->rx.cmd = NULL;
	return r;
}

static int ins_rx_digest_error(void *ctx, bool header)
{
	struct ins_conn *conn = ctx;

	conn->stats.digest_err++;
	ins_rx_log(conn, KERN_ERR, "%s digest error\n",
		   header ? "header" : "data");
	return header ? -ISCSI_ERR_HDR_DGST : -ISCSI_ERR_DATA_DGST;
}

/*
 * In sk_data_ready, only a PDU that completes a command (the others queue
 * replies, wake iscsid or sleep) with a small payload is taken past its
 * BHS: softirq time is bounded, and beyond its budget the kernel hands all
 * receive processing to ksoftirqd. The rest, a PDU io_work began
 * included, is left to io_work.
 */
static bool ins_rx_may_go_on(void *ctx)
{
	struct ins_conn *conn = ctx;
	struct ins_rx *rx = &conn->rx;
	u8 op;

	if (!rx->atomic)
		return true;
	op = ins_bhs_opcode(rx->frame.hdr);
	if ((op == INS_OP_DATA_IN || op == INS_OP_SCSI_RSP) &&
	    rx->frame.dlen <= INS_RX_ATOMIC_MAX)
		return true;
	rx->need_work = true;
	return false;
}

static const struct ins_rxf_ops ins_rx_frame_ops = {
	.take = ins_rx_take,
	.may_go_on = ins_rx_may_go_on,
	.header = ins_rx_hdr_done,
	.data = ins_rx_data,
	.pdu = ins_rx_pdu_done,
	.digest_error = ins_rx_digest_error,
};

/* Receive and dispatch PDUs until the ring is empty; owner only. */
static int ins_rx_parse(struct ins_conn *conn)
{
	/* a budget lets the transmit side run between bursts */
	return ins_rxf_run(&conn->rx.frame, conn->hdrdgst_en,
			   conn->datadgst_en, 1 << 20);
}

void ins_rx_reset(struct ins_conn *conn)
{
	memset(&conn->rx, 0, sizeof(conn->rx));
	ins_rxf_init(&conn->rx.frame, &ins_rx_frame_ops, conn,
		     conn->sess->rx_hdr);
}

/**
 * ins_rx_run - receive and dispatch PDUs until the socket is empty
 * @conn: connection, from io_work
 *
 * Return: bytes consumed (0 when nothing was available, or when
 * sk_data_ready is running the machine: it queues io_work for what it
 * leaves) or -ISCSI_ERR_*, also one that sk_data_ready found.
 */
int ins_rx_run(struct ins_conn *conn)
{
	struct ins_rx *rx = &conn->rx;
	int r;

	while (test_and_set_bit_lock(INS_RX_OWNED, &rx->flags)) {
		/*
		 * sk_data_ready has it; it may be done with the ring before
		 * it sees what io_work was queued for (a FIN, say): have it
		 * queue io_work again, unless it has let go meanwhile.
		 */
		set_bit(INS_RX_AGAIN, &rx->flags);
		/* pairs with the barrier in ins_rx_run_atomic() */
		smp_mb__after_atomic();
		if (test_bit(INS_RX_OWNED, &rx->flags))
			return 0;
	}
	clear_bit(INS_RX_AGAIN, &rx->flags);
	r = rx->err ? rx->err : ins_rx_parse(conn);
	clear_bit_unlock(INS_RX_OWNED, &rx->flags);
	return r;
}

/**
 * ins_rx_run_atomic - complete what the receive ring holds, from softirq
 * @conn: connection whose socket is locked, from sk_data_ready
 *
 * Parses Data-In and SCSI Response PDUs out of the ring and completes
 * their commands. It stops at any other PDU, at an error (kept for
 * io_work to report), on its budget, and when io_work holds the machine.
 *
 * Return: true when io_work has to run (the caller also queues it for
 * bytes a parse stopped on its budget left in the ring).
 */
bool ins_rx_run_atomic(struct ins_conn *conn)
{
	struct ins_rx *rx = &conn->rx;
	bool work;
	int r;

	if (!ins_state_ffp(READ_ONCE(conn->sess->state)) ||
	    test_and_set_bit_lock(INS_RX_OWNED, &rx->flags))
		return true;
	if (!rx->err) {
		rx->atomic = true;
		rx->need_work = false;
		r = ins_rx_parse(conn);
		if (r < 0)
			rx->err = r;
		rx->atomic = false;
	}
	work = rx->err || rx->need_work;
	clear_bit_unlock(INS_RX_OWNED, &rx->flags);
	/* pairs with the barrier in ins_rx_run() */
	smp_mb__after_atomic();
	if (test_and_clear_bit(INS_RX_AGAIN, &rx->flags))
		work = true;
	return work;
}
