// SPDX-License-Identifier: GPL-2.0
/*
 * iSCSI BHS encoding/decoding and digests (RFC 7143 section 11).
 *
 * Offsets below are those of the BHS figures in RFC 7143 section 11; the
 * fields shared by every PDU are bytes 0-19 (opcode, flags, lengths, LUN,
 * ITT), and every target PDU has StatSN/ExpCmdSN/MaxCmdSN at 24/28/32.
 */
#include "ins_compat.h"
#include "ins_pdu.h"

#define OFF_FLAGS	1
#define OFF_AHSLEN	4
#define OFF_DLEN	5
#define OFF_LUN		8
#define OFF_ITT		16
#define OFF_TTT		20
#define OFF_SN24	24
#define OFF_SN28	28
#define OFF_SN32	32
#define OFF_W36		36
#define OFF_W40		40
#define OFF_W44		44
#define OFF_CDB		32

static void put_common(u8 *bhs, u8 opcode, bool immediate, u8 flags,
		       u32 dlength, const u8 *lun, u32 itt)
{
	memset(bhs, 0, INS_BHS_LEN);
	bhs[0] = opcode | (immediate ? INS_OP_IMMEDIATE : 0);
	bhs[OFF_FLAGS] = flags;
	ins_put_be24(bhs + OFF_DLEN, dlength);
	if (lun)
		memcpy(bhs + OFF_LUN, lun, INS_LUN_LEN);
	ins_put_be32(bhs + OFF_ITT, itt);
}

u32 ins_scsi_cmd_ahs_len(u32 cdb_len, bool bidi)
{
	u32 len = 0;

	/* AHSLength(2) + AHSType(1) + reserved(1) + CDB bytes past 16 */
	if (cdb_len > INS_CDB_LEN)
		len += ins_padded_len(4 + cdb_len - INS_CDB_LEN);
	/* AHSLength(2) + AHSType(1) + reserved(1) + read length(4) */
	if (bidi)
		len += 8;
	return len;
}

/**
 * ins_bhs_encode_scsi_cmd() - build a SCSI Command BHS and its AHS
 * @bhs: INS_BHS_LEN bytes
 * @ahs: buffer for the AHS (may be NULL when none is needed)
 * @ahs_size: size of @ahs
 * @req: fields
 *
 * CDB bytes beyond the first 16 go to an Extended CDB AHS; a command that
 * both reads and writes also gets a Bidirectional Read Expected Data
 * Transfer Length AHS.
 *
 * Return: the AHS length written (multiple of 4, 0 if none), or -EINVAL.
 */
int ins_bhs_encode_scsi_cmd(u8 *bhs, u8 *ahs, size_t ahs_size,
			    const struct ins_scsi_cmd_req *req)
{
	bool bidi = req->read && req->write;
	u32 ahs_len = ins_scsi_cmd_ahs_len(req->cdb_len, bidi);
	u32 pos = 0;
	u8 flags;

	if (!req->cdb || req->cdb_len == 0 || req->cdb_len > INS_MAX_CDB_LEN ||
	    req->dlength > INS_MAX_DSL || req->attr > INS_ATTR_ACA)
		return -EINVAL;
	if (ahs_len && (!ahs || ahs_size < ahs_len))
		return -EINVAL;

	flags = req->attr;
	if (req->final)
		flags |= INS_FLAG_FINAL;
	if (req->read)
		flags |= INS_CMD_FLAG_READ;
	if (req->write)
		flags |= INS_CMD_FLAG_WRITE;
	put_common(bhs, INS_OP_SCSI_CMD, req->immediate, flags, req->dlength,
		   req->lun, req->itt);
	bhs[OFF_AHSLEN] = ahs_len / 4;
	ins_put_be32(bhs + OFF_TTT, req->exp_xfer_len);
	ins_put_be32(bhs + OFF_SN24, req->cmdsn);
	ins_put_be32(bhs + OFF_SN28, req->exp_statsn);

	if (req->cdb_len <= INS_CDB_LEN) {
		memcpy(bhs + OFF_CDB, req->cdb, req->cdb_len);
	} else {
		u32 extra = req->cdb_len - INS_CDB_LEN;
		u32 len = ins_padded_len(4 + extra);

		memcpy(bhs + OFF_CDB, req->cdb, INS_CDB_LEN);
		memset(ahs, 0, len);
		/* AHSLength counts the reserved byte and the CDB, not pad */
		ins_put_be16(ahs, extra + 1);
		ahs[2] = INS_AHS_EXT_CDB;
		memcpy(ahs + 4, req->cdb + INS_CDB_LEN, extra);
		pos = len;
	}
	if (bidi) {
		ins_put_be16(ahs + pos, 5);
		ahs[pos + 2] = INS_AHS_BIDI_READ_LEN;
		ahs[pos + 3] = 0;
		ins_put_be32(ahs + pos + 4, req->bidi_read_len);
	}
	return ahs_len;
}

