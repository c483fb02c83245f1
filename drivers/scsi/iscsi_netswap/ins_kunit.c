// SPDX-License-Identifier: GPL-2.0
/*
 * iscsi_netswap - KUnit suites for the helpers that only run in kernel
 * context (the protocol core has its own userspace tests in tests/unit):
 * scatterlist seek and CRC32C over pages, the receive ring's copies
 * around its wrap and the u32 wrap of its counts, the reserve formula,
 * the rules of a command's lifecycle (ins_cmd.c) and the connection's
 * state table (ins_state.c). Built as
 * iscsi_netswap_kunit.ko when the kernel has KUnit;
 * tests/vm/kunit.sh loads it in a debug guest and reads the results.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/vmalloc.h>
#include <net/tcp.h>

#include <scsi/scsi_host.h>

#include "iscsi_netswap.h"
#include "ins_reserve.h"
#include "ins_ring.h"
#include "ins_sg.h"

/* Byte @i of every test pattern: never periodic at 2^n, never zero. */
static u8 ins_test_byte(u32 i)
{
	return (u8)((i * 131u + (i >> 8) * 7u) | 1u);
}

static void ins_fill(u8 *buf, u32 len, u32 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = ins_test_byte(seed + i);
}

/* ---------------------------------------------------------- scatterlist */

/*
 * Four contiguous pages carved into three entries the way a block request
 * can look: one that starts mid-page and crosses a page boundary, a short
 * one, and a whole page.
 */
struct ins_sg_fixture {
	struct page *pages;
	u8 *mem;
	struct scatterlist sgl[3];
	u8 flat[5000 + 100 + PAGE_SIZE];
	u32 len;
};

static const struct {
	u32 page, offset, length;
} ins_sg_layout[3] = {
	{ 0, 3000, 5000 },	/* page 0 offset 3000 into page 1 */
	{ 3, 10, 100 },
	{ 2, 0, PAGE_SIZE },
};

static int ins_sg_init(struct kunit *test)
{
	struct ins_sg_fixture *f;
	u32 i, pos = 0;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->pages = alloc_pages(GFP_KERNEL, 2);
	if (!f->pages)
		return -ENOMEM;
	f->mem = page_address(f->pages);
	ins_fill(f->mem, 4 * PAGE_SIZE, 0);
	sg_init_table(f->sgl, ARRAY_SIZE(f->sgl));
	for (i = 0; i < ARRAY_SIZE(ins_sg_layout); i++) {
		u32 off = ins_sg_layout[i].page * PAGE_SIZE +
			ins_sg_layout[i].offset;

		sg_set_page(&f->sgl[i], f->pages + ins_sg_layout[i].page,
			    ins_sg_layout[i].length, ins_sg_layout[i].offset);
		memcpy(f->flat + pos, f->mem + off, ins_sg_layout[i].length);
		pos += ins_sg_layout[i].length;
	}
	f->len = pos;
	test->priv = f;
	return 0;
}

static void ins_sg_exit(struct kunit *test)
{
	struct ins_sg_fixture *f = test->priv;

	if (f && f->pages)
		__free_pages(f->pages, 2);
}

static void ins_sg_seek_test(struct kunit *test)
{
	struct ins_sg_fixture *f = test->priv;
	static const struct {
		u32 offset, entry, in_entry;
	} cases[] = {
		{ 0, 0, 0 },
		{ 4999, 0, 4999 },
		{ 5000, 1, 0 },		/* an entry's end is the next start */
		{ 5099, 1, 99 },
		{ 5100, 2, 0 },
		{ 5100 + PAGE_SIZE - 1, 2, PAGE_SIZE - 1 },
	};
	struct scatterlist *sg;
	u32 off, i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ins_sg_seek(f->sgl, cases[i].offset, &sg, &off);
		KUNIT_EXPECT_PTR_EQ(test, sg, &f->sgl[cases[i].entry]);
		KUNIT_EXPECT_EQ(test, off, cases[i].in_entry);
	}
	/* at and past the end: no entry, the excess reported */
	ins_sg_seek(f->sgl, f->len, &sg, &off);
	KUNIT_EXPECT_NULL(test, sg);
	KUNIT_EXPECT_EQ(test, off, 0u);
	ins_sg_seek(f->sgl, f->len + 77, &sg, &off);
	KUNIT_EXPECT_NULL(test, sg);
	KUNIT_EXPECT_EQ(test, off, 77u);
}

