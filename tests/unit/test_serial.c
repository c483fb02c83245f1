// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 1982 serial arithmetic and the CmdSN window.
 */
#include "ins_test.h"
#include "ins_serial.h"

static void sn_basic(void)
{
	CHECK(ins_sn_lt(1, 2));
	CHECK(!ins_sn_lt(2, 1));
	CHECK(!ins_sn_lt(5, 5));
	CHECK(ins_sn_le(5, 5));
	CHECK(ins_sn_ge(5, 5));
	CHECK(ins_sn_gt(2, 1));
	CHECK(!ins_sn_gt(1, 2));
}

static void sn_wraparound(void)
{
	CHECK(ins_sn_lt(0xffffffff, 0));
	CHECK(ins_sn_gt(0, 0xffffffff));
	CHECK(ins_sn_lt(0xfffffff0, 0x10));
	CHECK(ins_sn_gt(0x10, 0xfffffff0));
	CHECK(ins_sn_le(0xffffffff, 0));
	CHECK(!ins_sn_ge(0xffffffff, 0));
	/* largest defined distance, 2^31 - 1 */
	CHECK(ins_sn_lt(0, 0x7fffffff));
	CHECK(ins_sn_gt(0x7fffffff, 0));
	CHECK(ins_sn_lt(0x80000001, 0));
	CHECK(ins_sn_lt(0xffffffff, 0x7ffffffe));
}

/* At distance exactly 2^31 RFC 1982 leaves the order undefined. */
static void sn_undefined_distance(void)
{
	uint32_t pairs[][2] = {
		{ 0, 0x80000000 }, { 0x80000000, 0 },
		{ 1, 0x80000001 }, { 0xffffffff, 0x7fffffff },
	};
	size_t i;

	for (i = 0; i < 4; i++) {
		uint32_t a = pairs[i][0], b = pairs[i][1];

		CHECK(!ins_sn_lt(a, b));
		CHECK(!ins_sn_gt(a, b));
		CHECK(!ins_sn_le(a, b));
		CHECK(!ins_sn_ge(a, b));
	}
}

static void sn_between(void)
{
	CHECK(ins_sn_between(5, 5, 5));
	CHECK(ins_sn_between(5, 1, 10));
	CHECK(!ins_sn_between(11, 1, 10));
	CHECK(!ins_sn_between(0, 1, 10));
	CHECK(ins_sn_between(0, 0xfffffffe, 3));
	CHECK(ins_sn_between(0xffffffff, 0xfffffffe, 3));
	CHECK(!ins_sn_between(4, 0xfffffffe, 3));
	/* an empty range contains nothing */
	CHECK(!ins_sn_between(5, 6, 5));
}

static void window_open_close(void)
{
	struct ins_cmdsn_window w;

	ins_cmdsn_window_init(&w, 10, 12);
	CHECK(!ins_cmdsn_window_closed(&w));
	CHECK(ins_cmdsn_window_open(&w, 10));
	CHECK(ins_cmdsn_window_open(&w, 12));
	CHECK(!ins_cmdsn_window_open(&w, 13));
	CHECK(!ins_cmdsn_window_open(&w, 9));
	/* MaxCmdSN = ExpCmdSN - 1: closed, no CmdSN fits */
	ins_cmdsn_window_init(&w, 10, 9);
	CHECK(ins_cmdsn_window_closed(&w));
	CHECK(!ins_cmdsn_window_open(&w, 9));
	CHECK(!ins_cmdsn_window_open(&w, 10));
	/* closed window across the wrap */
	ins_cmdsn_window_init(&w, 0, 0xffffffff);
	CHECK(ins_cmdsn_window_closed(&w));
	CHECK(!ins_cmdsn_window_open(&w, 0));
	CHECK(!ins_cmdsn_window_open(&w, 0xffffffff));
	/* open window across the wrap */
	ins_cmdsn_window_init(&w, 0xfffffffe, 1);
	CHECK(ins_cmdsn_window_open(&w, 0xffffffff));
	CHECK(ins_cmdsn_window_open(&w, 0));
	CHECK(ins_cmdsn_window_open(&w, 1));
	CHECK(!ins_cmdsn_window_open(&w, 2));
}

