// SPDX-License-Identifier: GPL-2.0
/*
 * Text segments: parsing, validation, building, numbers.
 * Segments are written as C literals whose implicit final NUL ends the
 * last pair, so sizeof(seg) is the DataSegmentLength.
 */
#include <stdlib.h>
#include "ins_test.h"
#include "ins_text.h"

/* Copies a segment to the heap so ASan sees any overrun. */
static char *heap(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);

	memcpy(p, s, len);
	return p;
}

static int validate(const char *s, size_t len, uint32_t flags)
{
	char *p = heap(s, len);
	int ret = ins_text_validate(p, len, flags);

	free(p);
	return ret;
}

#define VALIDATE(lit) validate((lit), sizeof(lit), 0)

static void parse_pairs(void)
{
	static const char seg[] = "HeaderDigest=None\0MaxBurstLength=65536\0"
				  "TargetAlias=\0X-foo.bar=a=b";
	struct ins_text_iter it;
	struct ins_kv kv;

	CHECK_EQ(ins_text_validate(seg, sizeof(seg), 0), 0);
	ins_text_iter_init(&it, seg, sizeof(seg));
	CHECK_EQ(ins_text_next(&it, &kv), 1);
	CHECK(ins_kv_is(&kv, "HeaderDigest"));
	CHECK(ins_kv_val_is(&kv, "None"));
	CHECK_EQ(ins_text_next(&it, &kv), 1);
	CHECK(ins_kv_is(&kv, "MaxBurstLength"));
	CHECK_EQ(kv.val_len, 5);
	CHECK_EQ(kv.val[kv.val_len], '\0');
	CHECK_EQ(ins_text_next(&it, &kv), 1);
	CHECK(ins_kv_is(&kv, "TargetAlias"));
	CHECK_EQ(kv.val_len, 0);
	CHECK_EQ(ins_text_next(&it, &kv), 1);
	CHECK(ins_kv_is(&kv, "X-foo.bar"));
	CHECK(ins_kv_val_is(&kv, "a=b"));	/* first '=' splits */
	CHECK_EQ(ins_text_next(&it, &kv), 0);
	CHECK_EQ(ins_text_next(&it, &kv), 0);
}

static void validate_empty(void)
{
	CHECK_EQ(validate("", 0, 0), 0);
}

static void validate_missing_nul(void)
{
	CHECK_EQ(validate("A=1", 3, 0), -EPROTO);
	CHECK_EQ(validate("A=1\0B=2", 7, 0), -EPROTO);
}

static void validate_no_equals(void)
{
	CHECK_EQ(VALIDATE("A"), -EPROTO);
	CHECK_EQ(VALIDATE("A=1\0B"), -EPROTO);
	CHECK_EQ(VALIDATE("=1"), -EPROTO);
	/* an empty pair between two NULs */
	CHECK_EQ(VALIDATE("A=1\0"), -EPROTO);
}

static void validate_key_chars(void)
{
	CHECK_EQ(VALIDATE("A B=1"), -EPROTO);
	CHECK_EQ(VALIDATE("A\n=1"), -EPROTO);
	CHECK_EQ(VALIDATE("X-a.b+c@d_e=1"), 0);
}

static void validate_key_length(void)
{
	char seg[80];

	memset(seg, 'K', 63);
	strcpy(seg + 63, "=1");
	CHECK_EQ(validate(seg, 66, 0), 0);
	memset(seg, 'K', 64);
	strcpy(seg + 64, "=1");
	CHECK_EQ(validate(seg, 67, 0), -EPROTO);
}

