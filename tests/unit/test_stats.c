/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics against reference values: by hand, and from numpy 1.24 /
 * scipy 1.10 (tests/unit/reference/stats_reference.py prints them).
 */
#include "unit.h"
#include "reporter/analysis/bootstrap.h"
#include "reporter/analysis/mannwhitney.h"
#include "reporter/analysis/stats.h"

#include <math.h>
#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_stats__ten_values(void)
{
	int64_t v[] = { 70, 10, 100, 40, 20, 90, 30, 60, 50, 80 };
	struct stats s;

	stats_compute(v, N(v), &s);
	CHECK_INT(s.n, 10);
	CHECK_NEAR(s.mean, 55.0, 0);
	CHECK_NEAR(s.median, 55.0, 0);	/* (50 + 60) / 2 */
	CHECK(s.has_stddev);
	CHECK_NEAR(s.stddev, 30.276503540974915, 1e-12);
	CHECK_INT(s.min, 10);
	CHECK_INT(s.max, 100);
	CHECK_INT(s.p25, 30);		/* rank ceil(2.5) = 3 */
	CHECK_INT(s.p75, 80);		/* rank ceil(7.5) = 8 */
	CHECK_INT(s.p90, 90);		/* rank ceil(9.0) = 9, not 10 */
	CHECK_INT(s.p99, 100);		/* rank ceil(9.9) = 10 */
}

static void test_stats__one_value(void)
{
	int64_t v[] = { 7 };
	struct stats s;

	stats_compute(v, 1, &s);
	CHECK_INT(s.n, 1);
	CHECK_NEAR(s.mean, 7, 0);
	CHECK_NEAR(s.median, 7, 0);
	CHECK(!s.has_stddev);
	CHECK_INT(s.min, 7);
	CHECK_INT(s.max, 7);
	CHECK_INT(s.p25, 7);
	CHECK_INT(s.p75, 7);
	CHECK_INT(s.p90, 7);
	CHECK_INT(s.p99, 7);
}

static void test_stats__two_values(void)
{
	int64_t v[] = { 8, 3 };
	struct stats s;

	stats_compute(v, 2, &s);
	CHECK_NEAR(s.mean, 5.5, 0);
	CHECK_NEAR(s.median, 5.5, 0);
	CHECK_NEAR(s.stddev, 3.5355339059327378, 1e-12);
	CHECK_INT(s.p25, 3);
	CHECK_INT(s.p75, 8);
	CHECK_INT(s.p90, 8);
	CHECK_INT(s.p99, 8);
}

static void test_stats__ties(void)
{
	int64_t v[] = { 5, 5, 5, 1, 5 };
	int64_t same[1000];
	struct stats s;
	size_t i;

	stats_compute(v, N(v), &s);
	CHECK_NEAR(s.mean, 4.2, 1e-12);
	CHECK_NEAR(s.median, 5, 0);
	CHECK_NEAR(s.stddev, 1.7888543819998317, 1e-12);
	CHECK_INT(s.p25, 5);
	CHECK_INT(s.p75, 5);
	CHECK_INT(s.p90, 5);
	for (i = 0; i < N(same); i++)
		same[i] = 42;
	stats_compute(same, N(same), &s);	/* all ties: linear, and exact */
	CHECK_NEAR(s.median, 42, 0);
	CHECK_NEAR(s.stddev, 0, 0);
	CHECK_INT(s.p99, 42);
}

static void test_stats__empty(void)
{
	struct stats s;

	stats_compute(NULL, 0, &s);
	CHECK_INT(s.n, 0);
	CHECK(!s.has_stddev);
}

static void test_stats__hundred_values_and_large_numbers(void)
{
	int64_t v[100], big[] = { 1000000007, 999999937, 1000000009, 1000000021, 999999929 };
	struct stats s;
	size_t i;

	for (i = 0; i < 100; i++)
		v[i] = (int64_t)((i * 37) % 100) + 1;	/* 1..100, shuffled */
	stats_compute(v, 100, &s);
	CHECK_NEAR(s.median, 50.5, 0);
	CHECK_NEAR(s.stddev, 29.011491975882016, 1e-12);
	CHECK_INT(s.p25, 25);
	CHECK_INT(s.p75, 75);
	CHECK_INT(s.p90, 90);
	CHECK_INT(s.p99, 99);
	stats_compute(big, N(big), &s);	/* boot times in ns: no precision lost */
	CHECK_NEAR(s.mean, 999999980.6, 1e-6);
	CHECK_NEAR(s.median, 1000000007, 0);
	CHECK_NEAR(s.stddev, 43.87254266622804, 1e-9);
	CHECK_INT(s.p90, 1000000021);
}

