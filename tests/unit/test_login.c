// SPDX-License-Identifier: GPL-2.0
/*
 * Login state machine against a scripted target.
 */
#include "ins_test.h"
#include "ins_login.h"

#define T_BIT	0x80
#define C_BIT	0x40
#define SEC_OP	(INS_STAGE_SECURITY << 2 | INS_STAGE_OPERATIONAL)
#define OP_FFP	(INS_STAGE_OPERATIONAL << 2 | INS_STAGE_FULL_FEATURE)
#define SEC	(INS_STAGE_SECURITY << 2)
#define OP	(INS_STAGE_OPERATIONAL << 2)

static const uint8_t isid[6] = { 0x80, 0x01, 0x02, 0x03, 0x04, 0x05 };

/* secrets and CHAP vectors shared with test_chap.c (python hashlib) */
static const char tgt_chal[] = "0x101112131415161718191a1b1c1d1e1f";
static const char our_rsp[] = "0xd9191effe9a6c627095aedb012f93211";
static const char mutual_rsp[] = "0xfa8338cdd258430d1b3cf1cfdb4e51c5";

static const char op_answer[] =
	"HeaderDigest=None\0DataDigest=None\0DefaultTime2Wait=2\0"
	"DefaultTime2Retain=0\0IFMarker=No\0OFMarker=No\0"
	"ErrorRecoveryLevel=0\0InitialR2T=Yes\0ImmediateData=Yes\0"
	"MaxBurstLength=262144\0FirstBurstLength=65536\0"
	"MaxOutstandingR2T=1\0MaxConnections=1\0DataPDUInOrder=Yes\0"
	"DataSequenceInOrder=Yes\0MaxRecvDataSegmentLength=65536";

struct rig {
	struct ins_login_cfg cfg;
	struct ins_login l;
	char rx[16384];
	uint8_t bhs[48];
	char data[8192];
	int dlen;
	uint32_t statsn;
	uint8_t rand[INS_LOGIN_RAND_LEN];
};

static struct rig R;

static void rig_cfg(struct rig *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	ins_login_cfg_init(&r->cfg);
	strcpy(r->cfg.initiator_name, "iqn.2024-01.test:init");
	strcpy(r->cfg.target_name, "iqn.2024-01.test:disk");
	memcpy(r->cfg.isid, isid, 6);
	r->cfg.cid = 0;
	r->cfg.itt = 0x77;
	r->cfg.cmdsn = 1;
	r->statsn = 0x1000;
	r->rand[0] = 7;
	for (i = 0; i < 16; i++)
		r->rand[1 + i] = 0xa0 + i;
}

static void rig_chap(struct rig *r, bool mutual)
{
	r->cfg.chap = true;
	strcpy(r->cfg.username, "user");
	strcpy((char *)r->cfg.secret, "target-secret-123");
	r->cfg.secret_len = 17;
	if (mutual) {
		r->cfg.mutual = true;
		strcpy(r->cfg.username_in, "tgtuser");
		strcpy((char *)r->cfg.secret_in, "mutual-secret!");
		r->cfg.secret_in_len = 14;
	}
}

static int rig_init(struct rig *r)
{
	return ins_login_init(&r->l, &r->cfg, r->rx, sizeof(r->rx), r->rand,
			      sizeof(r->rand));
}

static int req(struct rig *r)
{
	r->dlen = ins_login_build(&r->l, r->bhs, r->data, sizeof(r->data));
	return r->dlen;
}

static bool req_has(struct rig *r, const char *key, const char *val)
{
	struct ins_kv kv;

	if (r->dlen < 0 || !ins_text_find(r->data, r->dlen, key, &kv))
		return false;
	return !val || ins_kv_val_is(&kv, val);
}

