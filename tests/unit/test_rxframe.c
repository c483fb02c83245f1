// SPDX-License-Identifier: GPL-2.0
/*
 * The receive framer: the same PDUs whatever the split of the stream,
 * digests checked over AHS and pad bytes, errors stop it where they are.
 */
#include "ins_test.h"
#include "ins_compat.h"
#include "ins_rxframe.h"

#define STREAM_MAX	4096

struct sink {
	const u8 *in;
	u32 len, pos, chunk;
	u8 hdr[INS_RXF_HDR_MAX];
	u8 data[STREAM_MAX];
	u32 data_len;
	u32 pdus, headers;
	u8 ops[8];
	u32 dlens[8];
	int digest_errors;
	bool header_digest_error;
	int fail_header;	/* header() fails on this PDU (1-based) */
	struct ins_rxf f;
};

static int sink_take(void *ctx, void *buf, u32 len)
{
	struct sink *s = ctx;
	u32 n = s->len - s->pos;

	if (n > len)
		n = len;
	if (n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->in + s->pos, n);
	s->pos += n;
	return (int)n;
}

static int sink_header(void *ctx)
{
	struct sink *s = ctx;

	if (++s->headers == (u32)s->fail_header)
		return -EPROTO;
	return 0;
}

static int sink_data(void *ctx, u32 left)
{
	struct sink *s = ctx;
	int r = sink_take(ctx, s->data + s->data_len, left);

	if (r > 0) {
		ins_rxf_data_digest(&s->f, s->data + s->data_len, r);
		s->data_len += r;
	}
	return r;
}

static int sink_pdu(void *ctx)
{
	struct sink *s = ctx;

	if (s->pdus < 8) {
		s->ops[s->pdus] = ins_bhs_opcode(s->hdr);
		s->dlens[s->pdus] = ins_bhs_dlength(s->hdr);
	}
	s->pdus++;
	return 0;
}

static int sink_digest_error(void *ctx, bool header)
{
	struct sink *s = ctx;

	s->digest_errors++;
	s->header_digest_error = header;
	return -EBADMSG;
}

static const struct ins_rxf_ops sink_ops = {
	.take = sink_take,
	.header = sink_header,
	.data = sink_data,
	.pdu = sink_pdu,
	.digest_error = sink_digest_error,
};

/* Append a target PDU: @ahs bytes of AHS, @dlen data bytes, digests. */
static u32 put_pdu(u8 *out, u8 op, u32 ahs, const u8 *data, u32 dlen,
		   bool hd, bool dd)
{
	u32 n = 0, crc;

	memset(out, 0, INS_BHS_LEN);
	out[0] = op;
	out[1] = 0x80;
	out[4] = ahs / 4;
	ins_put_be24(out + 5, dlen);
	n = INS_BHS_LEN;
	memset(out + n, 0xa5, ahs);
	n += ahs;
	if (hd) {
		ins_digest_put(out + n, ins_hdr_digest(out, out + INS_BHS_LEN,
						       ahs));
		n += INS_DIGEST_LEN;
	}
	if (dlen)
		memcpy(out + n, data, dlen);
	n += dlen;
	/* pad bytes need not be zero: the digest covers what is there */
	memset(out + n, 0x5a, ins_pad_len(dlen));
	n += ins_pad_len(dlen);
	if (dd && dlen) {
		crc = ins_crc32c_update(ins_crc32c_init(), data, dlen);
		crc = ins_crc32c_update(crc, out + n - ins_pad_len(dlen),
					ins_pad_len(dlen));
		ins_digest_put(out + n, ins_crc32c_final(crc));
		n += INS_DIGEST_LEN;
	}
	return n;
}

static u32 three_pdus(u8 *buf, bool hd, bool dd)
{
	static const u8 msg[] = "sense or ping data, 30 bytes.";
	u8 big[1001];
	u32 n = 0, i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (u8)(i * 7);
	n += put_pdu(buf + n, INS_OP_NOP_IN, 0, NULL, 0, hd, dd);
	n += put_pdu(buf + n, INS_OP_SCSI_RSP, 8, msg, sizeof(msg), hd, dd);
	n += put_pdu(buf + n, INS_OP_DATA_IN, 0, big, sizeof(big), hd, dd);
	return n;
}

static void sink_init(struct sink *s, const u8 *in, u32 len, u32 chunk)
{
	memset(s, 0, sizeof(*s));
	s->in = in;
	s->len = len;
	s->chunk = chunk;
	ins_rxf_init(&s->f, &sink_ops, s, s->hdr);
}

/* Run the framer as a receive path would: until the bytes run out. */
static int sink_run(struct sink *s, bool hd, bool dd)
{
	int r;

	do {
		r = ins_rxf_run(&s->f, hd, dd, 100);
	} while (r > 0);
	return r;
}

