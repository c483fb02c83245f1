// SPDX-License-Identifier: GPL-2.0
/*
 * Initiator login state machine (RFC 7143 sections 6.3, 12).
 *
 * The exchange follows what open-iscsi does, so targets see a familiar
 * login:
 *   security:    names + AuthMethod (T=1, NSG=1)
 *                [CHAP_A=5 (T=0)]  [CHAP_N, CHAP_R (+CHAP_I, CHAP_C) (T=1)]
 *   operational: all operational keys (T=1, NSG=3), then only our answers
 *                to the target's offers, until it moves to full feature.
 */
#include "ins_compat.h"
#include "ins_login.h"

void ins_login_cfg_init(struct ins_login_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	ins_offer_default(&cfg->offer);
}

static int copy_str(char *dst, size_t size, const char *src, u32 len)
{
	if (len >= size || memchr(src, '\0', len))
		return -EINVAL;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

static bool list_has(const struct ins_kv *kv, const char *item)
{
	size_t n = strlen(item);
	u32 i = 0;

	while (i < kv->val_len) {
		u32 start = i;

		while (i < kv->val_len && kv->val[i] != ',')
			i++;
		if (i - start == n && !memcmp(kv->val + start, item, n))
			return true;
		i++;
	}
	return false;
}

/**
 * ins_login_cfg_absorb() - learn a login configuration from a Login PDU
 * @cfg: configuration to update
 * @bhs: the Login Request BHS (INS_BHS_LEN bytes)
 * @data: its data segment
 * @len: data segment length
 *
 * Called for each Login Request that iscsid sends through the module, so
 * that the module can log in the same way by itself after a connection
 * failure.  Secrets never appear in PDUs; the caller sets them.
 *
 * Return: 0, -EPROTO for a malformed PDU, -EINVAL for a value that does
 * not fit @cfg.
 */
int ins_login_cfg_absorb(struct ins_login_cfg *cfg, const u8 *bhs,
			 const char *data, u32 len)
{
	struct ins_login_req req;
	struct ins_text_iter it;
	struct ins_kv kv;
	int ret;

	ret = ins_bhs_decode_login_req(bhs, INS_BHS_LEN, &req);
	if (ret)
		return ret;
	ret = ins_text_validate(data, len, 0);
	if (ret)
		return ret;
	memcpy(cfg->isid, req.isid, INS_ISID_LEN);
	cfg->tsih = req.tsih;
	cfg->cid = req.cid;
	cfg->itt = req.itt;
	cfg->cmdsn = req.cmdsn;

	ins_text_iter_init(&it, data, len);
	while ((ret = ins_text_next(&it, &kv)) == 1) {
		ret = 0;
		switch (ins_key_lookup(kv.key, kv.key_len)) {
		case INS_KEY_INITIATOR_NAME:
			ret = copy_str(cfg->initiator_name,
				       sizeof(cfg->initiator_name), kv.val,
				       kv.val_len);
			break;
		case INS_KEY_INITIATOR_ALIAS:
			ret = copy_str(cfg->initiator_alias,
				       sizeof(cfg->initiator_alias), kv.val,
				       kv.val_len);
			break;
		case INS_KEY_TARGET_NAME:
			ret = copy_str(cfg->target_name,
				       sizeof(cfg->target_name), kv.val,
				       kv.val_len);
			break;
		case INS_KEY_SESSION_TYPE:
			cfg->discovery = ins_kv_val_is(&kv, "Discovery");
			break;
		case INS_KEY_AUTH_METHOD:
			cfg->chap = list_has(&kv, "CHAP");
			break;
		case INS_KEY_CHAP_N:
			ret = copy_str(cfg->username, sizeof(cfg->username),
				       kv.val, kv.val_len);
			break;
		case INS_KEY_CHAP_C:
			/* iscsid challenges the target: mutual CHAP */
			cfg->mutual = true;
			break;
		}
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	return ins_offer_parse(&cfg->offer, data, len);
}

static bool secret_len_ok(u32 len)
{
	return len >= 1 && len <= INS_CHAP_SECRET_MAX;
}

/**
 * ins_login_init() - start a login attempt
 * @l: login context
 * @cfg: configuration; must stay unchanged until the attempt ends
 * @rx: buffer collecting response text that spans several PDUs
 * @rx_size: its size (INS_LOGIN_MAX_DSL or more is sensible)
 * @rand: INS_LOGIN_RAND_LEN fresh random bytes if @cfg->mutual
 * @rand_len: bytes at @rand
 *
 * Return: 0, or -EINVAL for an incomplete configuration.
 */
int ins_login_init(struct ins_login *l, const struct ins_login_cfg *cfg,
		   char *rx, u32 rx_size, const u8 *rand, size_t rand_len)
{
	int ret;

	if (!cfg->initiator_name[0] ||
	    (!cfg->discovery && !cfg->target_name[0]) || !rx)
		return -EINVAL;
	if (cfg->chap && (!cfg->username[0] || !secret_len_ok(cfg->secret_len)))
		return -EINVAL;
	if (cfg->mutual && (!cfg->chap || !secret_len_ok(cfg->secret_in_len)))
		return -EINVAL;
	/*
	 * RFC 7143 12.1.3: one secret for both directions lets a target
	 * answer our challenge by reflecting it. Refused as a failed login.
	 */
	if (cfg->mutual && cfg->secret_len == cfg->secret_in_len &&
	    !memcmp(cfg->secret, cfg->secret_in, cfg->secret_len))
		return -EACCES;

	memset(l, 0, sizeof(*l));
	l->cfg = cfg;
	ins_nego_init(&l->nego, &cfg->offer, cfg->discovery);
	l->step = INS_LSTEP_SEC_START;
	l->rx = rx;
	l->rx_size = rx_size;
	l->tsih = cfg->tsih;
	l->exp_statsn = cfg->exp_statsn;
	if (cfg->mutual) {
		ret = ins_chap_make_challenge(rand, rand_len, &l->my_id,
					      l->my_chal, sizeof(l->my_chal));
		if (ret)
			return ret;
	}
	return 0;
}

static int add_hex(struct ins_text_buf *tb, const char *key, const u8 *bin,
		   u32 len)
{
	char hex[2 * INS_CHAP_CHALLENGE_LEN + 3];
	int n;

	n = ins_bin_encode_hex(bin, len, hex, sizeof(hex));
	if (n < 0)
		return n;
	return ins_text_add_n(tb, key, strlen(key), hex, n);
}

static int build_security(struct ins_login *l, struct ins_text_buf *tb)
{
	const struct ins_login_cfg *cfg = l->cfg;
	const char *auth;
	int ret;

	switch (l->step) {
	case INS_LSTEP_SEC_START:
		ret = ins_text_add(tb, "InitiatorName", cfg->initiator_name);
		if (!ret && cfg->initiator_alias[0])
			ret = ins_text_add(tb, "InitiatorAlias",
					   cfg->initiator_alias);
		if (!ret && !cfg->discovery)
			ret = ins_text_add(tb, "TargetName", cfg->target_name);
		if (ret)
			return ret;
		ret = ins_text_add(tb, "SessionType",
				   cfg->discovery ? "Discovery" : "Normal");
		if (ret)
			return ret;
		/* with mutual CHAP, a target that skips auth is refused */
		if (!cfg->chap)
			auth = "None";
		else
			auth = cfg->mutual ? "CHAP" : "CHAP,None";
		return ins_text_add(tb, "AuthMethod", auth);
	case INS_LSTEP_CHAP_A:
		return ins_text_add_u32(tb, "CHAP_A", INS_CHAP_A_MD5);
	case INS_LSTEP_CHAP_RSP:
		ret = ins_text_add(tb, "CHAP_N", cfg->username) ?:
		      add_hex(tb, "CHAP_R", l->chap_rsp, sizeof(l->chap_rsp));
		if (ret || !cfg->mutual)
			return ret;
		return ins_text_add_u32(tb, "CHAP_I", l->my_id) ?:
		       add_hex(tb, "CHAP_C", l->my_chal, sizeof(l->my_chal));
	default:
		return 0;
	}
}

/**
 * ins_login_build() - build the next Login Request
 * @l: login context
 * @bhs: INS_BHS_LEN bytes for the header
 * @data: buffer for the data segment
 * @size: its size
 *
 * Return: the data segment length (to be padded to 4 bytes on the wire),
 * -EINVAL if no request is due, -ENOSPC if @data is too small, -EMSGSIZE
 * if the segment would exceed INS_LOGIN_MAX_DSL, -EPROTO if the target
 * keeps the login going too long.
 */
int ins_login_build(struct ins_login *l, u8 *bhs, char *data, u32 size)
{
	const struct ins_login_cfg *cfg = l->cfg;
	struct ins_login_req req;
	struct ins_text_buf tb;
	int ret = 0;

	if (l->awaiting || l->step == INS_LSTEP_DONE ||
	    l->step == INS_LSTEP_FAILED)
		return -EINVAL;
	if (++l->rounds > INS_LOGIN_MAX_ROUNDS) {
		l->step = INS_LSTEP_FAILED;
		return -EPROTO;
	}

	memset(&req, 0, sizeof(req));
	memcpy(req.isid, cfg->isid, INS_ISID_LEN);
	req.tsih = cfg->tsih;
	req.cid = cfg->cid;
	req.itt = cfg->itt;
	req.cmdsn = cfg->cmdsn;
	req.exp_statsn = l->exp_statsn;
	req.version_max = INS_VERSION;
	req.version_min = INS_VERSION;
	ins_text_buf_init(&tb, data, size);

	if (l->cont) {
		/* empty request with T=0 fetches the rest of the response */
		req.csg = l->stage;
		goto encode;
	}

	if (l->pend_len) {
		ret = ins_text_add_raw(&tb, l->pend, l->pend_len);
		if (ret)
			return ret;
	}
	if (l->step <= INS_LSTEP_SEC_NEXT) {
		req.csg = INS_STAGE_SECURITY;
		req.nsg = INS_STAGE_OPERATIONAL;
		/* CHAP_A starts an exchange the target must finish first */
		req.transit = l->step != INS_LSTEP_CHAP_A;
		ret = build_security(l, &tb);
	} else {
		req.csg = INS_STAGE_OPERATIONAL;
		req.nsg = INS_STAGE_FULL_FEATURE;
		req.transit = true;
		if (l->step == INS_LSTEP_OP_START)
			ret = ins_nego_build_offer(&l->nego, &tb);
	}
	if (ret)
		return ret;
	if (tb.len > INS_LOGIN_MAX_DSL)
		return -EMSGSIZE;
	l->pend_len = 0;

encode:
	req.dlength = tb.len;
	ret = ins_bhs_encode_login(bhs, &req);
	if (ret)
		return ret;
	l->stage = req.csg;
	/* a continuation fetch keeps the transition asked for before */
	if (!l->cont) {
		l->req_transit = req.transit;
		l->req_nsg = req.nsg;
	}
	l->awaiting = true;
	return tb.len;
}

static int fail(struct ins_login *l, int err)
{
	l->step = INS_LSTEP_FAILED;
	ins_memzero_explicit(l->chap_rsp, sizeof(l->chap_rsp));
	ins_memzero_explicit(l->scratch, sizeof(l->scratch));
	return err;
}

static int status_error(struct ins_login *l, const char *data, u32 len)
{
	u16 status = (l->status_class << 8) | l->status_detail;
	struct ins_kv kv;

	switch (l->status_class) {
	case INS_LOGIN_CLASS_REDIRECT:
		if (!ins_text_validate(data, len, 0) &&
		    ins_text_find(data, len, "TargetAddress", &kv))
			copy_str(l->redirect, sizeof(l->redirect), kv.val,
				 kv.val_len);
		return -EREMOTE;
	case INS_LOGIN_CLASS_INITIATOR_ERR:
		if (status == INS_LOGIN_AUTH_FAILED ||
		    status == INS_LOGIN_AUTHZ_FAILED)
			return -EACCES;
		return -ECONNREFUSED;
	case INS_LOGIN_CLASS_TARGET_ERR:
		return -EAGAIN;
	default:
		return -EPROTO;
	}
}

/* The target's AuthMethod answer to our first request. */
static int recv_auth_method(struct ins_login *l, bool transit)
{
	const struct ins_login_cfg *cfg = l->cfg;
	struct ins_kv kv;

	if (!ins_text_find(l->rx, l->rx_len, "AuthMethod", &kv)) {
		/* tolerated only when no authentication was demanded */
		if (!transit || cfg->mutual)
			return -EPROTO;
		l->step = INS_LSTEP_OP_START;
		return 0;
	}
	if (ins_kv_val_is(&kv, "CHAP")) {
		if (!cfg->chap || transit)
			return -EPROTO;
		l->step = INS_LSTEP_CHAP_A;
		return 0;
	}
	if (ins_kv_val_is(&kv, "None")) {
		if (cfg->mutual)
			return -EACCES;
		l->step = transit ? INS_LSTEP_OP_START : INS_LSTEP_SEC_NEXT;
		return 0;
	}
	if (ins_kv_val_is(&kv, "Reject"))
		return -EACCES;
	return -EPROTO;
}

/* CHAP_A, CHAP_I and CHAP_C from the target: compute our CHAP_R. */
static int recv_chap_challenge(struct ins_login *l, bool transit)
{
	const struct ins_login_cfg *cfg = l->cfg;
	struct ins_kv kv;
	u32 v;
	int n;

	if (transit)
		return -EPROTO;
	if (!ins_text_find(l->rx, l->rx_len, "CHAP_A", &kv) ||
	    ins_text_parse_u32(kv.val, kv.val_len, &v) ||
	    v != INS_CHAP_A_MD5)
		return -EPROTO;
	if (!ins_text_find(l->rx, l->rx_len, "CHAP_I", &kv) ||
	    ins_text_parse_u32(kv.val, kv.val_len, &v) || v > 255)
		return -EPROTO;
	l->chap_id = v;
	if (!ins_text_find(l->rx, l->rx_len, "CHAP_C", &kv))
		return -EPROTO;
	n = ins_bin_decode(kv.val, kv.val_len, l->scratch, sizeof(l->scratch));
	if (n <= 0)
		return -EPROTO;
	/* shorter than the hash is refused (longer than 1024: -ENOSPC above) */
	if (n < INS_CHAP_CHALLENGE_MIN)
		return -EACCES;
	/* a target replaying our own challenge wants us to answer it */
	if (cfg->mutual && n == sizeof(l->my_chal) &&
	    !memcmp(l->scratch, l->my_chal, n))
		return -EACCES;
	if (ins_chap_response(l->chap_id, cfg->secret, cfg->secret_len,
			      l->scratch, n, l->chap_rsp))
		return -EINVAL;
	l->step = INS_LSTEP_CHAP_RSP;
	return 0;
}

/* The target's CHAP_N/CHAP_R in mutual CHAP. */
static int recv_chap_result(struct ins_login *l, bool transit)
{
	const struct ins_login_cfg *cfg = l->cfg;
	struct ins_kv kv;
	int n;

	if (cfg->mutual) {
		if (!ins_text_find(l->rx, l->rx_len, "CHAP_N", &kv))
			return -EACCES;
		if (cfg->username_in[0] && !ins_kv_val_is(&kv, cfg->username_in))
			return -EACCES;
		if (!ins_text_find(l->rx, l->rx_len, "CHAP_R", &kv))
			return -EACCES;
		n = ins_bin_decode(kv.val, kv.val_len, l->scratch,
				   sizeof(l->scratch));
		if (n <= 0)
			return -EACCES;
		if (ins_chap_verify(l->my_id, cfg->secret_in,
				    cfg->secret_in_len, l->my_chal,
				    sizeof(l->my_chal), l->scratch, n))
			return -EACCES;
	}
	l->step = transit ? INS_LSTEP_OP_START : INS_LSTEP_SEC_NEXT;
	return 0;
}

static int recv_segment(struct ins_login *l, const struct ins_pdu *pdu)
{
	const struct ins_pdu_login_rsp *r = &pdu->u.login_rsp;
	struct ins_text_buf pend;
	bool binding;
	u32 replied;
	int ret;

	ret = ins_text_validate(l->rx, l->rx_len, 0);
	if (ret)
		return ret;
	/* operational keys may come in any stage; answers queue in pend */
	ins_text_buf_init(&pend, l->pend, sizeof(l->pend));
	pend.len = l->pend_len;
	replied = l->nego.replied;
	ret = ins_nego_apply(&l->nego, l->rx, l->rx_len, &pend);
	l->pend_len = pend.len;
	if (ret)
		return ret;
	/* answers that set a parameter, as opposed to NotUnderstood */
	binding = l->nego.replied != replied;

	switch (l->step) {
	case INS_LSTEP_SEC_START:
		return recv_auth_method(l, r->transit);
	case INS_LSTEP_CHAP_A:
		return recv_chap_challenge(l, r->transit);
	case INS_LSTEP_CHAP_RSP:
		return recv_chap_result(l, r->transit);
	case INS_LSTEP_SEC_NEXT:
		if (r->transit)
			l->step = INS_LSTEP_OP_START;
		return 0;
	default:
		break;
	}

	if (!r->transit) {
		l->step = INS_LSTEP_OP_NEXT;
		return 0;
	}
	/*
	 * Leaving with answers unsent would leave the two sides with
	 * different parameters; unsent NotUnderstood replies change nothing.
	 */
	if (binding)
		return -EPROTO;
	l->pend_len = 0;
	if (l->cfg->tsih ? r->tsih != l->cfg->tsih : !r->tsih)
		return -EPROTO;
	ret = ins_nego_finish(&l->nego);
	if (ret)
		return ret;
	l->step = INS_LSTEP_DONE;
	return 0;
}

/**
 * ins_login_recv() - consume a Login Response
 * @l: login context
 * @pdu: the decoded BHS
 * @data: its data segment
 * @len: data segment length
 *
 * Return: INS_LOGIN_MORE (build and send the next request), INS_LOGIN_DONE
 * (full feature phase), or a negative errno as listed in ins_login.h.  The
 * attempt is over after any error.
 */
int ins_login_recv(struct ins_login *l, const struct ins_pdu *pdu,
		   const char *data, u32 len)
{
	const struct ins_pdu_login_rsp *r = &pdu->u.login_rsp;
	const struct ins_login_cfg *cfg = l->cfg;
	int ret;

	if (!l->awaiting)
		return -EINVAL;
	l->awaiting = false;
	if (pdu->opcode != INS_OP_LOGIN_RSP || len != pdu->dlength ||
	    (len && !data))
		return fail(l, -EPROTO);
	if (memcmp(r->isid, cfg->isid, INS_ISID_LEN) || pdu->itt != cfg->itt)
		return fail(l, -EPROTO);

	l->exp_statsn = pdu->statsn + 1;
	l->exp_cmdsn = pdu->exp_cmdsn;
	l->max_cmdsn = pdu->max_cmdsn;
	l->tsih = r->tsih;
	l->status_class = r->status_class;
	l->status_detail = r->status_detail;
	if (r->status_class != INS_LOGIN_CLASS_SUCCESS)
		return fail(l, status_error(l, data, len));
	if (r->version_active != INS_VERSION || r->csg != l->stage)
		return fail(l, -EPROTO);
	/* the target may only move on when asked, and only where asked */
	if (r->transit && (!l->req_transit || r->nsg != l->req_nsg))
		return fail(l, -EPROTO);

	if (len > l->rx_size - l->rx_len)
		return fail(l, -ENOSPC);
	if (len)
		memcpy(l->rx + l->rx_len, data, len);
	l->rx_len += len;
	if (r->cont) {
		l->cont = true;
		return INS_LOGIN_MORE;
	}
	l->cont = false;

	ret = recv_segment(l, pdu);
	l->rx_len = 0;
	if (ret)
		return fail(l, ret);
	if (l->step == INS_LSTEP_DONE) {
		ins_memzero_explicit(l->chap_rsp, sizeof(l->chap_rsp));
		ins_memzero_explicit(l->scratch, sizeof(l->scratch));
		return INS_LOGIN_DONE;
	}
	return INS_LOGIN_MORE;
}
