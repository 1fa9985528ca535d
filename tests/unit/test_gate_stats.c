/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The gate's statistics against values computed independently: scipy
 * 1.10.1's ks_2samp(method='exact') (tests/unit/reference/stats_reference.py),
 * Holm's adjustment and the boots-needed formula worked by hand (with a
 * calculator, the working in the comments), and outcomes on samples
 * built so that the answer is plain.
 */
#include "unit.h"
#include "reporter/analysis/gate_stats.h"
#include "reporter/analysis/ks.h"

#include <math.h>
#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* x_i = A*i + 1, y_j = B*j + S; D and p from scipy 1.10.1 ks_2samp(x, y, method='exact'). */
static const struct {
	int nx, ny, a, b, s;
	double d, p;
} scipy_ks[] = {
	{ 10, 10, 2, 2, 11, 0.5, 0.16782134274394334 },
	{ 20, 7, 2, 6, 3, 0.09285714285714286, 1.0 },
	{ 50, 50, 2, 2, 200, 1.0, 1.9823306042836678e-29 },
	{ 30, 40, 4, 2, 0, 0.3416666666666667, 0.029137611434829822 },
	{ 25, 60, 3, 1, 5, 0.14333333333333334, 0.8096324070214902 },
	{ 140, 20, 2, 4, 41, 0.5785714285714286, 5.6883514729207585e-06 },
	{ 8, 5, 2, 2, 3, 0.25, 0.9627039627039627 },
	{ 100, 100, 2, 2, 11, 0.05, 0.9996892272702655 },
};

static void test_ks__exact_matches_scipy(void)
{
	int64_t x[200], y[200];
	size_t k;
	int i;

	for (k = 0; k < N(scipy_ks); k++) {
		struct ks_result r;

		for (i = 0; i < scipy_ks[k].nx; i++)
			x[i] = (int64_t)scipy_ks[k].a * i + 1;
		for (i = 0; i < scipy_ks[k].ny; i++)
			y[i] = (int64_t)scipy_ks[k].b * i + scipy_ks[k].s;
		CHECK_INT(ks_test(x, (size_t)scipy_ks[k].nx, y, (size_t)scipy_ks[k].ny, &r), 0);
		CHECK(r.exact);
		CHECK_NEAR(r.d, scipy_ks[k].d, 1e-15);
		CHECK_NEAR(r.p, scipy_ks[k].p, 1e-10 * scipy_ks[k].p);
	}
}

/* The same median, another shape: Mann-Whitney barely sees it, KS does (scipy: 0.0123). */
static void test_ks__sees_a_shape_change(void)
{
	int64_t x[20], y[20];
	struct ks_result r;
	int i;

	for (i = 0; i < 20; i++)
		x[i] = 1000 + i;
	for (i = 0; i < 10; i++) {
		y[i] = 990 + i;
		y[10 + i] = 1010 + i;
	}
	CHECK_INT(ks_test(x, 20, y, 20, &r), 0);
	CHECK_NEAR(r.d, 0.5, 1e-15);
	CHECK_NEAR(r.p, 0.012298612583953778, 1e-12);
}

static void test_gate__holm_by_hand(void)
{
	/* sorted 0.005 0.01 0.03 0.04 times 4 3 2 1: 0.02 0.03 0.06 0.04 -> running max 0.06 */
	double p[] = { 0.01, 0.04, 0.03, 0.005 }, adj[4];
	double q[] = { 0.5, 0.4 }, qa[2];

	CHECK_INT(gate_holm(p, 4, adj), 0);
	CHECK_NEAR(adj[0], 0.03, 1e-15);
	CHECK_NEAR(adj[1], 0.06, 1e-15);
	CHECK_NEAR(adj[2], 0.06, 1e-15);
	CHECK_NEAR(adj[3], 0.02, 1e-15);
	CHECK_INT(gate_holm(q, 2, qa), 0);	/* 0.4 x 2 = 0.8, 0.5 x 1 -> 0.8: capped at 1 never hit */
	CHECK_NEAR(qa[0], 0.8, 1e-15);
	CHECK_NEAR(qa[1], 0.8, 1e-15);
}

static void test_gate__boots_needed_by_hand(void)
{
	/* u = 1.96 x 1.2533 = 2.45640; (500/u)^2 - 1000^2/100 = 31430.86; 1e6/31430.86 = 31.8 -> 32 */
	CHECK_INT(gate_boots_needed(1000, 100, 1000, 500), 32);
	/* (4000/u)^2 - 2000^2/20 = 2451575.0; 9e6 / 2451575.0 = 3.67 -> 4 */
	CHECK_INT(gate_boots_needed(2000, 20, 3000, 4000), 4);
	/* (100/u)^2 = 1657.2 < 1000^2/10: the base alone is too noisy */
	CHECK_INT(gate_boots_needed(1000, 10, 1000, 100), -1);
	CHECK_INT(gate_boots_needed(0, 10, 0, 100), 1);
}

/* A sample of N boots around CENTER, spread by +-SPREAD (a fixed zigzag). */
static int64_t *sample(size_t n, int64_t center, int64_t spread, int64_t salt)
{
	int64_t *v = malloc(n * sizeof(*v));
	size_t i;

	for (i = 0; v && i < n; i++)
		v[i] = center + (((int64_t)i * 7 + salt) % 21 - 10) * spread / 10;
	return v;
}

