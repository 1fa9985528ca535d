/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Change points of a boot history: binary segmentation with the
 * permutation test of cp_test.c over the rank scores of cp_rank.c, then
 * every change checked against its neighbours, weakest dropped first.
 */
#include "changepoint.h"
#include "cp_effect.h"
#include "cp_place.h"
#include "cp_rank.h"
#include "cp_test.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * A test over more sessions than this groups them into blocks of
 * consecutive sessions (a block moves as one in the permutations), so
 * that a test costs the same on a history of any length; the split found
 * between blocks is then placed at the best session boundary near it.
 */
#define UNITS_MAX 4096

/* Rounds of moving changes to their best place between their neighbours. */
#define PLACE_ROUNDS 3

#define CP_SEED 0x6b766d6370ULL

void cp_params_default(struct cp_params *p)
{
	p->alpha = 0.01;
	p->min_change = 0.01;
	p->min_change_ns = 0;
	p->min_segment = CP_MIN_SEGMENT;
	p->seed = CP_SEED;
}

struct candidate {
	size_t at;
	double change, p;
	bool checked;
};

struct finder {
	const struct cp_history *h;
	const struct cp_params *p;
	struct cp_ranks ranks;
	int64_t *scores;	/* per session of the segment tested */
	int64_t *units;		/* per unit (session or block) */
	size_t *unit_start;	/* session offset where each unit starts; M + 1 */
	struct candidate *c;
	size_t n;
	size_t *stack;		/* segments still to test, as (a, b) pairs */
	size_t depth;
};

/*
 * Groups the M session scores into units of G consecutive sessions, G the
 * smallest that keeps them within UNITS_MAX; a unit never spans the
 * session CUT (0: no cut). Returns the number of units.
 */
static size_t units_build(struct finder *f, size_t m, size_t cut)
{
	size_t g = (m + UNITS_MAX - 1) / UNITS_MAX, s = 0, k = 0, i;

	while (s < m) {
		size_t end = s + g;

		if (cut > s && end > cut)
			end = cut;
		if (end > m)
			end = m;
		f->units[k] = 0;
		for (i = s; i < end; i++)
			f->units[k] += f->scores[i];
		f->unit_start[k++] = s;
		s = end;
	}
	f->unit_start[k] = m;
	return k;
}

/* Unit boundaries that leave min_segment sessions on each side; false if none. */
static bool units_range(const struct finder *f, size_t nunits, size_t m, size_t *tmin,
			size_t *tmax)
{
	size_t least = f->p->min_segment, t;

	*tmin = 0;
	*tmax = 0;
	for (t = 1; t < nunits; t++) {
		if (f->unit_start[t] < least || m - f->unit_start[t] < least)
			continue;
		if (!*tmin)
			*tmin = t;
		*tmax = t;
	}
	return *tmin != 0;
}

/* The best session boundary within a block of the unit boundary START. */
static size_t split_refine(const struct finder *f, size_t m, size_t start, size_t g)
{
	size_t least = f->p->min_segment, lo, hi, best = start;

	if (g <= 1)
		return start;
	lo = start > least + g - 1 ? start - g + 1 : least;
	hi = start + g - 1 < m - least ? start + g - 1 : m - least;
	cp_scan(f->scores, m, lo, hi, &best);
	return best;
}

/* Tests the segment [A, B) for a split; *AT the split, or 0 when none. */
static int segment_test(struct finder *f, size_t a, size_t b, size_t *at)
{
	size_t m = b - a, nunits, tmin, tmax, t = 0;
	double stat, p;

	*at = 0;
	if (m < 2 * f->p->min_segment)
		return 0;
	cp_ranks_scores(&f->ranks, a, a, b, f->scores);
	nunits = units_build(f, m, 0);
	if (!units_range(f, nunits, m, &tmin, &tmax))
		return 0;
	stat = cp_scan(f->units, nunits, tmin, tmax, &t);
	if (!(stat > 0))
		return 0;	/* every boot the same */
	if (cp_permutation_p(f->units, nunits, tmin, tmax, stat, f->p->alpha,
			     cp_seed_mix(f->p->seed, a, b), &p) < 0)
		return -ENOMEM;
	if (p < f->p->alpha)
		*at = a + split_refine(f, m, f->unit_start[t], (m + UNITS_MAX - 1) / UNITS_MAX);
	return 0;
}