/* Sends a Login Response from the scripted target. */
static int rsp_full(struct rig *r, uint8_t flags, uint16_t tsih, uint8_t cls,
		    uint8_t det, const char *text, size_t len)
{
	uint8_t b[48];
	struct ins_pdu p;
	int ret;

	memset(b, 0, sizeof(b));
	b[0] = INS_OP_LOGIN_RSP;
	b[1] = flags;
	ins_put_be24(b + 5, len);
	memcpy(b + 8, isid, 6);
	ins_put_be16(b + 14, tsih);
	ins_put_be32(b + 16, 0x77);
	ins_put_be32(b + 24, r->statsn++);
	ins_put_be32(b + 28, 1);
	ins_put_be32(b + 32, 64);
	b[36] = cls;
	b[37] = det;
	ret = ins_bhs_decode(b, 48, INS_LOGIN_MAX_DSL, &p);
	if (ret)
		return 1000 + ret;	/* the test itself is broken */
	return ins_login_recv(&r->l, &p, text, len);
}

static int rsp(struct rig *r, uint8_t flags, const char *text, size_t len)
{
	return rsp_full(r, flags, 0, 0, 0, text, len);
}

#define RSP(r, flags, lit) rsp((r), (flags), (lit), sizeof(lit))
#define RSP_FFP(r, lit) rsp_full((r), T_BIT | OP_FFP, 9, 0, 0, (lit), \
				 sizeof(lit))

static void login_no_auth(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[0], 0x43);
	CHECK_EQ(r->bhs[1], T_BIT | SEC_OP);
	CHECK_MEM(r->bhs + 8, isid, 6);
	CHECK_EQ(ins_get_be32(r->bhs + 16), 0x77);
	CHECK_EQ(ins_bhs_dlength(r->bhs), r->dlen);
	CHECK(req_has(r, "InitiatorName", "iqn.2024-01.test:init"));
	CHECK(req_has(r, "TargetName", "iqn.2024-01.test:disk"));
	CHECK(req_has(r, "SessionType", "Normal"));
	CHECK(req_has(r, "AuthMethod", "None"));
	CHECK(!req_has(r, "InitiatorAlias", NULL));
	CHECK_EQ(ins_text_validate(r->data, r->dlen, 0), 0);
	/* nothing to build while a response is awaited */
	CHECK_EQ(ins_login_build(&r->l, r->bhs, r->data, sizeof(r->data)),
		 -EINVAL);

	CHECK_EQ(RSP(r, T_BIT | SEC_OP,
		     "AuthMethod=None\0TargetPortalGroupTag=1"), INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[1], T_BIT | OP_FFP);
	CHECK_EQ(ins_get_be32(r->bhs + 28), 0x1001);	/* ExpStatSN */
	CHECK(req_has(r, "MaxRecvDataSegmentLength", "262144"));
	CHECK(req_has(r, "ErrorRecoveryLevel", "0"));

	CHECK_EQ(RSP_FFP(r, op_answer), INS_LOGIN_DONE);
	CHECK_EQ(r->l.step, INS_LSTEP_DONE);
	CHECK_EQ(r->l.tsih, 9);
	CHECK_EQ(r->l.exp_statsn, 0x1002);
	CHECK_EQ(r->l.exp_cmdsn, 1);
	CHECK_EQ(r->l.max_cmdsn, 64);
	CHECK(r->l.nego.result.tpgt_valid);
	CHECK_EQ(r->l.nego.result.max_xmit_dsl, 65536);
	CHECK(r->l.nego.result.initial_r2t);
	/* finished: nothing more to send or receive */
	CHECK_EQ(ins_login_build(&r->l, r->bhs, r->data, sizeof(r->data)),
		 -EINVAL);
}

static void login_chap(void)
{
	struct rig *r = &R;
	char c[128];
	size_t n;

	rig_cfg(r);
	rig_chap(r, false);
	CHECK_EQ(rig_init(r), 0);
	CHECK(req(r) > 0);
	CHECK(req_has(r, "AuthMethod", "CHAP,None"));
	CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), INS_LOGIN_MORE);

	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[1], SEC);		/* T=0 while choosing CHAP_A */
	CHECK(req_has(r, "CHAP_A", "5"));

	n = sprintf(c, "CHAP_A=5%cCHAP_I=42%cCHAP_C=%s", 0, 0, tgt_chal) + 1;
	CHECK_EQ(rsp(r, SEC, c, n), INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[1], T_BIT | SEC_OP);
	CHECK(req_has(r, "CHAP_N", "user"));
	CHECK(req_has(r, "CHAP_R", our_rsp));
	CHECK(!req_has(r, "CHAP_C", NULL));

	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "TargetPortalGroupTag=1"),
		 INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[1], T_BIT | OP_FFP);
	CHECK_EQ(RSP_FFP(r, op_answer), INS_LOGIN_DONE);
}

