/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The size of a change: relative change of the median, bootstrap interval. */
#include "cp_effect.h"
#include "bootstrap.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

double cp_relative_change(double before, double after)
{
	return before == 0 ? 0 : (after - before) / fabs(before);
}

/* Every STEP-th boot of sessions [A, B) of H into a new array; NULL when out of memory. */
static int64_t *boots_spread(const struct cp_history *h, size_t a, size_t b, size_t *n)
{
	size_t all = h->first[b] - h->first[a], step = (all + CP_CI_BOOTS - 1) / CP_CI_BOOTS, i;
	int64_t *v = malloc((all / (step ? step : 1) + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (i = 0; i < all; i += step)
		v[(*n)++] = h->v[h->first[a] + i];
	return v;
}

int cp_interval(const struct cp_history *h, size_t a, size_t b, size_t c, size_t d,
		uint64_t seed, double *low, double *high, bool *have)
{
	size_t nx, ny;
	int64_t *x = boots_spread(h, a, b, &nx), *y = boots_spread(h, c, d, &ny);
	struct median_change mc;
	int rc = -ENOMEM;

	if (x && y)
		rc = median_change_bootstrap(x, nx, y, ny, BOOTSTRAP_RESAMPLES, seed, &mc);
	free(x);
	free(y);
	*have = rc == 0;
	*low = rc == 0 ? mc.ci_low : 0;
	*high = rc == 0 ? mc.ci_high : 0;
	return rc == -ENOMEM ? -ENOMEM : 0;
}
