/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Samples per group, milestone and phase, gathered boot by boot. A
 * milestone's sample is its first hit in each boot (time since exec); a
 * phase's is the boot's own time between two consecutive milestones, so
 * that phase figures describe real boots (never differences of the
 * milestones' own statistics).
 */
#ifndef KVMBOOT_SERIES_H
#define KVMBOOT_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../data/boots.h"
#include "values.h"

/*
 * A series' values are kept compact while boots are read (VALS); V is the
 * plain array that series_expand() makes of them, for the statistics.
 */
struct series {
	size_t group;
	bool phase;
	int from, to;		/* catalogue positions; from == to for a milestone */
	struct values vals;
	int64_t *v;		/* NULL until expanded */
	size_t n;
};

struct series_set {
	struct series *s;
	size_t n, cap;
	size_t *slot;		/* hash table of series indexes + 1 (0: empty) */
	size_t nslots;
	size_t *boots;		/* per group: boots added */
	size_t ngroups;
	uint64_t *recent;	/* per point position: key of the last boot, for speed */
	size_t *recent_index;
	size_t nrecent;
};

int series_init(struct series_set *set, size_t ngroups);
void series_release(struct series_set *set);

/* Adds boot B (its first hits and phases) to GROUP. 0 or -ENOMEM. */
int series_add_boot(struct series_set *set, size_t group, const struct boot *b);

/* Adds one VALUE to the series (GROUP, PHASE, FROM, TO): a span's, for charts. 0 or -ENOMEM. */
int series_add_value(struct series_set *set, size_t group, bool phase, int from, int to,
		     int64_t value);

/* Moves FROM's samples into SET (same groups); FROM is left empty. 0 or -ENOMEM. */
int series_merge(struct series_set *set, struct series_set *from);

/*
 * Sorts the series by group, milestones before phases, then by when the
 * milestone happens (its median time; the canonical order breaks ties), so
 * that custom points fall where they belong. 0 or -ENOMEM.
 */
int series_sort(struct series_set *set, const struct catalog *cat);

/*
 * series_sort in steps, for a set shown group by group: when each
 * milestone happens is its median in the first group that has it, so it
 * can be learnt from the groups in order, a few at a time.
 */
struct series_order {
	double *when;		/* per catalogue position; HUGE_VAL: not seen yet */
	size_t *from_group;	/* the group it was learnt from; SIZE_MAX: none */
	size_t n;
};

/* Nothing learnt yet, for a catalogue of NCAT milestones. 0 or -ENOMEM. */
int series_order_init(struct series_order *o, size_t ncat);

/*
 * Learns when the milestones first seen in SET's groups happen (their
 * medians; the values of those series are reordered, as series_sort
 * does). Each call's groups come after every earlier call's. 0 or -ENOMEM.
 */
int series_order_learn(struct series_order *o, struct series_set *set);

/* Sorts SET as series_sort would, by what O learnt (SET's groups included). 0 or -ENOMEM. */
int series_order_sort(const struct series_order *o, struct series_set *set,
		      const struct catalog *cat);

void series_order_release(struct series_order *o);

/*
 * Moves the series of the groups below UPTO out of SET into OUT, a new set
 * of the same groups with their boot counts. 0 or -ENOMEM (OUT then
 * released, or SET's index unusable: release both).
 */
int series_split(struct series_set *set, size_t upto, struct series_set *out);

/*
 * Makes S->v the array of its values in the order they were added (the
 * compact copy goes). 0 or -ENOMEM. Values are added only before.
 */
int series_expand(struct series *s);

/* Expands every series of SET. 0 or -ENOMEM. */
int series_expand_all(struct series_set *set);

/* Frees S's values, expanded or not, once they are used (n stays). */
void series_drop(struct series *s);

/* The series of a group, milestone or phase; NULL when no boot had it. */
struct series *series_find(const struct series_set *set, size_t group, bool phase,
			   int from, int to);

#endif
