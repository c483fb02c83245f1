// SPDX-License-Identifier: GPL-2.0
/*
 * Operational key negotiation, initiator side (RFC 7143 section 13).
 */
#include "ins_test.h"
#include "ins_text.h"

static char reply_buf[1024];
static struct ins_text_buf reply;

/* A normal-session negotiation with the open-iscsi default offer sent. */
static void start(struct ins_nego *n, struct ins_offer *o)
{
	static char buf[1024];
	struct ins_text_buf tb;

	ins_nego_init(n, o, false);
	ins_text_buf_init(&tb, buf, sizeof(buf));
	ins_nego_build_offer(n, &tb);
	ins_text_buf_init(&reply, reply_buf, sizeof(reply_buf));
}

static int apply(struct ins_nego *n, const char *seg, size_t len)
{
	return ins_nego_apply(n, seg, len, &reply);
}

#define APPLY(n, lit) apply((n), (lit), sizeof(lit))

/* One key answered, everything else from the default offer. */
static int answer(const char *seg, size_t len, struct ins_params *out)
{
	struct ins_offer o;
	struct ins_nego n;
	int ret;

	ins_offer_default(&o);
	start(&n, &o);
	ret = apply(&n, seg, len);
	if (out)
		*out = n.result;
	return ret;
}

#define ANSWER(lit, out) answer((lit), sizeof(lit), (out))

static void rfc_defaults(void)
{
	struct ins_params p;

	ins_params_default(&p);
	CHECK(!p.header_digest);
	CHECK(!p.data_digest);
	CHECK_EQ(p.max_connections, 1);
	CHECK(p.initial_r2t);
	CHECK(p.immediate_data);
	CHECK_EQ(p.max_recv_dsl, 8192);
	CHECK_EQ(p.max_xmit_dsl, 8192);
	CHECK_EQ(p.max_burst, 262144);
	CHECK_EQ(p.first_burst, 65536);
	CHECK_EQ(p.default_time2wait, 2);
	CHECK_EQ(p.default_time2retain, 20);
	CHECK_EQ(p.max_outstanding_r2t, 1);
	CHECK(p.data_pdu_in_order);
	CHECK(p.data_seq_in_order);
	CHECK_EQ(p.erl, 0);
	CHECK(!p.tpgt_valid);
}

static void offer_text(void)
{
	static const char expect[] =
		"HeaderDigest=None\0DataDigest=None\0DefaultTime2Wait=2\0"
		"DefaultTime2Retain=0\0IFMarker=No\0OFMarker=No\0"
		"ErrorRecoveryLevel=0\0InitialR2T=No\0ImmediateData=Yes\0"
		"MaxBurstLength=16776192\0FirstBurstLength=262144\0"
		"MaxOutstandingR2T=1\0MaxConnections=1\0DataPDUInOrder=Yes\0"
		"DataSequenceInOrder=Yes\0MaxRecvDataSegmentLength=262144";
	struct ins_offer o;
	struct ins_nego n;
	char buf[1024];
	struct ins_text_buf tb;

	ins_offer_default(&o);
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_nego_build_offer(&n, &tb), 0);
	CHECK_EQ(tb.len, sizeof(expect));
	CHECK_MEM(buf, expect, sizeof(expect));
	/* our declaration holds at once */
	CHECK_EQ(n.result.max_recv_dsl, 262144);
	CHECK(!(n.offered & INS_KEY_BIT(INS_KEY_MAX_RECV_DSL)));
	CHECK(n.offered & INS_KEY_BIT(INS_KEY_MAX_BURST));

	/* digest lists */
	o.header_digest = INS_DIGEST_OFFER_CRC32C_NONE;
	o.data_digest = INS_DIGEST_OFFER_NONE_CRC32C;
	o.markers = false;
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_nego_build_offer(&n, &tb), 0);
	CHECK_STR(buf, "HeaderDigest=CRC32C,None");
	CHECK_STR(buf + 25, "DataDigest=None,CRC32C");
	CHECK_EQ(ins_text_find(buf, tb.len, "IFMarker", &(struct ins_kv){ 0 }),
		 0);
}

