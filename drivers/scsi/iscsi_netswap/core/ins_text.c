// SPDX-License-Identifier: GPL-2.0
/*
 * iSCSI text key=value segments and the initiator side of
 * operational parameter negotiation (RFC 7143 sections 6 and 13).
 */
#include "ins_compat.h"
#include "ins_text.h"

/*
 * Without duplicates allowed, each key is compared with every earlier one;
 * a cap keeps that quadratic check cheap on hostile input.  Real login
 * segments have a few dozen keys.
 */
#define INS_TEXT_MAX_PAIRS	256

static const char * const ins_key_names[INS_KEY_COUNT] = {
	[INS_KEY_HEADER_DIGEST] = "HeaderDigest",
	[INS_KEY_DATA_DIGEST] = "DataDigest",
	[INS_KEY_MAX_CONNECTIONS] = "MaxConnections",
	[INS_KEY_INITIAL_R2T] = "InitialR2T",
	[INS_KEY_IMMEDIATE_DATA] = "ImmediateData",
	[INS_KEY_MAX_RECV_DSL] = "MaxRecvDataSegmentLength",
	[INS_KEY_MAX_BURST] = "MaxBurstLength",
	[INS_KEY_FIRST_BURST] = "FirstBurstLength",
	[INS_KEY_DEFAULT_TIME2WAIT] = "DefaultTime2Wait",
	[INS_KEY_DEFAULT_TIME2RETAIN] = "DefaultTime2Retain",
	[INS_KEY_MAX_OUTSTANDING_R2T] = "MaxOutstandingR2T",
	[INS_KEY_DATA_PDU_IN_ORDER] = "DataPDUInOrder",
	[INS_KEY_DATA_SEQ_IN_ORDER] = "DataSequenceInOrder",
	[INS_KEY_ERL] = "ErrorRecoveryLevel",
	[INS_KEY_IF_MARKER] = "IFMarker",
	[INS_KEY_OF_MARKER] = "OFMarker",
	[INS_KEY_SESSION_TYPE] = "SessionType",
	[INS_KEY_TARGET_NAME] = "TargetName",
	[INS_KEY_INITIATOR_NAME] = "InitiatorName",
	[INS_KEY_TARGET_ALIAS] = "TargetAlias",
	[INS_KEY_INITIATOR_ALIAS] = "InitiatorAlias",
	[INS_KEY_TARGET_ADDRESS] = "TargetAddress",
	[INS_KEY_TPGT] = "TargetPortalGroupTag",
	[INS_KEY_AUTH_METHOD] = "AuthMethod",
	[INS_KEY_CHAP_A] = "CHAP_A",
	[INS_KEY_CHAP_I] = "CHAP_I",
	[INS_KEY_CHAP_C] = "CHAP_C",
	[INS_KEY_CHAP_N] = "CHAP_N",
	[INS_KEY_CHAP_R] = "CHAP_R",
	[INS_KEY_SEND_TARGETS] = "SendTargets",
};

int ins_key_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < INS_KEY_COUNT; i++) {
		if (strlen(ins_key_names[i]) == len &&
		    !memcmp(ins_key_names[i], name, len))
			return i;
	}
	return -ENOENT;
}

/* key-name characters of RFC 7143 section 6.1 */
static bool key_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
	       c == '@' || c == '_';
}

static bool is_large_key(const char *key, u32 len)
{
	return len == 6 && (!memcmp(key, "CHAP_C", 6) ||
			    !memcmp(key, "CHAP_R", 6));
}

/* Splits the pair at it->pos; does not move the iterator. */
static int split_pair(const struct ins_text_iter *it, struct ins_kv *kv,
		      u32 *next)
{
	const char *p = it->buf + it->pos;
	u32 left = it->len - it->pos;
	const char *nul = memchr(p, '\0', left);
	const char *eq;
	u32 i, pair_len;

	if (!nul)
		return -EPROTO;
	pair_len = nul - p;
	eq = memchr(p, '=', pair_len);
	if (!eq || eq == p)
		return -EPROTO;
	kv->key = p;
	kv->key_len = eq - p;
	kv->val = eq + 1;
	kv->val_len = pair_len - kv->key_len - 1;
	if (kv->key_len > INS_KEY_MAX)
		return -EPROTO;
	for (i = 0; i < kv->key_len; i++) {
		if (!key_char_ok(p[i]))
			return -EPROTO;
	}
	if (kv->val_len > (is_large_key(kv->key, kv->key_len) ?
			   INS_LARGE_VALUE_MAX : INS_VALUE_MAX))
		return -EPROTO;
	*next = it->pos + pair_len + 1;
	return 0;
}