int ins_bhs_encode_data_out(u8 *bhs, const struct ins_data_out_req *req)
{
	if (req->dlength > INS_MAX_DSL)
		return -EINVAL;
	put_common(bhs, INS_OP_DATA_OUT, false,
		   req->final ? INS_FLAG_FINAL : 0, req->dlength, req->lun,
		   req->itt);
	ins_put_be32(bhs + OFF_TTT, req->ttt);
	ins_put_be32(bhs + OFF_SN28, req->exp_statsn);
	ins_put_be32(bhs + OFF_W36, req->datasn);
	ins_put_be32(bhs + OFF_W40, req->offset);
	return 0;
}

int ins_bhs_encode_nop_out(u8 *bhs, const struct ins_nop_out_req *req)
{
	/* A NOP-Out needs a reply-carrying ITT or an echoed TTT, or both
	 * reserved (a one-way ping); an echo of a target ping has no ITT.
	 */
	if (req->dlength > INS_MAX_DSL ||
	    (req->itt != INS_RESERVED_TAG && req->ttt != INS_RESERVED_TAG))
		return -EINVAL;
	put_common(bhs, INS_OP_NOP_OUT, req->immediate, INS_FLAG_FINAL,
		   req->dlength, req->lun, req->itt);
	ins_put_be32(bhs + OFF_TTT, req->ttt);
	ins_put_be32(bhs + OFF_SN24, req->cmdsn);
	ins_put_be32(bhs + OFF_SN28, req->exp_statsn);
	return 0;
}

int ins_bhs_encode_tmf(u8 *bhs, const struct ins_tmf_req *req)
{
	if (req->function == 0 || req->function > INS_TMF_TASK_REASSIGN)
		return -EINVAL;
	put_common(bhs, INS_OP_TMF_REQ, req->immediate,
		   INS_FLAG_FINAL | req->function, 0, req->lun, req->itt);
	/* Referenced Task Tag is reserved (all ones) unless aborting one */
	ins_put_be32(bhs + OFF_TTT, req->function == INS_TMF_ABORT_TASK ?
		     req->ref_itt : INS_RESERVED_TAG);
	ins_put_be32(bhs + OFF_SN24, req->cmdsn);
	ins_put_be32(bhs + OFF_SN28, req->exp_statsn);
	ins_put_be32(bhs + OFF_SN32, req->ref_cmdsn);
	ins_put_be32(bhs + OFF_W36, req->exp_datasn);
	return 0;
}

static bool stage_valid(u8 stage)
{
	return stage == INS_STAGE_SECURITY || stage == INS_STAGE_OPERATIONAL ||
	       stage == INS_STAGE_FULL_FEATURE;
}

int ins_bhs_encode_login(u8 *bhs, const struct ins_login_req *req)
{
	u8 flags;

	if (req->dlength > INS_MAX_DSL || !stage_valid(req->csg) ||
	    req->csg == INS_STAGE_FULL_FEATURE || (req->transit && req->cont))
		return -EINVAL;
	if (req->transit && (!stage_valid(req->nsg) || req->nsg <= req->csg))
		return -EINVAL;

	flags = req->csg << INS_LOGIN_CSG_SHIFT;
	if (req->transit)
		flags |= INS_LOGIN_FLAG_TRANSIT | req->nsg;
	if (req->cont)
		flags |= INS_LOGIN_FLAG_CONTINUE;
	/* Login Requests are always immediate */
	put_common(bhs, INS_OP_LOGIN_REQ, true, flags, req->dlength, NULL,
		   req->itt);
	bhs[2] = req->version_max;
	bhs[3] = req->version_min;
	memcpy(bhs + 8, req->isid, INS_ISID_LEN);
	ins_put_be16(bhs + 14, req->tsih);
	ins_put_be16(bhs + 20, req->cid);
	ins_put_be32(bhs + OFF_SN24, req->cmdsn);
	ins_put_be32(bhs + OFF_SN28, req->exp_statsn);
	return 0;
}