static u32 ins_sg_crc(struct ins_sg_fixture *f, u32 crc, u32 start, u32 len)
{
	struct scatterlist *sg;
	u32 off;

	ins_sg_seek(f->sgl, start, &sg, &off);
	return ins_crc32c_sg(crc, sg, off, len);
}

/* Every range that starts or ends near a page or entry edge. */
static void ins_sg_crc_ranges_test(struct kunit *test)
{
	struct ins_sg_fixture *f = test->priv;
	static const u32 edges[] = {
		0, 1, PAGE_SIZE - 3000 - 1, PAGE_SIZE - 3000,
		PAGE_SIZE - 3000 + 1, 4999, 5000, 5001, 5099, 5100,
		5100 + PAGE_SIZE - 1, 5100 + PAGE_SIZE,
	};
	u32 a, b, bad = 0;

	for (a = 0; a < ARRAY_SIZE(edges); a++) {
		for (b = a; b < ARRAY_SIZE(edges); b++) {
			u32 start = edges[a], len = edges[b] - edges[a];
			u32 want = ins_crc32c_update(ins_crc32c_init(),
						     f->flat + start, len);

			if (ins_sg_crc(f, ins_crc32c_init(), start, len) != want)
				bad++;
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0u);
}

/* A digest computed in two pieces is the digest of the whole. */
static void ins_sg_crc_resume_test(struct kunit *test)
{
	struct ins_sg_fixture *f = test->priv;
	u32 split, bad = 0;
	u32 whole = ins_crc32c_update(ins_crc32c_init(), f->flat, f->len);

	for (split = 0; split <= f->len; split += 211) {
		u32 crc = ins_sg_crc(f, ins_crc32c_init(), 0, split);

		crc = ins_sg_crc(f, crc, split, f->len - split);
		if (crc != whole)
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0u);
}

/* RFC 3720 B.4: 32 bytes of zeros, split over a page boundary. */
static void ins_sg_crc_vector_test(struct kunit *test)
{
	struct ins_sg_fixture *f = test->priv;
	struct scatterlist sg[2];

	memset(f->mem + PAGE_SIZE - 20, 0, 40);
	sg_init_table(sg, 2);
	sg_set_page(&sg[0], f->pages, 20, PAGE_SIZE - 20);
	sg_set_page(&sg[1], f->pages + 1, 12, 0);
	KUNIT_EXPECT_EQ(test,
			ins_crc32c_final(ins_crc32c_sg(ins_crc32c_init(), sg,
						       0, 32)),
			0x8a9136aau);
}

static struct kunit_case ins_sg_cases[] = {
	KUNIT_CASE(ins_sg_seek_test),
	KUNIT_CASE(ins_sg_crc_ranges_test),
	KUNIT_CASE(ins_sg_crc_resume_test),
	KUNIT_CASE(ins_sg_crc_vector_test),
	{}
};

static struct kunit_suite ins_sg_suite = {
	.name = "iscsi_netswap_sg",
	.init = ins_sg_init,
	.exit = ins_sg_exit,
	.test_cases = ins_sg_cases,
};

/* ------------------------------------------------------------ the ring */

struct ins_ring_fixture {
	u8 *ring;
	u8 *src;
	u8 *out;
};

#define INS_TEST_SRC	(3 * PAGE_SIZE)

static int ins_ring_init(struct kunit *test)
{
	struct ins_ring_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->ring = vzalloc(INS_RX_RING);
	f->src = kunit_kmalloc(test, INS_TEST_SRC, GFP_KERNEL);
	f->out = kunit_kzalloc(test, INS_TEST_SRC, GFP_KERNEL);
	if (!f->ring || !f->src || !f->out) {
		vfree(f->ring);
		return -ENOMEM;
	}
	ins_fill(f->src, INS_TEST_SRC, 5);
	test->priv = f;
	return 0;
}

static void ins_ring_exit(struct kunit *test)
{
	struct ins_ring_fixture *f = test->priv;

	if (f)
		vfree(f->ring);
}

/*
 * An skb of @linear bytes in its head and the rest of @len in one page
 * fragment at offset 100 of its page, as a NIC's receive path builds it.
 */
static struct sk_buff *ins_test_skb(struct kunit *test, const u8 *data,
				    u32 len, u32 linear)
{
	struct sk_buff *skb = alloc_skb(linear, GFP_KERNEL);
	struct page *page;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, data, linear);
	if (len > linear) {
		KUNIT_ASSERT_LE(test, len - linear, (u32)PAGE_SIZE - 100);
		page = alloc_page(GFP_KERNEL);
		if (!page)
			kfree_skb(skb);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page) + 100, data + linear, len - linear);
		skb_add_rx_frag(skb, 0, page, 100, len - linear, PAGE_SIZE);
	}
	return skb;
}