int ins_text_next(struct ins_text_iter *it, struct ins_kv *kv)
{
	u32 next;
	int ret;

	if (it->pos >= it->len)
		return 0;
	ret = split_pair(it, kv, &next);
	if (ret)
		return ret;
	it->pos = next;
	return 1;
}

/**
 * ins_text_validate() - check a whole text data segment
 * @buf: the segment
 * @len: its length (DataSegmentLength, without padding)
 * @flags: INS_TEXT_ALLOW_DUP to let keys repeat
 *
 * Return: 0, or -EPROTO if a pair is malformed, the segment does not end
 * with NUL, or a key repeats.
 */
int ins_text_validate(const char *buf, u32 len, u32 flags)
{
	struct ins_text_iter it, prev;
	struct ins_kv kv, pkv;
	u32 pairs = 0;
	int ret;

	if (len == 0)
		return 0;
	if (!buf || buf[len - 1] != '\0')
		return -EPROTO;
	ins_text_iter_init(&it, buf, len);
	for (;;) {
		u32 start = it.pos;

		ret = ins_text_next(&it, &kv);
		if (ret <= 0)
			return ret;
		if (flags & INS_TEXT_ALLOW_DUP)
			continue;
		if (++pairs > INS_TEXT_MAX_PAIRS)
			return -EPROTO;
		/* earlier pairs are already known to be well formed */
		ins_text_iter_init(&prev, buf, start);
		while (ins_text_next(&prev, &pkv) == 1) {
			if (pkv.key_len == kv.key_len &&
			    !memcmp(pkv.key, kv.key, kv.key_len))
				return -EPROTO;
		}
	}
}

int ins_text_find(const char *buf, u32 len, const char *key,
		  struct ins_kv *kv)
{
	struct ins_text_iter it;

	ins_text_iter_init(&it, buf, len);
	while (ins_text_next(&it, kv) == 1) {
		if (ins_kv_is(kv, key))
			return 1;
	}
	return 0;
}

