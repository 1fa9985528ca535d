/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Samples per group, milestone and phase, gathered boot by boot. */
#include "series.h"
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t key_of(size_t group, bool phase, int from, int to)
{
	return ((uint64_t)group << 33) | ((uint64_t)phase << 32) |
	       ((uint64_t)(uint16_t)from << 16) | (uint16_t)to;
}

static uint64_t series_key(const struct series *s)
{
	return key_of(s->group, s->phase, s->from, s->to);
}

static size_t hash(uint64_t key, size_t nslots)
{
	key ^= key >> 31;
	key *= 0x7fb5d329728ea185ULL;
	key ^= key >> 27;
	return (size_t)(key & (nslots - 1));
}

int series_init(struct series_set *set, size_t ngroups)
{
	memset(set, 0, sizeof(*set));
	set->ngroups = ngroups;
	set->nslots = 1024;
	set->slot = calloc(set->nslots, sizeof(*set->slot));
	set->boots = calloc(ngroups ? ngroups : 1, sizeof(*set->boots));
	return set->slot && set->boots ? 0 : -ENOMEM;
}

void series_release(struct series_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		series_drop(&set->s[i]);
	free(set->s);
	free(set->slot);
	free(set->boots);
	free(set->recent);
	free(set->recent_index);
	memset(set, 0, sizeof(*set));
}

/* (Re)builds the hash table with NSLOTS slots over the series as they are. */
static int slots_rebuild(struct series_set *set, size_t nslots)
{
	size_t *slot = calloc(nslots, sizeof(*slot)), i;

	if (!slot)
		return -ENOMEM;
	for (i = 0; i < set->n; i++) {
		size_t h = hash(series_key(&set->s[i]), nslots);

		while (slot[h])
			h = (h + 1) & (nslots - 1);
		slot[h] = i + 1;
	}
	free(set->slot);
	set->slot = slot;
	set->nslots = nslots;
	return 0;
}

/* Index of the series with KEY, created when new; -1 when out of memory. */
static long series_index(struct series_set *set, size_t group, bool phase, int from, int to)
{
	uint64_t key = key_of(group, phase, from, to);
	size_t h = hash(key, set->nslots);
	struct series *s;

	for (; set->slot[h]; h = (h + 1) & (set->nslots - 1))
		if (series_key(&set->s[set->slot[h] - 1]) == key)
			return (long)set->slot[h] - 1;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		struct series *grown = realloc(set->s, cap * sizeof(*grown));

		if (!grown)
			return -1;
		set->s = grown;
		set->cap = cap;
	}
	s = &set->s[set->n];
	memset(s, 0, sizeof(*s));
	s->group = group;
	s->phase = phase;
	s->from = from;
	s->to = to;
	set->slot[h] = ++set->n;
	if (set->n * 2 > set->nslots && slots_rebuild(set, set->nslots * 2) < 0)
		return -1;
	return (long)set->n - 1;
}

static int series_push(struct series *s, int64_t value)
{
	if (values_push(&s->vals, value) < 0)
		return -ENOMEM;
	s->n++;
	return 0;
}

int series_expand(struct series *s)
{
	return values_expand(&s->vals, &s->v);
}

int series_expand_all(struct series_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (series_expand(&set->s[i]) < 0)
			return -ENOMEM;
	return 0;
}

void series_drop(struct series *s)
{
	values_release(&s->vals);
	free(s->v);
	s->v = NULL;
}

