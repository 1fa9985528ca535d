/* SPDX-License-Identifier: GPL-2.0-or-later */
/* summary's table: statistics per milestone, phase and stage, per group. */
#include "summary_table.h"
#include "../analysis/stats.h"

#include <stdio.h>

static const struct column columns[] = {
	{ "group", COL_TEXT, SHOW_DATA, 0, false },
	{ "kind", COL_TEXT, SHOW_DATA, 0, false },
	{ "name", COL_TEXT, SHOW_ALL, 24, true },
	{ "n", COL_INT, SHOW_ALL, 0, true },
	{ "missing", COL_INT, SHOW_DATA, 0, false },
	{ "median", COL_TIME, SHOW_ALL, 0, false },
	{ "mean", COL_TIME, SHOW_ALL, 0, false },
	{ "stddev", COL_TIME, SHOW_ALL, 0, false },
	{ "min", COL_TIME, SHOW_ALL, 0, false },
	{ "p90", COL_TIME, SHOW_ALL, 0, false },
	{ "p99", COL_TIME, SHOW_ALL, 0, false },
	{ "max", COL_TIME, SHOW_ALL, 0, false },
};

/* A row of statistics of the N values V (reordered), named KIND and NAME. */
static int values_row(struct table *t, int64_t *v, size_t n, const char *group,
		      const char *kind, const char *name, size_t boots)
{
	long row = table_row_add(t);
	struct stats st;

	if (row < 0)
		return -1;
	stats_compute(v, n, &st);
	table_text_set(t, (size_t)row, 0, group);
	table_text_set(t, (size_t)row, 1, kind);
	table_text_set(t, (size_t)row, 2, name);
	table_int_set(t, (size_t)row, 3, (int64_t)st.n);
	table_int_set(t, (size_t)row, 4, (int64_t)(boots - st.n));
	table_real_set(t, (size_t)row, 5, st.median);
	table_real_set(t, (size_t)row, 6, st.mean);
	if (st.has_stddev)
		table_real_set(t, (size_t)row, 7, st.stddev);
	table_int_set(t, (size_t)row, 8, st.min);
	table_int_set(t, (size_t)row, 9, st.p90);
	table_int_set(t, (size_t)row, 10, st.p99);
	table_int_set(t, (size_t)row, 11, st.max);
	return (int)row;
}

/* A series' row; its values are freed once used (one plain array at a time). */
static int stats_row(struct table *t, struct series *s, const struct catalog *cat,
		     const struct grouping *g, size_t boots)
{
	char name[512];
	int row;

	if (series_expand(s) < 0)
		return -1;
	if (s->phase)
		snprintf(name, sizeof(name), "%s..%s", cat->ms[s->from].name, cat->ms[s->to].name);
	else
		snprintf(name, sizeof(name), "%s", cat->ms[s->to].name);
	row = values_row(t, s->v, s->n, g->values[s->group], s->phase ? "phase" : "milestone",
			 name, boots);
	series_drop(s);
	return row;
}

/* Group G's stages and spans, after its milestones and phases. */
static int span_rows(struct table *t, const struct series_set *set, struct span_samples *ss,
		     const struct grouping *grouping, size_t g)
{
	size_t i, boots = set->boots[g];
	bool first = true;
	int row;

	for (i = 0; i < ss->spans.n; i++) {
		struct sample *s = span_samples_at(ss, g, i);
		const char *name = ss->spans.v[i].name;

		if (!s->n)
			continue;
		if (sample_expand(s) < 0)
			return -1;
		row = values_row(t, s->v, s->n, grouping->values[g], span_kind(&ss->spans.v[i]), name,
				 boots);
		sample_drop(s);
		if (row < 0)
			return -1;
		if (first && table_group_set(t, (size_t)row, "%s, %zu boot%s: stages and spans "
					     "(first hit to first hit)", grouping->names[g], boots,
					     boots == 1 ? "" : "s") < 0)
			return -1;
		first = false;
	}
	return 0;
}

struct table *summary_table_new(void)
{
	struct table *t = table_new(columns, sizeof(columns) / sizeof(columns[0]));

	if (t && table_title_set(t, "times in ms; percentiles nearest-rank; "
				 "n: boots with the milestone or phase") < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}

/* The rows, series by series: one series' values are expanded at a time. */
int summary_table_add(struct table *t, struct series_set *set, struct span_samples *spans,
		      const struct grouping *g, const struct catalog *cat)
{
	const struct series *shown = NULL;
	size_t i;

	for (i = 0; i < set->n; i++) {
		struct series *s = &set->s[i];
		size_t boots = set->boots[s->group];
		int row;

		if (!s->phase && s->to == 0)
			continue;	/* vmm_exec: time zero itself */
		if (shown && shown->group != s->group && span_rows(t, set, spans, g, shown->group) < 0)
			return -1;
		row = stats_row(t, s, cat, g, boots);
		if (row < 0)
			return -1;
		if (!shown || shown->group != s->group || shown->phase != s->phase)
			table_group_set(t, (size_t)row, "%s, %zu boot%s: %s", g->names[s->group],
					boots, boots == 1 ? "" : "s",
					s->phase ? "phases (time between consecutive milestones)"
						 : "milestones (time since the VMM's exec)");
		shown = s;
	}
	return shown ? span_rows(t, set, spans, g, shown->group) : 0;
}

struct table *summary_table(struct series_set *set, struct span_samples *spans,
			    const struct grouping *g, const struct catalog *cat)
{
	struct table *t = summary_table_new();

	if (t && summary_table_add(t, set, spans, g, cat) < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}
