/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test of a split: standardized CUSUM of scores, permutation p-value. */
#include "cp_test.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Work per test (units x permutations) past which fewer permutations are drawn. */
#define PERMUTATION_WORK 2000000u
#define PERMUTATIONS_MAX 9999u
#define PERMUTATIONS_MIN 199u

/*
 * Besag and Clifford's sequential test: stop at this many orders reaching
 * the statistic, p = that count over the orders drawn (a valid p-value);
 * a clear null costs some 20 orders whatever the number planned.
 */
#define REACHED_ENOUGH 10u

/* Two statistics this close are the same order seen twice (rounding aside). */
#define SAME_STAT 1e-9

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, N) by multiply-shift (bias below 2^-40 for the N here). */
static size_t draw(uint64_t *state, size_t n)
{
	return (size_t)(((__uint128_t)splitmix64(state) * n) >> 64);
}

uint64_t cp_seed_mix(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t s = seed ^ (a * 0x9e3779b97f4a7c15ULL);

	splitmix64(&s);
	s ^= b * 0xc2b2ae3d27d4eb4fULL;
	return splitmix64(&s);
}

double cp_split_stat(const int64_t *u, size_t m, size_t t)
{
	int64_t s = 0;
	size_t i;

	for (i = 0; i < t; i++)
		s += u[i];
	return fabs((double)s) / sqrt((double)t * (double)(m - t));
}

/* The weights 1 / sqrt(T (M - T)) for T in [TMIN, TMAX], at W[T]. */
static void weights_fill(double *w, size_t m, size_t tmin, size_t tmax)
{
	size_t t;

	for (t = tmin; t <= tmax; t++)
		w[t] = 1.0 / sqrt((double)t * (double)(m - t));
}

/* The largest |S_T| W[T] for T in [TMIN, TMAX]: the scan of one permutation. */
static double scan_weighted(const int64_t *u, size_t tmin, size_t tmax, const double *w)
{
	int64_t s = 0;
	double best = 0;
	size_t t;

	for (t = 0; t < tmin; t++)
		s += u[t];
	for (t = tmin; t <= tmax; t++) {
		double stat = fabs((double)s) * w[t];

		if (stat > best)
			best = stat;
		s += u[t];
	}
	return best;
}

double cp_scan(const int64_t *u, size_t m, size_t tmin, size_t tmax, size_t *arg)
{
	int64_t s = 0;
	double best = -1;
	size_t t;

	for (t = 0; t < tmin; t++)
		s += u[t];
	for (t = tmin; t <= tmax; t++) {
		double stat = fabs((double)s) / sqrt((double)t * (double)(m - t));

		if (stat > best) {
			best = stat;
			*arg = t;
		}
		s += u[t];
	}
	return best;
}

unsigned cp_permutations(size_t m, double alpha)
{
	double least = ceil(2.0 / alpha) - 1;	/* so that p can reach alpha / 2 */
	size_t n = PERMUTATION_WORK / (m ? m : 1);

	if (n > PERMUTATIONS_MAX)
		n = PERMUTATIONS_MAX;
	if (n < PERMUTATIONS_MIN)
		n = PERMUTATIONS_MIN;
	return least > (double)n ? (unsigned)fmin(least, 1e7) : (unsigned)n;
}

/* Fisher-Yates. */
static void shuffle(int64_t *u, size_t m, uint64_t *state)
{
	size_t i;

	for (i = m - 1; i > 0; i--) {
		size_t j = draw(state, i + 1);
		int64_t t = u[i];

		u[i] = u[j];
		u[j] = t;
	}
}

double cp_tail_bound(const int64_t *u, size_t m, size_t tmin, size_t tmax, double stat)
{
	int64_t lo = u[0], hi = u[0];
	double range, sum = 0;
	size_t i, t;

	for (i = 1; i < m; i++) {
		lo = u[i] < lo ? u[i] : lo;
		hi = u[i] > hi ? u[i] : hi;
	}
	range = (double)hi - (double)lo;
	if (range <= 0)
		return 1;
	/* P(|S_t| >= x) <= 2 exp(-2 x^2 / (t (1 - (t - 1) / m) range^2)), x = stat sqrt(t (m - t)). */
	for (t = tmin; t <= tmax; t++)
		sum += 2 * exp(-2 * stat * stat * (double)(m - t) * (double)m /
			       ((double)(m - t + 1) * range * range));
	return fmin(sum, 1);
}

int cp_permutation_p(const int64_t *u, size_t m, size_t tmin, size_t tmax, double stat,
		     double alpha, uint64_t seed, double *p)
{
	unsigned total = cp_permutations(m, alpha), drawn, reached = 0;
	double *w;
	int64_t *order;
	uint64_t state = seed;

	*p = cp_tail_bound(u, m, tmin, tmax, stat);
	if (*p < alpha)
		return 0;	/* clear whatever the permutations say: spare them */
	w = malloc((tmax + 1) * sizeof(*w));
	order = malloc(m * sizeof(*order));
	if (!w || !order) {
		free(w);
		free(order);
		return -ENOMEM;
	}
	weights_fill(w, m, tmin, tmax);
	memcpy(order, u, m * sizeof(*order));
	for (drawn = 0; drawn < total && reached < REACHED_ENOUGH; drawn++) {
		shuffle(order, m, &state);
		if (scan_weighted(order, tmin, tmax, w) >= stat * (1 - SAME_STAT))
			reached++;
	}
	*p = reached == REACHED_ENOUGH ? (double)reached / drawn : (1.0 + reached) / (1.0 + drawn);
	free(w);
	free(order);
	return 0;
}
