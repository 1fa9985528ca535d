/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Descriptive statistics of boot times (pure; integer nanoseconds in). */
#ifndef KVMBOOT_STATS_H
#define KVMBOOT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Percentiles are nearest-rank: the p-th percentile of n values is the
 * value of rank ceil(p / 100 * n) in ascending order (so always a value
 * of the sample). The median is the usual one: the middle value, or the
 * mean of the two middle values for even n.
 */
struct stats {
	size_t n;
	double mean;
	double median;
	double stddev;		/* sample standard deviation (n - 1); valid when n >= 2 */
	bool has_stddev;
	int64_t min, max, p25, p75, p90, p99;
};

/*
 * Computes STATS of the N values (reordered in place, not fully sorted:
 * selection, not sorting, so that a million values cost milliseconds).
 * N == 0 gives n = 0 and nothing else valid.
 */
void stats_compute(int64_t *values, size_t n, struct stats *out);

/* The value of 1-based rank K (1 <= K <= N) in ascending order; reorders VALUES. */
int64_t stats_select(int64_t *values, size_t n, size_t k);

/*
 * The values of the 1-based RANKS (ascending, repeats allowed, at most
 * STATS_MAX_RANKS) into OUT, in one go; reorders VALUES.
 */
#define STATS_MAX_RANKS 8
void stats_select_ranks(int64_t *values, size_t n, const size_t *ranks, size_t k,
			int64_t *out);

/* Rank (1-based) of the nearest-rank P-th percentile of N values; N > 0, 0 < P <= 100. */
size_t stats_rank(size_t n, double p);

/* Median of N values (reorders them); N > 0. */
double stats_median(int64_t *values, size_t n);

#endif
