/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading many boots on every core: the selection is cut into ranges of
 * run ids, each read on its own read-only connection and thread into its
 * own series, then merged. For statistics only (the order of boots is lost).
 */
#ifndef KVMBOOT_PARALLEL_H
#define KVMBOOT_PARALLEL_H

#include "../report.h"
#include "../analysis/series.h"

#define PARALLEL_SHARDS_MAX 4

/*
 * Calls FN for each boot SEL selects, on every core: the run ids are cut
 * into ranges (shards), each read on its own read-only connection and
 * thread, in id order within it; FN gets CTXS[k] in shard k, so that
 * shards share nothing. *NSHARDS gets how many were used (1 for a small
 * database). Returns 0, FN's non-zero value, or 2 with r->err.
 */
int boots_each_parallel(struct report *r, const struct selection *sel, boot_fn fn,
			void *const ctxs[PARALLEL_SHARDS_MAX], size_t *nshards);

/* Maps a session to its group; called from several threads at once. */
typedef size_t (*group_fn)(int64_t session_id, const void *ctx);

/*
 * Adds the boots SEL selects to SET, each to group GROUP_OF(session).
 * Returns 0, or 2 with r->err.
 */
int series_load_parallel(struct report *r, const struct selection *sel, group_fn group_of,
			 const void *group_ctx, struct series_set *set);

struct span_samples;

/* The same, and each boot's spans into SPANS (one side per group) too. */
int series_spans_load_parallel(struct report *r, const struct selection *sel, group_fn group_of,
			       const void *group_ctx, struct series_set *set,
			       struct span_samples *spans);

/*
 * The smallest and largest run id in DB within SEL's own range of ids
 * (run_from, run_to), into *LO and *HI (*LO > *HI: none there); -1 for
 * an empty database.
 */
int parallel_run_bounds(sqlite3 *db, const struct selection *sel, int64_t *lo, int64_t *hi);

#endif
