/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the chart kinds share: the target, the series, colours, x tics. */
#include "plot.h"
#include "palette.h"
#include "../data/parallel.h"
#include "../commands/stage_load.h"
#include "../../common/message.h"

#include <string.h>

/* The first alternative of END that the database knows, or -1. */
static int end_first_known(const struct span_end *end)
{
	size_t i;

	for (i = 0; i < end->n; i++)
		if (end->pos[i] >= 0)
			return end->pos[i];
	return -1;
}

/*
 * --span A..B: drawn as the series (phase, A, B) of a set that holds the
 * span alone (plot_series_load fills it), named A..B.
 */
static int span_target(struct report *r, struct target *t)
{
	struct span_list l;
	int rc = stage_list_build(r, false, &l);

	if (rc)
		return rc;
	t->phase = true;
	t->from = end_first_known(&l.v[l.n - 1].from);
	t->to = end_first_known(&l.v[l.n - 1].to);
	span_list_release(&l);
	return 0;
}

int target_parse(struct report *r, struct target *t, bool allow_all)
{
	const char *m = r->args->milestone, *ph = r->args->phase, *dots;
	char from[128];

	memset(t, 0, sizeof(*t));
	if ((m != NULL) + (ph != NULL) + (r->args->nspans > 0) > 1 || r->args->nspans > 1)
		return msg_fail(r->err, sizeof(r->err), "give one --milestone, --phase or --span"), 2;
	if (r->args->nspans)
		return span_target(r, t);
	if (!m && !ph) {
		t->all = allow_all;
		return 0;
	}
	if (m) {
		t->from = t->to = catalog_find(&r->cat, m);
		if (t->to <= 0)	/* 0 is vmm_exec: always 0 */
			return msg_fail(r->err, sizeof(r->err), "--milestone: no milestone '%s' in "
					"the database", m), 2;
		return 0;
	}
	dots = strstr(ph, "..");
	snprintf(from, sizeof(from), "%.*s", dots ? (int)(dots - ph) : 0, ph);
	t->phase = true;
	t->from = dots ? catalog_find(&r->cat, from) : -1;
	t->to = dots ? catalog_find(&r->cat, dots + 2) : -1;
	if (t->from < 0 || t->to < 0)
		return msg_fail(r->err, sizeof(r->err), "--phase: '%s' is not FROM..TO of two "
				"milestones in the database", ph), 2;
	return 0;
}

bool target_has(const struct target *t, const struct series *s)
{
	if (t->all)
		return !s->phase && s->to != 0;
	return s->phase == t->phase && s->from == t->from && s->to == t->to;
}

void series_name(const struct catalog *cat, const struct series *s, char *buf, size_t len)
{
	if (s->phase)
		snprintf(buf, len, "%s..%s", cat->ms[s->from].name, cat->ms[s->to].name);
	else
		snprintf(buf, len, "%s", cat->ms[s->to].name);
}

static size_t group_of(int64_t session_id, const void *ctx)
{
	return grouping_of_session(ctx, session_id);
}

/* SET holds the --span alone, as series (phase, A, B) per group. 0 or 2. */
static int span_series_load(struct report *r, const struct selection *sel, struct grouping *g,
			    struct series_set *set)
{
	struct series_set all;
	struct span_samples ss;
	struct span_list l;
	size_t gi, i;
	int rc = stage_list_build(r, false, &l), from, to;

	if (rc)
		return rc;
	from = end_first_known(&l.v[l.n - 1].from);
	to = end_first_known(&l.v[l.n - 1].to);
	rc = span_samples_init(r, &ss, &l, g->n);
	if (rc == 0 && series_init(&all, g->n) < 0)
		rc = report_oom(r);
	if (rc == 0)
		rc = series_spans_load_parallel(r, sel, group_of, g, &all, &ss);
	for (gi = 0; rc == 0 && gi < g->n; gi++) {
		struct sample *s = span_samples_at(&ss, gi, ss.spans.n - 1);

		set->boots[gi] = all.boots[gi];
		if (sample_expand(s) < 0)
			rc = report_oom(r);
		for (i = 0; rc == 0 && i < s->n; i++)
			if (series_add_value(set, gi, true, from, to, s->v[i]) < 0)
				rc = report_oom(r);
		sample_drop(s);
	}
	series_release(&all);
	span_samples_release(&ss);
	return rc;
}

int plot_series_load(struct report *r, const struct selection *sel, const char *by,
		     struct grouping *g, struct series_set *set)
{
	int rc = grouping_load(r, sel, by, g);

	if (rc)
		return rc;
	if (g->n == 0)
		return msg_fail(r->err, sizeof(r->err), "no session matches the selection"), 2;
	if (series_init(set, g->n) < 0)
		return report_oom(r);
	if (r->args->nspans)
		rc = span_series_load(r, sel, g, set);
	else
		rc = series_load_parallel(r, sel, group_of, g, set);
	if (rc == 0 && series_sort(set, &r->cat) < 0)
		rc = report_oom(r);
	return rc;
}

const char *plot_colour(size_t i)
{
	return palette_colour(i);
}

/* LABEL cut to 24 characters (whole UTF-8 characters), with "..." when cut. */
static void tick_text(const char *label, char *out, size_t len)
{
	size_t bytes = 0, chars = 0;

	while (label[bytes] && chars < 24) {
		bytes++;
		while (((unsigned char)label[bytes] & 0xc0) == 0x80)
			bytes++;
		chars++;
	}
	snprintf(out, len, "%.*s%s", (int)bytes, label, label[bytes] ? "..." : "");
}

void plot_xtics(FILE *gp, char **labels, size_t n, const size_t *counts)
{
	size_t every = n > 30 ? (n + 29) / 30 : 1, i;
	char tick[160], text[200];

	fputs("set xtics rotate by 40 right nomirror (", gp);
	for (i = 0; i < n; i += every) {
		tick_text(labels[i], tick, sizeof(tick));
		if (counts)
			snprintf(text, sizeof(text), "%s (n=%zu)", tick, counts[i]);
		else
			snprintf(text, sizeof(text), "%s", tick);
		fputs(i ? ", " : "", gp);
		gp_put(gp, text);
		fprintf(gp, " %zu", i);
	}
	fputs(")\n", gp);
}

