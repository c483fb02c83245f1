// SPDX-License-Identifier: GPL-2.0
/*
 * CRC32C and iSCSI digests.  Vectors: RFC 3720 appendix B.4, plus the
 * common "123456789" check value.
 */
#include "ins_test.h"
#include "ins_pdu.h"
#include "ins_oracle.h"

static void crc_rfc3720_zeros(void)
{
	uint8_t b[32] = { 0 };

	CHECK_EQ(test_crc32c(b, sizeof(b)), 0x8a9136aa);
}

static void crc_rfc3720_ones(void)
{
	uint8_t b[32];

	memset(b, 0xff, sizeof(b));
	CHECK_EQ(test_crc32c(b, sizeof(b)), 0x62a8ab43);
}

static void crc_rfc3720_ascending(void)
{
	uint8_t b[32];
	int i;

	for (i = 0; i < 32; i++)
		b[i] = i;
	CHECK_EQ(test_crc32c(b, sizeof(b)), 0x46dd794e);
}

static void crc_rfc3720_descending(void)
{
	uint8_t b[32];
	int i;

	for (i = 0; i < 32; i++)
		b[i] = 31 - i;
	CHECK_EQ(test_crc32c(b, sizeof(b)), 0x113fdb5c);
}

static void crc_check_value(void)
{
	CHECK_EQ(test_crc32c("123456789", 9), 0xe3069283);
	CHECK_EQ(test_crc32c("", 0), 0);
}

static void crc_incremental(void)
{
	uint8_t b[100];
	uint32_t crc;
	int i, split;

	for (i = 0; i < 100; i++)
		b[i] = i * 7 + 3;
	for (split = 0; split <= 100; split += 13) {
		crc = ins_crc32c_init();
		crc = ins_crc32c_update(crc, b, split);
		crc = ins_crc32c_update(crc, b + split, 100 - split);
		CHECK_EQ(ins_crc32c_final(crc), test_crc32c(b, 100));
	}
}

/* The wire carries the least significant byte first (B.4 lists aa 36..) */
static void digest_byte_order(void)
{
	uint8_t w[4];
	static const uint8_t expect[4] = { 0xaa, 0x36, 0x91, 0x8a };

	ins_digest_put(w, 0x8a9136aa);
	CHECK_MEM(w, expect, 4);
	CHECK_EQ(ins_digest_get(w), 0x8a9136aa);
}

static void data_digest_padding(void)
{
	static const uint8_t padx[3] = { 0, 1, 0 };
	uint32_t crc;

	/* "abcde" + 3 zero pad bytes, computed with python */
	CHECK_EQ(test_data_digest("abcde", 5), 0xecea8b83);
	/* the receive side digests the pad bytes as received (ins_rx.c) */
	crc = ins_crc32c_update(ins_crc32c_init(), "abcde", 5);
	CHECK(ins_crc32c_final(ins_crc32c_update(crc, padx, 3)) != 0xecea8b83);
	CHECK(test_data_digest("abcdf", 5) != 0xecea8b83);
	/* no pad for aligned data */
	CHECK_EQ(test_data_digest("abcd", 4), test_crc32c("abcd", 4));
	CHECK_EQ(ins_crc32c_final(ins_crc32c_pad(ins_crc32c_init(), 8)),
		 test_crc32c("", 0));
}

static void header_digest(void)
{
	uint8_t bhs[48], ahs[8], buf[56], wire[4];
	int i;

	for (i = 0; i < 48; i++)
		bhs[i] = i;
	for (i = 0; i < 8; i++)
		ahs[i] = 0xf0 + i;
	memcpy(buf, bhs, 48);
	memcpy(buf + 48, ahs, 8);
	CHECK_EQ(ins_hdr_digest(bhs, NULL, 0), test_crc32c(bhs, 48));
	CHECK_EQ(ins_hdr_digest(bhs, ahs, 8), test_crc32c(buf, 56));
	ins_digest_put(wire, ins_hdr_digest(bhs, ahs, 8));
	CHECK_EQ(ins_hdr_digest_check(bhs, ahs, 8, wire), 0);
	bhs[47] ^= 1;
	CHECK_EQ(ins_hdr_digest_check(bhs, ahs, 8, wire), -EBADMSG);
	bhs[47] ^= 1;
	wire[0] ^= 0x80;
	CHECK_EQ(ins_hdr_digest_check(bhs, ahs, 8, wire), -EBADMSG);
}

const struct ins_test ins_tests_crc[] = {
	TEST(crc_rfc3720_zeros),
	TEST(crc_rfc3720_ones),
	TEST(crc_rfc3720_ascending),
	TEST(crc_rfc3720_descending),
	TEST(crc_check_value),
	TEST(crc_incremental),
	TEST(digest_byte_order),
	TEST(data_digest_padding),
	TEST(header_digest),
	TEST_END
};
