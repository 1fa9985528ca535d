/*
 * The regression rule for one step, shared by the trend chart: the gate's
 * rule (analysis/gate_stats.h) on a single pair of samples, with the
 * default floor of 0.2 ms.
 */
#include "verdict.h"
#include "gate_stats.h"

#include <errno.h>
#include <string.h>

int verdict_decide(const int64_t *base, size_t nb, const int64_t *cand, size_t nc,
		   double alpha, double threshold, struct verdict *out)
{
	struct gate_params params = { alpha, threshold, VERDICT_FLOOR_NS, true };
	struct gate_item it;

	memset(out, 0, sizeof(*out));
	memset(&it, 0, sizeof(it));
	it.base = base;
	it.nb = nb;
	it.cand = cand;
	it.nc = nc;
	if (gate_decide(&it, 1, &params) < 0)
		return -ENOMEM;
	out->word = gate_outcome_name(it.outcome);
	out->p = it.p_adj;
	out->have_change = it.have_ci;
	out->mc.base_median = it.base_median;
	out->mc.cand_median = it.cand_median;
	out->mc.change = it.change;
	out->mc.ci_low = it.ci_low;
	out->mc.ci_high = it.ci_high;
	return 0;
}
