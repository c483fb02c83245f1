/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - walking a command's scatterlist: finding a byte of the
 * buffer, and CRC32C over a range of it for data digests. Pure helpers,
 * covered by the KUnit suite (ins_kunit.c).
 */
#ifndef INS_SG_H
#define INS_SG_H

#include <linux/types.h>

struct scatterlist;

void ins_sg_seek(struct scatterlist *sgl, u32 offset,
		 struct scatterlist **sg_out, u32 *off_out);
u32 ins_crc32c_sg(u32 crc, struct scatterlist *sg, u32 sg_off, u32 len);

#endif /* INS_SG_H */