void ins_bhs_set_dlength(u8 *bhs, u32 dlength)
{
	ins_put_be24(bhs + OFF_DLEN, dlength & INS_MAX_DSL);
}

void ins_bhs_set_itt(u8 *bhs, u32 itt)
{
	ins_put_be32(bhs + OFF_ITT, itt);
}

void ins_bhs_set_cmdsn(u8 *bhs, u32 cmdsn)
{
	ins_put_be32(bhs + OFF_SN24, cmdsn);
}

void ins_bhs_set_exp_statsn(u8 *bhs, u32 exp_statsn)
{
	ins_put_be32(bhs + OFF_SN28, exp_statsn);
}

void ins_lun_encode(u64 lun, u8 *out)
{
	int i;

	/* SAM levels are 16 bits each, most significant level first */
	for (i = 0; i < INS_LUN_LEN; i += 2) {
		out[i] = (lun >> 8) & 0xff;
		out[i + 1] = lun & 0xff;
		lun >>= 16;
	}
}

/* Target PDUs on which the F bit is fixed to 1 and no AHS may appear. */
static int check_fixed(const u8 *buf, bool no_ahs, bool no_data)
{
	if (!(buf[OFF_FLAGS] & INS_FLAG_FINAL))
		return -EPROTO;
	if (no_ahs && buf[OFF_AHSLEN])
		return -EPROTO;
	if (no_data && ins_bhs_dlength(buf))
		return -EPROTO;
	return 0;
}

static int decode_scsi_rsp(const u8 *buf, struct ins_pdu *pdu)
{
	struct ins_pdu_scsi_rsp *r = &pdu->u.scsi_rsp;
	u8 f = pdu->flags;

	if (check_fixed(buf, false, false))
		return -EPROTO;
	/* overflow and underflow exclude each other, per direction */
	if ((f & INS_RSP_FLAG_OVERFLOW) && (f & INS_RSP_FLAG_UNDERFLOW))
		return -EPROTO;
	if ((f & INS_RSP_FLAG_BIDI_OVERFLOW) &&
	    (f & INS_RSP_FLAG_BIDI_UNDERFLOW))
		return -EPROTO;
	/* a non-empty segment starts with the 2-byte SenseLength */
	if (pdu->dlength == 1)
		return -EPROTO;
	if (pdu->itt == INS_RESERVED_TAG)
		return -EPROTO;
	r->response = buf[2];
	r->status = buf[3];
	r->exp_datasn = ins_get_be32(buf + OFF_W36);
	r->bidi_residual = ins_get_be32(buf + OFF_W40);
	r->residual = ins_get_be32(buf + OFF_W44);
	pdu->has_status = true;
	return 0;
}

static int decode_data_in(const u8 *buf, struct ins_pdu *pdu)
{
	struct ins_pdu_data_in *d = &pdu->u.data_in;
	u8 f = pdu->flags;
	bool s = f & INS_DATAIN_FLAG_STATUS;

	/* status may only come with the last PDU of the sequence */
	if (s && !(f & INS_FLAG_FINAL))
		return -EPROTO;
	/* residual flags are only meaningful with status */
	if (!s && (f & (INS_DATAIN_FLAG_OVERFLOW | INS_DATAIN_FLAG_UNDERFLOW)))
		return -EPROTO;
	if ((f & INS_DATAIN_FLAG_OVERFLOW) && (f & INS_DATAIN_FLAG_UNDERFLOW))
		return -EPROTO;
	if (pdu->itt == INS_RESERVED_TAG)
		return -EPROTO;
	d->status = s ? buf[3] : 0;
	d->datasn = ins_get_be32(buf + OFF_W36);
	d->offset = ins_get_be32(buf + OFF_W40);
	d->residual = ins_get_be32(buf + OFF_W44);
	pdu->has_status = s;
	return 0;
}

