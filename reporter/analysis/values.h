/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growing list of int64 values kept compact: in blocks that hold each
 * value as a 32-bit offset from the block's first value (8 bytes where
 * one does not fit), so that a million boot times cost about 4 MB, and
 * lists move from one owner to another without copying. Pure.
 */
#ifndef KVMBOOT_VALUES_H
#define KVMBOOT_VALUES_H

#include <stddef.h>
#include <stdint.h>

struct values_block;

struct values {
	struct values_block *head, *tail;
	size_t n;
};

/* Appends X. 0 or -ENOMEM. */
int values_push(struct values *v, int64_t x);

/* Moves FROM's values after TO's, in order (no spare room kept); FROM is left empty. */
void values_append(struct values *to, struct values *from);

/* Copies the values in order into OUT[v->n]. */
void values_copy(const struct values *v, int64_t *out);

/* A new array of the values in order (at least one slot); NULL when out of memory. */
int64_t *values_array(const struct values *v);

/* Replaces V's values with the N values A. 0 or -ENOMEM (V is then empty). */
int values_assign(struct values *v, const int64_t *a, size_t n);

/*
 * Turns V into the array *ARRAY (unless *ARRAY is set already) and
 * releases V's blocks: what a list's owner does before its statistics.
 * 0 or -ENOMEM (V then kept).
 */
int values_expand(struct values *v, int64_t **array);

void values_release(struct values *v);

#endif