static void login_chap_base64_challenge(void)
{
	struct rig *r = &R;
	static const char c[] = "CHAP_A=5\0CHAP_I=42\0"
				"CHAP_C=0bEBESExQVFhcYGRobHB0eHw==";

	rig_cfg(r);
	rig_chap(r, false);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(RSP(r, SEC, c), INS_LOGIN_MORE);
	req(r);
	CHECK(req_has(r, "CHAP_R", our_rsp));
}

/* Runs a mutual CHAP login up to the target's CHAP_N/CHAP_R. */
static int mutual_upto_result(struct rig *r)
{
	char c[128];
	size_t n;
	int ret;

	rig_cfg(r);
	rig_chap(r, true);
	ret = rig_init(r);
	if (ret)
		return ret;
	req(r);
	if (!req_has(r, "AuthMethod", "CHAP"))
		return -1000;
	ret = RSP(r, SEC, "AuthMethod=CHAP");
	if (ret != INS_LOGIN_MORE)
		return ret;
	req(r);
	n = sprintf(c, "CHAP_A=5%cCHAP_I=42%cCHAP_C=%s", 0, 0, tgt_chal) + 1;
	ret = rsp(r, SEC, c, n);
	if (ret != INS_LOGIN_MORE)
		return ret;
	return req(r) > 0 ? 0 : -1001;
}

static void login_mutual_chap(void)
{
	struct rig *r = &R;
	char c[128];
	size_t n;

	CHECK_EQ(mutual_upto_result(r), 0);
	CHECK(req_has(r, "CHAP_R", our_rsp));
	CHECK(req_has(r, "CHAP_I", "7"));
	CHECK(req_has(r, "CHAP_C", "0xa0a1a2a3a4a5a6a7a8a9aaabacadaeaf"));
	n = sprintf(c, "CHAP_N=tgtuser%cCHAP_R=%s", 0, mutual_rsp) + 1;
	CHECK_EQ(rsp(r, T_BIT | SEC_OP, c, n), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(RSP_FFP(r, op_answer), INS_LOGIN_DONE);
}

static void login_mutual_chap_failures(void)
{
	struct rig *r = &R;
	char c[128];
	size_t n;

	CHECK_EQ(mutual_upto_result(r), 0);
	n = sprintf(c, "CHAP_N=tgtuser%cCHAP_R=0xfa8338cdd258430d1b3cf1cfdb4e51c6",
		    0) + 1;
	CHECK_EQ(rsp(r, T_BIT | SEC_OP, c, n), -EACCES);
	CHECK_EQ(r->l.step, INS_LSTEP_FAILED);

	CHECK_EQ(mutual_upto_result(r), 0);
	n = sprintf(c, "CHAP_N=other%cCHAP_R=%s", 0, mutual_rsp) + 1;
	CHECK_EQ(rsp(r, T_BIT | SEC_OP, c, n), -EACCES);

	CHECK_EQ(mutual_upto_result(r), 0);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "CHAP_N=tgtuser"), -EACCES);

	CHECK_EQ(mutual_upto_result(r), 0);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "TargetPortalGroupTag=1"), -EACCES);

	CHECK_EQ(mutual_upto_result(r), 0);
	n = sprintf(c, "CHAP_N=tgtuser%cCHAP_R=0xfa83", 0) + 1;
	CHECK_EQ(rsp(r, T_BIT | SEC_OP, c, n), -EACCES);

	/* any target name accepted when none is configured */
	CHECK_EQ(mutual_upto_result(r), 0);
	r->cfg.username_in[0] = '\0';
	n = sprintf(c, "CHAP_N=whoever%cCHAP_R=%s", 0, mutual_rsp) + 1;
	CHECK_EQ(rsp(r, T_BIT | SEC_OP, c, n), INS_LOGIN_MORE);
}

