/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Change points of a boot history: where, in a series of sessions in time
 * order (each with all its boots' values), the distribution of boot time
 * stepped up or down, by how much, and how sure we are. Pure: no database,
 * no printing.
 *
 * The method (README, "Change points"): every boot of a segment is ranked;
 * each session scores the sum of its boots' ranks above what a session of
 * its size would get by chance; a split is tried at every session boundary
 * that leaves at least MIN_SEGMENT sessions on each side, and the largest
 * standardized CUSUM of those scores is the statistic. Its p-value comes
 * from the same statistic over random orders of the segment's sessions
 * (whole sessions move, so a noisy night or a session-wide mode switch is
 * noise, not evidence). Significant splits are split again (binary
 * segmentation); then every change is checked against its neighbours: a
 * change that is not significant between them, or whose medians differ by
 * less than MIN_CHANGE, is dropped and its segments joined, weakest first.
 */
#ifndef KVMBOOT_CHANGEPOINT_H
#define KVMBOOT_CHANGEPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sessions on each side of a change, unless told otherwise. */
#define CP_MIN_SEGMENT 3

/* Sessions at each end that drift compares, at most. */
#define CP_DRIFT_WINDOW 10

/*
 * A history: session i's boots are V[FIRST[i]] .. V[FIRST[i + 1] - 1];
 * every session has at least one.
 */
struct cp_history {
	const int64_t *v;
	const size_t *first;	/* NSESSIONS + 1 entries, FIRST[0] == 0 */
	size_t nsessions;
};

struct cp_params {
	double alpha;		/* a change needs a permutation p below this */
	double min_change;	/* and medians that differ by this much (0.02: 2%) */
	double min_change_ns;	/* and by this many ns (the noise of a 10 us stage is no finding) */
	size_t min_segment;	/* sessions on each side of a change, >= 2 */
	uint64_t seed;		/* of the permutations: same history, same answer */
};

/* The defaults: alpha 0.01, min_change 0.01, min_change_ns 0, min_segment 3. */
void cp_params_default(struct cp_params *p);

struct cp_change {
	size_t at;		/* the first session after the change */
	size_t from, to;	/* it separates sessions [from, at) and [at, to) */
	size_t boots_before, boots_after;
	double median_before, median_after;	/* of every boot of each segment */
	double change;		/* (after - before) / |before| */
	double ci_low, ci_high;	/* bootstrap 95% interval of the change */
	bool have_ci;
	double p;		/* permutation p-value, between its neighbours */
};

struct cp_changes {
	struct cp_change *v;	/* in time order */
	size_t n;
	double median;		/* of every boot of the history (0 when it has none) */
};

/*
 * Finds the change points of H with P. 0, -EINVAL for bad parameters or a
 * session without boots, or -ENOMEM. A history shorter than
 * two segments has none. Free OUT with cp_changes_release().
 */
int cp_find(const struct cp_history *h, const struct cp_params *p, struct cp_changes *out);

void cp_changes_release(struct cp_changes *c);

/*
 * Drift: the level at the start of H against the level at its end, so
 * that small steps that each pass unnoticed still add up to a finding.
 * "Then" is the first segment (before the first change of C), "now" the
 * last, each cut to its CP_DRIFT_WINDOW sessions nearest the ends.
 */
struct cp_drift {
	size_t then_from, then_to, now_from, now_to;	/* sessions compared */
	size_t boots_then, boots_now;
	double median_then, median_now;
	double change;		/* (now - then) / |then| */
	double ci_low, ci_high;
	bool have_ci;
	double p;		/* permutation p-value of the two sets of sessions */
};

/*
 * Fills OUT for H and its changes C. 0, -ERANGE when H has fewer than
 * two sessions, -EINVAL, or -ENOMEM.
 */
int cp_drift(const struct cp_history *h, const struct cp_changes *c, const struct cp_params *p,
	     struct cp_drift *out);

#endif
