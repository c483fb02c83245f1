// SPDX-License-Identifier: GPL-2.0
/*
 * PDU codec: encoders against hand-written BHS bytes laid out from the
 * figures of RFC 7143 section 11, decoders on hand-written target PDUs,
 * and malformed input.
 */
#include <stdlib.h>
#include "ins_test.h"
#include "ins_pdu.h"
#include "ins_oracle.h"

static const uint8_t lun1[8] = { 0x00, 0x01, 0, 0, 0, 0, 0, 0 };

/* ------------------------------------------------------------ encoders */

static void enc_scsi_cmd_read10(void)
{
	static const uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 0x08, 0, 0, 0x08, 0 };
	static const uint8_t expect[48] = {
		0x01, 0xc1, 0x00, 0x00,		/* op, F|R|SIMPLE */
		0x00, 0x00, 0x00, 0x00,		/* AHS 0, DSL 0 */
		0x00, 0x01, 0, 0, 0, 0, 0, 0,	/* LUN 1 */
		0x12, 0x34, 0x56, 0x78,		/* ITT */
		0x00, 0x00, 0x10, 0x00,		/* EDTL 4096 */
		0x00, 0x00, 0x00, 0x10,		/* CmdSN */
		0x00, 0x00, 0x00, 0x20,		/* ExpStatSN */
		0x28, 0, 0, 0, 0, 0x08, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ins_scsi_cmd_req r = {
		.itt = 0x12345678, .exp_xfer_len = 4096, .cmdsn = 0x10,
		.exp_statsn = 0x20, .cdb = cdb, .cdb_len = 10,
		.attr = INS_ATTR_SIMPLE, .read = true, .final = true,
	};
	uint8_t bhs[48];

	memset(bhs, 0xee, sizeof(bhs));
	ins_lun_encode(1, r.lun);
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, NULL, 0, &r), 0);
	CHECK_MEM(bhs, expect, 48);
}

static void enc_scsi_cmd_write_immediate(void)
{
	static const uint8_t cdb[10] = { 0x2a };
	struct ins_scsi_cmd_req r = {
		.itt = 1, .exp_xfer_len = 8192, .cmdsn = 2, .exp_statsn = 3,
		.cdb = cdb, .cdb_len = 10, .dlength = 512,
		.attr = INS_ATTR_ORDERED, .write = true, .final = false,
		.immediate = true,
	};
	uint8_t bhs[48];

	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, NULL, 0, &r), 0);
	CHECK_EQ(bhs[0], 0x41);
	CHECK_EQ(bhs[1], 0x22);		/* W | ORDERED, no F */
	CHECK_EQ(bhs[4], 0);
	CHECK_EQ(bhs[5], 0x00);
	CHECK_EQ(bhs[6], 0x02);
	CHECK_EQ(bhs[7], 0x00);
	CHECK_EQ(bhs[32], 0x2a);
}

static void enc_scsi_cmd_ext_cdb(void)
{
	uint8_t cdb[32], bhs[48], ahs[INS_SCSI_CMD_AHS_MAX];
	static const uint8_t expect_ahs[20] = {
		0x00, 0x11, 0x01, 0x00,		/* AHSLength 17, type 1 */
		16, 17, 18, 19, 20, 21, 22, 23,
		24, 25, 26, 27, 28, 29, 30, 31,
	};
	struct ins_scsi_cmd_req r = {
		.itt = 1, .cdb = cdb, .cdb_len = 32, .read = true,
		.final = true,
	};
	int i;

	for (i = 0; i < 32; i++)
		cdb[i] = i;
	memset(ahs, 0xee, sizeof(ahs));
	CHECK_EQ(ins_scsi_cmd_ahs_len(32, false), 20);
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), 20);
	CHECK_EQ(bhs[4], 5);		/* TotalAHSLength in words */
	CHECK_MEM(bhs + 32, cdb, 16);
	CHECK_MEM(ahs, expect_ahs, 20);
	/* the header digest covers the AHS */
	CHECK(ins_hdr_digest(bhs, ahs, 20) != ins_hdr_digest(bhs, NULL, 0));
}

/* The transmit path keeps BHS, AHS and header digest in one buffer. */
static void enc_scsi_cmd_ext_cdb_contiguous(void)
{
	uint8_t cdb[32], hdr[48 + INS_SCSI_CMD_AHS_MAX + 4];
	struct ins_scsi_cmd_req r = {
		.itt = 0x20005, .exp_xfer_len = 512, .cdb = cdb, .cdb_len = 32,
		.read = true, .final = true, .attr = INS_ATTR_SIMPLE,
	};
	uint32_t crc;
	int ahs, i;

	for (i = 0; i < 32; i++)
		cdb[i] = 0x7f + i;
	ahs = ins_bhs_encode_scsi_cmd(hdr, hdr + 48, INS_SCSI_CMD_AHS_MAX, &r);
	CHECK_EQ(ahs, 20);
	CHECK_EQ(ins_bhs_ahs_len(hdr), 20);
	crc = ins_hdr_digest(hdr, hdr + 48, ahs);
	CHECK_EQ(crc, test_crc32c(hdr, 48 + ahs));
	ins_digest_put(hdr + 48 + ahs, crc);
	CHECK_EQ(ins_hdr_digest_check(hdr, hdr + 48, ahs, hdr + 48 + ahs), 0);
	/* a 16-byte CDB needs no AHS */
	r.cdb_len = 16;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(hdr, NULL, 0, &r), 0);
	CHECK_EQ(hdr[4], 0);
	/* a CDB longer than SCSI allows is refused */
	r.cdb_len = INS_MAX_CDB_LEN + 1;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(hdr, hdr + 48, INS_SCSI_CMD_AHS_MAX,
					 &r), -EINVAL);
}

