// SPDX-License-Identifier: GPL-2.0
/*
 * CHAP_A=5 (MD5) responses and iSCSI binary value encodings.
 */
#include "ins_compat.h"
#include "ins_md5.h"
#include "ins_chap.h"

static bool secret_ok(const u8 *secret, size_t len)
{
	return secret && len >= 1 && len <= INS_CHAP_SECRET_MAX;
}

/**
 * ins_chap_response() - compute a CHAP MD5 response (RFC 1994 section 4.1)
 * @id: CHAP identifier (CHAP_I)
 * @secret: shared secret
 * @secret_len: 1..INS_CHAP_SECRET_MAX
 * @challenge: challenge bytes (decoded CHAP_C)
 * @challenge_len: 1..INS_CHAP_CHALLENGE_MAX
 * @out: INS_CHAP_RSP_LEN bytes
 *
 * Return: 0, or -EINVAL on a bad length.
 */
int ins_chap_response(u8 id, const u8 *secret, size_t secret_len,
		      const u8 *challenge, size_t challenge_len, u8 *out)
{
	struct ins_md5_ctx ctx;

	if (!secret_ok(secret, secret_len) || !challenge ||
	    challenge_len == 0 || challenge_len > INS_CHAP_CHALLENGE_MAX)
		return -EINVAL;
	ins_md5_init(&ctx);
	ins_md5_update(&ctx, &id, 1);
	ins_md5_update(&ctx, secret, secret_len);
	ins_md5_update(&ctx, challenge, challenge_len);
	ins_md5_final(&ctx, out);
	return 0;
}

/**
 * ins_chap_verify() - check the target's answer to our mutual challenge
 * @id: the CHAP_I we sent
 * @secret: the target's secret
 * @secret_len: its length
 * @challenge: the challenge we sent
 * @challenge_len: its length
 * @resp: decoded CHAP_R from the target
 * @resp_len: its length
 *
 * Return: 0 if correct, -EACCES if not, -EINVAL on bad lengths.
 */
int ins_chap_verify(u8 id, const u8 *secret, size_t secret_len,
		    const u8 *challenge, size_t challenge_len,
		    const u8 *resp, size_t resp_len)
{
	u8 expect[INS_CHAP_RSP_LEN];
	u8 diff = 0;
	int ret, i;

	ret = ins_chap_response(id, secret, secret_len, challenge,
				challenge_len, expect);
	if (ret)
		return ret;
	if (!resp || resp_len != INS_CHAP_RSP_LEN) {
		ret = -EACCES;
	} else {
		/* constant time, so timing tells nothing about the secret */
		for (i = 0; i < INS_CHAP_RSP_LEN; i++)
			diff |= expect[i] ^ resp[i];
		ret = diff ? -EACCES : 0;
	}
	ins_memzero_explicit(expect, sizeof(expect));
	return ret;
}

/**
 * ins_chap_make_challenge() - turn random bytes into CHAP_I and CHAP_C
 * @rand: random bytes from the caller
 * @rand_len: at least 1 + @challenge_len
 * @id: set to our identifier
 * @challenge: set to @challenge_len challenge bytes
 * @challenge_len: 1..INS_CHAP_CHALLENGE_MAX
 *
 * Return: 0 or -EINVAL.
 */
int ins_chap_make_challenge(const u8 *rand, size_t rand_len, u8 *id,
			    u8 *challenge, size_t challenge_len)
{
	if (!rand || challenge_len == 0 ||
	    challenge_len > INS_CHAP_CHALLENGE_MAX ||
	    rand_len < 1 + challenge_len)
		return -EINVAL;
	*id = rand[0];
	memcpy(challenge, rand + 1, challenge_len);
	return 0;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int hex_decode(const char *s, size_t len, u8 *out, size_t size)
{
	size_t n = (len + 1) / 2, i = 0, o = 0;

	if (n > size)
		return -ENOSPC;
	/* an odd digit count has an implied leading zero */
	if (len & 1) {
		int v = hex_val(s[0]);

		if (v < 0)
			return -EINVAL;
		out[o++] = v;
		i = 1;
	}
	for (; i < len; i += 2) {
		int hi = hex_val(s[i]), lo = hex_val(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[o++] = (hi << 4) | lo;
	}
	return o;
}

static int b64_decode(const char *s, size_t len, u8 *out, size_t size)
{
	size_t pad = 0, i, o = 0, n;
	u32 acc = 0;
	int bits = 0;

	/* '=' padding is optional, but only at the end and at most two */
	while (len && s[len - 1] == '=' && pad < 2) {
		len--;
		pad++;
	}
	if (pad && (len + pad) % 4)
		return -EINVAL;
	if (len % 4 == 1 || len == 0)
		return -EINVAL;
	n = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
	if (n > size)
		return -ENOSPC;
	for (i = 0; i < len; i++) {
		int v = b64_val(s[i]);

		if (v < 0)
			return -EINVAL;
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
		}
	}
	return o;
}

/**
 * ins_bin_decode() - decode an iSCSI binary value
 * @str: "0x" + hex digits or "0b" + base64 (not NUL-terminated)
 * @len: length of @str
 * @out: decoded bytes
 * @size: size of @out
 *
 * Return: number of bytes decoded (> 0), -EINVAL if malformed or empty,
 * -ENOSPC if @out is too small.
 */
int ins_bin_decode(const char *str, size_t len, u8 *out, size_t size)
{
	if (!str || len < 3 || str[0] != '0')
		return -EINVAL;
	if (str[1] == 'x' || str[1] == 'X')
		return hex_decode(str + 2, len - 2, out, size);
	if (str[1] == 'b' || str[1] == 'B')
		return b64_decode(str + 2, len - 2, out, size);
	return -EINVAL;
}

/**
 * ins_bin_encode_hex() - encode bytes as a NUL-terminated "0x..." string
 * @in: bytes
 * @len: their count (>= 1)
 * @out: output buffer
 * @size: its size, at least 2 * @len + 3
 *
 * Return: string length (without the NUL), or -EINVAL / -ENOSPC.
 */
int ins_bin_encode_hex(const u8 *in, size_t len, char *out, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	size_t i, o = 2;

	if (!len || len > INS_CHAP_CHALLENGE_MAX)
		return -EINVAL;
	if (size < 2 * len + 3)
		return -ENOSPC;
	out[0] = '0';
	out[1] = 'x';
	for (i = 0; i < len; i++) {
		out[o++] = digits[in[i] >> 4];
		out[o++] = digits[in[i] & 0xf];
	}
	out[o] = '\0';
	return o;
}

