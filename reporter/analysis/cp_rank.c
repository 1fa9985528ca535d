/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ranks of a history's boots, segment by segment. */
#include "cp_rank.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)

/* One stable counting pass on the digit at SHIFT of (value - MIN). */
static void radix_pass(const struct cp_boot *from, struct cp_boot *to, size_t n,
		       uint64_t min, unsigned shift)
{
	size_t count[RADIX] = { 0 }, i, sum = 0;

	for (i = 0; i < n; i++)
		count[(((uint64_t)from[i].value - min) >> shift) & (RADIX - 1)]++;
	for (i = 0; i < RADIX; i++) {
		size_t c = count[i];

		count[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		to[count[(((uint64_t)from[i].value - min) >> shift) & (RADIX - 1)]++] = from[i];
}

void cp_boots_sort(struct cp_boot *b, struct cp_boot *scratch, size_t n)
{
	uint64_t min, span;
	unsigned shift;
	size_t i;
	bool in_scratch = false;

	if (n < 2)
		return;
	min = (uint64_t)b[0].value;
	span = 0;
	for (i = 1; i < n; i++)
		if (b[i].value < (int64_t)min)
			min = (uint64_t)b[i].value;
	for (i = 0; i < n; i++)
		if ((uint64_t)b[i].value - min > span)
			span = (uint64_t)b[i].value - min;
	/* Only as many passes as the range of values needs (boot times: 3). */
	for (shift = 0; shift < 64 && (span >> shift) != 0; shift += RADIX_BITS) {
		radix_pass(in_scratch ? scratch : b, in_scratch ? b : scratch, n, min, shift);
		in_scratch = !in_scratch;
	}
	if (in_scratch)
		memcpy(b, scratch, n * sizeof(*b));
}

int cp_ranks_init(struct cp_ranks *r, const struct cp_history *h)
{
	size_t n = h->first[h->nsessions], i, k;

	memset(r, 0, sizeof(*r));
	r->h = h;
	r->work = malloc((n ? n : 1) * sizeof(*r->work));
	r->scratch = malloc((n ? n : 1) * sizeof(*r->scratch));
	if (!r->work || !r->scratch) {
		cp_ranks_release(r);
		return -ENOMEM;
	}
	for (i = 0; i < h->nsessions; i++)
		for (k = h->first[i]; k < h->first[i + 1]; k++)
			r->work[k] = (struct cp_boot){ h->v[k], i };
	cp_boots_sort(r->work, r->scratch, n);
	return 0;
}

void cp_ranks_release(struct cp_ranks *r)
{
	free(r->work);
	free(r->scratch);
	memset(r, 0, sizeof(*r));
}

void cp_ranks_split(struct cp_ranks *r, size_t a, size_t t, size_t b)
{
	const size_t *first = r->h->first;
	size_t lo = first[a], hi = first[b], left = lo, right = 0, i;

	for (i = lo; i < hi; i++) {
		if (r->work[i].session < t)
			r->work[left++] = r->work[i];
		else
			r->scratch[right++] = r->work[i];
	}
	memcpy(r->work + left, r->scratch, right * sizeof(*r->work));
}

/* Merges the sorted runs [LO, MID) and [MID, HI) of WORK into OUT. */
static void runs_merge(const struct cp_boot *work, size_t lo, size_t mid, size_t hi,
		       struct cp_boot *out)
{
	size_t i = lo, j = mid, k = 0;

	while (i < mid && j < hi)
		out[k++] = work[j].value < work[i].value ? work[j++] : work[i++];
	while (i < mid)
		out[k++] = work[i++];
	while (j < hi)
		out[k++] = work[j++];
}

void cp_ranks_join(struct cp_ranks *r, size_t a, size_t t, size_t b)
{
	const size_t *first = r->h->first;

	runs_merge(r->work, first[a], first[t], first[b], r->scratch);
	memcpy(r->work + first[a], r->scratch, (first[b] - first[a]) * sizeof(*r->work));
}

void cp_ranks_scores(struct cp_ranks *r, size_t a, size_t t, size_t b, int64_t *u)
{
	const size_t *first = r->h->first;
	size_t n = first[b] - first[a], p = 0, q, i;
	const struct cp_boot *s = r->scratch;

	/* The scratch array is free between calls: the merged order goes there. */
	runs_merge(r->work, first[a], first[t], first[b], r->scratch);
	memset(u, 0, (b - a) * sizeof(*u));
	while (p < n) {
		for (q = p + 1; q < n && s[q].value == s[p].value; q++)
			;
		for (i = p; i < q; i++)	/* ranks p+1 .. q: twice the mean is p+1+q */
			u[s[i].session - a] += (int64_t)(p + 1 + q);
		p = q;
	}
	for (i = a; i < b; i++)
		u[i - a] -= (int64_t)(first[i + 1] - first[i]) * (int64_t)(n + 1);
}

double cp_ranks_median(const struct cp_ranks *r, size_t a, size_t b)
{
	const struct cp_boot *s = r->work + r->h->first[a];
	size_t n = r->h->first[b] - r->h->first[a];

	return ((double)s[(n - 1) / 2].value + (double)s[n / 2].value) / 2.0;
}
