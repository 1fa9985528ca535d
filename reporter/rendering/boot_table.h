/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * show's table, shared with the report page: each boot as a timeline,
 * milestone by milestone (time since the exec, and since the milestone
 * before), then the boot's stages and spans as deltas.
 */
#ifndef KVMBOOT_BOOT_TABLE_H
#define KVMBOOT_BOOT_TABLE_H

#include "table.h"
#include "../analysis/span.h"
#include "../data/boots.h"

struct boot_table {
	struct table *t;
	const struct catalog *cat;
	const struct span_list *spans;	/* stages and --span, after each boot's points */
	int64_t *first;			/* scratch: first hits of the boot */
};

/* An empty table for boots of CAT, with SPANS (borrowed). 0 or -ENOMEM. */
int boot_table_init(struct boot_table *bt, const struct catalog *cat, const struct span_list *spans);

/* Adds boot B's rows. 0 or -ENOMEM. */
int boot_table_add(struct boot_table *bt, const struct boot *b);

/* Frees what boot_table_init made, the table too unless taken (set to NULL). */
void boot_table_release(struct boot_table *bt);

#endif
