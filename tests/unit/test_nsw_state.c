// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the iscsi-netswap tool's pure logic
 * (userspace/iscsid-plugin/nsw_state.c): the state file and the
 * vm.min_free_kbytes arithmetic.
 */
#include "ins_test.h"
#include "nsw_state.h"

static struct nsw_entry entry(unsigned int maj, unsigned int min, int host,
			      unsigned long long kb, const char *path)
{
	struct nsw_entry e;

	memset(&e, 0, sizeof(e));
	e.major = maj;
	e.minor = min;
	e.host = host;
	e.session = host + 10;
	e.reserve_kb = kb;
	strcpy(e.path, path);
	return e;
}

static void test_bytes_to_kb(void)
{
	CHECK_EQ(nsw_bytes_to_kb(0), 0);
	CHECK_EQ(nsw_bytes_to_kb(1), 1);
	CHECK_EQ(nsw_bytes_to_kb(1023), 1);
	CHECK_EQ(nsw_bytes_to_kb(1024), 1);
	CHECK_EQ(nsw_bytes_to_kb(1025), 2);
	CHECK_EQ(nsw_bytes_to_kb(13654321), 13335);
}

/* Two areas of one session count once; sessions add up. */
static void test_target_sums_sessions_once(void)
{
	struct nsw_state st;
	struct nsw_entry e;

	nsw_state_init(&st, 1793);
	CHECK_EQ(nsw_target_kb(&st), 1793);
	e = entry(8, 1, 2, 10000, "/dev/sda1");
	CHECK_EQ(nsw_add(&st, &e), 0);
	CHECK_EQ(nsw_target_kb(&st), 11793);
	e = entry(8, 2, 2, 10000, "/dev/sda2");
	CHECK_EQ(nsw_add(&st, &e), 0);
	CHECK_EQ(nsw_target_kb(&st), 11793);
	e = entry(8, 16, 3, 5000, "/dev/sdb");
	CHECK_EQ(nsw_add(&st, &e), 0);
	CHECK_EQ(nsw_target_kb(&st), 16793);
	/* the same session seen with a larger reserve: the larger counts */
	e = entry(8, 3, 2, 12000, "/dev/sda3");
	CHECK_EQ(nsw_add(&st, &e), 0);
	CHECK_EQ(nsw_reserve_sum(&st), 17000);
	CHECK_EQ(nsw_add(&st, &e), -EEXIST);

	CHECK_EQ(nsw_remove(&st, 8, 3), 0);
	CHECK_EQ(nsw_remove(&st, 8, 3), -ENOENT);
	CHECK_EQ(nsw_remove(&st, 8, 1), 0);
	CHECK(nsw_host_in_use(&st, 2));
	CHECK_EQ(nsw_target_kb(&st), 16793);
	CHECK_EQ(nsw_remove(&st, 8, 2), 0);
	CHECK(!nsw_host_in_use(&st, 2));
	CHECK_EQ(nsw_target_kb(&st), 6793);
	CHECK_EQ(nsw_remove(&st, 8, 16), 0);
	/* the last one gone: exactly the original */
	CHECK_EQ(nsw_target_kb(&st), 1793);
}