static void offer_discovery(void)
{
	static const char expect[] = "HeaderDigest=None\0DataDigest=None\0"
				     "MaxRecvDataSegmentLength=262144";
	struct ins_offer o;
	struct ins_nego n;
	char buf[256];
	struct ins_text_buf tb;

	ins_offer_default(&o);
	ins_nego_init(&n, &o, true);
	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_nego_build_offer(&n, &tb), 0);
	CHECK_EQ(tb.len, sizeof(expect));
	CHECK_MEM(buf, expect, sizeof(expect));
}

static void offer_invalid(void)
{
	struct ins_offer o;
	struct ins_nego n;
	char buf[1024];
	struct ins_text_buf tb;

	ins_offer_default(&o);
	o.p.first_burst = o.p.max_burst + 1;
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_nego_build_offer(&n, &tb), -EINVAL);
	ins_offer_default(&o);
	o.p.max_recv_dsl = 511;
	ins_nego_init(&n, &o, false);
	CHECK_EQ(ins_nego_build_offer(&n, &tb), -EINVAL);
	ins_offer_default(&o);
	o.p.max_outstanding_r2t = 0;
	ins_nego_init(&n, &o, false);
	CHECK_EQ(ins_nego_build_offer(&n, &tb), -EINVAL);
	ins_offer_default(&o);
	o.header_digest = 9;
	ins_nego_init(&n, &o, false);
	CHECK_EQ(ins_nego_build_offer(&n, &tb), -EINVAL);
	/* too small a buffer */
	ins_offer_default(&o);
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&tb, buf, 100);
	CHECK_EQ(ins_nego_build_offer(&n, &tb), -ENOSPC);
}

/* What LIO answers to open-iscsi's default offer. */
static void typical_target_answer(void)
{
	static const char rsp[] =
		"HeaderDigest=None\0DataDigest=None\0DefaultTime2Wait=2\0"
		"DefaultTime2Retain=0\0IFMarker=No\0OFMarker=No\0"
		"ErrorRecoveryLevel=0\0InitialR2T=Yes\0ImmediateData=Yes\0"
		"MaxBurstLength=262144\0FirstBurstLength=65536\0"
		"MaxOutstandingR2T=1\0MaxConnections=1\0DataPDUInOrder=Yes\0"
		"DataSequenceInOrder=Yes\0MaxRecvDataSegmentLength=8192\0"
		"TargetPortalGroupTag=1";
	struct ins_offer o;
	struct ins_nego n;

	ins_offer_default(&o);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, rsp), 0);
	CHECK_EQ(reply.len, 0);
	CHECK_EQ(n.offered, 0);
	CHECK_EQ(ins_nego_finish(&n), 0);
	CHECK(n.result.initial_r2t);
	CHECK(n.result.immediate_data);
	CHECK_EQ(n.result.max_burst, 262144);
	CHECK_EQ(n.result.first_burst, 65536);
	CHECK_EQ(n.result.default_time2retain, 0);
	CHECK_EQ(n.result.max_recv_dsl, 262144);
	CHECK_EQ(n.result.max_xmit_dsl, 8192);
	CHECK(n.result.tpgt_valid);
	CHECK_EQ(n.result.tpgt, 1);
}