static void login_mutual_target_skips_auth(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	rig_chap(r, true);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), -EACCES);
}

/* A target that sends our own challenge back wants us to answer it. */
static void login_mutual_reflection(void)
{
	struct rig *r = &R;
	static const char c[] = "CHAP_A=5\0CHAP_I=7\0"
				"CHAP_C=0xa0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

	rig_cfg(r);
	rig_chap(r, true);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(RSP(r, SEC, c), -EACCES);
}

static void login_chap_bad_challenge(void)
{
#define SEG(lit) { (lit), sizeof(lit) }
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		SEG("CHAP_A=7\0CHAP_I=1\0CHAP_C=0x01"),
		SEG("CHAP_A=5\0CHAP_I=256\0CHAP_C=0x01"),
		SEG("CHAP_A=5\0CHAP_C=0x01\0X=1"),
		SEG("CHAP_A=5\0CHAP_I=1\0CHAP_C=zz"),
		SEG("CHAP_A=5\0CHAP_I=1\0X=1"),
	};
#undef SEG
	struct rig *r = &R;
	size_t i;

	for (i = 0; i < 5; i++) {
		rig_cfg(r);
		rig_chap(r, false);
		CHECK_EQ(rig_init(r), 0);
		req(r);
		CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), INS_LOGIN_MORE);
		req(r);
		CHECK_EQ(rsp(r, SEC, bad[i].s, bad[i].len), -EPROTO);
	}
	/* transit while CHAP is unfinished */
	rig_cfg(r);
	rig_chap(r, false);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=CHAP"), -EPROTO);
}

/* RFC 7143 12.1.3: challenges shorter than the hash are refused */
static void login_chap_challenge_length(void)
{
	static const char c15[] = "CHAP_A=5\0CHAP_I=1\0"
				  "CHAP_C=0x101112131415161718191a1b1c1d1e";
	static char c1024[2200];
	struct rig *r = &R;
	size_t n;

	rig_cfg(r);
	rig_chap(r, false);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(rsp(r, SEC, c15, sizeof(c15)), -EACCES);

	/* 1024 bytes, the longest allowed, is answered */
	n = sprintf(c1024, "CHAP_A=5%cCHAP_I=1%cCHAP_C=0x", 0, 0);
	memset(c1024 + n, 'e', 2048);
	n += 2048;
	c1024[n++] = '\0';
	rig_cfg(r);
	rig_chap(r, false);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(rsp(r, SEC, c1024, n), INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK(req_has(r, "CHAP_N", "user"));
}

/* RFC 7143 12.1.3: one secret for both directions is refused */
static void login_mutual_same_secret(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	rig_chap(r, true);
	memcpy(r->cfg.secret_in, r->cfg.secret, r->cfg.secret_len);
	r->cfg.secret_in_len = r->cfg.secret_len;
	CHECK_EQ(rig_init(r), -EACCES);
	/* one byte apart is two secrets */
	r->cfg.secret_in[0] ^= 1;
	CHECK_EQ(rig_init(r), 0);
}

static void login_auth_method_answers(void)
{
	struct rig *r = &R;

	/* CHAP chosen though we did not offer it */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=CHAP"), -EPROTO);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=Reject"), -EACCES);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=SRP"), -EPROTO);
	/* None without transit: ask again to leave the stage */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, SEC, "AuthMethod=None"), INS_LOGIN_MORE);
	CHECK_EQ(req(r), 0);
	CHECK_EQ(r->bhs[1], T_BIT | SEC_OP);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "TargetAlias=x"), INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[1], T_BIT | OP_FFP);
}

/* A response split over the C bit, mid-pair. */
static void login_continue(void)
{
	struct rig *r = &R;
	size_t half = 100;

	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(rsp(r, C_BIT | OP, op_answer, half), INS_LOGIN_MORE);
	/* an empty request with T=0 fetches the rest */
	CHECK_EQ(req(r), 0);
	CHECK_EQ(r->bhs[1], OP);
	CHECK_EQ(rsp_full(r, T_BIT | OP_FFP, 9, 0, 0, op_answer + half,
			  sizeof(op_answer) - half), INS_LOGIN_DONE);
	CHECK_EQ(r->l.nego.result.max_xmit_dsl, 65536);
}