static int decode_r2t(const u8 *buf, struct ins_pdu *pdu)
{
	struct ins_pdu_r2t *r = &pdu->u.r2t;

	if (check_fixed(buf, true, true))
		return -EPROTO;
	if (pdu->itt == INS_RESERVED_TAG || pdu->ttt == INS_RESERVED_TAG)
		return -EPROTO;
	r->r2tsn = ins_get_be32(buf + OFF_W36);
	r->offset = ins_get_be32(buf + OFF_W40);
	r->desired_len = ins_get_be32(buf + OFF_W44);
	if (!r->desired_len)
		return -EPROTO;
	return 0;
}

static int decode_nop_in(const u8 *buf, struct ins_pdu *pdu)
{
	if (check_fixed(buf, false, false))
		return -EPROTO;
	/* a reply to our NOP-Out carries no TTT of its own */
	if (pdu->itt != INS_RESERVED_TAG && pdu->ttt != INS_RESERVED_TAG)
		return -EPROTO;
	pdu->has_status = pdu->itt != INS_RESERVED_TAG;
	return 0;
}

static int decode_tmf_rsp(const u8 *buf, struct ins_pdu *pdu)
{
	if (check_fixed(buf, true, true))
		return -EPROTO;
	pdu->u.tmf_rsp.response = buf[2];
	pdu->ttt = 0;
	pdu->has_status = true;
	return 0;
}

static int decode_login_rsp(const u8 *buf, struct ins_pdu *pdu)
{
	struct ins_pdu_login_rsp *l = &pdu->u.login_rsp;
	u8 f = pdu->flags;

	l->transit = f & INS_LOGIN_FLAG_TRANSIT;
	l->cont = f & INS_LOGIN_FLAG_CONTINUE;
	l->csg = (f & INS_LOGIN_CSG_MASK) >> INS_LOGIN_CSG_SHIFT;
	l->nsg = f & INS_LOGIN_NSG_MASK;
	if (l->transit && l->cont)
		return -EPROTO;
	if (!stage_valid(l->csg) || l->csg == INS_STAGE_FULL_FEATURE)
		return -EPROTO;
	if (l->transit && (!stage_valid(l->nsg) || l->nsg <= l->csg))
		return -EPROTO;
	l->version_max = buf[2];
	l->version_active = buf[3];
	memcpy(l->isid, buf + 8, INS_ISID_LEN);
	l->tsih = ins_get_be16(buf + 14);
	l->status_class = buf[36];
	l->status_detail = buf[37];
	/* the F bit position carries T here; LUN is the ISID/TSIH */
	pdu->final = false;
	memset(pdu->lun, 0, INS_LUN_LEN);
	pdu->ttt = 0;
	pdu->has_status = true;
	return 0;
}

static int decode_text_rsp(struct ins_pdu *pdu)
{
	bool c = pdu->flags & INS_TEXT_FLAG_CONTINUE;

	if (pdu->final && c)
		return -EPROTO;
	pdu->u.text_rsp.cont = c;
	pdu->has_status = true;
	return 0;
}

static int decode_logout_rsp(const u8 *buf, struct ins_pdu *pdu)
{
	struct ins_pdu_logout_rsp *l = &pdu->u.logout_rsp;

	if (check_fixed(buf, true, true))
		return -EPROTO;
	l->response = buf[2];
	l->time2wait = ins_get_be16(buf + 40);
	l->time2retain = ins_get_be16(buf + 42);
	pdu->ttt = 0;
	pdu->has_status = true;
	return 0;
}

static int decode_async(const u8 *buf, struct ins_pdu *pdu)
{
	struct ins_pdu_async *a = &pdu->u.async;

	if (check_fixed(buf, false, false))
		return -EPROTO;
	if (pdu->itt != INS_RESERVED_TAG)
		return -EPROTO;
	a->event = buf[36];
	a->vcode = buf[37];
	a->param1 = ins_get_be16(buf + 38);
	a->param2 = ins_get_be16(buf + 40);
	a->param3 = ins_get_be16(buf + 42);
	pdu->ttt = 0;
	pdu->has_status = true;
	return 0;
}

