/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Effect size: relative change of the median, with a bootstrap CI. Pure. */
#ifndef KVMBOOT_BOOTSTRAP_H
#define KVMBOOT_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

#define BOOTSTRAP_RESAMPLES 1000
#define BOOTSTRAP_SEED 0x6b766d626f6f74ULL	/* fixed: the same data gives the same CI */

struct median_change {
	double base_median, cand_median;
	double change;		/* (cand - base) / base; 0.05 is 5% slower */
	double ci_low, ci_high;	/* percentile bootstrap 95% interval of change */
};

/*
 * Resamples BASE and CAND (with replacement, RESAMPLES times, from SEED)
 * and takes the 2.5th and 97.5th nearest-rank percentiles of the relative
 * change of their medians. NB, NC > 0 and the base median must not be 0.
 * Returns 0, -EINVAL (base median 0) or -ENOMEM.
 */
int median_change_bootstrap(const int64_t *base, size_t nb, const int64_t *cand, size_t nc,
			    unsigned resamples, uint64_t seed, struct median_change *out);

#endif