static void rule_digest(void)
{
	struct ins_offer o;
	struct ins_nego n;
	struct ins_params p;

	CHECK_EQ(ANSWER("HeaderDigest=CRC32C", NULL), -EPROTO);
	CHECK_EQ(ANSWER("HeaderDigest=None", &p), 0);
	CHECK(!p.header_digest);
	CHECK_EQ(ANSWER("DataDigest=MD5", NULL), -EPROTO);
	CHECK_EQ(ANSWER("DataDigest=None,CRC32C", NULL), -EPROTO);
	CHECK_EQ(ANSWER("DataDigest=NotUnderstood", NULL), -EPROTO);

	ins_offer_default(&o);
	o.header_digest = INS_DIGEST_OFFER_CRC32C_NONE;
	o.data_digest = INS_DIGEST_OFFER_CRC32C;
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "HeaderDigest=CRC32C\0DataDigest=CRC32C"), 0);
	CHECK(n.result.header_digest);
	CHECK(n.result.data_digest);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "HeaderDigest=None"), 0);
	CHECK(!n.result.header_digest);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "DataDigest=None"), -EPROTO);
}

static void rule_max_connections(void)
{
	struct ins_params p;

	CHECK_EQ(ANSWER("MaxConnections=1", &p), 0);
	CHECK_EQ(ANSWER("MaxConnections=2", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxConnections=0", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxConnections=65536", NULL), -EPROTO);
}

static void rule_initial_r2t_or(void)
{
	struct ins_offer o;
	struct ins_nego n;
	struct ins_params p;

	/* we offer No: Yes or No are both legal results of OR */
	CHECK_EQ(ANSWER("InitialR2T=Yes", &p), 0);
	CHECK(p.initial_r2t);
	CHECK_EQ(ANSWER("InitialR2T=No", &p), 0);
	CHECK(!p.initial_r2t);
	CHECK_EQ(ANSWER("InitialR2T=yes", NULL), -EPROTO);
	ins_offer_default(&o);
	o.p.initial_r2t = true;
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "InitialR2T=No"), -EPROTO);
}

static void rule_immediate_data_and(void)
{
	struct ins_offer o;
	struct ins_nego n;
	struct ins_params p;

	CHECK_EQ(ANSWER("ImmediateData=No", &p), 0);
	CHECK(!p.immediate_data);
	ins_offer_default(&o);
	o.p.immediate_data = false;
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "ImmediateData=Yes"), -EPROTO);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "ImmediateData=No"), 0);
}

static void rule_bursts_min(void)
{
	struct ins_params p;

	CHECK_EQ(ANSWER("MaxBurstLength=65536", &p), 0);
	CHECK_EQ(p.max_burst, 65536);
	CHECK_EQ(ANSWER("MaxBurstLength=16776193", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxBurstLength=511", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxBurstLength=0x8000", &p), 0);
	CHECK_EQ(p.max_burst, 0x8000);
	CHECK_EQ(ANSWER("FirstBurstLength=262145", NULL), -EPROTO);
	CHECK_EQ(ANSWER("FirstBurstLength=512", &p), 0);
	CHECK_EQ(p.first_burst, 512);
	CHECK_EQ(ANSWER("FirstBurstLength=abc", NULL), -EPROTO);
	CHECK_EQ(ANSWER("FirstBurstLength=", NULL), -EPROTO);
}

static void rule_time2wait_max(void)
{
	struct ins_params p;

	CHECK_EQ(ANSWER("DefaultTime2Wait=1", NULL), -EPROTO);
	CHECK_EQ(ANSWER("DefaultTime2Wait=3600", &p), 0);
	CHECK_EQ(p.default_time2wait, 3600);
	CHECK_EQ(ANSWER("DefaultTime2Wait=3601", NULL), -EPROTO);
}

static void rule_time2retain_min(void)
{
	struct ins_offer o;
	struct ins_nego n;

	CHECK_EQ(ANSWER("DefaultTime2Retain=0", NULL), 0);
	CHECK_EQ(ANSWER("DefaultTime2Retain=20", NULL), -EPROTO);
	ins_offer_default(&o);
	o.p.default_time2retain = 20;
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "DefaultTime2Retain=10"), 0);
	CHECK_EQ(n.result.default_time2retain, 10);
}

