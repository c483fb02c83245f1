/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal unit test harness for core/.
 *
 * A test is a void function; CHECK*() record the first failure of a test
 * and return from it.  Each suite file exports a NULL-terminated array of
 * struct ins_test; main.c runs them all and prints one line per test and,
 * last, "N passed, N failed".
 */
#ifndef INS_TEST_H
#define INS_TEST_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdbool.h>
#include <errno.h>

struct ins_test {
	const char *name;
	void (*fn)(void);
};

/* Set by the CHECK macros; reset by the runner before each test. */
extern int ins_test_failed;

void ins_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			ins_test_fail(__FILE__, __LINE__, "%s", #cond);	\
			return;						\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b) {						\
			ins_test_fail(__FILE__, __LINE__,		\
				      "%s == %s (%lld != %lld)",	\
				      #a, #b, _a, _b);			\
			return;						\
		}							\
	} while (0)

#define CHECK_MEM(a, b, n)						\
	do {								\
		if (memcmp((a), (b), (n))) {				\
			ins_test_fail(__FILE__, __LINE__,		\
				      "memcmp(%s, %s, %s)", #a, #b, #n); \
			ins_test_hexdiff((const void *)(a),		\
					 (const void *)(b), (n));	\
			return;						\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		if (strcmp((a), (b))) {					\
			ins_test_fail(__FILE__, __LINE__,		\
				      "\"%s\" == \"%s\"", (a), (b));	\
			return;						\
		}							\
	} while (0)

void ins_test_hexdiff(const uint8_t *a, const uint8_t *b, size_t n);

#define TEST(fn) { #fn, fn }
#define TEST_END { NULL, NULL }

#endif /* INS_TEST_H */
