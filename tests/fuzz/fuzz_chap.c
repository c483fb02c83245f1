// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: CHAP binary value decoding and encoding round trips.
 * Input: a CHAP_C / CHAP_R value as a target might send it.
 */
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include "ins_chap.h"
#include "ins_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t secret[] = "fuzz-secret";
	uint8_t out[INS_CHAP_CHALLENGE_MAX], back[INS_CHAP_CHALLENGE_MAX];
	uint8_t rsp[INS_CHAP_RSP_LEN];
	char *str = malloc(size ? size : 1);
	static char enc[2 * INS_CHAP_CHALLENGE_MAX + 8];
	int n, m, e;

	memcpy(str, data, size);
	n = ins_bin_decode(str, size, out, sizeof(out));
	assert(n <= (int)sizeof(out));
	if (n > 0) {
		e = ins_bin_encode_hex(out, n, enc, sizeof(enc));
		assert(e == 2 + 2 * n);
		m = ins_bin_decode(enc, e, back, sizeof(back));
		assert(m == n && !memcmp(out, back, n));
		e = test_base64(out, n, enc, sizeof(enc));
		assert(e > 0);
		m = ins_bin_decode(enc, e, back, sizeof(back));
		assert(m == n && !memcmp(out, back, n));
		assert(ins_chap_response(size & 0xff, secret, sizeof(secret) - 1,
					 out, n, rsp) == 0);
		assert(ins_chap_verify(size & 0xff, secret, sizeof(secret) - 1,
				       out, n, rsp, sizeof(rsp)) == 0);
	}
	/* small output buffers must fail cleanly, never overflow */
	n = ins_bin_decode(str, size, out, 3);
	assert(n <= 3);
	free(str);
	return 0;
}