/* In and out again across the end of the ring, from a paged skb. */
static void ins_ring_wrap_test(struct kunit *test)
{
	struct ins_ring_fixture *f = test->priv;
	static const u32 heads[] = {
		0, 1, INS_RX_RING - 1000, INS_RX_RING - 1,
		U32_MAX - 500,	/* the counts themselves wrap mid-copy */
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(heads); i++) {
		struct sk_buff *skb = ins_test_skb(test, f->src, 3000, 700);
		u32 head = heads[i], tail = heads[i];
		u32 n;

		n = ins_ring_put_skb(f->ring, head, ins_ring_room(head, tail),
				     skb, 0, 3000);
		KUNIT_EXPECT_EQ(test, n, 3000u);
		head += n;
		KUNIT_EXPECT_EQ(test, ins_ring_used(head, tail), 3000u);
		KUNIT_EXPECT_EQ(test, ins_ring_room(head, tail),
				(u32)INS_RX_RING - 3000);
		memset(f->out, 0, 3000);
		ins_ring_get(f->ring, tail, f->out, 3000);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(f->out, f->src, 3000), 0,
				    "head %u", heads[i]);
		kfree_skb(skb);
	}
}

/* Part of an skb, from an offset inside its fragment, in pieces. */
static void ins_ring_offset_test(struct kunit *test)
{
	struct ins_ring_fixture *f = test->priv;
	struct sk_buff *skb = ins_test_skb(test, f->src, 2500, 300);
	u32 head = INS_RX_RING - 64, tail = head, off = 10, n;

	while (off < 2500) {
		n = ins_ring_put_skb(f->ring, head, ins_ring_room(head, tail),
				     skb, off, min(333u, 2500 - off));
		KUNIT_ASSERT_GT(test, n, 0u);
		head += n;
		off += n;
	}
	KUNIT_EXPECT_EQ(test, off, 2500u);
	ins_ring_get(f->ring, tail, f->out, 2490);
	KUNIT_EXPECT_EQ(test, memcmp(f->out, f->src + 10, 2490), 0);
	kfree_skb(skb);
}

/* A full ring takes nothing, a nearly full one what fits. */
static void ins_ring_room_test(struct kunit *test)
{
	struct ins_ring_fixture *f = test->priv;
	struct sk_buff *skb = ins_test_skb(test, f->src, 1000, 1000);
	u32 tail = 12345, head = tail + INS_RX_RING;

	KUNIT_EXPECT_EQ(test, ins_ring_room(head, tail), 0u);
	KUNIT_EXPECT_EQ(test, ins_ring_put_skb(f->ring, head, 0, skb, 0, 1000),
			0u);
	head -= 100;
	KUNIT_EXPECT_EQ(test,
			ins_ring_put_skb(f->ring, head,
					 ins_ring_room(head, tail), skb, 0,
					 1000),
			100u);
	kfree_skb(skb);
}

/* Asking for more than the skb holds copies nothing past its end. */
static void ins_ring_short_skb_test(struct kunit *test)
{
	struct ins_ring_fixture *f = test->priv;
	struct sk_buff *skb = ins_test_skb(test, f->src, 600, 200);

	memset(f->ring, 0, 1024);
	KUNIT_EXPECT_EQ(test,
			ins_ring_put_skb(f->ring, 0, INS_RX_RING, skb, 0, 601),
			0u);
	KUNIT_EXPECT_EQ(test,
			ins_ring_put_skb(f->ring, 0, INS_RX_RING, skb, 600, 1),
			0u);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(f->ring, 0, 1024), NULL);
	kfree_skb(skb);
}

static struct kunit_case ins_ring_cases[] = {
	KUNIT_CASE(ins_ring_wrap_test),
	KUNIT_CASE(ins_ring_offset_test),
	KUNIT_CASE(ins_ring_room_test),
	KUNIT_CASE(ins_ring_short_skb_test),
	{}
};