static int recent_grow(struct series_set *set, size_t want)
{
	uint64_t *keys;
	size_t *index;

	if (want <= set->nrecent)
		return 0;
	keys = realloc(set->recent, want * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	set->recent = keys;
	index = realloc(set->recent_index, want * sizeof(*index));
	if (!index)
		return -ENOMEM;
	set->recent_index = index;
	memset(set->recent + set->nrecent, 0xff, (want - set->nrecent) * sizeof(*keys));
	set->nrecent = want;
	return 0;
}

/*
 * Adds VALUE to the series at point position POS of this boot; boots
 * usually repeat the last one's shape, so the last key there is tried first.
 */
static int add_at(struct series_set *set, size_t pos, size_t group, bool phase,
		  int from, int to, int64_t value)
{
	uint64_t key = key_of(group, phase, from, to);
	long i;

	if (set->recent[pos] == key) {
		i = (long)set->recent_index[pos];
	} else {
		i = series_index(set, group, phase, from, to);
		if (i < 0)
			return -ENOMEM;
		set->recent[pos] = key;
		set->recent_index[pos] = (size_t)i;
	}
	return series_push(&set->s[i], value);
}

/* Has an earlier point of the boot the same milestone (or phase)? */
static bool seen_before(const struct boot *b, size_t i, bool phase)
{
	size_t j;

	for (j = phase ? 1 : 0; j < i; j++)
		if (b->ms[j] == b->ms[i] && (!phase || b->ms[j - 1] == b->ms[i - 1]))
			return true;
	return false;
}

int series_add_boot(struct series_set *set, size_t group, const struct boot *b)
{
	size_t i;

	if (recent_grow(set, 2 * b->n) < 0)
		return -ENOMEM;
	set->boots[group]++;
	for (i = 0; i < b->n; i++) {
		if (!seen_before(b, i, false) &&
		    add_at(set, 2 * i, group, false, b->ms[i], b->ms[i], b->time_ns[i]) < 0)
			return -ENOMEM;
		if (i > 0 && !seen_before(b, i, true) &&
		    add_at(set, 2 * i + 1, group, true, b->ms[i - 1], b->ms[i],
			   b->time_ns[i] - b->time_ns[i - 1]) < 0)
			return -ENOMEM;
	}
	return 0;
}

int series_add_value(struct series_set *set, size_t group, bool phase, int from, int to,
		     int64_t value)
{
	long i = series_index(set, group, phase, from, to);

	return i < 0 ? -ENOMEM : series_push(&set->s[i], value);
}

/* An empty SET takes FROM whole: no second index of every series while merging. */
static void series_take(struct series_set *set, struct series_set *from)
{
	size_t g;

	for (g = 0; g < set->ngroups; g++)
		from->boots[g] += set->boots[g];
	series_release(set);
	*set = *from;
	memset(from, 0, sizeof(*from));
}

int series_merge(struct series_set *set, struct series_set *from)
{
	size_t i, g;

	if (set->n == 0 && set->ngroups == from->ngroups) {
		series_take(set, from);
		return 0;
	}
	for (g = 0; g < set->ngroups && g < from->ngroups; g++)
		set->boots[g] += from->boots[g];
	for (i = 0; i < from->n; i++) {
		struct series *src = &from->s[i];
		long k = series_index(set, src->group, src->phase, src->from, src->to);
		struct series *dst;

		if (k < 0)
			return -ENOMEM;
		dst = &set->s[k];
		/* The blocks move: no copy, and no second copy in memory. */
		values_append(&dst->vals, &src->vals);
		dst->n += src->n;
		src->n = 0;
	}
	series_release(from);
	return 0;
}

/* For qsort_r: when each milestone happens (its median), and the canonical order. */
struct sort_ctx {
	const struct catalog *cat;
	const double *when;
};

static int position_cmp(const struct sort_ctx *c, int a, int b)
{
	double wa = c->when[a], wb = c->when[b];
	int64_t oa = c->cat->ms[a].ord, ob = c->cat->ms[b].ord;

	if (wa != wb)
		return wa < wb ? -1 : 1;
	return (oa > ob) - (oa < ob);
}

static int series_cmp(const void *a, const void *b, void *ctx)
{
	const struct series *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->phase != y->phase)
		return x->phase ? 1 : -1;
	if (x->to != y->to)
		return position_cmp(ctx, x->to, y->to);
	return x->from == y->from ? 0 : position_cmp(ctx, x->from, y->from);
}

/*
 * The median of S. Its values stay in the order the selection left them,
 * as when they were one plain array: later statistics sum them in that order.
 */
