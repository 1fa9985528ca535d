/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The gate's decision per stage or milestone, and over its boots: pure
 * functions of two samples (base, cand), shared by gate, compare, the
 * charts and the report page. No database, no printing.
 *
 * Outcomes: regressed (a significant difference after Holm's correction,
 * and the median grew by more than the margin), improved (the mirror),
 * pass (the 95% CI of the median's change lies inside +-margin), and
 * inconclusive (neither: too few boots, or a CI that straddles the
 * margin). The margin is max(threshold x base median, floor): so that the
 * noise of a 10-microsecond stage is never a finding.
 */
#ifndef KVMBOOT_GATE_STATS_H
#define KVMBOOT_GATE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Fewer boots than this on a side and no verdict is given: below 6, not
 * even the sample's min..max covers its median with 95% confidence
 * (1 - 2 * 0.5^n < 0.95), so no interval of the median's change exists.
 */
#define GATE_MIN_BOOTS 6

/* "More boots" estimates stop here: past it, say "more than". */
#define GATE_MORE_MAX 10000

enum gate_outcome {
	GATE_PASS,
	GATE_IMPROVED,
	GATE_REGRESSED,
	GATE_INCONCLUSIVE,
	GATE_NEW,		/* only the candidate has it: shown, not judged */
	GATE_MISSING,		/* only the base has it: inconclusive */
};

struct gate_params {
	double alpha;		/* family-wise error rate, over every test (Holm) */
	double threshold;	/* relative: 0.05 is 5% */
	double floor_ns;	/* absolute: a change must also exceed this */
	bool ks;		/* test with Kolmogorov-Smirnov too, not only Mann-Whitney */
};

struct gate_item {
	/* in: the samples (not modified) */
	const int64_t *base, *cand;
	size_t nb, nc;
	/* out */
	enum gate_outcome outcome;
	const char *reason;		/* one line: why this outcome */
	double base_median, cand_median;	/* ns */
	double change;			/* relative change of the median */
	double ci_low, ci_high;		/* its bootstrap 95% CI (relative) */
	bool have_ci;			/* false when the base median is 0 or a side is empty */
	double margin_ns;		/* max(threshold x base median, floor) */
	double p_mw, p_ks;		/* raw p-values (p_ks NAN when not tested) */
	double p_adj;			/* the smaller Holm-adjusted one */
	long more_boots;		/* inconclusive: candidate boots to add (estimate);
					 * -1: more baseline boots are needed too */
};

/*
 * Decides every item of ITEMS (N of them) together: Holm's correction
 * runs over all their tests. 0, or -ENOMEM.
 */
int gate_decide(struct gate_item *items, size_t n, const struct gate_params *p);

/* "pass", "improved", "regressed", "inconclusive", "new", "missing". */
const char *gate_outcome_name(enum gate_outcome o);

/*
 * Holm-Bonferroni step-down adjusted p-values of P (N of them) into ADJ:
 * the k-th smallest is max over j <= k of min(1, (N - j + 1) p_(j)).
 * 0, or -ENOMEM.
 */
int gate_holm(const double *p, size_t n, double *adj);

/*
 * Candidate boots needed for a 95% interval of the median's change of
 * half-width at most HALF_NS, given robust spreads SB, SC (ns) and NB
 * base boots: from the median's standard error 1.2533 s / sqrt(n). -1
 * when no number of candidate boots is enough (the base is too noisy).
 */
long gate_boots_needed(double sb, size_t nb, double sc, double half_ns);

/* Boots that failed, timed out or lost events, and the rule on them. */
struct gate_failures {
	size_t cand_boots, cand_failed;
	size_t base_boots, base_failed;
	bool limit_given;	/* --max-failed */
	bool limit_percent;
	double limit;		/* boots, or percent */
};

enum gate_failure_verdict {
	GATE_FAILURES_NONE,		/* no candidate boot failed */
	GATE_FAILURES_TOLERATED,	/* within --max-failed, or no worse than the base */
	GATE_FAILURES_FAIL,
};

enum gate_failure_verdict gate_failures_judge(const struct gate_failures *f);

/* The overall verdict: 0 pass or improved, 1 regressed or failures, 3 inconclusive. */
int gate_exit_status(const struct gate_item *items, size_t n, enum gate_failure_verdict f);

#endif
