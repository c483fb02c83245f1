/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - the receive ring's byte arithmetic.
 *
 * sk_data_ready (ins_sock.c) is the only producer, the receive machine
 * (ins_rx.c) the only consumer. Head and tail are free-running u32 byte
 * counts: their difference is what the ring holds, and masking gives the
 * position, so both wrap at 2^32 without a special case. The memory
 * ordering between the two ends stays with the callers; these helpers
 * only move bytes (and are covered by the KUnit suite, ins_kunit.c).
 */
#ifndef INS_RING_H
#define INS_RING_H

#include <linux/types.h>

struct sk_buff;

/* Receive ring size in bytes: a power of two. */
#define INS_RX_RING		(256 * 1024)

/* Bytes the ring holds. */
static inline u32 ins_ring_used(u32 head, u32 tail)
{
	return head - tail;
}

/* Bytes the ring has room for. */
static inline u32 ins_ring_room(u32 head, u32 tail)
{
	return INS_RX_RING - ins_ring_used(head, tail);
}

u32 ins_ring_put_skb(u8 *ring, u32 head, u32 room, const struct sk_buff *skb,
		     u32 offset, u32 len);
void ins_ring_get(const u8 *ring, u32 tail, void *buf, u32 len);

#endif /* INS_RING_H */
