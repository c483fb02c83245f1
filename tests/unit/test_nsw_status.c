// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of `iscsi-netswap status` (userspace/iscsid-plugin/
 * nsw_status.c): the table a person reads and the JSON a script parses,
 * from sessions as the tool reads them out of sysfs.
 */
#include "ins_test.h"
#include "nsw_status.h"

static char out[16384];

static void attr(struct nsw_session *s, const char *name, const char *value)
{
	snprintf(s->attr[s->nattr].name, sizeof(s->attr[0].name), "%s", name);
	snprintf(s->attr[s->nattr].value, sizeof(s->attr[0].value), "%s", value);
	s->nattr++;
}

/* A swap session on a stock kernel that recovered twice, and an idle one. */
static void two_sessions(struct nsw_session *s)
{
	memset(s, 0, 2 * sizeof(*s));
	s[0].host = 2;
	s[0].session = 1;
	strcpy(s[0].target, "iqn.2026-12.test:swap");
	strcpy(s[0].state, "LOGGED_IN");
	strcpy(s[0].nic, "eth0");
	strcpy(s[0].driver, "e1000e");
	s[0].ndev = 1;
	strcpy(s[0].dev[0], "/dev/sda1");
	attr(&s[0], "cmds_hwm", "12");
	attr(&s[0], "memalloc_active", "1");
	attr(&s[0], "r2t_hwm", "3");
	attr(&s[0], "recoveries", "2");
	attr(&s[0], "recovery_last_at_s", "1000");
	attr(&s[0], "recovery_last_ms", "1234");
	attr(&s[0], "recovery_state", "idle");
	attr(&s[0], "reserve_bytes", "1359872");
	attr(&s[0], "swap", "1");
	s[1].host = 3;
	s[1].session = 2;
	strcpy(s[1].target, "iqn.2026-12.test:\"odd\"\tname");
	strcpy(s[1].state, "FAILED");
	attr(&s[1], "memalloc_active", "0");
	attr(&s[1], "recoveries", "0");
	attr(&s[1], "recovery_state", "recovering");
	attr(&s[1], "swap", "0");
	attr(&s[1], "cmds_hwm", "0");
}

static void test_sizes_and_spans(void)
{
	char b[32];

	nsw_fmt_size(b, sizeof(b), 0);
	CHECK_STR(b, "0k");
	nsw_fmt_size(b, sizeof(b), 1);
	CHECK_STR(b, "1k");
	nsw_fmt_size(b, sizeof(b), 1359872);
	CHECK_STR(b, "1328k");
	nsw_fmt_size(b, sizeof(b), 64ULL << 20);
	CHECK_STR(b, "64M");
	nsw_fmt_size(b, sizeof(b), 20ULL << 30);
	CHECK_STR(b, "20G");
	nsw_fmt_ago(b, sizeof(b), 42);
	CHECK_STR(b, "42s");
	nsw_fmt_ago(b, sizeof(b), 192);
	CHECK_STR(b, "3m12s");
	nsw_fmt_ago(b, sizeof(b), 5 * 3600 + 180);
	CHECK_STR(b, "5h03m");
	nsw_fmt_ago(b, sizeof(b), 2 * 86400 + 4 * 3600);
	CHECK_STR(b, "2d04h");
}

