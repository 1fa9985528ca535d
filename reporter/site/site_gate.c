/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A paged session's gate: the candidate against its default baseline
 * (the 7 sessions before it of the same label on the same host), decided
 * by the gate's own code from the values the site has read, so that the
 * page says what kvmboot-report gate session:ID says.
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

static void counts_add(struct boot_counts *c, const struct site_session *k)
{
	c->total += k->boots;
	c->ok += k->ok;
	c->failed += k->boots - k->ok;
	c->timeout += k->timeout;
	c->lost_events += k->lost_events;
}

/* The spans of the site, as a list of their own. 0 or -ENOMEM. */
static int spans_copy(const struct span_list *from, struct span_list *to)
{
	size_t i;

	memset(to, 0, sizeof(*to));
	for (i = 0; i < from->n; i++)
		if (span_list_put(to, &from->v[i]) < 0)
			return -1;
	return 0;
}

/* Side SIDE of G gets session K's values and boots. 0 or -ENOMEM. */
static int side_fill(struct site *s, struct gate_report *g, size_t side, size_t k)
{
	size_t i;

	for (i = 0; i < s->samples.spans.n; i++) {
		const struct sample *v = span_samples_at(&s->samples, k, i);
		int64_t *values = sample_values(v);	/* the site's stay compact */

		if (!values || span_samples_put(&g->samples, side, i, values, v->n) < 0) {
			free(values);
			return -1;
		}
		free(values);
	}
	g->samples.boots_ok[side] += s->sessions[k].ok;
	counts_add(side ? &g->cand_boots : &g->base_boots, &s->sessions[k]);
	return 0;
}

static int gate_build(struct site *s, struct report *r, size_t k, struct gate_report *g)
{
	const struct site_session *c = &s->sessions[k];
	const struct session_info *base[GATE_BASELINE_LAST];
	struct span_list spans;
	size_t i;
	int rc;

	for (i = 0; i < c->nbase; i++)
		base[i] = &s->sessions[c->base[i]].info;
	g->params = s->gate;
	rc = gate_sides_make(r, &c->info, base, c->nbase, &g->sides);
	if (rc == 0 && spans_copy(&s->samples.spans, &spans) < 0)
		rc = report_oom(r);
	if (rc == 0)
		rc = span_samples_init(r, &g->samples, &spans, 2);
	for (i = 0; rc == 0 && i < c->nbase; i++)
		if (side_fill(s, g, 0, c->base[i]) < 0)
			rc = report_oom(r);
	if (rc == 0 && side_fill(s, g, 1, k) < 0)
		rc = report_oom(r);
	return rc ? rc : gate_judge(r, g);
}

int site_gate_judge(struct site *s, struct report *r, size_t k)
{
	struct gate_report *g;
	int rc;

	if (s->sessions[k].nbase == 0)
		return 0;	/* the first session of its job: nothing to gate against */
	g = calloc(1, sizeof(*g));
	if (!g)
		return report_oom(r);
	rc = gate_build(s, r, k, g);
	if (rc) {
		gate_report_release(g);
		free(g);
		return rc;
	}
	s->sessions[k].gate = g;
	return 0;
}
