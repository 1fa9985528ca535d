/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Mann-Whitney U test (Wilcoxon rank-sum), two-sided. Pure. */
#include "mannwhitney.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

struct tagged {
	int64_t value;
	bool from_x;
};

static int tagged_cmp(const void *a, const void *b)
{
	const struct tagged *p = a, *q = b;

	return (p->value > q->value) - (p->value < q->value);
}

/* Midranks; returns the rank sum of X and the tie term sum(t^3 - t). */
static void rank_sum(struct tagged *all, size_t n, double *rx, double *ties)
{
	size_t i = 0, j, k;

	*rx = 0;
	*ties = 0;
	qsort(all, n, sizeof(*all), tagged_cmp);
	while (i < n) {
		double t, midrank;

		for (j = i + 1; j < n && all[j].value == all[i].value; j++)
			;
		t = (double)(j - i);
		midrank = ((double)i + 1 + (double)j) / 2.0;	/* ranks i+1 .. j */
		for (k = i; k < j; k++)
			if (all[k].from_x)
				*rx += midrank;
		*ties += t * t * t - t;
		i = j;
	}
}

/*
 * Counts are whole numbers up to C(100, 50) ~ 1.0e29: exact in 128 bits
 * (signed: the product below goes negative on the way), where doubles
 * lose the far tail to rounding and can even turn it negative.
 */
typedef __int128 count_t;

/*
 * Number of arrangements giving each U for sizes M and N: the coefficients
 * of the Gaussian binomial [M+N choose M](q), built as the product over
 * i = 1..M of (1 - q^(N+i)) / (1 - q^i). Caller frees.
 */
static count_t *u_counts(size_t m, size_t n)
{
	size_t top = m * n, i, u;
	count_t *c = calloc(top + 1, sizeof(*c));

	if (!c)
		return NULL;
	c[0] = 1;
	for (i = 1; i <= m; i++) {
		for (u = top; u >= n + i && u <= top; u--)	/* times (1 - q^(n+i)) */
			c[u] -= c[u - (n + i)];
		for (u = i; u <= top; u++)			/* divided by (1 - q^i) */
			c[u] += c[u - i];
	}
	return c;
}

/*
 * Two-sided exact p: twice the smaller tail at U. The distribution is
 * symmetric (c[u] == c[top - u]), so the tail is summed from its own end:
 * the smaller tail is exact however far out it lies.
 */
static int exact_p(double u, size_t nx, size_t ny, double *p)
{
	count_t *c = u_counts(nx, ny), total = 0, tail = 0;
	size_t top = nx * ny, i;
	double low = fmin(u, (double)top - u);	/* the same tail, mirrored */

	if (!c)
		return -ENOMEM;
	for (i = 0; i <= top; i++) {
		total += c[i];
		if ((double)i <= low)
			tail += c[i];
	}
	free(c);
	*p = fmin(1.0, (double)((long double)(2 * tail) / (long double)total));
	return 0;
}

static double normal_p(double u, size_t nx, size_t ny, double ties)
{
	double n = (double)(nx + ny), mu = (double)nx * (double)ny / 2.0;
	double var = (double)nx * (double)ny / 12.0 * ((n + 1) - ties / (n * (n - 1)));
	double z;

	if (var <= 0)
		return 1.0;	/* every value the same */
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	if (z < 0)
		z = 0;
	return fmin(1.0, erfc(z / sqrt(2.0)));
}

int mann_whitney(const int64_t *x, size_t nx, const int64_t *y, size_t ny,
		 struct mw_result *out)
{
	struct tagged *all = malloc((nx + ny) * sizeof(*all));
	double rx, ties;
	size_t i;
	int rc = 0;

	if (!all)
		return -ENOMEM;
	for (i = 0; i < nx; i++)
		all[i] = (struct tagged){ x[i], true };
	for (i = 0; i < ny; i++)
		all[nx + i] = (struct tagged){ y[i], false };
	rank_sum(all, nx + ny, &rx, &ties);
	free(all);
	out->u = rx - (double)nx * ((double)nx + 1) / 2.0;
	out->exact = ties == 0 && nx + ny <= MW_EXACT_MAX;
	if (out->exact)
		rc = exact_p(out->u, nx, ny, &out->p);
	else
		out->p = normal_p(out->u, nx, ny, ties);
	return rc;
}

double mann_whitney_min_p(size_t nx, size_t ny)
{
	double c = 1;
	size_t i;

	for (i = 1; i <= nx; i++) {		/* C(nx + ny, nx), stopping early */
		c = c * (double)(ny + i) / (double)i;
		if (c > 1e12)
			return 0;
	}
	return fmin(1.0, 2.0 / c);
}
