/* SPDX-License-Identifier: GPL-2.0-or-later */
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

/*
 * Decides G from its samples (side 0 base, side 1 cand) and boot counts:
 * drops the spans no side has, decides every row (Holm over all their
 * tests), judges the failed boots and sets the status. 0, or 2 with
 * r->err.
 */
int gate_judge(struct report *r, struct gate_report *g);

/* Frees what G holds (items, samples, sides). */
void gate_report_release(struct gate_report *g);

/* "pass", "improved", "regressed", "inconclusive", "failed": the overall word. */
const char *gate_verdict_word(const struct gate_report *g);

/* The rows as a table (the columns of -f csv; table and markdown show a few). NULL: out of memory. */
struct table *gate_rows_table(const struct gate_report *g);

/* "6 boots, 6 ok", and how many were not ok and why. */
void gate_counts_text(char *buf, size_t len, const struct boot_counts *c);

/* Prints G in the chosen format (table, markdown, json, junit). 0 or -EIO. */
int gate_render(FILE *out, const struct gate_report *g, const struct report_args *a);

#endif