static void window_update(void)
{
	struct ins_cmdsn_window w;

	ins_cmdsn_window_init(&w, 10, 20);
	CHECK(ins_cmdsn_window_update(&w, 12, 30));
	CHECK_EQ(w.exp_cmdsn, 12);
	CHECK_EQ(w.max_cmdsn, 30);
	/* stale values never move the window back */
	CHECK(ins_cmdsn_window_update(&w, 11, 25));
	CHECK_EQ(w.exp_cmdsn, 12);
	CHECK_EQ(w.max_cmdsn, 30);
	/* closing: MaxCmdSN = ExpCmdSN - 1 is legal */
	CHECK(ins_cmdsn_window_update(&w, 31, 30));
	CHECK_EQ(w.exp_cmdsn, 31);
	CHECK(ins_cmdsn_window_closed(&w));
	/* MaxCmdSN < ExpCmdSN - 1: ignored entirely */
	CHECK(!ins_cmdsn_window_update(&w, 40, 38));
	CHECK_EQ(w.exp_cmdsn, 31);
	CHECK_EQ(w.max_cmdsn, 30);
	/* across the wrap */
	ins_cmdsn_window_init(&w, 0xfffffff0, 0xfffffff8);
	CHECK(ins_cmdsn_window_update(&w, 0xfffffffa, 5));
	CHECK_EQ(w.exp_cmdsn, 0xfffffffa);
	CHECK_EQ(w.max_cmdsn, 5);
	CHECK(ins_cmdsn_window_open(&w, 0));
	/* max exactly 2^31 away from exp - 1: not comparable, ignored */
	CHECK(!ins_cmdsn_window_update(&w, 0xfffffffb, 0x7ffffffa));
	CHECK_EQ(w.exp_cmdsn, 0xfffffffa);
}

static void window_reset_may_queue(void)
{
	struct ins_cmdsn_window w;

	/* a new connection: only the next CmdSN may go */
	ins_cmdsn_window_reset(&w, 100);
	CHECK_EQ(w.exp_cmdsn, 100);
	CHECK_EQ(w.max_cmdsn, 100);
	CHECK(ins_cmdsn_window_may_queue(&w, 100));
	CHECK(!ins_cmdsn_window_may_queue(&w, 101));
	/* a target that grants a window of one keeps it at one */
	CHECK(ins_cmdsn_window_update(&w, 100, 100));
	CHECK(!ins_cmdsn_window_may_queue(&w, 101));
	/* numbers below ExpCmdSN do not close the window */
	CHECK(ins_cmdsn_window_update(&w, 103, 110));
	CHECK(ins_cmdsn_window_may_queue(&w, 101));
	CHECK(ins_cmdsn_window_may_queue(&w, 110));
	CHECK(!ins_cmdsn_window_may_queue(&w, 111));
	/* across the wrap */
	ins_cmdsn_window_reset(&w, 0xffffffff);
	CHECK(ins_cmdsn_window_may_queue(&w, 0xffffffff));
	CHECK(!ins_cmdsn_window_may_queue(&w, 0));
	CHECK(ins_cmdsn_window_update(&w, 0xffffffff, 2));
	CHECK(ins_cmdsn_window_may_queue(&w, 2));
	CHECK(!ins_cmdsn_window_may_queue(&w, 3));
	/* 2^31 away is not comparable: closed */
	CHECK(!ins_cmdsn_window_may_queue(&w, 0x80000002));
}

/*
 * The session's use of the window: queue commands until MaxCmdSN, stop,
 * let a response reopen it, and after a reconnect start from the next
 * CmdSN again even though the target had granted more before.
 */
static void window_session_flow(void)
{
	struct ins_cmdsn_window w;
	uint32_t queued = 7, n = 0;

	ins_cmdsn_window_reset(&w, queued);
	/* Login Response: ExpCmdSN 7, MaxCmdSN 7 + 31 */
	CHECK(ins_cmdsn_window_update(&w, 7, 38));
	while (ins_cmdsn_window_may_queue(&w, queued)) {
		queued++;
		n++;
	}
	CHECK_EQ(n, 32);
	CHECK_EQ(queued, 39);
	/* a stale response on another path does not reopen it */
	CHECK(ins_cmdsn_window_update(&w, 8, 37));
	CHECK(!ins_cmdsn_window_may_queue(&w, queued));
	/* ten commands done: the target opens ten more */
	CHECK(ins_cmdsn_window_update(&w, 17, 48));
	CHECK(ins_cmdsn_window_may_queue(&w, queued));
	/* reconnect: nothing queued survives, the window restarts */
	ins_cmdsn_window_reset(&w, 20);
	CHECK(ins_cmdsn_window_may_queue(&w, 20));
	CHECK(!ins_cmdsn_window_may_queue(&w, 21));
}

const struct ins_test ins_tests_serial[] = {
	TEST(sn_basic),
	TEST(sn_wraparound),
	TEST(sn_undefined_distance),
	TEST(sn_between),
	TEST(window_open_close),
	TEST(window_update),
	TEST(window_reset_may_queue),
	TEST(window_session_flow),
	TEST_END
};
