/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-milestone summary printed at the end of a session. */
#ifndef KVMBOOT_SUMMARY_H
#define KVMBOOT_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "decode.h"

struct summary_row {
	char name[POINT_NAME_MAX];
	int64_t *times;		/* ns, one per boot that had it */
	size_t n, cap;
};

struct summary {
	struct summary_row *rows;
	size_t n, cap;
};

/* Adds each milestone's first hit in BT. 0 or -ENOMEM. */
int summary_add(struct summary *s, const struct boot_trace *bt);

/* Median of the N values in TIMES (sorted in place); N > 0. */
int64_t summary_median(int64_t *times, size_t n);

/* Prints one line per milestone (n, median, min, max in ms), by median. */
int summary_print(FILE *out, struct summary *s);

void summary_release(struct summary *s);

#endif
