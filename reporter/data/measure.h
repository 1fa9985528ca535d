/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a history measures in each boot, for change points and the trend
 * chart: a stage or any span (first hit to first hit, the gate's spans of
 * reporter/analysis/span.h), a milestone's time since exec, or a phase
 * (the time between two consecutive milestones of the boot).
 */
#ifndef KVMBOOT_MEASURE_H
#define KVMBOOT_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../analysis/span.h"
#include "../report.h"

enum measure_kind {
	MEASURE_STAGE,		/* a stage: a named span */
	MEASURE_SPAN,		/* --span A..B */
	MEASURE_MILESTONE,	/* vmm_exec..M, named M */
	MEASURE_PHASE,		/* consecutive milestones FROM, TO */
};

struct measure {
	char name[SPAN_TEXT_MAX];
	enum measure_kind kind;
	struct span span;	/* all but MEASURE_PHASE */
	int from, to;		/* MEASURE_PHASE: catalogue positions */
};

struct measures {
	struct measure *v;
	size_t n;
	size_t ncat;		/* catalogue size, for the first hits of a boot */
};

/* What a command measures when none of the options below is given. */
enum measure_default {
	MEASURES_STAGES,	/* each stage (changes) */
	MEASURES_MILESTONES,	/* each milestone but vmm_exec (the trend chart) */
};

/*
 * The measures the arguments ask for: --stage NAME (a stage, built in or
 * from --stages FILE or --stage NAME=A..B), --milestone NAME, --phase
 * A..B, --span A..B (repeatable), or DEFAULT. One kind at a time. 0, or 2
 * with r->err.
 */
int measures_build(struct report *r, enum measure_default dflt, struct measures *m);

/*
 * Each measure's value in boot B: VALUE[i] where HAVE[i]. FIRST holds
 * m->ncat entries of scratch (one per thread).
 */
void measures_of_boot(const struct measures *m, const struct boot *b, int64_t *first,
		      int64_t *value, bool *have);

/* Is the measure a duration (a stage, span or phase), not a time since exec? */
bool measure_is_duration(const struct measure *m);

void measures_release(struct measures *m);

#endif
