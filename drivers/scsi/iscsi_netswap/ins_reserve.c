// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - the reserve formula (ins_reserve.h,
 * Documentation/reserve.rst).
 */
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/skbuff.h>
#include <net/tcp.h>

#include "ins_reserve.h"

/* An unlocked buffer may be autotuned up to the sysctl maximum. */
static u64 ins_buf_max(int cur, bool locked, int sysctl_max)
{
	return locked ? (u64)max(cur, 0) : (u64)max(cur, sysctl_max);
}

/**
 * ins_reserve_size - worst-case transient memory of a swap session
 * @in: the socket's buffers and the session's pools
 * @r: the terms of the formula and their total
 *
 * A full receive and send buffer; one ACK skb per two full segments of
 * the receive window; the clone every transmitted segment keeps until
 * the NIC is done with it; the preallocated pools, which are already
 * there but are what a reconnect would have to find again; and on a
 * kernel that delays the reuse of freed memory (KASAN's quarantine) what
 * it may hold back, since reserve memory freed there is not free again;
 * and what the admin adds for what the formula cannot see.
 */
void ins_reserve_size(const struct ins_reserve_in *in, struct ins_reserve *r)
{
	u32 mss = in->mss ? in->mss : TCP_MSS_DEFAULT;

	mss = max_t(u32, mss, TCP_MIN_MSS);
	r->rcvbuf = ins_buf_max(in->rcvbuf, in->rcvbuf_locked,
				in->tcp_rmem_max);
	r->sndbuf = ins_buf_max(in->sndbuf, in->sndbuf_locked,
				in->tcp_wmem_max);
	r->ack_skbs = DIV_ROUND_UP_ULL(r->rcvbuf, 2 * mss) *
		SKB_TRUESIZE(MAX_TCP_HEADER);
	r->tx_clones = DIV_ROUND_UP_ULL(r->sndbuf, mss) *
		SKB_DATA_ALIGN(sizeof(struct sk_buff));
	r->pools = in->fixed_bytes + (u64)in->can_queue *
		((u64)in->r2t_slots * in->r2t_bytes + in->cmd_bytes);
	r->quarantine = in->quarantine;
	r->extra = in->extra;
	r->total = r->rcvbuf + r->sndbuf + r->ack_skbs + r->tx_clones +
		r->pools + r->quarantine + r->extra;
}
