/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MD5 (RFC 1321), only for CHAP_A=5.
 *
 * Usage: ins_md5_init(&ctx); ins_md5_update(&ctx, p, n)...;
 * ins_md5_final(&ctx, digest);
 * The context lives on the caller's stack; nothing is allocated.
 */
#ifndef INS_MD5_H
#define INS_MD5_H

#include "ins_compat.h"

#define INS_MD5_LEN	16
#define INS_MD5_BLOCK	64

struct ins_md5_ctx {
	u32 state[4];
	u64 count;		/* bytes hashed so far */
	u8 block[INS_MD5_BLOCK];
};

void ins_md5_init(struct ins_md5_ctx *ctx);
void ins_md5_update(struct ins_md5_ctx *ctx, const void *data, size_t len);
void ins_md5_final(struct ins_md5_ctx *ctx, u8 *digest);

#endif /* INS_MD5_H */