static void rule_max_r2t_min(void)
{
	struct ins_offer o;
	struct ins_nego n;

	CHECK_EQ(ANSWER("MaxOutstandingR2T=0", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxOutstandingR2T=2", NULL), -EPROTO);
	ins_offer_default(&o);
	o.p.max_outstanding_r2t = 16;
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxOutstandingR2T=4"), 0);
	CHECK_EQ(n.result.max_outstanding_r2t, 4);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxOutstandingR2T=65536"), -EPROTO);
}

static void rule_in_order_or(void)
{
	struct ins_offer o;
	struct ins_nego n;

	CHECK_EQ(ANSWER("DataPDUInOrder=No", NULL), -EPROTO);
	CHECK_EQ(ANSWER("DataSequenceInOrder=No", NULL), -EPROTO);
	CHECK_EQ(ANSWER("DataPDUInOrder=Yes", NULL), 0);
	ins_offer_default(&o);
	o.p.data_seq_in_order = false;
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "DataSequenceInOrder=Yes"), 0);
	CHECK(n.result.data_seq_in_order);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "DataSequenceInOrder=No"), 0);
	CHECK(!n.result.data_seq_in_order);
}

static void rule_erl_min(void)
{
	CHECK_EQ(ANSWER("ErrorRecoveryLevel=0", NULL), 0);
	CHECK_EQ(ANSWER("ErrorRecoveryLevel=1", NULL), -EPROTO);
	CHECK_EQ(ANSWER("ErrorRecoveryLevel=3", NULL), -EPROTO);
}

static void rule_markers(void)
{
	CHECK_EQ(ANSWER("IFMarker=No", NULL), 0);
	CHECK_EQ(ANSWER("IFMarker=Yes", NULL), -EPROTO);
	/* RFC 7143 targets no longer know markers */
	CHECK_EQ(ANSWER("IFMarker=NotUnderstood\0OFMarker=Reject", NULL), 0);
	CHECK_EQ(ANSWER("OFMarker=Irrelevant", NULL), 0);
}

static void special_answers(void)
{
	struct ins_params p;

	CHECK_EQ(ANSWER("MaxBurstLength=NotUnderstood", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxBurstLength=Reject", NULL), -EPROTO);
	/* Irrelevant: the RFC default stays in force */
	CHECK_EQ(ANSWER("FirstBurstLength=Irrelevant", &p), 0);
	CHECK_EQ(p.first_burst, 65536);
}

static void target_declarations(void)
{
	struct ins_offer o;
	struct ins_nego n;
	struct ins_params p;

	CHECK_EQ(ANSWER("MaxRecvDataSegmentLength=511", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxRecvDataSegmentLength=16777216", NULL), -EPROTO);
	CHECK_EQ(ANSWER("MaxRecvDataSegmentLength=16777215", &p), 0);
	CHECK_EQ(p.max_xmit_dsl, 16777215);
	CHECK_EQ(p.max_recv_dsl, 262144);	/* ours, untouched */
	CHECK_EQ(ANSWER("TargetPortalGroupTag=65536", NULL), -EPROTO);
	CHECK_EQ(ANSWER("TargetPortalGroupTag=x", NULL), -EPROTO);
	CHECK_EQ(ANSWER("TargetAlias=disk\0TargetAddress=10.0.2.1:3260,1",
			&p), 0);

	/* a declaration may repeat only unchanged, across PDUs */
	ins_offer_default(&o);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "TargetPortalGroupTag=3"), 0);
	CHECK_EQ(APPLY(&n, "TargetPortalGroupTag=3"), 0);
	CHECK_EQ(APPLY(&n, "TargetPortalGroupTag=4"), -EPROTO);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxRecvDataSegmentLength=65536"), 0);
	CHECK_EQ(APPLY(&n, "MaxRecvDataSegmentLength=8192"), -EPROTO);
}

static void target_forbidden_keys(void)
{
	CHECK_EQ(ANSWER("InitiatorName=iqn.x", NULL), -EPROTO);
	CHECK_EQ(ANSWER("SessionType=Normal", NULL), -EPROTO);
	CHECK_EQ(ANSWER("InitiatorAlias=x", NULL), -EPROTO);
}

static void renegotiation(void)
{
	struct ins_offer o;
	struct ins_nego n;

	ins_offer_default(&o);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=65536"), 0);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=65536"), -EPROTO);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=65536\0MaxBurstLength=4096"),
		 -EPROTO);
	/* malformed segments never reach the rules */
	start(&n, &o);
	CHECK_EQ(apply(&n, "MaxBurstLength=65536", 20), -EPROTO);
}

