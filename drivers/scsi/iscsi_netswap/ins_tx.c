// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - transmit state machine.
 *
 * One PDU is in flight at a time: header (+ digest), data from a command's
 * scatterlist or a linear buffer, then pad (+ digest). Every send is
 * non-blocking; on -EAGAIN the machine keeps its position and io_work
 * runs again from sk_write_space. Data pages go out zero-copy through
 * sendpage unless a data digest is on (the digest must match what goes
 * on the wire, as iscsi_tcp does) or the page cannot be referenced.
 *
 * A PDU with another queued behind it ends with MSG_MORE, so that the
 * PDUs queuecommand handed over together leave in full segments rather
 * than one small segment each; whatever is held back is pushed once the
 * queue is empty (ins_tx_push()).
 */
#include <linux/net.h>
#include <linux/scatterlist.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "iscsi_netswap.h"
#include "ins_tx.h"

void ins_tx_reset(struct ins_conn *conn)
{
	memset(&conn->tx, 0, sizeof(conn->tx));
}

static void ins_tx_set_data_sg(struct ins_conn *conn, struct ins_cmd *cmd,
			       u32 offset, u32 len)
{
	struct scsi_cmnd *sc = ins_sc(cmd);
	struct ins_tx *tx = &conn->tx;

	tx->cmd = cmd;
	tx->buf = NULL;
	tx->data_len = len;
	if (len)
		ins_sg_seek(scsi_sglist(sc), offset, &tx->sg, &tx->sg_off);
}

/*
 * The SCSI Command PDU, encoded by the protocol core. CDB bytes past the
 * sixteenth go into an Extended CDB AHS right after the BHS, where the
 * header digest covers them. Lock held; returns 0 or -EINVAL (a CDB
 * queuecommand should not have let through).
 */
static int ins_tx_build_cmd(struct ins_conn *conn, struct ins_cmd *cmd)
{
	struct ins_session *sess = conn->sess;
	struct scsi_cmnd *sc = ins_sc(cmd);
	struct ins_tx *tx = &conn->tx;
	u32 len = scsi_bufflen(sc);
	struct ins_scsi_cmd_req req = {
		.itt = cmd->itt,
		.exp_xfer_len = len,
		.cmdsn = sess->cmdsn,
		.exp_statsn = conn->exp_statsn,
		.cdb = sc->cmnd,
		.cdb_len = sc->cmd_len,
		.attr = INS_ATTR_SIMPLE,
		.final = true,
	};
	int ahs;

	cmd->imm_len = 0;
	cmd->unsol_len = 0;
	if (sc->sc_data_direction == DMA_TO_DEVICE && len) {
		req.write = true;
		if (sess->imm_data_en)
			cmd->imm_len = min3(len, sess->first_burst,
					    conn->max_xmit_dlength);
		if (sess->initial_r2t_en)
			cmd->unsol_len = cmd->imm_len;
		else
			cmd->unsol_len = min(len, sess->first_burst);
		req.final = cmd->unsol_len == cmd->imm_len;
	} else if (sc->sc_data_direction == DMA_FROM_DEVICE && len) {
		req.read = true;
	}
	req.dlength = cmd->imm_len;
	ins_lun_encode(sc->device->lun, req.lun);

	ahs = ins_bhs_encode_scsi_cmd(tx->hdr, tx->hdr + INS_BHS_LEN,
				      INS_SCSI_CMD_AHS_MAX, &req);
	if (ahs < 0)
		return ahs;
	tx->ahs_len = ahs;
	cmd->cmdsn = sess->cmdsn++;
	cmd->unsol_sent = cmd->imm_len;
	cmd->unsol_datasn = 0;
	/* the target asks for what follows the unsolicited data */
	cmd->r2t_next = cmd->unsol_len;
	ins_tx_set_data_sg(conn, cmd, 0, cmd->imm_len);
	cmd->cmd_sent = true;
	conn->stats.scsicmd_pdus++;
	return 0;
}

static void ins_tx_build_dataout(struct ins_conn *conn, struct ins_cmd *cmd,
				 u32 ttt, u32 offset, u32 len, u32 datasn,
				 bool final)
{
	struct scsi_cmnd *sc = ins_sc(cmd);
	struct ins_data_out_req req = {
		.itt = cmd->itt,
		.ttt = ttt,
		.exp_statsn = conn->exp_statsn,
		.datasn = datasn,
		.offset = offset,
		.dlength = len,
		.final = final,
	};

	ins_lun_encode(sc->device->lun, req.lun);
	/* cannot fail: len is at most MaxXmitDataSegmentLength (24 bits) */
	ins_bhs_encode_data_out(conn->tx.hdr, &req);
	conn->tx.ahs_len = 0;
	ins_tx_set_data_sg(conn, cmd, offset, len);
	conn->stats.dataout_pdus++;
}

