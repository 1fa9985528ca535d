/* What a history measures in each boot: a milestone, or a phase. */
#include "measure.h"
#include "../charts/plot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void measure_name(const struct catalog *cat, struct measure *m)
{
	if (m->phase)
		snprintf(m->name, sizeof(m->name), "%s..%s", cat->ms[m->from].name,
			 cat->ms[m->to].name);
	else
		snprintf(m->name, sizeof(m->name), "%s", cat->ms[m->to].name);
}

int measures_build(struct report *r, struct measures *m)
{
	struct target t;
	size_t i;
	int rc = target_parse(r, &t, true);

	memset(m, 0, sizeof(*m));
	if (rc)
		return rc;
	m->v = calloc(r->cat.n + 1, sizeof(*m->v));
	if (!m->v)
		return report_oom(r);
	if (!t.all) {
		m->v[m->n++] = (struct measure){ "", t.phase, t.from, t.to };
	} else {
		for (i = 1; i < r->cat.n; i++)	/* 0 is vmm_exec: always 0 */
			m->v[m->n++] = (struct measure){ "", false, (int)i, (int)i };
	}
	for (i = 0; i < m->n; i++)
		measure_name(&r->cat, &m->v[i]);
	return 0;
}

/* The first hit of milestone TO, or the first time FROM is followed by TO. */
static bool measure_one(const struct measure *m, const struct boot *b, int64_t *value)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->ms[i] != m->to)
			continue;
		if (!m->phase) {
			*value = b->time_ns[i];
			return true;
		}
		if (i > 0 && b->ms[i - 1] == m->from) {
			*value = b->time_ns[i] - b->time_ns[i - 1];
			return true;
		}
	}
	return false;
}

void measures_of_boot(const struct measures *m, const struct boot *b, int64_t *value, bool *have)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		have[i] = measure_one(&m->v[i], b, &value[i]);
}

void measures_release(struct measures *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
