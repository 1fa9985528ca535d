/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The end-of-session summary: medians by hand. */
#include "unit.h"
#include "collector/summary.h"

#include <stdlib.h>

static void test_summary__median_odd_even_one(void)
{
	int64_t odd[] = { 30, 10, 20 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };
	int64_t ties[] = { 5, 5, 1, 5 };

	CHECK_INT(summary_median(odd, 3), 20);
	CHECK_INT(summary_median(even, 4), 2);	/* (2 + 3) / 2, rounded down */
	CHECK_INT(summary_median(one, 1), 7);
	CHECK_INT(summary_median(ties, 4), 5);
}

static void test_summary__first_hit_per_boot_and_output(void)
{
	struct milestone ms[3] = {
		{ .name = "vmm_exec", .time_ns = 0 },
		{ .name = "fw_start", .time_ns = 2000000 },
		{ .name = "fw_start", .time_ns = 9000000 },	/* second hit: not counted */
	};
	struct boot_trace bt = { .ms = ms, .n = 3 };
	struct summary s = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK_INT(summary_add(&s, &bt), 0);
	ms[1].time_ns = 4000000;
	CHECK_INT(summary_add(&s, &bt), 0);
	CHECK_INT(s.n, 2);
	CHECK_INT(s.rows[1].n, 2);
	CHECK_INT(summary_print(out, &s), 0);
	fclose(out);
	CHECK_STR(text,
		  "milestone                    n    median ms       min ms       max ms\n"
		  "vmm_exec                     2        0.000        0.000        0.000\n"
		  "fw_start                     2        3.000        2.000        4.000\n");
	free(text);
	summary_release(&s);
}

UNIT_MAIN(
	TEST(test_summary__median_odd_even_one),
	TEST(test_summary__first_hit_per_boot_and_output),
)
