/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where exactly a change sits between its neighbours. A change found in a
 * wide segment with other changes in it can be a session or two off, and
 * an odd night next to it pulls the split its way (its boots outrank
 * every session of one side). Here each change is placed again between its
 * neighbours, with the odd sessions left out of the count: those whose
 * median is far from the levels of both sides. Pure.
 */
#ifndef KVMBOOT_CP_PLACE_H
#define KVMBOOT_CP_PLACE_H

#include <stddef.h>
#include <stdint.h>

#include "changepoint.h"

/* A session this many robust spreads from both levels is odd. */
#define CP_ODD_SPREADS 5.0

/*
 * The first session after the change between FROM and TO now thought to
 * be at AT, given the rank SCORES of sessions FROM .. TO - 1 (ranked
 * together), leaving LEAST sessions on each side. Returns AT itself when
 * out of memory.
 */
size_t cp_place(const struct cp_history *h, size_t from, size_t at, size_t to,
		const int64_t *scores, size_t least);

#endif
