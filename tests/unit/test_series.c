/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Samples per group, milestone and phase: an empty set and a small one. */
#include "unit.h"
#include "reporter/analysis/series.h"

#include <stdbool.h>
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

static char custom_name[] = "point 9";
static struct milestone_def four[] = {
	{ 1, exec_name, 0 }, { 2, fw_name, 1 }, { 4, custom_name, 2 }, { 3, exit_name, 3 },
};
static const struct catalog cat4 = { four, 4, NULL, 4 };

/* Adds the same boot (points MS at times T) to group G of both sets. */
static void add_both(struct series_set *a, struct series_set *b, size_t g, const int *ms,
		     const int64_t *t, size_t n)
{
	const struct boot boot = { .id = 1, .session_id = 1, .seq = 1, .status = "ok", .uuid = "u",
				   .cpu_ns = -1, .max_rss_kb = -1, .n = n, .ms = ms, .time_ns = t };

	CHECK_INT(series_add_boot(a, g, &boot), 0);
	CHECK_INT(series_add_boot(b, g, &boot), 0);
}

/* Are the N series of PART those of WHOLE from AT on, in order, with the same values? */
static bool same_series(const struct series_set *whole, size_t at, struct series_set *part)
{
	size_t i, j;

	if (at + part->n > whole->n || series_expand_all(part) < 0)
		return false;
	for (i = 0; i < part->n; i++) {
		const struct series *w = &whole->s[at + i], *p = &part->s[i];

		if (w->group != p->group || w->phase != p->phase || w->from != p->from ||
		    w->to != p->to || w->n != p->n)
			return false;
		for (j = 0; j < p->n; j++)
			if (w->v[j] != p->v[j])
				return false;
	}
	return true;
}

/*
 * summary --by session shows the groups a few at a time: when each
 * milestone happens is learnt from the first group that has it (fw_start
 * from group 0, the custom point from group 1), and the series come out
 * as series_sort orders the whole set.
 */
static void test_series__split_in_steps_sorts_as_whole(void)
{
	static const int g0[] = { 0, 1, 3 }, g1[] = { 0, 1, 2, 3 }, g2[] = { 0, 2, 3 };
	static const int64_t t0[] = { 0, 5000, 9000 }, t0b[] = { 0, 5200, 9400 };
	static const int64_t t1[] = { 0, 2000, 3000, 12000 }, t2[] = { 0, 20000, 21000 };
	struct series_set whole, steps, part;
	struct series_order o;
	size_t at;

	CHECK_INT(series_init(&whole, 3), 0);
	CHECK_INT(series_init(&steps, 3), 0);
	add_both(&whole, &steps, 2, g2, t2, 3);	/* series made in another order than shown */
	add_both(&whole, &steps, 0, g0, t0, 3);
	add_both(&whole, &steps, 1, g1, t1, 4);
	add_both(&whole, &steps, 0, g0, t0b, 3);
	CHECK_INT(series_sort(&whole, &cat4), 0);
	CHECK_INT(series_expand_all(&whole), 0);
	/* group 0: 3 milestones, 2 phases; then group 1: vmm_exec, point 9
	 * (3000, learnt here), fw_start (5000 in group 0, the first to have it,
	 * though 2000 here), vmm_exit */
	CHECK(whole.s[5].group == 1 && whole.s[6].to == 2 && whole.s[7].to == 1 &&
	      whole.s[8].to == 3);

	CHECK_INT(series_order_init(&o, cat4.n), 0);
	CHECK_INT(series_split(&steps, 1, &part), 0);
	CHECK_INT(series_order_learn(&o, &part), 0);
	CHECK_INT(series_order_sort(&o, &part, &cat4), 0);
	CHECK(part.n == 5 && same_series(&whole, 0, &part));
	CHECK_INT(part.boots[0], 2);
	at = part.n;
	series_release(&part);
	CHECK(series_find(&steps, 0, false, 1, 1) == NULL && series_find(&steps, 1, false, 1, 1));

	CHECK_INT(series_split(&steps, 3, &part), 0);
	CHECK_INT(steps.n, 0);
	CHECK_INT(series_order_learn(&o, &part), 0);
	CHECK_INT(series_order_sort(&o, &part, &cat4), 0);
	CHECK(at + part.n == whole.n && same_series(&whole, at, &part));
	series_release(&part);
	series_order_release(&o);
	series_release(&steps);
	series_release(&whole);
}

UNIT_MAIN(
	TEST(test_series__sort_empty),
	TEST(test_series__one_boot_sorted_and_found),
	TEST(test_series__merge_keeps_order),
	TEST(test_series__split_in_steps_sorts_as_whole),
)