static void test_stats__select_every_rank(void)
{
	int64_t v[9], copy[9];
	size_t k, i;

	for (k = 1; k <= 9; k++) {
		for (i = 0; i < 9; i++)
			v[i] = (int64_t)((i * 5) % 9) * 10;	/* 0..80 shuffled */
		for (i = 0; i < 9; i++)
			copy[i] = v[i];
		CHECK_INT(stats_select(copy, 9, k), (int64_t)(k - 1) * 10);
	}
	CHECK_INT(stats_rank(10, 90), 9);
	CHECK_INT(stats_rank(10, 99), 10);
	CHECK_INT(stats_rank(1, 2.5), 1);
	CHECK_INT(stats_rank(1000, 2.5), 25);
	CHECK_INT(stats_rank(1000, 97.5), 975);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* A value of one of the shapes boot times take, and the shapes that break histograms. */
static int64_t shaped(unsigned shape, size_t i, uint64_t *rng)
{
	uint64_t r;

	*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
	r = *rng >> 33;
	switch (shape) {
	case 0:	return 700000000 + (int64_t)(r % 20000000);		/* narrow, wide offset */
	case 1:	return (int64_t)(r % 7);				/* ties everywhere */
	case 2:	return i == 3 ? INT64_MAX : (int64_t)(r % 1000);	/* one huge outlier */
	case 3:	return (r & 1) ? INT64_MIN + (int64_t)(r % 5) : (int64_t)r;	/* full range */
	default: return (int64_t)(r % 2) * 40000000 + (int64_t)(r % 999);	/* bimodal */
	}
}

/* Every way of selecting several ranks at once agrees with sorting. */
static void test_stats__select_ranks_matches_sorting(void)
{
	static const size_t sizes[] = { 1, 2, 9, 255, 256, 257, 1000, 5000, 16383, 16384, 100000 };
	uint64_t rng = 42;
	size_t si, i;
	unsigned shape;

	for (si = 0; si < N(sizes); si++) {
		for (shape = 0; shape < 5; shape++) {
			size_t n = sizes[si], ranks[6];
			int64_t *v = malloc(n * sizeof(*v)), *sorted = malloc(n * sizeof(*v));
			int64_t at[6];

			for (i = 0; i < n; i++)
				v[i] = sorted[i] = shaped(shape, i, &rng);
			qsort(sorted, n, sizeof(*sorted), cmp_i64);
			ranks[0] = 1;
			ranks[1] = stats_rank(n, 25);
			ranks[2] = stats_rank(n, 50);
			ranks[3] = stats_rank(n, 50);	/* repeats allowed */
			ranks[4] = stats_rank(n, 99);
			ranks[5] = n;
			stats_select_ranks(v, n, ranks, 6, at);
			for (i = 0; i < 6; i++)
				CHECK_INT(at[i], sorted[ranks[i] - 1]);
			free(v);
			free(sorted);
		}
	}
}

static void mw_check(const int64_t *x, size_t nx, const int64_t *y, size_t ny,
		     double u, double p, int exact)
{
	struct mw_result r;

	CHECK_INT(mann_whitney(x, nx, y, ny, &r), 0);
	CHECK_NEAR(r.u, u, 0);
	CHECK_NEAR(r.p, p, 1e-12);
	CHECK_INT(r.exact, exact);
}

static void test_mannwhitney__exact_small(void)
{
	int64_t a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	int64_t c[] = { 1, 2, 3, 4, 5 }, d[] = { 6, 7, 8, 9, 10 };
	int64_t e[] = { 10, 20, 30, 40, 50 }, f[] = { 15, 25, 35, 45, 55 };

	mw_check(a, 3, b, 3, 0, 0.1, 1);
	mw_check(b, 3, a, 3, 9, 0.1, 1);	/* symmetric */
	mw_check(c, 5, d, 5, 0, 0.007936507936507936, 1);
	mw_check(e, 5, f, 5, 10, 0.6904761904761905, 1);
}

static void test_mannwhitney__exact_twenty(void)
{
	int64_t x[20], y[20];
	size_t i;

	for (i = 0; i < 20; i++) {
		x[i] = 1 + 2 * (int64_t)i;	/* 1, 3, .. 39 */
		y[i] = 8 + 2 * (int64_t)i;	/* 8, 10, .. 46 */
	}
	mw_check(x, 20, y, 20, 136, 0.0859140199856938, 1);
}

/*
 * The exact p in the far tails, where doubles once gave 1.59e-18 for
 * 1.98e-29 and even negative values: scipy 1.10.1's
 * mannwhitneyu(x, y, alternative='two-sided', method='exact') on
 * x_i = A*i + 1 (i < NX), y_j = B*j + S (j < NY), never a tie
 * (tests/unit/reference/stats_reference.py prints these lines).
 */
static const struct {
	int nx, ny, a, b, s;
	double u, p;
} scipy_exact[] = {
	{ 50, 50, 2, 2, 200, 0.0, 1.9823306042836686e-29 },
	{ 50, 50, 2, 2, 0, 1275.0, 0.8664717523984105 },
	{ 60, 40, 2, 2, 0, 1620.0, 0.0028835644029828276 },
	{ 40, 60, 2, 2, 200, 0.0, 1.4549439350345042e-28 },
	{ 60, 40, 2, 2, 80, 210.0, 1.1831043383522693e-14 },
	{ 45, 55, 6, 4, 0, 1467.0, 0.11286422710416057 },
	{ 45, 55, 6, 4, 60, 919.0, 0.027126308088125488 },
	{ 30, 25, 4, 2, 70, 156.0, 0.00013253507711544072 },
	{ 10, 90, 20, 2, 0, 459.0, 0.9233822624797394 },
	{ 7, 20, 10, 4, 6, 48.0, 0.24039953605170994 },
	{ 3, 4, 2, 2, 2, 3.0, 0.4 },
	{ 99, 1, 2, 2, 100, 49.0, 1.0 },
	{ 35, 65, 2, 2, 0, 630.0, 0.0001874833396648007 },
	{ 35, 65, 2, 2, 60, 15.0, 1.2492384563060581e-24 },
	{ 50, 50, 2, 2, -200, 2500.0, 1.9823306042836686e-29 },
	{ 60, 40, 2, 2, -200, 2400.0, 1.4549439350345042e-28 },
	{ 60, 40, 2, 2, -60, 2355.0, 7.865557857750684e-23 },
	{ 45, 55, 6, 4, -150, 2373.0, 6.745812053736498e-20 },
};

static void test_mannwhitney__exact_far_tails_match_scipy(void)
{
	int64_t x[100], y[100];
	size_t k;
	int i;

	for (k = 0; k < N(scipy_exact); k++) {
		struct mw_result r;

		for (i = 0; i < scipy_exact[k].nx; i++)
			x[i] = (int64_t)scipy_exact[k].a * i + 1;
		for (i = 0; i < scipy_exact[k].ny; i++)
			y[i] = (int64_t)scipy_exact[k].b * i + scipy_exact[k].s;
		CHECK_INT(mann_whitney(x, (size_t)scipy_exact[k].nx, y, (size_t)scipy_exact[k].ny,
				       &r), 0);
		CHECK(r.exact);
		CHECK_NEAR(r.u, scipy_exact[k].u, 0);
		/* 1e-12 relative: the tail must be right, not merely small */
		CHECK_NEAR(r.p, scipy_exact[k].p, 1e-12 * scipy_exact[k].p);
	}
}

static void test_mannwhitney__ties_use_corrected_normal(void)
{
	int64_t a[] = { 1, 2, 2 }, b[] = { 2, 3, 4 };
	int64_t same[] = { 5, 5, 5 };
	int64_t c[] = { 3, 1, 4, 1, 5, 9, 2, 6 }, d[] = { 5, 3, 5, 8, 9, 7, 9, 3, 2 };

	mw_check(a, 3, b, 3, 1, 0.16415972847851523, 0);
	mw_check(same, 3, same, 3, 4.5, 1.0, 0);
	mw_check(c, 8, d, 9, 22.5, 0.20702196820234253, 0);
}

static void test_mannwhitney__large_uses_normal(void)
{
	int64_t x[100], y[101];
	size_t i;

	for (i = 0; i < 100; i++) {
		x[i] = 3 * (int64_t)i;
		y[i] = 10 + 3 * (int64_t)i;
	}
	y[100] = 5;
	mw_check(x, 100, y, 101, 4754, 0.47358536776793825, 0);
}

static void test_mannwhitney__min_p(void)
{
	CHECK_NEAR(mann_whitney_min_p(1, 1), 1.0, 0);
	CHECK_NEAR(mann_whitney_min_p(3, 3), 0.1, 1e-15);		/* 2 / 20 */
	CHECK_NEAR(mann_whitney_min_p(4, 4), 2.0 / 70, 1e-15);	/* above 0.01 */
	CHECK_NEAR(mann_whitney_min_p(5, 5), 2.0 / 252, 1e-15);	/* below 0.01 */
	CHECK(mann_whitney_min_p(1000, 1000) < 1e-10);
}

static void test_bootstrap__matches_naive_reference(void)
{
	int64_t base[] = { 100, 103, 98, 101, 99, 102, 97, 104, 100, 101, 99 };
	int64_t cand[] = { 110, 112, 108, 111, 109, 113, 107, 110, 111, 109 };
	struct median_change mc;

	CHECK_INT(median_change_bootstrap(base, N(base), cand, N(cand), 200,
					  BOOTSTRAP_SEED, &mc), 0);
	CHECK_NEAR(mc.base_median, 100, 0);
	CHECK_NEAR(mc.cand_median, 110, 0);
	CHECK_NEAR(mc.change, 0.1, 1e-15);
	CHECK_NEAR(mc.ci_low, 0.0784313725490196, 1e-15);
	CHECK_NEAR(mc.ci_high, 0.11616161616161616, 1e-15);
}

static void test_bootstrap__degenerate_samples(void)
{
	int64_t one_b[] = { 200 }, one_c[] = { 250 }, zero[] = { 0, 0 };
	int64_t same[] = { 40, 40, 40, 40 };
	struct median_change mc;

	CHECK_INT(median_change_bootstrap(one_b, 1, one_c, 1, 100, 1, &mc), 0);
	CHECK_NEAR(mc.change, 0.25, 0);
	CHECK_NEAR(mc.ci_low, 0.25, 0);		/* every resample is the sample */
	CHECK_NEAR(mc.ci_high, 0.25, 0);
	CHECK_INT(median_change_bootstrap(same, 4, same, 4, 100, 1, &mc), 0);
	CHECK_NEAR(mc.change, 0, 0);
	CHECK_NEAR(mc.ci_low, 0, 0);
	CHECK_NEAR(mc.ci_high, 0, 0);
	CHECK_INT(median_change_bootstrap(zero, 2, same, 4, 100, 1, &mc), -EINVAL);
}

UNIT_MAIN(
	TEST(test_stats__ten_values),
	TEST(test_stats__one_value),
	TEST(test_stats__two_values),
	TEST(test_stats__ties),
	TEST(test_stats__empty),
	TEST(test_stats__hundred_values_and_large_numbers),
	TEST(test_stats__select_every_rank),
	TEST(test_stats__select_ranks_matches_sorting),
	TEST(test_mannwhitney__exact_small),
	TEST(test_mannwhitney__exact_twenty),
	TEST(test_mannwhitney__exact_far_tails_match_scipy),
	TEST(test_mannwhitney__ties_use_corrected_normal),
	TEST(test_mannwhitney__large_uses_normal),
	TEST(test_mannwhitney__min_p),
	TEST(test_bootstrap__matches_naive_reference),
	TEST(test_bootstrap__degenerate_samples),
)
