/*
 * The regression rule, shared by compare and the trend chart: Mann-Whitney
 * U (two-sided) and the bootstrap CI of the median's relative change.
 */
#ifndef KVMBOOT_VERDICT_H
#define KVMBOOT_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootstrap.h"

struct verdict {
	const char *word;	/* "regressed", "improved", "no change", "too few boots" */
	double p;
	bool have_change;	/* false when the base median is 0 */
	struct median_change mc;
};

/*
 * Decides for BASE (NB > 0 values) against CAND (NC > 0): regressed when
 * p < ALPHA and the median grew by more than THRESHOLD (a ratio), improved
 * the other way; "too few boots" when no p below ALPHA is reachable (the
 * figures are still filled in). 0, or -ENOMEM.
 */
int verdict_decide(const int64_t *base, size_t nb, const int64_t *cand, size_t nc,
		   double alpha, double threshold, struct verdict *out);

#endif
