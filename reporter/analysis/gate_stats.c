/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The gate's decision per stage or milestone. Pure. */
#include "gate_stats.h"
#include "ks.h"
#include "bootstrap.h"
#include "mannwhitney.h"
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two-sided 95% normal quantile, and the median's standard error factor sqrt(pi/2). */
#define Z95 1.959963984540054
#define MEDIAN_SE 1.2533141373155003

const char *gate_outcome_name(enum gate_outcome o)
{
	static const char *const names[] = {
		"pass", "improved", "regressed", "inconclusive", "new", "missing",
	};

	return names[o];
}

struct ranked {
	double p;
	size_t at;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

int gate_holm(const double *p, size_t n, double *adj)
{
	struct ranked *r = malloc((n ? n : 1) * sizeof(*r));
	double running = 0;
	size_t k;

	if (!r)
		return -ENOMEM;
	for (k = 0; k < n; k++)
		r[k] = (struct ranked){ p[k], k };
	qsort(r, n, sizeof(*r), ranked_cmp);
	for (k = 0; k < n; k++) {
		running = fmax(running, fmin(1.0, (double)(n - k) * r[k].p));
		adj[r[k].at] = running;
	}
	free(r);
	return 0;
}

long gate_boots_needed(double sb, size_t nb, double sc, double half_ns)
{
	double unit = Z95 * MEDIAN_SE, room, n;

	if (!(half_ns > 0) || nb == 0)
		return -1;
	room = (half_ns / unit) * (half_ns / unit) - sb * sb / (double)nb;
	if (room <= 0)
		return -1;
	n = ceil(sc * sc / room);
	if (n > GATE_MORE_MAX)
		return GATE_MORE_MAX + 1;
	return n < 1 ? 1 : (long)n;
}

/* Median of N values, without reordering them (-ENOMEM as NAN). */
static double median_of(const int64_t *v, size_t n, double *spread)
{
	int64_t *copy = malloc(n * sizeof(*copy));
	struct stats st;

	if (!copy)
		return NAN;
	memcpy(copy, v, n * sizeof(*copy));
	stats_compute(copy, n, &st);
	free(copy);
	/* robust spread: the interquartile range of a normal is 1.349 sigma */
	*spread = (double)(st.p75 - st.p25) / 1.349;
	return st.median;
}

/* Medians, CI and raw p-values of one item with boots on both sides. */
static int item_measure(struct gate_item *it, const struct gate_params *p, double *sb, double *sc)
{
	struct median_change mc;
	struct mw_result mw;
	struct ks_result ks;
	int rc;

	it->base_median = median_of(it->base, it->nb, sb);
	it->cand_median = median_of(it->cand, it->nc, sc);
	if (isnan(it->base_median) || isnan(it->cand_median))
		return -ENOMEM;
	it->margin_ns = fmax(p->threshold * it->base_median, p->floor_ns);
	it->change = it->base_median != 0 ? (it->cand_median - it->base_median) / it->base_median
					  : NAN;
	rc = median_change_bootstrap(it->base, it->nb, it->cand, it->nc, BOOTSTRAP_RESAMPLES,
				     BOOTSTRAP_SEED, &mc);
	if (rc == -ENOMEM)
		return rc;
	it->have_ci = rc == 0;
	it->ci_low = it->have_ci ? mc.ci_low : NAN;
	it->ci_high = it->have_ci ? mc.ci_high : NAN;
	if (mann_whitney(it->base, it->nb, it->cand, it->nc, &mw) < 0)
		return -ENOMEM;
	it->p_mw = mw.p;
	it->p_ks = NAN;
	if (p->ks && ks_test(it->base, it->nb, it->cand, it->nc, &ks) < 0)
		return -ENOMEM;
	if (p->ks)
		it->p_ks = ks.p;
	return 0;
}

static bool judged(const struct gate_item *it)
{
	return it->nb > 0 && it->nc > 0;
}

/* Holm over every test of every judged item; each item keeps its smaller adjusted p. */
static int items_adjust(struct gate_item *items, size_t n, bool ks, size_t *ntests)
{
	double *p = calloc(2 * n + 1, sizeof(*p)), *adj = calloc(2 * n + 1, sizeof(*adj));
	size_t i, m = 0;
	int rc = -ENOMEM;

	if (p && adj) {
		for (i = 0; i < n; i++) {
			if (!judged(&items[i]))
				continue;
			p[m++] = items[i].p_mw;
			if (ks)
				p[m++] = items[i].p_ks;
		}
		rc = gate_holm(p, m, adj);
		for (i = 0, m = 0; rc == 0 && i < n; i++) {
			if (!judged(&items[i]))
				continue;
			items[i].p_adj = adj[m++];
			if (ks)
				items[i].p_adj = fmin(items[i].p_adj, adj[m++]);
		}
		*ntests = m;
	}
	free(p);
	free(adj);
	return rc;
}

/* Candidate boots to add before the item likely decides; -1: the base needs more too. */
static long more_boots(const struct gate_item *it, const struct gate_params *p, size_t ntests,
		       double sb, double sc)
{
	double delta = it->cand_median - it->base_median;
	long need = gate_boots_needed(sb, it->nb, it->nc >= 4 ? sc : sb,
				      fabs(fabs(delta) - it->margin_ns));

	if (need < 0)
		return -1;
	if (need < GATE_MIN_BOOTS)
		need = GATE_MIN_BOOTS;
	/* a verdict either way past the margin also needs a reachable p */
	while (fabs(delta) > it->margin_ns && need <= GATE_MORE_MAX &&
	       mann_whitney_min_p(it->nb, (size_t)need) >= p->alpha / (double)(ntests ? ntests : 1))
		need++;
	if (need > GATE_MORE_MAX)
		return GATE_MORE_MAX + 1;
	return need > (long)it->nc ? need - (long)it->nc : 1;
}

static void item_judge(struct gate_item *it, const struct gate_params *p, size_t ntests,
		       double sb, double sc)
{
	double delta = it->cand_median - it->base_median, bm = it->base_median;

	it->outcome = GATE_INCONCLUSIVE;
	if (it->nb < GATE_MIN_BOOTS || it->nc < GATE_MIN_BOOTS)
		it->reason = "too few boots (a median's 95% CI needs 6 a side)";
	else if (it->p_adj < p->alpha && delta > it->margin_ns)
		it->outcome = GATE_REGRESSED, it->reason = "significant, median grew past the margin";
	else if (it->p_adj < p->alpha && delta < -it->margin_ns)
		it->outcome = GATE_IMPROVED, it->reason = "significant, median fell past the margin";
	else if (!it->have_ci)
		it->reason = "no CI of the change: the base median is 0";
	else if (it->ci_low * bm >= -it->margin_ns && it->ci_high * bm <= it->margin_ns)
		it->outcome = GATE_PASS, it->reason = "the CI of the change lies inside the margin";
	else
		it->reason = "the CI of the change straddles the margin";
	if (it->outcome == GATE_INCONCLUSIVE)
		it->more_boots = more_boots(it, p, ntests, sb, sc);
}

int gate_decide(struct gate_item *items, size_t n, const struct gate_params *p)
{
	double *spread = malloc((2 * n + 1) * sizeof(*spread));
	size_t i, ntests = 0;
	int rc = 0;

	if (!spread)
		return -ENOMEM;
	for (i = 0; i < n && rc == 0; i++) {
		struct gate_item *it = &items[i];

		it->more_boots = 0;
		it->p_mw = it->p_ks = it->p_adj = NAN;
		it->have_ci = false;
		if (!judged(it)) {
			it->outcome = it->nc ? GATE_NEW : GATE_MISSING;
			it->reason = it->nc ? "only the candidate has it" : "no candidate boot has it";
			continue;
		}
		rc = item_measure(it, p, &spread[2 * i], &spread[2 * i + 1]);
	}
	if (rc == 0)
		rc = items_adjust(items, n, p->ks, &ntests);
	for (i = 0; i < n && rc == 0; i++)
		if (judged(&items[i]))
			item_judge(&items[i], p, ntests, spread[2 * i], spread[2 * i + 1]);
	free(spread);
	return rc;
}

enum gate_failure_verdict gate_failures_judge(const struct gate_failures *f)
{
	double rate;

	if (f->cand_failed == 0)
		return GATE_FAILURES_NONE;
	rate = 100.0 * (double)f->cand_failed / (double)f->cand_boots;
	if (f->limit_given)
		return (f->limit_percent ? rate > f->limit : (double)f->cand_failed > f->limit)
		       ? GATE_FAILURES_FAIL : GATE_FAILURES_TOLERATED;
	/* no worse than the base: cf / cb <= bf / bb, in whole numbers */
	if (f->base_boots && f->cand_failed * f->base_boots <= f->base_failed * f->cand_boots)
		return GATE_FAILURES_TOLERATED;
	return GATE_FAILURES_FAIL;
}

int gate_exit_status(const struct gate_item *items, size_t n, enum gate_failure_verdict f)
{
	bool inconclusive = false, decided = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (items[i].outcome == GATE_REGRESSED)
			return 1;
		if (items[i].outcome == GATE_INCONCLUSIVE || items[i].outcome == GATE_MISSING)
			inconclusive = true;
		if (items[i].outcome == GATE_PASS || items[i].outcome == GATE_IMPROVED)
			decided = true;
	}
	if (f == GATE_FAILURES_FAIL)
		return 1;
	return inconclusive || !decided ? 3 : 0;
}