/* The target offers keys: we answer them before full feature phase. */
static void login_target_offer(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	r->cfg.offer.markers = false;
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), INS_LOGIN_MORE);
	req(r);
	CHECK(!req_has(r, "OFMarker", NULL));
	CHECK_EQ(RSP(r, OP, "MaxBurstLength=262144\0X-vendor.k=1\0"
		     "OFMarker=Yes"), INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK_EQ(r->bhs[1], T_BIT | OP_FFP);
	CHECK(req_has(r, "X-vendor.k", "NotUnderstood"));
	CHECK(req_has(r, "OFMarker", "No"));
	CHECK(!req_has(r, "MaxBurstLength", NULL));	/* answer, not offer */
	CHECK_EQ(RSP(r, OP, "DefaultTime2Wait=10"), INS_LOGIN_MORE);
	/* nothing left to say: an empty request asking for FFP */
	CHECK_EQ(req(r), 0);
	CHECK_EQ(r->bhs[1], T_BIT | OP_FFP);
	CHECK_EQ(RSP_FFP(r, "MaxRecvDataSegmentLength=8192"), INS_LOGIN_DONE);
	CHECK_EQ(r->l.nego.result.default_time2wait, 10);
	CHECK_EQ(r->l.nego.result.max_burst, 262144);
}

static void login_transit_with_pending_answer(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	r->cfg.offer.markers = false;
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(RSP_FFP(r, "IFMarker=Yes"), -EPROTO);

	/* an unanswered unknown key changes no parameter: tolerated */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(RSP_FFP(r, "X-foo=1"), INS_LOGIN_DONE);
}

/* Keys the target offered in the security stage are not offered again. */
static void login_no_double_offer(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "DataDigest=None\0AuthMethod=None"),
		 INS_LOGIN_MORE);
	CHECK(req(r) > 0);
	CHECK_EQ(ins_text_validate(r->data, r->dlen, 0), 0);
	CHECK(req_has(r, "DataDigest", "None"));
	CHECK(req_has(r, "HeaderDigest", "None"));
	CHECK_EQ(RSP_FFP(r, "HeaderDigest=None"), INS_LOGIN_DONE);
}

static void login_status_errors(void)
{
	static const char redir[] = "TargetAddress=192.0.2.1:3260,1";
	struct rig *r = &R;

	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp_full(r, 0, 0, 2, 1, NULL, 0), -EACCES);
	CHECK_EQ(r->l.status_class, 2);
	CHECK_EQ(r->l.status_detail, 1);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp_full(r, 0, 0, 2, 2, NULL, 0), -EACCES);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp_full(r, 0, 0, 2, 3, NULL, 0), -ECONNREFUSED);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp_full(r, 0, 0, 3, 1, NULL, 0), -EAGAIN);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp_full(r, 0, 0, 1, 1, redir, sizeof(redir)), -EREMOTE);
	CHECK_STR(r->l.redirect, "192.0.2.1:3260,1");
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp_full(r, 0, 0, 9, 0, NULL, 0), -EPROTO);
}

static void login_protocol_errors(void)
{
	struct rig *r = &R;
	struct ins_pdu p;
	uint8_t b[48];

	/* wrong stage in the response */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, OP, "AuthMethod=None"), -EPROTO);
	/* NSG other than asked */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC << 0 | 3, "AuthMethod=None"), -EPROTO);
	/* final response without a TSIH for a new session */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	RSP(r, T_BIT | SEC_OP, "AuthMethod=None");
	req(r);
	CHECK_EQ(RSP(r, T_BIT | OP_FFP, "MaxBurstLength=4096"), -EPROTO);
	/* malformed text */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(rsp(r, T_BIT | SEC_OP, "AuthMethod=None", 15), -EPROTO);
	/* a response that is not a Login Response */
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	memset(b, 0, 48);
	b[0] = INS_OP_NOP_IN;
	b[1] = 0x80;
	memset(b + 16, 0xff, 8);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(ins_login_recv(&r->l, &p, NULL, 0), -EPROTO);
	/* not awaiting anything */
	CHECK_EQ(ins_login_recv(&r->l, &p, NULL, 0), -EINVAL);
}

