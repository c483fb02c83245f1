/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-call forms of core/ primitives and a base64 encoder, for the tests
 * and fuzzers only: the module never needs them (it digests incrementally,
 * sends CHAP values in hex), so core/ does not carry them.
 */
#ifndef INS_ORACLE_H
#define INS_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include "ins_md5.h"
#include "ins_pdu.h"

/* The iSCSI CRC32C of a whole buffer (RFC 3720 B.4 vectors). */
static inline uint32_t test_crc32c(const void *buf, size_t len)
{
	return ins_crc32c_final(ins_crc32c_update(ins_crc32c_init(), buf,
						  len));
}

/* The data digest of a segment followed by zero padding. */
static inline uint32_t test_data_digest(const void *data, uint32_t len)
{
	uint32_t crc = ins_crc32c_update(ins_crc32c_init(), data, len);

	return ins_crc32c_final(ins_crc32c_pad(crc, len));
}

static inline void test_md5(const void *data, size_t len, uint8_t *digest)
{
	struct ins_md5_ctx ctx;

	ins_md5_init(&ctx);
	ins_md5_update(&ctx, data, len);
	ins_md5_final(&ctx, digest);
}

/*
 * "0b..." base64 of @len bytes, as a target may send a CHAP value: the
 * oracle for ins_bin_decode(). Returns the string length or -1 when
 * @size is too small.
 */
static inline int test_base64(const uint8_t *in, size_t len, char *out,
			      size_t size)
{
	static const char alpha[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 2;

	if (size < 4 * ((len + 2) / 3) + 3)
		return -1;
	out[0] = '0';
	out[1] = 'b';
	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t left = len - i;

		if (left > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		out[o++] = alpha[(v >> 18) & 63];
		out[o++] = alpha[(v >> 12) & 63];
		out[o++] = left > 1 ? alpha[(v >> 6) & 63] : '=';
		out[o++] = left > 2 ? alpha[v & 63] : '=';
	}
	out[o] = '\0';
	return (int)o;
}

#endif /* INS_ORACLE_H */