int ins_text_parse_u32(const char *val, u32 len, u32 *out)
{
	u64 v = 0;
	u32 i = 0, base = 10;

	if (len > 2 && val[0] == '0' && (val[1] == 'x' || val[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= len)
		return -EINVAL;
	for (; i < len; i++) {
		char c = val[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v * base + d;
		if (v > 0xffffffffULL)
			return -EINVAL;
	}
	*out = (u32)v;
	return 0;
}

int ins_text_parse_bool(const char *val, u32 len, bool *out)
{
	if (len == 3 && !memcmp(val, "Yes", 3)) {
		*out = true;
		return 0;
	}
	if (len == 2 && !memcmp(val, "No", 2)) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

/**
 * ins_text_add_n() - append "key=value\0" to a text buffer
 * @tb: the buffer
 * @key: key name, @key_len bytes of RFC key-name characters
 * @key_len: 1..INS_KEY_MAX
 * @val: value, @val_len bytes without NUL
 * @val_len: 0..INS_LARGE_VALUE_MAX
 *
 * Return: 0, -EINVAL for an illegal key or value, -ENOSPC if it does not
 * fit (the buffer is then left unchanged).
 */
int ins_text_add_n(struct ins_text_buf *tb, const char *key, u32 key_len,
		   const char *val, u32 val_len)
{
	u32 i, need;

	if (!key_len || key_len > INS_KEY_MAX || val_len > INS_LARGE_VALUE_MAX)
		return -EINVAL;
	for (i = 0; i < key_len; i++) {
		if (!key_char_ok(key[i]))
			return -EINVAL;
	}
	if (val_len && memchr(val, '\0', val_len))
		return -EINVAL;
	need = key_len + 1 + val_len + 1;
	if (tb->len > tb->size || tb->size - tb->len < need)
		return -ENOSPC;
	memcpy(tb->buf + tb->len, key, key_len);
	tb->buf[tb->len + key_len] = '=';
	if (val_len)
		memcpy(tb->buf + tb->len + key_len + 1, val, val_len);
	tb->buf[tb->len + need - 1] = '\0';
	tb->len += need;
	return 0;
}

int ins_text_add(struct ins_text_buf *tb, const char *key, const char *val)
{
	return ins_text_add_n(tb, key, strlen(key), val, strlen(val));
}

int ins_text_add_u32(struct ins_text_buf *tb, const char *key, u32 val)
{
	char digits[10];
	char out[10];
	int n = 0, i;

	do {
		digits[n++] = '0' + val % 10;
		val /= 10;
	} while (val);
	for (i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	return ins_text_add_n(tb, key, strlen(key), out, n);
}

int ins_text_add_bool(struct ins_text_buf *tb, const char *key, bool val)
{
	return ins_text_add(tb, key, val ? "Yes" : "No");
}

int ins_text_add_raw(struct ins_text_buf *tb, const char *seg, u32 len)
{
	if (tb->len > tb->size || tb->size - tb->len < len)
		return -ENOSPC;
	if (len)
		memcpy(tb->buf + tb->len, seg, len);
	tb->len += len;
	return 0;
}

/* ----------------------------------------------------------- negotiation */

void ins_params_default(struct ins_params *p)
{
	memset(p, 0, sizeof(*p));
	p->header_digest = false;
	p->data_digest = false;
	p->max_connections = 1;
	p->initial_r2t = true;
	p->immediate_data = true;
	p->max_recv_dsl = INS_DEF_MAX_RECV_DSL;
	p->max_xmit_dsl = INS_DEF_MAX_RECV_DSL;
	p->max_burst = INS_DEF_MAX_BURST;
	p->first_burst = INS_DEF_FIRST_BURST;
	p->default_time2wait = INS_DEF_TIME2WAIT;
	p->default_time2retain = INS_DEF_TIME2RETAIN;
	p->max_outstanding_r2t = 1;
	p->data_pdu_in_order = true;
	p->data_seq_in_order = true;
	p->erl = 0;
}

/* open-iscsi's defaults, so a login from us looks like one from iscsid. */
void ins_offer_default(struct ins_offer *o)
{
	memset(o, 0, sizeof(*o));
	o->header_digest = INS_DIGEST_OFFER_NONE;
	o->data_digest = INS_DIGEST_OFFER_NONE;
	o->markers = true;
	ins_params_default(&o->p);
	o->p.initial_r2t = false;
	o->p.immediate_data = true;
	o->p.max_recv_dsl = 262144;
	o->p.max_burst = 16776192;
	o->p.first_burst = 262144;
	o->p.default_time2wait = 2;
	o->p.default_time2retain = 0;
}

void ins_nego_init(struct ins_nego *n, const struct ins_offer *offer,
		   bool discovery)
{
	memset(n, 0, sizeof(*n));
	n->offer = *offer;
	n->discovery = discovery;
	ins_params_default(&n->result);
}

static const char *digest_offer_str(u8 d)
{
	switch (d) {
	case INS_DIGEST_OFFER_NONE:
		return "None";
	case INS_DIGEST_OFFER_CRC32C:
		return "CRC32C";
	case INS_DIGEST_OFFER_CRC32C_NONE:
		return "CRC32C,None";
	case INS_DIGEST_OFFER_NONE_CRC32C:
		return "None,CRC32C";
	default:
		return NULL;
	}
}

static bool digest_accepts(u8 d, bool crc)
{
	if (d == INS_DIGEST_OFFER_NONE)
		return !crc;
	if (d == INS_DIGEST_OFFER_CRC32C)
		return crc;
	return true;
}

static bool in_range(u32 v, u32 lo, u32 hi)
{
	return v >= lo && v <= hi;
}

static int offer_valid(const struct ins_offer *o)
{
	const struct ins_params *p = &o->p;

	if (!digest_offer_str(o->header_digest) ||
	    !digest_offer_str(o->data_digest))
		return -EINVAL;
	if (!in_range(p->max_connections, 1, INS_CONN_MAX) ||
	    !in_range(p->max_recv_dsl, INS_DSL_MIN, INS_DSL_MAX) ||
	    !in_range(p->max_burst, INS_DSL_MIN, INS_DSL_MAX) ||
	    !in_range(p->first_burst, INS_DSL_MIN, INS_DSL_MAX) ||
	    p->first_burst > p->max_burst ||
	    p->default_time2wait > INS_TIME2_MAX ||
	    p->default_time2retain > INS_TIME2_MAX ||
	    !in_range(p->max_outstanding_r2t, 1, INS_R2T_MAX))
		return -EINVAL;
	return 0;
}

static int offer_key(struct ins_nego *n, struct ins_text_buf *tb, int key,
		     u32 val, bool is_bool)
{
	int ret;

	/* settled already (the target offered it first): never twice */
	if (n->settled & INS_KEY_BIT(key))
		return 0;
	if (is_bool)
		ret = ins_text_add_bool(tb, ins_key_names[key], val);
	else
		ret = ins_text_add_u32(tb, ins_key_names[key], val);
	if (!ret)
		n->offered |= INS_KEY_BIT(key);
	return ret;
}

static int offer_digest(struct ins_nego *n, struct ins_text_buf *tb, int key,
			u8 offer)
{
	int ret;

	if (n->settled & INS_KEY_BIT(key))
		return 0;
	ret = ins_text_add(tb, ins_key_names[key], digest_offer_str(offer));
	if (!ret)
		n->offered |= INS_KEY_BIT(key);
	return ret;
}

/**
 * ins_nego_build_offer() - write our operational keys
 * @n: negotiation state
 * @tb: text buffer to append to
 *
 * Keys are written in the order open-iscsi uses, except those already
 * settled because the target offered them first (a key is never sent twice
 * in a negotiation).  MaxRecvDataSegmentLength is a declaration and takes
 * effect at once; the other keys await the target's answer.
 *
 * Return: 0, -EINVAL for an illegal offer, -ENOSPC.
 */
int ins_nego_build_offer(struct ins_nego *n, struct ins_text_buf *tb)
{
	const struct ins_offer *o = &n->offer;
	const struct ins_params *p = &o->p;
	int ret;

	ret = offer_valid(o);
	if (ret)
		return ret;
	ret = offer_digest(n, tb, INS_KEY_HEADER_DIGEST, o->header_digest) ?:
	      offer_digest(n, tb, INS_KEY_DATA_DIGEST, o->data_digest);
	if (ret)
		return ret;

	if (!n->discovery) {
		ret = offer_key(n, tb, INS_KEY_DEFAULT_TIME2WAIT,
				p->default_time2wait, false) ?:
		      offer_key(n, tb, INS_KEY_DEFAULT_TIME2RETAIN,
				p->default_time2retain, false);
		if (ret)
			return ret;
		if (o->markers) {
			ret = offer_key(n, tb, INS_KEY_IF_MARKER, 0, true) ?:
			      offer_key(n, tb, INS_KEY_OF_MARKER, 0, true);
			if (ret)
				return ret;
		}
		/* ERL0 only: no recovery within a connection or session */
		ret = offer_key(n, tb, INS_KEY_ERL, 0, false) ?:
		      offer_key(n, tb, INS_KEY_INITIAL_R2T, p->initial_r2t,
				true) ?:
		      offer_key(n, tb, INS_KEY_IMMEDIATE_DATA,
				p->immediate_data, true) ?:
		      offer_key(n, tb, INS_KEY_MAX_BURST, p->max_burst, false) ?:
		      offer_key(n, tb, INS_KEY_FIRST_BURST, p->first_burst,
				false) ?:
		      offer_key(n, tb, INS_KEY_MAX_OUTSTANDING_R2T,
				p->max_outstanding_r2t, false) ?:
		      offer_key(n, tb, INS_KEY_MAX_CONNECTIONS,
				p->max_connections, false) ?:
		      offer_key(n, tb, INS_KEY_DATA_PDU_IN_ORDER,
				p->data_pdu_in_order, true) ?:
		      offer_key(n, tb, INS_KEY_DATA_SEQ_IN_ORDER,
				p->data_seq_in_order, true);
		if (ret)
			return ret;
	}
	if (n->settled & INS_KEY_BIT(INS_KEY_MAX_RECV_DSL))
		return 0;
	ret = ins_text_add_u32(tb, "MaxRecvDataSegmentLength", p->max_recv_dsl);
	if (ret)
		return ret;
	n->result.max_recv_dsl = p->max_recv_dsl;
	n->settled |= INS_KEY_BIT(INS_KEY_MAX_RECV_DSL);
	return 0;
}

/* How each negotiated key combines offer and answer (RFC 7143 13.x). */
enum ins_rule {
	RULE_NONE,		/* not an operational key */
	RULE_DIGEST,		/* list, first acceptable */
	RULE_MIN,		/* numeric, result is the smaller */
	RULE_MAX,		/* numeric, result is the larger */
	RULE_OR,		/* boolean OR */
	RULE_AND,		/* boolean AND */
};

struct ins_key_rule {
	u8 rule;
	u32 lo;
	u32 hi;
};

static struct ins_key_rule key_rule(int key)
{
	struct ins_key_rule r = { RULE_NONE, 0, 0 };

	switch (key) {
	case INS_KEY_HEADER_DIGEST:
	case INS_KEY_DATA_DIGEST:
		r.rule = RULE_DIGEST;
		break;
	case INS_KEY_MAX_CONNECTIONS:
		r = (struct ins_key_rule){ RULE_MIN, 1, INS_CONN_MAX };
		break;
	case INS_KEY_MAX_BURST:
	case INS_KEY_FIRST_BURST:
		r = (struct ins_key_rule){ RULE_MIN, INS_DSL_MIN, INS_DSL_MAX };
		break;
	case INS_KEY_DEFAULT_TIME2WAIT:
		r = (struct ins_key_rule){ RULE_MAX, 0, INS_TIME2_MAX };
		break;
	case INS_KEY_DEFAULT_TIME2RETAIN:
		r = (struct ins_key_rule){ RULE_MIN, 0, INS_TIME2_MAX };
		break;
	case INS_KEY_MAX_OUTSTANDING_R2T:
		r = (struct ins_key_rule){ RULE_MIN, 1, INS_R2T_MAX };
		break;
	case INS_KEY_ERL:
		r = (struct ins_key_rule){ RULE_MIN, 0, 2 };
		break;
	case INS_KEY_INITIAL_R2T:
	case INS_KEY_DATA_PDU_IN_ORDER:
	case INS_KEY_DATA_SEQ_IN_ORDER:
		r.rule = RULE_OR;
		break;
	case INS_KEY_IMMEDIATE_DATA:
	case INS_KEY_IF_MARKER:
	case INS_KEY_OF_MARKER:
		r.rule = RULE_AND;
		break;
	}
	return r;
}

/* Our side of a negotiated key: the offered value (ERL and markers: 0). */
static u32 our_value(const struct ins_nego *n, int key)
{
	const struct ins_params *p = &n->offer.p;

	switch (key) {
	case INS_KEY_MAX_CONNECTIONS:
		return p->max_connections;
	case INS_KEY_INITIAL_R2T:
		return p->initial_r2t;
	case INS_KEY_IMMEDIATE_DATA:
		return p->immediate_data;
	case INS_KEY_MAX_BURST:
		return p->max_burst;
	case INS_KEY_FIRST_BURST:
		return p->first_burst;
	case INS_KEY_DEFAULT_TIME2WAIT:
		return p->default_time2wait;
	case INS_KEY_DEFAULT_TIME2RETAIN:
		return p->default_time2retain;
	case INS_KEY_MAX_OUTSTANDING_R2T:
		return p->max_outstanding_r2t;
	case INS_KEY_DATA_PDU_IN_ORDER:
		return p->data_pdu_in_order;
	case INS_KEY_DATA_SEQ_IN_ORDER:
		return p->data_seq_in_order;
	default:
		return 0;
	}
}

static void params_set(struct ins_params *p, int key, u32 v)
{
	switch (key) {
	case INS_KEY_HEADER_DIGEST:
		p->header_digest = v;
		break;
	case INS_KEY_DATA_DIGEST:
		p->data_digest = v;
		break;
	case INS_KEY_MAX_CONNECTIONS:
		p->max_connections = v;
		break;
	case INS_KEY_INITIAL_R2T:
		p->initial_r2t = v;
		break;
	case INS_KEY_IMMEDIATE_DATA:
		p->immediate_data = v;
		break;
	case INS_KEY_MAX_BURST:
		p->max_burst = v;
		break;
	case INS_KEY_FIRST_BURST:
		p->first_burst = v;
		break;
	case INS_KEY_DEFAULT_TIME2WAIT:
		p->default_time2wait = v;
		break;
	case INS_KEY_DEFAULT_TIME2RETAIN:
		p->default_time2retain = v;
		break;
	case INS_KEY_MAX_OUTSTANDING_R2T:
		p->max_outstanding_r2t = v;
		break;
	case INS_KEY_DATA_PDU_IN_ORDER:
		p->data_pdu_in_order = v;
		break;
	case INS_KEY_DATA_SEQ_IN_ORDER:
		p->data_seq_in_order = v;
		break;
	case INS_KEY_ERL:
		p->erl = v;
		break;
	}
}

static void set_result(struct ins_nego *n, int key, u32 v)
{
	params_set(&n->result, key, v);
}

static u8 digest_offer_of(const struct ins_nego *n, int key)
{
	return key == INS_KEY_HEADER_DIGEST ? n->offer.header_digest :
					      n->offer.data_digest;
}

/* Parses the value of a numeric or boolean key, checking its range. */
static int parse_value(const struct ins_kv *kv, struct ins_key_rule r,
		       u32 *v)
{
	bool b;

	if (r.rule == RULE_OR || r.rule == RULE_AND) {
		if (ins_text_parse_bool(kv->val, kv->val_len, &b))
			return -EPROTO;
		*v = b;
		return 0;
	}
	if (ins_text_parse_u32(kv->val, kv->val_len, v) ||
	    !in_range(*v, r.lo, r.hi))
		return -EPROTO;
	return 0;
}

/* The target answered a key we offered. */
static int check_answer(struct ins_nego *n, int key, const struct ins_kv *kv)
{
	struct ins_key_rule r = key_rule(key);
	u32 ours = our_value(n, key), v;
	bool marker = key == INS_KEY_IF_MARKER || key == INS_KEY_OF_MARKER;

	if (ins_kv_val_is(kv, "Irrelevant"))
		return 0;	/* unused in this session: default stays */
	/* RFC 7143 dropped markers, so a target may not know them */
	if (ins_kv_val_is(kv, "NotUnderstood") || ins_kv_val_is(kv, "Reject"))
		return marker ? 0 : -EPROTO;

	if (r.rule == RULE_DIGEST) {
		bool crc;

		if (ins_kv_val_is(kv, "CRC32C"))
			crc = true;
		else if (ins_kv_val_is(kv, "None"))
			crc = false;
		else
			return -EPROTO;
		if (!digest_accepts(digest_offer_of(n, key), crc))
			return -EPROTO;
		set_result(n, key, crc);
		return 0;
	}
	if (parse_value(kv, r, &v))
		return -EPROTO;
	switch (r.rule) {
	case RULE_MIN:
		if (v > ours)
			return -EPROTO;
		break;
	case RULE_MAX:
		if (v < ours)
			return -EPROTO;
		break;
	case RULE_OR:
		if (ours && !v)
			return -EPROTO;
		break;
	case RULE_AND:
		if (!ours && v)
			return -EPROTO;
		break;
	}
	set_result(n, key, v);
	return 0;
}

/* The target offered a key: compute our answer and record it. */
static int answer_offer(struct ins_nego *n, int key, const struct ins_kv *kv,
			struct ins_text_buf *reply)
{
	struct ins_key_rule r = key_rule(key);
	u32 ours = our_value(n, key), v, res;
	const char *name = ins_key_names[key];
	int ret;

	if (!reply)
		return -ENOSPC;
	if (ins_kv_val_is(kv, "Irrelevant") ||
	    ins_kv_val_is(kv, "NotUnderstood") || ins_kv_val_is(kv, "Reject"))
		return -EPROTO;

	if (r.rule == RULE_DIGEST) {
		u8 d = digest_offer_of(n, key);
		u32 i = 0, start;

		/* the first value of the offerer's list that we accept */
		while (i <= kv->val_len) {
			const char *tok;
			u32 tl;

			start = i;
			while (i < kv->val_len && kv->val[i] != ',')
				i++;
			tok = kv->val + start;
			tl = i - start;
			i++;
			if (tl == 6 && !memcmp(tok, "CRC32C", 6) &&
			    digest_accepts(d, true)) {
				ret = ins_text_add(reply, name, "CRC32C");
				res = 1;
				goto done;
			}
			if (tl == 4 && !memcmp(tok, "None", 4) &&
			    digest_accepts(d, false)) {
				ret = ins_text_add(reply, name, "None");
				res = 0;
				goto done;
			}
		}
		return -EPROTO;
	}

	if (parse_value(kv, r, &v))
		return -EPROTO;
	switch (r.rule) {
	case RULE_MIN:
		res = v < ours ? v : ours;
		break;
	case RULE_MAX:
		res = v > ours ? v : ours;
		break;
	case RULE_OR:
		res = v || ours;
		break;
	default:
		res = v && ours;
		break;
	}
	if (r.rule == RULE_OR || r.rule == RULE_AND)
		ret = ins_text_add_bool(reply, name, res);
	else
		ret = ins_text_add_u32(reply, name, res);
done:
	if (ret)
		return ret;
	set_result(n, key, res);
	n->replied |= INS_KEY_BIT(key);
	return 0;
}

/*
 * Our MaxRecvDataSegmentLength declaration uses the key's own bit in
 * ins_nego.settled; the target's declaration of its own uses this one.
 */
#define INS_SETTLED_XMIT_DSL	INS_KEY_BIT(INS_KEY_COUNT)

/* A declarative key may be repeated only with the same value. */
static int declare_u32(struct ins_nego *n, u32 bit, const struct ins_kv *kv,
		       u32 lo, u32 hi, u32 *field)
{
	u32 v;

	if (ins_text_parse_u32(kv->val, kv->val_len, &v) ||
	    !in_range(v, lo, hi))
		return -EPROTO;
	if ((n->settled & bit) && *field != v)
		return -EPROTO;
	*field = v;
	n->settled |= bit;
	return 0;
}

static int apply_one(struct ins_nego *n, const struct ins_kv *kv,
		     struct ins_text_buf *reply)
{
	int key = ins_key_lookup(kv->key, kv->key_len);
	u32 bit;
	int ret;

	if (key < 0) {
		/* an answer to nothing we sent is harmless; ignore it */
		if (ins_kv_val_is(kv, "NotUnderstood") ||
		    ins_kv_val_is(kv, "Irrelevant") ||
		    ins_kv_val_is(kv, "Reject"))
			return 0;
		if (!reply)
			return -ENOSPC;
		return ins_text_add_n(reply, kv->key, kv->key_len,
				      "NotUnderstood", 13);
	}
	bit = INS_KEY_BIT(key);

	switch (key) {
	case INS_KEY_SESSION_TYPE:
	case INS_KEY_INITIATOR_NAME:
	case INS_KEY_INITIATOR_ALIAS:
		return -EPROTO;		/* initiator-only declarations */
	case INS_KEY_TARGET_NAME:
	case INS_KEY_TARGET_ALIAS:
	case INS_KEY_TARGET_ADDRESS:
	case INS_KEY_SEND_TARGETS:
	case INS_KEY_AUTH_METHOD:
	case INS_KEY_CHAP_A:
	case INS_KEY_CHAP_I:
	case INS_KEY_CHAP_C:
	case INS_KEY_CHAP_N:
	case INS_KEY_CHAP_R:
		return 0;		/* the login state machine's business */
	case INS_KEY_TPGT:
		ret = declare_u32(n, bit, kv, 0, INS_TPGT_MAX, &n->result.tpgt);
		if (!ret)
			n->result.tpgt_valid = true;
		return ret;
	case INS_KEY_MAX_RECV_DSL:
		/* the target's own limit: how much we may send it */
		return declare_u32(n, INS_SETTLED_XMIT_DSL, kv, INS_DSL_MIN,
				   INS_DSL_MAX, &n->result.max_xmit_dsl);
	}

	if (n->offered & bit) {
		ret = check_answer(n, key, kv);
		if (ret)
			return ret;
		n->offered &= ~bit;
		n->settled |= bit;
		return 0;
	}
	if (n->settled & bit)
		return -EPROTO;		/* negotiated twice */
	ret = answer_offer(n, key, kv, reply);
	if (ret)
		return ret;
	n->settled |= bit;
	return 0;
}

/**
 * ins_nego_apply() - consume the keys of a target's response
 * @n: negotiation state
 * @buf: the complete response text (C-bit sequences concatenated)
 * @len: its length
 * @reply: where our answers to keys the target offered go (may be NULL if
 *	the caller knows none can come; such an offer then fails with
 *	-ENOSPC)
 *
 * Answers to our offers are checked against the key's rule; an illegal
 * answer fails the negotiation.  Keys the target offers are answered into
 * @reply, unknown keys with NotUnderstood.  Security keys are left to the
 * caller.
 *
 * Return: 0, -EPROTO for an illegal segment or answer, -ENOSPC if @reply
 * is full.
 */
int ins_nego_apply(struct ins_nego *n, const char *buf, u32 len,
		   struct ins_text_buf *reply)
{
	struct ins_text_iter it;
	struct ins_kv kv;
	int ret;

	ret = ins_text_validate(buf, len, 0);
	if (ret)
		return ret;
	ins_text_iter_init(&it, buf, len);
	while ((ret = ins_text_next(&it, &kv)) == 1) {
		ret = apply_one(n, &kv, reply);
		if (ret)
			return ret;
	}
	return ret;
}

/**
 * ins_nego_finish() - close the operational stage
 * @n: negotiation state
 *
 * Offers the target never answered keep their RFC default (the target
 * runs with it).  FirstBurstLength must not exceed MaxBurstLength: a
 * default FirstBurstLength is clamped, a negotiated one is an error.
 *
 * Return: 0 or -EPROTO.
 */
int ins_nego_finish(struct ins_nego *n)
{
	struct ins_params *p = &n->result;

	n->offered = 0;
	if (p->first_burst > p->max_burst) {
		if (n->settled & INS_KEY_BIT(INS_KEY_FIRST_BURST))
			return -EPROTO;
		p->first_burst = p->max_burst;
	}
	return 0;
}

static int parse_digest_offer(const struct ins_kv *kv, u8 *out)
{
	static const u8 all[] = {
		INS_DIGEST_OFFER_NONE, INS_DIGEST_OFFER_CRC32C,
		INS_DIGEST_OFFER_CRC32C_NONE, INS_DIGEST_OFFER_NONE_CRC32C,
	};
	unsigned int i;

	for (i = 0; i < sizeof(all); i++) {
		if (ins_kv_val_is(kv, digest_offer_str(all[i]))) {
			*out = all[i];
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * ins_offer_parse() - learn an offer from an initiator's text segment
 * @o: offer to update (keys absent from @buf are left as they are)
 * @buf: a Login Request data segment, e.g. one iscsid sent
 * @len: its length
 *
 * Return: 0, -EPROTO for a malformed segment, -EINVAL for a value we
 * cannot offer ourselves.
 */
int ins_offer_parse(struct ins_offer *o, const char *buf, u32 len)
{
	struct ins_text_iter it;
	struct ins_kv kv;
	int ret;

	ret = ins_text_validate(buf, len, 0);
	if (ret)
		return ret;
	ins_text_iter_init(&it, buf, len);
	while ((ret = ins_text_next(&it, &kv)) == 1) {
		int key = ins_key_lookup(kv.key, kv.key_len);
		struct ins_key_rule r = key_rule(key);
		struct ins_params *p = &o->p;
		u32 v;

		if (key == INS_KEY_HEADER_DIGEST || key == INS_KEY_DATA_DIGEST) {
			if (parse_digest_offer(&kv, key == INS_KEY_HEADER_DIGEST ?
					       &o->header_digest :
					       &o->data_digest))
				return -EINVAL;
			continue;
		}
		if (key == INS_KEY_MAX_RECV_DSL) {
			r = (struct ins_key_rule){ RULE_MIN, INS_DSL_MIN,
						   INS_DSL_MAX };
		} else if (key == INS_KEY_IF_MARKER ||
			   key == INS_KEY_OF_MARKER) {
			o->markers = true;
			continue;
		} else if (r.rule == RULE_NONE || key == INS_KEY_ERL) {
			continue;	/* not operational, or fixed by us */
		}
		if (parse_value(&kv, r, &v))
			return -EINVAL;
		if (key == INS_KEY_MAX_RECV_DSL)
			p->max_recv_dsl = v;
		else
			params_set(p, key, v);
	}
	return ret;
}