/* Keys the target offers on its own: we answer by the key's rule. */
static void target_offers(void)
{
	static const char expect[] =
		"MaxBurstLength=65536\0DefaultTime2Wait=5\0InitialR2T=Yes\0"
		"ImmediateData=No\0HeaderDigest=None\0"
		"X-com.example.Foo=NotUnderstood\0DataPDUInOrder=Yes\0"
		"ErrorRecoveryLevel=0\0MaxConnections=1";
	static const char offers[] =
		"MaxBurstLength=65536\0DefaultTime2Wait=5\0InitialR2T=Yes\0"
		"ImmediateData=No\0HeaderDigest=CRC32C,None\0"
		"X-com.example.Foo=bar\0DataPDUInOrder=No\0"
		"ErrorRecoveryLevel=2\0MaxConnections=8\0"
		"X-ignored=NotUnderstood";
	struct ins_offer o;
	struct ins_nego n;

	ins_offer_default(&o);
	ins_nego_init(&n, &o, false);	/* nothing offered yet */
	ins_text_buf_init(&reply, reply_buf, sizeof(reply_buf));
	CHECK_EQ(APPLY(&n, offers), 0);
	CHECK_EQ(reply.len, sizeof(expect));
	CHECK_MEM(reply_buf, expect, sizeof(expect));
	CHECK_EQ(n.result.max_burst, 65536);
	CHECK_EQ(n.result.default_time2wait, 5);
	CHECK(n.result.initial_r2t);
	CHECK(!n.result.immediate_data);
	CHECK(!n.result.header_digest);
	CHECK(n.result.data_pdu_in_order);
	CHECK_EQ(n.result.erl, 0);
	CHECK(n.replied & INS_KEY_BIT(INS_KEY_MAX_BURST));
	/* and the target may not renegotiate them */
	CHECK_EQ(APPLY(&n, "MaxBurstLength=4096"), -EPROTO);
}

static void target_offers_digest_choice(void)
{
	struct ins_offer o;
	struct ins_nego n;

	ins_offer_default(&o);
	o.header_digest = INS_DIGEST_OFFER_CRC32C_NONE;
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&reply, reply_buf, sizeof(reply_buf));
	/* the offerer's order decides among values we accept */
	CHECK_EQ(APPLY(&n, "HeaderDigest=None,CRC32C"), 0);
	CHECK_STR(reply_buf, "HeaderDigest=None");
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&reply, reply_buf, sizeof(reply_buf));
	CHECK_EQ(APPLY(&n, "HeaderDigest=Foo,CRC32C"), 0);
	CHECK_STR(reply_buf, "HeaderDigest=CRC32C");
	CHECK(n.result.header_digest);
	o.header_digest = INS_DIGEST_OFFER_CRC32C;
	ins_nego_init(&n, &o, false);
	CHECK_EQ(APPLY(&n, "HeaderDigest=None"), -EPROTO);
	ins_nego_init(&n, &o, false);
	CHECK_EQ(APPLY(&n, "HeaderDigest="), -EPROTO);
}