static const struct gate_params params = { 0.01, 0.05, 200000, true };

static enum gate_outcome decide_one(size_t nb, int64_t bc, size_t nc, int64_t cc, int64_t spread,
				    struct gate_item *it)
{
	int64_t *b = sample(nb, bc, spread, 3), *c = sample(nc, cc, spread, 5);

	memset(it, 0, sizeof(*it));
	it->base = b;
	it->nb = nb;
	it->cand = c;
	it->nc = nc;
	CHECK_INT(gate_decide(it, 1, &params), 0);
	free(b);
	free(c);
	return it->outcome;
}

static void test_gate__outcomes(void)
{
	struct gate_item it;

	/* 20 ms +-0.5 ms, 140 boots vs 20: +10% is far past 5% and the 0.2 ms floor */
	CHECK_INT(decide_one(140, 20000000, 20, 22000000, 500000, &it), GATE_REGRESSED);
	CHECK_NEAR(it.change, 0.1, 0.01);
	CHECK(it.p_adj < 0.01);
	CHECK_INT(decide_one(140, 20000000, 20, 18000000, 500000, &it), GATE_IMPROVED);
	CHECK_INT(decide_one(140, 20000000, 20, 20000000, 500000, &it), GATE_PASS);
	CHECK(it.ci_low >= -0.05 && it.ci_high <= 0.05);
	/* 3 boots: no verdict, and it says how many more (6 at least) */
	CHECK_INT(decide_one(140, 20000000, 3, 20000000, 500000, &it), GATE_INCONCLUSIVE);
	CHECK(it.more_boots >= 3);
	/* a 10 us stage that doubles: noise under the 0.2 ms floor, never a finding */
	CHECK_INT(decide_one(140, 10000, 20, 20000, 5000, &it), GATE_PASS);
	CHECK_NEAR(it.margin_ns, 200000, 0);
	/* +5.5% with +-20% noise: the CI straddles the margin */
	CHECK_INT(decide_one(21, 20000000, 8, 21100000, 4000000, &it), GATE_INCONCLUSIVE);
	CHECK(it.more_boots != 0);
}

static void test_gate__missing_and_new(void)
{
	int64_t v[] = { 1, 2, 3 };
	struct gate_item it[2];

	memset(it, 0, sizeof(it));
	it[0].base = v;
	it[0].nb = 3;
	it[1].cand = v;
	it[1].nc = 3;
	CHECK_INT(gate_decide(it, 2, &params), 0);
	CHECK_INT(it[0].outcome, GATE_MISSING);
	CHECK_INT(it[1].outcome, GATE_NEW);
	CHECK_INT(gate_exit_status(it, 2, GATE_FAILURES_NONE), 3);
	CHECK_STR(gate_outcome_name(GATE_INCONCLUSIVE), "inconclusive");
}

static void test_gate__failures(void)
{
	struct gate_failures f = { 6, 0, 42, 0, false, false, 0 };

	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_NONE);
	f.cand_failed = 2;	/* 2 of 6 hung after a week without a hang */
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_FAIL);
	f.base_failed = 14;	/* 1 in 3 before too: no worse */
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_TOLERATED);
	f.base_failed = 13;
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_FAIL);
	f.limit_given = true;
	f.limit = 2;
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_TOLERATED);
	f.limit = 1;
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_FAIL);
	f.limit_percent = true;
	f.limit = 34;		/* 33.3% */
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_TOLERATED);
	f.limit = 33;
	CHECK_INT(gate_failures_judge(&f), GATE_FAILURES_FAIL);
}

static void test_gate__exit_status(void)
{
	struct gate_item it[3];

	memset(it, 0, sizeof(it));
	it[0].outcome = GATE_PASS;
	it[1].outcome = GATE_IMPROVED;
	it[2].outcome = GATE_NEW;
	CHECK_INT(gate_exit_status(it, 3, GATE_FAILURES_NONE), 0);
	CHECK_INT(gate_exit_status(it, 3, GATE_FAILURES_TOLERATED), 0);
	CHECK_INT(gate_exit_status(it, 3, GATE_FAILURES_FAIL), 1);
	it[2].outcome = GATE_INCONCLUSIVE;
	CHECK_INT(gate_exit_status(it, 3, GATE_FAILURES_NONE), 3);
	it[1].outcome = GATE_REGRESSED;
	CHECK_INT(gate_exit_status(it, 3, GATE_FAILURES_NONE), 1);
	CHECK_INT(gate_exit_status(it, 0, GATE_FAILURES_NONE), 3);	/* nothing compared */
}

UNIT_MAIN(
	TEST(test_ks__exact_matches_scipy),
	TEST(test_ks__sees_a_shape_change),
	TEST(test_gate__holm_by_hand),
	TEST(test_gate__boots_needed_by_hand),
	TEST(test_gate__outcomes),
	TEST(test_gate__missing_and_new),
	TEST(test_gate__failures),
	TEST(test_gate__exit_status),
)
