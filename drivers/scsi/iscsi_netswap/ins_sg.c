// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - scatterlist walks: seeking to a byte of a command's
 * buffer, and CRC32C over part of it for data digests.
 *
 * The digest arithmetic itself (seed, final inversion, byte order) is the
 * protocol core's; this only walks pages, which core/ cannot know about.
 */
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/scatterlist.h>

#include "ins_pdu.h"
#include "ins_sg.h"

/**
 * ins_sg_seek - find byte @offset of a scatterlist's buffer
 * @sgl: the list
 * @offset: byte of the buffer the list describes
 * @sg_out: the entry holding it, or NULL when @offset is at or past the end
 * @off_out: its offset inside that entry (what is left over past the end)
 *
 * An offset that ends an entry is reported as the start of the next one,
 * so a caller that then walks forward never sees an empty remainder.
 */
void ins_sg_seek(struct scatterlist *sgl, u32 offset,
		 struct scatterlist **sg_out, u32 *off_out)
{
	struct scatterlist *sg = sgl;

	while (sg && offset >= sg->length) {
		offset -= sg->length;
		sg = sg_next(sg);
	}
	*sg_out = sg;
	*off_out = offset;
}

/**
 * ins_crc32c_sg - extend a CRC32C over part of a scatterlist
 * @crc: running value (ins_crc32c_init(), not finalised)
 * @sg: entry holding the first byte
 * @sg_off: offset of the first byte inside @sg
 * @len: number of bytes
 *
 * Pages are mapped one at a time, so highmem and multi-page entries work.
 * The caller has checked that @len bytes exist in the list.
 */
u32 ins_crc32c_sg(u32 crc, struct scatterlist *sg, u32 sg_off, u32 len)
{
	while (len && sg) {
		u32 off = sg->offset + sg_off;
		u32 left = sg->length - sg_off;
		struct page *page = sg_page(sg) + (off >> PAGE_SHIFT);
		u32 poff = offset_in_page(off);
		u32 n = min3(len, left, (u32)PAGE_SIZE - poff);
		void *p = kmap_local_page(page);

		crc = ins_crc32c_update(crc, p + poff, n);
		kunmap_local(p);
		len -= n;
		sg_off += n;
		if (sg_off == sg->length) {
			sg = sg_next(sg);
			sg_off = 0;
		}
	}
	return crc;
}