static void enc_scsi_cmd_ext_cdb_padding(void)
{
	uint8_t cdb[17], bhs[48], ahs[16];
	static const uint8_t expect_ahs[8] = {
		0x00, 0x02, 0x01, 0x00, 0xaa, 0x00, 0x00, 0x00,
	};
	struct ins_scsi_cmd_req r = { .cdb = cdb, .cdb_len = 17 };

	memset(cdb, 0x11, sizeof(cdb));
	cdb[16] = 0xaa;
	memset(ahs, 0xee, sizeof(ahs));
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), 8);
	CHECK_EQ(bhs[4], 2);
	CHECK_MEM(ahs, expect_ahs, 8);
	/* buffer too small for the AHS */
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, 7, &r), -EINVAL);
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, NULL, 0, &r), -EINVAL);
}

static void enc_scsi_cmd_bidi(void)
{
	uint8_t cdb[16] = { 0x53 }, bhs[48], ahs[8];
	static const uint8_t expect_ahs[8] = {
		0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, 0x00,
	};
	struct ins_scsi_cmd_req r = {
		.cdb = cdb, .cdb_len = 16, .read = true, .write = true,
		.bidi_read_len = 0x10000, .final = true,
	};

	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), 8);
	CHECK_EQ(bhs[1], 0xe0);
	CHECK_EQ(bhs[4], 2);
	CHECK_MEM(ahs, expect_ahs, 8);
	CHECK_EQ(ins_scsi_cmd_ahs_len(260, true), 256);
	CHECK(ins_scsi_cmd_ahs_len(260, true) <= INS_SCSI_CMD_AHS_MAX);
}

static void enc_scsi_cmd_invalid(void)
{
	uint8_t cdb[300] = { 0 }, bhs[48], ahs[INS_SCSI_CMD_AHS_MAX];
	struct ins_scsi_cmd_req r = { .cdb = cdb, .cdb_len = 0 };

	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), -EINVAL);
	r.cdb_len = 261;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), -EINVAL);
	r.cdb_len = 260;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), 248);
	r.dlength = 0x1000000;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), -EINVAL);
	r.dlength = 0;
	r.attr = 5;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), -EINVAL);
	r.attr = 0;
	r.cdb = NULL;
	CHECK_EQ(ins_bhs_encode_scsi_cmd(bhs, ahs, sizeof(ahs), &r), -EINVAL);
}

static void enc_data_out(void)
{
	static const uint8_t expect[48] = {
		0x05, 0x80, 0x00, 0x00,
		0x00, 0x00, 0x10, 0x00,		/* DSL 4096 */
		0x00, 0x01, 0, 0, 0, 0, 0, 0,
		0x01, 0x02, 0x03, 0x04,		/* ITT */
		0xaa, 0xbb, 0xcc, 0xdd,		/* TTT */
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x07,		/* ExpStatSN */
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x03,		/* DataSN */
		0x00, 0x00, 0x20, 0x00,		/* Buffer Offset */
		0x00, 0x00, 0x00, 0x00,
	};
	struct ins_data_out_req r = {
		.itt = 0x01020304, .ttt = 0xaabbccdd, .exp_statsn = 7,
		.datasn = 3, .offset = 0x2000, .dlength = 4096, .final = true,
	};
	uint8_t bhs[48];

	memcpy(r.lun, lun1, 8);
	memset(bhs, 0xee, sizeof(bhs));
	CHECK_EQ(ins_bhs_encode_data_out(bhs, &r), 0);
	CHECK_MEM(bhs, expect, 48);
	r.final = false;
	CHECK_EQ(ins_bhs_encode_data_out(bhs, &r), 0);
	CHECK_EQ(bhs[1], 0x00);
	r.dlength = 0x1000000;
	CHECK_EQ(ins_bhs_encode_data_out(bhs, &r), -EINVAL);
}

