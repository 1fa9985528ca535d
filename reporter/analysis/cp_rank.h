/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ranks of a history's boots, segment by segment, for the change-point
 * test. The boots are sorted by value once; a segment of sessions [a, b)
 * always occupies slots FIRST[a] .. FIRST[b] - 1 of the work array, sorted
 * within itself, so that splitting a segment or joining two is linear and
 * ranking one needs no sort. Pure.
 */
#ifndef KVMBOOT_CP_RANK_H
#define KVMBOOT_CP_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "changepoint.h"

struct cp_boot {
	int64_t value;
	size_t session;
};

struct cp_ranks {
	const struct cp_history *h;
	struct cp_boot *work;	/* every boot; each current segment sorted */
	struct cp_boot *scratch;
};

/* Sorts H's boots into R (one segment: the whole history). 0 or -ENOMEM. */
int cp_ranks_init(struct cp_ranks *r, const struct cp_history *h);
void cp_ranks_release(struct cp_ranks *r);

/* Sorts N boots by value (radix sort; stable); SCRATCH holds N. */
void cp_boots_sort(struct cp_boot *b, struct cp_boot *scratch, size_t n);

/* Splits the segment [A, B) at session T into [A, T) and [T, B). */
void cp_ranks_split(struct cp_ranks *r, size_t a, size_t t, size_t b);

/* Joins the adjacent segments [A, T) and [T, B) into one. */
void cp_ranks_join(struct cp_ranks *r, size_t a, size_t t, size_t b);

/*
 * The score of each session of [A, B), ranked together, where [A, T) and
 * [T, B) are segments (T == A or T == B: one segment): U[i - A] is twice
 * (the rank sum of session i's boots, ties given their mean rank, minus
 * what its boots would get on average), so that every score is a whole
 * number and the scores sum to 0. Uses R's scratch space.
 */
void cp_ranks_scores(struct cp_ranks *r, size_t a, size_t t, size_t b, int64_t *u);

/* The median of the boots of the segment [A, B) (at least one boot). */
double cp_ranks_median(const struct cp_ranks *r, size_t a, size_t b);

#endif
