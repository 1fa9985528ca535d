/* What kvmboot-report gate found, handed from the command to its renderers. */
#ifndef KVMBOOT_GATE_H
#define KVMBOOT_GATE_H

#include "gate_sides.h"
#include "stage_load.h"
#include "../analysis/gate_stats.h"

/* Boots of one side by status. */
struct boot_counts {
	size_t total, ok, failed, timeout, lost_events;
};

struct gate_report {
	struct gate_sides sides;
	struct span_samples samples;	/* side 0 base, side 1 cand */
	struct gate_item *items;	/* one per span */
	struct gate_params params;
	struct boot_counts base_boots, cand_boots;
	struct gate_failures failures;
	enum gate_failure_verdict failure_verdict;
	const char *max_failed;		/* as given */
	bool milestones;		/* items are milestones, not stages */
	int status;			/* 0, 1 or 3 */
};

/* "pass", "improved", "regressed", "inconclusive": the overall word. */
const char *gate_verdict_word(const struct gate_report *g);

/* Prints G in the chosen format (table, markdown, json, junit). 0 or -EIO. */
int gate_render(FILE *out, const struct gate_report *g, const struct report_args *a);

#endif
