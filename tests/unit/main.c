// SPDX-License-Identifier: GPL-2.0
/*
 * Runs every unit test suite of core/.
 */
#include <stdarg.h>
#include <stdlib.h>
#include "ins_test.h"

int ins_test_failed;

extern const struct ins_test ins_tests_crc[];
extern const struct ins_test ins_tests_pdu[];
extern const struct ins_test ins_tests_serial[];
extern const struct ins_test ins_tests_text[];
extern const struct ins_test ins_tests_nego[];
extern const struct ins_test ins_tests_md5[];
extern const struct ins_test ins_tests_chap[];
extern const struct ins_test ins_tests_login[];
extern const struct ins_test ins_tests_nsw_state[];
extern const struct ins_test ins_tests_nsw_conf[];
extern const struct ins_test ins_tests_nsw_status[];
extern const struct ins_test ins_tests_rxframe[];

static const struct {
	const char *name;
	const struct ins_test *tests;
} suites[] = {
	{ "crc32c", ins_tests_crc },
	{ "pdu", ins_tests_pdu },
	{ "serial", ins_tests_serial },
	{ "text", ins_tests_text },
	{ "nego", ins_tests_nego },
	{ "md5", ins_tests_md5 },
	{ "chap", ins_tests_chap },
	{ "login", ins_tests_login },
	{ "rxframe", ins_tests_rxframe },
	{ "nsw_state", ins_tests_nsw_state },
	{ "nsw_conf", ins_tests_nsw_conf },
	{ "nsw_status", ins_tests_nsw_status },
};

void ins_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ins_test_failed)
		return;
	ins_test_failed = 1;
	printf("    %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void ins_test_hexdiff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i] != b[i])
			printf("    byte %zu: %02x != %02x\n", i, a[i], b[i]);
	}
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	unsigned int passed = 0, failed = 0, s;
	const struct ins_test *t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		if (only && strcmp(only, suites[s].name))
			continue;
		for (t = suites[s].tests; t->name; t++) {
			ins_test_failed = 0;
			t->fn();
			printf("%s %s/%s\n", ins_test_failed ? "FAIL" : "ok  ",
			       suites[s].name, t->name);
			if (ins_test_failed)
				failed++;
			else
				passed++;
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
