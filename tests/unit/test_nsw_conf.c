// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of `iscsi-netswap safe-logout` (userspace/iscsid-plugin/
 * nsw_conf.c): iscsid.safe_logout read as iscsid reads it, turned on, and
 * turned off again to exactly the text found.
 */
#include "ins_test.h"
#include "nsw_conf.h"

static char out[4096], back[4096];

static void test_enabled_as_iscsid_reads_it(void)
{
	CHECK_EQ(nsw_safe_logout_enabled(""), 0);
	CHECK_EQ(nsw_safe_logout_enabled("# iscsid.safe_logout = Yes\n"), 0);
	CHECK_EQ(nsw_safe_logout_enabled("iscsid.safe_logout = Yes\n"), 1);
	CHECK_EQ(nsw_safe_logout_enabled("iscsid.safe_logout=Yes"), 1);
	CHECK_EQ(nsw_safe_logout_enabled("  iscsid.safe_logout =\tYes \n"), 1);
	/* iscsid compares with strcmp */
	CHECK_EQ(nsw_safe_logout_enabled("iscsid.safe_logout = yes\n"), 0);
	CHECK_EQ(nsw_safe_logout_enabled("iscsid.safe_logout = Yes # c\n"), 0);
	/* the first setting wins; a line without a value is skipped */
	CHECK_EQ(nsw_safe_logout_enabled("iscsid.safe_logout = No\n"
					 "iscsid.safe_logout = Yes\n"), 0);
	CHECK_EQ(nsw_safe_logout_enabled("iscsid.safe_logout =\n"
					 "iscsid.safe_logout = Yes\n"), 1);
}

/* Debian's file: only a commented example; on appends, off restores. */
static void test_on_off_appends_and_restores(void)
{
	const char *deb = "# iscsid.safe_logout = Yes\n\nnode.startup = manual\n";

	CHECK_EQ(nsw_safe_logout_on(deb, out, sizeof(out)), 0);
	CHECK_EQ(nsw_safe_logout_enabled(out), 1);
	CHECK(strstr(out, deb) == out);
	CHECK_EQ(nsw_safe_logout_on(out, back, sizeof(back)), 1);
	CHECK_STR(back, out);
	CHECK_EQ(nsw_safe_logout_off(out, back, sizeof(back)), 0);
	CHECK_STR(back, deb);
	CHECK_EQ(nsw_safe_logout_off(back, out, sizeof(out)), 1);
	CHECK_STR(out, deb);
}

/* An admin's "No" is replaced in place and comes back on off. */
static void test_on_off_replaces_a_no(void)
{
	const char *conf = "a = 1\niscsid.safe_logout = No\nb = 2";

	CHECK_EQ(nsw_safe_logout_on(conf, out, sizeof(out)), 0);
	CHECK_EQ(nsw_safe_logout_enabled(out), 1);
	CHECK(strstr(out, "a = 1\n" NSW_MARK_WAS "iscsid.safe_logout = No\n"
		      NSW_SAFE_LOGOUT_LINE "\nb = 2") == out);
	CHECK_EQ(nsw_safe_logout_off(out, back, sizeof(back)), 0);
	CHECK_STR(back, conf);
	/* no newline at the end of the file */
	CHECK_EQ(nsw_safe_logout_on("x = 1", out, sizeof(out)), 0);
	CHECK_STR(out, "x = 1\n" NSW_MARK_ADDED "\n" NSW_SAFE_LOGOUT_LINE "\n");
}

/* An admin's own Yes is left alone by on and by off. */
static void test_admin_setting_untouched(void)
{
	const char *conf = "iscsid.safe_logout = Yes\n";

	CHECK_EQ(nsw_safe_logout_on(conf, out, sizeof(out)), 1);
	CHECK_STR(out, conf);
	CHECK_EQ(nsw_safe_logout_off(conf, out, sizeof(out)), 1);
	CHECK_STR(out, conf);
	/* a marker whose line the admin changed since is not ours any more */
	conf = NSW_MARK_ADDED "\niscsid.safe_logout = No\n";
	CHECK_EQ(nsw_safe_logout_off(conf, out, sizeof(out)), 1);
	CHECK_STR(out, conf);
}

static void test_small_buffer(void)
{
	char tiny[8];

	CHECK_EQ(nsw_safe_logout_on("node.startup = manual\n", tiny,
				    sizeof(tiny)), -1);
	CHECK_EQ(nsw_safe_logout_off(NSW_MARK_ADDED "\n" NSW_SAFE_LOGOUT_LINE
				     "\n", tiny, 0), -1);
}

const struct ins_test ins_tests_nsw_conf[] = {
	TEST(test_enabled_as_iscsid_reads_it),
	TEST(test_on_off_appends_and_restores),
	TEST(test_on_off_replaces_a_no),
	TEST(test_admin_setting_untouched),
	TEST(test_small_buffer),
	TEST_END,
};
