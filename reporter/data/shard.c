/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What one reader thread gathers from its range of boots. */
#include "shard.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int shard_init(struct shard *sh, group_fn group_of, const void *group_ctx, size_t ngroups,
	       const struct span_samples *spans_like)
{
	memset(sh, 0, sizeof(*sh));
	sh->group_of = group_of;
	sh->group_ctx = group_ctx;
	sh->last_session = -1;
	sh->with_spans = spans_like != NULL;
	if (series_init(&sh->set, ngroups) < 0)
		return -ENOMEM;
	if (!spans_like)
		return 0;
	sh->side_of_group = calloc(ngroups + 1, sizeof(*sh->side_of_group));
	if (!sh->side_of_group || span_samples_init_sides(&sh->spans, spans_like, 0) < 0)
		return -ENOMEM;
	return 0;
}

/* The side of the shard's spans for GROUP, made when new. -1 when out of memory. */
static long shard_side(struct shard *s, size_t group)
{
	long side;

	if (s->side_of_group[group])
		return (long)s->side_of_group[group] - 1;
	side = span_samples_side_add(&s->spans);
	if (side < 0)
		return -1;
	if (s->spans.sides_cap > s->sides_room) {
		size_t *grown = realloc(s->group_of_side, s->spans.sides_cap * sizeof(*grown));

		if (!grown)
			return -1;
		s->group_of_side = grown;
		s->sides_room = s->spans.sides_cap;
	}
	s->group_of_side[side] = group;
	s->side_of_group[group] = (size_t)side + 1;
	return side;
}

int shard_add_boot(const struct boot *b, void *data)
{
	struct shard *s = data;

	if (b->session_id != s->last_session) {
		long side = 0;

		s->last_session = b->session_id;
		s->last_group = s->group_of(b->session_id, s->group_ctx);
		if (s->with_spans && (side = shard_side(s, s->last_group)) < 0)
			return 1;
		s->last_side = (size_t)side;
	}
	if (s->with_spans && span_samples_add(&s->spans, s->last_side, b) < 0)
		return 1;
	return series_add_boot(&s->set, s->last_group, b) < 0 ? 1 : 0;
}


int shard_merge(struct shard *sh, struct series_set *set, struct span_samples *spans)
{
	if (series_merge(set, &sh->set) < 0)
		return -ENOMEM;
	if (spans && span_samples_merge_sides(spans, &sh->spans, sh->group_of_side) < 0)
		return -ENOMEM;
	span_samples_release(&sh->spans);	/* as soon as merged: one copy at a time */
	return 0;
}

void shard_release(struct shard *sh)
{
	series_release(&sh->set);
	span_samples_release(&sh->spans);
	free(sh->side_of_group);
	free(sh->group_of_side);
	sh->side_of_group = NULL;
	sh->group_of_side = NULL;
	sh->sides_room = 0;
}