static struct kunit_suite ins_ring_suite = {
	.name = "iscsi_netswap_ring",
	.init = ins_ring_init,
	.exit = ins_ring_exit,
	.test_cases = ins_ring_cases,
};

/* --------------------------------------------------------- the reserve */

/* What open-iscsi 2.1.8 sets up on the rig (Documentation/reserve.rst). */
static const struct ins_reserve_in ins_rig_in = {
	.rcvbuf = 425984,
	.sndbuf = 425984,
	.rcvbuf_locked = true,
	.sndbuf_locked = true,
	.tcp_rmem_max = 6291456,
	.tcp_wmem_max = 4194304,
	.mss = 65483,
	.can_queue = 128,
	.r2t_slots = 1,
	.cmd_bytes = 1000,
	.r2t_bytes = 20,
	.fixed_bytes = 300000,
};

static void ins_reserve_terms_test(struct kunit *test)
{
	struct ins_reserve r;

	ins_reserve_size(&ins_rig_in, &r);
	KUNIT_EXPECT_EQ(test, r.rcvbuf, 425984ull);
	KUNIT_EXPECT_EQ(test, r.sndbuf, 425984ull);
	/* ceil(425984 / 130966) = 4 ACKs, ceil(425984 / 65483) = 7 clones */
	KUNIT_EXPECT_EQ(test, r.ack_skbs,
			4ull * SKB_TRUESIZE(MAX_TCP_HEADER));
	KUNIT_EXPECT_EQ(test, r.tx_clones,
			7ull * SKB_DATA_ALIGN(sizeof(struct sk_buff)));
	KUNIT_EXPECT_EQ(test, r.pools, 300000ull + 128 * (20 + 1000));
	KUNIT_EXPECT_EQ(test, r.quarantine, 0ull);
	KUNIT_EXPECT_EQ(test, r.total, r.rcvbuf + r.sndbuf + r.ack_skbs +
			r.tx_clones + r.pools);
}

/* A KASAN quarantine and the admin's extra are added as they are. */
static void ins_reserve_quarantine_test(struct kunit *test)
{
	struct ins_reserve_in in = ins_rig_in;
	struct ins_reserve r0, r;

	ins_reserve_size(&ins_rig_in, &r0);
	in.quarantine = 6 << 20;
	in.extra = 3 << 20;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.quarantine, 6ull << 20);
	KUNIT_EXPECT_EQ(test, r.extra, 3ull << 20);
	KUNIT_EXPECT_EQ(test, r.total, r0.total + (9ull << 20));
}

/* Autotuning may grow an unlocked buffer to the sysctl maximum. */
static void ins_reserve_autotune_test(struct kunit *test)
{
	struct ins_reserve_in in = ins_rig_in;
	struct ins_reserve r;

	in.rcvbuf_locked = false;
	in.sndbuf_locked = false;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.rcvbuf, 6291456ull);
	KUNIT_EXPECT_EQ(test, r.sndbuf, 4194304ull);
	/* a buffer already above the maximum keeps its size */
	in.rcvbuf = 8 << 20;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.rcvbuf, 8ull << 20);
	/* locked, a nonsense negative size counts as nothing */
	in.rcvbuf = -1;
	in.rcvbuf_locked = true;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.rcvbuf, 0ull);
	KUNIT_EXPECT_EQ(test, r.ack_skbs, 0ull);
}

/* No socket yet: TCP's default MSS; a tiny one is raised to the floor. */
static void ins_reserve_mss_test(struct kunit *test)
{
	struct ins_reserve_in in = ins_rig_in;
	struct ins_reserve r;

	in.mss = 0;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.tx_clones,
			(u64)DIV_ROUND_UP(425984, TCP_MSS_DEFAULT) *
			SKB_DATA_ALIGN(sizeof(struct sk_buff)));
	in.mss = 1;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.ack_skbs,
			(u64)DIV_ROUND_UP(425984, 2 * TCP_MIN_MSS) *
			SKB_TRUESIZE(MAX_TCP_HEADER));
}

