/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Descriptive statistics of boot times (pure). */
#include "stats.h"

#include <math.h>
#include <string.h>

static void swap(int64_t *a, int64_t *b)
{
	int64_t t = *a;

	*a = *b;
	*b = t;
}

static int64_t median_of_three(int64_t a, int64_t b, int64_t c)
{
	if ((a <= b && b <= c) || (c <= b && b <= a))
		return b;
	if ((b <= a && a <= c) || (c <= a && a <= b))
		return a;
	return c;
}

/*
 * Quickselect with a three-way partition (< pivot, == pivot, > pivot), so
 * that samples full of ties stay linear.
 */
int64_t stats_select(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n, want = k - 1;

	for (;;) {
		int64_t pivot = median_of_three(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);
		size_t lt = lo, i = lo, gt = hi;

		while (i < gt) {
			if (v[i] < pivot)
				swap(&v[lt++], &v[i++]);
			else if (v[i] > pivot)
				swap(&v[i], &v[--gt]);
			else
				i++;
		}
		if (want < lt)
			hi = lt;
		else if (want >= gt)
			lo = gt;
		else
			return pivot;
	}
}

size_t stats_rank(size_t n, double p)
{
	double r = ceil(p / 100.0 * (double)n - 1e-9);	/* guard 0.9 * 10 = 9.000000000000002 */

	if (r < 1)
		return 1;
	return r > (double)n ? n : (size_t)r;
}

/* Max of the first N values; N > 0. */
static int64_t max_of(const int64_t *v, size_t n)
{
	int64_t m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/*
 * The median, leaving V partitioned around rank n/2 + 1 (so that later
 * selections of higher ranks need only the upper part).
 */
double stats_median(int64_t *v, size_t n)
{
	int64_t upper = stats_select(v, n, n / 2 + 1);

	if (n % 2)
		return (double)upper;
	/* Everything below rank n/2 + 1 is <= upper: the lower middle is their max. */
	return ((double)max_of(v, n / 2) + (double)upper) / 2.0;
}

static void moments(const int64_t *v, size_t n, struct stats *out)
{
	long double sum = 0, mean, ss = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	mean = sum / (long double)n;
	for (i = 0; i < n; i++)
		ss += ((long double)v[i] - mean) * ((long double)v[i] - mean);
	out->mean = (double)mean;
	out->has_stddev = n >= 2;
	out->stddev = n >= 2 ? sqrt((double)(ss / (long double)(n - 1))) : 0;
}

void stats_compute(int64_t *v, size_t n, struct stats *out)
{
	size_t i, k, r75, r90, r99;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (n == 0)
		return;
	moments(v, n, out);
	out->min = out->max = v[0];
	for (i = 1; i < n; i++) {
		if (v[i] < out->min)
			out->min = v[i];
		if (v[i] > out->max)
			out->max = v[i];
	}
	/* After the median, v is partitioned at rank k: p25 is below it, and
	 * each higher rank is selected only above the one before. */
	out->median = stats_median(v, n);
	k = n / 2 + 1;
	out->p25 = stats_select(v, k, stats_rank(n, 25));	/* rank <= k */
	r75 = stats_rank(n, 75);				/* rank >= k */
	out->p75 = stats_select(v + (k - 1), n - (k - 1), r75 - (k - 1));
	r90 = stats_rank(n, 90);
	out->p90 = stats_select(v + (r75 - 1), n - (r75 - 1), r90 - (r75 - 1));
	r99 = stats_rank(n, 99);
	out->p99 = stats_select(v + (r90 - 1), n - (r90 - 1), r99 - (r90 - 1));
}