static bool ins_cmd_has_tx(struct ins_cmd *cmd)
{
	return !cmd->cmd_sent || cmd->unsol_sent < cmd->unsol_len ||
		cmd->r2t_count;
}

/*
 * Next PDU of @cmd: 1 when built, 0 when it has nothing to send, or
 * -EINVAL when its command PDU cannot be encoded. Lock held.
 */
static int ins_tx_build_for_cmd(struct ins_conn *conn, struct ins_cmd *cmd)
{
	u32 mx = conn->max_xmit_dlength;

	if (!cmd->cmd_sent)
		return ins_tx_build_cmd(conn, cmd) ? -EINVAL : 1;
	if (cmd->unsol_sent < cmd->unsol_len) {
		u32 len = min(mx, cmd->unsol_len - cmd->unsol_sent);
		bool final = cmd->unsol_sent + len == cmd->unsol_len;

		ins_tx_build_dataout(conn, cmd, ISCSI_RESERVED_TAG,
				     cmd->unsol_sent, len,
				     cmd->unsol_datasn++, final);
		cmd->unsol_sent += len;
		return 1;
	}
	if (cmd->r2t_count) {
		struct ins_r2t *r = ins_cmd_r2t(conn->sess, cmd, cmd->r2t_head);
		u32 len = min(mx, r->len - r->sent);
		bool final = r->sent + len == r->len;

		ins_tx_build_dataout(conn, cmd, r->ttt, r->offset + r->sent,
				     len, r->datasn++, final);
		r->sent += len;
		if (final) {
			cmd->r2t_head = (cmd->r2t_head + 1) %
					conn->sess->r2t_slots;
			cmd->r2t_count--;
		}
		return 1;
	}
	return 0;
}

/*
 * A management PDU: its header was built when it was queued (by the core
 * encoders, or by iscsid for Login/Text/Logout/NOP-Out); ExpStatSN is
 * taken now, except on Login and Text, which carry iscsid's own.
 */
static void ins_tx_build_mgmt(struct ins_conn *conn, struct ins_mgmt *m)
{
	u8 op = ins_bhs_opcode(m->hdr);
	u8 *hdr = conn->tx.hdr;

	memcpy(hdr, m->hdr, INS_BHS_LEN);
	if (op != INS_OP_LOGIN_REQ && op != INS_OP_TEXT_REQ)
		ins_bhs_set_exp_statsn(hdr, conn->exp_statsn);
	ins_bhs_set_dlength(hdr, m->data_len);
	conn->tx.ahs_len = 0;
	conn->tx.cmd = NULL;
	conn->tx.buf = m->data;
	conn->tx.data_len = m->data_len;
	conn->tx.mgmt = m;

	switch (op) {
	case INS_OP_NOP_OUT:
		conn->stats.noptx_pdus++;
		break;
	case INS_OP_TMF_REQ:
		conn->stats.tmfcmd_pdus++;
		break;
	case INS_OP_LOGIN_REQ:
		conn->stats.login_pdus++;
		break;
	case INS_OP_TEXT_REQ:
		conn->stats.text_pdus++;
		break;
	case INS_OP_LOGOUT_REQ:
		conn->stats.logout_pdus++;
		break;
	}
}

/*
 * Choose the next PDU: management first, then commands in CmdSN order.
 * A command whose PDU cannot be encoded is failed here, alone.
 */
