// SPDX-License-Identifier: GPL-2.0
/*
 * CHAP_A=5 responses and binary value encodings.  Expected responses were
 * computed independently with python3:
 *   hashlib.md5(bytes([id]) + secret + challenge).hexdigest()
 */
#include "ins_test.h"
#include "ins_chap.h"
#include "ins_oracle.h"

static const uint8_t chal16[16] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/* id 0x2a, secret "target-secret-123", challenge 0x10..0x1f */
static const uint8_t rsp_2a[16] = {
	0xd9, 0x19, 0x1e, 0xff, 0xe9, 0xa6, 0xc6, 0x27,
	0x09, 0x5a, 0xed, 0xb0, 0x12, 0xf9, 0x32, 0x11,
};

static void chap_response_vector(void)
{
	const char *secret = "target-secret-123";
	uint8_t out[16];

	CHECK_EQ(ins_chap_response(0x2a, (const uint8_t *)secret,
				   strlen(secret), chal16, 16, out), 0);
	CHECK_MEM(out, rsp_2a, 16);
}

/* A one-byte secret is accepted, as open-iscsi does. */
static void chap_response_short_secret(void)
{
	static const uint8_t c[5] = { 1, 2, 3, 4, 5 };
	static const uint8_t expect[16] = {
		0xc9, 0x3e, 0xca, 0xa0, 0xa4, 0xd2, 0xd7, 0x2d,
		0xfb, 0xb0, 0x15, 0x16, 0x31, 0x57, 0xa1, 0x29,
	};
	uint8_t out[16];

	CHECK_EQ(ins_chap_response(1, (const uint8_t *)"x", 1, c, 5, out), 0);
	CHECK_MEM(out, expect, 16);
}

static void chap_secret_limits(void)
{
	uint8_t secret[257], out[16];

	memset(secret, 's', sizeof(secret));
	CHECK_EQ(ins_chap_response(1, secret, 0, chal16, 16, out), -EINVAL);
	CHECK_EQ(ins_chap_response(1, secret, 257, chal16, 16, out), -EINVAL);
	CHECK_EQ(ins_chap_response(1, secret, 256, chal16, 16, out), 0);
	CHECK_EQ(ins_chap_response(1, NULL, 5, chal16, 16, out), -EINVAL);
	CHECK_EQ(ins_chap_response(1, secret, 5, chal16, 0, out), -EINVAL);
	CHECK_EQ(ins_chap_response(1, secret, 5, chal16, 1025, out), -EINVAL);
}

static void chap_verify(void)
{
	const char *secret = "target-secret-123";
	uint8_t bad[16];

	CHECK_EQ(ins_chap_verify(0x2a, (const uint8_t *)secret, strlen(secret),
				 chal16, 16, rsp_2a, 16), 0);
	memcpy(bad, rsp_2a, 16);
	bad[15] ^= 1;
	CHECK_EQ(ins_chap_verify(0x2a, (const uint8_t *)secret, strlen(secret),
				 chal16, 16, bad, 16), -EACCES);
	CHECK_EQ(ins_chap_verify(0x2b, (const uint8_t *)secret, strlen(secret),
				 chal16, 16, rsp_2a, 16), -EACCES);
	CHECK_EQ(ins_chap_verify(0x2a, (const uint8_t *)secret, strlen(secret),
				 chal16, 16, rsp_2a, 15), -EACCES);
	CHECK_EQ(ins_chap_verify(0x2a, (const uint8_t *)"target-secret-12",
				 16, chal16, 16, rsp_2a, 16), -EACCES);
	CHECK_EQ(ins_chap_verify(0x2a, (const uint8_t *)secret, strlen(secret),
				 chal16, 16, NULL, 0), -EACCES);
}

static void make_challenge(void)
{
	uint8_t rnd[17], id, c[16];
	int i;

	for (i = 0; i < 17; i++)
		rnd[i] = 100 + i;
	CHECK_EQ(ins_chap_make_challenge(rnd, 17, &id, c, 16), 0);
	CHECK_EQ(id, 100);
	CHECK_MEM(c, rnd + 1, 16);
	CHECK_EQ(ins_chap_make_challenge(rnd, 16, &id, c, 16), -EINVAL);
	CHECK_EQ(ins_chap_make_challenge(NULL, 17, &id, c, 16), -EINVAL);
	CHECK_EQ(ins_chap_make_challenge(rnd, 17, &id, c, 0), -EINVAL);
}

