/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a history measures in each boot: stages and spans, milestones, phases. */
#include "measure.h"
#include "../charts/plot.h"
#include "../commands/stage_load.h"
#include "../../common/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The --stage values: NAME=A..B defines a stage (as everywhere), a plain
 * NAME asks for that stage alone. Returns how many ask.
 */
static size_t stage_args_split(const struct report_args *a, const char **asked,
			       struct report_args *defining)
{
	size_t i, n = 0;

	*defining = *a;
	defining->nstage_defs = 0;
	for (i = 0; i < a->nstage_defs; i++) {
		if (strchr(a->stage_defs[i], '='))
			defining->stage_defs[defining->nstage_defs++] = a->stage_defs[i];
		else
			asked[n++] = a->stage_defs[i];
	}
	return n;
}

/* The stages (and --span spans, with SPANS) as the gate defines them. 0 or 2. */
static int spans_of_args(struct report *r, const struct report_args *args, bool spans,
			 struct span_list *l)
{
	struct report_args *saved = r->args, copy = *args;
	int rc;

	if (!spans)
		copy.nspans = 0;
	r->args = &copy;
	rc = stage_list_build(r, false, l);
	r->args = saved;
	return rc;
}

static int measure_add(struct measures *m, enum measure_kind kind, const struct span *s,
		       int from, int to, const char *name)
{
	struct measure *grown = realloc(m->v, (m->n + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	m->v = grown;
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	m->v[m->n].kind = kind;
	if (s)
		m->v[m->n].span = *s;
	m->v[m->n].from = from;
	m->v[m->n].to = to;
	snprintf(m->v[m->n].name, sizeof(m->v[m->n].name), "%s", name);
	m->n++;
	return 0;
}

/* Milestone POS as the span vmm_exec..NAME, named NAME (built, not parsed:
 * a name may hold '|' or '..'). */
static int milestone_add(struct report *r, struct measures *m, int pos)
{
	struct span s;

	if (strlen(r->cat.ms[pos].name) >= SPAN_NAME_MAX)
		return 0;	/* longer than any name kvmboot stores */
	memset(&s, 0, sizeof(s));
	snprintf(s.from.names[0], sizeof(s.from.names[0]), "vmm_exec");
	snprintf(s.to.names[0], sizeof(s.to.names[0]), "%s", r->cat.ms[pos].name);
	s.from.n = s.to.n = 1;
	s.from.pos[0] = catalog_find(&r->cat, "vmm_exec");
	s.to.pos[0] = pos;
	return measure_add(m, MEASURE_MILESTONE, &s, 0, 0, r->cat.ms[pos].name);
}

static int milestones_add(struct report *r, struct measures *m)
{
	size_t i;

	for (i = 1; i < r->cat.n; i++)	/* 0 is vmm_exec: always 0 */
		if (milestone_add(r, m, (int)i) < 0)
			return report_oom(r);
	return 0;
}

/* --milestone NAME or --phase A..B, as the charts read them. */
static int target_add(struct report *r, struct measures *m)
{
	struct target t;
	char name[SPAN_TEXT_MAX];
	int rc = target_parse(r, &t, false);

	if (rc)
		return rc;
	if (!t.phase)
		return milestone_add(r, m, t.to) < 0 ? report_oom(r) : 0;
	snprintf(name, sizeof(name), "%s..%s", r->cat.ms[t.from].name, r->cat.ms[t.to].name);
	return measure_add(m, MEASURE_PHASE, NULL, t.from, t.to, name) < 0 ? report_oom(r) : 0;
}

/* Stages: every one of L, or the ones ASKED by name. */
static int stages_add(struct report *r, struct measures *m, const struct span_list *l,
		      const char **asked, size_t nasked)
{
	size_t i;
	int k;

	for (i = 0; i < (nasked ? nasked : l->n); i++) {
		k = nasked ? span_list_find(l, asked[i]) : (int)i;
		if (k < 0)
			return msg_fail(r->err, sizeof(r->err), "--stage: no stage '%s' (see "
					"'kvmboot-report time', or define it: --stage %s=A..B)",
					asked[i], asked[i]), 2;
		if (measure_add(m, MEASURE_STAGE, &l->v[k], 0, 0, l->v[k].name) < 0)
			return report_oom(r);
	}
	return 0;
}

/* The --span spans: the last NSPANS of L. */
static int spans_add(struct report *r, struct measures *m, const struct span_list *l,
		     size_t nspans)
{
	size_t i;

	for (i = l->n - nspans; i < l->n; i++)
		if (measure_add(m, MEASURE_SPAN, &l->v[i], 0, 0, l->v[i].name) < 0)
			return report_oom(r);
	return 0;
}

int measures_build(struct report *r, enum measure_default dflt, struct measures *m)
{
	const struct report_args *a = r->args;
	const char *asked[ARGS_SPANS_MAX];
	struct report_args defining;
	struct span_list l = { 0 };
	size_t nasked = stage_args_split(a, asked, &defining);
	int kinds = (a->milestone != NULL) + (a->phase != NULL) + (a->nspans > 0) + (nasked > 0);
	int rc;

	memset(m, 0, sizeof(*m));
	m->ncat = r->cat.n;
	if (kinds > 1)
		return msg_fail(r->err, sizeof(r->err), "give one --milestone, --phase or --span "
				"(or --stage NAME)"), 2;
	if (a->milestone || a->phase)
		return target_add(r, m);
	if (!a->nspans && !nasked && dflt == MEASURES_MILESTONES)
		return milestones_add(r, m);
	rc = spans_of_args(r, &defining, a->nspans > 0, &l);
	if (rc == 0)
		rc = a->nspans ? spans_add(r, m, &l, a->nspans) : stages_add(r, m, &l, asked, nasked);
	span_list_release(&l);
	return rc;
}

void measures_of_boot(const struct measures *m, const struct boot *b, int64_t *first,
		      int64_t *value, bool *have)
{
	size_t i, j;

	span_first_hits(b->ms, b->time_ns, b->n, first, m->ncat);
	for (i = 0; i < m->n; i++) {
		const struct measure *x = &m->v[i];

		have[i] = false;
		if (x->kind != MEASURE_PHASE) {
			have[i] = span_measure(&x->span, first, m->ncat, &value[i]);
			continue;
		}
		for (j = 1; j < b->n && !have[i]; j++)	/* the first time FROM is followed by TO */
			if (b->ms[j] == x->to && b->ms[j - 1] == x->from) {
				value[i] = b->time_ns[j] - b->time_ns[j - 1];
				have[i] = true;
			}
	}
}

bool measure_is_duration(const struct measure *m)
{
	return m->kind != MEASURE_MILESTONE;
}

void measures_release(struct measures *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
