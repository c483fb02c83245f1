// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - copying bytes into and out of the receive ring
 * (ins_ring.h), in at most two pieces each way around the wrap.
 */
#include <linux/minmax.h>
#include <linux/skbuff.h>
#include <linux/string.h>

#include "ins_ring.h"

/**
 * ins_ring_put_skb - copy part of an skb into the ring
 * @ring: the ring, INS_RX_RING bytes
 * @head: producer count: where the first byte goes
 * @room: free bytes (ins_ring_room())
 * @skb: source, linear or not
 * @offset: first byte of @skb to copy
 * @len: bytes wanted
 *
 * Return: bytes copied, min(@len, @room); fewer (possibly none) only if
 * @skb does not hold @len bytes past @offset, which tcp_read_sock() never
 * asks for.
 */
u32 ins_ring_put_skb(u8 *ring, u32 head, u32 room, const struct sk_buff *skb,
		     u32 offset, u32 len)
{
	u32 n = min(len, room);
	u32 done = 0;

	while (done < n) {
		u32 pos = (head + done) & (INS_RX_RING - 1);
		u32 chunk = min(n - done, INS_RX_RING - pos);

		if (skb_copy_bits(skb, offset + done, ring + pos, chunk))
			break;
		done += chunk;
	}
	return done;
}

/**
 * ins_ring_get - copy bytes out of the ring
 * @ring: the ring, INS_RX_RING bytes
 * @tail: consumer count: where the first byte is
 * @buf: destination
 * @len: bytes to copy; the caller has checked that the ring holds them
 */
void ins_ring_get(const u8 *ring, u32 tail, void *buf, u32 len)
{
	u32 done = 0;

	while (done < len) {
		u32 pos = (tail + done) & (INS_RX_RING - 1);
		u32 chunk = min(len - done, INS_RX_RING - pos);

		memcpy((u8 *)buf + done, ring + pos, chunk);
		done += chunk;
	}
}
