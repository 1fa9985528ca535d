/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Samples per group, milestone and phase: an empty set and a small one. */
#include "unit.h"
#include "reporter/analysis/series.h"

#include <stdlib.h>

static char exec_name[] = "vmm_exec", fw_name[] = "fw_start", exit_name[] = "vmm_exit";
static struct milestone_def names[] = {
	{ 1, exec_name, 0 }, { 2, fw_name, 1 }, { 3, exit_name, 2 },
};
static const struct catalog cat = { names, 3, NULL, 3 };

/* summary and plot of a selection with no boot: nothing to sort (qsort and
 * memset on NULL with 0 items were undefined behaviour, seen by UBSan). */
static void test_series__sort_empty(void)
{
	struct series_set set;

	CHECK_INT(series_init(&set, 0), 0);
	CHECK_INT(series_sort(&set, &cat), 0);
	CHECK_INT(set.n, 0);
	CHECK(series_find(&set, 0, false, 1, 1) == NULL);
	series_release(&set);
}

static void test_series__one_boot_sorted_and_found(void)
{
	static const int ms[] = { 0, 1, 2 };
	static const int64_t t[] = { 0, 5000, 9000 };
	const struct boot b = { .id = 1, .session_id = 1, .seq = 1, .status = "ok", .uuid = "u",
				.cpu_ns = -1, .max_rss_kb = -1, .n = 3, .ms = ms, .time_ns = t };
	struct series_set set;
	struct series *s;

	CHECK_INT(series_init(&set, 1), 0);
	CHECK_INT(series_add_boot(&set, 0, &b), 0);
	CHECK_INT(series_sort(&set, &cat), 0);
	CHECK_INT(series_expand_all(&set), 0);
	s = series_find(&set, 0, false, 1, 1);
	CHECK(s && s->n == 1 && s->v[0] == 5000);
	s = series_find(&set, 0, true, 1, 2);
	CHECK(s && s->n == 1 && s->v[0] == 4000);
	CHECK_INT(set.boots[0], 1);
	series_release(&set);
}

/*
 * Shards merged: the values move (no copy) and keep the order of a plain
 * array, shard after shard, so that statistics sum them as before.
 */
static void test_series__merge_keeps_order(void)
{
	static const int ms[] = { 0, 1 };
	int64_t t[] = { 0, 0 };
	struct boot b = { .id = 1, .session_id = 1, .seq = 1, .status = "ok", .uuid = "u",
			  .cpu_ns = -1, .max_rss_kb = -1, .n = 2, .ms = ms, .time_ns = t };
	struct series_set a, c;
	struct series *s;
	size_t i, bad = 0;

	CHECK_INT(series_init(&a, 1), 0);
	CHECK_INT(series_init(&c, 1), 0);
	for (i = 0; i < 1000; i++) {
		t[1] = 1000 + (int64_t)i;
		CHECK_INT(series_add_boot(i < 600 ? &a : &c, 0, &b), 0);
	}
	CHECK_INT(series_merge(&a, &c), 0);
	CHECK_INT(a.boots[0], 1000);
	/* An empty set takes a shard whole, with its boots and values. */
	CHECK_INT(series_init(&c, 1), 0);
	c.boots[0] = 2;		/* boots with no point: counted, no series */
	CHECK_INT(series_merge(&c, &a), 0);
	CHECK(a.n == 0 && a.s == NULL);
	a = c;
	CHECK_INT(a.boots[0], 1002);
	s = series_find(&a, 0, false, 1, 1);
	CHECK(s && s->n == 1000);
	CHECK_INT(s ? series_expand(s) : -1, 0);
	for (i = 0; s && s->v && i < 1000; i++)
		bad += s->v[i] != 1000 + (int64_t)i;
	CHECK_INT(bad, 0);
	series_release(&a);
}

UNIT_MAIN(
	TEST(test_series__sort_empty),
	TEST(test_series__one_boot_sorted_and_found),
	TEST(test_series__merge_keeps_order),
)