static void target_offers_invalid(void)
{
	struct ins_offer o;
	struct ins_nego n;
	char small[8];
	struct ins_text_buf tb;

	ins_offer_default(&o);
	ins_nego_init(&n, &o, false);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=100"), -EPROTO);
	ins_nego_init(&n, &o, false);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=Irrelevant"), -EPROTO);
	ins_nego_init(&n, &o, false);
	CHECK_EQ(APPLY(&n, "InitialR2T=Maybe"), -EPROTO);
	ins_nego_init(&n, &o, false);
	CHECK_EQ(ins_nego_apply(&n, "MaxBurstLength=4096", 20, NULL),
		 -ENOSPC);
	ins_nego_init(&n, &o, false);
	ins_text_buf_init(&tb, small, sizeof(small));
	CHECK_EQ(ins_nego_apply(&n, "X-long-key=1", 13, &tb), -ENOSPC);
}

static void finish_bursts(void)
{
	struct ins_offer o;
	struct ins_nego n;

	ins_offer_default(&o);
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=1024\0FirstBurstLength=4096"), 0);
	CHECK_EQ(ins_nego_finish(&n), -EPROTO);
	/* a default FirstBurstLength is clamped instead */
	start(&n, &o);
	CHECK_EQ(APPLY(&n, "MaxBurstLength=1024"), 0);
	CHECK_EQ(ins_nego_finish(&n), 0);
	CHECK_EQ(n.result.first_burst, 1024);
	CHECK_EQ(n.offered, 0);
	/* unanswered offers keep the RFC default */
	CHECK(n.result.initial_r2t);
}

static void learn_offer(void)
{
	static const char seg[] =
		"InitiatorName=iqn.2004-10.com.ubuntu:01:abc\0"
		"HeaderDigest=CRC32C,None\0DataDigest=None\0"
		"MaxRecvDataSegmentLength=65536\0MaxBurstLength=1048576\0"
		"FirstBurstLength=65536\0InitialR2T=Yes\0ImmediateData=No\0"
		"DefaultTime2Retain=5\0MaxOutstandingR2T=4\0"
		"ErrorRecoveryLevel=0";
	struct ins_offer o;

	ins_offer_default(&o);
	CHECK_EQ(ins_offer_parse(&o, seg, sizeof(seg)), 0);
	CHECK_EQ(o.header_digest, INS_DIGEST_OFFER_CRC32C_NONE);
	CHECK_EQ(o.data_digest, INS_DIGEST_OFFER_NONE);
	CHECK_EQ(o.p.max_recv_dsl, 65536);
	CHECK_EQ(o.p.max_burst, 1048576);
	CHECK_EQ(o.p.first_burst, 65536);
	CHECK(o.p.initial_r2t);
	CHECK(!o.p.immediate_data);
	CHECK_EQ(o.p.default_time2retain, 5);
	CHECK_EQ(o.p.max_outstanding_r2t, 4);
	CHECK_EQ(ins_offer_parse(&o, "HeaderDigest=MD5", 17), -EINVAL);
	CHECK_EQ(ins_offer_parse(&o, "MaxBurstLength=1", 17), -EINVAL);
	CHECK_EQ(ins_offer_parse(&o, "MaxBurstLength=1", 16), -EPROTO);
}

const struct ins_test ins_tests_nego[] = {
	TEST(rfc_defaults),
	TEST(offer_text),
	TEST(offer_discovery),
	TEST(offer_invalid),
	TEST(typical_target_answer),
	TEST(rule_digest),
	TEST(rule_max_connections),
	TEST(rule_initial_r2t_or),
	TEST(rule_immediate_data_and),
	TEST(rule_bursts_min),
	TEST(rule_time2wait_max),
	TEST(rule_time2retain_min),
	TEST(rule_max_r2t_min),
	TEST(rule_in_order_or),
	TEST(rule_erl_min),
	TEST(rule_markers),
	TEST(special_answers),
	TEST(target_declarations),
	TEST(target_forbidden_keys),
	TEST(renegotiation),
	TEST(target_offers),
	TEST(target_offers_digest_choice),
	TEST(target_offers_invalid),
	TEST(finish_bursts),
	TEST(learn_offer),
	TEST_END
};
