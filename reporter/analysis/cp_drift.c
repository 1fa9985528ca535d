/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drift: the level at the start of a history against the level at its
 * end, the sessions of each compared as whole units (the test of cp_test.c
 * at one fixed split), so that small steps that each pass unnoticed still
 * add up to a finding.
 */
#include "changepoint.h"
#include "cp_effect.h"
#include "cp_rank.h"
#include "cp_test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* "Then": before the first change; "now": after the last; each cut to the window. */
static void windows_choose(const struct cp_history *h, const struct cp_changes *c,
			   struct cp_drift *d)
{
	size_t m = h->nsessions, w = CP_DRIFT_WINDOW;
	size_t first = c->n ? c->v[0].at : m, last = c->n ? c->v[c->n - 1].at : 0;

	if (w > m / 2)
		w = m / 2;
	d->then_from = 0;
	d->then_to = first < w ? first : w;
	d->now_from = m - last < w ? last : m - w;
	d->now_to = m;
}

/* The two windows of H as a history of their own. */
static int windows_copy(const struct cp_history *h, const struct cp_drift *d,
			struct cp_history *sub, int64_t **v, size_t **first)
{
	size_t n1 = h->first[d->then_to] - h->first[d->then_from];
	size_t n2 = h->first[d->now_to] - h->first[d->now_from];
	size_t k1 = d->then_to - d->then_from, k2 = d->now_to - d->now_from, i;

	*v = malloc((n1 + n2) * sizeof(**v));
	*first = malloc((k1 + k2 + 1) * sizeof(**first));
	if (!*v || !*first)
		return -ENOMEM;
	memcpy(*v, h->v + h->first[d->then_from], n1 * sizeof(**v));
	memcpy(*v + n1, h->v + h->first[d->now_from], n2 * sizeof(**v));
	for (i = 0; i <= k1; i++)
		(*first)[i] = h->first[d->then_from + i] - h->first[d->then_from];
	for (i = 1; i <= k2; i++)
		(*first)[k1 + i] = n1 + h->first[d->now_from + i] - h->first[d->now_from];
	*sub = (struct cp_history){ *v, *first, k1 + k2 };
	return 0;
}

/* Medians and the p-value of "then" (its first K1 sessions) against "now". */
static int windows_compare(const struct cp_history *sub, size_t k1, const struct cp_params *p,
			   struct cp_drift *d)
{
	size_t k = sub->nsessions;
	struct cp_ranks ranks;
	int64_t *u = malloc(k * sizeof(*u));
	double stat;
	int rc = -ENOMEM;

	if (!u || cp_ranks_init(&ranks, sub) < 0) {
		free(u);
		return -ENOMEM;
	}
	cp_ranks_scores(&ranks, 0, 0, k, u);
	stat = cp_split_stat(u, k, k1);
	d->p = 1;
	rc = stat > 0 ? cp_permutation_p(u, k, k1, k1, stat, p->alpha,
					 cp_seed_mix(p->seed, k1, k), &d->p) : 0;
	cp_ranks_split(&ranks, 0, k1, k);
	d->median_then = cp_ranks_median(&ranks, 0, k1);
	d->median_now = cp_ranks_median(&ranks, k1, k);
	cp_ranks_release(&ranks);
	free(u);
	return rc;
}

int cp_drift(const struct cp_history *h, const struct cp_changes *c, const struct cp_params *p,
	     struct cp_drift *out)
{
	struct cp_history sub;
	int64_t *v = NULL;
	size_t *first = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (h->nsessions < 2)
		return -ERANGE;
	if (!(p->alpha > 0 && p->alpha < 1))
		return -EINVAL;
	windows_choose(h, c, out);
	rc = windows_copy(h, out, &sub, &v, &first);
	if (rc == 0)
		rc = windows_compare(&sub, out->then_to - out->then_from, p, out);
	if (rc == 0) {
		out->boots_then = h->first[out->then_to] - h->first[out->then_from];
		out->boots_now = h->first[out->now_to] - h->first[out->now_from];
		out->change = cp_relative_change(out->median_then, out->median_now);
		rc = cp_interval(h, out->then_from, out->then_to, out->now_from, out->now_to,
				 cp_seed_mix(p->seed, 3, h->nsessions), &out->ci_low, &out->ci_high,
				 &out->have_ci);
	}
	free(v);
	free(first);
	return rc;
}
