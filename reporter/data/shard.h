/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What one reader thread gathers from its range of boots: series per
 * group, and span samples with a side only for each group it met (a
 * range of a long history by session meets a few of its groups), to be
 * merged into the caller's set afterwards. Library-style.
 */
#ifndef KVMBOOT_SHARD_H
#define KVMBOOT_SHARD_H

#include "parallel.h"
#include "../commands/stage_load.h"

struct shard {
	group_fn group_of;
	const void *group_ctx;
	struct series_set set;
	struct span_samples spans;	/* when the caller wants spans too */
	bool with_spans;
	size_t *side_of_group;		/* per group: its side in SPANS + 1 (0: none yet) */
	size_t *group_of_side;		/* per side of SPANS: its group */
	size_t sides_room;		/* GROUP_OF_SIDE's length */
	int64_t last_session;
	size_t last_group, last_side;
};

/*
 * An empty shard for NGROUPS groups, each session's found with GROUP_OF,
 * with spans like SPANS_LIKE's (NULL: no spans). 0 or -ENOMEM (release
 * it all the same).
 */
int shard_init(struct shard *sh, group_fn group_of, const void *group_ctx, size_t ngroups,
	       const struct span_samples *spans_like);

/* A boot_fn: adds boot B to the shard DATA. 0, or 1 when out of memory. */
int shard_add_boot(const struct boot *b, void *data);

/* Moves SH's series into SET and its spans into SPANS (NULL: none). 0 or -ENOMEM. */
int shard_merge(struct shard *sh, struct series_set *set, struct span_samples *spans);

/* Frees SH's samples; a zeroed or released shard may be released again. */
void shard_release(struct shard *sh);

#endif