static int candidate_add(struct finder *f, size_t at)
{
	struct candidate *grown = realloc(f->c, (f->n + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	f->c = grown;
	f->c[f->n++] = (struct candidate){ at, 0, 1, false };
	return 0;
}

/* Binary segmentation: every significant split, split again. */
static int segments_split(struct finder *f)
{
	size_t a, b, at;
	int rc;

	f->stack[0] = 0;
	f->stack[1] = f->h->nsessions;
	f->depth = 1;
	while (f->depth) {
		f->depth--;
		a = f->stack[2 * f->depth];
		b = f->stack[2 * f->depth + 1];
		rc = segment_test(f, a, b, &at);
		if (rc < 0 || (at && (rc = candidate_add(f, at)) < 0))
			return rc;
		if (!at)
			continue;
		cp_ranks_split(&f->ranks, a, at, b);
		f->stack[2 * f->depth] = a;
		f->stack[2 * f->depth + 1] = at;
		f->stack[2 * f->depth + 2] = at;
		f->stack[2 * f->depth + 3] = b;
		f->depth += 2;
	}
	return 0;
}

static int candidate_cmp(const void *x, const void *y)
{
	const struct candidate *a = x, *b = y;

	return (a->at > b->at) - (a->at < b->at);
}

static size_t neighbour_from(const struct finder *f, size_t j)
{
	return j ? f->c[j - 1].at : 0;
}

static size_t neighbour_to(const struct finder *f, size_t j)
{
	return j + 1 < f->n ? f->c[j + 1].at : f->h->nsessions;
}

/*
 * The p-value of the change at AT between its neighbours FROM and TO: its
 * own split statistic against the largest of random orders (as if it had
 * been searched for again there).
 */
static int change_retest(struct finder *f, size_t from, size_t at, size_t to, double *p)
{
	size_t m = to - from, nunits, tmin, tmax, cut;
	double stat;

	cp_ranks_scores(&f->ranks, from, at, to, f->scores);
	nunits = units_build(f, m, at - from);
	if (!units_range(f, nunits, m, &tmin, &tmax)) {
		*p = 1;
		return 0;
	}
	for (cut = 1; f->unit_start[cut] != at - from; cut++)
		;
	stat = cp_split_stat(f->units, nunits, cut);
	if (!(stat > 0)) {
		*p = 1;
		return 0;
	}
	return cp_permutation_p(f->units, nunits, tmin, tmax, stat, f->p->alpha,
				cp_seed_mix(f->p->seed ^ 1, from, to), p) < 0 ? -ENOMEM : 0;
}

/* The change's size, and its p-value when the size is enough to keep it. */
static int candidate_check(struct finder *f, size_t j)
{
	struct candidate *c = &f->c[j];
	size_t from = neighbour_from(f, j), to = neighbour_to(f, j);
	double before = cp_ranks_median(&f->ranks, from, c->at);
	double after = cp_ranks_median(&f->ranks, c->at, to);

	c->change = cp_relative_change(before, after);
	c->p = NAN;
	c->checked = true;
	if (c->change == 0 || fabs(c->change) < f->p->min_change ||
	    fabs(after - before) < f->p->min_change_ns)
		return 0;
	return change_retest(f, from, c->at, to, &c->p);
}

/*
 * The change to drop next, or -1: the smallest of those too small, else
 * the least significant.
 */
static long candidate_weakest(const struct finder *f)
{
	long small = -1, weak = -1;
	size_t j;

	for (j = 0; j < f->n; j++) {
		const struct candidate *c = &f->c[j];

		if (isnan(c->p)) {
			if (small < 0 || fabs(c->change) < fabs(f->c[small].change))
				small = (long)j;
		} else if (c->p >= f->p->alpha && (weak < 0 || c->p > f->c[weak].p)) {
			weak = (long)j;
		}
	}
	return small >= 0 ? small : weak;
}

static void candidate_drop(struct finder *f, size_t j)
{
	cp_ranks_join(&f->ranks, neighbour_from(f, j), f->c[j].at, neighbour_to(f, j));
	memmove(&f->c[j], &f->c[j + 1], (f->n - j - 1) * sizeof(*f->c));
	f->n--;
	if (j > 0)
		f->c[j - 1].checked = false;
	if (j < f->n)
		f->c[j].checked = false;
}

/* Drops changes, weakest first, until each holds between its neighbours. */
static int candidates_prune(struct finder *f)
{
	size_t j;
	long weakest;
	int rc;

	if (f->n > 1)
		qsort(f->c, f->n, sizeof(*f->c), candidate_cmp);
	for (;;) {
		for (j = 0; j < f->n; j++)
			if (!f->c[j].checked && (rc = candidate_check(f, j)) < 0)
				return rc;
		weakest = candidate_weakest(f);
		if (weakest < 0)
			return 0;
		candidate_drop(f, (size_t)weakest);
	}
}

/*
 * Moves each change to its best place between its neighbours (cp_place).
 * Returns whether any moved (their checks are then to be redone).
 */
static bool candidates_place(struct finder *f)
{
	size_t j, best;
	bool moved = false;

	for (j = 0; j < f->n; j++) {
		size_t from = neighbour_from(f, j), to = neighbour_to(f, j), at = f->c[j].at;

		cp_ranks_scores(&f->ranks, from, at, to, f->scores);
		best = cp_place(f->h, from, at, to, f->scores, f->p->min_segment);
		if (best == at)
			continue;
		cp_ranks_join(&f->ranks, from, at, to);
		cp_ranks_split(&f->ranks, from, best, to);
		f->c[j].at = best;
		f->c[j].checked = false;
		if (j > 0)
			f->c[j - 1].checked = false;
		if (j + 1 < f->n)
			f->c[j + 1].checked = false;
		moved = true;
	}
	return moved;
}

static int changes_fill(struct finder *f, struct cp_changes *out)
{
	const size_t *first = f->h->first;
	size_t j;

	out->v = calloc(f->n + 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	for (j = 0; j < f->n; j++) {
		struct cp_change *c = &out->v[j];

		c->at = f->c[j].at;
		c->from = neighbour_from(f, j);
		c->to = neighbour_to(f, j);
		c->boots_before = first[c->at] - first[c->from];
		c->boots_after = first[c->to] - first[c->at];
		c->median_before = cp_ranks_median(&f->ranks, c->from, c->at);
		c->median_after = cp_ranks_median(&f->ranks, c->at, c->to);
		c->change = f->c[j].change;
		c->p = f->c[j].p;
		out->n++;
		if (cp_interval(f->h, c->from, c->at, c->at, c->to,
				  cp_seed_mix(f->p->seed, c->at, 2), &c->ci_low, &c->ci_high,
				  &c->have_ci) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int history_check(const struct cp_history *h, const struct cp_params *p)
{
	size_t i;

	if (!(p->alpha > 0 && p->alpha < 1) || !(p->min_change >= 0) || !(p->min_change_ns >= 0) ||
	    p->min_segment < 2 ||
	    h->first[0] != 0)
		return -EINVAL;
	for (i = 0; i < h->nsessions; i++)
		if (h->first[i + 1] <= h->first[i])
			return -EINVAL;	/* a session without boots */
	return 0;
}

static void finder_release(struct finder *f)
{
	cp_ranks_release(&f->ranks);
	free(f->scores);
	free(f->units);
	free(f->unit_start);
	free(f->c);
	free(f->stack);
}

static int finder_init(struct finder *f, const struct cp_history *h, const struct cp_params *p)
{
	size_t m = h->nsessions;

	memset(f, 0, sizeof(*f));
	f->h = h;
	f->p = p;
	f->scores = malloc((m + 1) * sizeof(*f->scores));
	f->units = malloc((m + 1) * sizeof(*f->units));
	f->unit_start = malloc((m + 2) * sizeof(*f->unit_start));
	/* Each split replaces one pending segment by two: at most m / 2 pending. */
	f->stack = malloc((m + 2) * 2 * sizeof(*f->stack));
	if (!f->scores || !f->units || !f->unit_start || !f->stack ||
	    cp_ranks_init(&f->ranks, h) < 0)
		return -ENOMEM;
	return 0;
}

int cp_find(const struct cp_history *h, const struct cp_params *p, struct cp_changes *out)
{
	struct finder f;
	int rc, i;

	memset(out, 0, sizeof(*out));
	rc = history_check(h, p);
	if (rc < 0)
		return rc;
	rc = finder_init(&f, h, p);
	if (rc == 0 && h->nsessions)
		out->median = cp_ranks_median(&f.ranks, 0, h->nsessions);	/* all sorted yet */
	if (rc == 0)
		rc = segments_split(&f);
	if (rc == 0)
		rc = candidates_prune(&f);
	for (i = 0; rc == 0 && i < PLACE_ROUNDS && candidates_place(&f); i++)
		rc = candidates_prune(&f);
	if (rc == 0)
		rc = changes_fill(&f, out);
	finder_release(&f);
	if (rc < 0)
		cp_changes_release(out);
	return rc;
}

void cp_changes_release(struct cp_changes *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}
