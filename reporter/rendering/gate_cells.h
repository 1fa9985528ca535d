/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cells a gate item fills in a table row, shared by compare and gate:
 * both tables hold the same figures of an item under their own columns.
 */
#ifndef KVMBOOT_GATE_CELLS_H
#define KVMBOOT_GATE_CELLS_H

#include "table.h"
#include "../analysis/gate_stats.h"

/* Where each figure goes: a column index, or -1 for a table without it. */
struct gate_cell_columns {
	int base_n, cand_n, base_med, base, cand_med, cand, change, margin;
	int p, p_mw, p_ks, ci, ci_low, ci_high, reason, more;
};

/* Sets row ROW's cells of IT's counts, medians, change, p-values, CI, reason. */
void gate_item_cells(struct table *t, size_t row, const struct gate_item *it,
		     const struct gate_cell_columns *c);

#endif
