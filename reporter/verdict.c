/* The regression rule, shared by compare and the trend chart. */
#include "verdict.h"
#include "mannwhitney.h"

#include <errno.h>
#include <string.h>

int verdict_decide(const int64_t *base, size_t nb, const int64_t *cand, size_t nc,
		   double alpha, double threshold, struct verdict *out)
{
	struct mw_result mw;
	int rc;

	memset(out, 0, sizeof(*out));
	if (mann_whitney(base, nb, cand, nc, &mw) < 0)
		return -ENOMEM;
	out->p = mw.p;
	rc = median_change_bootstrap(base, nb, cand, nc, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED,
				     &out->mc);
	if (rc == -ENOMEM)
		return -ENOMEM;
	out->have_change = rc == 0;
	if (mann_whitney_min_p(nb, nc) >= alpha)
		out->word = "too few boots";
	else if (mw.p >= alpha || !out->have_change)
		out->word = "no change";
	else if (out->mc.change > threshold)
		out->word = "regressed";
	else if (out->mc.change < -threshold)
		out->word = "improved";
	else
		out->word = "no change";
	return 0;
}