/* The largest host the module allows does not overflow 32 bits. */
static void ins_reserve_large_test(struct kunit *test)
{
	struct ins_reserve_in in = ins_rig_in;
	struct ins_reserve r;

	in.can_queue = 4096;
	in.r2t_slots = 256;
	in.r2t_bytes = 8192;
	ins_reserve_size(&in, &r);
	KUNIT_EXPECT_EQ(test, r.pools, 300000ull + 4096ull *
			(256ull * 8192 + 1000));
	KUNIT_EXPECT_GT(test, r.total, (u64)U32_MAX);
}

static struct kunit_case ins_reserve_cases[] = {
	KUNIT_CASE(ins_reserve_terms_test),
	KUNIT_CASE(ins_reserve_quarantine_test),
	KUNIT_CASE(ins_reserve_autotune_test),
	KUNIT_CASE(ins_reserve_mss_test),
	KUNIT_CASE(ins_reserve_large_test),
	{}
};

static struct kunit_suite ins_reserve_suite = {
	.name = "iscsi_netswap_reserve",
	.test_cases = ins_reserve_cases,
};

/* ------------------------------------------------------------ lifecycle */

/*
 * A session with only what ins_cmd.c touches (its lock, counts and host)
 * and one command laid out as the midlayer lays it out: the private
 * area right behind the scsi_cmnd.
 */
struct ins_cmd_fixture {
	struct ins_session sess;
	struct Scsi_Host shost;
	struct ins_conn conn;
	struct {
		struct scsi_cmnd sc;
		struct ins_cmd priv;
	} req;
};

static struct ins_cmd_fixture *ins_cmd_fixture(struct kunit *test)
{
	struct ins_cmd_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	spin_lock_init(&f->sess.lock);
	f->shost.can_queue = 16;
	f->sess.shost = &f->shost;
	f->conn.sess = &f->sess;
	INIT_LIST_HEAD(&f->conn.cmd_q);
	KUNIT_ASSERT_PTR_EQ(test, ins_cmd(&f->req.sc), &f->req.priv);
	KUNIT_ASSERT_PTR_EQ(test, ins_sc(&f->req.priv), &f->req.sc);
	return f;
}

/* queuecommand's part: started, counted, on the transmit queue. */
static struct ins_cmd *ins_cmd_queue(struct ins_cmd_fixture *f)
{
	struct ins_cmd *cmd = &f->req.priv;

	spin_lock_bh(&f->sess.lock);
	f->sess.queued_cmdsn++;
	ins_cmd_start(&f->sess, cmd, 5);
	list_add_tail(&cmd->tx_entry, &f->conn.cmd_q);
	spin_unlock_bh(&f->sess.lock);
	return cmd;
}

static bool ins_cmd_end_locked(struct ins_cmd_fixture *f, struct ins_cmd *cmd)
{
	bool deliver;

	spin_lock_bh(&f->sess.lock);
	deliver = ins_cmd_end(&f->sess, cmd);
	spin_unlock_bh(&f->sess.lock);
	return deliver;
}

/* Ended once: the first end delivers, any later one is a no-op. */
static void ins_cmd_end_once_test(struct kunit *test)
{
	struct ins_cmd_fixture *f = ins_cmd_fixture(test);
	struct ins_cmd *cmd = ins_cmd_queue(f);

	KUNIT_EXPECT_EQ(test, f->sess.swap.cmds_inflight, 1u);
	cmd->cmd_sent = true;
	KUNIT_EXPECT_TRUE(test, ins_cmd_end_locked(f, cmd));
	KUNIT_EXPECT_FALSE(test, cmd->outstanding);
	KUNIT_EXPECT_TRUE(test, list_empty(&f->conn.cmd_q));
	KUNIT_EXPECT_EQ(test, f->sess.swap.cmds_inflight, 0u);
	/* a sent command's CmdSN was used */
	KUNIT_EXPECT_EQ(test, f->sess.queued_cmdsn, 1u);
	KUNIT_EXPECT_FALSE(test, ins_cmd_end_locked(f, cmd));
	KUNIT_EXPECT_EQ(test, f->sess.swap.cmds_inflight, 0u);
}

