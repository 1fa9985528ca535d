/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Mann-Whitney U test (Wilcoxon rank-sum), two-sided. Pure. */
#ifndef KVMBOOT_MANNWHITNEY_H
#define KVMBOOT_MANNWHITNEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Up to this many values in all, and without ties, p is exact. */
#define MW_EXACT_MAX 100

struct mw_result {
	double u;	/* U of the first sample: pairs (x, y) with x > y, ties half */
	double p;	/* two-sided p-value */
	bool exact;	/* from the exact distribution, else normal approximation
			 * with tie and continuity corrections */
};

/* Tests X against Y; NX, NY > 0. Returns 0, or -ENOMEM. */
int mann_whitney(const int64_t *x, size_t nx, const int64_t *y, size_t ny,
		 struct mw_result *out);

/*
 * The smallest two-sided p-value samples of NX and NY values can give:
 * 2 / C(NX + NY, NX). When it is not below alpha, no verdict is possible.
 */
double mann_whitney_min_p(size_t nx, size_t ny);

#endif
