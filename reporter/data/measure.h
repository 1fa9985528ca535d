/*
 * What a history measures in each boot, for change points and the trend
 * chart: a milestone's time since exec (its first hit), or a phase (the
 * time between two consecutive milestones of the boot, as summary has it).
 */
#ifndef KVMBOOT_MEASURE_H
#define KVMBOOT_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../report.h"

struct measure {
	char name[256];
	bool phase;
	int from, to;		/* catalogue positions; from == to for a milestone */
};

struct measures {
	struct measure *v;
	size_t n;
};

/*
 * The measures the arguments ask for: --milestone NAME, --phase A..B, or
 * every milestone of the database but vmm_exec. 0, or 2 with r->err.
 */
int measures_build(struct report *r, struct measures *m);

/* Each measure's value in boot B: VALUE[i] where HAVE[i]. */
void measures_of_boot(const struct measures *m, const struct boot *b, int64_t *value, bool *have);

void measures_release(struct measures *m);

#endif
