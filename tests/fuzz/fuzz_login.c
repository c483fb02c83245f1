// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the login state machine against an arbitrary target.
 * Input: byte 0 picks the configuration; then records of
 * [flags, status class, tsih, len_hi, len_lo, len bytes of text]
 * that become Login Responses.
 */
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include "ins_login.h"

static const uint8_t isid[6] = { 0x80, 1, 2, 3, 4, 5 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ins_login_cfg cfg;
	static struct ins_login l;
	static char rx[4096], req[8192];
	uint8_t rand[INS_LOGIN_RAND_LEN] = { 7, 1, 2, 3 };
	uint8_t bhs[48], rsp[48];
	struct ins_pdu pdu;
	size_t pos = 1;
	uint32_t statsn = 0;
	int ret;

	if (size < 1)
		return 0;
	ins_login_cfg_init(&cfg);
	strcpy(cfg.initiator_name, "iqn.2024-01.fuzz:i");
	strcpy(cfg.target_name, "iqn.2024-01.fuzz:t");
	memcpy(cfg.isid, isid, 6);
	cfg.itt = 1;
	cfg.discovery = data[0] & 1;
	cfg.offer.markers = data[0] & 2;
	cfg.offer.header_digest = (data[0] >> 2) & 3;
	if (data[0] & 0x10) {
		cfg.chap = true;
		strcpy(cfg.username, "u");
		cfg.secret[0] = 's';
		cfg.secret_len = 1;
		if (data[0] & 0x20) {
			cfg.mutual = true;
			cfg.secret_in[0] = 'm';
			cfg.secret_in_len = 1;
		}
	}
	ret = ins_login_init(&l, &cfg, rx, sizeof(rx), rand, sizeof(rand));
	assert(ret == 0);

	while (pos + 5 <= size) {
		size_t len = (data[pos + 3] << 8) | data[pos + 4];
		char *text;

		ret = ins_login_build(&l, bhs, req, sizeof(req));
		if (ret < 0)
			break;
		assert(ret <= INS_LOGIN_MAX_DSL);
		assert(ins_text_validate(req, ret, 0) == 0);
		if (len > size - pos - 5)
			len = size - pos - 5;
		memset(rsp, 0, sizeof(rsp));
		rsp[0] = INS_OP_LOGIN_RSP;
		rsp[1] = data[pos];
		ins_put_be24(rsp + 5, len);
		memcpy(rsp + 8, isid, 6);
		rsp[15] = data[pos + 2];
		ins_put_be32(rsp + 16, 1);
		ins_put_be32(rsp + 24, statsn++);
		rsp[36] = data[pos + 1] & 0x83;
		text = malloc(len ? len : 1);
		memcpy(text, data + pos + 5, len);
		pos += 5 + len;
		if (ins_bhs_decode(rsp, 48, INS_LOGIN_MAX_DSL, &pdu)) {
			free(text);
			break;
		}
		ret = ins_login_recv(&l, &pdu, text, len);
		free(text);
		if (ret <= 0)
			break;
	}
	if (ret == INS_LOGIN_DONE && l.step == INS_LSTEP_DONE) {
		assert(l.nego.result.first_burst <= l.nego.result.max_burst);
		assert(l.tsih != 0);
	}
	return 0;
}