static void enc_nop_out(void)
{
	static const uint8_t expect[48] = {
		0x40, 0x80, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x05,		/* ITT */
		0xff, 0xff, 0xff, 0xff,		/* TTT reserved */
		0x00, 0x00, 0x00, 0x09,		/* CmdSN */
		0x00, 0x00, 0x00, 0x04,		/* ExpStatSN */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ins_nop_out_req r = {
		.itt = 5, .ttt = INS_RESERVED_TAG, .cmdsn = 9,
		.exp_statsn = 4, .immediate = true,
	};
	uint8_t bhs[48];

	memset(bhs, 0xee, sizeof(bhs));
	CHECK_EQ(ins_bhs_encode_nop_out(bhs, &r), 0);
	CHECK_MEM(bhs, expect, 48);
	/* echo of a target ping */
	r.itt = INS_RESERVED_TAG;
	r.ttt = 0x1234;
	CHECK_EQ(ins_bhs_encode_nop_out(bhs, &r), 0);
	CHECK_EQ(bhs[16], 0xff);
	CHECK_EQ(bhs[23], 0x34);
	/* both tags set is not a valid NOP-Out */
	r.itt = 5;
	CHECK_EQ(ins_bhs_encode_nop_out(bhs, &r), -EINVAL);
}

static void enc_tmf(void)
{
	static const uint8_t expect[48] = {
		0x42, 0x81, 0x00, 0x00,		/* immediate, F|ABORT TASK */
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x01, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x99,		/* ITT */
		0x12, 0x34, 0x56, 0x78,		/* Referenced Task Tag */
		0x00, 0x00, 0x00, 0x30,		/* CmdSN */
		0x00, 0x00, 0x00, 0x40,		/* ExpStatSN */
		0x00, 0x00, 0x00, 0x2f,		/* RefCmdSN */
		0x00, 0x00, 0x00, 0x00,		/* ExpDataSN */
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ins_tmf_req r = {
		.itt = 0x99, .ref_itt = 0x12345678, .cmdsn = 0x30,
		.exp_statsn = 0x40, .ref_cmdsn = 0x2f,
		.function = INS_TMF_ABORT_TASK, .immediate = true,
	};
	uint8_t bhs[48];

	memcpy(r.lun, lun1, 8);
	memset(bhs, 0xee, sizeof(bhs));
	CHECK_EQ(ins_bhs_encode_tmf(bhs, &r), 0);
	CHECK_MEM(bhs, expect, 48);
	r.function = INS_TMF_LUN_RESET;
	CHECK_EQ(ins_bhs_encode_tmf(bhs, &r), 0);
	CHECK_EQ(bhs[1], 0x85);
	CHECK_EQ(ins_get_be32(bhs + 20), INS_RESERVED_TAG);
	r.function = 0;
	CHECK_EQ(ins_bhs_encode_tmf(bhs, &r), -EINVAL);
	r.function = 9;
	CHECK_EQ(ins_bhs_encode_tmf(bhs, &r), -EINVAL);
}

static void enc_login(void)
{
	static const uint8_t expect[48] = {
		0x43, 0x81, 0x00, 0x00,		/* T, CSG 0, NSG 1 */
		0x00, 0x00, 0x00, 0x64,		/* DSL 100 */
		0x80, 0x12, 0x34, 0x56, 0x78, 0x9a,	/* ISID */
		0x00, 0x00,			/* TSIH */
		0x00, 0x00, 0x00, 0x0a,		/* ITT */
		0x00, 0x01, 0x00, 0x00,		/* CID */
		0x00, 0x00, 0x00, 0x01,		/* CmdSN */
		0x00, 0x00, 0x00, 0x00,		/* ExpStatSN */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ins_login_req r = {
		.isid = { 0x80, 0x12, 0x34, 0x56, 0x78, 0x9a },
		.cid = 1, .itt = 0x0a, .cmdsn = 1, .dlength = 100,
		.csg = INS_STAGE_SECURITY, .nsg = INS_STAGE_OPERATIONAL,
		.transit = true,
	};
	struct ins_login_req back;
	uint8_t bhs[48];

	memset(bhs, 0xee, sizeof(bhs));
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), 0);
	CHECK_MEM(bhs, expect, 48);

	/* round trip through the login request decoder */
	r.tsih = 0x1234;
	r.exp_statsn = 0x55;
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), 0);
	CHECK_EQ(ins_bhs_decode_login_req(bhs, 48, &back), 0);
	CHECK_MEM(&back.isid, r.isid, 6);
	CHECK_EQ(back.tsih, 0x1234);
	CHECK_EQ(back.cid, 1);
	CHECK_EQ(back.itt, 0x0a);
	CHECK_EQ(back.cmdsn, 1);
	CHECK_EQ(back.exp_statsn, 0x55);
	CHECK_EQ(back.dlength, 100);
	CHECK(back.transit);
	CHECK(!back.cont);
	CHECK_EQ(back.csg, 0);
	CHECK_EQ(back.nsg, 1);

	r.csg = INS_STAGE_OPERATIONAL;
	r.nsg = INS_STAGE_FULL_FEATURE;
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), 0);
	CHECK_EQ(bhs[1], 0x87);
	r.transit = false;
	r.cont = true;
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), 0);
	CHECK_EQ(bhs[1], 0x44);		/* C, CSG 1, NSG not set */
}

static void enc_login_invalid(void)
{
	struct ins_login_req r = {
		.csg = INS_STAGE_SECURITY, .nsg = INS_STAGE_OPERATIONAL,
		.transit = true, .cont = true,
	};
	uint8_t bhs[48];

	CHECK_EQ(ins_bhs_encode_login(bhs, &r), -EINVAL);	/* T and C */
	r.cont = false;
	r.csg = 2;						/* reserved */
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), -EINVAL);
	r.csg = INS_STAGE_FULL_FEATURE;
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), -EINVAL);
	r.csg = INS_STAGE_OPERATIONAL;
	r.nsg = INS_STAGE_SECURITY;				/* backwards */
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), -EINVAL);
	r.nsg = 2;
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), -EINVAL);
	r.nsg = INS_STAGE_FULL_FEATURE;
	r.dlength = 0x1000000;
	CHECK_EQ(ins_bhs_encode_login(bhs, &r), -EINVAL);
}

/* Setters patch one field of a header built elsewhere, nothing else. */
static void bhs_setters(void)
{
	struct ins_nop_out_req n = {
		.itt = 0xff03, .ttt = INS_RESERVED_TAG, .cmdsn = 5,
		.exp_statsn = 6, .immediate = true,
	};
	struct ins_data_out_req d = {
		.itt = 9, .ttt = 10, .exp_statsn = 11, .datasn = 12,
		.offset = 8192, .dlength = 4096, .final = true,
	};
	uint8_t a[48], b[48];

	CHECK_EQ(ins_bhs_encode_nop_out(a, &n), 0);
	n.itt = 0x1ff03;
	n.cmdsn = 0xfffffff0;
	n.exp_statsn = 0x01020304;
	n.dlength = 0x123456;
	CHECK_EQ(ins_bhs_encode_nop_out(b, &n), 0);
	ins_bhs_set_itt(a, 0x1ff03);
	ins_bhs_set_cmdsn(a, 0xfffffff0);
	ins_bhs_set_exp_statsn(a, 0x01020304);
	ins_bhs_set_dlength(a, 0x123456);
	CHECK_MEM(a, b, 48);
	CHECK_EQ(ins_bhs_itt(a), 0x1ff03);
	CHECK_EQ(ins_bhs_dlength(a), 0x123456);
	/* Data-Out: ExpStatSN is at the same place, DataSN untouched */
	CHECK_EQ(ins_bhs_encode_data_out(a, &d), 0);
	d.exp_statsn = 77;
	CHECK_EQ(ins_bhs_encode_data_out(b, &d), 0);
	ins_bhs_set_exp_statsn(a, 77);
	CHECK_MEM(a, b, 48);
	/* the length field is 24 bits wide */
	ins_bhs_set_dlength(a, 0x1000001);
	CHECK_EQ(ins_bhs_dlength(a), 1);
	CHECK_EQ(a[4], 0);
}