/* Ended while a side holds it: the last side to let go delivers it. */
static void ins_cmd_end_held_test(struct kunit *test)
{
	struct ins_cmd_fixture *f = ins_cmd_fixture(test);
	struct ins_cmd *cmd = ins_cmd_queue(f);
	bool deliver;

	cmd->cmd_sent = true;
	spin_lock_bh(&f->sess.lock);
	ins_cmd_hold(cmd, INS_CMD_HOLD_TX);
	ins_cmd_hold(cmd, INS_CMD_HOLD_RX);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_FALSE(test, ins_cmd_end_locked(f, cmd));
	KUNIT_EXPECT_TRUE(test, cmd->end_pending);
	spin_lock_bh(&f->sess.lock);
	deliver = ins_cmd_unhold(cmd, INS_CMD_HOLD_TX);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_FALSE(test, deliver);
	spin_lock_bh(&f->sess.lock);
	deliver = ins_cmd_unhold(cmd, INS_CMD_HOLD_RX);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_TRUE(test, deliver);
	KUNIT_EXPECT_FALSE(test, cmd->end_pending);
	KUNIT_EXPECT_EQ(test, cmd->holds, 0);
}

/* Letting go of a command that has not ended delivers nothing. */
static void ins_cmd_unhold_live_test(struct kunit *test)
{
	struct ins_cmd_fixture *f = ins_cmd_fixture(test);
	struct ins_cmd *cmd = ins_cmd_queue(f);
	bool deliver;

	spin_lock_bh(&f->sess.lock);
	ins_cmd_hold(cmd, INS_CMD_HOLD_RX);
	deliver = ins_cmd_unhold(cmd, INS_CMD_HOLD_RX);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_FALSE(test, deliver);
	KUNIT_EXPECT_TRUE(test, cmd->outstanding);
}

/* Only a command whose PDU was never built can be unqueued. */
static void ins_cmd_unqueue_test(struct kunit *test)
{
	struct ins_cmd_fixture *f = ins_cmd_fixture(test);
	struct ins_cmd *cmd = ins_cmd_queue(f);

	KUNIT_EXPECT_TRUE(test, ins_cmd_unqueue(&f->sess, cmd));
	KUNIT_EXPECT_FALSE(test, cmd->outstanding);
	KUNIT_EXPECT_TRUE(test, list_empty(&f->conn.cmd_q));
	/* its CmdSN goes back unused */
	KUNIT_EXPECT_EQ(test, f->sess.queued_cmdsn, 0u);
	KUNIT_EXPECT_EQ(test, f->sess.swap.cmds_inflight, 0u);
	KUNIT_EXPECT_FALSE(test, ins_cmd_unqueue(&f->sess, cmd));

	cmd = ins_cmd_queue(f);
	cmd->cmd_sent = true;
	KUNIT_EXPECT_FALSE(test, ins_cmd_unqueue(&f->sess, cmd));
	KUNIT_EXPECT_TRUE(test, cmd->outstanding);
}

/*
 * The error handler's reclaim: the command stops being outstanding; one
 * still held is not given back (the EH escalates), and the completion
 * that was waiting for the hold is cancelled, so the side letting go
 * later delivers nothing to a command the EH owns.
 */
static void ins_cmd_reclaim_test(struct kunit *test)
{
	struct ins_cmd_fixture *f = ins_cmd_fixture(test);
	struct ins_cmd *cmd = ins_cmd_queue(f);
	bool deliver;

	cmd->cmd_sent = true;
	KUNIT_EXPECT_TRUE(test, ins_cmd_reclaim(&f->sess, cmd));
	KUNIT_EXPECT_FALSE(test, cmd->outstanding);
	KUNIT_EXPECT_EQ(test, f->sess.swap.cmds_inflight, 0u);
	KUNIT_EXPECT_FALSE(test, ins_cmd_end_locked(f, cmd));

	cmd = ins_cmd_queue(f);
	cmd->cmd_sent = true;
	spin_lock_bh(&f->sess.lock);
	ins_cmd_hold(cmd, INS_CMD_HOLD_TX);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_FALSE(test, ins_cmd_end_locked(f, cmd));
	KUNIT_EXPECT_TRUE(test, cmd->end_pending);
	/* waits INS_RECLAIM_WAIT_MS for the hold, then gives up */
	KUNIT_EXPECT_FALSE(test, ins_cmd_reclaim(&f->sess, cmd));
	KUNIT_EXPECT_FALSE(test, cmd->end_pending);
	spin_lock_bh(&f->sess.lock);
	deliver = ins_cmd_unhold(cmd, INS_CMD_HOLD_TX);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_FALSE(test, deliver);
}

