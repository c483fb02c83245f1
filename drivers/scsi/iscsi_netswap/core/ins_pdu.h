/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iSCSI PDU codec for an ERL0 initiator (RFC 7143 section 11).
 *
 * Usage summary:
 *
 * Sending: fill a request struct (struct ins_scsi_cmd_req, ins_data_out_req,
 * ins_nop_out_req, ins_tmf_req, ins_login_req) and call the matching
 * ins_bhs_encode_*() with a 48-byte buffer (Text and Logout requests are
 * iscsid's: they reach the transport encoded).  Every byte of the BHS is
 * written (reserved fields are zeroed).
 * Only the SCSI Command can carry AHS: ins_bhs_encode_scsi_cmd() writes it
 * into a separate buffer and returns its length (a multiple of 4; 0 when
 * none).  Data segments are padded to 4 bytes: ins_pad_len().  With
 * HeaderDigest=CRC32C append ins_hdr_digest(bhs, ahs, ahs_len) written with
 * ins_digest_put(); with DataDigest=CRC32C append the CRC32C of the data
 * and its zero padding: ins_crc32c_init/update/pad/final.
 *
 * Receiving: read INS_BHS_LEN bytes; ins_bhs_ahs_len() tells how many AHS
 * bytes follow, then the header digest if negotiated.  Check the digest
 * first (ins_hdr_digest_check()), then call ins_bhs_decode(), which checks
 * the opcode and the per-opcode invariants and fills struct ins_pdu.  Then
 * read ins_padded_len(pdu.dlength) bytes of data (+ data digest): the
 * digest covers the data and the pad bytes as received.
 *
 * Errors: -EINVAL (bad argument from the caller), -EPROTO (PDU violates the
 * protocol), -EMSGSIZE (data segment larger than we accept), -EBADMSG
 * (digest mismatch).
 */
#ifndef INS_PDU_H
#define INS_PDU_H

#include "ins_compat.h"

#define INS_BHS_LEN		48
#define INS_DIGEST_LEN		4
#define INS_PAD			4
#define INS_RESERVED_TAG	0xffffffffU
#define INS_MAX_DSL		0xffffffU	/* 24-bit DataSegmentLength */
#define INS_MAX_AHS_LEN		(255 * 4)	/* TotalAHSLength is in words */
#define INS_LUN_LEN		8
#define INS_ISID_LEN		6
#define INS_CDB_LEN		16		/* CDB bytes inside the BHS */
#define INS_MAX_CDB_LEN		260		/* longest SCSI CDB */
/* Extended CDB AHS for a 260-byte CDB (248) + bidi read length AHS (8). */
#define INS_SCSI_CMD_AHS_MAX	256
#define INS_VERSION		0x00		/* RFC 3720/7143 version */

/* Byte 0 */
#define INS_OP_IMMEDIATE	0x40
#define INS_OPCODE_MASK		0x3f

/* Initiator opcodes */
#define INS_OP_NOP_OUT		0x00
#define INS_OP_SCSI_CMD		0x01
#define INS_OP_TMF_REQ		0x02
#define INS_OP_LOGIN_REQ	0x03
#define INS_OP_TEXT_REQ		0x04
#define INS_OP_DATA_OUT		0x05
#define INS_OP_LOGOUT_REQ	0x06
#define INS_OP_SNACK		0x10

/* Target opcodes */
#define INS_OP_NOP_IN		0x20
#define INS_OP_SCSI_RSP		0x21
#define INS_OP_TMF_RSP		0x22
#define INS_OP_LOGIN_RSP	0x23
#define INS_OP_TEXT_RSP		0x24
#define INS_OP_DATA_IN		0x25
#define INS_OP_LOGOUT_RSP	0x26
#define INS_OP_R2T		0x31
#define INS_OP_ASYNC		0x32
#define INS_OP_REJECT		0x3f

/* Byte 1: the F bit is shared by most PDUs */
#define INS_FLAG_FINAL		0x80

/* SCSI Command flags and task attributes */
#define INS_CMD_FLAG_READ	0x40
#define INS_CMD_FLAG_WRITE	0x20
#define INS_CMD_ATTR_MASK	0x07
#define INS_ATTR_UNTAGGED	0
#define INS_ATTR_SIMPLE		1
#define INS_ATTR_ORDERED	2
#define INS_ATTR_HEAD_OF_QUEUE	3
#define INS_ATTR_ACA		4

/* AHS types */
#define INS_AHS_EXT_CDB		1
#define INS_AHS_BIDI_READ_LEN	2

/* SCSI Response flags and response codes */
#define INS_RSP_FLAG_BIDI_OVERFLOW	0x10
#define INS_RSP_FLAG_BIDI_UNDERFLOW	0x08
#define INS_RSP_FLAG_OVERFLOW		0x04
#define INS_RSP_FLAG_UNDERFLOW		0x02
#define INS_RSP_COMPLETED		0x00
#define INS_SCSI_STATUS_GOOD		0x00	/* SAM status GOOD */
#define INS_RSP_TARGET_FAILURE		0x01

/* Data-In flags */
#define INS_DATAIN_FLAG_ACK		0x40
#define INS_DATAIN_FLAG_OVERFLOW	0x04
#define INS_DATAIN_FLAG_UNDERFLOW	0x02
#define INS_DATAIN_FLAG_STATUS		0x01

/* Login flags and stages */
#define INS_LOGIN_FLAG_TRANSIT	0x80
#define INS_LOGIN_FLAG_CONTINUE	0x40
#define INS_LOGIN_CSG_MASK	0x0c
#define INS_LOGIN_CSG_SHIFT	2
#define INS_LOGIN_NSG_MASK	0x03
#define INS_STAGE_SECURITY	0
#define INS_STAGE_OPERATIONAL	1
#define INS_STAGE_FULL_FEATURE	3

/* Login status classes and details (class << 8 | detail) */
#define INS_LOGIN_CLASS_SUCCESS		0
#define INS_LOGIN_CLASS_REDIRECT	1
#define INS_LOGIN_CLASS_INITIATOR_ERR	2
#define INS_LOGIN_CLASS_TARGET_ERR	3
#define INS_LOGIN_MOVED_TEMP		0x0101
#define INS_LOGIN_MOVED_PERM		0x0102
#define INS_LOGIN_INITIATOR_ERR		0x0200
#define INS_LOGIN_AUTH_FAILED		0x0201
#define INS_LOGIN_AUTHZ_FAILED		0x0202
#define INS_LOGIN_NOT_FOUND		0x0203
#define INS_LOGIN_TARGET_REMOVED	0x0204
#define INS_LOGIN_UNSUPPORTED_VERSION	0x0205
#define INS_LOGIN_TOO_MANY_CONNS	0x0206
#define INS_LOGIN_MISSING_PARAM		0x0207
#define INS_LOGIN_NO_SESSION_SPANNING	0x0208
#define INS_LOGIN_NO_SESSION_TYPE	0x0209
#define INS_LOGIN_NO_SESSION		0x020a
#define INS_LOGIN_INVALID_REQ		0x020b
#define INS_LOGIN_TARGET_ERROR		0x0300
#define INS_LOGIN_SERVICE_UNAVAIL	0x0301
#define INS_LOGIN_NO_RESOURCES		0x0302

/* Text flags */
#define INS_TEXT_FLAG_CONTINUE	0x40

/* Task Management functions (byte 1, low 7 bits) and responses */
#define INS_TMF_FUNC_MASK		0x7f
#define INS_TMF_ABORT_TASK		1
#define INS_TMF_ABORT_TASK_SET		2
#define INS_TMF_CLEAR_ACA		3
#define INS_TMF_CLEAR_TASK_SET		4
#define INS_TMF_LUN_RESET		5
#define INS_TMF_TARGET_WARM_RESET	6
#define INS_TMF_TARGET_COLD_RESET	7
#define INS_TMF_TASK_REASSIGN		8
#define INS_TMF_RSP_COMPLETE		0
#define INS_TMF_RSP_NO_TASK		1
#define INS_TMF_RSP_NO_LUN		2
#define INS_TMF_RSP_TASK_ALLEGIANT	3
#define INS_TMF_RSP_NO_REASSIGN		4
#define INS_TMF_RSP_NOT_SUPPORTED	5
#define INS_TMF_RSP_AUTH_FAILED		6
#define INS_TMF_RSP_REJECTED		255

/* Logout reasons and responses */
#define INS_LOGOUT_REASON_MASK		0x7f
#define INS_LOGOUT_CLOSE_SESSION	0
#define INS_LOGOUT_CLOSE_CONN		1
#define INS_LOGOUT_REMOVE_CONN		2
#define INS_LOGOUT_RSP_OK		0
#define INS_LOGOUT_RSP_NO_CID		1
#define INS_LOGOUT_RSP_NO_RECOVERY	2
#define INS_LOGOUT_RSP_CLEANUP_FAILED	3

/* Async Message events */
#define INS_ASYNC_SCSI_EVENT		0
#define INS_ASYNC_LOGOUT_REQUEST	1
#define INS_ASYNC_DROP_CONN		2
#define INS_ASYNC_DROP_ALL_CONNS	3
#define INS_ASYNC_NEGOTIATE		4
#define INS_ASYNC_TASK_TERMINATION	5
#define INS_ASYNC_VENDOR		255

/* Reject reasons */
#define INS_REJECT_RESERVED		0x01
#define INS_REJECT_DATA_DIGEST		0x02
#define INS_REJECT_SNACK		0x03
#define INS_REJECT_PROTOCOL		0x04
#define INS_REJECT_CMD_UNSUPPORTED	0x05
#define INS_REJECT_IMM_CMD		0x06
#define INS_REJECT_TASK_IN_PROGRESS	0x07
#define INS_REJECT_INVALID_DATA_ACK	0x08
#define INS_REJECT_INVALID_FIELD	0x09
#define INS_REJECT_LONG_OP		0x0a
#define INS_REJECT_NEGOTIATION_RESET	0x0b
#define INS_REJECT_WAITING_LOGOUT	0x0c

/* ---------------------------------------------------------------- send */

struct ins_scsi_cmd_req {
	u8 lun[INS_LUN_LEN];
	u32 itt;
	u32 exp_xfer_len;	/* Expected Data Transfer Length */
	u32 cmdsn;
	u32 exp_statsn;
	const u8 *cdb;
	u32 cdb_len;		/* 1..INS_MAX_CDB_LEN; > 16 adds an AHS */
	u32 dlength;		/* immediate data in this PDU */
	u32 bidi_read_len;	/* read length when both read and write */
	u8 attr;		/* INS_ATTR_* */
	bool read;
	bool write;
	bool final;		/* no unsolicited Data-Out follows */
	bool immediate;
};

struct ins_data_out_req {
	u8 lun[INS_LUN_LEN];
	u32 itt;
	u32 ttt;		/* from the R2T, or reserved for unsolicited */
	u32 exp_statsn;
	u32 datasn;
	u32 offset;		/* Buffer Offset */
	u32 dlength;
	bool final;
};

struct ins_nop_out_req {
	u8 lun[INS_LUN_LEN];
	u32 itt;		/* INS_RESERVED_TAG when no reply wanted */
	u32 ttt;		/* echo of a NOP-In's TTT, else reserved */
	u32 cmdsn;
	u32 exp_statsn;
	u32 dlength;		/* ping data */
	bool immediate;
};

struct ins_tmf_req {
	u8 lun[INS_LUN_LEN];
	u32 itt;
	u32 ref_itt;		/* Referenced Task Tag, ABORT TASK only */
	u32 cmdsn;
	u32 exp_statsn;
	u32 ref_cmdsn;
	u32 exp_datasn;
	u8 function;		/* INS_TMF_* */
	bool immediate;
};

struct ins_login_req {
	u8 isid[INS_ISID_LEN];
	u16 tsih;
	u16 cid;
	u32 itt;
	u32 cmdsn;
	u32 exp_statsn;
	u32 dlength;
	u8 csg;			/* INS_STAGE_* */
	u8 nsg;			/* meaningful only with transit */
	u8 version_max;
	u8 version_min;
	bool transit;
	bool cont;
};

int ins_bhs_encode_scsi_cmd(u8 *bhs, u8 *ahs, size_t ahs_size,
			    const struct ins_scsi_cmd_req *req);
int ins_bhs_encode_data_out(u8 *bhs, const struct ins_data_out_req *req);
int ins_bhs_encode_nop_out(u8 *bhs, const struct ins_nop_out_req *req);
int ins_bhs_encode_tmf(u8 *bhs, const struct ins_tmf_req *req);
int ins_bhs_encode_login(u8 *bhs, const struct ins_login_req *req);

/*
 * Fields every initiator PDU has at the same place, for headers built
 * elsewhere (iscsid's Login/Text/Logout/NOP-Out) or built before the value
 * is known (ExpStatSN is taken when the PDU goes on the wire).
 * ins_bhs_set_cmdsn() is not for a Data-Out (no CmdSN field there).
 */
void ins_bhs_set_dlength(u8 *bhs, u32 dlength);
void ins_bhs_set_itt(u8 *bhs, u32 itt);
void ins_bhs_set_cmdsn(u8 *bhs, u32 cmdsn);
void ins_bhs_set_exp_statsn(u8 *bhs, u32 exp_statsn);
static inline u32 ins_bhs_itt(const u8 *bhs)
{
	return ins_get_be32(bhs + 16);
}

/* Size of the AHS that a CDB of @cdb_len bytes (and bidi) needs. */
u32 ins_scsi_cmd_ahs_len(u32 cdb_len, bool bidi);

/* SAM LUN encoding, the same as the kernel's int_to_scsilun(). */
void ins_lun_encode(u64 lun, u8 *out);

/* ------------------------------------------------------------- receive */

struct ins_pdu_scsi_rsp {
	u8 response;		/* INS_RSP_* */
	u8 status;		/* SCSI status, valid if response == 0 */
	u32 exp_datasn;
	u32 bidi_residual;
	u32 residual;
};

struct ins_pdu_data_in {
	u8 status;		/* valid only with INS_DATAIN_FLAG_STATUS */
	u32 datasn;
	u32 offset;
	u32 residual;
};

struct ins_pdu_r2t {
	u32 r2tsn;
	u32 offset;
	u32 desired_len;
};

struct ins_pdu_tmf_rsp {
	u8 response;		/* INS_TMF_RSP_* */
};

struct ins_pdu_login_rsp {
	u8 isid[INS_ISID_LEN];
	u16 tsih;
	u8 version_max;
	u8 version_active;
	u8 csg;
	u8 nsg;
	bool transit;
	bool cont;
	u8 status_class;
	u8 status_detail;
};

struct ins_pdu_text_rsp {
	bool cont;
};

struct ins_pdu_logout_rsp {
	u8 response;		/* INS_LOGOUT_RSP_* */
	u16 time2wait;
	u16 time2retain;
};

struct ins_pdu_async {
	u8 event;		/* INS_ASYNC_* */
	u8 vcode;
	u16 param1;
	u16 param2;
	u16 param3;
};

struct ins_pdu_reject {
	u8 reason;		/* INS_REJECT_*; rejected BHS is the data */
	u32 datasn;		/* DataSN/R2TSN where applicable */
};

/**
 * struct ins_pdu - a decoded BHS received from the target
 * @opcode: INS_OP_*, without the immediate bit
 * @immediate: byte 0 bit 6 (reserved on target PDUs, reported anyway)
 * @final: the F bit
 * @flags: byte 1 as received (opcode-specific flags, F included)
 * @has_status: this PDU consumes StatSN @statsn: the initiator's ExpStatSN
 *	becomes @statsn + 1.  False for R2T, Data-In without S and NOP-In
 *	with a reserved ITT, whose StatSN field only reports the next StatSN.
 * @ahs_len: total AHS bytes following the BHS (TotalAHSLength * 4)
 * @dlength: DataSegmentLength (without padding and digest)
 * @lun: LUN field (opcode-specific: reserved on some PDUs)
 * @itt: Initiator Task Tag (INS_RESERVED_TAG for unsolicited PDUs)
 * @ttt: Target Transfer Tag (Data-In, R2T, NOP-In, Text); SNACK Tag on
 *	SCSI Response; 0 elsewhere
 * @statsn: StatSN field (bytes 24-27)
 * @exp_cmdsn: ExpCmdSN (bytes 28-31)
 * @max_cmdsn: MaxCmdSN (bytes 32-35)
 * @u: opcode-specific fields; the member named after @opcode is valid
 */
struct ins_pdu {
	u8 opcode;
	bool immediate;
	bool final;
	u8 flags;
	bool has_status;
	u16 ahs_len;
	u32 dlength;
	u8 lun[INS_LUN_LEN];
	u32 itt;
	u32 ttt;
	u32 statsn;
	u32 exp_cmdsn;
	u32 max_cmdsn;
	union {
		struct ins_pdu_scsi_rsp scsi_rsp;
		struct ins_pdu_data_in data_in;
		struct ins_pdu_r2t r2t;
		struct ins_pdu_tmf_rsp tmf_rsp;
		struct ins_pdu_login_rsp login_rsp;
		struct ins_pdu_text_rsp text_rsp;
		struct ins_pdu_logout_rsp logout_rsp;
		struct ins_pdu_async async;
		struct ins_pdu_reject reject;
	} u;
};

int ins_bhs_decode(const u8 *buf, size_t len, u32 max_dlength,
		   struct ins_pdu *pdu);

/* Decodes the fields of a Login Request (e.g. one sent by iscsid). */
int ins_bhs_decode_login_req(const u8 *buf, size_t len,
			     struct ins_login_req *req);

int ins_scsi_rsp_sense(const u8 *data, u32 dlength, const u8 **sense,
		       u32 *sense_len);

/*
 * Checks of a decoded PDU against the command it names, for what the
 * header alone cannot tell (ins_bhs_decode() did the rest).
 */
/* ins_data_in_check()'s exp_offset when data may come in any order */
#define INS_DATA_ANY_ORDER	0xffffffffU
int ins_data_in_check(const struct ins_pdu *pdu, u32 exp_datasn,
		      u32 exp_offset, u32 bufflen, bool is_read);

/* What ins_r2t_check() holds an R2T against. */
struct ins_r2t_limits {
	u32 bufflen;		/* the command's buffer */
	u32 exp_offset;		/* where the next R2T starts, or ANY_ORDER */
	u32 max_burst;		/* MaxBurstLength */
	u32 pending;		/* R2Ts of the command not answered yet */
	u32 max_pending;	/* MaxOutstandingR2T, or fewer slots */
	bool is_write;		/* the command writes */
};

int ins_r2t_check(const struct ins_pdu *pdu, const struct ins_r2t_limits *lim);
int ins_pdu_residual(const struct ins_pdu *pdu, u32 bufflen, u32 *resid);
int ins_read_status_check(const struct ins_pdu *pdu, u32 bufflen,
			  u32 received, bool is_read);

static inline u8 ins_bhs_opcode(const u8 *bhs)
{
	return bhs[0] & INS_OPCODE_MASK;
}

/* AHS bytes that follow this BHS (before the header digest). */
static inline u32 ins_bhs_ahs_len(const u8 *bhs)
{
	return (u32)bhs[4] * 4;
}

static inline u32 ins_bhs_dlength(const u8 *bhs)
{
	return ins_get_be24(bhs + 5);
}

/* Bytes of padding after a data segment of @len bytes (0..3). */
static inline u32 ins_pad_len(u32 len)
{
	return (INS_PAD - (len & (INS_PAD - 1))) & (INS_PAD - 1);
}

static inline u32 ins_padded_len(u32 len)
{
	return len + ins_pad_len(len);
}

/* ------------------------------------------------------------- digests */

static inline u32 ins_crc32c_init(void)
{
	return ~0U;
}

static inline u32 ins_crc32c_update(u32 crc, const void *buf, size_t len)
{
	return ins_crc32c_raw(crc, buf, len);
}

static inline u32 ins_crc32c_final(u32 crc)
{
	return ~crc;
}

/* Feeds the zero padding that follows a data segment of @len bytes. */
u32 ins_crc32c_pad(u32 crc, u32 len);

/* Digests are sent least significant byte first. */
static inline void ins_digest_put(u8 *wire, u32 digest)
{
	ins_put_le32(wire, digest);
}

static inline u32 ins_digest_get(const u8 *wire)
{
	return ins_get_le32(wire);
}

u32 ins_hdr_digest(const u8 *bhs, const u8 *ahs, size_t ahs_len);
int ins_hdr_digest_check(const u8 *bhs, const u8 *ahs, size_t ahs_len,
			 const u8 *wire);

#endif /* INS_PDU_H */