static void lun_encoding(void)
{
	uint8_t l[8];
	static const uint8_t l1234[8] = { 0x12, 0x34, 0, 0, 0, 0, 0, 0 };
	static const uint8_t l2lvl[8] = { 0x00, 0x01, 0x00, 0x02, 0, 0, 0, 0 };
	static const uint8_t l4lvl[8] = {
		0xcd, 0xef, 0x89, 0xab, 0x45, 0x67, 0x01, 0x23,
	};

	ins_lun_encode(1, l);
	CHECK_MEM(l, lun1, 8);
	ins_lun_encode(0x1234, l);
	CHECK_MEM(l, l1234, 8);
	ins_lun_encode(0x00020001, l);
	CHECK_MEM(l, l2lvl, 8);
	/* four levels, the first (least significant) one first on the wire */
	ins_lun_encode(0x0123456789abcdefULL, l);
	CHECK_MEM(l, l4lvl, 8);
}

static void padding(void)
{
	CHECK_EQ(ins_pad_len(0), 0);
	CHECK_EQ(ins_pad_len(1), 3);
	CHECK_EQ(ins_pad_len(2), 2);
	CHECK_EQ(ins_pad_len(3), 1);
	CHECK_EQ(ins_pad_len(4), 0);
	CHECK_EQ(ins_padded_len(5), 8);
	CHECK_EQ(ins_padded_len(0xfffffd), 0x1000000);
}

/* ------------------------------------------------------------ decoders */

/* A target PDU header: opcode, byte 1, the common SN fields. */
static void tgt(uint8_t *b, uint8_t op, uint8_t flags, uint32_t dsl,
		uint32_t itt, uint32_t ttt)
{
	memset(b, 0, 48);
	b[0] = op;
	b[1] = flags;
	ins_put_be24(b + 5, dsl);
	ins_put_be32(b + 16, itt);
	ins_put_be32(b + 20, ttt);
	ins_put_be32(b + 24, 0x100);	/* StatSN */
	ins_put_be32(b + 28, 0x21);	/* ExpCmdSN */
	ins_put_be32(b + 32, 0x40);	/* MaxCmdSN */
}

static void dec_scsi_rsp(void)
{
	static const uint8_t b[48] = {
		0x21, 0x80, 0x00, 0x02,		/* Response 0, CHECK COND */
		0x00, 0x00, 0x00, 0x14,		/* DSL 20 */
		0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x10,		/* ITT */
		0x00, 0x00, 0x00, 0x00,		/* SNACK Tag */
		0x00, 0x00, 0x01, 0x00,		/* StatSN */
		0x00, 0x00, 0x00, 0x21,		/* ExpCmdSN */
		0x00, 0x00, 0x00, 0x40,		/* MaxCmdSN */
		0x00, 0x00, 0x00, 0x00,		/* ExpDataSN */
		0x00, 0x00, 0x00, 0x00,		/* bidi residual */
		0x00, 0x00, 0x00, 0x00,		/* residual */
	};
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_SCSI_RSP);
	CHECK(p.final);
	CHECK(p.has_status);
	CHECK_EQ(p.dlength, 20);
	CHECK_EQ(p.ahs_len, 0);
	CHECK_EQ(p.itt, 0x10);
	CHECK_EQ(p.statsn, 0x100);
	CHECK_EQ(p.exp_cmdsn, 0x21);
	CHECK_EQ(p.max_cmdsn, 0x40);
	CHECK_EQ(p.u.scsi_rsp.response, 0);
	CHECK_EQ(p.u.scsi_rsp.status, 2);
	CHECK_EQ(ins_bhs_decode(b, 48, 19, &p), -EMSGSIZE);
}

static void dec_scsi_rsp_fields(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	tgt(b, INS_OP_SCSI_RSP, 0x80 | INS_RSP_FLAG_UNDERFLOW |
	    INS_RSP_FLAG_BIDI_OVERFLOW, 0, 9, 0xabcd);
	b[2] = INS_RSP_TARGET_FAILURE;
	ins_put_be32(b + 36, 0x11);
	ins_put_be32(b + 40, 0x22);
	ins_put_be32(b + 44, 0x200);
	CHECK_EQ(ins_bhs_decode(b, 48, 0, &p), 0);
	CHECK_EQ(p.ttt, 0xabcd);		/* SNACK Tag */
	CHECK_EQ(p.u.scsi_rsp.response, 1);
	CHECK_EQ(p.u.scsi_rsp.exp_datasn, 0x11);
	CHECK_EQ(p.u.scsi_rsp.bidi_residual, 0x22);
	CHECK_EQ(p.u.scsi_rsp.residual, 0x200);
	CHECK_EQ(p.flags, 0x92);
}

static void dec_scsi_rsp_bad(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	tgt(b, INS_OP_SCSI_RSP, 0x86, 0, 1, 0);	/* O and U */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_SCSI_RSP, 0x98, 0, 1, 0);	/* o and u */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_SCSI_RSP, 0x00, 0, 1, 0);	/* no F */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_SCSI_RSP, 0x80, 1, 1, 0);	/* no room for SenseLength */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_SCSI_RSP, 0x80, 0, INS_RESERVED_TAG, 0);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_SCSI_RSP, 0x80, 0xffffff, 1, 0);
	CHECK_EQ(ins_bhs_decode(b, 48, 262144, &p), -EMSGSIZE);
}

static void sense_data(void)
{
	static const uint8_t d[8] = { 0x00, 0x04, 0x70, 0x00, 0x05, 0x00,
				      0xee, 0xee };
	const uint8_t *s;
	uint32_t n;

	CHECK_EQ(ins_scsi_rsp_sense(d, 8, &s, &n), 0);
	CHECK(s == d + 2);
	CHECK_EQ(n, 4);
	CHECK_EQ(ins_scsi_rsp_sense(d, 5, &s, &n), -EPROTO);
	CHECK_EQ(ins_scsi_rsp_sense(d, 1, &s, &n), -EPROTO);
	CHECK_EQ(ins_scsi_rsp_sense(d, 0, &s, &n), 0);
	CHECK(!s);
	CHECK_EQ(n, 0);
}

