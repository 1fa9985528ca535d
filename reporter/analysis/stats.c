/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Descriptive statistics of boot times (pure). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
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

/* Ranks of RANKS (ascending, 1-based) by repeated quickselect, each above the last. */
static void select_ranks_quick(int64_t *v, size_t n, const size_t *ranks, size_t k,
			       int64_t *out)
{
	size_t i, lo = 0;

	for (i = 0; i < k; i++) {
		out[i] = stats_select(v + lo, n - lo, ranks[i] - lo);
		lo = ranks[i] - 1;	/* v[lo] holds out[i]; everything after is >= */
	}
}

/*
 * Below this many values, quickselect is as fast as anything; above it,
 * a histogram finds the few buckets that hold the wanted ranks, so that
 * most values are looked at twice without a data-dependent branch.
 */
#define HISTOGRAM_MIN 256
#define BUCKETS 4096u		/* at most; about n / 4, so that small samples stay cheap */

struct histogram {
	int64_t min;
	unsigned shift;
	size_t buckets;
	uint32_t count[BUCKETS];
	uint8_t wanted[BUCKETS];
};

static size_t bucket_of(const struct histogram *h, int64_t x)
{
	return ((uint64_t)x - (uint64_t)h->min) >> h->shift;
}

static void histogram_fill(struct histogram *h, const int64_t *v, size_t n)
{
	uint64_t range;
	int64_t max = v[0];
	size_t i;

	h->min = v[0];
	for (i = 1; i < n; i++) {
		h->min = v[i] < h->min ? v[i] : h->min;
		max = v[i] > max ? v[i] : max;
	}
	for (h->buckets = 64; h->buckets < BUCKETS && h->buckets < n / 4; h->buckets *= 2)
		;
	range = (uint64_t)max - (uint64_t)h->min;
	for (h->shift = 0; (range >> h->shift) >= h->buckets; h->shift++)
		;
	memset(h->count, 0, h->buckets * sizeof(h->count[0]));
	memset(h->wanted, 0, h->buckets * sizeof(h->wanted[0]));
	for (i = 0; i < n; i++)
		h->count[bucket_of(h, v[i])]++;
}

/*
 * Marks the buckets of RANKS and turns each rank into its rank among the
 * values of the marked buckets only (those of lower marked buckets first).
 */
static void histogram_localize(struct histogram *h, const size_t *ranks, size_t k,
			       size_t *local)
{
	size_t below = 0, kept = 0, b = 0, i;

	for (i = 0; i < k; i++) {
		while (below + h->count[b] < ranks[i]) {
			below += h->count[b];
			if (h->wanted[b])
				kept += h->count[b];
			b++;
		}
		h->wanted[b] = 1;
		local[i] = kept + (ranks[i] - below);
	}
}

/* Moves the values of the marked buckets to the front; returns how many. */
static size_t histogram_gather(const struct histogram *h, int64_t *v, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (h->wanted[bucket_of(h, v[i])])
			swap(&v[m++], &v[i]);
	return m;
}

void stats_select_ranks(int64_t *v, size_t n, const size_t *ranks, size_t k, int64_t *out)
{
	struct histogram *h;
	size_t local[STATS_MAX_RANKS];

	if (n < HISTOGRAM_MIN || k > STATS_MAX_RANKS || !(h = malloc(sizeof(*h)))) {
		select_ranks_quick(v, n, ranks, k, out);
		return;
	}
	histogram_fill(h, v, n);
	histogram_localize(h, ranks, k, local);
	select_ranks_quick(v, histogram_gather(h, v, n), local, k, out);
	free(h);
}

double stats_median(int64_t *v, size_t n)
{
	size_t ranks[2] = { (n + 1) / 2, n / 2 + 1 };	/* the same rank for odd n */
	int64_t at[2];

	stats_select_ranks(v, n, ranks, 2, at);
	return ((double)at[0] + (double)at[1]) / 2.0;
}

size_t stats_rank(size_t n, double p)
{
	double r = ceil(p / 100.0 * (double)n - 1e-9);	/* guard 0.9 * 10 = 9.000000000000002 */

	if (r < 1)
		return 1;
	return r > (double)n ? n : (size_t)r;
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
	size_t ranks[6];
	int64_t at[6];
	size_t i;

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
	/* Ascending: p25, the two middle ranks, p75, p90, p99. */
	ranks[0] = stats_rank(n, 25);
	ranks[1] = n / 2 > ranks[0] ? n / 2 : ranks[0];
	ranks[2] = n / 2 + 1;
	ranks[3] = stats_rank(n, 75);
	ranks[4] = stats_rank(n, 90);
	ranks[5] = stats_rank(n, 99);
	stats_select_ranks(v, n, ranks, 6, at);
	out->p25 = at[0];
	out->median = n % 2 ? (double)at[2] : ((double)at[1] + (double)at[2]) / 2.0;
	out->p75 = at[3];
	out->p90 = at[4];
	out->p99 = at[5];
}