static int decode_reject(const u8 *buf, struct ins_pdu *pdu)
{
	if (check_fixed(buf, true, false))
		return -EPROTO;
	/* the data segment is the header being rejected */
	if (pdu->itt != INS_RESERVED_TAG || pdu->dlength < INS_BHS_LEN)
		return -EPROTO;
	pdu->u.reject.reason = buf[2];
	pdu->u.reject.datasn = ins_get_be32(buf + OFF_W36);
	pdu->ttt = 0;
	pdu->has_status = true;
	return 0;
}

/**
 * ins_bhs_decode() - decode and check a BHS received from a target
 * @buf: the received bytes, starting at the BHS
 * @len: bytes available at @buf (at least INS_BHS_LEN)
 * @max_dlength: largest data segment we accept (our declared
 *	MaxRecvDataSegmentLength; INS_LOGIN_MAX_DSL during login)
 * @pdu: filled on success; undefined on error
 *
 * Only opcodes that a target may send to an ERL0 initiator are accepted.
 * Reserved fields are ignored, as RFC 7143 asks of receivers, except where
 * a wrong value would let the PDU be misread.
 *
 * Return: 0, -EINVAL for a short buffer, -EMSGSIZE if the data segment is
 * longer than @max_dlength, -EPROTO for any protocol violation.
 */
int ins_bhs_decode(const u8 *buf, size_t len, u32 max_dlength,
		   struct ins_pdu *pdu)
{
	if (!buf || !pdu || len < INS_BHS_LEN)
		return -EINVAL;

	memset(pdu, 0, sizeof(*pdu));
	pdu->opcode = ins_bhs_opcode(buf);
	pdu->immediate = buf[0] & INS_OP_IMMEDIATE;
	pdu->flags = buf[OFF_FLAGS];
	pdu->final = pdu->flags & INS_FLAG_FINAL;
	pdu->ahs_len = ins_bhs_ahs_len(buf);
	pdu->dlength = ins_bhs_dlength(buf);
	memcpy(pdu->lun, buf + OFF_LUN, INS_LUN_LEN);
	pdu->itt = ins_get_be32(buf + OFF_ITT);
	pdu->ttt = ins_get_be32(buf + OFF_TTT);
	pdu->statsn = ins_get_be32(buf + OFF_SN24);
	pdu->exp_cmdsn = ins_get_be32(buf + OFF_SN28);
	pdu->max_cmdsn = ins_get_be32(buf + OFF_SN32);

	if (pdu->dlength > max_dlength)
		return -EMSGSIZE;

	switch (pdu->opcode) {
	case INS_OP_SCSI_RSP:
		return decode_scsi_rsp(buf, pdu);
	case INS_OP_DATA_IN:
		return decode_data_in(buf, pdu);
	case INS_OP_R2T:
		return decode_r2t(buf, pdu);
	case INS_OP_NOP_IN:
		return decode_nop_in(buf, pdu);
	case INS_OP_TMF_RSP:
		return decode_tmf_rsp(buf, pdu);
	case INS_OP_LOGIN_RSP:
		return decode_login_rsp(buf, pdu);
	case INS_OP_TEXT_RSP:
		return decode_text_rsp(pdu);
	case INS_OP_LOGOUT_RSP:
		return decode_logout_rsp(buf, pdu);
	case INS_OP_ASYNC:
		return decode_async(buf, pdu);
	case INS_OP_REJECT:
		return decode_reject(buf, pdu);
	default:
		return -EPROTO;
	}
}

/**
 * ins_bhs_decode_login_req() - read back a Login Request BHS
 * @buf: the BHS
 * @len: bytes at @buf
 * @req: filled on success (dlength included)
 *
 * Lets the module learn ISID, CID, TSIH and stages from the Login PDUs that
 * iscsid sends through it, so that it can log in again by itself later.
 *
 * Return: 0, -EINVAL for a short buffer, -EPROTO if not a valid Login
 * Request.
 */
int ins_bhs_decode_login_req(const u8 *buf, size_t len,
			     struct ins_login_req *req)
{
	u8 f;

