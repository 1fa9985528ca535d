/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report plot: what the three chart kinds share. */
#ifndef KVMBOOT_PLOT_H
#define KVMBOOT_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include "gnuplot.h"
#include "../data/grouping.h"
#include "../report.h"
#include "../analysis/series.h"

/* What a chart draws: every milestone, one milestone, or one phase. */
struct target {
	bool all;
	bool phase;
	int from, to;		/* catalogue positions (from == to for a milestone) */
};

/* From --milestone / --phase (ALLOW_ALL: neither means every milestone). 0 or 2. */
int target_parse(struct report *r, struct target *t, bool allow_all);

/* Does series S belong to the target? (vmm_exec, always 0, never does.) */
bool target_has(const struct target *t, const struct series *s);

/* The name of a series: "fw_start" or "fw_start..fw_do_boot". */
void series_name(const struct catalog *cat, const struct series *s, char *buf, size_t len);

/* Loads the selected boots grouped by BY into SET (sorted). 0, or 2 with r->err. */
int plot_series_load(struct report *r, const struct selection *sel, const char *by,
		     struct grouping *g, struct series_set *set);

/* Colour I of a palette that tells lines apart. */
const char *plot_colour(size_t i);

/* x tics from LABELS (N of them; "(n=K)" added from COUNTS unless NULL), rotated,
 * shortened, and thinned past 30 so that they never overlap. */
void plot_xtics(FILE *gp, char **labels, size_t n, const size_t *counts);

int plot_trend(struct report *r);
int plot_timeline(struct report *r);
int plot_dist(struct report *r);

#endif