static void hex_decode(void)
{
	uint8_t out[16];

	CHECK_EQ(ins_bin_decode("0x0a0B", 6, out, sizeof(out)), 2);
	CHECK_EQ(out[0], 0x0a);
	CHECK_EQ(out[1], 0x0b);
	CHECK_EQ(ins_bin_decode("0X1", 3, out, sizeof(out)), 1);
	CHECK_EQ(out[0], 0x01);
	/* odd digit count: implied leading zero */
	CHECK_EQ(ins_bin_decode("0xabc", 5, out, sizeof(out)), 2);
	CHECK_EQ(out[0], 0x0a);
	CHECK_EQ(out[1], 0xbc);
	CHECK_EQ(ins_bin_decode("0x", 2, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0xzz", 4, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0x0g", 4, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("1234", 4, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0y12", 4, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0x112233", 8, out, 2), -ENOSPC);
	CHECK_EQ(ins_bin_decode("0x112233", 8, out, 3), 3);
}

static void base64_decode(void)
{
	uint8_t out[32];

	CHECK_EQ(ins_bin_decode("0bEBESExQVFhcYGRobHB0eHw==", 26, out,
				sizeof(out)), 16);
	CHECK_MEM(out, chal16, 16);
	CHECK_EQ(ins_bin_decode("0B//4B", 6, out, sizeof(out)), 3);
	CHECK_EQ(out[0], 0xff);
	CHECK_EQ(out[1], 0xfe);
	CHECK_EQ(out[2], 0x01);
	CHECK_EQ(ins_bin_decode("0bAAE=", 6, out, sizeof(out)), 2);
	CHECK_EQ(ins_bin_decode("0bAA==", 6, out, sizeof(out)), 1);
	CHECK_EQ(ins_bin_decode("0bAAE", 5, out, sizeof(out)), 2);
	CHECK_EQ(ins_bin_decode("0bA", 3, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0bAA=", 5, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0bA===", 6, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0bAA=A", 6, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0b!!!!", 6, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0b====", 6, out, sizeof(out)), -EINVAL);
	CHECK_EQ(ins_bin_decode("0b//4B", 6, out, 2), -ENOSPC);
}

static void encode_roundtrip(void)
{
	uint8_t in[40], out[40];
	char s[100];
	int len, n;

	for (len = 1; len <= 40; len++) {
		for (n = 0; n < len; n++)
			in[n] = n * 37 + len;
		n = ins_bin_encode_hex(in, len, s, sizeof(s));
		CHECK_EQ(n, 2 + 2 * len);
		CHECK_EQ(s[n], '\0');
		CHECK_EQ(ins_bin_decode(s, n, out, sizeof(out)), len);
		CHECK_MEM(out, in, len);
		n = test_base64(in, len, s, sizeof(s));
		CHECK_EQ(n, 2 + 4 * ((len + 2) / 3));
		CHECK_EQ(ins_bin_decode(s, n, out, sizeof(out)), len);
		CHECK_MEM(out, in, len);
	}
	/* the oracle itself, against a known value */
	n = test_base64(chal16, 16, s, sizeof(s));
	CHECK_STR(s, "0bEBESExQVFhcYGRobHB0eHw==");
	CHECK_EQ(ins_bin_decode(s, n, out, sizeof(out)), 16);
	CHECK_MEM(out, chal16, 16);
	n = ins_bin_encode_hex(chal16, 2, s, sizeof(s));
	CHECK_STR(s, "0x1011");
	CHECK_EQ(ins_bin_encode_hex(chal16, 2, s, 6), -ENOSPC);
	CHECK_EQ(ins_bin_encode_hex(chal16, 2, s, 7), 6);
	CHECK_EQ(ins_bin_encode_hex(chal16, 0, s, sizeof(s)), -EINVAL);
}

const struct ins_test ins_tests_chap[] = {
	TEST(chap_response_vector),
	TEST(chap_response_short_secret),
	TEST(chap_secret_limits),
	TEST(chap_verify),
	TEST(make_challenge),
	TEST(hex_decode),
	TEST(base64_decode),
	TEST(encode_roundtrip),
	TEST_END
};
