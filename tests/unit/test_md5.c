// SPDX-License-Identifier: GPL-2.0
/*
 * MD5: the test suite of RFC 1321 appendix A.5, plus block-boundary and
 * incremental cases (expected values from python3 hashlib).
 */
#include "ins_test.h"
#include "ins_md5.h"
#include "ins_oracle.h"

static int hex2bin(const char *hex, uint8_t *out)
{
	int n = 0;

	while (hex[0] && hex[1]) {
		unsigned int v;

		sscanf(hex, "%2x", &v);
		out[n++] = v;
		hex += 2;
	}
	return n;
}

static bool md5_is(const char *msg, size_t len, const char *hex)
{
	uint8_t d[16], e[16];

	test_md5(msg, len, d);
	hex2bin(hex, e);
	return !memcmp(d, e, 16);
}

#define MD5_IS(s, hex) md5_is((s), strlen(s), (hex))

static void md5_rfc1321_suite(void)
{
	CHECK(MD5_IS("", "d41d8cd98f00b204e9800998ecf8427e"));
	CHECK(MD5_IS("a", "0cc175b9c0f1b6a831c399e269772661"));
	CHECK(MD5_IS("abc", "900150983cd24fb0d6963f7d28e17f72"));
	CHECK(MD5_IS("message digest", "f96b697d7cb7938d525a2f31aaf161d0"));
	CHECK(MD5_IS("abcdefghijklmnopqrstuvwxyz",
		     "c3fcd3d76192e4007dfb496cca67e13b"));
	CHECK(MD5_IS("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		     "d174ab98d277d9f5a5611c2c9f419d9f"));
	CHECK(MD5_IS("1234567890123456789012345678901234567890"
		     "1234567890123456789012345678901234567890",
		     "57edf4a22be3c955ac49da2e2107b67a"));
}

/* Lengths that straddle the padding/length boundaries (python hashlib). */
static void md5_block_boundaries(void)
{
	static const struct {
		size_t len;
		const char *hex;
	} v[] = {
		{ 55, "04364420e25c512fd958a70738aa8f72" },
		{ 56, "668a72d5ba17f08e62dabcafad6db14b" },
		{ 63, "7dc2ca208106a2f703567bdff99d8981" },
		{ 64, "c1bb4f81d892b2d57947682aeb252456" },
		{ 65, "1bc932052302d074bdec39795fe00cf6" },
		{ 119, "ab347a5f68c8a443cfcddc633f12c24f" },
		{ 120, "fb98667f98096de92620b64f46e1c5b5" },
		{ 128, "d69cb61a6ee87200676eb0d4b90edbcb" },
	};
	char buf[200];
	size_t i;

	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK(md5_is(buf, v[i].len, v[i].hex));
}

static void md5_incremental(void)
{
	uint8_t buf[300], d1[16], d2[16];
	struct ins_md5_ctx ctx;
	size_t i, step;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = i ^ 0x5a;
	test_md5(buf, sizeof(buf), d1);
	for (step = 1; step < 130; step += 7) {
		ins_md5_init(&ctx);
		for (i = 0; i < sizeof(buf); i += step)
			ins_md5_update(&ctx, buf + i,
				       sizeof(buf) - i < step ?
				       sizeof(buf) - i : step);
		ins_md5_final(&ctx, d2);
		CHECK_MEM(d1, d2, 16);
	}
}

const struct ins_test ins_tests_md5[] = {
	TEST(md5_rfc1321_suite),
	TEST(md5_block_boundaries),
	TEST(md5_incremental),
	TEST_END
};