static void dec_data_in(void)
{
	static const uint8_t b[48] = {
		0x25, 0x83, 0x00, 0x00,		/* F|U|S, status GOOD */
		0x00, 0x00, 0x02, 0x00,		/* DSL 512 */
		0x00, 0x01, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x10,		/* ITT */
		0xff, 0xff, 0xff, 0xff,		/* TTT */
		0x00, 0x00, 0x01, 0x00,		/* StatSN */
		0x00, 0x00, 0x00, 0x21,
		0x00, 0x00, 0x00, 0x40,
		0x00, 0x00, 0x00, 0x02,		/* DataSN */
		0x00, 0x00, 0x04, 0x00,		/* Buffer Offset */
		0x00, 0x00, 0x01, 0x00,		/* Residual */
	};
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_DATA_IN);
	CHECK(p.has_status);
	CHECK(p.final);
	CHECK_EQ(p.dlength, 512);
	CHECK_MEM(p.lun, lun1, 8);
	CHECK_EQ(p.ttt, INS_RESERVED_TAG);
	CHECK_EQ(p.u.data_in.status, 0);
	CHECK_EQ(p.u.data_in.datasn, 2);
	CHECK_EQ(p.u.data_in.offset, 0x400);
	CHECK_EQ(p.u.data_in.residual, 0x100);
}

static void dec_data_in_flags(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	tgt(b, INS_OP_DATA_IN, 0x00, 4096, 1, INS_RESERVED_TAG);
	b[3] = 0x02;			/* ignored without S */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK(!p.has_status);
	CHECK_EQ(p.u.data_in.status, 0);
	tgt(b, INS_OP_DATA_IN, 0x01, 0, 1, 0);	/* S without F */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_DATA_IN, 0x82, 0, 1, 0);	/* U without S */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_DATA_IN, 0x87, 0, 1, 0);	/* O and U */
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_DATA_IN, 0x80, 0, INS_RESERVED_TAG, 0);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_DATA_IN, 0x80, 8193, 1, 0);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EMSGSIZE);
	tgt(b, INS_OP_DATA_IN, 0x81, 0, 1, 0);
	b[3] = 0x08;
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.u.data_in.status, 0x08);
}

static void dec_r2t(void)
{
	static const uint8_t b[48] = {
		0x31, 0x80, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x01, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x10,		/* ITT */
		0x00, 0x00, 0x00, 0x77,		/* TTT */
		0x00, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x21,
		0x00, 0x00, 0x00, 0x40,
		0x00, 0x00, 0x00, 0x01,		/* R2TSN */
		0x00, 0x00, 0x10, 0x00,		/* Buffer Offset */
		0x00, 0x00, 0x20, 0x00,		/* Desired length */
	};
	uint8_t c[48];
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_R2T);
	CHECK(!p.has_status);
	CHECK_EQ(p.ttt, 0x77);
	CHECK_EQ(p.u.r2t.r2tsn, 1);
	CHECK_EQ(p.u.r2t.offset, 0x1000);
	CHECK_EQ(p.u.r2t.desired_len, 0x2000);

	memcpy(c, b, 48);
	c[7] = 4;				/* data on an R2T */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	memcpy(c, b, 48);
	c[4] = 1;				/* AHS on an R2T */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	memcpy(c, b, 48);
	memset(c + 44, 0, 4);			/* desired length 0 */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	memcpy(c, b, 48);
	memset(c + 20, 0xff, 4);		/* reserved TTT */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	memcpy(c, b, 48);
	c[1] = 0;				/* no F */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
}

static void dec_nop_in(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	/* reply to our ping */
	tgt(b, INS_OP_NOP_IN, 0x80, 4, 5, INS_RESERVED_TAG);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK(p.has_status);
	CHECK_EQ(p.itt, 5);
	CHECK_EQ(p.dlength, 4);
	/* target ping wanting an echo */
	tgt(b, INS_OP_NOP_IN, 0x80, 0, INS_RESERVED_TAG, 0x1234);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK(!p.has_status);
	CHECK_EQ(p.ttt, 0x1234);
	/* window update only */
	tgt(b, INS_OP_NOP_IN, 0x80, 0, INS_RESERVED_TAG, INS_RESERVED_TAG);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK(!p.has_status);
	/* both tags set */
	tgt(b, INS_OP_NOP_IN, 0x80, 0, 5, 6);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_NOP_IN, 0x00, 0, 5, INS_RESERVED_TAG);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
}

static void dec_tmf_rsp(void)
{
	static const uint8_t b[48] = {
		0x22, 0x80, 0x01, 0x00,		/* task does not exist */
		0x00, 0x00, 0x00, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x99,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x21,
		0x00, 0x00, 0x00, 0x40,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint8_t c[48];
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_TMF_RSP);
	CHECK(p.has_status);
	CHECK_EQ(p.itt, 0x99);
	CHECK_EQ(p.u.tmf_rsp.response, INS_TMF_RSP_NO_TASK);
	memcpy(c, b, 48);
	c[7] = 1;
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	memcpy(c, b, 48);
	c[4] = 1;
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
}

static void dec_login_rsp(void)
{
	static const uint8_t b[48] = {
		0x23, 0x87, 0x00, 0x00,		/* T, CSG 1, NSG 3 */
		0x00, 0x00, 0x00, 0x20,
		0x80, 0x12, 0x34, 0x56, 0x78, 0x9a,	/* ISID */
		0x01, 0x02,			/* TSIH */
		0x00, 0x00, 0x00, 0x0a,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x01, 0x00,		/* StatSN */
		0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x20,
		0x00, 0x00,			/* status */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t isid[6] = { 0x80, 0x12, 0x34, 0x56, 0x78, 0x9a };
	uint8_t c[48];
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_LOGIN_RSP);
	CHECK(p.u.login_rsp.transit);
	CHECK(!p.u.login_rsp.cont);
	CHECK_EQ(p.u.login_rsp.csg, 1);
	CHECK_EQ(p.u.login_rsp.nsg, 3);
	CHECK_MEM(p.u.login_rsp.isid, isid, 6);
	CHECK_EQ(p.u.login_rsp.tsih, 0x0102);
	CHECK_EQ(p.u.login_rsp.status_class, 0);
	CHECK_EQ(p.statsn, 0x100);
	CHECK_EQ(p.dlength, 0x20);

	memcpy(c, b, 48);
	c[36] = 2;
	c[37] = 1;
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), 0);
	CHECK_EQ(p.u.login_rsp.status_class, 2);
	CHECK_EQ(p.u.login_rsp.status_detail, 1);
	memcpy(c, b, 48);
	c[1] = 0xc7;				/* T and C */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	c[1] = 0x08;				/* CSG 2 */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	c[1] = 0x84;				/* T, CSG 1, NSG 0 */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	c[1] = 0x86;				/* T, NSG 2 */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	c[1] = 0x0c;				/* CSG 3 */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
	c[1] = 0x44;				/* C, CSG 1 */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), 0);
	CHECK(p.u.login_rsp.cont);
}

