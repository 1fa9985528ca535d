/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Effect size: relative change of the median, with a bootstrap CI. Pure. */
#include "bootstrap.h"
#include "stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (Lemire's multiply-shift; its bias is below 2^-40 here). */
static size_t draw(uint64_t *state, size_t n)
{
	return (size_t)(((__uint128_t)splitmix64(state) * n) >> 64);
}

/* A sample sorted once, and the counts of one resample of it. */
struct resampler {
	int64_t *sorted;
	unsigned *count;
	size_t n;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int resampler_init(struct resampler *r, const int64_t *v, size_t n)
{
	r->n = n;
	r->sorted = malloc(n * sizeof(*r->sorted));
	r->count = malloc(n * sizeof(*r->count));
	if (!r->sorted || !r->count)
		return -ENOMEM;
	memcpy(r->sorted, v, n * sizeof(*v));
	qsort(r->sorted, n, sizeof(*v), cmp_i64);
	return 0;
}

static void resampler_release(struct resampler *r)
{
	free(r->sorted);
	free(r->count);
}

/* Median of one resample: draw counts, then walk the sorted values. */
static double resample_median(struct resampler *r, uint64_t *state)
{
	size_t i, seen = 0, lower_rank = (r->n + 1) / 2, upper_rank = r->n / 2 + 1;
	int64_t lower = 0;

	memset(r->count, 0, r->n * sizeof(*r->count));
	for (i = 0; i < r->n; i++)
		r->count[draw(state, r->n)]++;
	for (i = 0; i < r->n; i++) {
		size_t before = seen;

		seen += r->count[i];
		if (before < lower_rank && seen >= lower_rank)
			lower = r->sorted[i];
		if (seen >= upper_rank)
			return ((double)lower + (double)r->sorted[i]) / 2.0;
	}
	return (double)lower;	/* not reached */
}

static double sorted_median(const int64_t *sorted, size_t n)
{
	return ((double)sorted[(n - 1) / 2] + (double)sorted[n / 2]) / 2.0;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int changes_collect(struct resampler *b, struct resampler *c, unsigned resamples,
			   uint64_t seed, double *changes)
{
	uint64_t state = seed;
	unsigned i;

	for (i = 0; i < resamples; i++) {
		double mb = resample_median(b, &state), mc = resample_median(c, &state);

		if (mb == 0)
			return -EINVAL;
		changes[i] = (mc - mb) / mb;
	}
	qsort(changes, resamples, sizeof(*changes), dbl_cmp);
	return 0;
}

int median_change_bootstrap(const int64_t *base, size_t nb, const int64_t *cand, size_t nc,
			    unsigned resamples, uint64_t seed, struct median_change *out)
{
	struct resampler b = { 0 }, c = { 0 };
	double *changes = malloc(resamples * sizeof(*changes));
	int rc = -ENOMEM;

	if (!changes || resampler_init(&b, base, nb) < 0 || resampler_init(&c, cand, nc) < 0)
		goto out;
	out->base_median = sorted_median(b.sorted, nb);
	out->cand_median = sorted_median(c.sorted, nc);
	rc = -EINVAL;
	if (out->base_median == 0)
		goto out;
	out->change = (out->cand_median - out->base_median) / out->base_median;
	rc = changes_collect(&b, &c, resamples, seed, changes);
	if (rc == 0) {
		out->ci_low = changes[stats_rank(resamples, 2.5) - 1];
		out->ci_high = changes[stats_rank(resamples, 97.5) - 1];
	}
out:
	resampler_release(&b);
	resampler_release(&c);
	free(changes);
	return rc;
}