static void login_wrong_isid_itt(void)
{
	struct rig *r = &R;
	struct ins_pdu p;
	uint8_t b[48];

	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	memset(b, 0, 48);
	b[0] = INS_OP_LOGIN_RSP;
	b[1] = T_BIT | SEC_OP;
	memcpy(b + 8, isid, 6);
	b[13] ^= 1;
	ins_put_be32(b + 16, 0x77);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(ins_login_recv(&r->l, &p, NULL, 0), -EPROTO);
	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	b[13] ^= 1;
	ins_put_be32(b + 16, 0x78);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(ins_login_recv(&r->l, &p, NULL, 0), -EPROTO);
}

static void login_rx_overflow(void)
{
	struct rig *r = &R;
	char big[4000];

	memset(big, 'a', sizeof(big));
	rig_cfg(r);
	CHECK_EQ(ins_login_init(&r->l, &r->cfg, r->rx, 5000, NULL, 0), 0);
	req(r);
	CHECK_EQ(rsp(r, C_BIT | SEC, big, sizeof(big)), INS_LOGIN_MORE);
	req(r);
	CHECK_EQ(rsp(r, C_BIT | SEC, big, sizeof(big)), -ENOSPC);
}

/* A target that never lets the login end. */
static void login_endless(void)
{
	struct rig *r = &R;
	int i, ret = 0;

	rig_cfg(r);
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), INS_LOGIN_MORE);
	for (i = 0; i < 100; i++) {
		ret = req(r);
		if (ret < 0)
			break;
		CHECK_EQ(rsp(r, OP, NULL, 0), INS_LOGIN_MORE);
	}
	CHECK_EQ(ret, -EPROTO);
	CHECK(i < INS_LOGIN_MAX_ROUNDS);
}

static void login_discovery(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	r->cfg.discovery = true;
	r->cfg.target_name[0] = '\0';
	strcpy(r->cfg.initiator_alias, "host1");
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK(req_has(r, "SessionType", "Discovery"));
	CHECK(req_has(r, "InitiatorAlias", "host1"));
	CHECK(!req_has(r, "TargetName", NULL));
	CHECK_EQ(RSP(r, T_BIT | SEC_OP, "AuthMethod=None"), INS_LOGIN_MORE);
	req(r);
	CHECK(!req_has(r, "MaxBurstLength", NULL));
	CHECK_EQ(RSP_FFP(r, "HeaderDigest=None\0DataDigest=None"),
		 INS_LOGIN_DONE);
}

static void login_reinstate_tsih(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	r->cfg.tsih = 9;
	CHECK_EQ(rig_init(r), 0);
	req(r);
	CHECK_EQ(ins_get_be16(r->bhs + 14), 9);
	RSP(r, T_BIT | SEC_OP, "AuthMethod=None");
	req(r);
	CHECK_EQ(rsp_full(r, T_BIT | OP_FFP, 8, 0, 0, op_answer,
			  sizeof(op_answer)), -EPROTO);
}

static void login_init_checks(void)
{
	struct rig *r = &R;

	rig_cfg(r);
	r->cfg.initiator_name[0] = '\0';
	CHECK_EQ(rig_init(r), -EINVAL);
	rig_cfg(r);
	r->cfg.target_name[0] = '\0';
	CHECK_EQ(rig_init(r), -EINVAL);
	rig_cfg(r);
	rig_chap(r, false);
	r->cfg.secret_len = 0;
	CHECK_EQ(rig_init(r), -EINVAL);
	r->cfg.secret_len = 257;
	CHECK_EQ(rig_init(r), -EINVAL);
	r->cfg.secret_len = 256;
	CHECK_EQ(rig_init(r), 0);
	r->cfg.username[0] = '\0';
	CHECK_EQ(rig_init(r), -EINVAL);
	rig_cfg(r);
	rig_chap(r, true);
	r->cfg.secret_in_len = 0;
	CHECK_EQ(rig_init(r), -EINVAL);
	rig_cfg(r);
	rig_chap(r, true);
	CHECK_EQ(ins_login_init(&r->l, &r->cfg, r->rx, sizeof(r->rx), r->rand,
				4), -EINVAL);
	rig_cfg(r);
	r->cfg.mutual = true;			/* mutual without CHAP */
	r->cfg.secret_in_len = 4;
	CHECK_EQ(rig_init(r), -EINVAL);
}

