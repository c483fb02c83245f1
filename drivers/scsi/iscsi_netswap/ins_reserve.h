/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - the reserve formula (Documentation/reserve.rst): the
 * worst-case transient memory of a swap session, from what its socket
 * and its pools look like now. Pure arithmetic, so that the KUnit suite
 * (ins_kunit.c) can hold it to the documented numbers.
 */
#ifndef INS_RESERVE_H
#define INS_RESERVE_H

#include <linux/types.h>

/* What the formula is computed from; ins_swap.c reads it off a session. */
struct ins_reserve_in {
	int rcvbuf;		/* sk_rcvbuf, 0 without a socket */
	int sndbuf;		/* sk_sndbuf, 0 without a socket */
	bool rcvbuf_locked;	/* SO_RCVBUF set: no autotuning */
	bool sndbuf_locked;	/* SO_SNDBUF set: no autotuning */
	int tcp_rmem_max;	/* net.ipv4.tcp_rmem[2] */
	int tcp_wmem_max;	/* net.ipv4.tcp_wmem[2] */
	u32 mss;		/* the socket's mss_cache, 0 if not known */
	u32 can_queue;		/* commands the host may hold */
	u32 r2t_slots;		/* R2T ring entries per command */
	u32 cmd_bytes;		/* per command, without its R2T ring */
	u32 r2t_bytes;		/* per R2T ring entry */
	u64 fixed_bytes;	/* session, connection and their buffers */
	u64 quarantine;		/* freed memory kept from reuse (KASAN), or 0 */
	u64 extra;		/* the admin's addition (reserve_extra_kb) */
};

/* Worst-case transient memory of a session, in bytes. */
struct ins_reserve {
	u64 rcvbuf;
	u64 sndbuf;
	u64 ack_skbs;
	u64 tx_clones;
	u64 pools;
	u64 quarantine;
	u64 extra;
	u64 total;
};

void ins_reserve_size(const struct ins_reserve_in *in, struct ins_reserve *r);

#endif /* INS_RESERVE_H */
