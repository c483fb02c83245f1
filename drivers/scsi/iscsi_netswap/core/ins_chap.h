/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CHAP with MD5 (CHAP_A=5) for iSCSI login (RFC 7143 12.1.3,
 * RFC 1994) and the binary value encodings of RFC 7143 section 6.1.
 *
 * Usage summary:
 *   ins_chap_response(id, secret, slen, chal, clen, out)
 *	out = MD5(id || secret || challenge): our CHAP_R for the target's
 *	CHAP_I/CHAP_C, or the expected response of the target in mutual CHAP.
 *   ins_chap_verify(id, secret, slen, chal, clen, resp, rlen)
 *	0 if @resp is the right answer to our challenge, else -EACCES.
 *   ins_chap_make_challenge(rand, rlen, &id, chal, clen)
 *	builds our mutual-CHAP CHAP_I/CHAP_C from caller-supplied random
 *	bytes (get_random_bytes() in the kernel).
 *   ins_bin_decode(str, slen, out, size)
 *	"0x..." (hex) or "0b..." (base64) to bytes; returns the byte count.
 *   ins_bin_encode_hex()
 *	bytes to a NUL-terminated "0x..." string (what we send).
 * Secrets must be 1..INS_CHAP_SECRET_MAX bytes (-EINVAL otherwise).  RFC
 * 7143 asks for at least 12 bytes without IPsec, but open-iscsi accepts
 * shorter ones and so do we.
 */
#ifndef INS_CHAP_H
#define INS_CHAP_H

#include "ins_compat.h"
#include "ins_md5.h"

#define INS_CHAP_A_MD5		5
#define INS_CHAP_RSP_LEN	INS_MD5_LEN
#define INS_CHAP_SECRET_MAX	256
#define INS_CHAP_CHALLENGE_MAX	1024	/* longest challenge we accept */
#define INS_CHAP_CHALLENGE_MIN	INS_CHAP_RSP_LEN /* shortest: the hash's size */
#define INS_CHAP_CHALLENGE_LEN	16	/* length of the challenges we send */
#define INS_CHAP_NAME_MAX	255

int ins_chap_response(u8 id, const u8 *secret, size_t secret_len,
		      const u8 *challenge, size_t challenge_len, u8 *out);
int ins_chap_verify(u8 id, const u8 *secret, size_t secret_len,
		    const u8 *challenge, size_t challenge_len,
		    const u8 *resp, size_t resp_len);
int ins_chap_make_challenge(const u8 *rand, size_t rand_len, u8 *id,
			    u8 *challenge, size_t challenge_len);

int ins_bin_decode(const char *str, size_t len, u8 *out, size_t size);
int ins_bin_encode_hex(const u8 *in, size_t len, char *out, size_t size);

#endif /* INS_CHAP_H */