/* A requeue after a recovery: outstanding again, unsent, counted. */
static void ins_cmd_requeue_test(struct kunit *test)
{
	struct ins_cmd_fixture *f = ins_cmd_fixture(test);
	struct ins_cmd *cmd = ins_cmd_queue(f);

	spin_lock_bh(&f->sess.lock);
	cmd->cmd_sent = true;
	cmd->exp_datasn = 3;
	list_del_init(&cmd->tx_entry);
	f->sess.queued_cmdsn = 0;
	ins_cmd_requeue(&f->sess, &f->conn, cmd, 0x10005);
	spin_unlock_bh(&f->sess.lock);
	KUNIT_EXPECT_TRUE(test, cmd->outstanding);
	KUNIT_EXPECT_FALSE(test, cmd->cmd_sent);
	KUNIT_EXPECT_EQ(test, cmd->exp_datasn, 0u);
	KUNIT_EXPECT_EQ(test, cmd->itt, 0x10005u);
	KUNIT_EXPECT_EQ(test, f->sess.queued_cmdsn, 1u);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&f->conn.cmd_q,
						   struct ins_cmd, tx_entry),
			    cmd);
	/* not counted twice: it never stopped being ours */
	KUNIT_EXPECT_EQ(test, f->sess.swap.cmds_inflight, 1u);
}

static struct kunit_case ins_cmd_cases[] = {
	KUNIT_CASE(ins_cmd_end_once_test),
	KUNIT_CASE(ins_cmd_end_held_test),
	KUNIT_CASE(ins_cmd_unhold_live_test),
	KUNIT_CASE(ins_cmd_unqueue_test),
	KUNIT_CASE(ins_cmd_reclaim_test),
	KUNIT_CASE(ins_cmd_requeue_test),
	{}
};

static struct kunit_suite ins_cmd_suite = {
	.name = "iscsi_netswap_cmd",
	.test_cases = ins_cmd_cases,
};

/* ----------------------------------------------------------- the state */

static bool ins_state_go(struct ins_session *sess, enum ins_state st)
{
	bool ok;

	spin_lock_bh(&sess->lock);
	ok = ins_state_change(sess, st);
	spin_unlock_bh(&sess->lock);
	return ok;
}

static struct ins_session *ins_state_fixture(struct kunit *test)
{
	struct ins_session *sess = kunit_kzalloc(test, sizeof(*sess),
						 GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sess);
	spin_lock_init(&sess->lock);
	sess->state = INS_ST_NEW;
	return sess;
}

/* A session's life: login, an in-kernel recovery, logout, teardown. */
static void ins_state_life_test(struct kunit *test)
{
	static const enum ins_state path[] = {
		INS_ST_LOGIN, INS_ST_LIVE, INS_ST_FAILED, INS_ST_RECOVERING,
		INS_ST_LIVE, INS_ST_FAILED, INS_ST_STOPPED, INS_ST_GIVEN_UP,
		INS_ST_LOGIN,
		INS_ST_LIVE, INS_ST_LOGOUT, INS_ST_TERMINATED, INS_ST_NEW,
		INS_ST_LOGIN,
	};
	struct ins_session *sess = ins_state_fixture(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(path); i++) {
		KUNIT_EXPECT_TRUE_MSG(test, ins_state_go(sess, path[i]),
				      "step %u: to %s", i,
				      ins_state_name(path[i]));
		KUNIT_EXPECT_EQ(test, sess->state, path[i]);
	}
}

/* What the table refuses leaves the state as it was. */
static void ins_state_refused_test(struct kunit *test)
{
	static const struct {
		enum ins_state from, to;
	} bad[] = {
		{ INS_ST_NEW, INS_ST_LIVE },		/* no login */
		{ INS_ST_LIVE, INS_ST_RECOVERING },	/* a failure first */
		{ INS_ST_LOGIN, INS_ST_RECOVERING },	/* never was live */
		{ INS_ST_LOGOUT, INS_ST_RECOVERING },	/* logging out */
		{ INS_ST_LOGOUT, INS_ST_LIVE },
		{ INS_ST_TERMINATED, INS_ST_LOGIN },	/* destroy first */
		{ INS_ST_TERMINATED, INS_ST_STOPPED },
		{ INS_ST_FAILED, INS_ST_LIVE },		/* iscsid stops first */
		{ INS_ST_FAILED, INS_ST_FAILED },	/* reported once */
		{ INS_ST_LIVE, INS_ST_GIVEN_UP },	/* not blocked */
		{ INS_ST_STOPPED, INS_ST_LIVE },
	};
	struct ins_session *sess = ins_state_fixture(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		sess->state = bad[i].from;
		KUNIT_EXPECT_FALSE_MSG(test, ins_state_go(sess, bad[i].to),
				       "%s -> %s allowed",
				       ins_state_name(bad[i].from),
				       ins_state_name(bad[i].to));
		KUNIT_EXPECT_EQ(test, sess->state, bad[i].from);
	}
}