	if (!buf || !req || len < INS_BHS_LEN)
		return -EINVAL;
	if (ins_bhs_opcode(buf) != INS_OP_LOGIN_REQ)
		return -EPROTO;
	f = buf[OFF_FLAGS];
	memset(req, 0, sizeof(*req));
	req->transit = f & INS_LOGIN_FLAG_TRANSIT;
	req->cont = f & INS_LOGIN_FLAG_CONTINUE;
	req->csg = (f & INS_LOGIN_CSG_MASK) >> INS_LOGIN_CSG_SHIFT;
	req->nsg = f & INS_LOGIN_NSG_MASK;
	if ((req->transit && req->cont) || !stage_valid(req->csg) ||
	    req->csg == INS_STAGE_FULL_FEATURE)
		return -EPROTO;
	if (req->transit && (!stage_valid(req->nsg) || req->nsg <= req->csg))
		return -EPROTO;
	req->version_max = buf[2];
	req->version_min = buf[3];
	req->dlength = ins_bhs_dlength(buf);
	memcpy(req->isid, buf + 8, INS_ISID_LEN);
	req->tsih = ins_get_be16(buf + 14);
	req->itt = ins_get_be32(buf + OFF_ITT);
	req->cid = ins_get_be16(buf + 20);
	req->cmdsn = ins_get_be32(buf + OFF_SN24);
	req->exp_statsn = ins_get_be32(buf + OFF_SN28);
	return 0;
}

/**
 * ins_scsi_rsp_sense() - locate the sense data in a SCSI Response segment
 * @data: the data segment
 * @dlength: its length (without padding)
 * @sense: set to the sense bytes (NULL when there are none)
 * @sense_len: set to their count
 *
 * Return: 0, or -EPROTO if SenseLength overruns the segment.
 */
int ins_scsi_rsp_sense(const u8 *data, u32 dlength, const u8 **sense,
		       u32 *sense_len)
{
	u32 n;

	*sense = NULL;
	*sense_len = 0;
	if (dlength == 0)
		return 0;
	if (dlength < 2)
		return -EPROTO;
	n = ins_get_be16(data);
	if (n > dlength - 2)
		return -EPROTO;
	if (n) {
		*sense = data + 2;
		*sense_len = n;
	}
	return 0;
}

/**
 * ins_data_in_check() - may this Data-In go into the command's buffer?
 * @pdu: a decoded Data-In
 * @exp_datasn: the DataSN the command expects next
 * @exp_offset: the offset the command expects next (the bytes it has
 *	received) when data must come in order, else %INS_DATA_ANY_ORDER
 * @bufflen: the command's buffer length
 * @is_read: the command reads (data flows to the initiator)
 *
 * With DataPDUInOrder and DataSequenceInOrder (what an initiator offers)
 * the data of a read arrives as one ascending run: a PDU that overlaps
 * what came before, or leaves a hole, is a protocol error, not data.
 *
 * Return: 0; -EPROTO for data on a command that does not read; -ERANGE
 * for a DataSN out of order (ERL0 has no way to ask again); -EOVERFLOW
 * for data outside the buffer, offset + length wrap-around included;
 * -EILSEQ for in-order data at any other offset than @exp_offset.
 */
int ins_data_in_check(const struct ins_pdu *pdu, u32 exp_datasn,
		      u32 exp_offset, u32 bufflen, bool is_read)
{
	const struct ins_pdu_data_in *d = &pdu->u.data_in;

	if (pdu->dlength && !is_read)
		return -EPROTO;
	if (d->datasn != exp_datasn)
		return -ERANGE;
	if (d->offset > bufflen || pdu->dlength > bufflen - d->offset)
		return -EOVERFLOW;
	if (pdu->dlength && exp_offset != INS_DATA_ANY_ORDER &&
	    d->offset != exp_offset)
		return -EILSEQ;
	return 0;
}

/**
 * ins_r2t_check() - may this R2T be queued for the command?
 * @pdu: a decoded R2T
 * @lim: the command's buffer and what the session allows
 *
 * At ERL0 a target has no reason to ask for the same data twice; with
 * DataSequenceInOrder (what an initiator offers) it asks for one
 * ascending run of bursts, each starting where the previous ended.
 *
 * Return: 0; -EPROTO for an R2T on a command that does not write;
 * -EOVERFLOW for a range outside the buffer; -E2BIG for more than
 * MaxBurstLength; -EILSEQ for an in-order R2T that does not start where
 * the last one ended (a repeat, an overlap or a hole); -ENOSPC past
 * the R2Ts that may be pending.
 */