static bool ins_tx_pick(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_cmd *cmd, *tmp, *bad;
	struct ins_mgmt *m;
	bool found, failed;
	int r;

again:
	found = false;
	failed = false;
	bad = NULL;
	spin_lock_bh(&sess->lock);
	m = list_first_entry_or_null(&conn->mgmt_q, struct ins_mgmt, entry);
	if (m) {
		list_del_init(&m->entry);
		m->queued = false;
		ins_tx_build_mgmt(conn, m);
		found = true;
		goto out;
	}
	if (!ins_state_ffp(sess->state))
		goto out;
	list_for_each_entry_safe(cmd, tmp, &conn->cmd_q, tx_entry) {
		/*
		 * queuecommand keeps new commands inside the CmdSN window;
		 * commands resent after a recovery may be more than the
		 * new window holds: they wait here for it to open.
		 */
		if (!cmd->cmd_sent &&
		    !ins_cmdsn_window_may_queue(&sess->win, sess->cmdsn))
			continue;
		r = ins_tx_build_for_cmd(conn, cmd);
		if (r < 0) {
			ins_sc(cmd)->result = DID_ERROR << 16;
			bad = ins_cmd_end(sess, cmd) ? cmd : NULL;
			failed = true;
			break;
		}
		if (!r || !ins_cmd_has_tx(cmd))
			list_del_init(&cmd->tx_entry);
		if (!r)
			continue;
		ins_cmd_hold(cmd, INS_CMD_HOLD_TX);
		cmd->last_xfer = jiffies;
		found = true;
		break;
	}
out:
	if (found)
		conn->tx.more = !list_empty(&conn->mgmt_q) ||
				!list_empty(&conn->cmd_q);
	spin_unlock(&sess->lock);
	ins_cmd_deliver(bad ? ins_sc(bad) : NULL);
	local_bh_enable();
	if (failed)
		goto again;
	return found;
}

/* Digests and padding, computed outside the session lock. */
static void ins_tx_finish_build(struct ins_conn *conn)
{
	struct ins_tx *tx = &conn->tx;
	u32 pad = ins_pad(tx->data_len);

	tx->active = true;
	tx->hdr_len = INS_BHS_LEN + tx->ahs_len;
	tx->hdr_sent = 0;
	tx->data_sent = 0;
	tx->trailer_sent = 0;
	if (conn->hdrdgst_en) {
		ins_digest_put(tx->hdr + tx->hdr_len,
			       ins_hdr_digest(tx->hdr, tx->hdr + INS_BHS_LEN,
					      tx->ahs_len));
		tx->hdr_len += INS_DIGEST_LEN;
	}
	memset(tx->trailer, 0, sizeof(tx->trailer));
	tx->trailer_len = 0;
	if (!tx->data_len)
		return;
	tx->trailer_len = pad;
	if (conn->datadgst_en) {
		u32 crc = ins_crc32c_init();

		if (tx->cmd)
			crc = ins_crc32c_sg(crc, tx->sg, tx->sg_off,
					    tx->data_len);
		else
			crc = ins_crc32c_update(crc, tx->buf, tx->data_len);
		crc = ins_crc32c_pad(crc, tx->data_len);
		ins_digest_put(tx->trailer + pad, ins_crc32c_final(crc));
		tx->trailer_len += INS_DIGEST_LEN;
	}
}

/* Note whether a send that took bytes left them held back. */
static int ins_tx_sent(struct ins_conn *conn, int r, bool more)
{
	if (r > 0)
		conn->tx.corked = more;
	return r;
}

static int ins_tx_kvec(struct ins_conn *conn, void *buf, u32 len, bool more)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = buf, .iov_len = len };

	if (more)
		msg.msg_flags |= MSG_MORE;
	return ins_tx_sent(conn, kernel_sendmsg(conn->sock, &msg, &iov, 1, len),
			   more);
}

static int ins_tx_page(struct ins_conn *conn, bool more)
{
	struct ins_tx *tx = &conn->tx;
	struct scatterlist *sg = tx->sg;
	u32 off = sg->offset + tx->sg_off;
	struct page *page = sg_page(sg) + (off >> PAGE_SHIFT);
	u32 poff = offset_in_page(off);
	u32 n = min3(tx->data_len - tx->data_sent, sg->length - tx->sg_off,
		     (u32)PAGE_SIZE - poff);
	int flags = MSG_DONTWAIT | MSG_NOSIGNAL;
	int r;

	more = more || n < tx->data_len - tx->data_sent;
	if (more)
		flags |= MSG_MORE | MSG_SENDPAGE_NOTLAST;
	if (conn->datadgst_en || !sendpage_ok(page)) {
		conn->stats.sendpage_copy++;
		r = sock_no_sendpage(conn->sock, page, poff, n, flags);
	} else {
		r = kernel_sendpage(conn->sock, page, poff, n, flags);
	}
	return ins_tx_sent(conn, r, more);
}