static void test_table_one_line_per_session(void)
{
	struct nsw_status_swap sw = { "/dev/sda1", 8, 1, 2, 1, 1328, 1 };
	struct nsw_status_sys sys = {
		.min_free_kb = 2968, .have_state = 1, .orig_kb = 1640,
		.tool_reserve_kb = 1328, .now_s = 1192, .nswap = 1,
		.swap = &sw,
	};
	struct nsw_session s[2];
	const char *l1, *l2, *l3;
	int n;

	two_sessions(s);
	n = nsw_status_table(s, 2, &sys, out, sizeof(out));
	CHECK(n > 0 && (size_t)n == strlen(out));
	l1 = out;
	l2 = strchr(l1, '\n') + 1;
	l3 = strchr(l2, '\n') + 1;
	CHECK(!strncmp(l1, "DEVICE     SESSION  TARGET ", 27));
	CHECK(!strncmp(l2, "/dev/sda1  1        iqn.2026-12.test:swap ", 42));
	CHECK(strstr(l2, "  LOGGED_IN  ") && strstr(l2, "1328k (min_free)"));
	CHECK(strstr(l2, "  on  ") && strstr(l2, "3m12s ago, 1.2s"));
	/* the pools' high-water marks close the line */
	CHECK(strstr(l2, "  12  ") && !strncmp(strchr(l2, '\n') - 3, "  3\n", 4));
	/* every column starts where its heading does */
	CHECK_EQ(strstr(l1, "STATE") - l1, strstr(l2, "LOGGED_IN") - l2);
	CHECK_EQ(strstr(l1, "RESERVE") - l1, strstr(l2, "1328k") - l2);
	/* the idle session: no swap device, no reserve, recovering now */
	CHECK(!strncmp(l3, "-          2 ", 13));
	CHECK(strstr(l3, "  RECOVERING  ") && strstr(l3, "  off  "));
	CHECK(strstr(l3, "  never  "));
	CHECK(strstr(out, "\nvm.min_free_kbytes 2968 = 1640 before the tool's first swapon + 1328 reserved by it\n"));
	CHECK(!strstr(out, "stale"));

	/* stale: the tool holds no reserve for it (a plain swapon's mark) */
	sw.active = 0;
	CHECK(nsw_status_table(s, 2, &sys, out, sizeof(out)) > 0);
	CHECK(strstr(out, "  none (not swapon'd by the tool)  "));
	CHECK(strstr(out, "\nstale: /dev/sda1 (8:1) is in the tool's state but no longer swap\n"));
	/* a kernel that holds the reserve itself: its limit, or not at all */
	attr(&s[0], "reserve_limit_bytes", "1359872");
	attr(&s[0], "reserve_hwm_bytes", "32768");
	CHECK(nsw_status_table(s, 2, &sys, out, sizeof(out)) > 0);
	CHECK(strstr(out, "  1328k (kernel, hwm 32k)  "));
	strcpy(s[0].attr[s[0].nattr - 2].value, "0");
	CHECK(nsw_status_table(s, 2, &sys, out, sizeof(out)) > 0);
	CHECK(strstr(out, "  not registered  "));
	/* too small a buffer is an error, not a cut line */
	CHECK_EQ(nsw_status_table(s, 2, &sys, out, 100), -1);
	CHECK(nsw_status_table(NULL, 0, &sys, out, sizeof(out)) > 0);
	CHECK(!strncmp(out, "no iSCSI session driven by iscsi_netswap\n", 41));
}

static void test_json(void)
{
	struct nsw_status_sys sys = {
		.min_free_kb = 1640, .have_state = 1, .safe_logout = "in force",
		.now_s = 1192,
	};
	struct nsw_session s[2];

	two_sessions(s);
	CHECK(nsw_status_json(s, 2, &sys, out, sizeof(out)) > 0);
	CHECK(!strncmp(out, "{\"min_free_kbytes\": 1640, \"state_readable\": true, \"safe_logout\": \"in force\",", 76));
	CHECK(strstr(out, "{\"host\": 2, \"session\": 1, \"target\": \"iqn.2026-12.test:swap\", \"state\": \"LOGGED_IN\", \"nic\": \"eth0\", \"driver\": \"e1000e\", \"swap_devices\": [\"/dev/sda1\"], \"netswap\": {\"cmds_hwm\": 12, "));
	CHECK(strstr(out, "\"recovery_state\": \"idle\", \"reserve_bytes\": 1359872, \"swap\": 1}}"));
	/* strings escaped; no NIC is null */
	CHECK(strstr(out, "\"target\": \"iqn.2026-12.test:\\\"odd\\\"\\tname\", \"state\": \"FAILED\", \"nic\": null, \"driver\": null, \"swap_devices\": []"));
	CHECK(strstr(out, "\"tool_swaps\": []}\n"));
	CHECK(!strstr(out, "min_free_kbytes_before"));
	CHECK_EQ(nsw_status_json(s, 2, &sys, out, 64), -1);
}

/* --long: every file as name=value, the tool's swaps, stale marked */
static void test_long(void)
{
	struct nsw_status_swap sw = { "/dev/sda1", 8, 1, 2, 1, 1328, 0 };
	struct nsw_status_sys sys = {
		.min_free_kb = 2968, .have_state = 1, .orig_kb = 1640,
		.tool_reserve_kb = 1328, .nswap = 1, .swap = &sw,
	};
	struct nsw_session s[2];

	two_sessions(s);
	CHECK(nsw_status_long(s, 2, &sys, out, sizeof(out)) > 0);
	CHECK(!strncmp(out, "host2 session=1 target=iqn.2026-12.test:swap state=LOGGED_IN nic=eth0 driver=e1000e swap_device=/dev/sda1 cmds_hwm=12 memalloc_active=1 ", 124));
	CHECK(strstr(out, " reserve_bytes=1359872 swap=1\nhost3 session=2 "));
	CHECK(strstr(out, "\nvm.min_free_kbytes=2968 original=1640 reserves=1328\n"));
	CHECK(strstr(out, "\nswap /dev/sda1 (8:1) host2 session=1 reserve_kb=1328 (not active: stale)\n"));
	CHECK_EQ(nsw_status_long(s, 2, &sys, out, 50), -1);
}

const struct ins_test ins_tests_nsw_status[] = {
	TEST(test_sizes_and_spans),
	TEST(test_table_one_line_per_session),
	TEST(test_json),
	TEST(test_long),
	TEST_END,
};
