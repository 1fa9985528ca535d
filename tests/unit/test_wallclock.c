/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --started-at's times, and the clock they set back. */
#include "unit.h"
#include "collector/wallclock.h"

static int64_t parsed(const char *text)
{
	char err[256];
	int64_t ns = -1;

	CHECK_INT(wallclock_parse(text, &ns, err, sizeof(err)), 0);
	return ns;
}

static void test_wallclock__forms(void)
{
	char text[WALLCLOCK_TEXT_LEN];

	CHECK_INT(parsed("2026-11-30T10:33:29.923Z"), 1796034809923000000LL);
	CHECK_INT(parsed("2026-11-30"), 1795996800000000000LL);
	CHECK_INT(parsed("2026-11-30T10:33"), 1796034780000000000LL);
	CHECK_INT(parsed("2026-11-30 10:33:29"), 1796034809000000000LL);
	CHECK_INT(parsed("2026-11-30T10:33:29Z"), 1796034809000000000LL);
	CHECK_INT(parsed("2026-11-30Z"), 1795996800000000000LL);
	CHECK_INT(parsed("2026-11-30T10:33:29.5"), 1796034809500000000LL);
	CHECK_INT(parsed("2026-11-30T10:33:29.123456789Z"), 1796034809123456789LL);
	CHECK_INT(parsed("2028-02-29"), 1835395200000000000LL);	/* a leap day */
	CHECK_INT(parsed("1970-01-01"), 0);
	CHECK(parsed("9999-12-31T23:59:59.999Z") == INT64_MAX);	/* past 2262: saturated */
	wallclock_text(1796034809923999999LL, text);
	CHECK_STR(text, "2026-11-30T10:33:29.923Z");	/* cut to the ms */
	wallclock_text(parsed("2026-10-01T02:00:00Z"), text);
	CHECK_STR(text, "2026-10-01T02:00:00.000Z");
}

static void test_wallclock__errors(void)
{
	const char *bad[] = { "", "2026", "2026-11", "2026-13-01", "2026-11-31", "2027-02-29",
			      "1969-12-31", "2026-11-30T24:00", "2026-11-30T10:60",
			      "2026-11-30T10:33:61", "2026-11-30T10", "2026-11-30T10:33+02:00",
			      "2026-11-30T10:33:29.Z", "2026-11-30T10:33:29.1234567891",
			      "26-11-30", "2026/11/30", "2026-11-30ZZ", "yesterday", NULL };
	char err[256];
	int64_t ns;
	size_t i;

	for (i = 0; bad[i]; i++) {
		err[0] = '\0';
		CHECK_INT(wallclock_parse(bad[i], &ns, err, sizeof(err)), -EINVAL);
		CHECK(strstr(err, "is not a UTC time such as 2026-11-30") != NULL);
		if (!strstr(err, bad[i]))
			CHECK_STR(err, bad[i]);	/* the message quotes what was given */
	}
}

/* Set back, the clock runs on from the time given. */
static void test_wallclock__start_at(void)
{
	int64_t start = parsed("2026-10-01T02:00:00Z"), now;

	wallclock_start_at(start);
	now = wallclock_now();
	CHECK(now >= start && now < start + 1000000000LL);
}

UNIT_MAIN(
	TEST(test_wallclock__forms),
	TEST(test_wallclock__errors),
	TEST(test_wallclock__start_at),
)
