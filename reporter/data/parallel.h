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
 * Called when every boot SEL selects below run id READ_BELOW is in the
 * set (INT64_MAX: every boot); non-zero stops the reading and is returned.
 */
typedef int (*window_fn)(int64_t read_below, void *ctx);

/*
 * Run ids per window of series_spans_load_windows: summary --by session
 * over the benchmark's million boots peaks at about 150 MB with 32,768
 * (190 MB with twice as many; a window's series are held three times
 * while they are merged and split); much smaller windows cost time in
 * threads waiting for each other.
 */
#define PARALLEL_WINDOW 32768

/*
 * series_spans_load_parallel over one window of PARALLEL_WINDOW run ids
 * after another, in id order, calling DONE after each (with INT64_MAX
 * after the last, or alone when there is none), so that the caller can
 * use and free the groups whose boots are all read. Returns 0, DONE's
 * non-zero value, or 2 with r->err.
 */
int series_spans_load_windows(struct report *r, const struct selection *sel, group_fn group_of,
			      const void *group_ctx, struct series_set *set,
			      struct span_samples *spans, window_fn done, void *done_ctx);

#endif
