/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --since and --until: absolute, named and relative dates. */
#include "unit.h"
#include "reporter/data/dates.h"

#include <stdlib.h>
#include <time.h>

/* 2026-11-30T10:33:29.923Z, a Monday. */
#define NOW_MS 1796034809923LL

static const char *bound(const char *text, bool end_of_day, bool local)
{
	static char out[DATE_BOUND_LEN];

	if (date_bound_parse(text, end_of_day, NOW_MS, local, out, sizeof(out)) < 0)
		return "(error)";
	return out;
}

static void test_dates__absolute_utc(void)
{
	CHECK_STR(bound("2026-11-30T10:33:29.923Z", false, false), "2026-11-30T10:33:29.923");
	CHECK_STR(bound("2026-11-30T10:33:29.9", false, false), "2026-11-30T10:33:29.900");
	CHECK_STR(bound("2026-11-30T10:33:29.123456", false, false), "2026-11-30T10:33:29.123");
	CHECK_STR(bound("2026-11-30 10:33", false, false), "2026-11-30T10:33:00.000");
	CHECK_STR(bound("2026-11-30", false, false), "2026-11-30T00:00:00.000");
	/* --until: a bare date takes in its whole day; a time is where it says. */
	CHECK_STR(bound("2026-11-30", true, false), "2026-12-01T00:00:00.000");
	CHECK_STR(bound("2026-12-31", true, false), "2027-01-01T00:00:00.000");
	CHECK_STR(bound("2026-11-30T10:33", true, false), "2026-11-30T10:33:00.000");
	CHECK_STR(bound("2028-02-29", false, false), "2028-02-29T00:00:00.000");
}

static void test_dates__local(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	CHECK_STR(bound("2026-11-30T11:33", false, true), "2026-11-30T10:33:00.000");
	CHECK_STR(bound("2026-07-01T12:00", false, true), "2026-07-01T10:00:00.000");	/* summer */
	CHECK_STR(bound("2026-11-30T11:33Z", false, true), "2026-11-30T11:33:00.000");	/* Z is UTC */
	CHECK_STR(bound("2026-11-30", true, true), "2026-11-30T23:00:00.000");
	CHECK_STR(bound("today", false, true), "2026-11-29T23:00:00.000");
	CHECK_STR(bound("yesterday", false, true), "2026-11-28T23:00:00.000");
	/* The day DST ends has 25 hours: its end is still local midnight. */
	CHECK_STR(bound("2026-10-25", true, true), "2026-10-25T23:00:00.000");
	CHECK_STR(bound("2026-10-25", false, true), "2026-10-24T22:00:00.000");
	unsetenv("TZ");
	tzset();
}

static void test_dates__named(void)
{
	CHECK_STR(bound("now", false, false), "2026-11-30T10:33:29.923");
	CHECK_STR(bound("today", false, false), "2026-11-30T00:00:00.000");
	CHECK_STR(bound("Yesterday", true, false), "2026-11-29T00:00:00.000");
	CHECK_STR(bound("tomorrow", false, false), "2026-12-01T00:00:00.000");
}

static void test_dates__relative(void)
{
	CHECK_STR(bound("-7d", false, false), "2026-11-23T10:33:29.923");
	CHECK_STR(bound("-2h", false, false), "2026-11-30T08:33:29.923");
	CHECK_STR(bound("+30min", false, false), "2026-11-30T11:03:29.923");
	CHECK_STR(bound("-1w 2d", false, false), "2026-11-21T10:33:29.923");
	CHECK_STR(bound("2 weeks ago", false, false), "2026-11-16T10:33:29.923");
	CHECK_STR(bound("2.weeks.ago", false, false), "2026-11-16T10:33:29.923");
	CHECK_STR(bound("1 day 12 hours ago", false, false), "2026-11-28T22:33:29.923");
	CHECK_STR(bound("90s ago", false, false), "2026-11-30T10:31:59.923");
	CHECK_STR(bound("-1y", false, false), "2025-11-30T04:33:29.923");	/* 365.25 days */
	CHECK_STR(bound("-1month", false, false), "2026-10-31T00:03:29.923");	/* 30.44 days */
	/* Relative bounds are not moved to the end of a day. */
	CHECK_STR(bound("-7d", true, false), "2026-11-23T10:33:29.923");
}

static void test_dates__errors(void)
{
	const char *bad[] = { "", "bogus", "7d", "-", "-7", "-7x", "-7 days ago", "ago",
			      "2 weeks", "2 weeks ago now", "-5ms", "2026-11-31", "2027-02-29",
			      "2026-11-30T24:00", "2026-11-30T10", "2026-11-30T10:33+02:00",
			      "26-11-30", "2026-11-30X", "-99999999d", "1.5 days ago" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strcmp(bound(bad[i], false, false), "(error)") != 0) {
			printf("#   '%s' was taken as a date\n", bad[i]);
			unit_failed = 1;
		}
}

static const char *shown(const char *iso, bool local)
{
	static char out[DATE_SHOW_LEN];

	date_show(iso, local, out, sizeof(out));
	return out;
}

static void test_dates__show(void)
{
	CHECK_STR(shown("2026-11-30T23:30:29.923Z", false), "2026-11-30 23:30");
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	/* Local time: the next day in Paris, an hour ahead in winter, two in summer. */
	CHECK_STR(shown("2026-11-30T23:30:29.923Z", true), "2026-12-01 00:30");
	CHECK_STR(shown("2026-07-01T10:00:00.000Z", true), "2026-07-01 12:00");
	CHECK_STR(shown("2026-11-30T23:30:29.923Z", false), "2026-11-30 23:30");
	unsetenv("TZ");
	tzset();
	/* What is not a stored time is shown as it is. */
	CHECK_STR(shown("", true), "");
	CHECK_STR(shown(NULL, false), "");
	CHECK_STR(shown("yesterday", true), "yesterday");
}

UNIT_MAIN(TEST(test_dates__absolute_utc), TEST(test_dates__local), TEST(test_dates__named),
	  TEST(test_dates__relative), TEST(test_dates__errors), TEST(test_dates__show))