static void test_format_parse_roundtrip(void)
{
	struct nsw_state st, back;
	struct nsw_entry e;
	char buf[4096], buf2[4096];
	int n;

	nsw_state_init(&st, 2048);
	e = entry(8, 1, 2, 13335, "/dev/sda1");
	nsw_add(&st, &e);
	e = entry(259, 7, 11, 1, "/dev/disk/by-path/ip-10.0.2.100:3260-x");
	nsw_add(&st, &e);
	st.set_kb = nsw_target_kb(&st);
	st.pending = 1;
	n = nsw_state_format(&st, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_EQ(nsw_state_parse(buf, &back), 0);
	CHECK_EQ(back.orig_kb, 2048);
	CHECK_EQ(back.set_kb, 2048 + 13335 + 1);
	CHECK_EQ(back.pending, 1);
	CHECK_EQ(back.n, 2);
	CHECK_EQ(back.e[1].major, 259);
	CHECK_EQ(back.e[1].minor, 7);
	CHECK_EQ(back.e[1].host, 11);
	CHECK_EQ(back.e[1].session, 21);
	CHECK_STR(back.e[1].path, "/dev/disk/by-path/ip-10.0.2.100:3260-x");
	CHECK_EQ(nsw_state_format(&back, buf2, sizeof(buf2)), n);
	CHECK_STR(buf, buf2);
	/* too small a buffer is an error, not a cut file */
	CHECK_EQ(nsw_state_format(&st, buf2, 40), -ENOSPC);
}

static void test_parse_rejects(void)
{
	static const char * const bad[] = {
		"",
		"version 1\n",
		"version 2\norig_min_free_kbytes 1\nset_min_free_kbytes 1\n",
		"version 1\norig_min_free_kbytes x\nset_min_free_kbytes 1\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\nfoo 1\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\npending 2\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\n"
		"swap 8:1 host=2 session=1 path=/dev/sda1\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\n"
		"swap 8:1 host=2 session=1 reserve_kb=-5 path=/dev/sda1\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\n"
		"swap 8 host=2 session=1 reserve_kb=5 path=/dev/sda1\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\n"
		"swap 8:1 host=2 session=1 reserve_kb=5 path=/dev/sda1\n"
		"swap 8:1 host=2 session=1 reserve_kb=5 path=/dev/sda1\n",
		"version 1\norig_min_free_kbytes 1\nset_min_free_kbytes 1\n"
		"swap 8:1 host=2 session=1 reserve_kb=5 bogus=1 path=/dev/sda1\n",
		NULL,
	};
	struct nsw_state st;
	int i;

	for (i = 0; bad[i]; i++) {
		if (nsw_state_parse(bad[i], &st) != -EINVAL) {
			ins_test_fail(__FILE__, __LINE__, "accepted bad[%d]", i);
			return;
		}
	}
	CHECK_EQ(nsw_state_parse("# c\nversion 1\norig_min_free_kbytes 5\n"
				 "set_min_free_kbytes 5\n", &st), 0);
	CHECK_EQ(st.n, 0);
	CHECK_EQ(st.pending, 0);
}

/*
 * What vm.min_free_kbytes reads when the tool starts: ours, ours while a
 * write was pending (a crash), or changed by the admin.
 */
static void test_sync_current(void)
{
	struct nsw_state st;
	struct nsw_entry e;

	/* no entries: whatever it is, is the original */
	nsw_state_init(&st, 1000);
	nsw_sync_current(&st, 4000);
	CHECK_EQ(st.orig_kb, 4000);
	CHECK_EQ(nsw_target_kb(&st), 4000);

	e = entry(8, 1, 2, 500, "/dev/sda1");
	nsw_add(&st, &e);
	st.set_kb = nsw_target_kb(&st);		/* 4500 */
	nsw_sync_current(&st, 4500);
	CHECK_EQ(st.orig_kb, 4000);

	/* died between the state and the sysctl: either value is ours */
	st.pending = 1;
	nsw_sync_current(&st, 4000);
	CHECK_EQ(st.orig_kb, 4000);
	CHECK_EQ(nsw_target_kb(&st), 4500);
	st.pending = 0;

	/* the admin raised it by 100: the original moves with it */
	nsw_sync_current(&st, 4600);
	CHECK_EQ(st.orig_kb, 4100);
	CHECK_EQ(nsw_target_kb(&st), 4600);
	/* and lowered it below our reserve: the original cannot go negative */
	nsw_sync_current(&st, 300);
	CHECK_EQ(st.orig_kb, 0);
	CHECK_EQ(st.set_kb, 300);
	CHECK_EQ(nsw_target_kb(&st), 500);
	nsw_remove(&st, 8, 1);
	CHECK_EQ(nsw_target_kb(&st), 0);
}

const struct ins_test ins_tests_nsw_state[] = {
	TEST(test_bytes_to_kb),
	TEST(test_target_sums_sessions_once),
	TEST(test_format_parse_roundtrip),
	TEST(test_parse_rejects),
	TEST(test_sync_current),
	TEST_END,
};
