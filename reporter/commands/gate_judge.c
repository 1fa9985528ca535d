/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The gate's decision over what it read: every row decided together
 * (Holm over all their tests), the failed boots judged, the exit status.
 * Shared by kvmboot-report gate and the report page.
 */
#include "gate.h"

#include <stdlib.h>

static int items_decide(struct report *r, struct gate_report *g)
{
	size_t i, n = g->samples.spans.n;

	g->items = calloc(n + 1, sizeof(*g->items));
	if (!g->items || span_samples_expand(&g->samples) < 0)	/* plain arrays for the tests */
		return report_oom(r);
	for (i = 0; i < n; i++) {
		struct sample *b = span_samples_at(&g->samples, 0, i);
		struct sample *c = span_samples_at(&g->samples, 1, i);

		g->items[i].base = b->v;
		g->items[i].nb = b->n;
		g->items[i].cand = c->v;
		g->items[i].nc = c->n;
	}
	return gate_decide(g->items, n, &g->params) < 0 ? report_oom(r) : 0;
}

static bool span_seen(const struct span_samples *ss, size_t i)
{
	size_t side;

	for (side = 0; side < ss->nsides; side++)
		if (span_samples_at(ss, side, i)->n)
			return true;
	return false;
}

/* Drops the spans no side has (a stage of milestones this guest never writes). 0 or 2. */
static int spans_prune(struct report *r, struct span_samples *ss)
{
	size_t i, side, kept = 0, keep = 0;
	struct sample *s;

	for (i = 0; i < ss->spans.n; i++)
		keep += span_seen(ss, i);
	s = calloc(ss->nsides * keep + 1, sizeof(*s));
	if (!s)
		return report_oom(r);
	for (i = 0; i < ss->spans.n; i++) {
		if (!span_seen(ss, i))
			continue;
		for (side = 0; side < ss->nsides; side++)
			s[side * keep + kept] = *span_samples_at(ss, side, i);
		ss->spans.v[kept++] = ss->spans.v[i];
	}
	free(ss->s);	/* the dropped ones hold no values */
	ss->s = s;
	ss->spans.n = keep;
	return 0;
}

static void failures_judge(struct gate_report *g)
{
	g->failures.cand_boots = g->cand_boots.total;
	g->failures.cand_failed = g->cand_boots.failed;
	g->failures.base_boots = g->base_boots.total;
	g->failures.base_failed = g->base_boots.failed;
	g->failure_verdict = gate_failures_judge(&g->failures);
}

void gate_report_release(struct gate_report *g)
{
	free(g->items);
	span_samples_release(&g->samples);
	gate_sides_release(&g->sides);
}

int gate_judge(struct report *r, struct gate_report *g)
{
	int rc = spans_prune(r, &g->samples);

	if (rc == 0)
		rc = items_decide(r, g);
	if (rc)
		return rc;
	failures_judge(g);
	g->status = gate_exit_status(g->items, g->samples.spans.n, g->failure_verdict);
	return 0;
}

const char *gate_verdict_word(const struct gate_report *g)
{
	size_t i;

	if (g->status == 1)
		return g->failure_verdict == GATE_FAILURES_FAIL ? "failed" : "regressed";
	if (g->status == 3)
		return "inconclusive";
	for (i = 0; i < g->samples.spans.n; i++)
		if (g->items[i].outcome == GATE_IMPROVED)
			return "improved";
	return "pass";
}
