/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iSCSI text keys (RFC 7143 sections 6 and 13) for Login and
 * Text PDUs, initiator side, ERL0.
 *
 * Usage summary:
 *
 * Parsing: ins_text_validate(buf, len, flags) checks a whole data segment
 * (every pair NUL-terminated, has '=', key <= 63 bytes, value <= 255 bytes
 * or 8192 for CHAP_C/CHAP_R, no duplicate key unless INS_TEXT_ALLOW_DUP).
 * Then walk it with ins_text_iter_init() + ins_text_next(), which yields
 * struct ins_kv pointing into the buffer (no copy).  The segment of a
 * sequence of PDUs with the C bit must be concatenated by the caller first.
 *
 * Building: ins_text_buf_init() over a caller buffer, then ins_text_add(),
 * ins_text_add_u32(), ins_text_add_bool(), ins_text_add_raw(); each returns
 * -ENOSPC rather than overflow, leaving the buffer unchanged.
 *
 * Negotiation: fill struct ins_offer (ins_offer_default() gives what
 * open-iscsi offers by default), ins_nego_init(), write the offer with
 * ins_nego_build_offer(), feed every response segment to ins_nego_apply()
 * (which also writes our answers to keys the target offered into a reply
 * buffer), and call ins_nego_finish() when the target leaves the stage.
 * The outcome is in nego->result (struct ins_params; RFC defaults from
 * ins_params_default()).
 */
#ifndef INS_TEXT_H
#define INS_TEXT_H

#include "ins_compat.h"

#define INS_KEY_MAX		63	/* longest key name */
#define INS_VALUE_MAX		255	/* longest simple value */
#define INS_LARGE_VALUE_MAX	8192	/* CHAP_C / CHAP_R */
#define INS_NAME_MAX		223	/* iSCSI name (RFC 7143 6.1) */

/* Limits of the numeric keys */
#define INS_DSL_MIN		512
#define INS_DSL_MAX		16777215	/* 2^24 - 1 */
#define INS_TIME2_MAX		3600
#define INS_R2T_MAX		65535
#define INS_CONN_MAX		65535
#define INS_TPGT_MAX		65535

/* RFC 7143 defaults */
#define INS_DEF_MAX_RECV_DSL	8192
#define INS_DEF_MAX_BURST	262144
#define INS_DEF_FIRST_BURST	65536
#define INS_DEF_TIME2WAIT	2
#define INS_DEF_TIME2RETAIN	20

enum ins_key {
	INS_KEY_HEADER_DIGEST,
	INS_KEY_DATA_DIGEST,
	INS_KEY_MAX_CONNECTIONS,
	INS_KEY_INITIAL_R2T,
	INS_KEY_IMMEDIATE_DATA,
	INS_KEY_MAX_RECV_DSL,
	INS_KEY_MAX_BURST,
	INS_KEY_FIRST_BURST,
	INS_KEY_DEFAULT_TIME2WAIT,
	INS_KEY_DEFAULT_TIME2RETAIN,
	INS_KEY_MAX_OUTSTANDING_R2T,
	INS_KEY_DATA_PDU_IN_ORDER,
	INS_KEY_DATA_SEQ_IN_ORDER,
	INS_KEY_ERL,
	INS_KEY_IF_MARKER,
	INS_KEY_OF_MARKER,
	INS_KEY_SESSION_TYPE,
	INS_KEY_TARGET_NAME,
	INS_KEY_INITIATOR_NAME,
	INS_KEY_TARGET_ALIAS,
	INS_KEY_INITIATOR_ALIAS,
	INS_KEY_TARGET_ADDRESS,
	INS_KEY_TPGT,
	INS_KEY_AUTH_METHOD,
	INS_KEY_CHAP_A,
	INS_KEY_CHAP_I,
	INS_KEY_CHAP_C,
	INS_KEY_CHAP_N,
	INS_KEY_CHAP_R,
	INS_KEY_SEND_TARGETS,
	INS_KEY_COUNT		/* < 31: keys and one more flag fit a u32 */
};

#define INS_KEY_BIT(k)		(1U << (k))

/* Returns the enum ins_key of @name (@len bytes), or -ENOENT. */
int ins_key_lookup(const char *name, size_t len);
/* Returns the RFC spelling of @key, or NULL. */

/* ------------------------------------------------------------- parsing */

struct ins_kv {
	const char *key;	/* not NUL-terminated at key_len */
	u32 key_len;
	const char *val;	/* NUL-terminated at val_len */
	u32 val_len;
};

struct ins_text_iter {
	const char *buf;
	u32 len;
	u32 pos;
};

/* Allow a key to appear more than once (SendTargets responses). */
#define INS_TEXT_ALLOW_DUP	0x1

int ins_text_validate(const char *buf, u32 len, u32 flags);

static inline void ins_text_iter_init(struct ins_text_iter *it,
				      const char *buf, u32 len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
}

/* Returns 1 with @kv filled, 0 at the end, -EPROTO on a malformed pair. */
int ins_text_next(struct ins_text_iter *it, struct ins_kv *kv);

/* Finds @key in a validated segment; returns 1 and fills @kv, or 0. */
int ins_text_find(const char *buf, u32 len, const char *key,
		  struct ins_kv *kv);

static inline bool ins_kv_is(const struct ins_kv *kv, const char *key)
{
	size_t n = strlen(key);

	return kv->key_len == n && !memcmp(kv->key, key, n);
}