static void validate_value_length(void)
{
	static char seg[9000];
	size_t n;

	strcpy(seg, "TargetAlias=");
	n = strlen(seg);
	memset(seg + n, 'v', 255);
	seg[n + 255] = '\0';
	CHECK_EQ(validate(seg, n + 256, 0), 0);
	memset(seg + n, 'v', 256);
	seg[n + 256] = '\0';
	CHECK_EQ(validate(seg, n + 257, 0), -EPROTO);

	/* CHAP_C and CHAP_R may be large binary values */
	strcpy(seg, "CHAP_C=0x");
	n = strlen(seg);
	memset(seg + n, 'a', 8192 - 2);
	seg[n + 8190] = '\0';
	CHECK_EQ(validate(seg, n + 8191, 0), 0);
	memset(seg + n, 'a', 8192 - 1);
	seg[n + 8191] = '\0';
	CHECK_EQ(validate(seg, n + 8192, 0), -EPROTO);
	memcpy(seg, "CHAP_R", 6);
	CHECK_EQ(validate(seg, n + 8192, 0), -EPROTO);
	memcpy(seg, "CHAP_X", 6);
	seg[n + 300] = '\0';
	CHECK_EQ(validate(seg, n + 301, 0), -EPROTO);
}

static void validate_duplicates(void)
{
	static const char dup[] = "A=1\0B=2\0A=3";
	static const char prefix[] = "AB=1\0A=2";

	CHECK_EQ(VALIDATE(dup), -EPROTO);
	CHECK_EQ(validate(dup, sizeof(dup), INS_TEXT_ALLOW_DUP), 0);
	CHECK_EQ(VALIDATE(prefix), 0);
}

static void validate_many_pairs(void)
{
	static char seg[8192];
	size_t n = 0;
	int i;

	/* 300 distinct keys: beyond the cap for duplicate checking */
	for (i = 0; i < 300; i++)
		n += sprintf(seg + n, "K%d=1", i) + 1;
	CHECK_EQ(validate(seg, n, 0), -EPROTO);
	CHECK_EQ(validate(seg, n, INS_TEXT_ALLOW_DUP), 0);
}

static void find_key(void)
{
	static const char seg[] = "A=1\0TargetPortalGroupTag=7\0C=3";
	struct ins_kv kv;

	CHECK_EQ(ins_text_find(seg, sizeof(seg), "TargetPortalGroupTag", &kv),
		 1);
	CHECK(ins_kv_val_is(&kv, "7"));
	CHECK_EQ(ins_text_find(seg, sizeof(seg), "Target", &kv), 0);
	CHECK_EQ(ins_text_find(seg, sizeof(seg), "C", &kv), 1);
}

static void numbers(void)
{
	uint32_t v;

#define NUM(s) ins_text_parse_u32((s), strlen(s), &v)
	CHECK_EQ(NUM("0"), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(NUM("262144"), 0);
	CHECK_EQ(v, 262144);
	CHECK_EQ(NUM("4294967295"), 0);
	CHECK_EQ(v, 4294967295u);
	CHECK_EQ(NUM("4294967296"), -EINVAL);
	CHECK_EQ(NUM("99999999999999999999999"), -EINVAL);
	CHECK_EQ(NUM("0x10"), 0);
	CHECK_EQ(v, 16);
	CHECK_EQ(NUM("0XfFfFfFfF"), 0);
	CHECK_EQ(v, 0xffffffff);
	CHECK_EQ(NUM("0x100000000"), -EINVAL);
	CHECK_EQ(NUM(""), -EINVAL);
	CHECK_EQ(NUM("0x"), -EINVAL);
	CHECK_EQ(NUM("-1"), -EINVAL);
	CHECK_EQ(NUM("+1"), -EINVAL);
	CHECK_EQ(NUM("12a"), -EINVAL);
	CHECK_EQ(NUM("0xg"), -EINVAL);
	CHECK_EQ(NUM(" 1"), -EINVAL);
#undef NUM
}

static void booleans(void)
{
	bool b;

	CHECK_EQ(ins_text_parse_bool("Yes", 3, &b), 0);
	CHECK(b);
	CHECK_EQ(ins_text_parse_bool("No", 2, &b), 0);
	CHECK(!b);
	CHECK_EQ(ins_text_parse_bool("yes", 3, &b), -EINVAL);
	CHECK_EQ(ins_text_parse_bool("", 0, &b), -EINVAL);
	CHECK_EQ(ins_text_parse_bool("Yess", 4, &b), -EINVAL);
}

static void build_segment(void)
{
	static const char expect[] = "HeaderDigest=None\0MaxBurstLength=0\0"
				     "X=4294967295\0ImmediateData=Yes\0A=1";
	char buf[128];
	struct ins_text_buf tb;

	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_text_add(&tb, "HeaderDigest", "None"), 0);
	CHECK_EQ(ins_text_add_u32(&tb, "MaxBurstLength", 0), 0);
	CHECK_EQ(ins_text_add_u32(&tb, "X", 4294967295u), 0);
	CHECK_EQ(ins_text_add_bool(&tb, "ImmediateData", true), 0);
	CHECK_EQ(ins_text_add_raw(&tb, "A=1", 4), 0);
	CHECK_EQ(tb.len, sizeof(expect));
	CHECK_MEM(buf, expect, sizeof(expect));
	CHECK_EQ(ins_text_validate(buf, tb.len, 0), 0);
}

