/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The two-sample Kolmogorov-Smirnov test, two-sided: the largest gap
 * between the two samples' empirical distributions. Where Mann-Whitney
 * sees a shift, this also sees a change of shape (a second mode, a longer
 * tail), as Chromium's Pinpoint uses it. Pure.
 */
#ifndef KVMBOOT_KS_H
#define KVMBOOT_KS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Up to this product of the sizes, p is exact (lattice paths); else asymptotic. */
#define KS_EXACT_MAX_CELLS 4000000

struct ks_result {
	double d;	/* the statistic: max |F_x - F_y| */
	double p;	/* P(D >= d) for samples of these sizes drawn from one distribution */
	bool exact;	/* else Kolmogorov's limit distribution */
};

/* Tests X against Y; NX, NY > 0. 0, or -ENOMEM. */
int ks_test(const int64_t *x, size_t nx, const int64_t *y, size_t ny, struct ks_result *out);

#endif