static inline bool ins_kv_val_is(const struct ins_kv *kv, const char *val)
{
	size_t n = strlen(val);

	return kv->val_len == n && !memcmp(kv->val, val, n);
}

/* Numbers: decimal or 0x hex; returns -EINVAL if malformed or > 2^32-1. */
int ins_text_parse_u32(const char *val, u32 len, u32 *out);
/* "Yes" / "No"; returns -EINVAL otherwise. */
int ins_text_parse_bool(const char *val, u32 len, bool *out);

/* ------------------------------------------------------------ building */

struct ins_text_buf {
	char *buf;
	u32 size;
	u32 len;
};

static inline void ins_text_buf_init(struct ins_text_buf *tb, char *buf,
				     u32 size)
{
	tb->buf = buf;
	tb->size = size;
	tb->len = 0;
}

int ins_text_add_n(struct ins_text_buf *tb, const char *key, u32 key_len,
		   const char *val, u32 val_len);
int ins_text_add(struct ins_text_buf *tb, const char *key, const char *val);
int ins_text_add_u32(struct ins_text_buf *tb, const char *key, u32 val);
int ins_text_add_bool(struct ins_text_buf *tb, const char *key, bool val);
/* Appends an already built segment of pairs. */
int ins_text_add_raw(struct ins_text_buf *tb, const char *seg, u32 len);

/* --------------------------------------------------------- negotiation */

/* What we offer for HeaderDigest / DataDigest, in preference order. */
enum ins_digest_offer {
	INS_DIGEST_OFFER_NONE,		/* "None" */
	INS_DIGEST_OFFER_CRC32C,	/* "CRC32C" */
	INS_DIGEST_OFFER_CRC32C_NONE,	/* "CRC32C,None" */
	INS_DIGEST_OFFER_NONE_CRC32C,	/* "None,CRC32C" */
};

/**
 * struct ins_params - operational parameters of a session/connection
 * @header_digest: CRC32C on headers
 * @data_digest: CRC32C on data segments
 * @max_connections: MaxConnections
 * @initial_r2t: InitialR2T
 * @immediate_data: ImmediateData
 * @max_recv_dsl: MaxRecvDataSegmentLength we declared: longest data
 *	segment the target may send us
 * @max_xmit_dsl: MaxRecvDataSegmentLength the target declared: longest
 *	data segment we may send
 * @max_burst: MaxBurstLength
 * @first_burst: FirstBurstLength
 * @default_time2wait: DefaultTime2Wait (seconds)
 * @default_time2retain: DefaultTime2Retain (seconds)
 * @max_outstanding_r2t: MaxOutstandingR2T
 * @data_pdu_in_order: DataPDUInOrder
 * @data_seq_in_order: DataSequenceInOrder
 * @erl: ErrorRecoveryLevel
 * @tpgt: TargetPortalGroupTag, valid if @tpgt_valid
 * @tpgt_valid: the target declared its TargetPortalGroupTag
 */
struct ins_params {
	bool header_digest;
	bool data_digest;
	u32 max_connections;
	bool initial_r2t;
	bool immediate_data;
	u32 max_recv_dsl;
	u32 max_xmit_dsl;
	u32 max_burst;
	u32 first_burst;
	u32 default_time2wait;
	u32 default_time2retain;
	u32 max_outstanding_r2t;
	bool data_pdu_in_order;
	bool data_seq_in_order;
	u32 erl;
	u32 tpgt;
	bool tpgt_valid;
};

/* RFC 7143 defaults (what holds when a key is never negotiated). */
void ins_params_default(struct ins_params *p);

/**
 * struct ins_offer - what the initiator proposes
 * @header_digest: enum ins_digest_offer
 * @data_digest: enum ins_digest_offer
 * @markers: also send IFMarker=No / OFMarker=No (open-iscsi does)
 * @p: proposed values of the other keys; p.max_recv_dsl is our
 *	declaration; p.max_xmit_dsl, p.tpgt and p.erl are not offered
 *	(ERL is always offered as 0)
 */
struct ins_offer {
	u8 header_digest;
	u8 data_digest;
	bool markers;
	struct ins_params p;
};

void ins_offer_default(struct ins_offer *o);

/**
 * struct ins_nego - state of one operational negotiation
 * @offer: our proposal, fixed after ins_nego_init()
 * @result: the values in force; starts at the RFC defaults
 * @offered: keys we sent and still await an answer for (INS_KEY_BIT)
 * @settled: keys whose value is final (answered or declared)
 * @replied: keys the target offered and we answered
 * @discovery: a Discovery session: session-wide keys are not offered
 */
struct ins_nego {
	struct ins_offer offer;
	struct ins_params result;
	u32 offered;
	u32 settled;
	u32 replied;
	bool discovery;
};

void ins_nego_init(struct ins_nego *n, const struct ins_offer *offer,
		   bool discovery);
int ins_nego_build_offer(struct ins_nego *n, struct ins_text_buf *tb);
int ins_nego_apply(struct ins_nego *n, const char *buf, u32 len,
		   struct ins_text_buf *reply);
int ins_nego_finish(struct ins_nego *n);

/* Records into @o the operational keys found in an initiator's segment. */
int ins_offer_parse(struct ins_offer *o, const char *buf, u32 len);

#endif /* INS_TEXT_H */