/* Learning a login from the PDU iscsid sends, then replaying it. */
static void cfg_absorb(void)
{
	static const char seg[] =
		"InitiatorName=iqn.1993-08.org.debian:01:abc\0"
		"InitiatorAlias=host\0TargetName=iqn.2003-01.org.x:disk1\0"
		"SessionType=Normal\0AuthMethod=CHAP,None\0"
		"HeaderDigest=CRC32C\0MaxRecvDataSegmentLength=131072";
	static const char chap[] = "CHAP_N=alice\0CHAP_I=1\0CHAP_C=0x0102";
	struct ins_login_req lr = {
		.isid = { 0x00, 0x02, 0x3d, 0x00, 0x00, 0x01 },
		.cid = 3, .itt = 0x10, .cmdsn = 5, .dlength = sizeof(seg),
		.csg = INS_STAGE_SECURITY, .nsg = INS_STAGE_OPERATIONAL,
		.transit = true,
	};
	struct ins_login_cfg cfg;
	uint8_t bhs[48];

	CHECK_EQ(ins_bhs_encode_login(bhs, &lr), 0);
	ins_login_cfg_init(&cfg);
	CHECK_EQ(ins_login_cfg_absorb(&cfg, bhs, seg, sizeof(seg)), 0);
	CHECK_STR(cfg.initiator_name, "iqn.1993-08.org.debian:01:abc");
	CHECK_STR(cfg.initiator_alias, "host");
	CHECK_STR(cfg.target_name, "iqn.2003-01.org.x:disk1");
	CHECK(!cfg.discovery);
	CHECK(cfg.chap);
	CHECK(!cfg.mutual);
	CHECK_MEM(cfg.isid, lr.isid, 6);
	CHECK_EQ(cfg.cid, 3);
	CHECK_EQ(cfg.itt, 0x10);
	CHECK_EQ(cfg.cmdsn, 5);
	CHECK_EQ(cfg.offer.header_digest, INS_DIGEST_OFFER_CRC32C);
	CHECK_EQ(cfg.offer.p.max_recv_dsl, 131072);

	/* later PDUs of the same login carry CHAP_N / CHAP_C */
	CHECK_EQ(ins_login_cfg_absorb(&cfg, bhs, chap, sizeof(chap)), 0);
	CHECK_STR(cfg.username, "alice");
	CHECK(cfg.mutual);

	/* not a login request */
	bhs[0] = INS_OP_TEXT_REQ;
	CHECK_EQ(ins_login_cfg_absorb(&cfg, bhs, seg, sizeof(seg)), -EPROTO);
	bhs[0] = 0x43;
	CHECK_EQ(ins_login_cfg_absorb(&cfg, bhs, seg, sizeof(seg) - 1),
		 -EPROTO);
}

const struct ins_test ins_tests_login[] = {
	TEST(login_no_auth),
	TEST(login_chap),
	TEST(login_chap_base64_challenge),
	TEST(login_mutual_chap),
	TEST(login_mutual_chap_failures),
	TEST(login_mutual_target_skips_auth),
	TEST(login_mutual_reflection),
	TEST(login_chap_bad_challenge),
	TEST(login_chap_challenge_length),
	TEST(login_mutual_same_secret),
	TEST(login_auth_method_answers),
	TEST(login_continue),
	TEST(login_target_offer),
	TEST(login_transit_with_pending_answer),
	TEST(login_no_double_offer),
	TEST(login_status_errors),
	TEST(login_protocol_errors),
	TEST(login_wrong_isid_itt),
	TEST(login_rx_overflow),
	TEST(login_endless),
	TEST(login_discovery),
	TEST(login_reinstate_tsih),
	TEST(login_init_checks),
	TEST(cfg_absorb),
	TEST_END
};