int ins_r2t_check(const struct ins_pdu *pdu, const struct ins_r2t_limits *lim)
{
	const struct ins_pdu_r2t *r = &pdu->u.r2t;

	if (!lim->is_write)
		return -EPROTO;
	if (r->offset > lim->bufflen ||
	    r->desired_len > lim->bufflen - r->offset)
		return -EOVERFLOW;
	if (r->desired_len > lim->max_burst)
		return -E2BIG;
	if (lim->exp_offset != INS_DATA_ANY_ORDER &&
	    r->offset != lim->exp_offset)
		return -EILSEQ;
	if (lim->pending >= lim->max_pending)
		return -ENOSPC;
	return 0;
}

/**
 * ins_pdu_residual() - the residual count a status-bearing PDU reports
 * @pdu: a decoded SCSI Response, or a Data-In with status
 * @bufflen: the command's buffer length
 * @resid: set to the bytes not transferred (0 without the U bit)
 *
 * Return: 0, or -EOVERFLOW for an underflow larger than the buffer.
 */
int ins_pdu_residual(const struct ins_pdu *pdu, u32 bufflen, u32 *resid)
{
	u32 res;

	*resid = 0;
	if (pdu->opcode == INS_OP_SCSI_RSP) {
		if (!(pdu->flags & INS_RSP_FLAG_UNDERFLOW))
			return 0;
		res = pdu->u.scsi_rsp.residual;
	} else {
		if (!(pdu->flags & INS_DATAIN_FLAG_UNDERFLOW))
			return 0;
		res = pdu->u.data_in.residual;
	}
	if (res > bufflen)
		return -EOVERFLOW;
	*resid = res;
	return 0;
}

u32 ins_crc32c_pad(u32 crc, u32 len)
{
	static const u8 zero[INS_PAD];

	return ins_crc32c_raw(crc, zero, ins_pad_len(len));
}

/* Header digest: CRC32C over the BHS and all AHS, nothing else. */
u32 ins_hdr_digest(const u8 *bhs, const u8 *ahs, size_t ahs_len)
{
	u32 crc = ins_crc32c_update(ins_crc32c_init(), bhs, INS_BHS_LEN);

	if (ahs_len)
		crc = ins_crc32c_update(crc, ahs, ahs_len);
	return ins_crc32c_final(crc);
}

int ins_hdr_digest_check(const u8 *bhs, const u8 *ahs, size_t ahs_len,
			 const u8 *wire)
{
	return ins_hdr_digest(bhs, ahs, ahs_len) == ins_digest_get(wire) ?
	       0 : -EBADMSG;
}

/**
 * ins_read_status_check() - does GOOD status agree with the data that came?
 * @pdu: the status-bearing PDU: a SCSI Response or a Data-In with status
 * @bufflen: the command's buffer length
 * @received: the data bytes the command has received (this PDU's too)
 * @is_read: the command reads
 *
 * A read that ends GOOD must have received its whole buffer less the
 * residual the target reports (U bit). Anything else leaves part of the
 * buffer as it was, and the block layer would take it for data.
 * A residual larger than the buffer is ins_pdu_residual()'s to refuse.
 *
 * Return: 0, or -EPROTO when data and residual do not add up.
 */
int ins_read_status_check(const struct ins_pdu *pdu, u32 bufflen,
			  u32 received, bool is_read)
{
	u32 res;
	u8 status;

	if (!is_read)
		return 0;
	if (pdu->opcode == INS_OP_SCSI_RSP) {
		if (pdu->u.scsi_rsp.response != INS_RSP_COMPLETED)
			return 0;
		status = pdu->u.scsi_rsp.status;
	} else {
		status = pdu->u.data_in.status;
	}
	if (status != INS_SCSI_STATUS_GOOD ||
	    ins_pdu_residual(pdu, bufflen, &res))
		return 0;
	return received == bufflen - res ? 0 : -EPROTO;
}