static void dec_text_rsp(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	tgt(b, INS_OP_TEXT_RSP, 0x80, 100, 3, INS_RESERVED_TAG);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK(p.final);
	CHECK(!p.u.text_rsp.cont);
	CHECK(p.has_status);
	tgt(b, INS_OP_TEXT_RSP, 0x40, 100, 3, 0x55);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK(p.u.text_rsp.cont);
	CHECK_EQ(p.ttt, 0x55);
	tgt(b, INS_OP_TEXT_RSP, 0xc0, 100, 3, 0x55);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
}

static void dec_logout_rsp(void)
{
	static const uint8_t b[48] = {
		0x26, 0x80, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x07,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x21,
		0x00, 0x00, 0x00, 0x40,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x02, 0x00, 0x14,		/* Time2Wait, Time2Retain */
		0x00, 0x00, 0x00, 0x00,
	};
	uint8_t c[48];
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_LOGOUT_RSP);
	CHECK_EQ(p.u.logout_rsp.response, INS_LOGOUT_RSP_OK);
	CHECK_EQ(p.u.logout_rsp.time2wait, 2);
	CHECK_EQ(p.u.logout_rsp.time2retain, 20);
	memcpy(c, b, 48);
	c[7] = 8;
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
}

static void dec_async(void)
{
	static const uint8_t b[48] = {
		0x32, 0x80, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x01, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0xff, 0xff,
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x21,
		0x00, 0x00, 0x00, 0x40,
		0x01, 0x00,			/* logout requested */
		0x00, 0x05, 0x00, 0x06, 0x00, 0x07,
		0x00, 0x00, 0x00, 0x00,
	};
	uint8_t c[48];
	struct ins_pdu p;

	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.opcode, INS_OP_ASYNC);
	CHECK_EQ(p.u.async.event, INS_ASYNC_LOGOUT_REQUEST);
	CHECK_EQ(p.u.async.param1, 5);
	CHECK_EQ(p.u.async.param2, 6);
	CHECK_EQ(p.u.async.param3, 7);
	memcpy(c, b, 48);
	c[19] = 0;				/* ITT must be reserved */
	CHECK_EQ(ins_bhs_decode(c, 48, 8192, &p), -EPROTO);
}

static void dec_reject(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	tgt(b, INS_OP_REJECT, 0x80, 48, INS_RESERVED_TAG, 0);
	b[2] = INS_REJECT_INVALID_FIELD;
	ins_put_be32(b + 36, 9);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.u.reject.reason, INS_REJECT_INVALID_FIELD);
	CHECK_EQ(p.u.reject.datasn, 9);
	CHECK(p.has_status);
	tgt(b, INS_OP_REJECT, 0x80, 47, INS_RESERVED_TAG, 0);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	tgt(b, INS_OP_REJECT, 0x80, 48, 1, 0);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
}

static bool is_target_op(int op)
{
	switch (op) {
	case INS_OP_NOP_IN: case INS_OP_SCSI_RSP: case INS_OP_TMF_RSP:
	case INS_OP_LOGIN_RSP: case INS_OP_TEXT_RSP: case INS_OP_DATA_IN:
	case INS_OP_LOGOUT_RSP: case INS_OP_R2T: case INS_OP_ASYNC:
	case INS_OP_REJECT:
		return true;
	}
	return false;
}

static void dec_unknown_opcodes(void)
{
	uint8_t b[48];
	struct ins_pdu p;
	int op, n = 0;

	for (op = 0; op < 64; op++) {
		if (is_target_op(op)) {
			n++;
			continue;
		}
		tgt(b, op, 0x80, 0, 1, INS_RESERVED_TAG);
		CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
		b[0] |= 0x40;
		CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), -EPROTO);
	}
	CHECK_EQ(n, 10);
}

static void dec_truncated(void)
{
	uint8_t *b = malloc(47);
	struct ins_pdu p;

	/* heap-allocated so ASan catches any read past the end */
	memset(b, 0, 47);
	b[0] = INS_OP_NOP_IN;
	CHECK_EQ(ins_bhs_decode(b, 47, 8192, &p), -EINVAL);
	CHECK_EQ(ins_bhs_decode(b, 0, 8192, &p), -EINVAL);
	CHECK_EQ(ins_bhs_decode(NULL, 48, 8192, &p), -EINVAL);
	CHECK_EQ(ins_bhs_decode_login_req(b, 47, NULL), -EINVAL);
	free(b);
}

static void dec_ahs_len(void)
{
	uint8_t b[48];
	struct ins_pdu p;

	tgt(b, INS_OP_SCSI_RSP, 0x80, 0, 1, 0);
	b[4] = 255;
	CHECK_EQ(ins_bhs_ahs_len(b), 1020);
	CHECK_EQ(ins_bhs_decode(b, 48, 8192, &p), 0);
	CHECK_EQ(p.ahs_len, 1020);
}

static uint32_t rnd_state = 1;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1664525 + 1013904223;
	return rnd_state ^ (rnd_state >> 13);
}

/*
 * Round trip for target PDUs: random field values written at the RFC
 * offsets by this test must come back unchanged from the decoder.
 */
