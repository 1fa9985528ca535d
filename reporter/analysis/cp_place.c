/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where exactly a change sits between its neighbours, odd sessions left out. */
#include "cp_place.h"
#include "stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of N doubles (N > 0), sorted in place. */
static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), dbl_cmp);
	return (v[(n - 1) / 2] + v[n / 2]) / 2;
}

/* Each session's median, into MED[i - FROM]; BUF holds the largest session. */
static void session_medians(const struct cp_history *h, size_t from, size_t to, double *med,
			    int64_t *buf)
{
	size_t i, k;

	for (i = from; i < to; i++) {
		k = h->first[i + 1] - h->first[i];
		memcpy(buf, h->v + h->first[i], k * sizeof(*buf));
		med[i - from] = stats_median(buf, k);
	}
}

/* 1.4826 x the median distance of MED[lo..hi) from LEVEL, at least 1e-3 of it. */
static double side_spread(const double *med, size_t lo, size_t hi, double level, double *tmp)
{
	double spread;
	size_t i;

	for (i = lo; i < hi; i++)
		tmp[i - lo] = fabs(med[i] - level);
	spread = 1.4826 * median_of(tmp, hi - lo);
	return spread < 1e-3 * fabs(level) ? 1e-3 * fabs(level) : spread;
}

/*
 * Marks ODD[i]: sessions far from the levels (medians of medians) of both
 * sides, each side measured by its own spread: boot noise grows with the
 * level, and a side 500 times slower than the other varies more in ms.
 */
static void odd_mark(const double *med, size_t m, size_t cut, bool *odd, double *tmp)
{
	double left, right, left_spread, right_spread;
	size_t i;

	memcpy(tmp, med, cut * sizeof(*tmp));
	left = median_of(tmp, cut);
	memcpy(tmp, med + cut, (m - cut) * sizeof(*tmp));
	right = median_of(tmp, m - cut);
	left_spread = side_spread(med, 0, cut, left, tmp);
	right_spread = side_spread(med, cut, m, right, tmp);
	for (i = 0; i < m; i++)
		odd[i] = fabs(med[i] - left) > CP_ODD_SPREADS * left_spread &&
			 fabs(med[i] - right) > CP_ODD_SPREADS * right_spread;
}

/*
 * The best split of the sessions that are not odd: the standardized CUSUM
 * of their scores (centred again without the odd ones), over the splits
 * that leave LEAST sessions, odd ones included, on each side.
 */
static size_t split_best(const int64_t *scores, const bool *odd, size_t m, size_t least,
			 size_t fallback)
{
	double mean = 0, s = 0, best = -1;
	size_t kept = 0, seen = 0, i, at = fallback;

	for (i = 0; i < m; i++)
		if (!odd[i]) {
			mean += (double)scores[i];
			kept++;
		}
	if (kept < 2)
		return fallback;
	mean /= (double)kept;
	for (i = 0; i < m; i++) {
		double stat;

		if (odd[i])
			continue;
		if (seen > 0 && seen < kept && i >= least && m - i >= least) {
			stat = fabs(s) / sqrt((double)seen * (double)(kept - seen));
			if (stat > best) {
				best = stat;
				at = i;
			}
		}
		s += (double)scores[i] - mean;
		seen++;
	}
	return at;
}

size_t cp_place(const struct cp_history *h, size_t from, size_t at, size_t to,
		const int64_t *scores, size_t least)
{
	size_t m = to - from, largest = 1, i, best;
	double *med = malloc(m * sizeof(*med)), *tmp = malloc(m * sizeof(*tmp));
	bool *odd = malloc(m * sizeof(*odd));
	int64_t *buf;

	for (i = from; i < to; i++)
		if (h->first[i + 1] - h->first[i] > largest)
			largest = h->first[i + 1] - h->first[i];
	buf = malloc(largest * sizeof(*buf));
	best = at - from;
	if (med && tmp && odd && buf) {
		session_medians(h, from, to, med, buf);
		odd_mark(med, m, at - from, odd, tmp);
		best = split_best(scores, odd, m, least, at - from);
	}
	free(med);
	free(tmp);
	free(odd);
	free(buf);
	return from + best;
}
