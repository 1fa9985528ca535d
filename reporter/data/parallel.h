/*
 * Reading many boots on every core: the selection is cut into ranges of
 * run ids, each read on its own read-only connection and thread into its
 * own series, then merged. For statistics only (the order of boots is lost).
 */
#ifndef KVMBOOT_PARALLEL_H
#define KVMBOOT_PARALLEL_H

#include "../report.h"
#include "../analysis/series.h"

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

/* Shards boots_each_parallel uses, at most. */
#define PARALLEL_SHARDS 4

/*
 * Calls FN for each boot SEL selects, on up to PARALLEL_SHARDS threads,
 * each over a range of run ids with its own connection and its own
 * context CTXS[i]; shard i holds lower run ids than shard i + 1, and each
 * sees its boots in id order. Returns the number of shards used, or -1
 * with r->err (FN's non-zero return stops its shard: out of memory).
 */
int boots_each_parallel(struct report *r, const struct selection *sel, boot_fn fn,
			void *const ctxs[]);

#endif
