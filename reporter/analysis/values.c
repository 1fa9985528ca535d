/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compact lists of int64 values: blocks of 32-bit offsets, 64-bit where needed. */
#include "values.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_MIN 16
#define BLOCK_MAX 65536

struct values_block {
	struct values_block *next;
	int64_t base;		/* narrow: the first value; others are base + off[i] */
	uint32_t n, cap;
	bool wide;
	int64_t data[];		/* cap int32_t offsets (narrow) or int64_t values (wide) */
};

static int32_t *offsets(struct values_block *b)
{
	return (int32_t *)b->data;
}

static int64_t value_at(const struct values_block *b, uint32_t i)
{
	return b->wide ? b->data[i] : b->base + ((const int32_t *)b->data)[i];
}

static struct values_block *block_new(size_t cap, bool wide)
{
	size_t each = wide ? sizeof(int64_t) : sizeof(int32_t);
	struct values_block *b;

	b = malloc(sizeof(*b) + cap * each);

	if (!b)
		return NULL;
	b->next = NULL;
	b->base = 0;
	b->n = 0;
	b->cap = (uint32_t)cap;
	b->wide = wide;
	return b;
}

/* Blocks grow with the list (as a doubling array would), up to BLOCK_MAX. */
static size_t next_cap(const struct values *v)
{
	return v->n < BLOCK_MIN ? BLOCK_MIN : v->n > BLOCK_MAX ? BLOCK_MAX : v->n;
}

/* Rewrites the tail block with 64-bit values, for one that does not fit 32 bits. */
static int block_widen(struct values *v)
{
	struct values_block *b = v->tail, *w, **link = &v->head;
	uint32_t i;

	w = block_new(b->cap, true);
	if (!w)
		return -ENOMEM;
	for (i = 0; i < b->n; i++)
		w->data[i] = value_at(b, i);
	w->n = b->n;
	while (*link != b)
		link = &(*link)->next;
	*link = w;
	v->tail = w;
	free(b);
	return 0;
}

static bool fits(const struct values_block *b, int64_t x)
{
	int64_t d;

	if (b->n == 0)
		return true;
	return !__builtin_sub_overflow(x, b->base, &d) && d >= INT32_MIN && d <= INT32_MAX;
}

int values_push(struct values *v, int64_t x)
{
	struct values_block *b = v->tail;

	if (!b || b->n == b->cap) {
		b = block_new(next_cap(v), false);
		if (!b)
			return -ENOMEM;
		if (v->tail)
			v->tail->next = b;
		else
			v->head = b;
		v->tail = b;
	}
	if (!b->wide && !fits(b, x)) {
		if (block_widen(v) < 0)
			return -ENOMEM;
		b = v->tail;
	}
	if (b->wide) {
		b->data[b->n++] = x;
	} else {
		if (b->n == 0)
			b->base = x;
		offsets(b)[b->n++] = (int32_t)(x - b->base);
	}
	v->n++;
	return 0;
}

/*
 * Cuts V's last block to the values it holds (a later push starts a new
 * block): a list put together from many pieces (shards, windows of boots)
 * would otherwise keep each piece's spare room. Kept as it is when
 * realloc fails.
 */
static void tail_trim(struct values *v)
{
	struct values_block *b = v->tail, *t, **link = &v->head;
	size_t each = b->wide ? sizeof(int64_t) : sizeof(int32_t);

	if (b->n == b->cap)
		return;
	while (*link != b)	/* a piece is a few blocks long */
		link = &(*link)->next;
	t = realloc(b, sizeof(*b) + b->n * each);
	if (!t)
		return;
	t->cap = t->n;
	*link = t;
	v->tail = t;
}

void values_append(struct values *to, struct values *from)
{
	if (!from->head)
		return;
	tail_trim(from);
	if (to->tail)
		to->tail->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	to->n += from->n;
	memset(from, 0, sizeof(*from));
}

void values_copy(const struct values *v, int64_t *out)
{
	const struct values_block *b;
	uint32_t i;

	for (b = v->head; b; b = b->next)
		for (i = 0; i < b->n; i++)
			*out++ = value_at(b, i);
}

int64_t *values_array(const struct values *v)
{
	int64_t *a = malloc((v->n ? v->n : 1) * sizeof(*a));

	if (a)
		values_copy(v, a);
	return a;
}

int values_assign(struct values *v, const int64_t *a, size_t n)
{
	size_t i;

	values_release(v);
	for (i = 0; i < n; i++)
		if (values_push(v, a[i]) < 0) {
			values_release(v);
			return -ENOMEM;
		}
	return 0;
}

void values_release(struct values *v)
{
	struct values_block *b = v->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	memset(v, 0, sizeof(*v));
}

int values_expand(struct values *v, int64_t **array)
{
	if (*array)
		return 0;
	*array = values_array(v);
	if (!*array)
		return -ENOMEM;
	values_release(v);
	return 0;
}