static void dec_roundtrip_fields(void)
{
	uint8_t b[48];
	struct ins_pdu p;
	int i;

	for (i = 0; i < 2000; i++) {
		uint32_t itt = rnd() & 0x7fffffff, ttt = rnd() & 0x7fffffff;
		uint32_t sn = rnd(), w36 = rnd(), w40 = rnd(), w44 = rnd() | 1;
		uint32_t dsl = rnd() & 0xffff;
		uint8_t lun[8];
		int j;

		for (j = 0; j < 8; j++)
			lun[j] = rnd();

		/* Data-In with status */
		tgt(b, INS_OP_DATA_IN, 0x81 | (rnd() & 1 ? 0x02 : 0x04), dsl,
		    itt, ttt);
		memcpy(b + 8, lun, 8);
		b[3] = rnd();
		ins_put_be32(b + 24, sn);
		ins_put_be32(b + 36, w36);
		ins_put_be32(b + 40, w40);
		ins_put_be32(b + 44, w44);
		CHECK_EQ(ins_bhs_decode(b, 48, 0xffff, &p), 0);
		CHECK_EQ(p.dlength, dsl);
		CHECK_MEM(p.lun, lun, 8);
		CHECK_EQ(p.itt, itt);
		CHECK_EQ(p.ttt, ttt);
		CHECK_EQ(p.statsn, sn);
		CHECK_EQ(p.u.data_in.status, b[3]);
		CHECK_EQ(p.u.data_in.datasn, w36);
		CHECK_EQ(p.u.data_in.offset, w40);
		CHECK_EQ(p.u.data_in.residual, w44);

		/* R2T */
		tgt(b, INS_OP_R2T, 0x80, 0, itt, ttt);
		memcpy(b + 8, lun, 8);
		ins_put_be32(b + 28, sn);
		ins_put_be32(b + 32, sn + 5);
		ins_put_be32(b + 36, w36);
		ins_put_be32(b + 40, w40);
		ins_put_be32(b + 44, w44);
		CHECK_EQ(ins_bhs_decode(b, 48, 0, &p), 0);
		CHECK_EQ(p.exp_cmdsn, sn);
		CHECK_EQ(p.max_cmdsn, sn + 5);
		CHECK_EQ(p.u.r2t.r2tsn, w36);
		CHECK_EQ(p.u.r2t.offset, w40);
		CHECK_EQ(p.u.r2t.desired_len, w44);

		/* SCSI Response */
		tgt(b, INS_OP_SCSI_RSP, 0x80 | (rnd() & 0x12), dsl | 2, itt,
		    ttt);
		b[2] = rnd();
		b[3] = rnd();
		ins_put_be32(b + 36, w36);
		ins_put_be32(b + 40, w40);
		ins_put_be32(b + 44, w44);
		CHECK_EQ(ins_bhs_decode(b, 48, 0xffff, &p), 0);
		CHECK_EQ(p.u.scsi_rsp.response, b[2]);
		CHECK_EQ(p.u.scsi_rsp.status, b[3]);
		CHECK_EQ(p.u.scsi_rsp.exp_datasn, w36);
		CHECK_EQ(p.u.scsi_rsp.bidi_residual, w40);
		CHECK_EQ(p.u.scsi_rsp.residual, w44);
		CHECK_EQ(p.flags, b[1]);

		/* Logout Response */
		tgt(b, INS_OP_LOGOUT_RSP, 0x80, 0, itt, 0);
		b[2] = rnd() & 3;
		ins_put_be16(b + 40, w40 >> 16);
		ins_put_be16(b + 42, w40 & 0xffff);
		CHECK_EQ(ins_bhs_decode(b, 48, 0, &p), 0);
		CHECK_EQ(p.u.logout_rsp.response, b[2]);
		CHECK_EQ(p.u.logout_rsp.time2wait, w40 >> 16);
		CHECK_EQ(p.u.logout_rsp.time2retain, w40 & 0xffff);

		/* Async Message */
		tgt(b, INS_OP_ASYNC, 0x80, dsl, INS_RESERVED_TAG, 0);
		memcpy(b + 36, &w36, 4);
		memcpy(b + 40, &w40, 4);
		CHECK_EQ(ins_bhs_decode(b, 48, 0xffff, &p), 0);
		CHECK_EQ(p.u.async.event, b[36]);
		CHECK_EQ(p.u.async.vcode, b[37]);
		CHECK_EQ(p.u.async.param1, ins_get_be16(b + 38));
		CHECK_EQ(p.u.async.param2, ins_get_be16(b + 40));
		CHECK_EQ(p.u.async.param3, ins_get_be16(b + 42));
	}
}

/* Random headers: decode must never fail unsafely and must keep limits. */
static void dec_random(void)
{
	uint32_t seed = 12345;
	uint8_t *b = malloc(48);
	struct ins_pdu p;
	int i, j, ok = 0;

	for (i = 0; i < 200000; i++) {
		for (j = 0; j < 48; j++) {
			seed = seed * 1103515245 + 12345;
			b[j] = seed >> 16;
		}
		/* bias towards valid target opcodes and flags */
		if (i & 1)
			b[0] = 0x20 | (b[0] & 0x07);
		if (i & 2)
			b[1] |= 0x80;
		if (i & 4)
			b[5] = 0;
		if (ins_bhs_decode(b, 48, 65536, &p) == 0) {
			ok++;
			CHECK(p.dlength <= 65536);
			CHECK(is_target_op(p.opcode));
		}
	}
	free(b);
	CHECK(ok > 0);
}

/* A Data-In against the command it names: direction, order, room. */
static void data_in_vs_cmd(void)
{
	const u32 ANY = INS_DATA_ANY_ORDER;
	struct ins_pdu p = { .opcode = INS_OP_DATA_IN, .dlength = 4096 };

	p.u.data_in.datasn = 2;
	p.u.data_in.offset = 8192;
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 12288, true), 0);
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 12288, false), -EPROTO);
	CHECK_EQ(ins_data_in_check(&p, 3, ANY, 12288, true), -ERANGE);
	CHECK_EQ(ins_data_in_check(&p, 1, ANY, 12288, true), -ERANGE);
	/* in order: exactly where the data so far ends, no overlap or hole */
	CHECK_EQ(ins_data_in_check(&p, 2, 8192, 12288, true), 0);
	CHECK_EQ(ins_data_in_check(&p, 2, 8704, 12288, true), -EILSEQ);
	CHECK_EQ(ins_data_in_check(&p, 2, 4096, 12288, true), -EILSEQ);
	/* one byte past the end, at the end, and offset + length wrapping */
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 12287, true), -EOVERFLOW);
	p.dlength = 0;
	p.u.data_in.offset = 12288;
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 12288, true), 0);
	/* status only: no data, whatever the direction */
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 12288, false), 0);
	p.u.data_in.offset = 12289;
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 12288, true), -EOVERFLOW);
	p.dlength = 0x1000;
	p.u.data_in.offset = 0xfffff800;
	CHECK_EQ(ins_data_in_check(&p, 2, ANY, 0xffffffff, true), -EOVERFLOW);
}

