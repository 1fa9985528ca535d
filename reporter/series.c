/* Samples per group, milestone and phase, gathered boot by boot. */
#include "series.h"

#include <errno.h>
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
		free(set->s[i].v);
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
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		int64_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = value;
	return 0;
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

static const struct catalog *sort_catalog;

static int series_cmp(const void *a, const void *b)
{
	const struct series *x = a, *y = b;
	int64_t xt = sort_catalog->ms[x->to].ord, yt = sort_catalog->ms[y->to].ord;
	int64_t xf = sort_catalog->ms[x->from].ord, yf = sort_catalog->ms[y->from].ord;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->phase != y->phase)
		return x->phase ? 1 : -1;
	if (xt != yt)
		return xt < yt ? -1 : 1;
	return (xf > yf) - (xf < yf);
}

int series_sort(struct series_set *set, const struct catalog *cat)
{
	sort_catalog = cat;
	qsort(set->s, set->n, sizeof(*set->s), series_cmp);
	memset(set->recent, 0xff, set->nrecent * sizeof(*set->recent));
	return slots_rebuild(set, set->nslots);	/* the indexes moved */
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
