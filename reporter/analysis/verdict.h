/*
 * The regression rule for one step of the trend chart: the gate's rule
 * (Mann-Whitney U and Kolmogorov-Smirnov, Holm over the two, and the
 * bootstrap CI of the median's relative change) on one pair of samples.
 */
#ifndef KVMBOOT_VERDICT_H
#define KVMBOOT_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootstrap.h"

/* A change must also exceed this (compare's and gate's --min-change-ms default). */
#define VERDICT_FLOOR_NS 200000.0

struct verdict {
	const char *word;	/* "regressed", "improved", "pass", "inconclusive" */
	double p;
	bool have_change;	/* false when the base median is 0 */
	struct median_change mc;
};

/*
 * Decides for BASE (NB > 0 values) against CAND (NC > 0) as gate does:
 * regressed when significant at ALPHA and the median grew by more than
 * THRESHOLD (a ratio) and the floor; improved the other way; pass when the
 * CI lies inside that margin; else inconclusive. 0, or -ENOMEM.
 */
int verdict_decide(const int64_t *base, size_t nb, const int64_t *cand, size_t nc,
		   double alpha, double threshold, struct verdict *out);

#endif
