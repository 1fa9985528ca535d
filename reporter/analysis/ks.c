/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The two-sample Kolmogorov-Smirnov test, two-sided. Pure. */
#include "ks.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int int64_cmp(const void *a, const void *b)
{
	int64_t p = *(const int64_t *)a, q = *(const int64_t *)b;

	return (p > q) - (p < q);
}

static int64_t *sorted_copy(const int64_t *v, size_t n)
{
	int64_t *c = malloc(n * sizeof(*c));

	if (c) {
		memcpy(c, v, n * sizeof(*c));
		qsort(c, n, sizeof(*c), int64_cmp);
	}
	return c;
}

/*
 * The statistic in whole numbers: max over the merged order of
 * |i * ny - j * nx| after i values of X and j of Y (ties taken together),
 * which is D * nx * ny.
 */
static int64_t gap_max(const int64_t *x, size_t nx, const int64_t *y, size_t ny)
{
	size_t i = 0, j = 0;
	int64_t best = 0, gap;

	while (i < nx || j < ny) {
		int64_t at = j == ny || (i < nx && x[i] <= y[j]) ? x[i] : y[j];

		while (i < nx && x[i] == at)
			i++;
		while (j < ny && y[j] == at)
			j++;
		gap = llabs((int64_t)i * (int64_t)ny - (int64_t)j * (int64_t)nx);
		if (gap > best)
			best = gap;
	}
	return best;
}

/*
 * P(a random interleaving of M x's and N y's reaches |i*n - j*m| >= K):
 * the walk's probability mass is carried through the points strictly
 * inside, and what steps outside is summed as it leaves, so that a tiny p
 * is a sum of small numbers, not 1 minus nearly 1.
 */
static bool outside(size_t i, size_t j, size_t m, size_t n, int64_t k)
{
	return llabs((int64_t)i * (int64_t)n - (int64_t)j * (int64_t)m) >= k;
}

static int exact_p(size_t m, size_t n, int64_t k, double *p)
{
	double *row = calloc(n + 1, sizeof(*row)), out = 0;	/* row i, columns j */
	size_t i, j;

	if (!row)
		return -ENOMEM;
	row[0] = 1;
	for (i = 0; i <= m; i++) {
		for (j = 0; j <= n; j++) {
			double left = (double)(m + n - i - j), here = row[j], to;

			if (here == 0 || left == 0)
				continue;
			if (j < n) {		/* a y: to (i, j + 1), later in this row */
				to = here * (double)(n - j) / left;
				if (outside(i, j + 1, m, n, k))
					out += to;
				else
					row[j + 1] += to;
			}
			if (i < m) {		/* an x: to (i + 1, j), in the next row */
				to = here * (double)(m - i) / left;
				row[j] = outside(i + 1, j, m, n, k) ? 0 : to;
				if (row[j] == 0)
					out += to;
			}
		}
	}
	free(row);
	*p = fmin(1.0, out);
	return 0;
}

/* Kolmogorov's limit: P(K > z) = 2 sum (-1)^(k-1) exp(-2 k^2 z^2). */
static double kolmogorov_sf(double z)
{
	double sum = 0, term;
	int k;

	if (z < 0.27)
		return 1.0;
	for (k = 1; k < 100; k++) {
		term = exp(-2.0 * k * k * z * z);
		sum += (k % 2 ? 2 : -2) * term;
		if (term < 1e-300)
			break;
	}
	return fmin(1.0, fmax(0.0, sum));
}

int ks_test(const int64_t *x, size_t nx, const int64_t *y, size_t ny, struct ks_result *out)
{
	int64_t *sx = sorted_copy(x, nx), *sy = sorted_copy(y, ny), k;
	double en;
	int rc = 0;

	if (!sx || !sy) {
		free(sx);
		free(sy);
		return -ENOMEM;
	}
	k = gap_max(sx, nx, sy, ny);
	free(sx);
	free(sy);
	out->d = (double)k / ((double)nx * (double)ny);
	out->exact = (double)nx * (double)ny <= KS_EXACT_MAX_CELLS;
	if (k == 0) {
		out->p = 1.0;
	} else if (out->exact) {
		rc = exact_p(nx, ny, k, &out->p);
	} else {
		en = (double)nx * (double)ny / (double)(nx + ny);
		out->p = kolmogorov_sf(sqrt(en) * out->d);
	}
	return rc;
}