/* Returns bytes sent, 0 when the socket is full, or -ISCSI_ERR_*. */
static int ins_tx_send(struct ins_conn *conn)
{
	struct ins_tx *tx = &conn->tx;
	int total = 0;
	int r;

	while (tx->hdr_sent < tx->hdr_len) {
		r = ins_tx_kvec(conn, tx->hdr + tx->hdr_sent,
				tx->hdr_len - tx->hdr_sent,
				tx->data_len || tx->trailer_len || tx->more);
		if (r <= 0)
			goto err;
		tx->hdr_sent += r;
		total += r;
	}
	while (tx->data_sent < tx->data_len) {
		if (tx->cmd) {
			if (!tx->sg)
				return -ISCSI_ERR_DATA_OFFSET;
			r = ins_tx_page(conn, tx->trailer_len || tx->more);
		} else {
			r = ins_tx_kvec(conn, tx->buf + tx->data_sent,
					tx->data_len - tx->data_sent,
					tx->trailer_len || tx->more);
		}
		if (r <= 0)
			goto err;
		tx->data_sent += r;
		total += r;
		if (tx->cmd) {
			tx->sg_off += r;
			if (tx->sg_off == tx->sg->length) {
				tx->sg = sg_next(tx->sg);
				tx->sg_off = 0;
			}
		}
	}
	while (tx->trailer_sent < tx->trailer_len) {
		r = ins_tx_kvec(conn, tx->trailer + tx->trailer_sent,
				tx->trailer_len - tx->trailer_sent, tx->more);
		if (r <= 0)
			goto err;
		tx->trailer_sent += r;
		total += r;
	}
	conn->stats.txdata_octets += total;
	return total;
err:
	conn->stats.txdata_octets += total;
	if (r == -EAGAIN || r == 0)
		return total;
	return -ISCSI_ERR_XMIT_FAILED;
}

static bool ins_tx_done(struct ins_tx *tx)
{
	return tx->hdr_sent == tx->hdr_len && tx->data_sent == tx->data_len &&
		tx->trailer_sent == tx->trailer_len;
}

/* The PDU is fully on the socket: release what it pinned. */
static void ins_tx_complete_pdu(struct ins_conn *conn)
{
	struct ins_session *sess = conn->sess;
	struct ins_tx *tx = &conn->tx;
	struct ins_cmd *cmd = tx->cmd;
	bool deliver = false;

	spin_lock_bh(&sess->lock);
	if (cmd)
		deliver = ins_cmd_unhold(cmd, INS_CMD_HOLD_TX);
	/* a NOP-Out reply has no response to wait for */
	if (tx->mgmt && tx->mgmt == &sess->mgmt[INS_MGMT_NOPREPLY] &&
	    !tx->mgmt->queued)
		tx->mgmt->busy = false;
	tx->active = false;
	tx->cmd = NULL;
	tx->mgmt = NULL;
	spin_unlock(&sess->lock);
	ins_cmd_deliver(deliver ? ins_sc(cmd) : NULL);
	local_bh_enable();
}

/*
 * Send what MSG_MORE held back. The PDU queued behind may never go out in
 * this run (the socket filled, or a resent command waits for the CmdSN
 * window), and TCP only sends a held-back tail on a later push.
 */
static void ins_tx_push(struct ins_conn *conn)
{
	if (!conn->tx.corked)
		return;
	conn->tx.corked = false;
	tcp_sock_set_cork(conn->sock->sk, false);
}

/**
 * ins_tx_run - send queued PDUs until done or the socket is full
 * @conn: connection, from io_work
 *
 * Return: bytes sent (0: nothing to do or no room) or -ISCSI_ERR_*.
 */
int ins_tx_run(struct ins_conn *conn)
{
	int total = 0;
	int r;

	for (;;) {
		if (!conn->tx.active) {
			if (!ins_tx_pick(conn))
				break;
			ins_tx_finish_build(conn);
		}
		r = ins_tx_send(conn);
		if (r < 0)
			return r;
		total += r;
		if (!ins_tx_done(&conn->tx))
			break;
		ins_tx_complete_pdu(conn);
		if (total > (1 << 20))
			break;
	}
	ins_tx_push(conn);
	return total;
}

/* Queue a filled management slot; lock held. */
void ins_tx_queue_mgmt(struct ins_conn *conn, struct ins_mgmt *m)
{
	m->busy = true;
	if (!m->queued) {
		list_add_tail(&m->entry, &conn->mgmt_q);
		m->queued = true;
	}
}
