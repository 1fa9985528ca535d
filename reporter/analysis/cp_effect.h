/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The size of a change between two sets of sessions of a history: the
 * relative change of the median, and its bootstrap interval (the
 * reporter's bootstrap, as compare and gate use it). Pure.
 */
#ifndef KVMBOOT_CP_EFFECT_H
#define KVMBOOT_CP_EFFECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "changepoint.h"

/* (AFTER - BEFORE) / |BEFORE|; 0 when BEFORE is 0 (no relative change). */
double cp_relative_change(double before, double after);

/*
 * The bootstrap 95% interval of the change of the median from sessions
 * [A, B) to [C, D) of H, drawn from at most CP_CI_BOOTS evenly spread
 * boots a side (a wider interval than all of them would give, never a
 * narrower one). 0 (*HAVE false when the first median is 0), or -ENOMEM.
 */
#define CP_CI_BOOTS 500
int cp_interval(const struct cp_history *h, size_t a, size_t b, size_t c, size_t d,
		uint64_t seed, double *low, double *high, bool *have);

#endif