/* The module's workqueue is ins_main.c's; the suites queue on the system's. */
struct workqueue_struct *ins_wq;

static atomic_t ins_state_fail_runs;

static void ins_state_fail_work(struct work_struct *work)
{
	atomic_inc(&ins_state_fail_runs);
}

/*
 * A failure moves a connection that is logging in or in full feature
 * phase to FAILED, once, and queues the decision on it; in any other
 * state it changes nothing.
 */
static void ins_state_fail_test(struct kunit *test)
{
	struct ins_session *sess = ins_state_fixture(test);
	struct ins_conn *conn = kunit_kzalloc(test, sizeof(*conn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, conn);
	ins_wq = system_wq;
	conn->sess = sess;
	INIT_WORK(&sess->fail_work, ins_state_fail_work);
	atomic_set(&ins_state_fail_runs, 0);

	sess->state = INS_ST_LIVE;
	ins_state_fail(conn, ISCSI_ERR_CONN_FAILED);
	ins_state_fail(conn, ISCSI_ERR_NOP_TIMEDOUT);	/* the first counts */
	flush_work(&sess->fail_work);
	KUNIT_EXPECT_EQ(test, sess->state, INS_ST_FAILED);
	KUNIT_EXPECT_EQ(test, sess->fail_err, (int)ISCSI_ERR_CONN_FAILED);
	KUNIT_EXPECT_EQ(test, sess->fail_from, INS_ST_LIVE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ins_state_fail_runs), 1);

	sess->state = INS_ST_LOGIN;
	ins_state_fail(conn, ISCSI_ERR_PROTO);
	flush_work(&sess->fail_work);
	KUNIT_EXPECT_EQ(test, sess->state, INS_ST_FAILED);
	KUNIT_EXPECT_EQ(test, sess->fail_from, INS_ST_LOGIN);
	KUNIT_EXPECT_EQ(test, atomic_read(&ins_state_fail_runs), 2);

	sess->fail_err = 0;
	sess->state = INS_ST_RECOVERING;	/* the recovery's own failures */
	ins_state_fail(conn, ISCSI_ERR_CONN_FAILED);
	sess->state = INS_ST_STOPPED;
	ins_state_fail(conn, ISCSI_ERR_CONN_FAILED);
	flush_work(&sess->fail_work);
	KUNIT_EXPECT_EQ(test, sess->state, INS_ST_STOPPED);
	KUNIT_EXPECT_EQ(test, sess->fail_err, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ins_state_fail_runs), 2);
}

/* Every state has a name, and full feature phase is LIVE and LOGOUT. */
static void ins_state_names_test(struct kunit *test)
{
	enum ins_state st;

	for (st = 0; st < INS_ST_NR; st++) {
		KUNIT_EXPECT_STRNEQ(test, ins_state_name(st), "?");
		KUNIT_EXPECT_EQ(test, ins_state_ffp(st),
				st == INS_ST_LIVE || st == INS_ST_LOGOUT);
	}
	KUNIT_EXPECT_STREQ(test, ins_state_name(INS_ST_NR), "?");
}

static struct kunit_case ins_state_cases[] = {
	KUNIT_CASE(ins_state_life_test),
	KUNIT_CASE(ins_state_refused_test),
	KUNIT_CASE(ins_state_names_test),
	KUNIT_CASE(ins_state_fail_test),
	{}
};

static struct kunit_suite ins_state_suite = {
	.name = "iscsi_netswap_state",
	.test_cases = ins_state_cases,
};

kunit_test_suites(&ins_sg_suite, &ins_ring_suite, &ins_reserve_suite,
		  &ins_cmd_suite, &ins_state_suite);

MODULE_DESCRIPTION("KUnit tests of iscsi_netswap's kernel-side helpers");
MODULE_LICENSE("GPL");
