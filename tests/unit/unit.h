/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal unit-test harness printing TAP: each test is a function
 * test_<module>__<case>; CHECK records a failure and goes on.
 */
#ifndef KVMBOOT_UNIT_H
#define KVMBOOT_UNIT_H

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int unit_failed;

#define CHECK(cond) do { \
	if (!(cond)) { \
		printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		unit_failed = 1; \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long got_ = (long long)(got), want_ = (long long)(want); \
	if (got_ != want_) { \
		printf("#   %s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, \
		       #got, got_, want_); \
		unit_failed = 1; \
	} \
} while (0)

/* GOT within TOL of WANT (doubles). */
#define CHECK_NEAR(got, want, tol) do { \
	double got_ = (got), want_ = (want); \
	if (!(fabs(got_ - want_) <= (tol))) { \
		printf("#   %s:%d: %s is %.17g, expected %.17g\n", __FILE__, __LINE__, \
		       #got, got_, want_); \
		unit_failed = 1; \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *got_ = (got), *want_ = (want); \
	if (!got_ || strcmp(got_, want_) != 0) { \
		printf("#   %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
		       #got, got_ ? got_ : "(null)", want_); \
		unit_failed = 1; \
	} \
} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define TEST(fn) { #fn, fn }

static inline int unit_run(const struct unit_test *tests, size_t n)
{
	int failures = 0;
	size_t i;

	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		unit_failed = 0;
		tests[i].fn();
		printf("%s %zu - %s\n", unit_failed ? "not ok" : "ok", i + 1, tests[i].name);
		failures += unit_failed;
	}
	return failures ? 1 : 0;
}

#define UNIT_MAIN(...) \
	int main(void) \
	{ \
		static const struct unit_test tests[] = { __VA_ARGS__ }; \
		return unit_run(tests, sizeof(tests) / sizeof(tests[0])); \
	}

#endif
