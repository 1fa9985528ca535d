/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report summary's table, shared with the report page: per group,
 * every milestone (time since exec), phase and stage or span, with n,
 * median, mean, stddev, min, p90, p99 and max (nearest-rank).
 */
#ifndef KVMBOOT_SUMMARY_TABLE_H
#define KVMBOOT_SUMMARY_TABLE_H

#include "table.h"
#include "../analysis/series.h"
#include "../commands/stage_load.h"
#include "../data/grouping.h"

/*
 * The table of SET (sorted by series_sort) and SPANS (one side per group
 * of G). Each series' and sample's values are expanded for its row and
 * freed after it (their counts stay). NULL when out of memory.
 */
struct table *summary_table(struct series_set *set, struct span_samples *spans,
			    const struct grouping *g, const struct catalog *cat);

/* The same in steps: an empty table, then the rows of one set of groups after another. */
struct table *summary_table_new(void);

/* Adds SET's rows (and those of its groups' SPANS) to T, as above. 0, or -1 when out of memory. */
int summary_table_add(struct table *t, struct series_set *set, struct span_samples *spans,
		      const struct grouping *g, const struct catalog *cat);

#endif
