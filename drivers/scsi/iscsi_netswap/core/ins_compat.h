/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place where core/ meets its environment.
 *
 * Usage: every core/ file includes this header and nothing else from the
 * kernel or libc.  It provides:
 *   u8/u16/u32/u64, bool, size_t, memcpy/memset/memcmp/strlen, errno values;
 *   ins_get_be16/24/32() and ins_put_be16/24/32() on unaligned byte pointers;
 *   ins_get_le32()/ins_put_le32() (digests travel little-endian);
 *   ins_crc32c_raw(crc, buf, len): CRC32C (Castagnoli, reflected) without
 *   the initial/final inversion, i.e. exactly the kernel's crc32c();
 *   ins_memzero_explicit(): wipe secrets, not optimised away.
 *
 * Under __KERNEL__ these map onto kernel headers; otherwise onto libc and a
 * table-driven CRC32C in ins_crc32c.c.
 */
#ifndef INS_COMPAT_H
#define INS_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/crc32c.h>
#include <asm/unaligned.h>

static inline u32 ins_crc32c_raw(u32 crc, const void *buf, size_t len)
{
	return crc32c(crc, buf, len);
}

static inline void ins_memzero_explicit(void *p, size_t len)
{
	memzero_explicit(p, len);
}

static inline u16 ins_get_be16(const u8 *p)
{
	return get_unaligned_be16(p);
}

static inline u32 ins_get_be32(const u8 *p)
{
	return get_unaligned_be32(p);
}

static inline void ins_put_be16(u8 *p, u16 v)
{
	put_unaligned_be16(v, p);
}

static inline void ins_put_be32(u8 *p, u32 v)
{
	put_unaligned_be32(v, p);
}

static inline u32 ins_get_le32(const u8 *p)
{
	return get_unaligned_le32(p);
}

static inline void ins_put_le32(u8 *p, u32 v)
{
	put_unaligned_le32(v, p);
}

#else /* !__KERNEL__ */

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>
#include <stdbool.h>

/* Kernel type names, so that core/ reads the same in both builds. */
#define u8 uint8_t
#define u16 uint16_t
#define u32 uint32_t
#define u64 uint64_t

u32 ins_crc32c_raw(u32 crc, const void *buf, size_t len);

static inline void ins_memzero_explicit(void *p, size_t len)
{
	memset(p, 0, len);
	/* the empty asm "uses" p, so the stores above cannot be dropped */
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static inline u16 ins_get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 ins_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline void ins_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void ins_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static inline u32 ins_get_le32(const u8 *p)
{
	return ((u32)p[3] << 24) | ((u32)p[2] << 16) | ((u32)p[1] << 8) | p[0];
}

static inline void ins_put_le32(u8 *p, u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

#endif /* __KERNEL__ */

/* 24-bit fields (DataSegmentLength) have no kernel helper in 6.1. */
static inline u32 ins_get_be24(const u8 *p)
{
	return ((u32)p[0] << 16) | ((u32)p[1] << 8) | p[2];
}

static inline void ins_put_be24(u8 *p, u32 v)
{
	p[0] = (v >> 16) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = v & 0xff;
}

#endif /* INS_COMPAT_H */
