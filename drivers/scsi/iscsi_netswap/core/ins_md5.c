// SPDX-License-Identifier: GPL-2.0
/*
 * MD5 message digest (RFC 1321).
 *
 * CHAP_A=5 needs MD5 during login, which for swap sessions happens on the
 * reclaim path: a plain function avoids the crypto API's allocations.
 */
#include "ins_compat.h"
#include "ins_md5.h"

/* T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 section 3.4 */
static const u32 ins_md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Left-rotation amounts, four per round */
static const u8 ins_md5_s[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21,
};

static inline u32 rol32_ins(u32 v, unsigned int n)
{
	return (v << n) | (v >> (32 - n));
}

static void ins_md5_block(u32 *state, const u8 *p)
{
	u32 x[16];
	u32 a = state[0], b = state[1], c = state[2], d = state[3];
	unsigned int i;

	for (i = 0; i < 16; i++)
		x[i] = ins_get_le32(p + 4 * i);

	for (i = 0; i < 64; i++) {
		u32 f, tmp;
		unsigned int g, round = i / 16;

		switch (round) {
		case 0:
			f = (b & c) | (~b & d);
			g = i;
			break;
		case 1:
			f = (b & d) | (c & ~d);
			g = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
			break;
		default:
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
			break;
		}
		tmp = d;
		d = c;
		c = b;
		b = b + rol32_ins(a + f + ins_md5_t[i] + x[g],
				  ins_md5_s[round * 4 + i % 4]);
		a = tmp;
	}

	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
}

void ins_md5_init(struct ins_md5_ctx *ctx)
{
	ctx->state[0] = 0x67452301;
	ctx->state[1] = 0xefcdab89;
	ctx->state[2] = 0x98badcfe;
	ctx->state[3] = 0x10325476;
	ctx->count = 0;
}

void ins_md5_update(struct ins_md5_ctx *ctx, const void *data, size_t len)
{
	const u8 *p = data;
	size_t used = ctx->count % INS_MD5_BLOCK;

	ctx->count += len;
	if (used) {
		size_t n = INS_MD5_BLOCK - used;

		if (len < n) {
			memcpy(ctx->block + used, p, len);
			return;
		}
		memcpy(ctx->block + used, p, n);
		ins_md5_block(ctx->state, ctx->block);
		p += n;
		len -= n;
	}
	while (len >= INS_MD5_BLOCK) {
		ins_md5_block(ctx->state, p);
		p += INS_MD5_BLOCK;
		len -= INS_MD5_BLOCK;
	}
	if (len)
		memcpy(ctx->block, p, len);
}

void ins_md5_final(struct ins_md5_ctx *ctx, u8 *digest)
{
	size_t used = ctx->count % INS_MD5_BLOCK;
	u64 bits = ctx->count * 8;
	int i;

	/* 0x80, zeros up to 56 mod 64, then the bit count little-endian */
	ctx->block[used++] = 0x80;
	if (used > INS_MD5_BLOCK - 8) {
		memset(ctx->block + used, 0, INS_MD5_BLOCK - used);
		ins_md5_block(ctx->state, ctx->block);
		used = 0;
	}
	memset(ctx->block + used, 0, INS_MD5_BLOCK - 8 - used);
	ins_put_le32(ctx->block + 56, (u32)bits);
	ins_put_le32(ctx->block + 60, (u32)(bits >> 32));
	ins_md5_block(ctx->state, ctx->block);

	for (i = 0; i < 4; i++)
		ins_put_le32(digest + 4 * i, ctx->state[i]);
	/* the context held secret-derived data */
	ins_memzero_explicit(ctx, sizeof(*ctx));
}
