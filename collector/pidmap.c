/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A hash map from process or thread ids to small numbers: open addressing, linear probing. */
#include "pidmap.h"

#include <errno.h>
#include <stdlib.h>

static size_t slot_of(const struct pidmap *m, uint32_t key)
{
	return (size_t)((key * 2654435761u) & (uint32_t)(m->cap - 1));	/* Knuth's multiplier */
}

/* The slot holding KEY, or the empty one where it would go. */
static struct pidmap_slot *slot_find(const struct pidmap *m, uint32_t key)
{
	size_t i = slot_of(m, key);

	while (m->slot[i].key && m->slot[i].key != key)
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

/* Doubles the table (kept at most half full, so probes stay short). */
static int pidmap_grow(struct pidmap *m)
{
	struct pidmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 256;
	m->slot = calloc(m->cap, sizeof(*m->slot));
	if (!m->slot) {
		*m = old;
		return -ENOMEM;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slot[i].key)
			*slot_find(m, old.slot[i].key) = old.slot[i];
	free(old.slot);
	return 0;
}

int pidmap_put(struct pidmap *m, pid_t key, uint32_t value)
{
	struct pidmap_slot *s;

	if ((m->n + 1) * 2 > m->cap && pidmap_grow(m) < 0)
		return -ENOMEM;
	s = slot_find(m, (uint32_t)key + 1);
	if (!s->key) {
		s->key = (uint32_t)key + 1;
		m->n++;
	}
	s->value = value;
	return 0;
}

bool pidmap_get(const struct pidmap *m, pid_t key, uint32_t *value)
{
	const struct pidmap_slot *s;

	if (!m->cap)
		return false;
	s = slot_find(m, (uint32_t)key + 1);
	if (!s->key)
		return false;
	*value = s->value;
	return true;
}

void pidmap_release(struct pidmap *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}
