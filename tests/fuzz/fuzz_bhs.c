// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: BHS decoding, digests and sense data of received PDUs.
 * Input: a received byte stream starting at a BHS.
 */
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include "ins_pdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact-size heap copy so ASan sees any overread */
	uint8_t *buf = malloc(size ? size : 1);
	struct ins_login_req lr;
	struct ins_pdu pdu;
	const uint8_t *sense;
	uint32_t sense_len, max;
	int ret;

	memcpy(buf, data, size);
	max = size > 48 ? size - 48 : 0;
	ret = ins_bhs_decode(buf, size, max, &pdu);
	if (size < INS_BHS_LEN)
		assert(ret == -EINVAL);
	if (ret == 0) {
		size_t off = INS_BHS_LEN + pdu.ahs_len;

		assert(pdu.dlength <= max);
		assert(pdu.ahs_len == ins_bhs_ahs_len(buf));
		assert((buf[0] & INS_OPCODE_MASK) == pdu.opcode);
		if (off + 4 <= size)
			(void)ins_hdr_digest_check(buf, buf + INS_BHS_LEN,
						   pdu.ahs_len, buf + off);
		if (pdu.opcode == INS_OP_SCSI_RSP &&
		    off + pdu.dlength <= size) {
			ret = ins_scsi_rsp_sense(buf + off, pdu.dlength,
						 &sense, &sense_len);
			if (!ret && sense)
				assert(sense + sense_len <= buf + off +
				       pdu.dlength);
		}
		/* against a command whose buffer and state the input chose */
		if (pdu.opcode == INS_OP_DATA_IN) {
			uint32_t res;
			uint32_t at = buf[3] & 2 ? INS_DATA_ANY_ORDER : buf[4] * 512u;

			ret = ins_data_in_check(&pdu, buf[2], at, max, buf[3] & 1);
			if (!ret)
				assert(pdu.u.data_in.offset + (uint64_t)pdu.dlength <= max);
			if (!ret && pdu.dlength && at != INS_DATA_ANY_ORDER)
				assert(pdu.u.data_in.offset == at);
			if (!ins_pdu_residual(&pdu, max, &res))
				assert(res <= max);
		}
		if (pdu.opcode == INS_OP_R2T) {
			struct ins_r2t_limits lim = {
				.bufflen = max, .is_write = true,
				.max_burst = buf[4] * 512u,
				.exp_offset = buf[3] & 2 ? INS_DATA_ANY_ORDER :
					      buf[5] * 512u,
				.pending = buf[2], .max_pending = buf[3],
			};

			if (!ins_r2t_check(&pdu, &lim))
				assert(pdu.u.r2t.offset + (uint64_t)pdu.u.r2t.desired_len <= max &&
				       pdu.u.r2t.desired_len <= lim.max_burst &&
				       (lim.exp_offset == INS_DATA_ANY_ORDER ||
					pdu.u.r2t.offset == lim.exp_offset) &&
				       buf[2] < buf[3]);
		}
		if (off + pdu.dlength + 4 <= size)
			(void)ins_crc32c_update(ins_crc32c_init(), buf + off,
						pdu.dlength);
	}
	(void)ins_bhs_decode_login_req(buf, size, &lr);
	free(buf);
	return 0;
}