static void build_overflow(void)
{
	char buf[10];
	struct ins_text_buf tb;

	memset(buf, 'z', sizeof(buf));
	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_text_add(&tb, "A", "1234567"), 0);	/* exactly 10 */
	CHECK_EQ(tb.len, 10);
	CHECK_EQ(ins_text_add(&tb, "B", ""), -ENOSPC);
	CHECK_EQ(ins_text_add_raw(&tb, "x", 1), -ENOSPC);
	CHECK_EQ(tb.len, 10);

	ins_text_buf_init(&tb, buf, 9);
	CHECK_EQ(ins_text_add(&tb, "A", "1234567"), -ENOSPC);
	CHECK_EQ(tb.len, 0);
	CHECK_EQ(buf[0], 'A');		/* untouched from before */
	ins_text_buf_init(&tb, buf, 0);
	CHECK_EQ(ins_text_add_u32(&tb, "A", 1), -ENOSPC);
}

static void build_invalid(void)
{
	char buf[200], key[70];
	struct ins_text_buf tb;

	ins_text_buf_init(&tb, buf, sizeof(buf));
	CHECK_EQ(ins_text_add(&tb, "", "1"), -EINVAL);
	CHECK_EQ(ins_text_add(&tb, "A=B", "1"), -EINVAL);
	CHECK_EQ(ins_text_add(&tb, "A B", "1"), -EINVAL);
	CHECK_EQ(ins_text_add_n(&tb, "A", 1, "x\0y", 3), -EINVAL);
	memset(key, 'k', 64);
	key[64] = '\0';
	CHECK_EQ(ins_text_add(&tb, key, "1"), -EINVAL);
	key[63] = '\0';
	CHECK_EQ(ins_text_add(&tb, key, "1"), 0);
}

static void key_table(void)
{
	static const struct {
		const char *name;
		int key;
	} known[] = {
		{ "HeaderDigest", INS_KEY_HEADER_DIGEST },
		{ "DataDigest", INS_KEY_DATA_DIGEST },
		{ "MaxRecvDataSegmentLength", INS_KEY_MAX_RECV_DSL },
		{ "MaxBurstLength", INS_KEY_MAX_BURST },
		{ "FirstBurstLength", INS_KEY_FIRST_BURST },
		{ "InitialR2T", INS_KEY_INITIAL_R2T },
		{ "ImmediateData", INS_KEY_IMMEDIATE_DATA },
	};
	size_t k;

	for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		CHECK_EQ(ins_key_lookup(known[k].name, strlen(known[k].name)),
			 known[k].key);
	CHECK_EQ(ins_key_lookup("HeaderDigestX", 13), -ENOENT);
	CHECK_EQ(ins_key_lookup("Header", 6), -ENOENT);
}

const struct ins_test ins_tests_text[] = {
	TEST(parse_pairs),
	TEST(validate_empty),
	TEST(validate_missing_nul),
	TEST(validate_no_equals),
	TEST(validate_key_chars),
	TEST(validate_key_length),
	TEST(validate_value_length),
	TEST(validate_duplicates),
	TEST(validate_many_pairs),
	TEST(find_key),
	TEST(numbers),
	TEST(booleans),
	TEST(build_segment),
	TEST(build_overflow),
	TEST(build_invalid),
	TEST(key_table),
	TEST_END
};