static void any_split_same_pdus(void)
{
	static u8 buf[STREAM_MAX];
	static const u32 chunks[] = { 1, 3, 47, 48, 49, 512, STREAM_MAX };
	struct sink s;
	u32 len, c, d;

	for (d = 0; d < 4; d++) {
		bool hd = d & 1, dd = d & 2;

		len = three_pdus(buf, hd, dd);
		for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
			sink_init(&s, buf, len, chunks[c]);
			CHECK_EQ(sink_run(&s, hd, dd), 0);
			CHECK_EQ(s.pos, len);
			CHECK_EQ(s.pdus, 3);
			CHECK_EQ(s.digest_errors, 0);
			CHECK_EQ(s.ops[0], INS_OP_NOP_IN);
			CHECK_EQ(s.ops[1], INS_OP_SCSI_RSP);
			CHECK_EQ(s.ops[2], INS_OP_DATA_IN);
			CHECK_EQ(s.dlens[2], 1001);
			CHECK_EQ(s.data_len, 30 + 1001);
			CHECK_EQ(s.data[30 + 1000], (u8)(1000 * 7));
			CHECK_EQ(s.f.stage, INS_RXF_BHS);
		}
	}
}

static void header_digest_covers_ahs(void)
{
	static u8 buf[STREAM_MAX];
	struct sink s;
	u32 len = three_pdus(buf, true, false);

	/* a byte of the second PDU's AHS */
	buf[INS_BHS_LEN + INS_DIGEST_LEN + INS_BHS_LEN + 3] ^= 1;
	sink_init(&s, buf, len, 7);
	CHECK_EQ(sink_run(&s, true, false), -EBADMSG);
	CHECK(s.header_digest_error);
	CHECK_EQ(s.pdus, 1);
	/* nothing of the bad header was acted on */
	CHECK_EQ(s.headers, 1);
}

static void data_digest_covers_pad(void)
{
	static u8 buf[STREAM_MAX];
	struct sink s;
	u32 len = three_pdus(buf, false, true);
	/* the second PDU's 2 pad bytes follow its 30 data bytes */
	u32 pad_at = INS_BHS_LEN + INS_BHS_LEN + 8 + 30;

	buf[pad_at] ^= 0x80;
	sink_init(&s, buf, len, 5);
	CHECK_EQ(sink_run(&s, false, true), -EBADMSG);
	CHECK(!s.header_digest_error);
	CHECK_EQ(s.pdus, 1);
	CHECK_EQ(s.headers, 2);
}

static void header_error_stops(void)
{
	static u8 buf[STREAM_MAX];
	struct sink s;
	u32 len = three_pdus(buf, true, true);

	sink_init(&s, buf, len, STREAM_MAX);
	s.fail_header = 2;
	CHECK_EQ(sink_run(&s, true, true), -EPROTO);
	CHECK_EQ(s.pdus, 1);
	/* it stopped at the header: no byte of its data was taken */
	CHECK_EQ(s.data_len, 0);
	/* a reset starts over at a BHS, as a new connection does */
	ins_rxf_reset(&s.f);
	CHECK_EQ(s.f.stage, INS_RXF_BHS);
	CHECK_EQ(s.f.want, INS_BHS_LEN);
}

static void empty_pdu_counts(void)
{
	u8 buf[INS_BHS_LEN];
	struct sink s;

	put_pdu(buf, INS_OP_NOP_IN, 0, NULL, 0, false, false);
	sink_init(&s, buf, sizeof(buf), 64);
	/* a run that ended a PDU reports progress even for 48 bytes */
	CHECK(ins_rxf_run(&s.f, false, false, 1 << 20) > INS_BHS_LEN);
	CHECK_EQ(s.pdus, 1);
	CHECK_EQ(ins_rxf_run(&s.f, false, false, 1 << 20), 0);
}

static bool refuse(void *ctx)
{
	(void)ctx;
	return false;
}

static void may_go_on_stops_after_bhs(void)
{
	static u8 buf[STREAM_MAX];
	struct ins_rxf_ops ops = sink_ops;
	struct sink s;
	u32 len = three_pdus(buf, false, false);

	sink_init(&s, buf, len, STREAM_MAX);
	ops.may_go_on = refuse;
	s.f.ops = &ops;
	CHECK_EQ(ins_rxf_run(&s.f, false, false, 1 << 20), INS_BHS_LEN);
	CHECK_EQ(s.f.stage, INS_RXF_AHS);
	CHECK_EQ(s.headers, 0);
	/* the owner that may go on resumes where it stopped */
	s.f.ops = &sink_ops;
	CHECK_EQ(sink_run(&s, false, false), 0);
	CHECK_EQ(s.pdus, 3);
}

const struct ins_test ins_tests_rxframe[] = {
	TEST(any_split_same_pdus),
	TEST(header_digest_covers_ahs),
	TEST(data_digest_covers_pad),
	TEST(header_error_stops),
	TEST(empty_pdu_counts),
	TEST(may_go_on_stops_after_bhs),
	TEST_END
};