/* An R2T against its command: direction, range, burst, order, pending. */
static struct ins_r2t_limits r2t_lim(u32 bufflen, bool is_write, u32 max_burst,
				     u32 exp_offset, u32 pending, u32 max_pending)
{
	struct ins_r2t_limits l = {
		.bufflen = bufflen, .is_write = is_write,
		.max_burst = max_burst, .exp_offset = exp_offset,
		.pending = pending, .max_pending = max_pending,
	};

	return l;
}

#define R2T_CHECK(...)	({ struct ins_r2t_limits l_ = r2t_lim(__VA_ARGS__); \
			   ins_r2t_check(&p, &l_); })

static void r2t_vs_cmd(void)
{
	const u32 ANY = INS_DATA_ANY_ORDER;
	struct ins_pdu p = { .opcode = INS_OP_R2T };

	p.u.r2t.offset = 4096;
	p.u.r2t.desired_len = 4096;
	CHECK_EQ(R2T_CHECK(8192, true, 65536, ANY, 0, 1), 0);
	CHECK_EQ(R2T_CHECK(8192, false, 65536, ANY, 0, 1), -EPROTO);
	CHECK_EQ(R2T_CHECK(8191, true, 65536, ANY, 0, 1), -EOVERFLOW);
	CHECK_EQ(R2T_CHECK(8192, true, 65536, ANY, 1, 1), -ENOSPC);
	CHECK_EQ(R2T_CHECK(8192, true, 65536, ANY, 255, 256), 0);
	/* at MaxBurstLength, and one byte more */
	CHECK_EQ(R2T_CHECK(8192, true, 4096, ANY, 0, 1), 0);
	CHECK_EQ(R2T_CHECK(8192, true, 4095, ANY, 0, 1), -E2BIG);
	/* in order: where the last burst ended; a repeat or a hole is not */
	CHECK_EQ(R2T_CHECK(8192, true, 65536, 4096, 0, 1), 0);
	CHECK_EQ(R2T_CHECK(8192, true, 65536, 8192, 0, 1), -EILSEQ);
	CHECK_EQ(R2T_CHECK(8192, true, 65536, 0, 0, 1), -EILSEQ);
	p.u.r2t.offset = 0xfffff000;
	p.u.r2t.desired_len = 0x2000;
	CHECK_EQ(R2T_CHECK(0xffffffff, true, 65536, ANY, 0, 1), -EOVERFLOW);
}

/* Residuals: only with the U bit, never more than the buffer. */
static void residual_vs_cmd(void)
{
	struct ins_pdu rsp = { .opcode = INS_OP_SCSI_RSP };
	struct ins_pdu din = { .opcode = INS_OP_DATA_IN };
	uint32_t res = 77;

	rsp.u.scsi_rsp.residual = 512;
	CHECK_EQ(ins_pdu_residual(&rsp, 4096, &res), 0);
	CHECK_EQ(res, 0);
	rsp.flags = INS_RSP_FLAG_UNDERFLOW;
	CHECK_EQ(ins_pdu_residual(&rsp, 4096, &res), 0);
	CHECK_EQ(res, 512);
	CHECK_EQ(ins_pdu_residual(&rsp, 511, &res), -EOVERFLOW);
	CHECK_EQ(res, 0);
	din.flags = INS_DATAIN_FLAG_STATUS | INS_DATAIN_FLAG_UNDERFLOW;
	din.u.data_in.residual = 4096;
	CHECK_EQ(ins_pdu_residual(&din, 4096, &res), 0);
	CHECK_EQ(res, 4096);
	din.flags = INS_DATAIN_FLAG_STATUS | INS_DATAIN_FLAG_OVERFLOW;
	CHECK_EQ(ins_pdu_residual(&din, 4096, &res), 0);
	CHECK_EQ(res, 0);
}

const struct ins_test ins_tests_pdu[] = {
	TEST(enc_scsi_cmd_read10),
	TEST(enc_scsi_cmd_write_immediate),
	TEST(enc_scsi_cmd_ext_cdb),
	TEST(enc_scsi_cmd_ext_cdb_padding),
	TEST(enc_scsi_cmd_bidi),
	TEST(enc_scsi_cmd_ext_cdb_contiguous),
	TEST(enc_scsi_cmd_invalid),
	TEST(enc_data_out),
	TEST(enc_nop_out),
	TEST(enc_tmf),
	TEST(enc_login),
	TEST(enc_login_invalid),
	TEST(bhs_setters),
	TEST(lun_encoding),
	TEST(padding),
	TEST(dec_scsi_rsp),
	TEST(dec_scsi_rsp_fields),
	TEST(dec_scsi_rsp_bad),
	TEST(sense_data),
	TEST(dec_data_in),
	TEST(dec_data_in_flags),
	TEST(dec_r2t),
	TEST(dec_nop_in),
	TEST(dec_tmf_rsp),
	TEST(dec_login_rsp),
	TEST(dec_text_rsp),
	TEST(dec_logout_rsp),
	TEST(dec_async),
	TEST(dec_reject),
	TEST(dec_unknown_opcodes),
	TEST(dec_truncated),
	TEST(dec_ahs_len),
	TEST(dec_roundtrip_fields),
	TEST(dec_random),
	TEST(data_in_vs_cmd),
	TEST(r2t_vs_cmd),
	TEST(residual_vs_cmd),
	TEST_END
};
