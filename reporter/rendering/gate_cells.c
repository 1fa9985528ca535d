/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cells a gate item fills in a table row. */
#include "gate_cells.h"

#include <math.h>

/* A figure that was not computed (NAN) or has no column stays empty. */
static void real_set(struct table *t, size_t row, int col, double v)
{
	if (col >= 0 && !isnan(v))
		table_real_set(t, row, (size_t)col, v);
}

void gate_item_cells(struct table *t, size_t row, const struct gate_item *it,
		     const struct gate_cell_columns *c)
{
	table_int_set(t, row, (size_t)c->base_n, (int64_t)it->nb);
	table_int_set(t, row, (size_t)c->cand_n, (int64_t)it->nc);
	table_text_set(t, row, (size_t)c->reason, it->reason);
	if (it->outcome == GATE_INCONCLUSIVE)
		table_int_set(t, row, (size_t)c->more, it->more_boots);
	if (it->nb && it->nc) {
		real_set(t, row, c->base_med, it->base_median);
		real_set(t, row, c->base, it->base_median);
		real_set(t, row, c->cand_med, it->cand_median);
		real_set(t, row, c->cand, it->cand_median);
		real_set(t, row, c->change, it->change);
		real_set(t, row, c->margin, it->margin_ns);
		real_set(t, row, c->p, it->p_adj);
		real_set(t, row, c->p_mw, it->p_mw);
		real_set(t, row, c->p_ks, it->p_ks);
	}
	if (it->have_ci) {
		real_set(t, row, c->ci_low, it->ci_low);
		real_set(t, row, c->ci_high, it->ci_high);
		table_textf_set(t, row, (size_t)c->ci, "%+.1f%%..%+.1f%%", it->ci_low * 100,
				it->ci_high * 100);
	}
}
