/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsi_netswap - swap sessions (decisions D4, D6): the per-session swap
 * mark, the reserve policy, the sized reserve and the counters that show
 * what the session took from the reserves.
 *
 * Documentation/reserve.rst explains the reserve formula; the sysfs
 * attributes that show and set all this are ins_sysfs.c's.
 */
#ifndef INS_SWAP_H
#define INS_SWAP_H

#include <linux/atomic.h>
#include <linux/blk_types.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#ifdef CONFIG_MM_RESERVE
#include <linux/mm_reserve.h>
#endif

struct ins_conn;
struct ins_reserve;
struct ins_session;
struct scsi_device;
struct sock;

/*
 * Per-session swap state. @swap is changed under ins_session.ctl_mutex;
 * the command counters under ins_session.lock; the atomics anywhere.
 */
struct ins_swap {
	bool swap;			/* marked as backing active swap */
	bool auto_marked;		/* marked by a swap write, not the tool */
	struct mutex lun_mutex;		/* swap_luns and what follows them */
	u32 swap_luns;			/* its disks that hold swap (swapon) */
#ifdef CONFIG_MM_RESERVE
	/* the reserve registered with the kernel (ins_group.c) */
	struct mm_reserve group;
	char group_name[24];
	u64 rx_bytes;			/* the socket's part (sk_reserve) */
	atomic_long_t sock_hwm;		/* most its past sockets held */
#endif
	struct work_struct mark_work;	/* ins_swap_note_cmd() -> mark */
	const void *rx_last;		/* last pfmemalloc skb counted */
	atomic64_t rx_pfmemalloc;	/* pfmemalloc skbs received */
	atomic64_t tx_reserve_bytes;	/* bytes sent under PF_MEMALLOC */
	atomic64_t tx_reserve_runs;	/* io_work passes that sent so */
	u32 cmds_inflight;		/* SCSI commands owned by us */
	u32 cmds_hwm;			/* most at once */
	u64 cmds_full;			/* times every command slot was busy */
	u64 window_waits;		/* queuecommand found CmdSN window shut */
	u32 r2t_hwm;			/* deepest R2T ring use of a command */
};

/* io_work's memory context, chosen once per run. */
struct ins_io_ctx {
	unsigned int noio;
	unsigned int noreclaim;
	bool reserve;
};

void ins_swap_init(struct ins_session *sess);
bool ins_swap_memalloc_wanted(struct ins_session *sess);
void ins_swap_set_memalloc(struct ins_conn *conn, bool enable);
void ins_swap_conn_bound(struct ins_conn *conn);
void ins_swap_io_begin(struct ins_conn *conn, struct ins_io_ctx *ctx);
void ins_swap_io_end(struct ins_conn *conn, struct ins_io_ctx *ctx,
		     u64 tx_bytes);
void ins_swap_rx_skb(struct ins_conn *conn, struct sk_buff *skb);
void ins_swap_mark_async(struct ins_swap *sw);
int ins_swap_set(struct ins_session *sess, bool swap, bool by_io);
int ins_swap_activate(struct scsi_device *sdev);
void ins_swap_deactivate(struct scsi_device *sdev);
struct ins_conn *ins_swap_get_conn(struct ins_session *sess);
void ins_swap_reserve(struct ins_session *sess, struct ins_conn *conn,
		      struct ins_reserve *r);

/**
 * ins_swap_note_cmd - a swap write on an unmarked session marks it
 * @sw: the session's swap state
 * @opf: the request's operation and flags
 *
 * swapon(8) run by hand, without iscsi-netswap, leaves the session
 * unmarked; its first swap write must not go out on a socket that may
 * not touch the reserves (decision D4 and Documentation/reserve.rst).
 * Marking sleeps, so it is done on the reclaim-safe workqueue.
 */
static inline void ins_swap_note_cmd(struct ins_swap *sw, blk_opf_t opf)
{
	if (unlikely(opf & REQ_SWAP) && !READ_ONCE(sw->swap))
		ins_swap_mark_async(sw);
}

/* A command became ours (queuecommand); session lock held. */
static inline void ins_swap_cmd_get(struct ins_swap *sw, u32 can_queue)
{
	sw->cmds_inflight++;
	if (sw->cmds_inflight > sw->cmds_hwm)
		sw->cmds_hwm = sw->cmds_inflight;
	if (sw->cmds_inflight >= can_queue)
		sw->cmds_full++;
}

/* A command was given back; session lock held. */
static inline void ins_swap_cmd_put(struct ins_swap *sw)
{
	if (sw->cmds_inflight)
		sw->cmds_inflight--;
}

/* An R2T ring holds @depth entries; session lock held. */
static inline void ins_swap_r2t_depth(struct ins_swap *sw, u32 depth)
{
	if (depth > sw->r2t_hwm)
		sw->r2t_hwm = depth;
}

#endif /* INS_SWAP_H */
