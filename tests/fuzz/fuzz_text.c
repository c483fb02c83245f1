// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: text segment parsing and operational negotiation.
 * Input byte 0 selects the starting state; the rest is a response segment.
 */
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include "ins_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ins_offer o;
	struct ins_nego n;
	struct ins_text_buf tb, reply;
	struct ins_text_iter it;
	struct ins_kv kv;
	char offer[1024], rbuf[512];
	char *seg;
	uint32_t len;
	uint8_t sel;
	int ret, pairs = 0;

	if (size < 1)
		return 0;
	sel = data[0];
	len = size - 1;
	seg = malloc(len ? len : 1);
	memcpy(seg, data + 1, len);

	ret = ins_text_validate(seg, len, sel & 1 ? INS_TEXT_ALLOW_DUP : 0);
	if (ret == 0) {
		ins_text_iter_init(&it, seg, len);
		while ((ret = ins_text_next(&it, &kv)) == 1) {
			assert(kv.key >= seg && kv.val + kv.val_len < seg + len);
			assert(kv.val[kv.val_len] == '\0');
			pairs++;
		}
		assert(ret == 0);
		assert(len == 0 || pairs > 0);
	}

	ins_offer_default(&o);
	o.header_digest = (sel >> 1) & 3;
	o.data_digest = (sel >> 3) & 3;
	o.markers = sel & 0x20;
	ins_nego_init(&n, &o, sel & 0x40);
	if (sel & 0x80) {
		ins_text_buf_init(&tb, offer, sizeof(offer));
		ret = ins_nego_build_offer(&n, &tb);
		assert(ret == 0);
	}
	ins_text_buf_init(&reply, rbuf, sizeof(rbuf));
	ret = ins_nego_apply(&n, seg, len, &reply);
	assert(reply.len <= sizeof(rbuf));
	if (ret == 0) {
		/* our answers are themselves a valid segment */
		assert(ins_text_validate(rbuf, reply.len, 0) == 0);
		if (ins_nego_finish(&n) == 0)
			assert(n.result.first_burst <= n.result.max_burst);
		assert(n.result.max_xmit_dsl >= INS_DSL_MIN &&
		       n.result.max_xmit_dsl <= INS_DSL_MAX);
		assert(n.result.erl == 0);
	}
	(void)ins_offer_parse(&o, seg, len);
	free(seg);
	return 0;
}