static int median_reorder(struct series *s, double *median)
{
	int64_t *a;

	if (s->v) {
		*median = stats_median(s->v, s->n);
		return 0;
	}
	a = values_array(&s->vals);
	if (!a)
		return -ENOMEM;
	*median = stats_median(a, s->n);
	if (values_assign(&s->vals, a, s->n) < 0) {
		free(a);
		return -ENOMEM;
	}
	free(a);
	return 0;
}

int series_order_init(struct series_order *o, size_t ncat)
{
	size_t i;

	o->n = ncat;
	o->when = malloc((ncat ? ncat : 1) * sizeof(*o->when));
	o->from_group = malloc((ncat ? ncat : 1) * sizeof(*o->from_group));
	if (!o->when || !o->from_group) {
		series_order_release(o);
		return -ENOMEM;
	}
	for (i = 0; i < ncat; i++) {
		o->when[i] = HUGE_VAL;
		o->from_group[i] = SIZE_MAX;
	}
	return 0;
}

void series_order_release(struct series_order *o)
{
	free(o->when);
	free(o->from_group);
	o->when = NULL;
	o->from_group = NULL;
}

int series_order_learn(struct series_order *o, struct series_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		struct series *s = &set->s[i];

		if (s->phase || s->n == 0 || s->group >= o->from_group[s->to])
			continue;
		if (median_reorder(s, &o->when[s->to]) < 0)
			return -ENOMEM;
		o->from_group[s->to] = s->group;
	}
	return 0;
}

int series_order_sort(const struct series_order *o, struct series_set *set,
		      const struct catalog *cat)
{
	struct sort_ctx ctx = { cat, o->when };

	if (set->n)	/* qsort and memset take no NULL, even for 0 items */
		qsort_r(set->s, set->n, sizeof(*set->s), series_cmp, &ctx);
	if (set->nrecent)
		memset(set->recent, 0xff, set->nrecent * sizeof(*set->recent));
	return slots_rebuild(set, set->nslots);	/* the indexes moved */
}

int series_sort(struct series_set *set, const struct catalog *cat)
{
	struct series_order o;
	int rc = series_order_init(&o, cat->n);

	if (rc == 0)
		rc = series_order_learn(&o, set);
	if (rc == 0)
		rc = series_order_sort(&o, set, cat);
	series_order_release(&o);
	return rc;
}

/* How many series of SET belong to groups below UPTO. */
static size_t series_below(const struct series_set *set, size_t upto)
{
	size_t i, n = 0;

	for (i = 0; i < set->n; i++)
		n += set->s[i].group < upto;
	return n;
}

int series_split(struct series_set *set, size_t upto, struct series_set *out)
{
	size_t n = series_below(set, upto), i, kept = 0;

	if (series_init(out, set->ngroups) < 0)
		goto oom;
	out->s = malloc((n ? n : 1) * sizeof(*out->s));
	if (!out->s)
		goto oom;
	out->cap = n;
	memcpy(out->boots, set->boots, set->ngroups * sizeof(*set->boots));
	for (i = 0; i < set->n; i++) {
		if (set->s[i].group < upto)
			out->s[out->n++] = set->s[i];
		else
			set->s[kept++] = set->s[i];
	}
	set->n = kept;
	if (set->nrecent)	/* the cache's indexes moved too */
		memset(set->recent, 0xff, set->nrecent * sizeof(*set->recent));
	while (out->n * 2 > out->nslots)
		out->nslots *= 2;
	if (slots_rebuild(set, set->nslots) < 0 || slots_rebuild(out, out->nslots) < 0)
		return -ENOMEM;	/* every series is in one set or the other all the same */
	return 0;
oom:
	series_release(out);
	return -ENOMEM;
}

struct series *series_find(const struct series_set *set, size_t group, bool phase,
			   int from, int to)
{
	uint64_t key = key_of(group, phase, from, to);
	size_t h = hash(key, set->nslots);

	for (; set->slot[h]; h = (h + 1) & (set->nslots - 1))
		if (series_key(&set->s[set->slot[h] - 1]) == key)
			return &set->s[set->slot[h] - 1];
	return NULL;
}
